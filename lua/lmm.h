/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Lua binding (module `mm`): each subsystem exports its machine methods
 * as a NULL-terminated luaL_Reg table that lua/lmm.c merges into the
 * machine metatable.
 */
#ifndef MMSIM_LUA_LMM_H
#define MMSIM_LUA_LMM_H

#include <lua.h>
#include <lauxlib.h>

struct machine;

/* The machine at @idx (a Lua error if it is not one); also makes it current. */
struct machine *lmm_checkmachine(lua_State *L, int idx);

/* lua/llayout.c: m:layout(), m:pa(v), m:va(p). */
extern const luaL_Reg lmm_layout_methods[];
/* lua/lpage_alloc.c: m:alloc_pages, m:free_pages, m:page, m:drain_pages... */
extern const luaL_Reg lmm_page_alloc_methods[];

#endif /* MMSIM_LUA_LMM_H */
