-- cpu:set_tlb{} gives a CPU a TLB of another size/associativity: the hit
-- rate of the same access pattern follows the size.
local m = mm.boot{arch = "x86_64", mem = "1G"}
local cpu = m:cpu(0)
local t = cpu:tlb()
assert(t.entries4k >= 64 and t.ways4k >= 1, "default geometry")

-- 64 pages of 4 KiB, mapped one by one in the vmalloc area.
local base, npages = 0xffffc90000000000, 64
for i = 0, npages - 1 do
  m:map_page(base + i * 4096, 0x1000000 + i * 4096)
end

local function hit_rate(rounds)
  m:flush_tlb()
  local t0 = cpu:tlb()
  for _ = 1, rounds do
    for i = 0, npages - 1 do
      assert(m:translate(base + i * 4096 + 8) == 0x1000000 + i * 4096 + 8)
    end
  end
  local t1 = cpu:tlb()
  local hits, misses = t1.hits - t0.hits, t1.misses - t0.misses
  return hits / (hits + misses)
end

local big = hit_rate(10)
assert(cpu:set_tlb{entries4k = 16, ways4k = 4})
t = cpu:tlb()
assert(t.entries4k == 16 and t.ways4k == 4 and t.entries == 0)
assert(t.entries2m == 1024, "other sizes keep their geometry")
local small = hit_rate(10)
print(string.format("hit rate, 64 pages cycled: 1536 entries %.2f, 16 entries %.2f",
                    big, small))
assert(big > 0.85, "64 pages fit a 1536-entry TLB")
assert(small < 0.1, "a 16-entry LRU TLB thrashes on a 64-page cycle")
assert(cpu:set_tlb{entries4k = 64, ways4k = 16})
assert(hit_rate(10) > 0.85)

-- Bad geometries are refused with the old TLB kept.
local ok, e = pcall(cpu.set_tlb, cpu, {entries4k = 100, ways4k = 4})
assert(not ok and e:find("25 sets") == nil and
       e:find("100 4K entries in 4 ways do not make a power%-of%-two number of sets"), e)
ok, e = pcall(cpu.set_tlb, cpu, {entries4K = 64})
assert(not ok and e:find("unknown key 'entries4K'"), e)
ok, e = pcall(cpu.set_tlb, cpu, {ways1g = 0})
assert(not ok and e:find("ways1g=0 is out of range"), e)
ok, e = pcall(cpu.set_tlb, cpu, {entries4k = 64, ways4k = 32})
assert(not ok and e:find("32 ways of 4K entries: at most 16"), e)
assert(cpu:tlb().entries4k == 64)

-- ARM sections have their own array.
local a = mm.boot{arch = "arm32", mem = "256M"}
assert(a:cpu(0):set_tlb{entries1m = 8, ways1m = 2})
assert(a:cpu(0):tlb().entries1m == 8)
