-- mm.size() (and so --mem, --vmalloc, --dma-limit, mm.boot{mem=}) reads
-- sizes as Linux's memparse(): base-0 integer, one K/M/G/T/P/E suffix.
local H = dofile("tests/lua/lib/harness.lua")
local K, M, G = 1024, 1024 * 1024, 1024 * 1024 * 1024

H.test("accepted spellings", function()
  local cases = {
    { "4096", 4096 }, { "0", 0 }, { "0x1000", 4096 }, { "0X1000", 4096 },
    { "010", 8 }, { "512K", 512 * K }, { "512k", 512 * K },
    { "512M", 512 * M }, { "2g", 2 * G }, { "1T", 1024 * G },
    { "4P", 4 * 1024 * 1024 * G }, { "1E", 1 << 60 }, { "1e", 1 << 60 },
    { "0x10M", 16 * M }, { "0x1E", 30 },  -- E is a hex digit after 0x
    { "020K", 16 * K },
  }
  for _, c in ipairs(cases) do
    local v = mm.size(c[1])
    assert(v == c[2], string.format("mm.size('%s') = %s, expected %s", c[1], v, c[2]))
  end
end)

H.test("rejected spellings name the syntax", function()
  for _, s in ipairs{ "", "Q", "12Q", "-1G", "+1G", " 1G", "1G ", "2GiB", "1KB",
                      "1.5G", "0x", "08", "1KK", "G" } do
    H.expect_error("invalid size '" .. s .. "' (expected a decimal, 0x hex or 0 octal integer and an optional K, M, G, T, P or E suffix",
                   mm.size, s)
  end
end)

H.test("overflow is an error, not a wrapped value", function()
  H.expect_error("beyond 2^64-1", mm.size, "16E")
  H.expect_error("beyond 2^64-1", mm.size, "99999999999999999999")
  H.expect_error("beyond a Lua integer", mm.size, "8E")
  assert(mm.size("7E") == 7 << 60)
end)

H.test("boot options use the same syntax", function()
  H.expect_error("mem: invalid size '2GiB'", mm.boot, { mem = "2GiB" })
  H.expect_error("mem: 1E is beyond the 4P", mm.boot, { mem = "1E" })
  H.expect_error("mem: 16E is beyond the 4P", mm.boot, { mem = "16E" })
  local m = mm.boot{ mem = "0x8000000" }
  assert(mm.format_size(mm.size("0x8000000")) == "128M")
  m:destroy()
end)

H.test("format_size refuses a negative byte count", function()
  H.expect_error("format_size: -1 is negative", mm.format_size, -1)
  assert(mm.format_size(0) == "0")
end)
H.finish()
