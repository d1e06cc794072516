-- Random system calls over several processes on arm32, m:check() after
-- every step (tests/lua/lib/process_random.lua).
dofile("tests/lua/lib/process_random.lua").run("arm32", 10000, 42)
