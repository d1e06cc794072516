-- Random system calls over several processes on x86_64, m:check() after
-- every step (tests/lua/lib/process_random.lua; the arm32 run is
-- test_process_random_arm32.lua, so that ctest runs the two in parallel).
dofile("tests/lua/lib/process_random.lua").run("x86_64", 10000, 42)
