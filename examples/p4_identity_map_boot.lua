-- P4: paging is switched on through an identity map (virt == phys), so the
-- instruction pointer stays valid at the moment CR0.PG (SCTLR.M) is set;
-- then the kernel jumps to its high address and drops the identity map.
local steps = {"paging off", "identity map", "paging on", "jumped", "identity map removed"}
local patterns = {"starts with paging off", "identity map %[mem", "paging on",
                  "jumped to the kernel mapping", "identity map removed"}
for _, arch in ipairs{"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32"} do
  local events = {}
  local m = mm.boot{arch = arch, mem = "512M"}
  local log = m:dmesg()
  local pos = 1
  for i, p in ipairs(patterns) do
    local s = log:find(p, pos)
    if arch == "arm32" and i == 3 then s = log:find("MMU on", pos) end
    if not s then error(arch .. ": missing step '" .. steps[i] .. "'") end
    pos = s
  end
  local r = m:cpu(0):regs()
  print(string.format("%-12s paging=%-16s ip=%#x", arch, r.paging, r.ip))
  -- The old physical instruction pointer is no longer mapped.
  local ok = m:translate(0x1000000, {exec = true})
  if arch ~= "arm32" and ok then error(arch .. ": identity map still present") end
end
