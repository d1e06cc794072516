-- File VMAs merge as Linux's vma_merge_new_range() and mprotect's
-- vma_modify merge them: a mapping of the same open file whose pages run
-- on from its neighbour's, with the same flags, extends the neighbour;
-- another open of the file, a gap in the file offsets or other flags
-- keep VMAs apart. /proc/PID/maps shows one line for a merged range, and
-- m:check() validates i_mmap's interval tree after every step.
local H = dofile("tests/lua/lib/harness.lua")
local test = H.test
local P = 4096

for _, arch in ipairs{"x86_64", "x86_32", "arm32"} do
  local m = mm.boot{arch = arch, mem = "128M", seed = 5}
  assert(m:mount("memdisk", "/mnt"))
  local f = assert(m:open("/mnt/data", "rw|creat"))
  assert(f:write(0, string.rep("y", 32 * P)))

  -- The VMAs of @p between @lo and @hi.
  local function vmas_in(p, lo, hi)
    local r = {}
    for _, v in ipairs(p:vmas()) do
      if v.start < hi and v["end"] > lo then r[#r + 1] = v end
    end
    return r
  end

  test(arch .. ": a mapping that continues the file extends its neighbour", function()
    local p = m:spawn("merge")
    local a = assert(p:mmap{len = 2 * P, prot = "r", flags = "private", file = f})
    assert(p:mmap{addr = a + 2 * P, len = 2 * P, prot = "r",
                  flags = "private|fixed", file = f, offset = 2 * P} == a + 2 * P)
    local v = vmas_in(p, a, a + 4 * P)
    assert(#v == 1, "one VMA, got " .. #v)
    assert(v[1].start == a and v[1]["end"] == a + 4 * P and v[1].pgoff == 0)
    -- and below: file pages 0..1 again would not continue, pages -2..-1
    -- do not exist; map pages 4..5 above instead: still one VMA
    assert(p:mmap{addr = a + 4 * P, len = 2 * P, prot = "r",
                  flags = "private|fixed", file = f, offset = 4 * P})
    v = vmas_in(p, a, a + 6 * P)
    assert(#v == 1 and v[1]["end"] == a + 6 * P)
    assert(m:check())
    local lines = 0
    for l in m:cat("/proc/" .. p:pid() .. "/maps"):gmatch("[^\n]+") do
      if l:find("/mnt/data", 1, true) then lines = lines + 1 end
    end
    assert(lines == 1, "/proc/PID/maps shows " .. lines .. " lines of the file")
    assert(p:read(a + 5 * P, 1) == "y")
    -- below: a mapping that ends where the file pages of the next begin
    local b = assert(p:mmap{len = 4 * P, prot = "r", flags = "private", file = f,
                            offset = 6 * P})
    assert(p:munmap(b, 2 * P))
    assert(p:mmap{addr = b, len = 2 * P, prot = "r", flags = "private|fixed",
                  file = f, offset = 6 * P} == b)
    v = vmas_in(p, b, b + 4 * P)
    assert(#v == 1 and v[1].start == b and v[1].pgoff == 6,
           "the lower mapping took the VMA's start and file offset")
    assert(m:check())
    p:exit()
    assert(m:check())
  end)

  test(arch .. ": what keeps file VMAs apart", function()
    local p = m:spawn("apart")
    local a = assert(p:mmap{len = 8 * P, prot = "r", flags = "private", file = f})
    assert(p:munmap(a, 8 * P))
    -- a gap in the file offsets
    assert(p:mmap{addr = a, len = P, prot = "r", flags = "private|fixed", file = f})
    assert(p:mmap{addr = a + P, len = P, prot = "r", flags = "private|fixed",
                  file = f, offset = 5 * P})
    -- other flags
    assert(p:mmap{addr = a + 2 * P, len = P, prot = "rw", flags = "private|fixed",
                  file = f, offset = 6 * P})
    -- another open of the same file (another struct file)
    local g = assert(m:open("/mnt/data", "r"))
    assert(p:mmap{addr = a + 3 * P, len = P, prot = "rw", flags = "private|fixed",
                  file = g, offset = 7 * P})
    assert(#vmas_in(p, a, a + 4 * P) == 4)
    assert(m:check())
    -- Offsets 5 and 6 run on, but read-only again is not the same flags:
    -- the private writable mapping was charged (VM_ACCOUNT), and
    -- mprotect keeps the charge, so Linux does not merge them either.
    assert(p:mprotect(a + 2 * P, P, "r"))
    assert(#vmas_in(p, a, a + 4 * P) == 4)
    assert(m:check())
    p:exit()
    g:close()
    assert(m:check())
  end)

  test(arch .. ": split by mprotect, merged back, then fork and truncate", function()
    local p = m:spawn("split")
    local a = assert(p:mmap{len = 6 * P, prot = "rw", flags = "shared", file = f,
                            offset = 10 * P})
    assert(p:mprotect(a + 2 * P, 2 * P, "r"))
    assert(#vmas_in(p, a, a + 6 * P) == 3)
    assert(m:check())
    assert(p:mprotect(a + 2 * P, 2 * P, "rw"))
    local v = vmas_in(p, a, a + 6 * P)
    assert(#v == 1 and v[1].pgoff == 10, "merged back into one VMA at file page 10")
    assert(p:write(a + 5 * P, "z"))
    local c = p:fork()
    assert(m:check())
    assert(f:truncate(13 * P))	-- zaps file pages 13..15 in both
    assert(m:check())
    assert(p:read(a, 1) == "y")
    c:exit()
    p:exit()
    assert(m:check())
  end)
  f:close()
end
H.finish()
