// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods for the kernel virtual layout and the linear map (L1-L6):
 *
 *	m:layout() -> { {name=, start=, ["end"]=}, ... }	end exclusive
 *	m:pa(vaddr) -> paddr		__pa(); error outside the linear map
 *	m:va(paddr) -> vaddr		__va(); error for HighMem / beyond RAM
 *
 * Addresses are Lua integers; 64-bit kernel addresses show as negative
 * numbers but format as expected with string.format("%x").
 */
#include <stdio.h>

#include <mmsim/arch.h>
#include <mmsim/machine.h>

#include "lmm.h"

/* "cannot __pa(0xf8000000): vmalloc address: ..." (pushfstring has no %llx) */
static int addr_error(lua_State *L, const char *fn, u64 addr, const char *why)
{
	return lmm_error(L, "cannot %s(0x%llx): %s", fn,
			 (unsigned long long)addr, why);
}

static int l_layout(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const struct kernel_layout *l = &m->layout;

	lua_createtable(L, l->nr_regions, 0);
	for (int i = 0; i < l->nr_regions; i++) {
		lua_createtable(L, 0, 3);
		lua_pushstring(L, l->regions[i].name);
		lua_setfield(L, -2, "name");
		lua_pushinteger(L, (lua_Integer)l->regions[i].start);
		lua_setfield(L, -2, "start");
		lua_pushinteger(L, (lua_Integer)l->regions[i].end);
		lua_setfield(L, -2, "end");
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static int l_pa(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	vaddr_t va = (vaddr_t)luaL_checkinteger(L, 2);
	const char *why = "";
	phys_addr_t pa;

	if (arch_virt_to_phys(m, va, &pa, &why))
		return addr_error(L, "__pa", va, why);
	lua_pushinteger(L, (lua_Integer)pa);
	return 1;
}

static int l_va(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	phys_addr_t pa = (phys_addr_t)luaL_checkinteger(L, 2);
	const char *why = "";
	vaddr_t va;

	if (arch_phys_to_virt(m, pa, &va, &why))
		return addr_error(L, "__va", pa, why);
	lua_pushinteger(L, (lua_Integer)va);
	return 1;
}

const luaL_Reg lmm_layout_methods[] = {
	{ "layout", l_layout },
	{ "pa", l_pa },
	{ "va", l_va },
	{ NULL, NULL },
};
