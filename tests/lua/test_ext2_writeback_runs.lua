-- ext2 writeback by runs (ext2_writepages: ext2_get_blocks allocates the
-- dirty pages that follow at once, contiguous blocks go out in one
-- pwritev): a file written with holes between dirty stretches, stretches
-- that cross the direct/indirect boundary and an indirect block's end,
-- pages rewritten over blocks already mapped, a write-back limited to a
-- range (fsync of part of the file is still the whole file here, but the
-- flusher's budget is not), then a truncate that frees by runs. Checked
-- against a model after a remount, and by the real e2fsck -fn.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function have(tool)
  return os.execute("command -v " .. tool .. " >/dev/null 2>&1 || test -x /sbin/" ..
                    tool .. " || test -x /usr/sbin/" .. tool)
end

if not (have("mke2fs") and have("e2fsck")) then
  print("ok - ext2 writeback # skip: e2fsprogs is not installed")
  return
end

local PATH = "PATH=$PATH:/sbin:/usr/sbin "

-- model: page index -> one char the whole page holds; absent = hole
local function page(c) return string.rep(c, 4096) end

local function expect_file(m, path, model, npages)
  local f = assert(m:open(path))
  local st = f:stat()
  assert(st.size == npages * 4096, "size " .. st.size)
  for i = 0, npages - 1 do
    local got = f:read(i * 4096, 4096)
    local want = model[i] and page(model[i]) or string.rep("\0", 4096)
    if got ~= want then
      f:close()
      error(path .. ": page " .. i .. " differs")
    end
  end
  f:close()
end

local function vs(m, key)
  return tonumber(m:cat("vmstat"):match("\n" .. key .. " (%d+)"))
end

for _, bs in ipairs({1024, 4096}) do
  local img = os.tmpname()
  assert(os.execute(PATH .. "mke2fs -q -t ext2 -b " .. bs .. " -F " .. img ..
                    " 16M >/dev/null 2>&1"))
  local m = mm.boot{arch = "x86_64", mem = "128M"}
  assert(m:mount(img, "/mnt"))
  local model, npages = {}, 0
  local f = assert(m:open("/mnt/runs", "rw|creat"))
  local function put(i, c)
    assert(f:write(i * 4096, page(c)) == 4096)
    model[i] = c
    if i + 1 > npages then npages = i + 1 end
  end

  test("ext2 " .. bs .. ": dirty stretches with holes, written back in runs", function()
    -- 12 direct blocks end at 12 KiB (1K blocks) or 48 KiB (4K);
    -- the first indirect block ends at 268 KiB or 4144 KiB
    for i = 0, 80 do put(i, string.char(65 + i % 26)) end
    for i = 100, 140, 3 do put(i, "x") end             -- holes between
    for i = 1030, 1060 do put(i, "y") end               -- past 4144 KiB
    local out0 = vs(m, "pgpgout")
    assert(f:fsync())
    assert(m:fincore("/mnt/runs").dirty == 0)
    -- every page inside i_size was written once
    local pages = 0
    for _ in pairs(model) do pages = pages + 1 end
    assert(vs(m, "pgpgout") - out0 == pages * 4, "pgpgout " .. (vs(m, "pgpgout") - out0))
    -- the holes stayed holes: data blocks plus a few indirect blocks
    local blocks = f:stat().blocks
    assert(blocks >= pages * 8 and blocks <= pages * 8 + 64,
           "i_blocks " .. blocks .. " for " .. pages .. " pages")
    m:check()
  end)

  test("ext2 " .. bs .. ": rewrites over mapped blocks, new pages between", function()
    for i = 10, 20 do put(i, "r") end                   -- mapped: overwrite
    for i = 81, 99 do put(i, "n") end                   -- fills the hole run
    put(101, "h")
    m:sync()
    f:close()
    assert(m:umount("/mnt"))
    assert(m:mount(img, "/mnt"))
    expect_file(m, "/mnt/runs", model, npages)
    m:check()
  end)

  test("ext2 " .. bs .. ": truncation frees by runs", function()
    local t = assert(m:open("/mnt/runs", "rw"))
    assert(t:truncate(50 * 4096 + 100))
    t:close()
    for i = 51, npages - 1 do model[i] = nil end
    m:sync()
    assert(m:umount("/mnt"))
    assert(m:mount(img, "/mnt"))
    local g = assert(m:open("/mnt/runs"))
    local s = g:read(50 * 4096, 8192)
    g:close()
    assert(#s == 100 and s == string.rep(model[50], 100))
    assert(m:umount("/mnt"))
    m:check()
  end)

  test("ext2 " .. bs .. ": e2fsck -fn finds the image clean", function()
    local ok, _, code = os.execute(PATH .. "e2fsck -fn " .. img .. " >/dev/null 2>&1")
    assert(ok, "e2fsck exit " .. tostring(code))
  end)
  os.remove(img)
end

H.finish()
