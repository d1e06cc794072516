// SPDX-License-Identifier: GPL-2.0
/*
 * mm.xarray(): a host XArray (lib/xarray.c) from Lua, for teaching how the
 * radix tree of 64-slot nodes grows, shrinks and carries marks (X1-X3).
 * Not tied to a machine: the XArray is a host data structure.
 *
 *	xa = mm.xarray([{alloc = true | 1}])
 *	xa:store(i, v) -> old | nil	v: any Lua value but nil
 *	xa:load(i) -> v | nil ; xa:erase(i) -> old | nil
 *	xa:insert(i, v) -> true | nil, "EBUSY"
 *	xa:alloc(v[, min[, max]]) -> id | nil, "EBUSY"   (alloc arrays only)
 *	xa:store_range(first, last, v) ; xa:order(i)
 *	xa:set_mark(i, mark) ; xa:clear_mark(i, mark) ; xa:get_mark(i, mark)
 *	xa:for_each([mark]) -> iterator of i, v (a multi-index entry once)
 *	xa:nodes() -> list of {depth=, shift=, offset=, count=, nr_values=,
 *			       first=, last=, marks={[0]=n, n, n}}, preorder
 *	xa:empty() ; xa:destroy()
 *
 * The XArray holds value entries xa_mk_value(k); k keys the Lua value in
 * the object's user value table, so any Lua value can be stored.
 * Indices are integers 0 .. math.maxinteger (SIM: Lua has no unsigned
 * 64-bit integer, so the top half of Linux's index space is out of reach).
 */
#include <mmsim/xarray.h>

#include "lmm.h"

#define LXA_MT	"mmsim.xarray"

struct lxa {
	struct xarray xa;
	lua_Integer next_key;	/* next key into the user value table */
	bool live;		/* false once destroyed */
};

static struct lxa *lxa_check(lua_State *L)
{
	struct lxa *x = luaL_checkudata(L, 1, LXA_MT);

	if (!x->live)
		lmm_error(L, "xarray: used after destroy()");
	return x;
}

static unsigned long lxa_index(lua_State *L, int arg)
{
	lua_Integer i = luaL_checkinteger(L, arg);

	if (i < 0)
		lmm_error(L, "xarray: index %lld is negative", (long long)i);
	return (unsigned long)i;
}

static xa_mark_t lxa_mark(lua_State *L, int arg)
{
	lua_Integer mark = luaL_checkinteger(L, arg);

	if (mark < 0 || mark > (lua_Integer)XA_MARK_MAX)
		lmm_error(L, "xarray: mark %lld is not 0, 1 or 2", (long long)mark);
	return (xa_mark_t)mark;
}

/* Push the Lua value behind @entry (nil for NULL). */
static void lxa_push_entry(lua_State *L, void *entry)
{
	if (!entry || !xa_is_value(entry)) {
		lua_pushnil(L);
		return;
	}
	lua_getiuservalue(L, 1, 1);
	lua_rawgeti(L, -1, (lua_Integer)xa_to_value(entry));
	lua_remove(L, -2);
}

/* Drop the Lua value behind @entry from the user value table. */
static void lxa_forget(lua_State *L, void *entry)
{
	if (!entry || !xa_is_value(entry))
		return;
	lua_getiuservalue(L, 1, 1);
	lua_pushnil(L);
	lua_rawseti(L, -2, (lua_Integer)xa_to_value(entry));
	lua_pop(L, 1);
}

/* Keep the value at @arg in the user value table; return its entry. */
static void *lxa_keep(lua_State *L, struct lxa *x, int arg)
{
	lua_Integer k = x->next_key++;

	luaL_checkany(L, arg);
	if (lua_isnil(L, arg))
		lmm_error(L, "xarray: cannot store nil (use erase)");
	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, arg);
	lua_rawseti(L, -2, k);
	lua_pop(L, 1);
	return xa_mk_value((unsigned long)k);
}

static int lxa_errno(lua_State *L, int err)
{
	lua_pushnil(L);
	lua_pushstring(L, err == -EBUSY ? "EBUSY" : err == -ENOMEM ? "ENOMEM" :
			  "EINVAL");
	return 2;
}

static int lxa_new(lua_State *L)
{
	gfp_t flags = 0;
	struct lxa *x;

	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		lua_getfield(L, 1, "alloc");
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) == 1)
			flags = XA_FLAGS_ALLOC1;
		else if (lua_toboolean(L, -1))
			flags = XA_FLAGS_ALLOC;
		lua_pop(L, 1);
	}
	x = lua_newuserdatauv(L, sizeof(*x), 1);
	xa_init_flags(&x->xa, flags);
	x->next_key = 1;
	x->live = true;
	lua_newtable(L);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, LXA_MT);
	return 1;
}

