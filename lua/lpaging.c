// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods for the paging hardware and kernel page tables:
 *
 *   m:translate(va, {cpu=0, write=, user=, exec=}) -> pa | nil, fault
 *   m:walk(va[, cpu]) -> { levels..., paddr=, fault= }
 *   m:cpu(i) -> cpu object (lua/lcpu.c)
 *   m:phys_read(pa, len) / m:phys_write(pa, bytes[, {force=}])
 *		refuses page tables and slab metadata (mm/raw_access.c)
 *   m:map_page(va, pa, {prot="rw", user=, pid=})
 *   m:unmap_page(va[, {pid=, noflush=}])	flushes like Linux unless noflush
 *		both only in user space and the vmalloc/modules areas
 *		(check_raw_va), so they never break m:check()'s invariants
 *   m:set_memory(va, npages, "ro"|"rw"|"nx"|"x"|"4k")	splits large pages
 *   m:invlpg(va[, cpu | {cpu=, pid=}]) / m:flush_tlb() / m:trace_walks(on)
 *   m:task_create(name[, user]) -> pid ; m:context_switch(pid[, cpu])
 *   m:switch_to(task | pid[, cpu])
 *               (pid 0: that CPU's own idle task, swapper/cpu)
 *   m:task(pid) -> {pid=, comm=, pgd=, stack=, sp0=, ...}
 */
#include <stdio.h>
#include <string.h>

#include <hw/mmu.h>
#include <hw/tlb.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>
#include <mmsim/vmalloc.h>
#include <mmsim/raw_access.h>

#include "lcpu.h"
#include "lmm.h"
#include "lraw_access.h"

static struct paging_state *need_paging(lua_State *L, struct machine *m)
{
	if (!m->paging)
		lmm_error(L, "paging is not set up on this machine");
	return m->paging;
}

static struct cpu *opt_cpu(lua_State *L, struct machine *m, lua_Integer i)
{
	if (i < 0 || i >= m->nr_cpus)
		lmm_error(L, "no cpu %d (the machine has %d)", (int)i,
			  m->nr_cpus);
	return &m->cpus[i];
}

/*
 * The options table at @t of method @what: nil/none, or a table whose every
 * key is one of @keys (comma-separated). A typo ({wrte=true}) or a value
 * that is no table is an error, never silently ignored.
 */
static void check_opts(lua_State *L, int t, const char *what,
		       const char *keys)
{
	if (lua_isnoneornil(L, t))
		return;
	if (lua_type(L, t) != LUA_TTABLE)
		lmm_error(L, "%s: the options must be a table {%s}, not a %s",
			  what, keys, luaL_typename(L, t));
	lua_pushnil(L);
	while (lua_next(L, t)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ?
				lua_tostring(L, -2) : NULL;
		size_t n = k ? strlen(k) : 0;
		const char *p = keys;
		bool found = false;

		while (k && *p && !found) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			found = len == n && !strncmp(p, k, n);
			p += len + (e ? 1 : 0);
		}
		if (!found)
			lmm_error(L, "%s: unknown option '%s' (%s)", what,
				  k ? k : luaL_typename(L, -2), keys);
		lua_pop(L, 1);
	}
}

/* Option @k of the table at @t: absent is false, else it must be a boolean. */
static bool opt_bool(lua_State *L, int t, const char *what, const char *k)
{
	bool v = false;

	if (lua_type(L, t) != LUA_TTABLE)
		return false;
	lua_getfield(L, t, k);
	if (lua_type(L, -1) == LUA_TBOOLEAN)
		v = lua_toboolean(L, -1);
	else if (!lua_isnil(L, -1))
		lmm_error(L, "%s: %s must be a boolean, not a %s", what, k,
			  luaL_typename(L, -1));
	lua_pop(L, 1);
	return v;
}

/* Option @k of the table at @t: absent is @d, else it must be an integer. */
static lua_Integer opt_int(lua_State *L, int t, const char *what,
			   const char *k, lua_Integer d)
{
	lua_Integer v = d;

	if (lua_type(L, t) != LUA_TTABLE)
		return d;
	lua_getfield(L, t, k);
	if (lua_isinteger(L, -1))
		v = lua_tointeger(L, -1);
	else if (!lua_isnil(L, -1))
		lmm_error(L, "%s: %s must be an integer, not a %s", what, k,
			  luaL_typename(L, -1));
	lua_pop(L, 1);
	return v;
}

