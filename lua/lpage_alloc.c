// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods of the page allocator (B1-B5):
 *
 *	m:alloc_pages(gfp, order) -> pfn | nil, reason
 *	m:free_pages(pfn, order)		error on a bad free; only blocks
 *					m:alloc_pages() returned
 *					(PA_LUA_OWNED in page->_reserved)
 *	m:page(pfn) -> {pfn=, zone=, node=, flags={...}, refcount=, mapcount=,
 *			order= (free block head), migratetype=, buddy=,
 *			reserved=, pcp=, script_owned=, compound_head=}
 *	m:drain_pages()			drain_all_pages()
 *	m:vmstat_update([cpu]) -> n	vmstat_update(): decay_pcp_high()
 *	m:set_cpu(i) / m:cpu_id()		the allocating CPU
 *	m:zonelist([nid[, gfp]]) -> { "Normal", "DMA32", ... } ({node=, zone=})
 *	m:gfp(str) -> number ; m:gfp_string(number) -> str
 *
 * gfp is a string such as "GFP_KERNEL|__GFP_ZERO" or a number.
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/page_alloc.h>

#include "lmm.h"

static gfp_t check_gfp(lua_State *L, int idx)
{
	char bad[96];
	gfp_t gfp;

	if (lua_isinteger(L, idx)) {
		lua_Integer v = lua_tointeger(L, idx);

		if (v < 0 || v & ~(lua_Integer)GFP_VALID_MASK)
			lmm_error(L, "bad gfp mask 0x%llx", (unsigned long long)v);
		gfp = (gfp_t)v;
		if (!gfp_zone_valid(gfp))
			lmm_error(L, "bad gfp mask 0x%llx: conflicting zone modifiers",
				  (unsigned long long)v);
		return gfp;
	}
	if (gfp_parse(luaL_checkstring(L, idx), &gfp, bad, sizeof(bad)))
		luaL_error(L, "bad gfp mask '%s': %s%s", lua_tostring(L, idx),
			   strncmp(bad, "conflicting", 11) && strncmp(bad, "empty", 5)
			   ? "unknown flag " : "", bad);
	return gfp;
}

static unsigned int check_order(lua_State *L, int idx)
{
	lua_Integer order = luaL_optinteger(L, idx, 0);

	if (order < 0 || order > MAX_PAGE_ORDER)
		luaL_error(L, "order %I is out of range 0..%d", order,
			   MAX_PAGE_ORDER);
	return (unsigned int)order;
}

static int l_alloc_pages(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	gfp_t gfp = check_gfp(L, 2);
	lua_Integer iorder = luaL_optinteger(L, 3, 0);
	unsigned int order;
	struct page *page;
	char flags[GFP_STR_LEN];

	if (iorder > MAX_PAGE_ORDER && iorder < 64)
		alloc_pages(gfp, (unsigned int)iorder);	/* the kernel's WARN */
	order = check_order(L, 3);
	page = alloc_pages(gfp, order);

	if (!page) {
		lua_pushnil(L);
		lua_pushfstring(L, "page allocation failure: order:%d, mode:%s",
				(int)order, gfp_format(gfp, flags, sizeof(flags), true));
		return 2;
	}
	page->_reserved |= PA_LUA_OWNED;
	lua_pushinteger(L, (lua_Integer)(page - m->mem_map));
	return 1;
}

/* What a page the script did not allocate is, for the error message. */
static const char *page_owner_name(const struct page *page)
{
	switch (page->page_type) {
	case PGTY_table:	return "page table page";
	case PGTY_slab:		return "slab page";
	case PGTY_large_kmalloc: return "large kmalloc page";
	case PGTY_offline:	return "offline page";
	case PGTY_guard:	return "guard page";
	case PGTY_zsmalloc:	return "zsmalloc page";
	case PGTY_unaccepted:	return "unaccepted page";
	default:		break;
	}
	if (PageReserved(page))
		return "reserved page";
	if (page->_reserved == PA_ON_PCP || PageBuddy(page))
		return NULL;			/* free: the allocator says so */
	if (PageTail(page)) {
		const struct page *head = compound_head(page);

		return head->_reserved & PA_LUA_OWNED ? NULL : "kernel page";
	}
	if (page->page_type == PGTY_none && page_ref_count(page) > 0)
		return "kernel page";
	return NULL;				/* never allocated */
}

