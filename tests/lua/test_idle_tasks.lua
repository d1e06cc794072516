-- Each CPU has its own idle task, pid 0 on every CPU (swapper/0, swapper/1),
-- as in Linux; m:context_switch(0, cpu) switches that CPU to its own.
local m = mm.boot{arch = "x86_64", mem = "256M", cpus = 2}
local a = m:task_create("a", true)
m:context_switch(a, 1)
-- a runs on cpu 1: it cannot run on cpu 0 too.
assert(not pcall(m.context_switch, m, a, 0))
m:context_switch(0, 1)		-- swapper/1, not swapper/0 (running on cpu 0)
m:context_switch(a, 0)		-- a is free again
m:context_switch(0, 0)
assert(m:task(0).comm == "swapper/0")
assert(m:check())