static void push_fault(lua_State *L, const struct mmu_fault *f, bool arm)
{
	lua_newtable(L);
	lmm_set_int(L, "vector", (u64)(s64)f->vector);
	if (arm) {
		lmm_set_int(L, "fsr", f->fsr);
		lmm_set_int(L, "far", f->addr);
		lmm_set_int(L, "status", (f->fsr & 0xf) | ((f->fsr >> 6) & 0x10));
		lua_pushstring(L, f->vector == ARM_VEC_DATA_ABORT ?
			       "data abort" : "prefetch abort");
		lua_setfield(L, -2, "kind");
	} else {
		lmm_set_int(L, "error_code", f->error_code);
		if (f->vector == X86_TRAP_PF)
			lmm_set_int(L, "cr2", f->addr);
		lua_pushstring(L, f->vector == X86_TRAP_PF ? "#PF" : "#GP");
		lua_setfield(L, -2, "kind");
	}
	lua_pushstring(L, f->reason ? f->reason : "");
	lua_setfield(L, -2, "reason");
}

static int l_translate(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 va = (u64)luaL_checkinteger(L, 2);
	unsigned int acc = 0;
	struct mmu_fault f;
	struct cpu *cpu;
	phys_addr_t pa;
	int ret;

	check_opts(L, 3, "translate", "cpu,write,user,exec");
	cpu = opt_cpu(L, m, opt_int(L, 3, "translate", "cpu", 0));
	need_paging(L, m);
	if (opt_bool(L, 3, "translate", "write"))
		acc |= MMU_WRITE;
	if (opt_bool(L, 3, "translate", "exec"))
		acc |= MMU_EXEC;
	if (opt_bool(L, 3, "translate", "user"))
		acc |= MMU_USER;
	ret = mmu_translate(cpu, va, acc, &pa, &f);
	if (ret == -EINVAL)
		return lmm_error(L, "cannot translate 0x%llx: %s",
				 (unsigned long long)va, f.reason);
	if (ret) {
		lua_pushnil(L);
		push_fault(L, &f, cpu->isa == CPU_ARM);
		return 2;
	}
	lua_pushinteger(L, (lua_Integer)pa);
	return 1;
}

/* "P RW US A D PS G NX" for an x86 entry; ARM short descriptors too. */
static void decode_flags(char *buf, size_t len, const struct cpu *cpu,
			 const struct mmu_walk_step *s)
{
	static const char *const x86[] = { "P", "RW", "US", "PWT", "PCD", "A",
					   "D", "PS", "G" };
	size_t n = 0;
	u64 v = s->value;

	buf[0] = 0;
	if (cpu->isa == CPU_ARM) {
		unsigned int type = v & 3;
		bool l1 = !strcmp(s->name, "L1");

		if (!type) {
			snprintf(buf, len, "fault");
			return;
		}
		if (l1 && type == 1) {
			snprintf(buf, len, "table domain=%u",
				 (unsigned int)(v >> 5) & 0xf);
			return;
		}
		if (l1)
			snprintf(buf, len, "section AP=%u%u%u%s%s domain=%u",
				 (unsigned int)(v >> 15) & 1,
				 (unsigned int)(v >> 11) & 1,
				 (unsigned int)(v >> 10) & 1,
				 (v & BIT(4)) ? " XN" : "",
				 (v & BIT(17)) ? " nG" : "",
				 (unsigned int)(v >> 5) & 0xf);
		else
			snprintf(buf, len, "%s AP=%u%u%u%s%s",
				 (v & 2) ? "small" : "large",
				 (unsigned int)(v >> 9) & 1,
				 (unsigned int)(v >> 5) & 1,
				 (unsigned int)(v >> 4) & 1,
				 (v & 1) ? " XN" : "",
				 (v & BIT(11)) ? " nG" : "");
		return;
	}
	for (int b = 0; b < 9; b++) {
		const char *name = x86[b];

		if (!(v & BIT_ULL(b)))
			continue;
		if (b == 7 && s->leaf && s->page_shift == 12)
			name = "PAT";
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", name);
		if (n >= len)
			return;
	}
	if (s->width == 8 && (v & BIT_ULL(63)))
		snprintf(buf + n, len - n, "%sNX", n ? " " : "");
}

