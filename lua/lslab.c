// SPDX-License-Identifier: GPL-2.0
/*
 * Lua methods of the slab allocator and kmalloc (K1):
 *
 *	m:kmalloc(size[, gfp]) -> vaddr | nil, reason
 *	m:kzalloc(size[, gfp]) ; m:kcalloc(n, size[, gfp])
 *	m:krealloc(vaddr, size[, gfp]) -> vaddr | nil, reason
 *	m:kfree(vaddr)			error on a pointer Linux would BUG/WARN on
 *	m:ksize(vaddr) -> bytes		error for a pointer that is not live
 *	m:kmem_cache_create(name, size[, align[, flags]]) -> cache
 *		flags: "SLAB_HWCACHE_ALIGN|SLAB_POISON" or a number
 *	cache:alloc([gfp]) -> vaddr | nil ; cache:zalloc([gfp])
 *	cache:free(vaddr) ; cache:shrink() ; cache:destroy() -> true | nil, reason
 *	cache:info() -> {name=, object_size=, size=, align=, offset=, inuse=,
 *			 objperslab=, pagesperslab=, active_objs=, num_objs=,
 *			 num_slabs=}
 *	m:slab_shrink()			kmem_cache_shrink() on every cache, as
 *					writing 1 to /sys/kernel/slab/(*)/shrink
 *	m:kread(vaddr, len) -> bytes ; m:kwrite(vaddr, bytes[, {force=}])
 *		kernel-mode access through the MMU of CPU 0; kwrite refuses
 *		page tables and slab metadata (mm/raw_access.c)
 *
 * A size of 0 gives ZERO_SIZE_PTR (16); a negative size is what C's
 * size_t makes of it, a huge request that fails with nil.
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/paging.h>
#include <hw/mmu.h>
#include <mmsim/raw_access.h>
#include <mmsim/slab.h>

#include "../mm/slab.h"
#include "lmm.h"
#include "lraw_access.h"

#define LSLAB_CACHE_MT	"mmsim.kmem_cache"

struct lslab_cache {
	struct kmem_cache *s;	/* NULL once destroyed */
	struct lmm_machine *lm;	/* owner; kept alive by the user value */
};

static gfp_t opt_gfp(lua_State *L, int idx)
{
	char bad[96];
	gfp_t gfp;

	if (lua_isnoneornil(L, idx))
		return GFP_KERNEL;
	if (lua_isinteger(L, idx)) {
		lua_Integer v = lua_tointeger(L, idx);

		if (v < 0 || v & ~(lua_Integer)GFP_VALID_MASK ||
		    !gfp_zone_valid((gfp_t)v))
			lmm_error(L, "bad gfp mask 0x%llx", (unsigned long long)v);
		return (gfp_t)v;
	}
	if (gfp_parse(luaL_checkstring(L, idx), &gfp, bad, sizeof(bad)))
		luaL_error(L, "bad gfp mask '%s': %s", lua_tostring(L, idx), bad);
	return gfp;
}

static size_t check_size(lua_State *L, int idx)
{
	/* size_t of a negative number: huge, as in C. */
	return (size_t)(u64)luaL_checkinteger(L, idx);
}

static int push_alloc(lua_State *L, vaddr_t p, size_t size, gfp_t gfp)
{
	char b[GFP_STR_LEN];

	if (p) {
		lua_pushinteger(L, (lua_Integer)p);
		return 1;
	}
	lua_pushnil(L);
	lua_pushfstring(L, "kmalloc failure: %I bytes, mode:%s",
			(lua_Integer)size, gfp_format(gfp, b, sizeof(b), true));
	return 2;
}

static int l_kmalloc(lua_State *L)
{
	size_t size;
	gfp_t gfp;

	lmm_checkmachine(L, 1);
	size = check_size(L, 2);
	gfp = opt_gfp(L, 3);
	return push_alloc(L, kmalloc(size, gfp), size, gfp);
}

static int l_kzalloc(lua_State *L)
{
	size_t size;
	gfp_t gfp;

	lmm_checkmachine(L, 1);
	size = check_size(L, 2);
	gfp = opt_gfp(L, 3);
	return push_alloc(L, kzalloc(size, gfp), size, gfp);
}

static int l_kcalloc(lua_State *L)
{
	size_t n, size;
	gfp_t gfp;

	lmm_checkmachine(L, 1);
	n = check_size(L, 2);
	size = check_size(L, 3);
	gfp = opt_gfp(L, 4);
	return push_alloc(L, kcalloc(n, size, gfp), n * size, gfp);
}

