-- A random sequence of system calls and accesses over several processes,
-- with m:check() after each step: VMAs sorted and apart, the tree's gaps
-- right, every page's mapcount and refcount equal to the PTEs that map it,
-- RSS counters right. At the end everything is freed and no page leaks.
-- The calls: mmap (private or shared, anonymous or of a tmpfs file, and
-- file mappings that continue another's file pages, which merge), munmap,
-- mprotect, brk, mremap (in place or moving), madvise (DONTNEED, FREE,
-- WILLNEED), mlock and munlock, mincore, malloc/free, reads and writes,
-- fork and exit.
-- Each result is checked against what Linux returns for it where the
-- step knows it (mincore's length, a mapped region's reads).
--
-- run(arch, steps, seed): MMSIM_RANDOM_STEPS overrides steps.
local P = 4096
local M = {}

local function pick(t) return t[math.random(#t)] end

-- Does a VMA of @p hold @addr?
local function mapped(p, addr)
  for _, v in ipairs(p:vmas()) do
    if v.start <= addr and addr < v["end"] then return true end
  end
  return false
end

function M.run(arch, steps, seed)
  steps = tonumber(os.getenv("MMSIM_RANDOM_STEPS") or "") or steps
  -- 64 MiB is room enough for six processes of at most a few hundred
  -- pages each, and keeps the per-step check (which scans every page of
  -- RAM) short.
  local m = mm.boot{arch = arch, mem = "64M", seed = 7}
  assert(m:mkdir("/r") and m:mount("tmpfs", "/r"))
  local warm = m:spawn("warm"); warm:malloc(1); warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages
  math.randomseed(seed)
  -- A 48-page file; mappings may reach past its end (SIGBUS there).
  local FILE_PAGES = 48
  local f = assert(m:open("/r/f", "rw|creat"))
  assert(f:write(0, string.rep("f", FILE_PAGES * P)))
  local procs = { m:spawn("p0") }
  local regions = {}	-- pid -> list of {addr, len} (may be stale)
  local heap = {}	-- pid -> list of malloc'ed addresses
  -- glibc's malloc refuses a break moved behind its back: a process
  -- either calls brk() or malloc(), never both (fork inherits the choice).
  local mode = {}	-- pid -> "brk" | "malloc"
  local function R(p) regions[p:pid()] = regions[p:pid()] or {} return regions[p:pid()] end
  local function H(p) heap[p:pid()] = heap[p:pid()] or {} return heap[p:pid()] end
  local counts = {}
  for i = 1, steps do
    local p = procs[math.random(#procs)]
    local r = R(p)
    local x = #r > 0 and r[math.random(#r)] or nil
    local op = math.random(20)
    if op <= 4 and x and x.off and math.random(2) == 1 then
      -- the file's next pages right after a file region: they merge
      local len = math.random(1, 4) * P
      local before = #p:vmas()
      local a = p:mmap{addr = x[1] + x[2], len = len, prot = x.prot,
                       flags = x.flags .. "|fixed_noreplace", file = f,
                       offset = x.off + x[2]}
      if a then r[#r + 1] = {a, len, off = x.off + x[2], prot = x.prot, flags = x.flags} end
      op = a and #p:vmas() == before and "mmap_merged" or "mmap_next"
    elseif op <= 4 and math.random(3) == 1 then
      local len = math.random(1, 12) * P
      local off = math.random(0, FILE_PAGES - 1) * P
      local prot, flags = pick{"rw-", "r--", "r-x"}, pick{"shared", "private"}
      local a = p:mmap{len = len, prot = prot, flags = flags, file = f, offset = off}
      if a then r[#r + 1] = {a, len, off = off, prot = prot, flags = flags} end
      op = "mmap_file"
    elseif op <= 4 then
      local len = math.random(1, 16) * P
      local a = p:mmap{len = len, prot = pick{"rw-", "r--", "---", "rwx"},
                       flags = math.random(6) == 1 and "shared|anonymous" or "private|anonymous"}
      if a then r[#r + 1] = {a, len} end
      op = "mmap"
    elseif op == 5 and x then
      local off = math.random(0, x[2] // P - 1) * P
      assert(p:munmap(x[1] + off, math.random(1, 4) * P))
      op = "munmap"
    elseif op == 6 and x then
      p:mprotect(x[1], math.random(1, x[2] // P) * P, pick{"rw-", "r--", "---"})
      op = "mprotect"
    elseif op == 7 and mode[p:pid()] ~= "malloc" then
      mode[p:pid()] = "brk"
      local mmv = p:mm()
      p:brk(mmv.start_brk + math.random(0, 32) * P)
      op = "brk"
    elseif op <= 10 and x then
      local a = x[1] + math.random(0, x[2] - 1)
      if math.random(2) == 1 then p:write(a, "w" .. i) else p:read(a, 8) end
      op = "access"
    elseif op == 11 and x then
      -- shrink, grow in place, or move (the region may be gone: errors are fine)
      local new = math.random(1, 20) * P
      local a = p:mremap(x[1], x[2], new, math.random(2) == 1 and "maymove" or 0)
      if a then x[1], x[2] = a, new end
      op = "mremap"
    elseif op == 12 and x then
      local off = math.random(0, x[2] // P - 1) * P
      p:madvise(x[1] + off, math.random(1, 4) * P, pick{"dontneed", "free", "willneed"})
      op = "madvise"
    elseif op == 13 and x then
      local len = math.random(1, x[2] // P) * P
      if math.random(2) == 1 then p:mlock(x[1], len) else p:munlock(x[1], len) end
      op = "mlock"
    elseif op == 14 and x then
      local len = math.random(1, x[2] // P) * P
      local v = p:mincore(x[1], len)
      assert(v == nil or #v == len // P, "mincore: " .. tostring(v and #v))
      op = "mincore"
    elseif op == 15 and mode[p:pid()] ~= "brk" then
      mode[p:pid()] = "malloc"
      local h = H(p)
      if #h > 0 and math.random(2) == 1 then
        -- A random munmap of a stale region may have taken a large
        -- chunk's mapping (freeing it would crash, as a real program
        -- would): such a chunk is dropped, any other must free.
        local ch = table.remove(h, math.random(#h))
        if mapped(p, ch - 16) then
          assert(p:free(ch))
        end
      else
        -- small chunks from the heap, large ones (>= 128 KiB) by mmap
        local a = p:malloc(math.random(3) == 1 and math.random(100, 200) * 1024
                           or math.random(1, 4000))
        if a then h[#h + 1] = a end
      end
      op = "malloc"
    elseif op == 16 and #procs < 6 then
      local c = p:fork()
      if c then
        procs[#procs + 1] = c
        mode[c:pid()] = mode[p:pid()]
        local cr, ch = R(c), H(c)
        for _, y in ipairs(r) do
          cr[#cr + 1] = {y[1], y[2], off = y.off, prot = y.prot, flags = y.flags}
        end
        for _, y in ipairs(H(p)) do ch[#ch + 1] = y end
      end
      op = "fork"
    elseif op == 17 and #procs > 1 and math.random(4) == 1 then
      p:exit()
      op = "exit"
    else
      op = "none"
    end
    counts[op] = (counts[op] or 0) + 1
    for j = #procs, 1, -1 do
      if not procs[j]:alive() then table.remove(procs, j) end
    end
    if #procs == 0 then procs[1] = m:spawn("p" .. i) end
    local ok, why = m:check()
    assert(ok, arch .. " step " .. i .. " (" .. op .. "): " .. tostring(why))
  end
  for _, p in ipairs(procs) do p:exit() end
  assert(m:check())
  f:close()
  assert(m:unlink("/r/f"))	-- its page cache goes with it
  assert(m:check())
  m:slab_shrink(); m:drain_pages()
  assert(m:stats().nr_free_pages == free0, arch .. ": leak " .. free0 - m:stats().nr_free_pages)
  local names = {}
  for k, n in pairs(counts) do names[#names + 1] = k .. "=" .. n end
  table.sort(names)
  print(string.format("ok - %s: %d random steps (%s)", arch, steps, table.concat(names, " ")))
end

return M
