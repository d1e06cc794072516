// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods of HighMem mappings and the fixmap (K3, K4, K5):
 *
 *	m:kmap(pfn) -> vaddr ; m:kunmap(pfn)
 *	m:kmap_local(pfn[, cpu]) -> vaddr ; m:kunmap_local(vaddr[, cpu])
 *	m:kmap_atomic(pfn[, cpu]) -> vaddr ; m:kunmap_atomic(vaddr[, cpu])
 *	m:kmap_flush_unused() ; m:page_address(pfn) -> vaddr | nil
 *	m:pkmap() -> {base=, last_pkmap=, last_pkmap_nr=, wraps=,
 *		      tlb_flushes=, kmap_local_flushes=, slots={...}}
 *	m:kmap_local_stack([cpu]) -> { {vaddr=, pfn=, atomic=}, ... }
 *	m:set_fixmap(idx_or_name, phys) -> vaddr ; m:clear_fixmap(idx_or_name)
 *	m:fix_to_virt(idx_or_name) -> vaddr ; m:virt_to_fix(vaddr) -> idx
 *	m:fixmap() -> {top=, start=, end_of_fixed_addresses=, ranges=, set=}
 *
 * Where Linux would BUG or WARN, the method raises an error naming the
 * cause and the kernel state is unchanged.
 */
#include <errno.h>
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/highmem.h>
#include <mmsim/paging.h>

#include "../mm/highmem_internal.h"
#include "lmm.h"

static struct machine *check_paging(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);

	if (!m->paging)
		lmm_error(L, "the machine has no kernel page tables");
	return m;
}

/* A pfn argument that names RAM: pfn_valid() and in memblock.memory. */
static struct page *check_pfn(lua_State *L, struct machine *m, int idx)
{
	lua_Integer pfn = luaL_checkinteger(L, idx);

	if (pfn < 0 || !pfn_valid((unsigned long)pfn) ||
	    !memblock_is_memory(&m->memblock, PFN_PHYS((u64)pfn)))
		lmm_error(L, "pfn 0x%llx is not RAM (max_pfn 0x%lx)",
			  (unsigned long long)pfn, m->max_pfn);
	return pfn_to_page((unsigned long)pfn);
}

static int opt_cpu(lua_State *L, struct machine *m, int idx)
{
	/* Default: the CPU m:set_cpu() chose (smp_processor_id()). */
	lua_Integer cpu = luaL_optinteger(L, idx, page_alloc_get_cpu());

	if (cpu < 0 || cpu >= m->nr_cpus)
		lmm_error(L, "no cpu %lld (the machine has %d)",
			  (long long)cpu, m->nr_cpus);
	return (int)cpu;
}

static int l_kmap(lua_State *L)
{
	struct machine *m = check_paging(L);
	struct page *page = check_pfn(L, m, 2);
	vaddr_t va = kmap(page);

	if (!va)
		return lmm_error(L, "kmap(pfn 0x%lx): all %u pkmap slots are in use "
				 "(Linux would sleep in map_new_virtual() until a kunmap())",
				 page_to_pfn(page), last_pkmap());
	lua_pushinteger(L, (lua_Integer)va);
	return 1;
}

static int l_kunmap(lua_State *L)
{
	struct machine *m = check_paging(L);
	struct page *page = check_pfn(L, m, 2);

	if (kunmap(page))
		return lmm_error(L, "kunmap(pfn 0x%lx): the HighMem page is not kmapped "
				 "(Linux: BUG in kunmap_high())", page_to_pfn(page));
	return 0;
}

static int l_kmap_local(lua_State *L)
{
	struct machine *m = check_paging(L);
	struct page *page = check_pfn(L, m, 2);
	int cpu = opt_cpu(L, m, 3);
	const char *why = "";
	vaddr_t va = kmap_local_page(cpu, page, &why);

	if (!va)
		return lmm_error(L, "kmap_local(pfn 0x%lx) on cpu %d: %s",
				 page_to_pfn(page), cpu, why);
	lua_pushinteger(L, (lua_Integer)va);
	return 1;
}

static int l_kmap_atomic(lua_State *L)
{
	struct machine *m = check_paging(L);
	struct page *page = check_pfn(L, m, 2);
	int cpu = opt_cpu(L, m, 3);
	const char *why = "";
	vaddr_t va = kmap_atomic(cpu, page, &why);

	if (!va)
		return lmm_error(L, "kmap_atomic(pfn 0x%lx) on cpu %d: %s",
				 page_to_pfn(page), cpu, why);
	lua_pushinteger(L, (lua_Integer)va);
	return 1;
}

static int unmap_local(lua_State *L, bool atomic)
{
	struct machine *m = check_paging(L);
	vaddr_t va = (vaddr_t)luaL_checkinteger(L, 2);
	int cpu = opt_cpu(L, m, 3);
	const char *why = "";
	int ret = atomic ? kunmap_atomic(cpu, va, &why) :
			   kunmap_local(cpu, va, &why);

	if (ret)
		return lmm_error(L, "%s(0x%llx) on cpu %d: %s",
				 atomic ? "kunmap_atomic" : "kunmap_local",
				 (unsigned long long)va, cpu, why);
	return 0;
}

