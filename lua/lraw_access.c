// SPDX-License-Identifier: GPL-2.0
/*
 * The Lua side of the raw-write policy (mm/raw_access.c), shared by
 * m:phys_write (lua/lpaging.c) and m:kwrite (lua/lslab.c):
 *
 *	{force=true}		the only option of both methods
 *	m:tainted() -> false | {count=, method=, addr=, pa=, len=, what=}
 *
 * A refused write raises "cannot write N bytes at ADDR: <owner>"; with
 * force=true it happens and taints the machine (add_taint_raw_write()).
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/raw_access.h>

#include "lmm.h"
#include "lraw_access.h"

/**
 * lmm_raw_force - the options table of a raw write
 * @L: Lua state
 * @idx: stack index of the options (none or nil: no options)
 * @what: the method, for errors ("phys_write")
 *
 * Strict: a value that is no table, a key other than force or a force
 * that is no boolean is an error.
 *
 * Return: the value of force.
 */
bool lmm_raw_force(lua_State *L, int idx, const char *what)
{
	bool force = false;

	if (lua_isnoneornil(L, idx))
		return false;
	if (lua_type(L, idx) != LUA_TTABLE)
		lmm_error(L, "%s: the options must be a table {force}, not a %s",
			  what, luaL_typename(L, idx));
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    strcmp(lua_tostring(L, -2), "force"))
			lmm_error(L, "%s: unknown option '%s' (force)", what,
				  lua_type(L, -2) == LUA_TSTRING ?
				  lua_tostring(L, -2) : luaL_typename(L, -2));
		if (lua_type(L, -1) != LUA_TBOOLEAN)
			lmm_error(L, "%s: option force must be a boolean, not a %s",
				  what, luaL_typename(L, -1));
		force = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	return force;
}

/**
 * lmm_raw_refuse - refuse a raw write, or let a forced one taint
 * @L: Lua state
 * @m: the machine
 * @r: the refusal raw_write_check() reported
 *
 * Without @r->force raises "METHOD: cannot write N bytes at ADDR: WHY";
 * with it records the taint and returns, and the caller writes.
 */
void lmm_raw_refuse(lua_State *L, struct machine *m,
		    const struct lmm_raw_refusal *r)
{
	char at[64] = "";

	if (r->addr != r->pa)
		snprintf(at, sizeof(at), " (phys 0x%llx)",
			 (unsigned long long)r->pa);
	if (!r->force)
		lmm_error(L, "%s: cannot write %zu byte%s at 0x%llx%s: %s (pass {force=true} to write anyway and taint the machine)",
			  r->method + 2, r->len, r->len == 1 ? "" : "s", (unsigned long long)r->addr,
			  at, r->why);
	add_taint_raw_write(m, r->method, r->addr, r->pa, r->len, r->why);
}

/* m:tainted() -> false | {count=, method=, addr=, pa=, len=, what=} */
static int l_tainted(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const struct raw_taint *t = machine_taint(m);

	if (!t) {
		lua_pushboolean(L, 0);
		return 1;
	}
	lua_createtable(L, 0, 6);
	lmm_set_int(L, "count", t->count);
	lua_pushstring(L, t->method);
	lua_setfield(L, -2, "method");
	lmm_set_int(L, "addr", t->addr);
	lmm_set_int(L, "pa", t->pa);
	lmm_set_int(L, "len", t->len);
	lua_pushstring(L, t->what);
	lua_setfield(L, -2, "what");
	return 1;
}

const luaL_Reg lmm_raw_access_methods[] = {
	{ "tainted", l_tainted },
	{ NULL, NULL }
};
