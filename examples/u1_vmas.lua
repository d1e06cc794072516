-- U1: every process has its own user address space, described by VMAs.
-- A spawned process starts with text, data, bss/heap and stack; mmap adds
-- a VMA (or extends a neighbour), mprotect of a middle page splits one
-- VMA into three, mprotect back merges them, munmap of a middle page
-- splits it in two. execve replaces all of them with a new image in a
-- fresh mm (a forked copy keeps the old one), and closes the fds opened
-- with O_CLOEXEC. /proc/PID/maps shows each step as Linux prints it.
local m = mm.boot{arch = "x86_64", mem = "256M"}
local P = 4096
local t = m:spawn("a.out", {norandmaps = true})
local function maps() return m:cat("/proc/" .. t:pid() .. "/maps") end
local function count() return select(2, maps():gsub("\n", "")) end

print("after exec:")
io.write(maps())
local n0 = count()
assert(n0 == #t:vmas() and n0 == 4, "text, data, bss (where the heap starts), stack expected")
assert(maps():match("%[stack%]") and maps():match("%[heap%]"))

local a = assert(t:mmap{len = 4 * P, prot = "rw-"})
assert(count() == n0 + 1)
local b = assert(t:mmap{len = 4 * P, prot = "rw-"})
assert(b == a - 4 * P and count() == n0 + 1, "the second mmap merges below the first")
print(("\nmmap twice: one VMA %x-%x"):format(b, a + 4 * P))

assert(t:mprotect(b + 2 * P, P, "r--"))
print("\nmprotect(r--) of one page in the middle: split in three")
io.write(maps())
assert(count() == n0 + 3)
assert(maps():find(("%x-%x r--p"):format(b + 2 * P, b + 3 * P), 1, true))

assert(t:mprotect(b + 2 * P, P, "rw-"))
assert(count() == n0 + 1, "mprotect back merges the three")
print("\nmprotect(rw-) back: merged again")

assert(t:munmap(b + 4 * P, P))
print("\nmunmap of one page: a hole, two VMAs")
io.write(maps())
assert(count() == n0 + 2)
assert(not maps():find(("%x-"):format(b + 4 * P), 1, true))

-- Another process has a VMA set of its own: the same address is free there.
local u = m:spawn("other", {norandmaps = true})
assert(#u:vmas() == n0)
assert(u:read(b, 1) == nil, "the other process must not see this mapping")

-- fork, then execve in the child: a new image in a fresh mm, so the
-- child's maps start over while the parent keeps its own; the fd opened
-- with cloexec is closed by the exec, the other one stays.
assert(m:mkdir("/u1") and m:mount("tmpfs", "/u1"))
local c = t:fork()
local keep = assert(c:sys_open("/u1/log", "w|creat"))
assert(c:sys_open("/u1/lock", "w|creat|cloexec"))
assert(c:execve("/bin/ls", {norandmaps = true}))
print(("\nfork, then execve(\"/bin/ls\") in the child (pid %d, comm %s):"):format(
      c:pid(), c:comm()))
io.write(m:cat("/proc/" .. c:pid() .. "/maps"))
assert(#c:vmas() == n0, "a fresh image: text, data, bss, stack")
local fds = c:fds()
assert(#fds == 1 and fds[1].fd == keep, "the cloexec fd was closed at exec")
print(("its fds: %d (%s); the cloexec one was closed"):format(#fds, fds[1].path))
assert(t:read(b, 1), "the parent keeps its mmap")
local ok, sig = c:read(b, 1)
assert(not ok and sig.name == "SIGSEGV", "the new image has no such mapping")
print("the child touches the parent's mmap address: " .. sig.name)
assert(m:check())
