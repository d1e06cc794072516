/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Lua cpu object (lua/lcpu.c), created by the machine method m:cpu(i)
 * that lua/lpaging.c registers.
 */
#ifndef MMSIM_LUA_LCPU_H
#define MMSIM_LUA_LCPU_H

#include <lua.h>

int lmm_cpu(lua_State *L);

#endif /* MMSIM_LUA_LCPU_H */