static int l_walk(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 va = (u64)luaL_checkinteger(L, 2);
	struct cpu *cpu = opt_cpu(L, m, luaL_optinteger(L, 3, 0));
	struct mmu_walk w;
	struct mmu_fault f;
	char flags[96];
	int ret;

	need_paging(L, m);
	ret = mmu_walk(cpu, va, MMU_PROBE, &w, &f);
	if (ret == -EINVAL)
		return lmm_error(L, "cannot walk 0x%llx: %s",
				 (unsigned long long)va, f.reason);
	lua_newtable(L);
	for (int i = 0; i < w.nr; i++) {
		const struct mmu_walk_step *s = &w.step[i];

		lua_newtable(L);
		lua_pushstring(L, s->name);
		lua_setfield(L, -2, "level");
		lmm_set_int(L, "entry_addr", s->entry_addr);
		lmm_set_int(L, "value", s->value);
		lmm_set_int(L, "index", s->index);
		decode_flags(flags, sizeof(flags), cpu, s);
		lua_pushstring(L, flags);
		lua_setfield(L, -2, "flags");
		lua_pushboolean(L, s->leaf);
		lua_setfield(L, -2, "leaf");
		if (s->leaf)
			lmm_set_int(L, "page_size", 1ULL << s->page_shift);
		if (s->outside_ram) {
			lua_pushboolean(L, 1);
			lua_setfield(L, -2, "outside_ram");
		}
		lua_rawseti(L, -2, i + 1);
	}
	lua_pushstring(L, mmu_mode_name(cpu->mode));
	lua_setfield(L, -2, "mode");
	if (ret) {
		push_fault(L, &f, cpu->isa == CPU_ARM);
		lua_setfield(L, -2, "fault");
	} else {
		lmm_set_int(L, "paddr", w.pa);
		lmm_set_int(L, "page_size", 1ULL << w.page_shift);
	}
	return 1;
}

static int l_phys_read(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 pa = (u64)luaL_checkinteger(L, 2);
	lua_Integer len = luaL_checkinteger(L, 3);
	luaL_Buffer b;

	if (len < 0 || len > (64 << 20) || !ram_valid(&m->ram, pa, (u64)len))
		return lmm_error(L, "cannot read %lld bytes at physical 0x%llx: outside RAM",
				 (long long)len, (unsigned long long)pa);
	luaL_buffinit(L, &b);
	luaL_addlstring(&b, (const char *)ram_ptr(&m->ram, pa), (size_t)len);
	luaL_pushresult(&b);
	return 1;
}

static int l_phys_write(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 pa = (u64)luaL_checkinteger(L, 2);
	size_t len;
	const char *s = luaL_checklstring(L, 3, &len);
	struct lmm_raw_refusal r = { .method = "m:phys_write", .addr = pa,
				     .pa = pa, .len = len };

	r.force = lmm_raw_force(L, 4, "phys_write");
	if (!ram_valid(&m->ram, pa, len))
		return lmm_error(L, "cannot write %zu bytes at physical 0x%llx: outside RAM",
				 len, (unsigned long long)pa);
	/* The policy of mm/raw_access.c: no page table, no slab metadata. */
	if (raw_write_check(m, pa, len, r.why, sizeof(r.why)))
		lmm_raw_refuse(L, m, &r);
	ram_write(&m->ram, pa, s, len);
	lua_pushboolean(L, 1);
	return 1;
}

/* A pid argument: an int, so a huge value cannot wrap onto a real pid. */
static int check_pid(lua_State *L, const char *what, lua_Integer pid)
{
	if (pid < 0 || pid > INT32_MAX)
		lmm_error(L, "%s: no task with pid %lld", what, (long long)pid);
	return (int)pid;
}

