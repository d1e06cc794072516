-- Z1: the hierarchy of physical memory (docs/notes.md#z1):
--   system -> node (pg_data_t) -> zones -> page frames (struct page)
--          -> buddy free areas of order 0..10
-- Boots a two-node x86_64 machine and walks each level, checking that the
-- levels add up: zones tile their node, present <= spanned, managed <=
-- present, every page frame belongs to exactly one zone, and the free
-- areas hold exactly the zone's free pages.

local m = mm.boot{arch = "x86_64", mem = "2G", nodes = 2}
local info = m:info()
local stats = m:stats()

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

print(("system: %s, %d MiB, %d node(s), max_pfn %#x"):format(info.arch,
      info.mem >> 20, info.nr_node_ids, info.max_pfn))

-- Group the zones by node, in the order boot created them.
local nodes = {}
for _, z in ipairs(stats.zones) do
  nodes[z.node] = nodes[z.node] or {}
  table.insert(nodes[z.node], z)
end

local total_present = 0
for nid = 0, info.nr_node_ids - 1 do
  local zones = nodes[nid] or {}
  check(#zones > 0, "node %d has no zone", nid)
  local first, last = zones[1].start_pfn, 0
  print(("  node %d (pg_data_t)"):format(nid))
  for i, z in ipairs(zones) do
    -- A zone is a pfn range [start, start + spanned); holes make present
    -- smaller; boot-time reservations (mem_map, kernel) make managed smaller.
    check(z.present <= z.spanned, "%s: present %d > spanned %d", z.name, z.present, z.spanned)
    check(z.managed <= z.present, "%s: managed %d > present %d", z.name, z.managed, z.present)
    if i > 1 then
      local prev = zones[i - 1]
      check(z.start_pfn >= prev.start_pfn + prev.spanned,
            "zones %s and %s overlap", prev.name, z.name)
    end
    last = math.max(last, z.start_pfn + z.spanned)
    total_present = total_present + z.present
    print(("    zone %-7s pfn %#9x-%#9x  spanned %7d  present %7d  managed %7d")
          :format(z.name, z.start_pfn, z.start_pfn + z.spanned - 1, z.spanned,
                  z.present, z.managed))
  end
  print(("    -> %d page frames, one struct page each"):format(last - first))
end
check(total_present == stats.present_pages, "zones do not add up to the system")

-- Page frames: each one's struct page says which zone it is in.
if m.page then
  for _, z in ipairs(stats.zones) do
    if z.present > 0 then
      local pfn = z.start_pfn + z.spanned - 1     -- last frame of the zone
      local p = m:page(pfn)
      check(p.zone == z.name, "pfn %#x: m:page says zone %s, expected %s",
            pfn, tostring(p.zone), z.name)
      print(("  page frame %#x -> zone %s, flags %s"):format(pfn, p.zone, tostring(p.flags)))
    end
  end
else
  print("  (m:page() is not built yet: struct page contents not shown)")
end

-- Free areas: /proc/buddyinfo lists, per zone, free blocks of order 0..10.
local ok, buddy = pcall(m.cat, m, "buddyinfo")
if ok then
  print("  free areas (blocks of 2^order pages):")
  for line in buddy:gmatch("[^\n]+") do
    local node, zone, rest = line:match("^Node (%d+), zone%s+(%S+)(.*)$")
    check(node, "bad buddyinfo line: %s", line)
    local pages, order = 0, 0
    for n in rest:gmatch("%d+") do
      pages = pages + tonumber(n) * (1 << order)
      order = order + 1
    end
    check(order == 11, "buddyinfo: %d orders, expected 11 (0..10)", order)
    for _, z in ipairs(stats.zones) do
      if z.node == tonumber(node) and z.name == zone and z.nr_free_pages then
        check(pages == z.nr_free_pages,
              "node %s %s: buddyinfo holds %d pages, nr_free_pages is %d",
              node, zone, pages, z.nr_free_pages)
      end
    end
    print(("    %s  = %d free pages"):format(line, pages))
  end
else
  print("  (/proc/buddyinfo is not built yet: free areas not shown)")
end

m:check()
print("Z1 ok: node -> zones -> page frames -> free areas add up")
