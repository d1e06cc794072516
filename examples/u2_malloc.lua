-- U2: malloc, brk and mmap (glibc's ptmalloc policy, run inside the
-- process: its chunk headers live in the process's memory). Small
-- blocks come from the brk heap at growing addresses and are reused
-- after free; blocks of 128 KiB and more come from mmap, each below the
-- previous one; ASLR moves both (two seeds differ, norandmaps fixes
-- them); freeing a large mmapped block raises the mmap threshold, so the
-- same size then comes from the heap.
local KiB = 1024
local function hex(x) return ("%#x"):format(x) end

local function run(arch, opts, quiet)
  local m = mm.boot{arch = arch, mem = "256M"}
  local t = m:spawn("a.out", opts)
  local say = quiet and function() end or print
  local start_brk = t:mm().start_brk
  say(("%s %s: heap starts at %s, mmap_base %s"):format(arch,
      opts.norandmaps and "norandmaps" or "seed " .. opts.seed, hex(start_brk), hex(t:mm().mmap_base)))

  -- Small blocks: upward from the heap start.
  local small = {}
  for i, size in ipairs{100, 1000, 4000, 10000} do
    small[i] = assert(t:malloc(size))
    say(("  malloc(%6d) = %s"):format(size, hex(small[i])))
    if i > 1 then assert(small[i] > small[i - 1], "small blocks grow upward") end
  end
  local st = t:malloc_stats()
  assert(st.heap_start == start_brk and small[1] > start_brk)
  -- The first heap: request + M_TOP_PAD (128 KiB), page-rounded: 132 KiB.
  assert(t:mm().brk == start_brk + st.arena and st.arena == 132 * KiB,
         "the heap grows by the request + 128 KiB of top pad")
  say(("  brk = %s: sbrk'd %d KiB at once (request + 128 KiB M_TOP_PAD)"):format(hex(t:mm().brk), st.arena // KiB))

  -- free + malloc of a size that fits: the same address comes back.
  assert(t:free(small[2]))
  local again = assert(t:malloc(900))
  say(("  free(%s); malloc(900) = %s (reused)"):format(hex(small[2]), hex(again)))
  assert(again == small[2], "a freed chunk is reused")

  -- Large blocks: mmap, each below the previous one, under mmap_base.
  local big1 = assert(t:malloc(256 * KiB))
  local big2 = assert(t:malloc(512 * KiB))
  say(("  malloc(256K) = %s, malloc(512K) = %s (mmap, growing down)"):format(hex(big1), hex(big2)))
  assert(big2 < big1 and big1 < t:mm().mmap_base and big1 > t:mm().brk)
  assert(t:malloc_stats().hblks == 2)
  -- Each is a mapping of its own, request + header rounded to pages,
  -- placed right below the previous one (the VMAs then merge, as Linux's).
  assert(big1 - big2 == 516 * KiB, "512 KiB + a header is 516 KiB of mmap")

  -- The dynamic threshold: a 200 KiB block is mmapped; freeing it sets
  -- mmap_threshold to its size (and trim_threshold to twice that) ...
  local b = assert(t:malloc(200 * KiB))
  assert(b > t:mm().brk, "200 KiB >= 128 KiB: mmapped")
  assert(t:free(b))
  st = t:malloc_stats()
  say(("  malloc(200K) = %s (mmap); free: mmap_threshold %d -> %d, trim_threshold %d"):format(
      hex(b), 128 * KiB, st.mmap_threshold, st.trim_threshold))
  assert(st.mmap_threshold == 204 * KiB and st.trim_threshold == 2 * st.mmap_threshold)
  -- ... so the next 200 KiB block comes from the heap, which grows.
  local b2 = assert(t:malloc(200 * KiB))
  say(("  malloc(200K) = %s (heap now: brk %s)"):format(hex(b2), hex(t:mm().brk)))
  assert(b2 > start_brk and b2 < t:mm().brk, "after the free, 200 KiB comes from the heap")

  assert(t:write(b2, ("x"):rep(4096)) and t:read(b2 + 4095, 1) == "x")
  for _, p in ipairs{small[1], again, small[3], small[4], big1, big2, b2} do assert(t:free(p)) end
  st = t:malloc_stats()
  assert(st.hblks == 0 and st.ordblks == 1, "all free: one top chunk, no mmaps")
  assert(#t:signals() == 0)
  t:exit()
  assert(m:check())
  return start_brk, big1
end

for _, arch in ipairs{"x86_64", "x86_32", "arm32"} do
  local h1, m1 = run(arch, {seed = 1})
  local h2, m2 = run(arch, {seed = 2}, true)
  print(("%s seed 2: heap %s, first mmap %s (seed 1: %s, %s)"):format(arch, hex(h2), hex(m2), hex(h1), hex(m1)))
  assert(h1 ~= h2 and m1 ~= m2, arch .. ": ASLR moves the heap and the mmap area")
  local f1, g1 = run(arch, {norandmaps = true}, true)
  local f2, g2 = run(arch, {norandmaps = true}, true)
  assert(f1 == f2 and g1 == g2, arch .. ": norandmaps fixes them")
  print(("%s norandmaps: heap %s, first mmap %s, twice"):format(arch, hex(f1), hex(g1)))
end