static struct mm_struct *opt_mm(lua_State *L, int t, const char *what)
{
	lua_Integer pid = opt_int(L, t, what, "pid", -1);
	struct task_struct *tsk;

	if (pid == -1)
		return &init_mm;
	tsk = find_task_by_pid(check_pid(L, what, pid));
	if (!tsk || !tsk->mm)
		lmm_error(L, "no user task with pid %lld", (long long)pid);
	return tsk->mm;
}

/* Flush one page of @mm as the kernel does after changing its PTE. */
static void flush_one(struct mm_struct *mm, u64 va)
{
	va &= PAGE_MASK;
	if (mm == &init_mm)
		flush_tlb_kernel_range(va, va + PAGE_SIZE);
	else
		flush_tlb_mm_range(mm, va, va + PAGE_SIZE, PAGE_SHIFT, false);
}

/* An address the MMU can form: no truncation to 32 bits, canonical. */
static void check_va_width(lua_State *L, const char *verb, u64 va)
{
	const char *why = pt_map_check(va & ~(u64)(PAGE_SIZE - 1), 0,
				       PAGE_SIZE, PG_LEVEL_4K);

	if (why)
		lmm_error(L, "cannot %s 0x%llx: %s", verb,
			  (unsigned long long)va, why);
}

/*
 * Where the raw PTE methods (m:map_page, m:unmap_page) may write: user
 * addresses, in any mm, and the kernel's vmalloc and modules areas, in
 * init_mm only. Everything else in the kernel half is a mapping the kernel
 * made and owns (the direct map, the kernel image, fixmap, pkmap, the
 * cpu_entry_area...): m:check() holds invariants on them, so they are
 * refused. A kernel address is mapped in init_mm's tables, which every
 * pgd shares (T2), so it is never written through a user pgd (Linux's
 * vmap_range() writes init_mm too).
 */
static void check_raw_va(lua_State *L, struct machine *m, const char *verb,
			 u64 va, struct mm_struct *mm)
{
	const struct layout_region *r = layout_lookup(&m->layout, va);
	const char *name;

	if (r && !strcmp(r->name, "user"))
		return;
	if (!r)
		lmm_error(L, "cannot %s 0x%llx: outside user space [0, 0x%llx) and the vmalloc and modules areas (a hole in the kernel layout)",
			  verb, (unsigned long long)va,
			  (unsigned long long)m->layout.task_size);
	name = !strcmp(r->name, "lowmem") ? "direct map" : r->name;
	if (strcmp(r->name, "vmalloc") && strcmp(r->name, "modules"))
		lmm_error(L, "cannot %s 0x%llx: inside the %s [0x%llx, 0x%llx), which the kernel owns (only user, vmalloc and modules addresses)",
			  verb, (unsigned long long)va, name,
			  (unsigned long long)r->start,
			  (unsigned long long)r->end);
	if (mm != &init_mm)
		lmm_error(L, "cannot %s 0x%llx with pid=: a kernel (%s) address lives in init_mm's tables, shared by every pgd",
			  verb, (unsigned long long)va, name);
	/* vmalloc owns its areas' PTEs until they are purged. */
	if (vmalloc_area_busy(va))
		lmm_error(L, "cannot %s 0x%llx: inside a busy vmalloc/vmap/ioremap area",
			  verb, (unsigned long long)va);
}

