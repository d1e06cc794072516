// SPDX-License-Identifier: GPL-2.0
/*
 * The Lua cpu object, m:cpu(i): the registers and TLB of one simulated
 * CPU.
 *
 *   cpu:regs() -> {cr0=, cr3=, ... | sctlr=, ttbr0=, ...; cpl=, paging=}
 *   cpu:tss() -> {sp0=, ist={...}, ...}	(x86)
 *   cpu:tlb() -> {hits=, misses=, ..., entries4k=, ways4k=, ...}
 *   cpu:set_tlb{entries4k=, ways4k=, ...}	a new, empty TLB
 *   cpu:invlpg(va) / cpu:flush()
 *   cpu:write_cr(name, v) -> true | nil, "#GP"	(x86: cr0/cr3/cr4/efer/cpl)
 *		a root at no loaded pgd, or EFER.NXE cleared, is an error
 *   cpu:write_cr(name, v) -> true		(ARM: sctlr/ttbr0/ttbr1/ttbcr/
 *					 dacr/contextidr; error if refused)
 *   cpu:enter_kernel() -> sp / cpu:return_to_user()
 */
#include <stdio.h>
#include <string.h>

#include <hw/mmu.h>
#include <hw/tlb.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "lcpu.h"
#include "lmm.h"

#define LMM_CPU_MT	"mmsim.cpu"

static void need_paging(lua_State *L, struct machine *m)
{
	if (!m->paging)
		lmm_error(L, "paging is not set up on this machine");
}

static struct cpu *opt_cpu(lua_State *L, struct machine *m, lua_Integer i)
{
	if (i < 0 || i >= m->nr_cpus)
		lmm_error(L, "no cpu %d (the machine has %d)", (int)i,
			  m->nr_cpus);
	return &m->cpus[i];
}

static struct cpu *check_cpu(lua_State *L, struct machine **mp)
{
	struct machine *m;
	lua_Integer id;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, 1, "machine");
	m = lmm_checkmachine(L, -1);
	lua_pop(L, 1);
	lua_getfield(L, 1, "id");
	id = luaL_checkinteger(L, -1);
	lua_pop(L, 1);
	if (mp)
		*mp = m;
	return opt_cpu(L, m, id);
}

static int l_cpu_regs(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);

	lua_newtable(L);
	if (c->isa == CPU_X86) {
		lmm_set_int(L, "cr0", c->cr0);
		lmm_set_int(L, "cr2", c->cr2);
		lmm_set_int(L, "cr3", c->cr3);
		lmm_set_int(L, "cr4", c->cr4);
		lmm_set_int(L, "efer", c->efer);
		lua_pushboolean(L, !!(c->eflags & X86_EFLAGS_AC));
		lua_setfield(L, -2, "ac");
	} else {
		lmm_set_int(L, "sctlr", c->sctlr);
		lmm_set_int(L, "ttbr0", c->ttbr0);
		lmm_set_int(L, "ttbr1", c->ttbr1);
		lmm_set_int(L, "ttbcr", c->ttbcr);
		lmm_set_int(L, "dacr", c->dacr);
		lmm_set_int(L, "contextidr", c->contextidr);
		lmm_set_int(L, "dfsr", c->fsr);
		lmm_set_int(L, "dfar", c->far);
		lmm_set_int(L, "ifsr", c->ifsr);
		lmm_set_int(L, "ifar", c->ifar);
	}
	lmm_set_int(L, "cpl", (u64)c->cpl);
	lmm_set_int(L, "sp", c->sp);
	lmm_set_int(L, "ip", c->ip);
	lua_pushstring(L, mmu_mode_name(c->mode));
	lua_setfield(L, -2, "paging");
	return 1;
}