static int l_free_pages(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	lua_Integer pfn = luaL_checkinteger(L, 2);
	lua_Integer order = luaL_optinteger(L, 3, 0);
	char why[128];

	if (order < 0 || order > MAX_PAGE_ORDER)
		return lmm_error(L, "cannot free pfn 0x%llx: order %lld is out of range 0..%d",
				 (unsigned long long)pfn, (long long)order,
				 MAX_PAGE_ORDER);
	if (pfn < 0)
		return lmm_error(L, "cannot free pfn %lld: negative", (long long)pfn);
	if ((unsigned long long)pfn < m->max_pfn) {
		struct page *page = pfn_to_page((unsigned long)pfn);
		const char *what = page->_reserved & PA_LUA_OWNED ? NULL :
				   page_owner_name(page);

		if (what)
			return lmm_error(L, "cannot free pfn 0x%llx: %s, not allocated by this script",
					 (unsigned long long)pfn, what);
	}
	if (free_pages_checked((unsigned long)pfn, (unsigned int)order, why,
			       sizeof(why)))
		return lmm_error(L, "cannot free pfn 0x%llx: %s",
				 (unsigned long long)pfn, why);
	return 0;
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static int l_page(lua_State *L)
{
	struct machine *m = lmm_peekmachine(L, 1);
	lua_Integer ipfn = luaL_checkinteger(L, 2);
	unsigned long pfn = (unsigned long)ipfn;
	struct page *page;
	struct zone *zone;
	int n = 0;

	if (ipfn < 0)
		return lmm_error(L, "no page %lld: pfns are not negative",
			    (long long)ipfn);
	if (pfn >= m->max_pfn)
		return lmm_error(L, "no page 0x%llx: beyond the last pfn 0x%lx",
			    (unsigned long long)ipfn, m->max_pfn - 1);
	page = pfn_to_page(pfn);
	zone = pa_pfn_zone(m->pa, pfn);
	lua_createtable(L, 0, 12);
	lmm_set_int(L, "pfn", ipfn);
	if (zone) {
		lua_pushstring(L, zone->name);
		lua_setfield(L, -2, "zone");
		lmm_set_int(L, "node", zone_to_nid(zone));
		lua_pushstring(L, migratetype_names[get_pfnblock_migratetype(zone, pfn)]);
		lua_setfield(L, -2, "migratetype");
	}
	lua_newtable(L);
	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (page->flags & (1UL << i)) {
			lua_pushstring(L, pageflag_names[i]);
			lua_rawseti(L, -2, ++n);
		}
	if (PageBuddy(page)) {
		lua_pushstring(L, "buddy");
		lua_rawseti(L, -2, ++n);
	}
	lua_setfield(L, -2, "flags");
	lmm_set_int(L, "refcount", page_ref_count(page));
	lmm_set_int(L, "mapcount", page_mapcount(page));
	set_bool(L, "buddy", PageBuddy(page));
	set_bool(L, "reserved", PageReserved(page));
	set_bool(L, "pcp", page->_reserved == PA_ON_PCP);
	set_bool(L, "script_owned", page->_reserved & PA_LUA_OWNED);
	if (PageBuddy(page))
		lmm_set_int(L, "order", (lua_Integer)page->private);
	else if (page->_reserved && page->_reserved != PA_ON_PCP)
		lmm_set_int(L, "alloc_order", (lua_Integer)page_alloc_order(page));
	if (PageTail(page))
		lmm_set_int(L, "compound_head",
			(lua_Integer)(compound_head(page) - m->mem_map));
	if (PageHead(page))
		lmm_set_int(L, "compound_order", compound_order(page));
	return 1;
}

static int l_drain_pages(lua_State *L)
{
	lmm_checkmachine(L, 1);
	drain_all_pages(NULL);
	return 0;
}

/* The once-a-second vmstat work of one CPU, or of every CPU. */
static int l_vmstat_update(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	int changes = 0;

	if (lua_isnoneornil(L, 2)) {
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			changes += vmstat_update(cpu);
	} else {
		lua_Integer cpu = luaL_checkinteger(L, 2);

		if (cpu < 0 || cpu >= m->nr_cpus)
			return lmm_error(L, "vmstat_update: no cpu %lld (the machine has %d)",
					 (long long)cpu, m->nr_cpus);
		changes = vmstat_update((int)cpu);
	}
	lua_pushinteger(L, changes);
	return 1;
}

static int l_set_cpu(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	lua_Integer cpu = luaL_checkinteger(L, 2);

	if (cpu < 0 || cpu > MAX_NR_CPUS || page_alloc_set_cpu((int)cpu))
		return luaL_error(L, "no cpu %I: the machine has %d cpus", cpu,
				  m->nr_cpus);
	return 0;
}

static int l_cpu_id(lua_State *L)
{
	lmm_peekmachine(L, 1);
	lua_pushinteger(L, page_alloc_get_cpu());
	return 1;
}

static int l_zonelist(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	lua_Integer nid = luaL_optinteger(L, 2, numa_node_id());
	gfp_t gfp = lua_isnoneornil(L, 3) ? GFP_HIGHUSER_MOVABLE : check_gfp(L, 3);
	enum zone_type high = gfp_zone(gfp);
	struct zonelist *zl;
	int n = 0;

	if (nid < 0 || nid >= m->nr_node_ids)
		return luaL_error(L, "no node %I: the machine has %d nodes", nid,
				  m->nr_node_ids);
	zl = node_zonelist((int)nid, gfp);
	lua_newtable(L);
	for (struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		if (z->zone_idx > (int)high)
			continue;
		if (m->nr_node_ids > 1) {
			lua_createtable(L, 0, 2);
			lmm_set_int(L, "node", zone_to_nid(z->zone));
			lua_pushstring(L, z->zone->name);
			lua_setfield(L, -2, "zone");
		} else {
			lua_pushstring(L, z->zone->name);
		}
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

static int l_gfp(lua_State *L)
{
	lua_pushinteger(L, check_gfp(L, 2));
	return 1;
}

static int l_gfp_string(lua_State *L)
{
	char buf[GFP_STR_LEN];

	lua_pushstring(L, gfp_format(check_gfp(L, 2), buf, sizeof(buf), true));
	return 1;
}

const luaL_Reg lmm_page_alloc_methods[] = {
	{ "alloc_pages", l_alloc_pages },
	{ "free_pages", l_free_pages },
	{ "page", l_page },
	{ "drain_pages", l_drain_pages },
	{ "vmstat_update", l_vmstat_update },
	{ "set_cpu", l_set_cpu },
	{ "cpu_id", l_cpu_id },
	{ "zonelist", l_zonelist },
	{ "gfp", l_gfp },
	{ "gfp_string", l_gfp_string },
	{ NULL, NULL }
};