static int l_krealloc(lua_State *L)
{
	vaddr_t p, r;
	size_t size;
	gfp_t gfp;
	char why[160];

	lmm_checkmachine(L, 1);
	p = (vaddr_t)luaL_checkinteger(L, 2);
	size = check_size(L, 3);
	gfp = opt_gfp(L, 4);
	if (ksize_checked(p, why, sizeof(why)) < 0)
		return luaL_error(L, "krealloc: %s", why);
	r = krealloc(p, size, gfp);
	return push_alloc(L, r, size, gfp);
}

static int l_kfree(lua_State *L)
{
	vaddr_t p;
	char why[160];

	lmm_checkmachine(L, 1);
	p = (vaddr_t)luaL_checkinteger(L, 2);
	if (kfree_checked(p, why, sizeof(why)))
		return lmm_error(L, "kfree(0x%llx): %s", (unsigned long long)p,
				 why);
	return 0;
}

static int l_ksize(lua_State *L)
{
	vaddr_t p;
	char why[160];
	long n;

	lmm_checkmachine(L, 1);
	p = (vaddr_t)luaL_checkinteger(L, 2);
	n = ksize_checked(p, why, sizeof(why));
	if (n < 0)
		return lmm_error(L, "ksize(0x%llx): %s", (unsigned long long)p,
				 why);
	lua_pushinteger(L, n);
	return 1;
}

static const struct { const char *name; slab_flags_t flag; } slab_flag_names[] = {
	{ "SLAB_CONSISTENCY_CHECKS", SLAB_CONSISTENCY_CHECKS },
	{ "SLAB_RED_ZONE", SLAB_RED_ZONE },
	{ "SLAB_POISON", SLAB_POISON },
	{ "SLAB_HWCACHE_ALIGN", SLAB_HWCACHE_ALIGN },
	{ "SLAB_CACHE_DMA", SLAB_CACHE_DMA },
	{ "SLAB_CACHE_DMA32", SLAB_CACHE_DMA32 },
	{ "SLAB_STORE_USER", SLAB_STORE_USER },
	{ "SLAB_PANIC", SLAB_PANIC },
	{ "SLAB_TYPESAFE_BY_RCU", SLAB_TYPESAFE_BY_RCU },
	{ "SLAB_ACCOUNT", SLAB_ACCOUNT },
	{ "SLAB_NO_MERGE", SLAB_NO_MERGE },
	{ "SLAB_RECLAIM_ACCOUNT", SLAB_RECLAIM_ACCOUNT },
	{ "SLAB_TEMPORARY", SLAB_TEMPORARY },
};

static slab_flags_t check_slab_flags(lua_State *L, int idx)
{
	slab_flags_t f = 0;
	const char *s, *e;

	if (lua_isnoneornil(L, idx))
		return 0;
	if (lua_isinteger(L, idx)) {
		lua_Integer v = lua_tointeger(L, idx);

		if (v < 0 || (u64)v & ~(u64)SLAB_CREATE_MASK)
			lmm_error(L, "bad slab flags 0x%llx", (unsigned long long)v);
		return (slab_flags_t)v;
	}
	s = luaL_checkstring(L, idx);
	for (; *s; s = *e ? e + 1 : e) {
		size_t len, i;

		while (*s == ' ')
			s++;
		e = strchr(s, '|');
		if (!e)
			e = s + strlen(s);
		len = (size_t)(e - s);
		while (len && s[len - 1] == ' ')
			len--;
		for (i = 0; i < ARRAY_SIZE(slab_flag_names); i++)
			if (strlen(slab_flag_names[i].name) == len &&
			    !strncmp(slab_flag_names[i].name, s, len))
				break;
		if (i == ARRAY_SIZE(slab_flag_names))
			lmm_error(L, "unknown slab flag '%.*s'", (int)len, s);
		f |= slab_flag_names[i].flag;
	}
	return f;
}

static int l_kmem_cache_create(lua_State *L)
{
	struct lmm_machine *lm = lmm_checkudata(L, 1);
	const char *name;
	lua_Integer size, align;
	slab_flags_t flags;
	struct lslab_cache *c;
	struct kmem_cache *s;

	lmm_checkmachine(L, 1);
	name = luaL_checkstring(L, 2);
	size = luaL_checkinteger(L, 3);
	align = luaL_optinteger(L, 4, 0);
	flags = check_slab_flags(L, 5);
	if (size <= 0 || size > (lua_Integer)KMALLOC_MAX_SIZE)
		return luaL_error(L, "kmem_cache_create: size %I is outside 1..%I",
				  size, (lua_Integer)KMALLOC_MAX_SIZE);
	if (align < 0 || align > (lua_Integer)PAGE_SIZE || (align & (align - 1)))
		return luaL_error(L, "kmem_cache_create: align %I is not a power of two up to %I",
				  align, (lua_Integer)PAGE_SIZE);
	if (!*name || strlen(name) > 64)
		return luaL_error(L, "kmem_cache_create: name must be 1 to 64 characters");
	c = lua_newuserdatauv(L, sizeof(*c), 1);
	c->s = NULL;
	c->lm = lm;
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, LSLAB_CACHE_MT);
	s = kmem_cache_create(name, (unsigned int)size, (unsigned int)align,
			      flags, NULL);
	if (!s) {
		lua_pushnil(L);
		lua_pushfstring(L, "kmem_cache_create(%s) failed", name);
		return 2;
	}
	c->s = s;
	return 1;
}

