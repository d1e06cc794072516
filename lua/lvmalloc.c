// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods of vmalloc, vmap and ioremap (K2):
 *
 *	m:vmalloc(size[, {node=, zero=}]) -> vaddr | nil, reason
 *	m:vzalloc(size) -> vaddr | nil, reason
 *	m:vfree(vaddr)			error on an address Linux would WARN on
 *	m:vmap(pfns) -> vaddr | nil, reason	pfns: a list of allocated pages
 *	m:vunmap(vaddr)
 *	m:ioremap(phys, size) -> vaddr | nil, reason
 *	m:iounmap(vaddr)
 *	m:vmalloc_to_pfn(vaddr) -> pfn | nil
 *	m:vm_unmap_aliases()		purge the lazily freed areas now
 *	m:vmalloc_stats() -> {used_pages=, lazy_pages=, lazy_max_pages=,
 *			      purges=, areas=}
 *
 * A failed allocation is nil and a reason, as the kernel API returns NULL;
 * freeing something that is not what the call expects is a Lua error and
 * changes nothing (Linux: a WARN, or leaked pages for vunmap of a vmalloc
 * area).
 */
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/arch.h>
#include <mmsim/paging.h>
#include <mmsim/vmalloc.h>

#include "../mm/vmalloc_internal.h"
#include "lmm.h"

/* size_t of a negative number: huge, as in C. */
static unsigned long check_size(lua_State *L, int idx)
{
	return (unsigned long)(u64)luaL_checkinteger(L, idx);
}

/* nil and the reason; @fmt has one %lu: the size as Linux prints it. */
static int push_fail(lua_State *L, const char *fmt, unsigned long size)
{
	char buf[160];

	if (current_machine()->arch->bits == 32)
		size = (u32)size;	/* a 32-bit kernel's unsigned long */
	snprintf(buf, sizeof(buf), fmt, size);
	lua_pushnil(L);
	lua_pushstring(L, buf);
	return 2;
}

/* Why a vmalloc of @size failed, in Linux's warn_alloc() words. */
static int vmalloc_fail(lua_State *L, struct machine *m, unsigned long size)
{
	if (!size)
		return push_fail(L, "vmalloc: size %lu", size);
	if ((size >> PAGE_SHIFT) > m->totalram_pages)
		return push_fail(L, "vmalloc error: size %lu, exceeds total pages",
				 size);
	return push_fail(L, "vmalloc error: size %lu, vm_struct allocation "
			 "failed or failed to allocate pages", size);
}

static int l_vmalloc(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	unsigned long size = check_size(L, 2);
	gfp_t gfp = GFP_KERNEL;
	int node = NUMA_NO_NODE;
	vaddr_t p;

	if (lua_type(L, 3) == LUA_TTABLE) {
		lua_getfield(L, 3, "node");
		if (!lua_isnil(L, -1)) {
			lua_Integer n = luaL_checkinteger(L, -1);

			if (n < 0 || n >= m->nr_node_ids)
				return lmm_error(L, "vmalloc: node %lld is not online (0..%d)",
						 (long long)n, m->nr_node_ids - 1);
			node = (int)n;
		}
		lua_getfield(L, 3, "zero");
		if (lua_toboolean(L, -1))
			gfp |= __GFP_ZERO;
		lua_pop(L, 2);
	} else if (!lua_isnoneornil(L, 3)) {
		return lmm_error(L, "vmalloc: options must be a table {node=, zero=}");
	}
	p = __vmalloc_node(size, 1, gfp, node, "vmalloc");
	if (!p)
		return vmalloc_fail(L, m, size);
	lua_pushinteger(L, (lua_Integer)p);
	return 1;
}

static int l_vzalloc(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	unsigned long size = check_size(L, 2);
	vaddr_t p = vzalloc(size);

	if (!p)
		return vmalloc_fail(L, m, size);
	lua_pushinteger(L, (lua_Integer)p);
	return 1;
}

typedef int (*checked_free_fn)(vaddr_t addr, char *why, size_t whylen);

static int do_free(lua_State *L, const char *name, checked_free_fn fn)
{
	char why[128];
	vaddr_t addr;

	lmm_checkmachine(L, 1);
	addr = (vaddr_t)luaL_checkinteger(L, 2);
	if (fn(addr, why, sizeof(why)))
		return lmm_error(L, "%s(0x%llx): %s", name,
				 (unsigned long long)addr, why);
	return 0;
}

static int l_vfree(lua_State *L)
{
	return do_free(L, "vfree", vfree_checked);
}