static int l_cpu_tss(lua_State *L)
{
	struct machine *m;
	struct cpu *c = check_cpu(L, &m);
	bool is64 = m->arch ? m->arch->bits == 64 : c->maxphyaddr > 36;
	u64 v64 = 0;
	u32 v32 = 0;

	if (c->isa != CPU_X86 || !c->tss_phys)
		return lmm_error(L, "cpu %d has no TSS (x86 only)", c->id);
	lua_newtable(L);
	lmm_set_int(L, "phys", c->tss_phys);
	lmm_set_int(L, "virt", c->tss_virt);
	if (is64) {
		const char *k[] = { "sp0", "sp1", "sp2" };

		for (int i = 0; i < 3; i++) {
			ram_read64(&m->ram, c->tss_phys + 4 + 8 * i, &v64);
			lmm_set_int(L, k[i], v64);
		}
		lua_newtable(L);
		for (int i = 0; i < 7; i++) {
			ram_read64(&m->ram, c->tss_phys + 36 + 8 * i, &v64);
			lua_pushinteger(L, (lua_Integer)v64);
			lua_rawseti(L, -2, i + 1);
		}
		lua_setfield(L, -2, "ist");
	} else {
		const struct { const char *k; unsigned int off; bool half; } f[] = {
			{ "sp0", 4, false }, { "ss0", 8, true },
			{ "sp1", 12, false }, { "ss1", 16, true },
			{ "sp2", 20, false }, { "ss2", 24, true },
			{ "cr3", 28, false },
		};

		for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
			ram_read32(&m->ram, c->tss_phys + f[i].off, &v32);
			lmm_set_int(L, f[i].k, f[i].half ? (v32 & 0xffff) : v32);
		}
	}
	ram_read32(&m->ram, c->tss_phys + 100, &v32);
	lmm_set_int(L, "io_bitmap_base", v32 >> 16);
	lmm_set_int(L, "top_of_stack", m->paging->pcpu[c->id].top_of_stack);
	return 1;
}

/* "entries4k", "ways2m", ... : the keys of cpu:set_tlb{} for @s. */
static void geometry_key(char *buf, size_t len, const char *what, int s)
{
	snprintf(buf, len, "%s%s", what, tlb_size_name[s]);
	for (char *p = buf; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

static void get_geometry(const struct tlb *t, struct tlb_geometry *g)
{
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		g->entries[s] = t->a[s].sets * t->a[s].ways;
		g->ways[s] = t->a[s].ways;
	}
}

static int l_cpu_tlb(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);
	struct tlb *t = c->tlb;

	lua_newtable(L);
	if (!t)
		return 1;
	lmm_set_int(L, "hits", t->stats.hits);
	lmm_set_int(L, "misses", t->stats.misses);
	lmm_set_int(L, "walks", t->stats.walks);
	lmm_set_int(L, "flushes", t->stats.flushes);
	lmm_set_int(L, "invlpgs", t->stats.invlpgs);
	lmm_set_int(L, "evictions", t->stats.evictions);
	lmm_set_int(L, "entries", tlb_nr_entries(t));
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		char k[24];

		snprintf(k, sizeof(k), "entries_%s", tlb_size_name[s]);
		lmm_set_int(L, k, t->a[s].used);
	}
	lmm_set_int(L, "asid", t->cur_asid);
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		char k[24];

		geometry_key(k, sizeof(k), "entries", s);
		lmm_set_int(L, k, t->a[s].sets * t->a[s].ways);
		geometry_key(k, sizeof(k), "ways", s);
		lmm_set_int(L, k, t->a[s].ways);
	}
	return 1;
}

/*
 * cpu:set_tlb{entries4k=, ways4k=, entries2m=, ways2m=, entries1g=, ...}:
 * a new, empty TLB for this CPU; sizes not given keep their geometry.
 */
static int l_cpu_set_tlb(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);
	struct tlb_geometry g;
	char key[24];

	luaL_checktype(L, 2, LUA_TTABLE);
	if (c->tlb)
		get_geometry(c->tlb, &g);
	else
		tlb_default_geometry(&g);
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ?
				lua_tostring(L, -2) : "?";
		bool found = false;
		lua_Integer v;

		for (int s = 0; s < TLB_NR_SIZES && !found; s++) {
			for (int w = 0; w < 2 && !found; w++) {
				geometry_key(key, sizeof(key), w ? "ways" : "entries", s);
				if (strcmp(k, key))
					continue;
				found = true;
				if (!lua_isinteger(L, -1))
					return lmm_error(L, "cannot set the tlb of cpu %d: %s must be an integer",
							 c->id, k);
				v = lua_tointeger(L, -1);
				if (v < 1 || v > (1 << 20))
					return lmm_error(L, "cannot set the tlb of cpu %d: %s=%lld is out of range 1..%d",
							 c->id, k, (long long)v, 1 << 20);
				if (w)
					g.ways[s] = (unsigned int)v;
				else
					g.entries[s] = (unsigned int)v;
			}
		}
		if (!found)
			return lmm_error(L, "cannot set the tlb of cpu %d: unknown key '%s' (entries4k, ways4k, entries2m, ...)",
					 c->id, k);
		lua_pop(L, 1);
	}
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		unsigned int sets = g.ways[s] ? g.entries[s] / g.ways[s] : 0;

		if (g.ways[s] > TLB_MAX_WAYS)
			return lmm_error(L, "cannot set the tlb of cpu %d: %u ways of %s entries: at most %d",
					 c->id, g.ways[s], tlb_size_name[s],
					 TLB_MAX_WAYS);
		if (g.entries[s] % g.ways[s] || (sets & (sets - 1)))
			return lmm_error(L, "cannot set the tlb of cpu %d: %u %s entries in %u ways do not make a power-of-two number of sets",
					 c->id, g.entries[s], tlb_size_name[s],
					 g.ways[s]);
	}
	if (cpu_set_tlb_geometry(c, &g))
		return lmm_error(L, "cannot set the tlb of cpu %d: unsupported geometry",
				 c->id);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_cpu_invlpg(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);
	u64 va = (u64)luaL_checkinteger(L, 2);
	const char *why = pt_map_check(va & ~(u64)(PAGE_SIZE - 1), 0,
				       PAGE_SIZE, PG_LEVEL_4K);

	/* No silent truncation of a wider value to the CPU's address width. */
	if (why)
		return lmm_error(L, "cannot invlpg 0x%llx: %s",
				 (unsigned long long)va, why);
	if (c->isa == CPU_ARM)
		cpu_arm_tlbimva(c, va);
	else
		cpu_invlpg(c, va);
	return 0;
}