/* The cache argument; makes its machine current. */
static struct kmem_cache *check_cache(lua_State *L, int idx)
{
	struct lslab_cache *c = luaL_checkudata(L, idx, LSLAB_CACHE_MT);

	if (!c->lm->m)
		luaL_error(L, "the cache's machine has been destroyed");
	if (!c->s)
		luaL_error(L, "cache has been destroyed");
	c->lm->L = L;
	machine_enter(c->lm->m);
	return c->s;
}

static int c_alloc(lua_State *L)
{
	struct kmem_cache *s = check_cache(L, 1);
	gfp_t gfp = opt_gfp(L, 2);

	return push_alloc(L, kmem_cache_alloc(s, gfp), kmem_cache_size(s), gfp);
}

static int c_zalloc(lua_State *L)
{
	struct kmem_cache *s = check_cache(L, 1);
	gfp_t gfp = opt_gfp(L, 2);

	return push_alloc(L, kmem_cache_zalloc(s, gfp), kmem_cache_size(s), gfp);
}

static int c_free(lua_State *L)
{
	struct kmem_cache *s = check_cache(L, 1);
	vaddr_t p = (vaddr_t)luaL_checkinteger(L, 2);
	char why[160];

	if (kmem_cache_free_checked(s, p, why, sizeof(why)))
		return lmm_error(L, "kmem_cache_free(%s, 0x%llx): %s",
				 kmem_cache_name(s), (unsigned long long)p, why);
	return 0;
}

static int c_shrink(lua_State *L)
{
	lua_pushinteger(L, kmem_cache_shrink(check_cache(L, 1)));
	return 1;
}

static int c_destroy(lua_State *L)
{
	struct lslab_cache *c = luaL_checkudata(L, 1, LSLAB_CACHE_MT);
	struct kmem_cache *s = check_cache(L, 1);
	char name[80];

	snprintf(name, sizeof(name), "%s", kmem_cache_name(s));
	if (kmem_cache_destroy_checked(s)) {
		lua_pushnil(L);
		lua_pushfstring(L, "kmem_cache_destroy %s: slab cache still has objects",
				name);
		return 2;
	}
	c->s = NULL;
	lua_pushboolean(L, 1);
	return 1;
}

static int c_info(lua_State *L)
{
	struct kmem_cache *s = check_cache(L, 1);
	struct slabinfo si;

	get_slabinfo(s, &si);
	lua_createtable(L, 0, 12);
	lua_pushstring(L, s->name);
	lua_setfield(L, -2, "name");
	lmm_set_int(L, "object_size", s->object_size);
	lmm_set_int(L, "size", s->size);
	lmm_set_int(L, "align", s->align);
	lmm_set_int(L, "offset", s->offset);
	lmm_set_int(L, "inuse", s->inuse);
	lmm_set_int(L, "red_left_pad", s->red_left_pad);
	lmm_set_int(L, "objperslab", si.objects_per_slab);
	lmm_set_int(L, "pagesperslab", 1UL << si.cache_order);
	lmm_set_int(L, "active_objs", si.active_objs);
	lmm_set_int(L, "num_objs", si.num_objs);
	lmm_set_int(L, "num_slabs", si.num_slabs);
	return 1;
}

static int c_tostring(lua_State *L)
{
	struct lslab_cache *c = luaL_checkudata(L, 1, LSLAB_CACHE_MT);

	if (!c->s || !c->lm->m)
		lua_pushliteral(L, "kmem_cache (destroyed)");
	else
		lua_pushfstring(L, "kmem_cache %s (%d bytes)", c->s->name,
				(int)c->s->object_size);
	return 1;
}

static const luaL_Reg cache_methods[] = {
	{ "alloc", c_alloc },
	{ "zalloc", c_zalloc },
	{ "free", c_free },
	{ "shrink", c_shrink },
	{ "destroy", c_destroy },
	{ "info", c_info },
	{ NULL, NULL }
};

/*
 * Kernel-mode access through the MMU, as the kernel's own loads and
 * stores: each page is translated by CPU 0's current page tables, and a
 * fault is a Lua error naming the address.
 */
