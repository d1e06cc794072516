-- The file system calls of a task through its fd table (fs/file.c,
-- fs/open.c, fs/read_write.c): open at the lowest free fd, write(2) from
-- the task's memory and read(2) back into it through the MMU, lseek,
-- pread64/pwrite64, O_APPEND, ftruncate, fsync; a forked child shares
-- the open file description (one f_pos); EFAULT without a signal and
-- short counts at a bad buffer; EBADF, EMFILE, EISDIR, ENOENT, EEXIST,
-- EINVAL; exit closes the fds, and a file unlinked while open lives
-- until its last close. On the rootfs, tmpfs, memdisk and an ext2 image
-- made by the real mke2fs; m:check() (which counts every file's
-- references) after each step.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function fails(want, ok, e)
  assert(ok == nil and e == want,
         "expected nil, " .. want .. ", got " .. tostring(ok) .. ", " .. tostring(e))
end

-- A pattern that differs at every offset of a page.
local function pattern(n, seed)
  local t = {}
  for i = 1, n do t[i] = string.char(97 + (i * 7 + seed) % 26) end
  return table.concat(t)
end

-- A task with two rw buffers of `pages` pages.
local function task_with_buffers(m, name, pages)
  local t = m:spawn(name)
  local a = assert(t:mmap{len = pages * 4096})
  local b = assert(t:mmap{len = pages * 4096})
  return t, a, b
end