static int l_kunmap_local(lua_State *L)
{
	return unmap_local(L, false);
}

static int l_kunmap_atomic(lua_State *L)
{
	return unmap_local(L, true);
}

static int l_kmap_flush_unused(lua_State *L)
{
	check_paging(L);
	kmap_flush_unused();
	return 0;
}

static int l_page_address(lua_State *L)
{
	struct machine *m = check_paging(L);
	vaddr_t va = page_address(check_pfn(L, m, 2));

	if (!va)
		lua_pushnil(L);
	else
		lua_pushinteger(L, (lua_Integer)va);
	return 1;
}

static int l_pkmap(lua_State *L)
{
	struct machine *m = check_paging(L);
	unsigned int n = last_pkmap();
	struct kmap_stats st;
	lua_Integer k = 0;

	kmap_get_stats(&st);
	lua_newtable(L);
	lmm_set_int(L, "base", m->layout.pkmap_base);
	lmm_set_int(L, "last_pkmap", n);
	lmm_set_int(L, "last_pkmap_nr", last_pkmap_nr());
	lmm_set_int(L, "wraps", st.pkmap_wraps);
	lmm_set_int(L, "tlb_flushes", st.pkmap_tlb_flushes);
	lmm_set_int(L, "kmap_local_flushes", st.kmap_local_flushes);
	lua_newtable(L);
	for (unsigned int nr = 0; nr < n; nr++) {
		int c = pkmap_count(nr);
		pte_t *pte;

		if (c <= 0)
			continue;
		pte = fixmap_kernel_pte(PKMAP_ADDR(nr), false);
		lua_newtable(L);
		lmm_set_int(L, "nr", nr);
		lmm_set_int(L, "count", (u64)c);
		lmm_set_int(L, "vaddr", PKMAP_ADDR(nr));
		if (pte && pte_present(ptep_get(pte)))
			lmm_set_int(L, "pfn", pte_pfn(ptep_get(pte)));
		lua_rawseti(L, -2, ++k);
	}
	lua_setfield(L, -2, "slots");
	return 1;
}

