-- Bad input to kmalloc and the slab caches from Lua: every case gets
-- Linux's result (NULL -> nil, ZERO_SIZE_PTR, a slub_debug-style report
-- in dmesg) or a clear Lua error where Linux would BUG, and the
-- allocator stays consistent (m:check()) with nothing leaked.

local H = dofile("tests/lua/lib/harness.lua")
local test, expect_error = H.test, H.expect_error

local m = mm.boot{arch = "x86_64", mem = "256M"}
m:drain_pages()
local memfree0 = tonumber(m:cat("/proc/meminfo"):match("MemFree:%s+(%d+) kB"))

local function slab_kb()
  return tonumber(m:cat("/proc/meminfo"):match("\nSlab:%s+(%d+) kB"))
end
-- The boot caches' slabs (kmem_cache, kmem_cache_node) are never freed.
local slab_kb0 = slab_kb()
assert(slab_kb0 > 0, "the boot caches have slabs")

test("sizes: 0 is ZERO_SIZE_PTR, negative and huge are nil", function()
  assert(m:kmalloc(0) == 16, "kmalloc(0) must be ZERO_SIZE_PTR")
  m:kfree(16)                                 -- a no-op, as kfree(NULL)
  m:kfree(0)
  assert(m:ksize(16) == 0)
  local p, why = m:kmalloc(-1)
  assert(p == nil and why:find("kmalloc failure"), tostring(why))
  assert(m:kmalloc(64 * 1024 * 1024) == nil)  -- above KMALLOC_MAX_SIZE
  assert(m:dmesg():find("MAX_PAGE_ORDER", 1, true), "the page allocator's WARN")
  local big = assert(m:kmalloc(4 * 1024 * 1024, "GFP_KERNEL|__GFP_NOWARN"))
  assert(m:ksize(big) == 4 * 1024 * 1024)
  m:kfree(big)
end)

test("kcalloc overflow is nil, not a short allocation", function()
  assert(m:kcalloc(1 << 62, 8) == nil)
  assert(m:kcalloc(-1, -1) == nil)
  local p = assert(m:kcalloc(4, 100))
  assert(m:kread(p, 400) == string.rep("\0", 400))
  m:kfree(p)
end)

test("double kfree: error, report in dmesg, allocator intact", function()
  local p = assert(m:kmalloc(100))
  m:kfree(p)
  expect_error("already free (double free)", m.kfree, m, p)
  assert(m:dmesg():find("BUG kmalloc-128 (Not tainted): Object already free", 1, true))
  assert(m:check())
end)

test("kfree of pointers kmalloc never returned", function()
  local p = assert(m:kmalloc(100))
  expect_error("invalid object pointer", m.kfree, m, p + 8)  -- interior
  expect_error("not a lowmem address", m.kfree, m, 0x1000)
  expect_error("not a kmalloc allocation", m.kfree, m, m:va(0x100000))
  expect_error("not a live object", m.ksize, m, p + 1)
  local big = assert(m:kmalloc(100000))
  expect_error("inside a large kmalloc block", m.kfree, m, big + 4096)
  m:kfree(big)
  m:kfree(p)
  assert(m:check())
end)

test("kmem_cache_free to the wrong cache", function()
  local a = m:kmem_cache_create("cache_a", 64)
  local b = m:kmem_cache_create("cache_b", 64)
  local o = assert(a:alloc())
  expect_error("wrong slab cache: cache_b but object is from cache_a", b.free, b, o)
  local k = assert(m:kmalloc(64))
  expect_error("wrong slab cache", a.free, a, k)
  a:free(o)
  m:kfree(k)
  assert(a:destroy() and b:destroy())
  expect_error("cache has been destroyed", a.alloc, a)
  assert(m:check())
end)

test("destroy with live objects keeps the cache", function()
  local c = m:kmem_cache_create("leaky", 200, 0, "SLAB_HWCACHE_ALIGN")
  local o = assert(c:alloc())
  local ok, why = c:destroy()
  assert(ok == nil and why:find("still has objects"), tostring(why))
  assert(m:dmesg():find("Objects remaining in leaky on __kmem_cache_shutdown()", 1, true))
  assert(m:cat("/proc/slabinfo"):find("\nleaky "), "cache must still be listed")
  c:free(o)
  assert(c:destroy() == true)
  assert(not m:cat("/proc/slabinfo"):find("\nleaky "))
end)

