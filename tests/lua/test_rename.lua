-- m:rename() through the VFS (do_renameat2 -> vfs_rename -> ->rename) on
-- the rootfs (ramfs), a tmpfs, a memdisk and an ext2 image made by the
-- real mke2fs: data follows the name, the old name is gone, the link
-- counts of the parents move with a directory, open files keep working
-- and show their new path, Linux's errors for every refusal, and the
-- image stays clean for e2fsck after the machine is gone.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function put(m, path, s)
  local f = assert(m:open(path, "w|creat|trunc"))
  assert(f:write(0, s) == #s)
  f:close()
end

local function get(m, path)
  local f, e = m:open(path)
  if not f then return nil, e end
  local s = f:read(0, 1 << 20)
  f:close()
  return s
end

local function nlink(m, path)
  local f = assert(m:open(path))
  local n = f:stat().nlink
  f:close()
  return n
end

local function fails(want, ok, e)
  assert(ok == nil and e == want,
         "expected nil, " .. want .. ", got " .. tostring(ok) .. ", " .. tostring(e))
end

-- The behaviour every filesystem shares, under directory `d`.
local function common(m, d, fsname)
  test(fsname .. ": a file within and across directories", function()
    assert(m:mkdir(d .. "/a"))
    assert(m:mkdir(d .. "/b"))
    put(m, d .. "/a/f", "hello")
    assert(m:rename(d .. "/a/f", d .. "/a/g") == true)
    assert(get(m, d .. "/a/g") == "hello")
    fails("ENOENT", get(m, d .. "/a/f"))
    assert(m:rename(d .. "/a/g", d .. "/b/h"))
    assert(get(m, d .. "/b/h") == "hello")
    fails("ENOENT", get(m, d .. "/a/g"))
    -- the same name twice: nothing happens
    assert(m:rename(d .. "/b/h", d .. "/b/h"))
    assert(get(m, d .. "/b/h") == "hello")
    m:check()
  end)

  test(fsname .. ": replacing a file, and NOREPLACE", function()
    put(m, d .. "/b/x", "xxxx")
    fails("EEXIST", m:rename(d .. "/b/h", d .. "/b/x", "noreplace"))
    assert(get(m, d .. "/b/x") == "xxxx")
    -- an open file over the replaced name keeps its data
    local held = assert(m:open(d .. "/b/x"))
    assert(m:rename(d .. "/b/h", d .. "/b/x"))
    assert(get(m, d .. "/b/x") == "hello")
    fails("ENOENT", get(m, d .. "/b/h"))
    assert(held:read(0, 10) == "xxxx")
    assert(held:stat().nlink == 0)
    held:close()
    assert(m:rename(d .. "/b/x", d .. "/b/y", "noreplace"))
    assert(get(m, d .. "/b/y") == "hello")
    m:check()
  end)

  test(fsname .. ": a directory moves with its files and '..'", function()
    assert(m:mkdir(d .. "/a/sub"))
    put(m, d .. "/a/sub/inner", "in")
    local na, nb = nlink(m, d .. "/a"), nlink(m, d .. "/b")
    assert(m:rename(d .. "/a/sub", d .. "/b/sub2"))
    assert(nlink(m, d .. "/a") == na - 1 and nlink(m, d .. "/b") == nb + 1,
           "parents' link counts")
    assert(get(m, d .. "/b/sub2/inner") == "in")
    assert(get(m, d .. "/b/sub2/../y") == "hello")
    fails("ENOENT", get(m, d .. "/a/sub/inner"))
    -- over an empty directory: replaced; over a non-empty one: ENOTEMPTY
    assert(m:mkdir(d .. "/a/empty"))
    na, nb = nlink(m, d .. "/a"), nlink(m, d .. "/b")
    assert(m:rename(d .. "/b/sub2", d .. "/a/empty"))
    assert(nlink(m, d .. "/a") == na and nlink(m, d .. "/b") == nb - 1)
    assert(get(m, d .. "/a/empty/inner") == "in")
    assert(m:mkdir(d .. "/full"))
    put(m, d .. "/full/f", "f")
    fails("ENOTEMPTY", m:rename(d .. "/a/empty", d .. "/full"))
    m:check()
  end)

  test(fsname .. ": refusals", function()
    fails("ENOENT", m:rename(d .. "/nope", d .. "/x"))
    fails("ENOENT", m:rename(d .. "/nope/x", d .. "/x"))
    fails("ENOENT", m:rename(d .. "/b/y", d .. "/nope/x"))
    -- directory over file, file over directory
    fails("ENOTDIR", m:rename(d .. "/a/empty", d .. "/b/y"))
    fails("EISDIR", m:rename(d .. "/b/y", d .. "/a/empty"))
    -- a directory into its own subtree; a target that is an ancestor
    fails("EINVAL", m:rename(d .. "/a", d .. "/a/empty/deeper"))
    fails("EINVAL", m:rename(d .. "/a", d .. "/a/x"))
    fails("ENOTEMPTY", m:rename(d .. "/a/empty", d .. "/a"))
    -- a trailing slash on a file; ".", ".." and "/"
    fails("ENOTDIR", m:rename(d .. "/b/y/", d .. "/b/z"))
    fails("ENOTDIR", m:rename(d .. "/b/y", d .. "/b/z/"))
    assert(m:rename(d .. "/a/empty/", d .. "/a/empty2/"))
    assert(m:rename(d .. "/a/empty2", d .. "/a/empty"))
    fails("EBUSY", m:rename(d .. "/a/.", d .. "/x"))
    fails("EBUSY", m:rename(d .. "/b/y", d .. "/a/.."))
    fails("EBUSY", m:rename("/", d .. "/x"))
    -- through a file
    fails("ENOTDIR", m:rename(d .. "/b/y/z", d .. "/x"))
    -- flags
    fails("EINVAL", m:rename(d .. "/b/y", d .. "/b/z", "noreplace|exchange"))
    H.expect_error("unknown flag 'bogus'", function()
      m:rename(d .. "/b/y", d .. "/b/z", "bogus")
    end)
    assert(get(m, d .. "/b/y") == "hello")
    m:check()
  end)
end

local function exchange(m, d, fsname)
  test(fsname .. ": RENAME_EXCHANGE", function()
    assert(m:mkdir(d .. "/ex"))
    assert(m:mkdir(d .. "/ex/dir"))
    assert(m:mkdir(d .. "/ex/dir/in"))
    put(m, d .. "/ex/f", "file")
    local nex, ndir = nlink(m, d .. "/ex"), nlink(m, d .. "/ex/dir")
    -- a file and a directory in different directories swap, and the
    -- directory's ".." moves
    assert(m:rename(d .. "/ex/f", d .. "/ex/dir/in", "exchange"))
    assert(get(m, d .. "/ex/dir/in") == "file")
    local f = assert(m:open(d .. "/ex/f"))
    local ty = f:stat().type
    f:close()
    assert(ty == "dir", "a directory now: " .. ty)
    assert(nlink(m, d .. "/ex") == nex + 1 and nlink(m, d .. "/ex/dir") == ndir - 1)
    fails("ENOENT", m:rename(d .. "/ex/f", d .. "/ex/none", "exchange"))
    fails("EINVAL", m:rename(d .. "/ex", d .. "/ex/dir", "exchange"))
    fails("EINVAL", m:rename(d .. "/ex/dir", d .. "/ex", "exchange"))
    m:check()
  end)
end

for _, arch in ipairs({"x86_64", "arm32"}) do
  local m = mm.boot{arch = arch, mem = "64M"}

  common(m, "/tmp", arch .. " rootfs")
  exchange(m, "/tmp", arch .. " rootfs")

  test(arch .. ": tmpfs and memdisk, mounts", function()
    assert(m:mkdir("/t"))
    assert(m:mount("tmpfs", "/t"))
    common(m, "/t", arch .. " tmpfs")
    exchange(m, "/t", arch .. " tmpfs")
    put(m, "/t/cross", "c")
    fails("EXDEV", m:rename("/t/cross", "/tmp/cross"))
    fails("EXDEV", m:rename("/tmp/b/y", "/t/y"))
    -- the mount point itself, and a name over it
    fails("EBUSY", m:rename("/t", "/t2"))
    put(m, "/tmp/plain", "p")
    assert(m:mkdir("/emptydir"))
    fails("EBUSY", m:rename("/emptydir", "/t"))
    fails("EBUSY", m:rename("/t/.", "/t/x"))
    assert(m:umount("/t"))
    assert(m:mkdir("/md"))
    assert(m:mount("memdisk", "/md"))
    common(m, "/md", arch .. " memdisk")
    assert(m:umount("/md"))
    m:check()
  end)

  test(arch .. ": an open file's path follows the rename", function()
    local t = m:spawn("ren")
    put(m, "/tmp/mapped", string.rep("m", 4096))
    local f = assert(m:open("/tmp/mapped", "rw"))
    local va = assert(t:mmap{len = 4096, prot = "rw", flags = "shared", file = f})
    assert(m:cat("/proc/" .. t:pid() .. "/maps"):find("/tmp/mapped", 1, true))
    assert(m:rename("/tmp/mapped", "/tmp/a/moved"))
    local maps = m:cat("/proc/" .. t:pid() .. "/maps")
    assert(maps:find("/tmp/a/moved", 1, true), maps)
    assert(t:read(va, 4) == "mmmm")
    f:close()
    t:exit()
    m:check()
  end)
end

-- ext2: the real mke2fs, and e2fsck -fn after the machine is gone.
local function have(tool)
  return os.execute("command -v " .. tool .. " >/dev/null 2>&1 || test -x /sbin/" ..
                    tool .. " || test -x /usr/sbin/" .. tool)
end

if not (have("mke2fs") and have("e2fsck")) then
  print("ok - ext2 # skip: e2fsprogs is not installed")
else
  for _, bs in ipairs({1024, 4096}) do
    local img = os.tmpname()
    local path = "PATH=$PATH:/sbin:/usr/sbin "
    assert(os.execute(path .. "mke2fs -q -t ext2 -b " .. bs .. " -F " .. img ..
                      " 8M >/dev/null 2>&1"))
    local m = mm.boot{arch = "x86_64", mem = "64M"}
    assert(m:mount(img, "/mnt"))
    common(m, "/mnt", "ext2 " .. bs)
    test("ext2 " .. bs .. ": RENAME_EXCHANGE is EINVAL, as Linux's ext2", function()
      put(m, "/mnt/e1", "1")
      put(m, "/mnt/e2", "2")
      fails("EINVAL", m:rename("/mnt/e1", "/mnt/e2", "exchange"))
      assert(get(m, "/mnt/e1") == "1" and get(m, "/mnt/e2") == "2")
    end)
    test("ext2 " .. bs .. ": names survive a remount", function()
      assert(m:umount("/mnt"))
      assert(m:mount(img, "/mnt"))
      assert(get(m, "/mnt/b/y") == "hello")
      assert(get(m, "/mnt/a/empty/inner") == "in")
      fails("ENOENT", get(m, "/mnt/b/h"))
      fails("ENOENT", get(m, "/mnt/a/sub"))
      assert(m:umount("/mnt"))
      m:check()
    end)
    test("ext2 " .. bs .. ": e2fsck -fn finds the image clean", function()
      local ok, _, code = os.execute(path .. "e2fsck -fn " .. img .. " >/dev/null 2>&1")
      assert(ok, "e2fsck exit " .. tostring(code))
    end)
    os.remove(img)
  end
end

H.finish()