static int l_kmap_local_stack(lua_State *L)
{
	struct machine *m = check_paging(L);
	int cpu = opt_cpu(L, m, 2);
	int depth = kmap_local_depth(cpu);

	lua_newtable(L);
	for (int i = 0; i < depth; i++) {
		unsigned long pfn;
		vaddr_t va;
		bool atomic;

		if (kmap_local_slot(cpu, i, &va, &pfn, &atomic))
			break;
		lua_newtable(L);
		lmm_set_int(L, "vaddr", va);
		lmm_set_int(L, "pfn", pfn);
		lua_pushboolean(L, atomic);
		lua_setfield(L, -2, "atomic");
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

/* A fixmap index given as a number or an enum name, below the end. */
static unsigned int check_fix_idx(lua_State *L, struct machine *m, int idx)
{
	const struct fixmap_layout *f = &m->layout.fixmap;
	unsigned int fix = 0;	/* each way below sets it or raises */

	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *name = lua_tostring(L, idx);

		if (fixmap_lookup_name(name, &fix))
			lmm_error(L, "%s has no fixmap slot '%s'", m->arch->name,
				  name);
		return fix;
	}
	{
		lua_Integer i = luaL_checkinteger(L, idx);

		if (i < 0 || i >= (lua_Integer)f->end)
			lmm_error(L, "fixmap index %lld is outside 0..%u "
				  "(__end_of_fixed_addresses %u on %s)",
				  (long long)i, f->end ? f->end - 1 : 0, f->end,
				  m->arch->name);
		return (unsigned int)i;
	}
}

static const char *fix_name(unsigned int idx)
{
	const struct fixmap_range *r = fixmap_range_of(idx);

	return r ? r->name : "(unnamed)";
}

/* kmap_local's slots are not set_fixmap()'s to take from Lua. */
static void refuse_kmap_slot(lua_State *L, struct machine *m,
			     unsigned int idx, const char *what)
{
	const struct fixmap_layout *f = &m->layout.fixmap;

	if (f->nr_kmap && idx >= f->kmap_begin &&
	    idx < f->kmap_begin + f->nr_kmap)
		lmm_error(L, "%s(%u): slot FIX_KMAP_BEGIN+%u belongs to kmap_local "
			  "(use m:kmap_local)", what, idx, idx - f->kmap_begin);
}

static int l_set_fixmap(lua_State *L)
{
	struct machine *m = check_paging(L);
	unsigned int idx = check_fix_idx(L, m, 2);
	lua_Integer phys = luaL_checkinteger(L, 3);
	int ret;

	refuse_kmap_slot(L, m, idx, "set_fixmap");
	if (phys < 0)
		return lmm_error(L, "set_fixmap(%u): negative physical address", idx);
	ret = set_fixmap(idx, (phys_addr_t)phys);
	if (ret == -ERANGE)
		return lmm_error(L, "set_fixmap(%u): physical address 0x%llx is beyond "
				 "what %s's page tables can map", idx,
				 (unsigned long long)phys, m->arch->name);
	if (ret == -EFAULT)
		return lmm_error(L, "set_fixmap(%u): physical address 0x%llx is beyond "
				 "the machine's memory (mmsim models no device memory)",
				 idx, (unsigned long long)phys);
	if (ret)
		return lmm_error(L, "set_fixmap(%u): %s", idx, strerror(-ret));
	/* set_fixmap_offset(): the slot plus the offset inside the page. */
	lua_pushinteger(L, (lua_Integer)(fix_to_virt(idx) +
					 ((u64)phys & ~PAGE_MASK)));
	return 1;
}

static int l_clear_fixmap(lua_State *L)
{
	struct machine *m = check_paging(L);
	unsigned int idx = check_fix_idx(L, m, 2);
	int ret;

	refuse_kmap_slot(L, m, idx, "clear_fixmap");
	ret = clear_fixmap(idx);
	if (ret)
		return lmm_error(L, "clear_fixmap(%u): %s", idx, strerror(-ret));
	return 0;
}

static int l_fix_to_virt(lua_State *L)
{
	struct machine *m = check_paging(L);

	lua_pushinteger(L, (lua_Integer)fix_to_virt(check_fix_idx(L, m, 2)));
	return 1;
}

static int l_virt_to_fix(lua_State *L)
{
	struct machine *m = check_paging(L);
	vaddr_t va = (vaddr_t)luaL_checkinteger(L, 2);
	long idx = virt_to_fix(va);

	if (idx < 0)
		return lmm_error(L, "virt_to_fix(0x%llx): outside [FIXADDR_START 0x%llx, "
				 "FIXADDR_TOP 0x%llx) (Linux: BUG)",
				 (unsigned long long)va,
				 (unsigned long long)m->layout.fixaddr_start,
				 (unsigned long long)m->layout.fixaddr_top);
	lua_pushinteger(L, idx);
	return 1;
}

static int l_fixmap(lua_State *L)
{
	struct machine *m = check_paging(L);
	const struct fixmap_layout *f = &m->layout.fixmap;
	struct highmem_state *hs = highmem_state();
	lua_Integer k = 0;

	lua_newtable(L);
	lmm_set_int(L, "top", f->top);
	lmm_set_int(L, "start", m->layout.fixaddr_start);
	lmm_set_int(L, "end_of_fixed_addresses", f->end);
	lmm_set_int(L, "end_of_permanent_fixed_addresses", f->end_permanent);
	lmm_set_int(L, "lowest", f->end ? __fix_to_virt(f->end - 1) : 0);
	if (f->nr_kmap) {
		lmm_set_int(L, "kmap_begin", f->kmap_begin);
		lmm_set_int(L, "kmap_end", f->kmap_begin + f->nr_kmap - 1);
		lmm_set_int(L, "km_max_idx", f->km_max_idx);
		lmm_set_int(L, "kmap_cpus", f->kmap_cpus);
	}
	lua_newtable(L);
	for (int i = 0; i < f->nr_ranges; i++) {
		const struct fixmap_range *r = &f->ranges[i];

		lua_newtable(L);
		lua_pushstring(L, r->name);
		lua_setfield(L, -2, "name");
		if (r->last_name) {
			lua_pushstring(L, r->last_name);
			lua_setfield(L, -2, "last_name");
		}
		lmm_set_int(L, "first", r->first);
		lmm_set_int(L, "last", r->last);
		lmm_set_int(L, "start", __fix_to_virt(r->last));
		lmm_set_int(L, "end", __fix_to_virt(r->first) + PAGE_SIZE);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "ranges");
	lua_newtable(L);
	for (unsigned int idx = 0; hs && idx < f->end; idx++) {
		if (!hs->fixmap_set[idx])
			continue;
		lua_newtable(L);
		lmm_set_int(L, "idx", idx);
		lua_pushstring(L, fix_name(idx));
		lua_setfield(L, -2, "name");
		lmm_set_int(L, "vaddr", __fix_to_virt(idx));
		lmm_set_int(L, "phys", PFN_PHYS(pte_pfn(__pte(hs->fixmap_set[idx]))));
		lua_rawseti(L, -2, ++k);
	}
	lua_setfield(L, -2, "set");
	return 1;
}

const luaL_Reg lmm_highmem_methods[] = {
	{ "kmap", l_kmap },
	{ "kunmap", l_kunmap },
	{ "kmap_local", l_kmap_local },
	{ "kunmap_local", l_kunmap_local },
	{ "kmap_atomic", l_kmap_atomic },
	{ "kunmap_atomic", l_kunmap_atomic },
	{ "kmap_flush_unused", l_kmap_flush_unused },
	{ "page_address", l_page_address },
	{ "pkmap", l_pkmap },
	{ "kmap_local_stack", l_kmap_local_stack },
	{ "set_fixmap", l_set_fixmap },
	{ "clear_fixmap", l_clear_fixmap },
	{ "fix_to_virt", l_fix_to_virt },
	{ "virt_to_fix", l_virt_to_fix },
	{ "fixmap", l_fixmap },
	{ NULL, NULL }
};
