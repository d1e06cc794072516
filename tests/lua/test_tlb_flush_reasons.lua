-- The tlb_flush event's reason follows the CPU that runs the flush (the
-- current one, m:set_cpu): "local shootdown" there, "remote shootdown"
-- on every other CPU, as Linux's flush_tlb_func() reports it.
for _, arch in ipairs{"x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "128M", cpus = 3}
  local function reasons()
    local r = {}
    for _, e in ipairs(m:trace_collect(true)) do
      if e.name == "tlb_flush" then r[#r + 1] = e.reason end
    end
    return r
  end
  local va = m:layout()[1].start
  for self = 0, 2 do
    m:set_cpu(self)
    m:trace_collect(true)
    m:invlpg(va)	-- flush_tlb_kernel_range(): every CPU, in CPU order
    local r = reasons()
    assert(#r == 3, arch .. ": " .. #r .. " events")
    for cpu = 0, 2 do
      local want = cpu == self and "local shootdown" or "remote shootdown"
      assert(r[cpu + 1] == want, ("%s: run on cpu %d, cpu %d: %s"):format(
             arch, self, cpu, tostring(r[cpu + 1])))
    end
  end
  m:set_cpu(0)
  assert(m:check())
end
print("ok - tlb_flush reasons follow the CPU that runs the flush")