/* "r", "rw", "rx", "rwx" or ls-style "r--", "rw-", "r-x": nothing else. */
static bool parse_prot(const char *prot, bool *w, bool *x)
{
	static const struct { const char *s; bool w, x; } forms[] = {
		{ "r", false, false }, { "rw", true, false },
		{ "rx", false, true }, { "rwx", true, true },
		{ "r--", false, false }, { "rw-", true, false },
		{ "r-x", false, true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		if (!strcmp(prot, forms[i].s)) {
			*w = forms[i].w;
			*x = forms[i].x;
			return true;
		}
	}
	return false;
}

static int l_map_page(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 va = (u64)luaL_checkinteger(L, 2);
	u64 pa = (u64)luaL_checkinteger(L, 3);
	const char *prot = "rw";
	bool user, w, x;
	enum pt_level_idx lvl;
	struct mm_struct *mm;
	bool was_mapped;
	const char *why;
	pgprot_t pg;
	int ret;

	check_opts(L, 4, "map_page", "prot,user,pid");
	need_paging(L, m);
	user = opt_bool(L, 4, "map_page", "user");
	mm = opt_mm(L, 4, "map_page");
	if (lua_type(L, 4) == LUA_TTABLE) {
		lua_getfield(L, 4, "prot");
		if (lua_type(L, -1) == LUA_TSTRING)
			prot = lua_tostring(L, -1);
		else if (!lua_isnil(L, -1))
			return lmm_error(L, "map_page: prot must be a string, not a %s",
					 luaL_typename(L, -1));
		lua_pop(L, 1);
	}
	if (!parse_prot(prot, &w, &x))
		return lmm_error(L, "map_page: bad prot '%s' (r, rw, rx, rwx, r--, rw-, r-x)",
				 prot);
	if ((va | pa) & (PAGE_SIZE - 1))
		return lmm_error(L, "cannot map 0x%llx -> 0x%llx: not page aligned",
				 (unsigned long long)va, (unsigned long long)pa);
	why = pt_map_check(va, pa, PAGE_SIZE, PG_LEVEL_4K);
	if (why)
		return lmm_error(L, "cannot map 0x%llx -> 0x%llx: %s",
				 (unsigned long long)va, (unsigned long long)pa,
				 why);
	check_raw_va(L, m, "map", va, mm);
	if (user && va >= m->layout.task_size)
		return lmm_error(L, "cannot map 0x%llx with user=true: a kernel address is never user-accessible",
				 (unsigned long long)va);
	/*
	 * RAM only: this is a raw PTE write, not ioremap(); a frame outside
	 * RAM is refused (m:check() requires kernel entries inside RAM).
	 * SIM: the frame is not reference counted; it may be free in the
	 * buddy allocator, as with a raw set_pte_at().
	 */
	if (!memblock_is_memory(&m->memblock, pa) ||
	    !ram_valid(&m->ram, pa, PAGE_SIZE))
		return lmm_error(L, "cannot map 0x%llx -> 0x%llx: physical 0x%llx is not RAM (m:map_page is no ioremap)",
				 (unsigned long long)va, (unsigned long long)pa,
				 (unsigned long long)pa);
	was_mapped = pt_lookup(mm, va, &lvl) != NULL;
	if (was_mapped && lvl != PT_PTE)
		return lmm_error(L, "cannot map 0x%llx: inside a large page",
				 (unsigned long long)va);
	if (w)
		pg = user ? PAGE_SHARED : PAGE_KERNEL;
	else
		pg = user ? PAGE_READONLY : PAGE_KERNEL_RO;
	if (x)
		pg = __pgprot(pgprot_val(pg) & ~pt_ops()->pte.nx);
	ret = pt_map_range(mm, va, pa, PAGE_SIZE, pg, PG_LEVEL_4K, false);
	if (ret)
		return lmm_error(L, "cannot map 0x%llx: %s",
				 (unsigned long long)va, ret == -ENOMEM ?
				 "out of memory" :
				 strerror(-ret));
	if (was_mapped)		/* a present entry changed: drop stale copies */
		flush_one(mm, va);
	lua_pushboolean(L, 1);
	return 1;
}

/*
 * m:set_memory(va, npages, "ro"|"rw"|"nx"|"x"|"4k"): Linux's set_memory_*()
 * on kernel pages; large pages partly covered are split.
 */
static int l_set_memory(lua_State *L)
{
	static const struct {
		const char *name;
		int (*fn)(u64 addr, int numpages);
	} ops[] = {
		{ "ro", set_memory_ro }, { "rw", set_memory_rw },
		{ "nx", set_memory_nx }, { "x", set_memory_x },
		{ "4k", set_memory_4k },
	};
	struct machine *m = lmm_checkmachine(L, 1);
	u64 va = (u64)luaL_checkinteger(L, 2);
	lua_Integer n = luaL_checkinteger(L, 3);
	const char *what = luaL_checkstring(L, 4);
	int ret;

	need_paging(L, m);
	if (va & (PAGE_SIZE - 1))
		return lmm_error(L, "cannot set_memory_%s 0x%llx: not page aligned",
				 what, (unsigned long long)va);
	if (n < 0 || n > INT32_MAX)
		return lmm_error(L, "cannot set_memory_%s 0x%llx: bad page count %lld",
				 what, (unsigned long long)va, (long long)n);
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		if (strcmp(what, ops[i].name))
			continue;
		ret = ops[i].fn(va, (int)n);
		if (ret == -EFAULT)
			return lmm_error(L, "cannot set_memory_%s 0x%llx: a page in the range is not mapped",
					 what, (unsigned long long)va);
		if (ret == -EINVAL)
			return lmm_error(L, "cannot set_memory_%s 0x%llx: %s", what,
					 (unsigned long long)va, pt_fmt()->arm ?
					 "ARM changes only vmalloc/module pages, never the linear map's sections" :
					 "not a kernel range");
		if (ret)
			return lmm_error(L, "cannot set_memory_%s 0x%llx: %s", what,
					 (unsigned long long)va, ret == -ENOMEM ?
					 "out of memory" : strerror(-ret));
		lua_pushboolean(L, 1);
		return 1;
	}
	return lmm_error(L, "unknown set_memory kind '%s' (ro, rw, nx, x, 4k)",
			 what);
}

