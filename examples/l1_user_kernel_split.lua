-- L1: the 32-bit user/kernel split (docs/notes.md#l1).
-- The notes: user space 0-3 GiB, kernel 3-4 GiB, the same kernel mapping in
-- every process. CONFIG_VMSPLIT_3G/2G/1G choose PAGE_OFFSET; on x86_32
-- TASK_SIZE = PAGE_OFFSET, on arm32 TASK_SIZE = PAGE_OFFSET - 16 MiB (the
-- modules and pkmap sit just below PAGE_OFFSET).

local GiB = 1 << 30
local function check(cond, msg) if not cond then error(msg, 2) end end
local function region(m, name)
  for _, r in ipairs(m:layout()) do if r.name == name then return r end end
end

for _, c in ipairs{ { "x86_32", "3G" }, { "x86_32", "2G" }, { "x86_32", "1G" },
                    { "arm32", "3G" }, { "arm32", "2G" } } do
  local m = mm.boot{arch = c[1], mem = "512M", vmsplit = c[2]}
  local user, lowmem = region(m, "user"), region(m, "lowmem")
  print(("%-7s VMSPLIT_%s: user [0, 0x%08x)  PAGE_OFFSET 0x%08x  kernel window %d MiB"):format(
        c[1], c[2], user["end"], lowmem.start, (0x100000000 - lowmem.start) >> 20))
  local split = tonumber(c[2]:sub(1, 1)) * GiB
  check(lowmem.start == split, "PAGE_OFFSET must equal the user size of the split")
  if c[1] == "x86_32" then
    check(user["end"] == split, "x86_32: TASK_SIZE == PAGE_OFFSET")
  else
    check(user["end"] == split - (16 << 20), "arm32: TASK_SIZE == PAGE_OFFSET - 16M")
  end
  -- A kernel address is not a user address: __pa of user space is refused.
  local ok, err = pcall(m.pa, m, 0x08048000)
  check(not ok and err:match("user"), "__pa of a user address must fail")
end
print("__pa(0x08048000) fails everywhere: a user address is not in the kernel's linear map")
