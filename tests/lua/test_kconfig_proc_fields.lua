-- The field names of /proc/meminfo, /proc/vmstat and /proc/zoneinfo follow
-- the kernel configuration as Linux 6.18's #ifdefs do (mm/vmstat.c
-- vmstat_text[], fs/proc/meminfo.c, zoneinfo_show_print()), on every
-- architecture and after --config changes; on x86_64 the default names,
-- their order and spacing equal those of a real 6.18 kernel
-- (tests/data/*-6.18-x86_64-2cpu).

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

-- vmstat_text[] of Linux 6.18, one "name [SYMBOL[&SYMBOL]]" per line;
-- "ZONES prefix" expands TEXTS_FOR_ZONES(prefix).
local VMSTAT_TEXT = [[
nr_free_pages
nr_free_pages_blocks
nr_zone_inactive_anon
nr_zone_active_anon
nr_zone_inactive_file
nr_zone_active_file
nr_zone_unevictable
nr_zone_write_pending
nr_mlock
nr_zspages ZSMALLOC
nr_free_cma
numa_hit NUMA
numa_miss NUMA
numa_foreign NUMA
numa_interleave NUMA
numa_local NUMA
numa_other NUMA
nr_inactive_anon
nr_active_anon
nr_inactive_file
nr_active_file
nr_unevictable
nr_slab_reclaimable
nr_slab_unreclaimable
nr_isolated_anon
nr_isolated_file
workingset_nodes
workingset_refault_anon
workingset_refault_file
workingset_activate_anon
workingset_activate_file
workingset_restore_anon
workingset_restore_file
workingset_nodereclaim
nr_anon_pages
nr_mapped
nr_file_pages
nr_dirty
nr_writeback
nr_shmem
nr_shmem_hugepages
nr_shmem_pmdmapped
nr_file_hugepages
nr_file_pmdmapped
nr_anon_transparent_hugepages
nr_vmscan_write
nr_vmscan_immediate_reclaim
nr_dirtied
nr_written
nr_throttled_written
nr_kernel_misc_reclaimable
nr_foll_pin_acquired
nr_foll_pin_released
nr_kernel_stack
nr_page_table_pages
nr_sec_page_table_pages
nr_iommu_pages IOMMU_SUPPORT
nr_swapcached SWAP
pgpromote_success NUMA_BALANCING
pgpromote_candidate NUMA_BALANCING
pgpromote_candidate_nrl NUMA_BALANCING
pgdemote_kswapd
pgdemote_direct
pgdemote_khugepaged
pgdemote_proactive
nr_hugetlb HUGETLB_PAGE
nr_balloon_pages
nr_kernel_file_pages
nr_dirty_threshold
nr_dirty_background_threshold
nr_memmap_pages
nr_memmap_boot_pages
pgpgin
pgpgout
pswpin
pswpout
ZONES pgalloc
ZONES allocstall
ZONES pgskip
pgfree
pgactivate
pgdeactivate
pglazyfree
pgfault
pgmajfault
pglazyfreed
pgrefill
pgreuse
pgsteal_kswapd
pgsteal_direct
pgsteal_khugepaged
pgsteal_proactive
pgscan_kswapd
pgscan_direct
pgscan_khugepaged
pgscan_proactive
pgscan_direct_throttle
pgscan_anon
pgscan_file
pgsteal_anon
pgsteal_file
zone_reclaim_success NUMA
zone_reclaim_failed NUMA
pginodesteal
slabs_scanned
kswapd_inodesteal
kswapd_low_wmark_hit_quickly
kswapd_high_wmark_hit_quickly
pageoutrun
pgrotated
drop_pagecache
drop_slab
oom_kill
numa_pte_updates NUMA_BALANCING
numa_huge_pte_updates NUMA_BALANCING
numa_hint_faults NUMA_BALANCING
numa_hint_faults_local NUMA_BALANCING
numa_pages_migrated NUMA_BALANCING
pgmigrate_success MIGRATION
pgmigrate_fail MIGRATION
thp_migration_success MIGRATION
thp_migration_fail MIGRATION
thp_migration_split MIGRATION
compact_migrate_scanned COMPACTION
compact_free_scanned COMPACTION
compact_isolated COMPACTION
compact_stall COMPACTION
compact_fail COMPACTION
compact_success COMPACTION
compact_daemon_wake COMPACTION
compact_daemon_migrate_scanned COMPACTION
compact_daemon_free_scanned COMPACTION
htlb_buddy_alloc_success HUGETLB_PAGE
htlb_buddy_alloc_fail HUGETLB_PAGE
cma_alloc_success CMA
cma_alloc_fail CMA
unevictable_pgs_culled
unevictable_pgs_scanned
unevictable_pgs_rescued
unevictable_pgs_mlocked
unevictable_pgs_munlocked
unevictable_pgs_cleared
unevictable_pgs_stranded
thp_fault_alloc TRANSPARENT_HUGEPAGE
thp_fault_fallback TRANSPARENT_HUGEPAGE
thp_fault_fallback_charge TRANSPARENT_HUGEPAGE
thp_collapse_alloc TRANSPARENT_HUGEPAGE
thp_collapse_alloc_failed TRANSPARENT_HUGEPAGE
thp_file_alloc TRANSPARENT_HUGEPAGE
thp_file_fallback TRANSPARENT_HUGEPAGE
thp_file_fallback_charge TRANSPARENT_HUGEPAGE
thp_file_mapped TRANSPARENT_HUGEPAGE
thp_split_page TRANSPARENT_HUGEPAGE
thp_split_page_failed TRANSPARENT_HUGEPAGE
thp_deferred_split_page TRANSPARENT_HUGEPAGE
thp_underused_split_page TRANSPARENT_HUGEPAGE
thp_split_pmd TRANSPARENT_HUGEPAGE
thp_scan_exceed_none_pte TRANSPARENT_HUGEPAGE
thp_scan_exceed_swap_pte TRANSPARENT_HUGEPAGE
thp_scan_exceed_share_pte TRANSPARENT_HUGEPAGE
thp_split_pud TRANSPARENT_HUGEPAGE&HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD
thp_zero_page_alloc TRANSPARENT_HUGEPAGE
thp_zero_page_alloc_failed TRANSPARENT_HUGEPAGE
thp_swpout TRANSPARENT_HUGEPAGE
thp_swpout_fallback TRANSPARENT_HUGEPAGE
balloon_inflate MEMORY_BALLOON
balloon_deflate MEMORY_BALLOON
balloon_migrate MEMORY_BALLOON&BALLOON_COMPACTION
swap_ra SWAP
swap_ra_hit SWAP
swpin_zero SWAP
swpout_zero SWAP
ksm_swpin_copy SWAP&KSM
cow_ksm KSM
zswpin ZSWAP
zswpout ZSWAP
zswpwb ZSWAP
direct_map_level2_splits X86
direct_map_level3_splits X86
direct_map_level2_collapses X86
direct_map_level3_collapses X86
nr_unstable
]]

-- fs/proc/meminfo.c meminfo_proc_show() and hugetlb_report_meminfo();
-- "ARCH" lines come from arch_report_meminfo (x86's DirectMap*).
local MEMINFO_TEXT = [[
MemTotal
MemFree
MemAvailable
Buffers
Cached
SwapCached
Active
Inactive
Active(anon)
Inactive(anon)
Active(file)
Inactive(file)
Unevictable
Mlocked
HighTotal HIGHMEM
HighFree HIGHMEM
LowTotal HIGHMEM
LowFree HIGHMEM
SwapTotal
SwapFree
Zswap ZSWAP
Zswapped ZSWAP
Dirty
Writeback
AnonPages
Mapped
Shmem
KReclaimable
Slab
SReclaimable
SUnreclaim
KernelStack
PageTables
SecPageTables
NFS_Unstable
Bounce
WritebackTmp
CommitLimit
Committed_AS
VmallocTotal
VmallocUsed
VmallocChunk
Percpu
AnonHugePages TRANSPARENT_HUGEPAGE
ShmemHugePages TRANSPARENT_HUGEPAGE
ShmemPmdMapped TRANSPARENT_HUGEPAGE
FileHugePages TRANSPARENT_HUGEPAGE
FilePmdMapped TRANSPARENT_HUGEPAGE
CmaTotal CMA
CmaFree CMA
Balloon
HugePages_Total HUGETLB_PAGE
HugePages_Free HUGETLB_PAGE
HugePages_Rsvd HUGETLB_PAGE
HugePages_Surp HUGETLB_PAGE
Hugepagesize HUGETLB_PAGE
Hugetlb HUGETLB_PAGE
]]

local ZONE_SUFFIX = {
  {"dma", "ZONE_DMA"}, {"dma32", "ZONE_DMA32"}, {"normal"},
  {"high", "HIGHMEM"}, {"movable"}, {"device", "ZONE_DEVICE"},
}

local function enabled(cfg, cond)
  if not cond then return true end
  for sym in cond:gmatch("[^&]+") do
    assert(cfg[sym] ~= nil, "m:config() has no " .. sym)
    if not cfg[sym] then return false end
  end
  return true
end

local function expected(text, cfg)
  local out = {}
  for line in text:gmatch("[^\n]+") do
    local name, cond = line:match("^(%S+) ?(%S*)$")
    if name == "ZONES" then
      for _, z in ipairs(ZONE_SUFFIX) do
        if enabled(cfg, z[2]) then out[#out + 1] = cond .. "_" .. z[1] end
      end
    elseif enabled(cfg, cond ~= "" and cond or nil) then
      out[#out + 1] = name
    end
  end
  return out
end

local function vmstat_names(text)
  local t = {}
  for name in text:gmatch("(%S+) %d+\n") do t[#t + 1] = name end
  return t
end

local function meminfo_names(text)
  local t = {}
  for name in text:gmatch("([^:\n]+):[^\n]*\n") do
    if not name:match("^DirectMap") then t[#t + 1] = name end
  end
  return t
end

-- zoneinfo: the counter names of the per-node block and of each zone.
local function zoneinfo_names(text)
  local node, zone, seen_zone = {}, {}, false
  local in_node = false
  for line in text:gmatch("[^\n]+") do
    local name = line:match("^      (%S+)%s+%d+$")
    if line:match("^Node") then
      in_node, seen_zone = false, seen_zone or #zone > 0
    elseif line == "  per-node stats" then
      in_node = #node == 0	-- the first node's block only
    elseif line:match("^  pages free") then
      in_node = false
    elseif name and in_node then
      node[#node + 1] = name
    elseif name and not seen_zone then
      zone[#zone + 1] = name
    end
  end
  return node, zone
end

local function same_list(got, want, what)
  local n = math.max(#got, #want)
  for i = 1, n do
    if got[i] ~= want[i] then
      error(("%s: item %d is %s, expected %s"):format(what, i,
        tostring(got[i]), tostring(want[i])), 2)
    end
  end
end

-- node stats = vmstat_text between nr_inactive_anon and nr_kernel_file_pages
local function node_items(list)
  local out, on = {}, false
  for _, n in ipairs(list) do
    if n == "nr_inactive_anon" then on = true end
    if on then out[#out + 1] = n end
    if n == "nr_kernel_file_pages" then break end
  end
  return out
end

local function zone_items(list)
  local out = {}
  for _, n in ipairs(list) do
    if n == "nr_inactive_anon" then break end
    out[#out + 1] = n
  end
  return out
end

local function check_machine(m, what)
  local cfg = m:config()
  local want = expected(VMSTAT_TEXT, cfg)
  same_list(vmstat_names(m:cat("vmstat")), want, what .. " vmstat")
  same_list(meminfo_names(m:cat("meminfo")), expected(MEMINFO_TEXT, cfg),
            what .. " meminfo")
  local node, zone = zoneinfo_names(m:cat("zoneinfo"))
  same_list(node, node_items(want), what .. " zoneinfo per-node")
  same_list(zone, zone_items(want), what .. " zoneinfo per-zone")
end

for _, c in ipairs{
  {arch = "x86_64", mem = "2G"},
  {arch = "x86_64_la57", mem = "2G"},
  {arch = "x86_32", mem = "2G"},
  {arch = "x86_32_pae", mem = "2G"},
  {arch = "arm32", mem = "1G"},
  {arch = "x86_32", mem = "2G", nodes = 2},
  {arch = "x86_64", mem = "2G", config = {NUMA = false}},
  {arch = "x86_64", mem = "2G", config = {TRANSPARENT_HUGEPAGE = false,
                                          HUGETLBFS = false, SWAP = false}},
  {arch = "x86_64", mem = "2G", config = {CMA = true, KSM = false,
                                          MEMORY_BALLOON = false,
                                          COMPACTION = false}},
  {arch = "arm32", mem = "1G", config = {CMA = "n", COMPACTION = "n",
                                         ZSWAP = "y", MEMCG = true}},
} do
  local what = c.arch .. (c.config and " with --config" or "") ..
               (c.nodes and " nodes=" .. c.nodes or "")
  test(what .. ": /proc names follow the configuration", function()
    local m = mm.boot(c)
    check_machine(m, what)
  end)
end

test("arm32 has none of the symbols a non-LPAE ARM kernel cannot have",
     function()
  local cfg = mm.boot{arch = "arm32", mem = "1G"}:config()
  for _, sym in ipairs{"NUMA", "NUMA_BALANCING", "TRANSPARENT_HUGEPAGE",
                       "HUGETLB_PAGE", "ARM_LPAE", "X86_PAE"} do
    assert(cfg[sym] == false, sym .. " is set on arm32")
  end
  assert(cfg.HIGHMEM and cfg.ZONE_DMA and cfg.CMA)
  local v = mm.boot{arch = "arm32", mem = "1G"}:cat("vmstat")
  for _, pat in ipairs{"\nnuma_", "\nthp_fault_alloc ", "\nthp_split_pmd ",
                       "\nnr_hugetlb ", "\npgpromote_", "\nzone_reclaim_"} do
    assert(not v:find(pat, 1, true), "arm32 vmstat has " .. pat)
  end
end)

test("x86_32 has THP without thp_split_pud, x86_32_pae implies X86_PAE",
     function()
  local a = mm.boot{arch = "x86_32", mem = "1G"}
  local b = mm.boot{arch = "x86_32_pae", mem = "1G"}
  assert(a:config().TRANSPARENT_HUGEPAGE and a:config().HIGHMEM4G)
  assert(not a:config().X86_PAE and b:config().X86_PAE)
  assert(a:cat("vmstat"):find("\nthp_split_pmd ", 1, true))
  assert(not a:cat("vmstat"):find("thp_split_pud", 1, true))
end)

-- A real Linux 6.18 x86_64 kernel (Debian, 2 CPUs): names, order, spacing.
local function read(path)
  local f = assert(io.open(path))
  local s = f:read("a")
  f:close()
  return s
end

local function shape(text)	-- every number replaced: the layout stays
  return (text:gsub("%d+", "N"))
end

test("x86_64 defaults print the names of a real 6.18 kernel", function()
  local m = mm.boot{arch = "x86_64", mem = "4G", cpus = 2}
  local ref = "tests/data/%s-6.18-x86_64-2cpu"
  same_list(vmstat_names(m:cat("vmstat")),
            vmstat_names(read(ref:format("vmstat"))), "vmstat vs Linux")
  local got, want = {}, {}
  for l in m:cat("meminfo"):gmatch("[^\n]+") do got[#got + 1] = l:match("^[^:]+:%s*") end
  for l in read(ref:format("meminfo")):gmatch("[^\n]+") do want[#want + 1] = l:match("^[^:]+:%s*") end
  -- the padding after the name follows the value's width; compare names
  -- and the fixed column where the value ends instead
  for i = 1, math.max(#got, #want) do
    assert(got[i] and want[i], "meminfo: line count differs at " .. i)
    assert(got[i]:match("^[^:]+") == want[i]:match("^[^:]+"),
           ("meminfo line %d: %s vs Linux %s"):format(i, got[i], want[i]))
  end
  local a = {}
  for l in m:cat("meminfo"):gmatch("[^\n]+") do a[#a + 1] = #l end
  local i = 0
  for l in read(ref:format("meminfo")):gmatch("[^\n]+") do
    i = i + 1
    -- "%8lu kB" lines end at column 27 unless the value is wider
    if #l == 27 then assert(a[i] == 27, "meminfo line " .. i .. " width") end
  end
  assert(shape(m:cat("zoneinfo")) == shape(read(ref:format("zoneinfo"))),
         "zoneinfo layout differs from Linux's")
end)

H.finish()
