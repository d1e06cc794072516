-- docs/cli-and-lua.md documents every name the program really registers.
-- The names come from the running program, not from its sources: the
-- functions and fields of module `mm`, the methods of a booted machine's
-- metatable, of a cpu object's, a task's and of an mm.xarray() object's, and the
-- commands and options that `mmsim --help` names. Each must have its entry in the reference:
--   a function or method   a heading spelling its call:  ### `mm.size(...`
--                          #### `m:alloc_pages(...`  #### `cpu:set_tlb{...`
--   a module field         a heading  ### `mm.version`
--   a command              a heading  ### run
--   an option              a table row  | `--arch` | ...
-- and no heading may name a function or method that does not exist.
-- ctest runs this from the source directory.
local H = dofile("tests/lua/lib/harness.lua")

local DOC = "docs/cli-and-lua.md"

local function read_doc()
  local f = assert(io.open(DOC, "r"), "cannot open " .. DOC ..
                   " (run from the source directory)")
  local text = f:read("a")
  f:close()
  return text
end

local doc = read_doc()
local headings, rows = {}, {}
for line in doc:gmatch("[^\n]+") do
  if line:match("^#+%s") then headings[#headings + 1] = line end
  if line:match("^|") then rows[#rows + 1] = line end
end

-- Is `pattern` (plain text) on one of @lines?
local function on_a_line(lines, text)
  for _, l in ipairs(lines) do
    if l:find(text, 1, true) then return true end
  end
  return false
end

-- A call's heading: "`PREFIXname(" or "`PREFIXname{".
local function documented_call(prefix, name)
  return on_a_line(headings, "`" .. prefix .. name .. "(") or
         on_a_line(headings, "`" .. prefix .. name .. "{")
end

-- The sorted keys of table @t.
local function keys(t)
  local k = {}
  for name in pairs(t) do k[#k + 1] = name end
  table.sort(k)
  return k
end

-- Fail with the list of @missing names, if any.
local function report(what, missing)
  if #missing > 0 then
    error(("%d %s missing from %s: %s"):format(#missing, what, DOC,
          table.concat(missing, ", ")), 0)
  end
end

-- Every method of @methods (a name -> function table) has its heading.
local function check_methods(prefix, methods, what)
  local missing = {}
  for _, name in ipairs(keys(methods)) do
    if not documented_call(prefix, name) then
      missing[#missing + 1] = prefix .. name
    end
  end
  report(what, missing)
end

-- No heading names a `PREFIXname(` that @methods lacks.
local function check_stale(prefix, methods, what)
  local stale = {}
  local pat = "`" .. prefix:gsub("%p", "%%%0") .. "([%w_]+)[({]"
  for _, l in ipairs(headings) do
    for name in l:gmatch(pat) do
      if methods[name] == nil then stale[#stale + 1] = prefix .. name end
    end
  end
  if #stale > 0 then
    error(("%s documents %s that do not exist: %s"):format(DOC, what,
          table.concat(stale, ", ")), 0)
  end
end

local m = mm.boot{mem = "64M", cpus = 1}
local machine_methods = getmetatable(m).__index
local cpu_methods = getmetatable(m:cpu(0)).__index

H.test("module mm: every function and field has an entry", function()
  local missing = {}
  for _, name in ipairs(keys(mm)) do
    local ok
    if type(mm[name]) == "function" then
      ok = documented_call("mm.", name)
    else
      ok = on_a_line(headings, "`mm." .. name .. "`")
    end
    if not ok then missing[#missing + 1] = "mm." .. name end
  end
  report("mm entries", missing)
  check_stale("mm.", mm, "mm functions")
end)

H.test("machine: every method of the metatable has an entry", function()
  assert(type(machine_methods) == "table", "machine metatable has no __index table")
  check_methods("m:", machine_methods, "machine methods")
  check_stale("m:", machine_methods, "machine methods")
end)

H.test("cpu object: every method has an entry", function()
  assert(type(cpu_methods) == "table", "cpu metatable has no __index table")
  check_methods("cpu:", cpu_methods, "cpu methods")
  check_stale("cpu:", cpu_methods, "cpu methods")
end)

H.test("task object: every method has an entry", function()
  local task_methods = getmetatable(m:spawn("docs")).__index
  assert(type(task_methods) == "table", "task metatable has no __index table")
  check_methods("task:", task_methods, "task methods")
  check_stale("task:", task_methods, "task methods")
end)

H.test("xarray object: every method has an entry", function()
  local xa_methods = getmetatable(mm.xarray()).__index
  assert(type(xa_methods) == "table", "xarray metatable has no __index table")
  check_methods("xa:", xa_methods, "xarray methods")
  check_stale("xa:", xa_methods, "xarray methods")
end)

-- The mmsim binary running this script: the first word of its command line.
local function mmsim_path()
  local i = -1
  while arg[i - 1] ~= nil do i = i - 1 end
  assert(arg[i], "no interpreter path in arg[]")
  return arg[i]
end

local function sh_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Output (stdout and stderr) and success of `mmsim ARGS`.
local function run(args)
  local p = assert(io.popen(sh_quote(mmsim_path()) .. " " .. args .. " 2>&1 </dev/null"))
  local out = p:read("a")
  local ok = p:close()
  return out, ok
end

local help = run("--help")

H.test("cli: every command in --help has a heading", function()
  local commands, missing = {}, {}
  for line in help:gmatch("[^\n]+") do
    local cmd = line:match("^%s+mmsim%s+%[MACHINE OPTIONS%]%s+([%a][%w-]*)") or
                line:match("^%s+mmsim%s+([%a][%w-]*)")
    -- Commands are lower case: "mmsim COMMAND --help" is a placeholder.
    if cmd and cmd:match("^%l") and not commands[cmd] then
      commands[cmd] = true
      if not (on_a_line(headings, "### " .. cmd) or
              on_a_line(headings, "### `mmsim " .. cmd)) then
        missing[#missing + 1] = cmd
      end
    end
  end
  assert(next(commands), "found no command in mmsim --help")
  report("commands", missing)
end)

H.test("cli: every option in --help has a table row", function()
  local seen, missing, n = {}, {}, 0
  for opt in help:gmatch("%-%-[%a][%w-]*") do
    if not seen[opt] then
      seen[opt] = true
      -- A word of the help text that looks like an option but that
      -- neither mmsim nor its tour accepts is an example (--opt=value).
      local out = run(opt)
      local real = not out:find("unknown option", 1, true) or
                   select(2, run("tour " .. opt .. " --list"))
      if real then
        n = n + 1
        if not on_a_line(rows, "| `" .. opt) then
          missing[#missing + 1] = opt
        end
      end
    end
  end
  assert(n >= 10, "found only " .. n .. " options in mmsim --help")
  report("options", missing)
end)

m:destroy()
H.finish()
