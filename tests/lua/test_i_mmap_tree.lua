-- i_mmap is an interval tree keyed by each VMA's file offset: every
-- change of a file VMA's range (split by munmap and mprotect, mremap
-- growing in place, fork) keeps it valid (m:check() recomputes every
-- subtree's last page), and truncate, which queries it for the pages
-- past the new end, zaps exactly the VMAs that map them: the others keep
-- their pages.
local P = 4096
for _, arch in ipairs{"x86_64", "x86_32", "arm32"} do
  local m = mm.boot{arch = arch, mem = "128M", seed = 3}
  assert(m:mount("memdisk", "/mnt"))
  local f = assert(m:open("/mnt/data", "rw|creat"))
  assert(f:write(0, string.rep("x", 64 * P)))
  assert(f:fsync())
  local p = m:spawn("maps")
  -- Twenty mappings of different windows of the file.
  local maps = {}
  for i = 0, 19 do
    local off = (i * 3) % 60
    local len = (1 + i % 4) * P
    local a = assert(p:mmap{len = len, prot = "rw", flags = "shared", file = f,
                            offset = off * P})
    maps[#maps + 1] = {a = a, off = off, len = len}
    assert(p:read(a, 1) == "x")
  end
  assert(m:check())
  -- Split some (munmap a middle page, mprotect a tail), grow one.
  for i = 4, 20, 4 do
    local x = maps[i]
    if x.len >= 3 * P then
      assert(p:munmap(x.a + P, P))
    elseif x.len == 2 * P then
      assert(p:mprotect(x.a + P, P, "r"))
    end
    assert(m:check())
  end
  -- Map 4 pages, cut the top 3 off, grow back in place: the VMA's last
  -- file page shrinks, then grows, inside the tree.
  local last = assert(p:mmap{len = 4 * P, prot = "rw", flags = "shared", file = f,
                             offset = 40 * P})
  assert(p:munmap(last + P, 3 * P))
  assert(m:check())
  assert(p:mremap(last, P, 4 * P) == last, "mremap grows in place")
  assert(m:check())
  assert(p:read(last + 3 * P, 1) == "x")	-- file page 43 mapped
  assert(p:read(last, 1) == "x")		-- and page 40
  m:switch_to(p)
  local function mapped(va) return m:translate(va, {user = true}) ~= nil end
  assert(mapped(last + 3 * P), "page 43 is mapped")
  assert(f:truncate(42 * P))	-- the query finds the grown VMA: 42, 43 zapped
  assert(m:check())
  assert(not mapped(last + 3 * P), "page 43 was zapped")
  assert(mapped(last), "page 40 stays mapped")
  local child = p:fork()
  assert(m:check())
  -- Truncate to 30 pages: every mapping past it loses its pages; the
  -- ones wholly below keep theirs.
  assert(f:truncate(30 * P))
  assert(m:check())
  for _, x in ipairs(maps) do
    if x.off + x.len // P <= 30 then
      assert(p:read(x.a, 1) == "x", "mapping below the new end kept its data")
    end
  end
  child:exit()
  p:exit()
  f:close()
  assert(m:check())
end
print("ok: i_mmap interval tree")
