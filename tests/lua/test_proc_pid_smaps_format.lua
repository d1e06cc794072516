-- /proc/PID/smaps, smaps_rollup, stat and statm in Linux 6.x's exact
-- format: field names, order and widths (a 16-column name, 8 columns of
-- kB), VmFlags mnemonics, the 52 fields of stat; and values that follow
-- what the process did (a fork shares a page: Pss halves).
local SMAPS = {"Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Pss_Dirty",
  "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced",
  "Anonymous", "KSM", "LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
  "Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss", "Locked"}
local ROLLUP = {"Rss", "Pss", "Pss_Dirty", "Pss_Anon", "Pss_File", "Pss_Shmem",
  "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced",
  "Anonymous", "KSM", "LazyFree", "AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
  "Shared_Hugetlb", "Private_Hugetlb", "Swap", "SwapPss", "Locked"}

for _, arch in ipairs{"x86_32", "x86_64"} do
  local m = mm.boot{arch = arch, mem = "256M"}
  local t = m:spawn("a.out", {norandmaps = true})
  local a = assert(t:mmap{len = 2 * 4096})
  assert(t:write(a, "x"))
  local c = assert(t:fork())
  local pid = t:pid()
  local text = m:cat("/proc/" .. pid .. "/smaps")
  local nvma = #t:vmas()
  local records = {}
  for rec in text:gmatch("[0-9a-f]+%-[0-9a-f]+ [^\n]*\n(.-VmFlags:[^\n]*\n)") do
    records[#records + 1] = rec
  end
  assert(#records == nvma, arch .. ": one record per VMA")
  for _, rec in ipairs(records) do
    local i = 1
    for line in rec:gmatch("[^\n]+") do
      if i <= #SMAPS then
        assert(#line == 27 and line:sub(1, 16):match("^" .. SMAPS[i] .. ":%s*$") and line:match("^.-%s+%d+ kB$"),
               arch .. ": bad line '" .. line .. "', expected " .. SMAPS[i])
      end
      i = i + 1
    end
    assert(rec:match("\nTHPeligible:%s+0\n"))
    assert((arch == "x86_64") == (rec:match("\nProtectionKey:%s+0\n") ~= nil))
    assert(rec:match("\nVmFlags: [a-z ]+\n$"))
  end
  -- The page both processes map: Rss 4 kB, Pss 2 kB, Shared_Dirty 4 kB.
  local rec = text:match(("%x"):format(a) .. "%-[^\n]*\n(.-VmFlags:[^\n]*)")
  assert(rec:match("\nRss:%s+4 kB") and rec:match("\nPss:%s+2 kB") and rec:match("\nShared_Dirty:%s+4 kB"), rec)
  assert(rec:match("VmFlags: rd wr mr mw me ac $"), rec)
  local roll = m:cat("/proc/" .. pid .. "/smaps_rollup")
  local lines = {}
  for l in roll:gmatch("[^\n]+") do lines[#lines + 1] = l end
  assert(lines[1]:match("^%x+%-%x+ %-%-%-p 00000000 00:00 0 +%[rollup%]$"), lines[1])
  for i, name in ipairs(ROLLUP) do
    assert(lines[i + 1]:match("^" .. name .. ":%s+%d+ kB$") and #lines[i + 1] == 27, lines[i + 1])
  end
  -- stat: 52 fields; minflt and rss follow the process.
  local st = m:cat("/proc/" .. pid .. "/stat")
  local comm, rest = st:match("^%d+ %((.-)%) (.*)\n$")
  assert(comm == "a.out")
  local f = {}
  for x in rest:gmatch("%S+") do f[#f + 1] = x end
  assert(#f + 2 == 52, arch .. ": stat has " .. (#f + 2) .. " fields")
  assert(tonumber(f[8]) == t:faults().min_flt and tonumber(f[8]) >= 1)
  assert(tonumber(f[21]) == t:mm().total_vm * 4096)	-- vsize, field 23
  assert(tonumber(f[22]) == t:mm().rss_anon)		-- rss, field 24
  local sm = {}
  for x in m:cat("/proc/" .. pid .. "/statm"):gmatch("%d+") do sm[#sm + 1] = tonumber(x) end
  assert(#sm == 7 and sm[1] == t:mm().total_vm and sm[2] == t:mm().rss_anon)
  c:exit()
  assert(m:check())
end
print("ok")