static int lxa_store(lua_State *L)
{
	struct lxa *x = lxa_check(L);
	unsigned long i = lxa_index(L, 2);
	void *old = xa_store(&x->xa, i, lxa_keep(L, x, 3), GFP_KERNEL);

	if (xa_is_err(old))
		return lxa_errno(L, xa_err(old));
	lxa_push_entry(L, old);
	lxa_forget(L, old);
	return 1;
}

static int lxa_load(lua_State *L)
{
	struct lxa *x = lxa_check(L);

	lxa_push_entry(L, xa_load(&x->xa, lxa_index(L, 2)));
	return 1;
}

static int lxa_erase(lua_State *L)
{
	struct lxa *x = lxa_check(L);
	void *old = xa_erase(&x->xa, lxa_index(L, 2));

	lxa_push_entry(L, old);
	lxa_forget(L, old);
	return 1;
}

static int lxa_insert(lua_State *L)
{
	struct lxa *x = lxa_check(L);
	unsigned long i = lxa_index(L, 2);
	void *entry = lxa_keep(L, x, 3);
	int err = xa_insert(&x->xa, i, entry, GFP_KERNEL);

	if (err) {
		lxa_forget(L, entry);
		return lxa_errno(L, err);
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int lxa_alloc(lua_State *L)
{
	struct lxa *x = lxa_check(L);
	lua_Integer min = luaL_optinteger(L, 3, 0);
	lua_Integer max = luaL_optinteger(L, 4, UINT32_MAX);
	void *entry;
	uint32_t id;
	int err;

	if (!(x->xa.xa_flags & XA_FLAGS_TRACK_FREE))
		lmm_error(L, "xarray: alloc() needs mm.xarray{alloc = true}");
	if (min < 0 || max > UINT32_MAX || min > max)
		lmm_error(L, "xarray: alloc range %lld..%lld is not within 0..%u",
			  (long long)min, (long long)max, UINT32_MAX);
	entry = lxa_keep(L, x, 2);
	err = xa_alloc(&x->xa, &id, entry, XA_LIMIT((uint32_t)min, (uint32_t)max),
		       GFP_KERNEL);
	if (err) {
		lxa_forget(L, entry);
		return lxa_errno(L, err);
	}
	lua_pushinteger(L, id);
	return 1;
}

static int lxa_store_range(lua_State *L)
{
	struct lxa *x = lxa_check(L);
	unsigned long first = lxa_index(L, 2), last = lxa_index(L, 3);
	void *ret;

	if (last < first)
		lmm_error(L, "xarray: store_range(%lu, %lu): last < first",
			  first, last);
	ret = xa_store_range(&x->xa, first, last, lxa_keep(L, x, 4), GFP_KERNEL);
	if (xa_is_err(ret))
		return lxa_errno(L, xa_err(ret));
	lua_pushboolean(L, 1);
	return 1;
}

static int lxa_order(lua_State *L)
{
	struct lxa *x = lxa_check(L);

	lua_pushinteger(L, xa_get_order(&x->xa, lxa_index(L, 2)));
	return 1;
}

static int lxa_set_mark(lua_State *L)
{
	struct lxa *x = lxa_check(L);

	xa_set_mark(&x->xa, lxa_index(L, 2), lxa_mark(L, 3));
	return 0;
}

static int lxa_clear_mark(lua_State *L)
{
	struct lxa *x = lxa_check(L);

	xa_clear_mark(&x->xa, lxa_index(L, 2), lxa_mark(L, 3));
	return 0;
}

static int lxa_get_mark(lua_State *L)
{
	struct lxa *x = lxa_check(L);

	lua_pushboolean(L, xa_get_mark(&x->xa, lxa_index(L, 2), lxa_mark(L, 3)));
	return 1;
}

/* Iterator: upvalues filter, next index; state is the xarray object. */
static int lxa_for_each_next(lua_State *L)
{
	struct lxa *x = luaL_checkudata(L, 1, LXA_MT);
	xa_mark_t filter = (xa_mark_t)lua_tointeger(L, lua_upvalueindex(1));
	unsigned long index;
	void *entry;

	if (!x->live || lua_toboolean(L, lua_upvalueindex(3)))
		return 0;
	index = (unsigned long)lua_tointeger(L, lua_upvalueindex(2));
	if (lua_isnil(L, 2))
		entry = xa_find(&x->xa, &index, ULONG_MAX, filter);
	else
		entry = xa_find_after(&x->xa, &index, ULONG_MAX, filter);
	if (!entry)
		return 0;
	lua_pushinteger(L, (lua_Integer)index);
	lua_replace(L, lua_upvalueindex(2));
	lua_pushinteger(L, (lua_Integer)index);
	lxa_push_entry(L, entry);
	return 2;
}

static int lxa_for_each(lua_State *L)
{
	lxa_check(L);
	lua_pushinteger(L, lua_isnoneornil(L, 2) ? XA_PRESENT : lxa_mark(L, 2));
	lua_pushinteger(L, 0);
	lua_pushboolean(L, 0);
	lua_pushcclosure(L, lxa_for_each_next, 3);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static void lxa_push_node(lua_State *L, const struct xa_node *node,
			  unsigned long first, int depth, lua_Integer *n)
{
	unsigned long span = XA_CHUNK_SIZE << node->shift;

	lua_createtable(L, 0, 8);
	lmm_set_int(L, "depth", (u64)depth);
	lmm_set_int(L, "shift", node->shift);
	lmm_set_int(L, "offset", node->offset);
	lmm_set_int(L, "count", node->count);
	lmm_set_int(L, "nr_values", node->nr_values);
	lmm_set_int(L, "first", first);
	/* A root at shift 60 covers every index: last is ULONG_MAX. */
	lmm_set_int(L, "last", span ? first + span - 1 : ULONG_MAX);
	lua_createtable(L, XA_MAX_MARKS - 1, 1);
	for (int m = 0; m < XA_MAX_MARKS; m++) {
		int bits = 0;

		for (unsigned int w = 0; w < XA_MARK_LONGS; w++)
			bits += __builtin_popcountl(node->marks[m][w]);
		lua_pushinteger(L, bits);
		lua_rawseti(L, -2, m);
	}
	lua_setfield(L, -2, "marks");
	lua_rawseti(L, -2, ++*n);

	for (unsigned int i = 0; node->shift && i < XA_CHUNK_SIZE; i++)
		if (xa_is_node(node->slots[i]))
			lxa_push_node(L, xa_to_node(node->slots[i]),
				      first + ((unsigned long)i << node->shift),
				      depth + 1, n);
}

static int lxa_nodes(lua_State *L)
{
	struct lxa *x = lxa_check(L);
	lua_Integer n = 0;

	lua_newtable(L);
	xa_lock(&x->xa);
	if (xa_is_node(x->xa.xa_head))
		lxa_push_node(L, xa_to_node(x->xa.xa_head), 0, 0, &n);
	xa_unlock(&x->xa);
	return 1;
}

static int lxa_empty(lua_State *L)
{
	struct lxa *x = lxa_check(L);

	lua_pushboolean(L, xa_empty(&x->xa));
	return 1;
}

static int lxa_destroy(lua_State *L)
{
	struct lxa *x = luaL_checkudata(L, 1, LXA_MT);

	if (x->live) {
		xa_destroy(&x->xa);
		pthread_mutex_destroy(&x->xa.xa_lock);
		x->live = false;
		lua_newtable(L);
		lua_setiuservalue(L, 1, 1);
	}
	return 0;
}

static const luaL_Reg lxa_methods[] = {
	{ "store", lxa_store },
	{ "load", lxa_load },
	{ "erase", lxa_erase },
	{ "insert", lxa_insert },
	{ "alloc", lxa_alloc },
	{ "store_range", lxa_store_range },
	{ "order", lxa_order },
	{ "set_mark", lxa_set_mark },
	{ "clear_mark", lxa_clear_mark },
	{ "get_mark", lxa_get_mark },
	{ "for_each", lxa_for_each },
	{ "nodes", lxa_nodes },
	{ "empty", lxa_empty },
	{ "destroy", lxa_destroy },
	{ NULL, NULL }
};

/**
 * lmm_xarray_new - mm.xarray([{alloc = true | 1}]): a new, empty XArray
 * @L: Lua state
 *
 * Return: 1 (the xarray object).
 */
int lmm_xarray_new(lua_State *L)
{
	if (luaL_newmetatable(L, LXA_MT)) {
		luaL_newlib(L, lxa_methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, lxa_destroy);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, lxa_destroy);
		lua_setfield(L, -2, "__close");
	}
	lua_pop(L, 1);
	return lxa_new(L);
}
