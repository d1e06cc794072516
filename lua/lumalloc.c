// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods of the task object for malloc inside the process
 * (kernel/umalloc.c):
 *
 *   task:malloc(size) -> addr | nil, "ENOMEM"
 *   task:calloc(n, size) -> addr | nil, "ENOMEM"
 *   task:realloc(addr, size) -> addr | nil (size 0: freed) | nil, "ENOMEM"
 *   task:free(addr) -> true
 *   task:malloc_stats() -> {arena=, uordblks=, fordblks=, ordblks=, ...}
 *
 * When a heap check fails the process aborts: the call gives nil, the
 * siginfo of its SIGABRT and glibc's message ("free(): invalid pointer");
 * a fault while touching the heap gives nil and the SIGSEGV's siginfo.
 */
#include <mmsim/mm.h>
#include <mmsim/sched.h>
#include <mmsim/umalloc.h>

#include "lmm.h"

/* The live task at 1; raises for a task that has exited. */
static struct task_struct *umalloc_task(lua_State *L)
{
	return lmm_check_task(L, NULL);
}

/* Push the result of a call that gives an address. */
static int push_addr(lua_State *L, struct task_struct *t, int ret, u64 mem)
{
	if (ret == -EBUSY)
		return lmm_error(L, "malloc: the program break was moved with "
				 "brk() before the first malloc");
	if (ret == -EFAULT && t->nr_sigs &&
	    t->sigs[t->nr_sigs - 1].si_signo == SIGABRT) {
		lmm_push_access_fail(L, t, ret);
		lua_pushstring(L, umalloc_abort_msg());
		return 3;
	}
	if (ret)
		return lmm_push_access_fail(L, t, ret);
	if (!mem) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, (lua_Integer)mem);
	return 1;
}

int lmm_task_malloc(lua_State *L)
{
	struct task_struct *t = umalloc_task(L);
	u64 size = (u64)luaL_checkinteger(L, 2), mem = 0;

	int ret = umalloc(t, size, &mem);

	return push_addr(L, t, ret, mem);
}

int lmm_task_calloc(lua_State *L)
{
	struct task_struct *t = umalloc_task(L);
	u64 n = (u64)luaL_checkinteger(L, 2);
	u64 size = (u64)luaL_checkinteger(L, 3), mem = 0;

	int ret = ucalloc(t, n, size, &mem);

	return push_addr(L, t, ret, mem);
}

int lmm_task_realloc(lua_State *L)
{
	struct task_struct *t = umalloc_task(L);
	u64 addr = lua_isnil(L, 2) ? 0 : (u64)luaL_checkinteger(L, 2);
	u64 size = (u64)luaL_checkinteger(L, 3), mem = 0;

	int ret = urealloc(t, addr, size, &mem);

	return push_addr(L, t, ret, mem);
}

int lmm_task_free(lua_State *L)
{
	struct task_struct *t = umalloc_task(L);
	u64 addr = lua_isnil(L, 2) ? 0 : (u64)luaL_checkinteger(L, 2);
	int ret = ufree(t, addr);

	if (ret)
		return push_addr(L, t, ret, 0);
	lua_pushboolean(L, 1);
	return 1;
}

int lmm_task_malloc_stats(lua_State *L)
{
	struct task_struct *t = umalloc_task(L);
	struct umalloc_info mi;
	int ret = umalloc_info(t, &mi);

	if (ret)
		return push_addr(L, t, ret, 0);
	lua_newtable(L);
	lmm_set_int(L, "arena", mi.arena);
	lmm_set_int(L, "ordblks", mi.ordblks);
	lmm_set_int(L, "hblks", mi.hblks);
	lmm_set_int(L, "hblkhd", mi.hblkhd);
	lmm_set_int(L, "uordblks", mi.uordblks);
	lmm_set_int(L, "fordblks", mi.fordblks);
	lmm_set_int(L, "keepcost", mi.keepcost);
	lmm_set_int(L, "mmap_threshold", mi.mmap_threshold);
	lmm_set_int(L, "trim_threshold", mi.trim_threshold);
	lmm_set_int(L, "heap_start", mi.heap_start);
	lmm_set_int(L, "top", mi.top);
	lmm_set_int(L, "max_mmapped_mem", mi.max_mmapped_mem);
	return 1;
}