/* m:unmap_page(va[, {pid=, noflush=}]): noflush leaves the TLB stale. */
static int l_unmap_page(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 va = (u64)luaL_checkinteger(L, 2);
	struct mm_struct *mm;
	bool noflush;

	check_opts(L, 3, "unmap_page", "pid,noflush");
	need_paging(L, m);
	mm = opt_mm(L, 3, "unmap_page");
	noflush = opt_bool(L, 3, "unmap_page", "noflush");
	check_va_width(L, "unmap", va);
	check_raw_va(L, m, "unmap", va, mm);
	if (pt_unmap_page(mm, va))
		return lmm_error(L, "cannot unmap 0x%llx: no 4K page mapped there",
				 (unsigned long long)va);
	if (!noflush)
		flush_one(mm, va);
	lua_pushboolean(L, 1);
	return 1;
}

/*
 * m:invlpg(va[, cpu | {cpu=, pid=}]): one CPU's INVLPG, or the flush of
 * one page of a task's mm (running or not), or of the kernel's on all.
 */
static int l_invlpg(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	u64 va = (u64)luaL_checkinteger(L, 2);
	struct mm_struct *mm = NULL;
	struct cpu *c = NULL;

	need_paging(L, m);
	if (lua_type(L, 3) == LUA_TNUMBER)
		c = opt_cpu(L, m, luaL_checkinteger(L, 3));
	else if (!lua_isnoneornil(L, 3) && lua_type(L, 3) != LUA_TTABLE)
		return lmm_error(L, "invlpg: the second argument must be a cpu number or a table {cpu,pid}, not a %s",
				 luaL_typename(L, 3));
	check_opts(L, 3, "invlpg", "cpu,pid");
	if (lua_type(L, 3) == LUA_TTABLE) {
		lua_getfield(L, 3, "cpu");
		if (!lua_isnil(L, -1))
			c = opt_cpu(L, m, opt_int(L, 3, "invlpg", "cpu", 0));
		lua_pop(L, 1);
		mm = opt_mm(L, 3, "invlpg");
		if (c && mm != &init_mm)
			return lmm_error(L, "invlpg: give cpu= or pid=, not both");
	}
	check_va_width(L, "invlpg", va);
	if (c && c->isa == CPU_ARM)
		cpu_arm_tlbimva(c, va);
	else if (c)
		cpu_invlpg(c, va);
	else
		flush_one(mm ? mm : &init_mm, va);
	return 0;
}

static int l_flush_tlb(lua_State *L)
{
	need_paging(L, lmm_checkmachine(L, 1));
	flush_tlb_all();
	return 0;
}

static int l_trace_walks(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);

	luaL_checktype(L, 2, LUA_TBOOLEAN);
	for (int i = 0; i < m->nr_cpus; i++)
		m->cpus[i].trace_walks = lua_toboolean(L, 2);
	return 0;
}

