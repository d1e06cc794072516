-- Bad input to vmalloc, vmap and ioremap from Lua: Linux's result (NULL
-- -> nil and a reason, a WARN in dmesg and nothing freed) or a clear Lua
-- error, on every architecture; the allocator stays consistent
-- (m:check()) and nothing leaks.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test
local function expect_error(fn, want) H.expect_error(want, fn) end

for _, arch in ipairs(mm.archs) do
  local m = mm.boot{arch = arch, mem = "256M"}

  local function used() return m:vmalloc_stats().used_pages end

  test(arch .. ": sizes 0 and negative are nil", function()
    local p, why = m:vmalloc(0)
    assert(p == nil and why == "vmalloc: size 0", tostring(why))
    p, why = m:vmalloc(-1)
    assert(p == nil and why:find("exceeds total pages"), tostring(why))
    assert(used() == 0)
  end)

  test(arch .. ": vmalloc memory reads, writes, translates; __pa refuses", function()
    local p = assert(m:vmalloc(3 * 4096 + 5))
    m:kwrite(p + 4096 + 7, "vmalloc")
    assert(m:kread(p + 4096 + 7, 7) == "vmalloc")
    local pa = assert(m:translate(p + 4096))
    assert(pa // 4096 == m:vmalloc_to_pfn(p + 4096))
    assert(m:phys_read(pa + 7, 7) == "vmalloc")
    expect_error(function() m:pa(p) end, "cannot __pa")
    assert(m:vmalloc_to_pfn(p + 4 * 4096) == nil, "guard page")
    m:vfree(p)
    assert(m:vmalloc_to_pfn(p) == nil, "unmapped at once")
  end)

  test(arch .. ": bad frees are errors and free nothing", function()
    local k = assert(m:kmalloc(64))
    local v = assert(m:vmalloc(8192))
    local before = m:vmalloc_stats()
    expect_error(function() m:vfree(k) end, "not a vmalloc address")
    expect_error(function() m:vfree(v + 4096) end, "not the start of its area")
    expect_error(function() m:vfree(v + 1) end, "not the start of its area")
    expect_error(function() m:vfree(m:va(0x200000)) end, "not a vmalloc address")
    expect_error(function() m:vunmap(v) end, "use vfree")
    expect_error(function() m:iounmap(v) end, "not an ioremap area")
    assert(m:dmesg():find("Trying to vfree() nonexistent vm area", 1, true))
    local after = m:vmalloc_stats()
    assert(after.used_pages == before.used_pages and after.areas == before.areas)
    m:vfree(v)
    expect_error(function() m:vfree(v) end, "already freed")
    m:vm_unmap_aliases()
    expect_error(function() m:vfree(v) end, "no area there")
    m:kfree(k)
    m:vfree(0)                                -- vfree(NULL): nothing
  end)

  test(arch .. ": vmap takes allocated pages only; vunmap keeps them", function()
    local a = assert(m:alloc_pages("GFP_KERNEL", 0))
    local b = assert(m:alloc_pages("GFP_KERNEL", 0))
    expect_error(function() m:vmap({}) end, "empty")
    expect_error(function() m:vmap({a, "x"}) end, "entry 2")
    expect_error(function() m:vmap({a, 1 << 40}) end, "entry 2")
    local v = assert(m:vmap({b, a}))
    m:kwrite(v + 4096, "A")
    assert(m:vmalloc_to_pfn(v) == b and m:vmalloc_to_pfn(v + 4096) == a)
    m:vunmap(v)
    expect_error(function() m:vunmap(v) end, "already freed")
    assert(m:page(a).refcount == 1)
    m:free_pages(a, 0); m:free_pages(b, 0)
  end)

  test(arch .. ": ioremap refuses RAM and wrapping ranges", function()
    local pfn = assert(m:alloc_pages("GFP_KERNEL", 0))
    local p, why = m:ioremap(pfn * 4096, 4096)
    assert(p == nil and why:find("ioremap on RAM"), tostring(why))
    p, why = m:ioremap(-4096, 8192)
    assert(p == nil and why:find("wraps"), tostring(why))
    p, why = m:ioremap(0xf0000000, 0)
    assert(p == nil and why == "size 0", tostring(why))
    m:free_pages(pfn, 0)
    local io = assert(m:ioremap(0xf0000000 + 8, 16))
    assert(io % 4096 == 8)
    assert(m:translate(io) == 0xf0000008)
    expect_error(function() m:vfree(io - 8) end, "ioremap area")
    expect_error(function() m:map_page(io - 8, 0x1000) end, "busy vmalloc")
    expect_error(function() m:unmap_page(io - 8) end, "busy vmalloc")
    m:iounmap(io)
    expect_error(function() m:iounmap(io) end, "no ioremap area")
  end)

  test(arch .. ": consistent, nothing held", function()
    m:vm_unmap_aliases()
    assert(used() == 0 and m:vmalloc_stats().areas == 0)
    assert(m:cat("/proc/vmallocinfo") == "")
    assert(m:check())
  end)
  m:destroy()
end

H.finish()