static int l_cpu_flush(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);

	if (c->tlb)
		tlb_flush_all(c->tlb);
	return 0;
}

/*
 * STAC / CLAC (asm/smap.h stac(), clac()): set or clear EFLAGS.AC, which
 * lets supervisor data accesses reach user pages under CR4.SMAP, as
 * user_access_begin() / user_access_end() do around copy_to_user().
 */
static int cpu_set_ac(lua_State *L, bool on)
{
	struct cpu *c = check_cpu(L, NULL);

	if (c->isa != CPU_X86)
		return lmm_error(L, "cpu %d has no EFLAGS.AC (x86 only)", c->id);
	if (on)
		c->eflags |= X86_EFLAGS_AC;
	else
		c->eflags &= ~X86_EFLAGS_AC;
	return 0;
}

static int l_cpu_stac(lua_State *L)
{
	return cpu_set_ac(L, true);
}

static int l_cpu_clac(lua_State *L)
{
	return cpu_set_ac(L, false);
}

static const struct {
	const char *name;
	enum arm_reg reg;
} arm_regs[] = {
	{ "sctlr", ARM_SCTLR }, { "ttbr0", ARM_TTBR0 }, { "ttbr1", ARM_TTBR1 },
	{ "ttbcr", ARM_TTBCR }, { "dacr", ARM_DACR },
	{ "contextidr", ARM_CONTEXTIDR },
};

/*
 * A raw page-table root write (CR3, TTBR0) must still point at a page
 * directory the kernel loaded on this CPU: swapper_pg_dir, or the pgd of
 * the mm switch_mm() loaded (cpu_tlbstate.loaded_mm). Any other value
 * would break an invariant m:check() holds (every CPU's root is a known
 * pgd, never freed under it), so it is refused with an error: the raw
 * register methods never leave a state m:check() blames on the kernel.
 * @after is a copy of the CPU with the new value written.
 */
static void check_root(lua_State *L, struct machine *m, const struct cpu *c,
		       const struct cpu *after, const char *r, u64 v)
{
	struct mm_struct *loaded = m->paging->pcpu[c->id].loaded_mm;
	phys_addr_t root = pt_ops()->cpu_pgd(after);

	if (root == init_mm.pgd_phys || (loaded && root == loaded->pgd_phys))
		return;
	if (loaded && loaded != &init_mm)
		lmm_error(L, "cannot write %s = 0x%llx: 0x%llx is not a page directory the kernel loaded on cpu %d (swapper_pg_dir 0x%llx, the current mm's 0x%llx)",
			  r, (unsigned long long)v, (unsigned long long)root,
			  c->id, (unsigned long long)init_mm.pgd_phys,
			  (unsigned long long)loaded->pgd_phys);
	lmm_error(L, "cannot write %s = 0x%llx: 0x%llx is not a page directory the kernel loaded on cpu %d (swapper_pg_dir 0x%llx)",
		  r, (unsigned long long)v, (unsigned long long)root, c->id,
		  (unsigned long long)init_mm.pgd_phys);
}

/*
 * An ARM CP15 write: a value the MMU cannot honour is a Lua error (the
 * architecture raises nothing, the result would be UNPREDICTABLE).
 */
static int write_arm_reg(lua_State *L, struct cpu *c, const char *r,
			 enum arm_reg reg, lua_Integer v)
{
	const char *why;

