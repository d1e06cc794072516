-- m:replay(): the summary table of a real log, the processes left alive
-- at the end of a log, option and input errors as Lua errors.
local H = dofile("tests/lua/lib/harness.lua")
-- one named check
function H.ok(cond, name)
  H.test(name, function() assert(cond, "false") end)
end
local m = mm.boot{mem = "256M"}

local s = m:replay("tests/data/strace/alloc.log", {check = true, maps = true})
H.ok(s.failures == 0, "alloc.log replays with no failure: " .. s.failure_list)
H.ok(s.calls.mmap == 16 and s.calls.brk == 3 and s.calls.fork == 2,
     "alloc.log: the calls of the log are counted")
H.ok(s.checked == 2 and s.differences == 0, "alloc.log: layouts as the log's")
H.ok(s.not_modelled == 0 and s.calls.madvise == 1, "the thread's madvise is replayed")
H.ok(s.maps:find("libc.so.6\n") and s.maps:find("%[heap%]"), "maps name libc and the heap")
H.ok(s.text:find("^replay: tests/data/strace/alloc.log: 45 lines"), "text is the CLI's summary")
H.ok(m:check(), "the machine passes its checks after a replay")

-- a log that ends with its process alive leaves it alive
local tmp = os.tmpname()
local f = assert(io.open(tmp, "w"))
f:write('42 execve("/bin/x", ["x"], 0x7ffd00000000 /* 1 var */) = 0\n',
        '42 brk(NULL) = 0x555555560000\n',
        '42 brk(0x555555581000) = 0x555555581000\n',
        '42 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000\n')
f:close()
s = m:replay(tmp, {maps = true})
local pid = tonumber(s.maps:match("/proc/(%d+)/maps: strace pid 42"))
H.ok(pid, "the alive process is shown: " .. s.maps)
local t = m:process(pid)
H.ok(t:alive() and t:mm().brk == 0x555555581000, "it is alive, with the log's break")
local found = false
for _, v in ipairs(t:vmas()) do
  if v.start == 0x7f0000000000 and v["end"] == 0x7f0000002000 then found = true end
end
H.ok(found, "its mmap is at the log's address")
t:exit()

-- errors
local ok, err = pcall(m.replay, m, "tests/data/strace/no_such.log")
H.ok(not ok and err:find("replay: cannot open 'tests/data/strace/no_such.log'"), err)
f = assert(io.open(tmp, "w")); f:write("1 brk(NULL) = 0x1000\n1 mmap(NULL\n"); f:close()
ok, err = pcall(m.replay, m, tmp)
H.ok(not ok and err:find(":2: cannot parse '1 mmap%(NULL': expected"), err)
ok, err = pcall(m.replay, m, tmp, {mapz = true})
H.ok(not ok and err:find("unknown option 'mapz'"), err)
ok, err = pcall(m.replay, m, tmp, {maps = 1})
H.ok(not ok and err:find("'maps' must be a boolean"), err)
os.remove(tmp)
H.ok(m:check(), "the machine passes its checks")
H.finish()
