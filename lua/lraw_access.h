/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The raw-write policy for the Lua methods that write memory (lua/lraw_access.c).
 */
#ifndef MMSIM_LUA_LRAW_ACCESS_H
#define MMSIM_LUA_LRAW_ACCESS_H

#include <stdbool.h>

#include <lauxlib.h>

#include <mmsim/machine.h>

/* What raw_write_check() refused in one call of a raw write method. */
struct lmm_raw_refusal {
	const char *method;	/* "m:phys_write", "m:kwrite" (static) */
	u64 addr;		/* the address the script gave */
	phys_addr_t pa;		/* the first refused physical byte */
	size_t len;		/* bytes the call writes */
	bool force;		/* {force=true} */
	char why[160];		/* raw_write_check()'s reason */
};

/* {force=true} at @idx, checked strictly; false when absent. */
bool lmm_raw_force(lua_State *L, int idx, const char *what);
/* Raise the refusal, or, forced, taint the machine and return. */
void lmm_raw_refuse(lua_State *L, struct machine *m,
		    const struct lmm_raw_refusal *r);

#endif /* MMSIM_LUA_LRAW_ACCESS_H */
