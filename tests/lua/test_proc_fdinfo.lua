-- /proc/PID/fdinfo/FD as fs/proc/fd.c prints it: the position, the open
-- flags in octal (O_CLOEXEC from the fd table, O_LARGEFILE on 64-bit
-- kernels, O_CREAT/O_TRUNC gone after the open), the mount id and the
-- inode; and m:proc_export's PID/fd links (read back with the real
-- readlink) and PID/fdinfo files, which follow opens and closes.
local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function field(text, key)
  return text:match(key .. ":\t([^\n]*)")
end

for _, arch in ipairs{"x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "64M"}
  local large = m:info().bits == 64 and 0x8000 or 0	-- O_LARGEFILE
  assert(m:mkdir("/t") and m:mount("tmpfs", "/t"))
  assert(m:mkdir("/u") and m:mount("tmpfs", "/u"))
  local p = m:spawn("sh")
  local a = assert(p:mmap{len = 4096})
  local rw = assert(p:sys_open("/t/a", "rw|creat|trunc|cloexec"))
  local wo = assert(p:sys_open("/u/b", "w|creat|append"))
  assert(p:write(a, "0123456789"))
  assert(p:sys_write(rw, a, 10) == 10)
  local function fdinfo(fd) return m:cat("/proc/" .. p:pid() .. "/fdinfo/" .. fd) end

  test(arch .. ": fdinfo fields", function()
    local x, y = fdinfo(rw), fdinfo(wo)
    assert(field(x, "pos") == "10" and field(y, "pos") == "0")
    -- O_RDWR | O_CLOEXEC (02000000), O_CREAT and O_TRUNC gone
    assert(tonumber(field(x, "flags"), 8) == (2 | 0x80000 | large), field(x, "flags"))
    -- O_WRONLY | O_APPEND (02000)
    assert(tonumber(field(y, "flags"), 8) == (1 | 0x400 | large), field(y, "flags"))
    assert(field(x, "flags"):sub(1, 1) == "0", "octal with a leading 0")
    assert(field(x, "mnt_id") ~= field(y, "mnt_id"), "two mounts, two ids")
    assert(tonumber(field(x, "ino")) > 0)
    H.expect_error("no such file", m.cat, m, "/proc/" .. p:pid() .. "/fdinfo/9")
    H.expect_error("no such file", m.cat, m, "/proc/" .. p:pid() .. "/fdinfo/x")
    for _, bad in ipairs{"+0", "-0", "00", " 0", ""} do	-- name_to_int()
      H.expect_error("no such file", m.cat, m, "/proc/" .. p:pid() .. "/fdinfo/" .. bad)
    end
    -- bits open(2) does not know are dropped (build_open_how)
    local odd = assert(p:sys_open("/t/a", 0x40000000 | 2))
    assert(tonumber(field(fdinfo(odd), "flags"), 8) == (2 | large))
    assert(p:sys_close(odd))
  end)

  test(arch .. ": the export's fd links and fdinfo files", function()
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir " .. dir))
    local function readlink(fd)
      local f = io.popen("readlink " .. dir .. "/" .. p:pid() .. "/fd/" .. fd)
      local s = f:read("l")
      f:close()
      return s
    end
    local function exported(fd)
      local f = io.open(dir .. "/" .. p:pid() .. "/fdinfo/" .. fd)
      if not f then return nil end
      local s = f:read("a")
      f:close()
      return s
    end
    assert(m:proc_export(dir))
    assert(readlink(rw) == "/t/a" and readlink(wo) == "/u/b")
    assert(exported(rw) == fdinfo(rw))
    -- a close shows at the next export; an exit removes the directory
    assert(p:sys_close(rw))
    assert(m:proc_export(dir))
    assert(readlink(rw) == nil and exported(rw) == nil and readlink(wo) == "/u/b")
    p:exit()
    assert(m:proc_export(dir))
    assert(exported(wo) == nil)
    assert(os.execute("rm -r " .. dir))
    assert(m:check())
  end)
end
H.finish()
