// SPDX-License-Identifier: GPL-2.0
/*
 * Lua method for replaying strace logs (kernel/replay.c):
 *
 *   m:replay(path[, {maps=, check=, root=}]) -> summary table
 *
 * root: the simulated directory the log's file paths are looked up
 * under (default /mnt when a filesystem is mounted there), or false.
 * The summary: lines, processes, calls = {brk=, mmap=, munmap=,
 * mprotect=, fork=, execve=, exit=}, skipped, signals, not_modelled,
 * unmatched, unfinished, failures, beyond, unnamed_files, checked,
 * differences, failure_list, check_list, maps (with maps=true), root,
 * files_backed, files_missing, missing_list (with a root), alive (the
 * processes alive at the end: {pid=, strace_pid=}), and text (the
 * summary `mmsim replay` prints). An unreadable log, a line that cannot
 * be parsed or a root that is no directory is a Lua error.
 */
#include <string.h>

#include <mmsim/replay.h>

#include "lmm.h"

static bool opt_bool(lua_State *L, int idx, const char *key)
{
	bool v;

	lua_getfield(L, idx, key);
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
		lmm_error(L, "replay: option '%s' must be a boolean", key);
	v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

static void set_str(lua_State *L, const char *k, const struct strbuf *sb)
{
	lua_pushlstring(L, sb_str(sb), sb->len);
	lua_setfield(L, -2, k);
}

static int l_replay(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const char *path = luaL_checkstring(L, 2);
	struct replay_opts o = { 0 };
	struct strbuf text = STRBUF_INIT;
	struct replay_result r;

	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		lua_pushnil(L);
		while (lua_next(L, 3)) {
			const char *k = lua_type(L, -2) == LUA_TSTRING ?
					lua_tostring(L, -2) : "?";

			if (strcmp(k, "maps") && strcmp(k, "check") &&
			    strcmp(k, "root"))
				lmm_error(L, "replay: unknown option '%s' (expected maps, check or root)",
					  k);
			lua_pop(L, 1);
		}
		o.maps = opt_bool(L, 3, "maps");
		o.check = opt_bool(L, 3, "check");
		lua_getfield(L, 3, "root");
		if (lua_type(L, -1) == LUA_TSTRING)
			o.root = lua_tostring(L, -1);	/* kept by the table */
		else if (lua_isboolean(L, -1) && !lua_toboolean(L, -1))
			o.root = "";
		else if (!lua_isnil(L, -1))
			lmm_error(L, "replay: option 'root' must be a directory or false");
		lua_pop(L, 1);
	}
	if (replay_file(m, path, &o, &r)) {
		char err[sizeof(r.error)];

		memcpy(err, r.error, sizeof(err));
		replay_result_free(&r);
		return lmm_error(L, "replay: %s", err);
	}
	lua_newtable(L);
	lmm_set_int(L, "lines", r.lines);
	lmm_set_int(L, "processes", r.processes);
	lua_newtable(L);
	for (int k = 0; k < NR_REPLAY_KINDS; k++)
		lmm_set_int(L, replay_kind_name(k), r.calls[k]);
	lua_setfield(L, -2, "calls");
	lmm_set_int(L, "skipped", r.skipped);
	lmm_set_int(L, "signals", r.signals);
	lmm_set_int(L, "not_modelled", r.not_modelled);
	lmm_set_int(L, "unmatched", r.unmatched);
	lmm_set_int(L, "unfinished", r.unfinished);
	lmm_set_int(L, "failures", r.failures);
	lmm_set_int(L, "beyond", r.beyond);
	lmm_set_int(L, "unnamed_files", r.unnamed_files);
	lmm_set_int(L, "checked", r.checked);
	lmm_set_int(L, "differences", r.differences);
	set_str(L, "failure_list", &r.failure_list);
	set_str(L, "check_list", &r.check_list);
	if (o.maps)
		set_str(L, "maps", &r.maps);
	if (r.files) {
		lua_pushstring(L, r.root);
		lua_setfield(L, -2, "root");
		lmm_set_int(L, "files_backed", r.files_backed);
		lmm_set_int(L, "files_missing", r.files_missing);
		set_str(L, "missing_list", &r.missing_list);
	}
	lua_createtable(L, (int)r.nr_alive, 0);
	for (size_t i = 0; i < r.nr_alive; i++) {
		lua_createtable(L, 0, 2);
		lmm_set_int(L, "pid", (u64)r.alive[i].pid);
		lmm_set_int(L, "strace_pid", (u64)r.alive[i].spid);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "alive");
	replay_print_summary(&r, path, &text);
	set_str(L, "text", &text);
	sb_free(&text);
	replay_result_free(&r);
	return 1;
}

const luaL_Reg lmm_replay_methods[] = {
	{ "replay", l_replay },
	{ NULL, NULL }
};