static int l_task_create(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	const char *name = luaL_checkstring(L, 2);
	struct task_struct *t;
	bool user = true;

	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TBOOLEAN);
		user = lua_toboolean(L, 3);
	}
	need_paging(L, m);
	t = task_create(name, user);
	if (!t)
		return lmm_error(L, "cannot create task '%s': out of memory", name);
	lua_pushinteger(L, t->pid);
	return 1;
}

static int l_context_switch(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	int pid = check_pid(L, "context_switch", luaL_checkinteger(L, 2));
	lua_Integer cpu = luaL_optinteger(L, 3, 0);
	struct task_struct *t;
	int ret;

	need_paging(L, m);
	opt_cpu(L, m, cpu);
	/*
	 * pid 0 is every CPU's idle task (swapper/N), each bound to its CPU:
	 * pid 0 means the idle task of the CPU switched.
	 */
	t = pid == 0 ? m->paging->pcpu[cpu].idle : find_task_by_pid(pid);
	if (!t)
		return lmm_error(L, "cannot switch to pid %d: no such task", pid);
	ret = context_switch((int)cpu, t);
	if (ret == -EBUSY)
		return lmm_error(L, "cannot switch to pid %d: running on cpu %d",
				 pid, t->on_cpu);
	return 0;
}

/*
 * m:switch_to(task[, cpu]): the contract's name for context_switch, taking
 * the task object m:spawn() returned (or a pid).
 */
static int l_switch_to(lua_State *L)
{
	lmm_checkmachine(L, 1);
	if (lua_type(L, 2) == LUA_TTABLE && lua_getmetatable(L, 2)) {
		luaL_getmetatable(L, LMM_TASK_MT);
		if (!lua_rawequal(L, -1, -2))
			return lmm_error(L, "switch_to: expected a task or a pid");
		lua_pop(L, 2);
		lua_rawgeti(L, 2, 1);	/* the task's machine */
		if (!lua_rawequal(L, -1, 1))
			return lmm_error(L, "switch_to: the task belongs to another machine");
		lua_pop(L, 1);
		lua_rawgeti(L, 2, 2);	/* its pid */
		lua_replace(L, 2);
	} else if (!lua_isinteger(L, 2)) {
		return lmm_error(L, "switch_to: expected a task or a pid, got %s",
				 luaL_typename(L, 2));
	}
	return l_context_switch(L);
}

static int l_task(lua_State *L)
{
	struct machine *m = lmm_checkmachine(L, 1);
	int pid = check_pid(L, "task", luaL_checkinteger(L, 2));
	struct task_struct *t;

	need_paging(L, m);
	t = find_task_by_pid(pid);
	if (!t)
		return lmm_error(L, "no task with pid %d", pid);
	lua_newtable(L);
	lmm_set_int(L, "pid", (u64)t->pid);
	lua_pushstring(L, t->comm);
	lua_setfield(L, -2, "comm");
	lmm_set_int(L, "stack", t->stack);
	lmm_set_int(L, "sp0", t->thread.sp0);
	lmm_set_int(L, "on_cpu", (u64)(s64)t->on_cpu);
	if (t->mm) {
		lmm_set_int(L, "pgd", t->mm->pgd_phys);
		lmm_set_int(L, "ctx_id", t->mm->context.ctx_id);
		lmm_set_int(L, "asid", t->mm->context.asid);
		lmm_set_int(L, "tlb_gen", t->mm->context.tlb_gen);
	}
	return 1;
}

const luaL_Reg lmm_paging_methods[] = {
	{ "translate", l_translate },
	{ "walk", l_walk },
	{ "cpu", lmm_cpu },	/* lua/lcpu.c */
	{ "phys_read", l_phys_read },
	{ "phys_write", l_phys_write },
	{ "map_page", l_map_page },
	{ "unmap_page", l_unmap_page },
	{ "set_memory", l_set_memory },
	{ "invlpg", l_invlpg },
	{ "flush_tlb", l_flush_tlb },
	{ "trace_walks", l_trace_walks },
	{ "task_create", l_task_create },
	{ "context_switch", l_context_switch },
	{ "switch_to", l_switch_to },
	{ "task", l_task },
	{ NULL, NULL }
};