test("kmem_cache_create arguments", function()
  expect_error("size 0 is outside", m.kmem_cache_create, m, "z", 0)
  expect_error("size -5 is outside", m.kmem_cache_create, m, "z", -5)
  expect_error("align 3 is not a power of two", m.kmem_cache_create, m, "z", 8, 3)
  expect_error("unknown slab flag 'SLAB_BOGUS'", m.kmem_cache_create, m, "z", 8, 0, "SLAB_BOGUS")
  expect_error("bad slab flags", m.kmem_cache_create, m, "z", 8, 0, 1)
  expect_error("bad gfp mask", m.kmalloc, m, 8, "GFP_NOPE")
  local c = m:kmem_cache_create("ok", 8, 0, "SLAB_HWCACHE_ALIGN | SLAB_RECLAIM_ACCOUNT")
  assert(c:info().align == 8 and c:destroy())
end)

test("kread/kwrite fault outside the kernel's mappings", function()
  expect_error("kernel read fault", m.kread, m, 0x1000, 4)
  expect_error("length -1", m.kread, m, m:va(0x100000), -1)
end)

test("a destroyed machine's cache is refused", function()
  local q = mm.boot{arch = "x86_64", mem = "256M"}
  local c = q:kmem_cache_create("gone", 32)
  q:destroy()
  expect_error("machine has been destroyed", c.alloc, c)
end)

test("boot options on mm.boot{cmdline=}", function()
  local d <close> = mm.boot{arch = "x86_64", mem = "256M", cmdline = "quiet slub_debug=P slub_max_order=1"}
  assert(d:dmesg():find("Kernel command line: quiet slub_debug=P slub_max_order=1", 1, true))
  assert(d:dmesg():find("SLUB: HWalign=64, Order=0-1, MinObjects=0, CPUs=2, Nodes=1", 1, true))
  local c = d:kmem_cache_create("poisoned", 64)
  assert(c:info().offset == 64, "poison moves the free pointer after the object")
  local p = assert(c:alloc())
  assert(d:kread(p, 64) == string.rep("\x6b", 63) .. "\xa5")
  c:free(p)
  local b <close> = mm.boot{arch = "x86_64", mem = "256M", cmdline = "slub_debug=Q slub_min_objects=x"}
  assert(b:dmesg():find("slub: bad boot option 'slub_debug=Q' ignored", 1, true))
  assert(b:dmesg():find("slub: bad boot option 'slub_min_objects=x' ignored", 1, true))
  expect_error("cmdline: longer than 255", mm.boot, {cmdline = string.rep("x", 300)})
end)

test("out of memory: nil, Linux's SLUB warning, then everything back", function()
  local q <close> = mm.boot{arch = "x86_32", mem = "64M"}
  local held, why = {}
  q:drain_pages()
  local free0 = q:cat("/proc/meminfo"):match("MemFree:%s+(%d+)")
  while true do
    local p, w = q:kmalloc(2048)
    if not p then why = w; break end
    held[#held + 1] = p
  end
  assert(#held > 10000, #held .. " objects")
  assert(why:find("kmalloc failure: 2048 bytes"), why)
  assert(q:dmesg():find("SLUB: Unable to allocate memory on CPU 0 (of node 0)", 1, true))
  assert(q:dmesg():find("cache: kmalloc-2k, object size: 2048, buffer size: 2048, default order: 3, min order: 0", 1, true))
  assert(q:check())
  for i = #held, 1, -1 do q:kfree(held[i]) end
  q:slab_shrink()
  q:drain_pages()
  assert(q:check())
  assert(q:cat("/proc/meminfo"):match("MemFree:%s+(%d+)") == free0)
end)

test("nothing leaked: Slab and MemFree back to boot after shrinking", function()
  assert(m:check())
  m:slab_shrink()
  m:drain_pages()
  assert(slab_kb() == slab_kb0, "Slab: " .. slab_kb() .. " kB, " .. slab_kb0 .. " at boot")
  local memfree = tonumber(m:cat("/proc/meminfo"):match("MemFree:%s+(%d+) kB"))
  assert(memfree == memfree0, memfree .. " kB free, " .. memfree0 .. " at boot")
end)

H.finish()