static int kaccess(lua_State *L, vaddr_t va, u8 *buf, size_t len, bool write)
{
	struct machine *m = current_machine();

	struct cpu *cpu = &m->cpus[0];

	if (!m->paging)
		return lmm_error(L, "k%s: the machine has no kernel page tables",
				 write ? "write" : "read");
	for (size_t done = 0; done < len;) {
		vaddr_t a = va + done;
		size_t n = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		struct mmu_fault f;
		phys_addr_t pa;

		if (n > len - done)
			n = len - done;
		/* An implicit supervisor access: CPL and SMAP do not apply. */
		if (mmu_translate(cpu, a, (write ? MMU_WRITE : 0) | MMU_SUPER,
				  &pa, &f))
			return lmm_error(L, "kernel %s fault at 0x%llx",
					 write ? "write" : "read",
					 (unsigned long long)a);
		if (write ? ram_write(&m->ram, pa, buf + done, n) :
			    ram_read(&m->ram, pa, buf + done, n))
			return lmm_error(L, "0x%llx maps to no RAM",
					 (unsigned long long)a);
		done += n;
	}
	return 0;
}

static int l_kread(lua_State *L)
{
	vaddr_t va;
	lua_Integer len;
	luaL_Buffer b;
	u8 *p;

	lmm_checkmachine(L, 1);
	va = (vaddr_t)luaL_checkinteger(L, 2);
	len = luaL_checkinteger(L, 3);
	if (len < 0 || len > (lua_Integer)(64 * SZ_1M))
		return luaL_error(L, "kread: length %I is outside 0..64M", len);
	p = (u8 *)luaL_buffinitsize(L, &b, (size_t)len);
	kaccess(L, va, p, (size_t)len, false);
	luaL_pushresultsize(&b, (size_t)len);
	return 1;
}

/*
 * The raw-write policy (mm/raw_access.c) for every page kwrite touches,
 * before any byte is written: translate each page as kaccess() will, and
 * check the physical bytes behind it. A refusal raises, unless forced:
 * then the first refused page taints the machine.
 */
static void kwrite_check(lua_State *L, struct machine *m, vaddr_t va,
			 size_t len, bool force)
{
	struct lmm_raw_refusal r = { .method = "m:kwrite", .addr = va,
				     .len = len, .force = force };
	bool refused = false;

	for (size_t done = 0; done < len && m->paging;) {
		vaddr_t a = va + done;
		size_t n = PAGE_SIZE - (a & (PAGE_SIZE - 1));
		struct mmu_fault f;
		phys_addr_t pa;

		if (n > len - done)
			n = len - done;
		if (mmu_translate(&m->cpus[0], a, MMU_WRITE | MMU_SUPER, &pa,
				  &f))
			return;	/* kaccess() reports the fault */
		if (!refused && ram_valid(&m->ram, pa, n) &&
		    raw_write_check(m, pa, n, r.why, sizeof(r.why))) {
			r.pa = pa;
			refused = true;
			if (!force)
				lmm_raw_refuse(L, m, &r);
		}
		done += n;
	}
	if (refused)
		lmm_raw_refuse(L, m, &r);
}

static int l_kwrite(lua_State *L)
{
	struct machine *m;
	vaddr_t va;
	size_t len;
	const char *s;
	bool force;

	m = lmm_checkmachine(L, 1);
	va = (vaddr_t)luaL_checkinteger(L, 2);
	s = luaL_checklstring(L, 3, &len);
	force = lmm_raw_force(L, 4, "kwrite");
	kwrite_check(L, m, va, len, force);
	kaccess(L, va, (u8 *)(uintptr_t)s, len, true);
	return 0;
}

static int l_slab_shrink(lua_State *L)
{
	lmm_checkmachine(L, 1);
	for (struct kmem_cache *s = kmem_cache_first(); s;
	     s = kmem_cache_next(s))
		kmem_cache_shrink(s);
	return 0;
}

static int l_kmem_cache_register(lua_State *L)
{
	if (luaL_newmetatable(L, LSLAB_CACHE_MT)) {
		luaL_newlib(L, cache_methods);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, c_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
	return 0;
}

static int l_kmem_cache_create_entry(lua_State *L)
{
	l_kmem_cache_register(L);
	return l_kmem_cache_create(L);
}

const luaL_Reg lmm_slab_methods[] = {
	{ "kmalloc", l_kmalloc },
	{ "kzalloc", l_kzalloc },
	{ "kcalloc", l_kcalloc },
	{ "krealloc", l_krealloc },
	{ "kfree", l_kfree },
	{ "ksize", l_ksize },
	{ "kmem_cache_create", l_kmem_cache_create_entry },
	{ "slab_shrink", l_slab_shrink },
	{ "kread", l_kread },
	{ "kwrite", l_kwrite },
	{ NULL, NULL }
};