	if (c->isa != CPU_ARM)
		return lmm_error(L, "%s is an arm register (cpu %d is x86)", r,
				 c->id);
	why = cpu_arm_check(c, reg, (u64)v);
	if (why)
		return lmm_error(L, "cannot write %s = 0x%llx: %s", r,
				 (unsigned long long)v, why);
	if (reg == ARM_TTBR0) {
		struct cpu after = *c;

		after.ttbr0 = (u64)v;
		check_root(L, current_machine(), c, &after, r, (u64)v);
	}
	if (cpu_arm_write(c, reg, (u64)v))
		return lmm_error(L, "cannot write %s = 0x%llx", r,
				 (unsigned long long)v);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_cpu_write_cr(lua_State *L)
{
	struct machine *m;
	struct cpu *c = check_cpu(L, &m);
	const char *r = luaL_checkstring(L, 2);
	u64 v = (u64)luaL_checkinteger(L, 3);
	int ret;

	for (size_t i = 0; i < sizeof(arm_regs) / sizeof(arm_regs[0]); i++)
		if (!strcmp(r, arm_regs[i].name))
			return write_arm_reg(L, c, r, arm_regs[i].reg,
					     (lua_Integer)v);
	if (c->isa == CPU_X86 && !strcmp(r, "cr3")) {
		struct cpu after = *c;

		after.cr3 = v;
		check_root(L, m, c, &after, r, v);
	}
	/*
	 * The kernel enabled NXE at boot and its PAGE_KERNEL carries NX, so
	 * the direct map holds NX entries: without NXE bit 63 is reserved in
	 * all of them, which m:check() reports. Refused like a bad root.
	 */
	if (c->isa == CPU_X86 && !strcmp(r, "efer") &&
	    (c->efer & EFER_NX) && !(v & EFER_NX))
		return lmm_error(L, "cannot write efer = 0x%llx: clearing EFER.NXE while the page tables hold NX entries would make NX a reserved bit in every one of them",
				 (unsigned long long)v);
	if (!strcmp(r, "cr0"))
		ret = cpu_write_cr0(c, v);
	else if (!strcmp(r, "cr3"))
		ret = cpu_write_cr3(c, v);
	else if (!strcmp(r, "cr4"))
		ret = cpu_write_cr4(c, v);
	else if (!strcmp(r, "efer"))
		ret = cpu_write_efer(c, v);
	else if (!strcmp(r, "cpl"))
		ret = (v == 0 || v == 3) ? (c->cpl = (int)v, 0) : -EINVAL;
	else
		return lmm_error(L, "unknown register '%s'", r);
	if (ret) {
		lua_pushnil(L);
		lua_pushstring(L, "#GP");
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int l_cpu_enter_kernel(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);

	if (cpu_enter_kernel(c->id))
		return lmm_error(L, "cpu %d is not in user mode", c->id);
	lua_pushinteger(L, (lua_Integer)c->sp);
	return 1;
}

static int l_cpu_return_to_user(lua_State *L)
{
	struct cpu *c = check_cpu(L, NULL);

	cpu_return_to_user(c->id);
	return 0;
}

static const luaL_Reg cpu_methods[] = {
	{ "regs", l_cpu_regs },
	{ "tss", l_cpu_tss },
	{ "tlb", l_cpu_tlb },
	{ "set_tlb", l_cpu_set_tlb },
	{ "invlpg", l_cpu_invlpg },
	{ "flush", l_cpu_flush },
	{ "stac", l_cpu_stac },
	{ "clac", l_cpu_clac },
	{ "write_cr", l_cpu_write_cr },
	{ "enter_kernel", l_cpu_enter_kernel },
	{ "return_to_user", l_cpu_return_to_user },
	{ NULL, NULL }
};

/**
 * lmm_cpu - m:cpu([i]): the cpu object of CPU @i (default 0)
 * @L: the Lua state; machine at index 1, optional CPU number at 2
 *
 * Return: 1 (the object: a table {machine=, id=} with the cpu metatable).
 * Raises a Lua error when paging is not set up or there is no such CPU.
 */
int lmm_cpu(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	lua_Integer id = luaL_optinteger(L, 2, 0);

	need_paging(L, m);
	opt_cpu(L, m, id);
	lua_newtable(L);
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "machine");
	lua_pushinteger(L, id);
	lua_setfield(L, -2, "id");
	if (luaL_newmetatable(L, LMM_CPU_MT)) {
		luaL_newlib(L, cpu_methods);
		lua_setfield(L, -2, "__index");
	}
	lua_setmetatable(L, -2);
	return 1;
}
