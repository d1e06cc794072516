// SPDX-License-Identifier: GPL-2.0
/*
 * m:vmtouch(paths[, {verbose = true}]) -> text, {files=, directories=,
 *					     pages=, resident=}
 *
 * What the vmtouch(8) tool prints when asked how much of some files sits
 * in the page cache, computed the way it computes it: a page is resident
 * when mincore() on a shared mapping of the file says so, which for a file
 * is whether the page cache holds a folio at that index (mm/mincore.c,
 * mincore_page() -> filemap_get_incore_folio(); a shadow entry left by
 * reclaim is not resident). The summary and the verbose residency chart
 * have vmtouch's format: 'O' for a fully resident stretch of the chart,
 * 'o' for a partly resident one, ' ' for none, at most 60 characters.
 *
 * SIM: the VFS has no readdir yet, so a directory is refused instead of
 * crawled; "Elapsed" is simulated time, and the lookup takes none. The
 * chart is printed once, as a terminal shows it after vmtouch's '\r'
 * redraws.
 */
#include <inttypes.h>
#include <stdio.h>

#include <mmsim/pagemap.h>

#include "lmm.h"

/* vmtouch's RESIDENCY_CHART_WIDTH. */
#define VMTOUCH_CHART_WIDTH	60

struct vmtouch_totals {
	u64 files, dirs, pages, resident;
};

/* vmtouch's pretty_print_size(): whole units, rounded down. */
static void vmtouch_size(luaL_Buffer *b, u64 bytes)
{
	static const char unit[] = { 'K', 'M', 'G' };
	char s[32];
	int i = -1;

	while (bytes >= 1024 && i < 2) {
		bytes /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(s, sizeof(s), "%" PRIu64, bytes);
	else
		snprintf(s, sizeof(s), "%" PRIu64 "%c", bytes, unit[i]);
	luaL_addstring(b, s);
}

static bool page_resident(struct address_space *mapping, unsigned long index)
{
	void *entry = xa_load(&mapping->i_pages, index);

	return entry && !xa_is_value(entry);
}

/* One chart character for @in resident pages out of @n. */
static char chart_char(u64 in, u64 n)
{
	return in == n ? 'O' : in ? 'o' : ' ';
}

/* vmtouch_file() for one regular file: count, and chart if @verbose. */
static void vmtouch_file(luaL_Buffer *b, const char *path,
			 struct inode *inode, bool verbose,
			 struct vmtouch_totals *t)
{
	struct address_space *mapping = inode->i_mapping;
	u64 pages = ((u64)i_size_read(inode) + PAGE_SIZE - 1) >> PAGE_SHIFT;
	u64 per_char, in = 0, run = 0, run_in = 0;
	char s[64];

	t->files++;
	if (!pages)
		return;		/* vmtouch skips an empty file after counting it */
	t->pages += pages;
	per_char = pages <= VMTOUCH_CHART_WIDTH ? 1 :
		   pages / VMTOUCH_CHART_WIDTH + 1;
	if (verbose) {
		luaL_addstring(b, path);
		luaL_addstring(b, "\n[");
	}
	for (u64 i = 0; i < pages; i++) {
		bool r = page_resident(mapping, (unsigned long)i);

		in += r;
		run_in += r;
		if (++run == per_char) {
			if (verbose)
				luaL_addchar(b, chart_char(run_in, run));
			run = run_in = 0;
		}
	}
	if (run && verbose)
		luaL_addchar(b, chart_char(run_in, run));
	t->resident += in;
	if (verbose) {
		snprintf(s, sizeof(s), "] %" PRIu64 "/%" PRIu64 "\n", in, pages);
		luaL_addstring(b, s);
	}
}

static int m_vmtouch(lua_State *L)
{
	struct vmtouch_totals t = { 0 };
	bool verbose = false;
	int npaths, list;
	luaL_Buffer b;
	char s[96];

	lmm_checkmachine(L, 1);
	if (lua_type(L, 2) == LUA_TSTRING) {
		lua_createtable(L, 1, 0);
		lua_pushvalue(L, 2);
		lua_rawseti(L, -2, 1);
	} else if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushvalue(L, 2);
	} else {
		return lmm_error(L, "vmtouch: expected a path or a list of paths, got %s",
				 luaL_typename(L, 2));
	}
	list = lua_gettop(L);
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		lua_getfield(L, 3, "verbose");
		verbose = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	npaths = (int)luaL_len(L, list);
	if (npaths < 1)
		return lmm_error(L, "vmtouch: no files or directories specified");

	/* Resolve every path first: an error must not leave half a report. */
	for (int i = 1; i <= npaths; i++) {
		struct path p;
		const char *path;
		int err;

		lua_rawgeti(L, list, i);
		path = lua_tostring(L, -1);
		if (!path)
			return lmm_error(L, "vmtouch: path %d is a %s, not a string",
					 i, luaL_typename(L, -1));
		err = kern_path(path, &p);
		if (err)
			return lmm_error(L, "vmtouch: %s: %s", path,
					 err == -ENOENT ? "no such file or directory" :
					 err == -ENOTDIR ? "not a directory" :
					 "cannot look it up");
		if (S_ISDIR(p.dentry->d_inode->i_mode))
			return lmm_error(L, "vmtouch: %s is a directory; mmsim's VFS has "
					 "no readdir yet, name the files", path);
		if (!S_ISREG(p.dentry->d_inode->i_mode))
			return lmm_error(L, "vmtouch: %s is not a regular file", path);
		lua_pop(L, 1);
	}

	luaL_buffinit(L, &b);
	for (int i = 1; i <= npaths; i++) {
		struct path p;
		const char *path;

		lua_rawgeti(L, list, i);
		path = lua_tostring(L, -1);
		lua_pop(L, 1);	/* the list keeps the string alive */
		if (kern_path(path, &p))
			continue;	/* resolved a moment ago: cannot fail */
		vmtouch_file(&b, path, p.dentry->d_inode, verbose, &t);
	}
	if (verbose)
		luaL_addchar(&b, '\n');
	snprintf(s, sizeof(s), "           Files: %" PRIu64 "\n", t.files);
	luaL_addstring(&b, s);
	snprintf(s, sizeof(s), "     Directories: %" PRIu64 "\n", t.dirs);
	luaL_addstring(&b, s);
	snprintf(s, sizeof(s), "  Resident Pages: %" PRIu64 "/%" PRIu64 "  ",
		 t.resident, t.pages);
	luaL_addstring(&b, s);
	vmtouch_size(&b, t.resident * PAGE_SIZE);
	luaL_addchar(&b, '/');
	vmtouch_size(&b, t.pages * PAGE_SIZE);
	luaL_addstring(&b, "  ");
	if (t.pages) {
		snprintf(s, sizeof(s), "%.3g%%", 100.0 * (double)t.resident /
			 (double)t.pages);
		luaL_addstring(&b, s);
	}
	luaL_addstring(&b, "\n         Elapsed: 0 seconds\n");
	luaL_pushresult(&b);

	lua_createtable(L, 0, 4);
	lmm_set_int(L, "files", t.files);
	lmm_set_int(L, "directories", t.dirs);
	lmm_set_int(L, "pages", t.pages);
	lmm_set_int(L, "resident", t.resident);
	return 2;
}

const luaL_Reg lmm_vmtouch_methods[] = {
	{ "vmtouch", m_vmtouch },
	{ NULL, NULL }
};
