-- X1-X3: the XArray, a sparse array of pointers indexed by an unsigned
-- long and stored as a radix tree of 64-slot nodes (docs/notes.md#x1,
-- docs/xarray.md).
--
-- We watch the tree's shape as entries arrive: index 0 alone needs no node;
-- dense entries fill one 64-slot leaf per 64 indices; a far index adds
-- levels at the top, 6 index bits per level; erasing shrinks it back.
-- Marks are set on every node on the way to a marked entry, and an
-- allocating array hands out the lowest free id, then -EBUSY.

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

local function show(xa, title)
  local nodes = xa:nodes()
  print(("%s: %d node(s)"):format(title, #nodes))
  for _, n in ipairs(nodes) do
    print(("  %sshift %2d  indices %#x-%#x  %2d/64 slots used  marks %d %d %d"):format(
          ("  "):rep(n.depth), n.shift, n.first, n.last, n.count,
          n.marks[0], n.marks[1], n.marks[2]))
  end
  return nodes
end

local xa <close> = mm.xarray()

xa:store(0, "page 0")
check(#show(xa, "index 0 only") == 0, "index 0 should live in the head")

for i = 1, 199 do xa:store(i, "page " .. i) end
local nodes = show(xa, "200 dense entries")
-- ceil(200 / 64) = 4 leaves under one root at shift 6.
check(#nodes == 5 and nodes[1].shift == 6 and nodes[1].count == 4,
      "200 entries: expected a root and 4 leaves")

xa:store(1 << 40, "far away")
nodes = show(xa, "and one at 2^40")
-- 2^40 needs 41 index bits: a root at shift 36, 7 levels in all.
check(nodes[1].shift == 36, "root shift %d, expected 36", nodes[1].shift)
check(xa:load(1 << 40) == "far away" and xa:load(1 << 39) == nil, "far load")

xa:set_mark(150, 1)
nodes = show(xa, "mark 1 on index 150")
for _, n in ipairs(nodes) do
  local on_path = n.first <= 150 and 150 <= n.last
  check((n.marks[1] == 1) == on_path, "mark 1 at shift %d", n.shift)
end
for i, v in xa:for_each(1) do print("  marked:", i, v) end

xa:erase(1 << 40)
nodes = show(xa, "after erasing 2^40")
check(#nodes == 5 and nodes[1].shift == 6, "the tree should shrink back")

local ids <close> = mm.xarray{alloc = 1}
for _, name in ipairs{"init", "kthreadd", "bash"} do
  print(("  id %d: %s"):format(ids:alloc(name, 1, 3), name))
end
local id, err = ids:alloc("one too many", 1, 3)
check(id == nil and err == "EBUSY", "a full id range is EBUSY")
print("  fourth id in 1..3:", id, err)
