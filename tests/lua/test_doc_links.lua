-- Every link between the project's documents lands somewhere: for each
-- Markdown link `[text](path)` or `[text](path#anchor)` in README.md and
-- docs/*.md, and each `docs/NAME.md#anchor` the tour prints, the file
-- exists and defines the anchor — an explicit `<a id="anchor">` or a
-- heading whose GitHub-style slug is the anchor. And docs/notes.md has an
-- entry for every note item id the README's status table names.
-- ctest runs this from the source directory.
local H = dofile("tests/lua/lib/harness.lua")

local function read(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return text
end

-- GitHub's anchor of a heading: lower case, punctuation dropped, spaces
-- turned into hyphens.
local function slug(heading)
  local s = heading:lower():gsub("[^%w%s_-]", ""):gsub("%s", "-")
  return s
end

local anchor_cache = {}
local function anchors(path)
  if anchor_cache[path] then return anchor_cache[path] end
  local text = assert(read(path), "cannot read " .. path)
  local set = {}
  for id in text:gmatch('<a id="([^"]+)"') do set[id] = true end
  local in_code = false
  for line in text:gmatch("[^\n]*") do
    if line:match("^```") then in_code = not in_code end
    local h = not in_code and line:match("^#+%s+(.-)%s*$")
    if h then set[slug(h)] = true end
  end
  anchor_cache[path] = set
  return set
end

local function dirname(path) return path:match("^(.*)/") or "." end

-- Check one link target written in @from; returns an error text or nil.
local function check_target(from, target)
  if target:match("^%a[%w+.-]*:") then return nil end	-- http:, mailto:
  local file, anchor = target:match("^([^#]*)#?(.*)$")
  local path = file == "" and from or (dirname(from) .. "/" .. file)
  path = path:gsub("^%./", "")
  if not read(path) and not io.open(path .. "/.", "r") then
    return ("%s: link to %s: no such file"):format(from, target)
  end
  if anchor ~= "" and path:match("%.md$") and not anchors(path)[anchor] then
    return ("%s: link to %s: %s has no anchor '%s'"):format(from, target,
                                                            path, anchor)
  end
  return nil
end

local function docs_files()
  local files = {"README.md"}
  local p = assert(io.popen("ls docs/*.md"))
  for f in p:lines() do files[#files + 1] = f end
  p:close()
  assert(#files > 1, "no docs/*.md found (run from the source directory)")
  return files
end

H.test("links in README.md and docs/*.md land on a file and an anchor", function()
  local bad = {}
  for _, from in ipairs(docs_files()) do
    local text = read(from)
    -- Drop code spans and blocks: `[x](y)` there is not a link.
    text = text:gsub("```.-```", ""):gsub("`[^`\n]*`", "")
    for target in text:gmatch("%]%(([^)%s]+)%)") do
      local err = check_target(from, target)
      if err then bad[#bad + 1] = err end
    end
  end
  if #bad > 0 then error(table.concat(bad, "\n"), 0) end
end)

H.test("the tour's docs/notes.md links have their anchors", function()
  local tour = assert(read("cli/tour.lua"), "cannot read cli/tour.lua")
  local ids = {}
  for id in tour:gmatch('id%s*=%s*"(%u%d)"') do ids[#ids + 1] = id end
  assert(#ids > 0, "no step ids in cli/tour.lua")
  assert(tour:find("docs/notes.md#", 1, true), "the tour does not link docs/notes.md")
  local missing = {}
  for _, id in ipairs(ids) do
    if not anchors("docs/notes.md")[id:lower()] then missing[#missing + 1] = id end
  end
  if #missing > 0 then
    error("docs/notes.md has no entry for tour steps " .. table.concat(missing, ", "), 0)
  end
end)

H.test("every id of the README's status table has an entry in docs/notes.md", function()
  local readme = assert(read("README.md"))
  local table_text = readme:match("\n| id | item | status | scenario |\n(.-)\n\n") or
                     readme:match("\n| id | item | status | scenario |\n(.*)$")
  assert(table_text, "README.md has no status table")
  local n, missing = 0, {}
  for line in table_text:gmatch("[^\n]+") do
    local cell = line:match("^|%s*(.-)%s*|")
    for id in (cell or ""):gmatch("%f[%w](%u%d)%f[%W]") do
      n = n + 1
      if not anchors("docs/notes.md")[id:lower()] then missing[#missing + 1] = id end
    end
  end
  assert(n >= 20, "found only " .. n .. " ids in the status table")
  if #missing > 0 then
    error("docs/notes.md has no entry for " .. table.concat(missing, ", "), 0)
  end
end)

H.finish()
