-- m:vmtouch(): vmtouch(8)'s report of how much of some files is in the
-- page cache. The expected charts are computed here from the pages the
-- test itself left resident, with vmtouch's rule (at most 60 characters,
-- ceil-ish pages per character, 'O' all, 'o' some, ' ' none), and the
-- counts are checked against m:fincore().
local m = mm.boot{arch = "x86_64", mem = "256M"}
assert(m:mount("memdisk", "/mnt"))

local function fill(path, pages)
  local f = assert(m:open(path, "rw|creat"))
  if pages > 0 then assert(f:write(0, string.rep("v", pages * 4096)) == pages * 4096) end
  assert(f:fsync())
  return f
end

-- The summary for 10 fully cached pages, byte for byte as the real
-- vmtouch 1.3 prints it for such a file (Elapsed aside).
fill("/mnt/ten", 10)
local text, t = m:vmtouch("/mnt/ten")
assert(text == "           Files: 1\n     Directories: 0\n" ..
               "  Resident Pages: 10/10  40K/40K  100%\n" ..
               "         Elapsed: 0 seconds\n", text)
assert(t.files == 1 and t.directories == 0 and t.pages == 10 and t.resident == 10)

-- 200 pages, some ranges dropped with POSIX_FADV_DONTNEED (clean pages).
local big = fill("/mnt/big", 200)
local dropped = { {0, 7}, {40, 45}, {101, 101}, {150, 199} }	-- inclusive
for _, r in ipairs(dropped) do
  assert(big:fadvise(r[1] * 4096, (r[2] - r[1] + 1) * 4096, "dontneed"))
end
local resident = {}
local nres = 0
for i = 0, 199 do
  resident[i] = true
  for _, r in ipairs(dropped) do
    if i >= r[1] and i <= r[2] then resident[i] = false end
  end
  if resident[i] then nres = nres + 1 end
end
assert(m:fincore("/mnt/big").cached == nres)

local function chart(res, pages)
  local per = pages <= 60 and 1 or pages // 60 + 1
  local out, run, inrun = {}, 0, 0
  local function put()
    out[#out + 1] = inrun == run and "O" or inrun == 0 and " " or "o"
    run, inrun = 0, 0
  end
  for i = 0, pages - 1 do
    run = run + 1
    if res[i] then inrun = inrun + 1 end
    if run == per then put() end
  end
  if run > 0 then put() end
  return table.concat(out)
end

local expect_chart = chart(resident, 200)
assert(#expect_chart == 50)
text, t = m:vmtouch("/mnt/big", {verbose = true})
local pct = string.format("%.3g%%", 100 * nres / 200)
local expect = "/mnt/big\n[" .. expect_chart .. "] " .. nres .. "/200\n\n" ..
  "           Files: 1\n     Directories: 0\n" ..
  "  Resident Pages: " .. nres .. "/200  " .. (nres * 4) .. "K/800K  " .. pct .. "\n" ..
  "         Elapsed: 0 seconds\n"
assert(text == expect, "got:\n" .. text .. "\nwant:\n" .. expect)
assert(t.resident == nres and t.pages == 200)

-- Several files, an empty one counted but without pages; sizes in M.
fill("/mnt/empty", 0)
fill("/mnt/mega", 512)
text, t = m:vmtouch({"/mnt/ten", "/mnt/empty", "/mnt/mega"})
assert(t.files == 3 and t.pages == 522 and t.resident == 522, text)
assert(text:find("  Resident Pages: 522/522  2M/2M  100%\n", 1, true), text)
text = m:vmtouch("/mnt/empty")
assert(text:find("  Resident Pages: 0/0  0/0  \n", 1, true), text)

-- Everything dropped: 0 %.
m:drop_caches(1)
text, t = m:vmtouch("/mnt/mega", {verbose = true})
assert(t.resident == 0)
assert(#chart({}, 512) == 57)	-- 9 pages a character
assert(text:find("[" .. string.rep(" ", 57) .. "] 0/512\n", 1, true), text)
assert(text:find("  Resident Pages: 0/512  0/2M  0%\n", 1, true), text)

-- Bad input: clear errors, nothing half-printed.
local function fails(pat, ...)
  local ok, err = pcall(m.vmtouch, m, ...)
  assert(not ok and tostring(err):find(pat, 1, true), tostring(err))
end
fails("no such file", "/mnt/nothing")
fails("is a directory", "/mnt")
fails("expected a path", 42)
fails("no files or directories", {})
fails("path 2 is a", {"/mnt/ten", true})
big:close()
assert(m:check())
print("ok: vmtouch")
