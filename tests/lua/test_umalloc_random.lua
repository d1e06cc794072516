-- Random malloc/calloc/realloc/free in a process against a model: every
-- block is filled with its own pattern and read back (through the MMU)
-- before it is freed or moved; blocks never overlap and are aligned to
-- 2 * SIZE_SZ; calloc memory reads as zeros; malloc_stats() agrees with
-- the model (mmapped blocks = blocks outside the brk heap, in-use bytes
-- cover the live heap blocks); m:check() at intervals; a fork's child
-- sees the same heap and allocates on its own; nothing leaks at exit.
local steps = tonumber(os.getenv("MMSIM_RANDOM_STEPS") or "") or 1500
for _, arch in ipairs{"x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "256M", seed = 3}
  local warm = m:spawn("warm"); assert(warm:malloc(1)); warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages
  local align = arch == "x86_64" and 16 or 8
  local t = m:spawn("heap")
  math.randomseed(11)
  local live = {}	-- list of {addr=, size=, tag=}

  -- The bytes a block holds: its whole content when small, else its
  -- first and last 512 bytes (both ends of every page-crossing block).
  local function pattern(tag, n) return (string.char(tag % 251 + 1)):rep(n) end
  local function spans(b)
    if b.size <= 1024 then return {{0, b.size}} end
    return {{0, 512}, {b.size - 512, 512}}
  end
  local function fill(b)
    for _, s in ipairs(spans(b)) do
      if s[2] > 0 then assert(t:write(b.addr + s[1], pattern(b.tag + s[1], s[2]))) end
    end
  end
  local function verify(b, upto)
    for _, s in ipairs(spans(b)) do
      local off, n = s[1], s[2]
      if upto and off + n > upto then n = upto - off end
      if n > 0 then
        local got = assert(t:read(b.addr + off, n))
        assert(got == pattern(b.tag + off, n),
               ("%s: block %#x+%d (size %d) was overwritten"):format(arch, b.addr, off, b.size))
      end
    end
  end
  local function admit(addr, size)
    assert(addr % align == 0, ("%s: %#x not %d-aligned"):format(arch, addr, align))
    for _, o in ipairs(live) do
      assert(addr + size <= o.addr or o.addr + o.size <= addr,
             ("%s: %#x+%d overlaps %#x+%d"):format(arch, addr, size, o.addr, o.size))
    end
  end
  local function rsize()
    local r = math.random(100)
    if r <= 70 then return math.random(0, 600)
    elseif r <= 92 then return math.random(600, 40000)
    else return math.random(100 * 1024, 400 * 1024) end
  end

  for i = 1, steps do
    local op = math.random(10)
    if (op <= 4 or #live == 0) and #live < 150 then
      local size = rsize()
      local a = assert(t:malloc(size))
      admit(a, size)
      local b = {addr = a, size = size, tag = i}
      fill(b); live[#live + 1] = b
    elseif op == 5 and #live < 150 then
      local n, each = math.random(1, 40), math.random(1, 64)
      local a = assert(t:calloc(n, each))
      admit(a, n * each)
      local z = assert(t:read(a, math.min(n * each, 4096)))
      assert(z == ("\0"):rep(#z), arch .. ": calloc memory is not zero")
      local b = {addr = a, size = n * each, tag = i}
      fill(b); live[#live + 1] = b
    elseif op <= 8 then
      local k = math.random(#live)
      local b = live[k]
      verify(b)
      assert(t:free(b.addr))
      table.remove(live, k)
    else
      local k = math.random(#live)
      local b = live[k]
      verify(b)
      local size = rsize()
      local a, e1, e2 = t:realloc(b.addr, size)
      if size == 0 then		-- glibc: realloc(p, 0) frees p, gives NULL
        assert(a == nil and e1 == nil)
        table.remove(live, k)
        goto next
      end
      assert(a, ("%s: realloc: %s %s"):format(arch, tostring(e1), tostring(e2)))
      table.remove(live, k)
      admit(a, size)
      local keep = math.min(size, b.size)
      local moved = {addr = a, size = b.size, tag = b.tag}
      verify(moved, keep)	-- the common prefix survived the move
      local nb = {addr = a, size = size, tag = i}
      fill(nb); live[#live + 1] = nb
    end
    ::next::
    if i % 100 == 0 then
      local st = assert(t:malloc_stats())
      local mapped, inheap = 0, 0
      for _, b in ipairs(live) do
        if b.addr >= st.heap_start and b.addr < st.top then inheap = inheap + b.size
        else mapped = mapped + 1 end
      end
      assert(st.hblks == mapped, ("%s step %d: %d mmapped chunks, model %d"):format(arch, i, st.hblks, mapped))
      assert(st.uordblks >= inheap and st.uordblks + st.fordblks == st.arena)
      assert(st.mmap_threshold >= 128 * 1024 and st.trim_threshold == 2 * st.mmap_threshold
             or st.mmap_threshold == 128 * 1024)
      local ok, why = m:check()
      assert(ok, arch .. " step " .. i .. ": " .. tostring(why))
    end
    if i == steps // 2 then
      -- The child's heap is a copy, its malloc_state included.
      local c = assert(t:fork())
      local saved = t
      t = c
      for _, b in ipairs(live) do verify(b) end
      local x = assert(c:malloc(48)); admit(x, 48)
      for _, b in ipairs(live) do assert(c:free(b.addr)) end
      assert(c:free(x))
      t = saved
      for _, b in ipairs(live) do verify(b) end
      c:exit()
    end
  end
  for _, b in ipairs(live) do verify(b); assert(t:free(b.addr)) end
  local st = t:malloc_stats()
  assert(st.hblks == 0 and st.hblkhd == 0, arch .. ": mmapped chunks left")
  assert(st.ordblks == 1, arch .. ": free chunks did not all merge into the top: " .. st.ordblks)
  assert(#t:signals() == 0)
  t:exit()
  assert(m:check())
  m:slab_shrink(); m:drain_pages()
  assert(m:stats().nr_free_pages == free0, arch .. ": leak " .. free0 - m:stats().nr_free_pages)
end
