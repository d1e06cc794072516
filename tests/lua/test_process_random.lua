-- A random sequence of system calls and accesses over several processes
-- (mmap, munmap, mprotect, brk, read, write, fork, exit), with m:check()
-- after each step: VMAs sorted and apart, the tree's gaps right, every
-- page's mapcount and refcount equal to the PTEs that map it, RSS
-- counters right. At the end everything is freed.
local steps = tonumber(os.getenv("MMSIM_RANDOM_STEPS") or "") or 2000
for _, arch in ipairs{"x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "256M", seed = 7}
  local warm = m:spawn("warm"); warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages
  math.randomseed(42)
  local procs = { m:spawn("p0") }
  local regions = {}	-- pid -> list of {addr, len}
  local function R(p) regions[p:pid()] = regions[p:pid()] or {} return regions[p:pid()] end
  for i = 1, steps do
    local p = procs[math.random(#procs)]
    local r = R(p)
    local op = math.random(10)
    if op <= 3 then
      local len = math.random(1, 16) * 4096
      local a = p:mmap{len = len, prot = ({"rw-", "r--", "---", "rwx"})[math.random(4)],
                       flags = math.random(6) == 1 and "shared|anonymous" or "private|anonymous"}
      if a then r[#r + 1] = {a, len} end
    elseif op == 4 and #r > 0 then
      local x = r[math.random(#r)]
      local off = math.random(0, x[2] // 4096 - 1) * 4096
      assert(p:munmap(x[1] + off, math.random(1, 4) * 4096))
    elseif op == 5 and #r > 0 then
      local x = r[math.random(#r)]
      p:mprotect(x[1], math.random(1, x[2] // 4096) * 4096,
                 ({"rw-", "r--", "---"})[math.random(3)])
    elseif op == 6 then
      local mmv = p:mm()
      p:brk(mmv.start_brk + math.random(0, 32) * 4096)
    elseif op <= 8 and #r > 0 then
      local x = r[math.random(#r)]
      local a = x[1] + math.random(0, x[2] - 1)
      if math.random(2) == 1 then p:write(a, "w" .. i) else p:read(a, 8) end
    elseif op == 9 and #procs < 6 then
      local c = p:fork()
      if c then
        procs[#procs + 1] = c
        local cr = R(c)
        for _, x in ipairs(r) do cr[#cr + 1] = x end
      end
    elseif op == 10 and #procs > 1 and math.random(4) == 1 then
      p:exit()
    end
    for j = #procs, 1, -1 do
      if not procs[j]:alive() then table.remove(procs, j) end
    end
    if #procs == 0 then procs[1] = m:spawn("p" .. i) end
    local ok, why = m:check()
    assert(ok, arch .. " step " .. i .. ": " .. tostring(why))
  end
  for _, p in ipairs(procs) do p:exit() end
  assert(m:check())
  m:slab_shrink(); m:drain_pages()
  assert(m:stats().nr_free_pages == free0, arch .. ": leak " .. free0 - m:stats().nr_free_pages)
end