static int l_vunmap(lua_State *L)
{
	return do_free(L, "vunmap", vunmap_checked);
}

static int l_iounmap(lua_State *L)
{
	return do_free(L, "iounmap", iounmap_checked);
}

static int l_vmap(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	struct page **pages;
	lua_Integer n;
	vaddr_t p;

	luaL_checktype(L, 2, LUA_TTABLE);
	n = (lua_Integer)luaL_len(L, 2);
	if (n < 1)
		return lmm_error(L, "vmap: the list of pfns is empty");
	if ((unsigned long)n > m->totalram_pages)
		return lmm_error(L, "vmap: %lld pages, more than the machine has",
				 (long long)n);
	pages = calloc((size_t)n, sizeof(*pages));
	if (!pages)
		return lmm_error(L, "vmap: out of host memory");
	for (lua_Integer i = 1; i <= n; i++) {
		int isnum;
		lua_Integer pfn;

		lua_geti(L, 2, i);
		pfn = lua_tointegerx(L, -1, &isnum);
		lua_pop(L, 1);
		if (!isnum || pfn < 0 || !pfn_valid((unsigned long)pfn) ||
		    !page_ref_count(pfn_to_page((unsigned long)pfn))) {
			free(pages);
			return lmm_error(L, "vmap: entry %lld is not the pfn of an allocated page",
					 (long long)i);
		}
		pages[i - 1] = pfn_to_page((unsigned long)pfn);
	}
	p = vmap(pages, (unsigned int)n, VM_MAP, PAGE_KERNEL);
	free(pages);
	if (!p)
		return push_fail(L, "vmap: no room for %lu pages in the vmalloc space",
				 (unsigned long)n);
	lua_pushinteger(L, (lua_Integer)p);
	return 1;
}

static int l_ioremap(lua_State *L)
{
	lmm_checkmachine(L, 1);
	phys_addr_t phys = (phys_addr_t)luaL_checkinteger(L, 2);
	unsigned long size = check_size(L, 3);
	char why[128];
	vaddr_t p;

	if (ioremap_checked(phys, size, "ioremap", &p, why, sizeof(why))) {
		lua_pushnil(L);
		lua_pushstring(L, why);
		return 2;
	}
	lua_pushinteger(L, (lua_Integer)p);
	return 1;
}

static int l_vmalloc_to_pfn(lua_State *L)
{
	lmm_checkmachine(L, 1);
	vaddr_t addr = (vaddr_t)luaL_checkinteger(L, 2);
	struct page *page;

	if (!is_vmalloc_addr(addr))
		return lmm_error(L, "vmalloc_to_pfn(0x%llx): not a vmalloc address",
				 (unsigned long long)addr);
	page = vmalloc_to_page(addr);
	if (!page) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, (lua_Integer)page_to_pfn(page));
	return 1;
}

static int l_vm_unmap_aliases(lua_State *L)
{
	lmm_checkmachine(L, 1);
	vm_unmap_aliases();
	return 0;
}

static int count_area(const struct vmap_area *va, bool lazy, void *data)
{
	if (!lazy)
		(*(unsigned long *)data)++;
	return 0;
}

static int l_vmalloc_stats(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	struct vmalloc_state *vs = m->vmalloc;
	unsigned long areas = 0;

	vmap_area_walk(count_area, &areas);
	lua_createtable(L, 0, 6);
	lmm_set_int(L, "used_pages", vmalloc_nr_pages());
	lmm_set_int(L, "lazy_pages", vs ? vs->lazy_nr : 0);
	lmm_set_int(L, "lazy_max_pages", lazy_max_pages());
	lmm_set_int(L, "purges", vs ? vs->nr_purges : 0);
	lmm_set_int(L, "areas", areas);
	lmm_set_int(L, "pt_pages", m->paging ? m->paging->nr_pt_pages : 0);
	return 1;
}

const luaL_Reg lmm_vmalloc_methods[] = {
	{ "vmalloc", l_vmalloc },
	{ "vzalloc", l_vzalloc },
	{ "vfree", l_vfree },
	{ "vmap", l_vmap },
	{ "vunmap", l_vunmap },
	{ "ioremap", l_ioremap },
	{ "iounmap", l_iounmap },
	{ "vmalloc_to_pfn", l_vmalloc_to_pfn },
	{ "vm_unmap_aliases", l_vm_unmap_aliases },
	{ "vmalloc_stats", l_vmalloc_stats },
	{ NULL, NULL }
};