local function common(m, d, label)
  test(label .. ": write from user memory, lseek, read back", function()
    local t, a, b = task_with_buffers(m, "io", 4)
    local data = pattern(3 * 4096 + 123, 1)
    local fd = assert(t:sys_open(d .. "/f", "rw|creat|trunc", 0600))
    assert(fd == 0, "first fd " .. tostring(fd))
    assert(t:write(a + 5, data))
    assert(t:sys_write(fd, a + 5, #data) == #data)
    assert(t:fds()[1].pos == #data)
    assert(t:sys_lseek(fd, 0, "set") == 0)
    assert(t:sys_read(fd, b, #data + 1000) == #data)	-- short at EOF
    assert(t:read(b, #data) == data)
    assert(t:sys_read(fd, b, 10) == 0)			-- at EOF
    -- a partial-page overwrite in the middle, through pwrite64
    assert(t:write(a, "XYZ"))
    assert(t:sys_pwrite64(fd, a, 3, 4095) == 3)
    assert(t:sys_pread64(fd, b, 5, 4094) == 5)
    assert(t:read(b, 5) == data:sub(4095, 4095) .. "XYZ" .. data:sub(4099, 4099))
    assert(t:fds()[1].pos == #data)			-- p* keep the position
    -- SEEK_CUR, SEEK_END, holes past the end read as zeroes
    assert(t:sys_lseek(fd, -100, "end") == #data - 100)
    assert(t:sys_lseek(fd, 50, "cur") == #data - 50)
    assert(t:sys_lseek(fd, 2, 1) == #data - 48)		-- SEEK_CUR by number
    assert(t:sys_lseek(fd, 8192, "end") == #data + 8192)
    assert(t:write(a, "end"))
    assert(t:sys_write(fd, a, 3) == 3)			-- i_size grows
    local st = assert(m:open(d .. "/f")):stat()
    assert(st.size == #data + 8192 + 3, "size " .. st.size)
    assert(t:sys_pread64(fd, b, 100, #data + 10) == 100)
    assert(t:read(b, 100) == string.rep("\0", 100))
    -- SEEK_DATA / SEEK_HOLE: the whole file is data (generic_file_llseek)
    assert(t:sys_lseek(fd, 10, "data") == 10)
    assert(t:sys_lseek(fd, 10, "hole") == st.size)
    fails("ENXIO", t:sys_lseek(fd, st.size, "data"))
    fails("EINVAL", t:sys_lseek(fd, -1, "set"))
    fails("EINVAL", t:sys_lseek(fd, 0, 7))
    assert(t:sys_fsync(fd) and t:sys_fdatasync(fd))
    assert(t:sys_ftruncate(fd, 4096))
    assert(t:sys_pread64(fd, b, 8192, 0) == 4096)
    fails("EINVAL", t:sys_ftruncate(fd, -1))
    m:check()
    assert(t:sys_close(fd))
    fails("EBADF", t:sys_close(fd))
    t:exit()
    m:check()
  end)

  test(label .. ": the lowest free fd, access modes, EBADF", function()
    local t, a = task_with_buffers(m, "fds", 1)
    local r = assert(t:sys_open(d .. "/f", "r"))
    local w = assert(t:sys_open(d .. "/f", "w"))
    local rw = assert(t:sys_open(d .. "/f", "O_RDWR|O_CLOEXEC"))
    assert(r == 0 and w == 1 and rw == 2)
    assert(t:sys_close(w))
    assert(t:sys_open(d .. "/f", "r") == 1)		-- the hole is reused
    local fds = t:fds()
    assert(#fds == 3 and fds[3].cloexec and not fds[1].cloexec)
    assert(fds[1].path == d .. "/f", fds[1].path)
    -- force_o_largefile(): 64-bit kernels add O_LARGEFILE to every open
    local large = m:info().bits == 64 and "|largefile" or ""
    assert(fds[3].flags == "rw|cloexec" .. large, fds[3].flags)
    fails("EBADF", t:sys_write(r, a, 1))			-- read-only fd
    w = assert(t:sys_open(d .. "/f", "w"))
    fails("EBADF", t:sys_read(w, a, 1))			-- write-only fd
    fails("EINVAL", t:sys_ftruncate(r, 0))		-- EINVAL, not EBADF
    for _, bad in ipairs({99, -1, 1 << 40}) do
      fails("EBADF", t:sys_read(bad, a, 1))
      fails("EBADF", t:sys_write(bad, a, 1))
      fails("EBADF", t:sys_pread64(bad, a, 1, 0))
      fails("EBADF", t:sys_lseek(bad, 0, "set"))
      fails("EBADF", t:sys_fsync(bad))
      fails("EBADF", t:sys_ftruncate(bad, 0))
      fails("EBADF", t:sys_close(bad))
    end
    fails("EINVAL", t:sys_pread64(r, a, 1, -1))
    fails("EINVAL", t:sys_pwrite64(w, a, 1, -1))
    m:check()
    t:exit()
    m:check()
  end)

  test(label .. ": open's errors", function()
    local t, a = task_with_buffers(m, "oerr", 1)
    fails("ENOENT", t:sys_open(d .. "/none"))
    fails("ENOENT", t:sys_open(d .. "/nodir/x", "w|creat"))
    fails("EEXIST", t:sys_open(d .. "/f", "w|creat|excl"))
    fails("EISDIR", t:sys_open(d, "w"))
    fails("ENOTDIR", t:sys_open(d .. "/f", "r|directory"))
    fails("EINVAL", t:sys_open(d .. "/new", "w|creat|directory"))
    local dfd = assert(t:sys_open(d, "r|directory"))
    fails("EISDIR", t:sys_read(dfd, a, 10))
    fails("EINVAL", t:sys_ftruncate(dfd, 0))
    -- a directory's fsync has its ->fsync (simple_dir_operations, ext2)
    assert(t:sys_fsync(dfd) and t:sys_fdatasync(dfd))
    -- the path from the task's memory (getname: strncpy_from_user)
    assert(t:write(a, d .. "/f\0"))
    local fd = assert(t:sys_open(a, "r"))
    assert(t:fds()[2].fd == fd)
    fails("EFAULT", t:sys_open(0x1000, "r"))
    H.expect_error("unknown flag", t.sys_open, t, d .. "/f", "r|bogus")
    t:exit()
    m:check()
  end)

  test(label .. ": O_APPEND, write and pwrite64 both append", function()
    local t, a, b = task_with_buffers(m, "app", 1)
    local fd = assert(t:sys_open(d .. "/app", "w|creat|trunc"))
    assert(t:write(a, "0123456789"))
    assert(t:sys_write(fd, a, 10) == 10)
    local ap = assert(t:sys_open(d .. "/app", "w|append"))
    assert(t:sys_lseek(ap, 0, "set") == 0)
    assert(t:sys_write(ap, a, 3) == 3)
    assert(t:fds()[2].pos == 13)
    assert(t:sys_pwrite64(ap, a + 5, 2, 0) == 2)	-- Linux appends anyway
    local r = assert(t:sys_open(d .. "/app", "r"))
    assert(t:sys_read(r, b, 100) == 15)
    assert(t:read(b, 15) == "012345678901256")
    t:exit()
    m:check()
  end)

  test(label .. ": fork shares the open file description", function()
    local t, a, b = task_with_buffers(m, "par", 1)
    assert(t:write(a, "abcdefghij"))
    local fd = assert(t:sys_open(d .. "/sh", "rw|creat|trunc"))
    assert(t:sys_write(fd, a, 10) == 10)
    assert(t:sys_lseek(fd, 2, "set") == 2)
    local c = t:fork()
    assert(#c:fds() == 1 and c:fds()[1].count == 2)
    assert(c:sys_read(fd, b, 3) == 3)			-- the child moves it
    assert(c:read(b, 3) == "cde")
    assert(t:sys_lseek(fd, 0, "cur") == 5)		-- the parent sees it
    assert(t:sys_read(fd, b, 2) == 2 and t:read(b, 2) == "fg")
    assert(c:sys_lseek(fd, 0, "cur") == 7)
    m:check()
    assert(c:sys_close(fd))				-- the parent's stays open
    assert(t:fds()[1].count == 1)
    assert(t:sys_read(fd, b, 3) == 3 and t:read(b, 3) == "hij")
    -- a child's fd opened after the fork is its own
    local cfd = assert(c:sys_open(d .. "/sh", "r"))
    assert(cfd == fd and #t:fds() == 1)
    c:exit()
    t:exit()
    m:check()
  end)

  test(label .. ": EFAULT without a signal, short counts", function()
    local t, a, b = task_with_buffers(m, "fault", 2)
    local fd = assert(t:sys_open(d .. "/ef", "rw|creat|trunc"))
    fails("EFAULT", t:sys_write(fd, 0x1000, 10))	-- unmapped
    fails("EFAULT", t:sys_write(fd, -4096, 10))		-- past TASK_SIZE
    assert(t:sys_read(fd, 0x1000, 10) == 0)		-- EOF: nothing copied
    assert(t:write(a, pattern(8192, 3)))
    assert(t:sys_write(fd, a, 8192) == 8192)
    assert(t:sys_lseek(fd, 0, "set") == 0)
    fails("EFAULT", t:sys_read(fd, 0x1000, 100))
    assert(t:sys_lseek(fd, 0, "cur") == 0)		-- nothing read
    -- a buffer that runs off its VMA: the bytes before the hole count
    assert(t:munmap(b + 4096, 4096))
    assert(t:sys_read(fd, b + 4096 - 10, 100) == 10)
    assert(t:sys_lseek(fd, 0, "cur") == 10)
    assert(t:sys_pwrite64(fd, b + 4096 - 6, 100, 20000) == 6)
    local st = assert(m:open(d .. "/ef")):stat()
    assert(st.size == 20006, "size " .. st.size)
    -- a read-only buffer: read(2) into it is EFAULT
    assert(t:mprotect(a, 4096, "r"))
    fails("EFAULT", t:sys_pread64(fd, a, 10, 0))
    assert(t:sys_pwrite64(fd, a, 10, 0) == 10)		-- reading it is fine
    assert(t:alive() and #t:signals() == 0)
    t:exit()
    m:check()
  end)

  test(label .. ": EMFILE at RLIMIT_NOFILE", function()
    local t = m:spawn("emfile")
    assert(t:setrlimit("nofile", 5))
    for i = 0, 4 do assert(t:sys_open(d .. "/f") == i) end
    fails("EMFILE", t:sys_open(d .. "/f"))
    fails("EMFILE", t:sys_open(d .. "/none"))		-- before the lookup
    assert(t:sys_close(2))
    assert(t:sys_open(d .. "/f") == 2)
    -- growing past the first table (64 fds)
    assert(t:setrlimit("nofile", 200))
    for i = 5, 199 do assert(t:sys_open(d .. "/f") == i) end
    fails("EMFILE", t:sys_open(d .. "/f"))
    m:check()
    t:exit()
    m:check()
  end)

  test(label .. ": exit closes; unlinked while open lives to the last close", function()
    local t, a, b = task_with_buffers(m, "unl", 1)
    local fd = assert(t:sys_open(d .. "/gone", "rw|creat|trunc"))
    assert(t:write(a, "still here"))
    assert(t:sys_write(fd, a, 10) == 10)
    local c = t:fork()
    assert(m:unlink(d .. "/gone"))
    fails("ENOENT", t:sys_open(d .. "/gone"))
    assert(t:fds()[1].path:find("(deleted)", 1, true), t:fds()[1].path)
    local va = assert(c:mmap{fd = fd, len = 4096, prot = "r", flags = "shared"})
    t:exit()						-- one fd gone
    m:check()
    assert(c:sys_pread64(fd, b, 10, 0) == 10 and c:read(b, 10) == "still here")
    assert(c:sys_close(fd))				-- the mapping holds it
    assert(c:read(va, 5) == "still")
    m:check()
    c:exit()						-- the last reference
    m:check()
  end)
end

for _, arch in ipairs({"x86_64", "x86_32", "arm32"}) do
  local m = mm.boot{arch = arch, mem = "64M"}
  common(m, "/tmp", arch .. " rootfs")
  assert(m:mkdir("/t") and m:mount("tmpfs", "/t"))
  common(m, "/t", arch .. " tmpfs")
  assert(m:mkdir("/md") and m:mount("memdisk", "/md"))
  common(m, "/md", arch .. " memdisk")

  test(arch .. ": mmap{fd=} maps the open file; its access mode counts", function()
    local t, a = task_with_buffers(m, "map", 1)
    local fd = assert(t:sys_open("/t/m", "rw|creat|trunc"))
    assert(t:write(a, "mapped!"))
    assert(t:sys_write(fd, a, 7) == 7)
    local va = assert(t:mmap{fd = fd, len = 4096, prot = "rw", flags = "shared"})
    assert(t:read(va, 7) == "mapped!")
    assert(t:write(va, "M"))
    assert(t:sys_pread64(fd, a, 7, 0) == 7 and t:read(a, 7) == "Mapped!")
    local ro = assert(t:sys_open("/t/m", "r"))
    fails("EACCES", t:mmap{fd = ro, len = 4096, prot = "rw", flags = "shared"})
    fails("EBADF", t:mmap{fd = 42, len = 4096})
    H.expect_error("not both", t.mmap, t, {fd = ro, file = "/t/m", len = 4096})
    m:check()
    t:exit()
    m:check()
  end)

  test(arch .. ": the tmpfs file of an unlinked fd frees its pages at the last close", function()
    local t, a = task_with_buffers(m, "free", 1)
    local fd = assert(t:sys_open("/t/big", "rw|creat|trunc"))
    assert(t:sys_ftruncate(fd, 64 * 4096))
    assert(t:write(a, "x"))
    for i = 0, 63 do assert(t:sys_pwrite64(fd, a, 1, i * 4096) == 1) end
    assert(m:unlink("/t/big"))
    local mid = tonumber(m:cat("meminfo"):match("Shmem:%s+(%d+)"))
    assert(mid >= 256, "Shmem " .. mid .. " kB while open")
    local c = t:fork()					-- a second fd
    assert(t:sys_close(fd))
    assert(tonumber(m:cat("meminfo"):match("Shmem:%s+(%d+)")) == mid)
    c:exit()						-- the last close
    local now = tonumber(m:cat("meminfo"):match("Shmem:%s+(%d+)"))
    assert(now <= mid - 256, "Shmem " .. now .. " kB after the last close")
    t:exit()
    m:check()
  end)

  if arch == "x86_32" then
    test(arch .. ": lseek past 2^31 is EOVERFLOW on a 32-bit off_t", function()
      local t = m:spawn("ovf")
      local fd = assert(t:sys_open("/t/m", "rw"))
      assert(t:sys_lseek(fd, 0x7fffffff, "set") == 0x7fffffff)
      fails("EOVERFLOW", t:sys_lseek(fd, 1, "cur"))
      H.expect_error("32-bit off_t", t.sys_lseek, t, fd, 1 << 32, "set")
      t:exit()
      m:check()
    end)
  end
end

-- ext2: the real mke2fs, and e2fsck -fn after the machine is gone.
local function have(tool)
  return os.execute("command -v " .. tool .. " >/dev/null 2>&1 || test -x /sbin/" ..
                    tool .. " || test -x /usr/sbin/" .. tool)
end

if not (have("mke2fs") and have("e2fsck")) then
  print("ok - ext2 # skip: e2fsprogs is not installed")
else
  local img = os.tmpname()
  local path = "PATH=$PATH:/sbin:/usr/sbin "
  assert(os.execute(path .. "mke2fs -q -t ext2 -b 1024 -F " .. img ..
                    " 8M >/dev/null 2>&1"))
  local m = mm.boot{arch = "x86_64", mem = "64M"}
  assert(m:mount(img, "/mnt"))
  common(m, "/mnt", "ext2")
  test("ext2: written through fds, read back after a remount", function()
    local t, a, b = task_with_buffers(m, "ext2", 4)
    local data = pattern(3 * 4096 + 500, 9)
    local fd = assert(t:sys_open("/mnt/keep", "w|creat|trunc"))
    assert(t:write(a, data))
    assert(t:sys_write(fd, a, #data) == #data)
    assert(t:sys_fsync(fd))
    t:exit()
    assert(m:umount("/mnt"))
    assert(m:mount(img, "/mnt"))
    t = m:spawn("ext2r")
    b = assert(t:mmap{len = 4 * 4096})
    fd = assert(t:sys_open("/mnt/keep"))
    assert(t:sys_read(fd, b, 4 * 4096) == #data)
    assert(t:read(b, #data) == data)
    t:exit()
    assert(m:umount("/mnt"))
    m:check()
  end)
  m = nil
  collectgarbage()
  test("ext2: e2fsck -fn finds the image clean", function()
    local ok, _, code = os.execute(path .. "e2fsck -fn " .. img .. " >/dev/null 2>&1")
    assert(ok, "e2fsck exit " .. tostring(code))
  end)
  os.remove(img)
end

H.finish()
