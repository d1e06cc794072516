-- Shared by the Lua tests (loaded with dofile; ctest runs from the source
-- tree): named sub-tests that keep going after a failure, an error
-- expectation, and a final verdict.
local H = { failures = 0 }

-- Run fn as one sub-test; print TAP-like ok / not ok lines.
function H.test(name, fn)
  local ok, err = pcall(fn)
  if ok then
    print("ok - " .. name)
  else
    H.failures = H.failures + 1
    print("not ok - " .. name .. ": " .. tostring(err))
  end
end

-- pcall(fn, ...) must fail with a message containing `want` (plain text).
function H.expect_error(want, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then error("expected an error mentioning '" .. want .. "'", 2) end
  if not tostring(err):find(want, 1, true) then
    error("error '" .. tostring(err) .. "' does not mention '" .. want .. "'", 2)
  end
end

-- Fail the script (non-zero exit) if any sub-test failed.
function H.finish()
  if H.failures > 0 then
    error(H.failures .. " test(s) failed")
  end
end

return H
