// SPDX-License-Identifier: GPL-2.0
/*
 * Slab geometry as Linux computes it (calculate_sizes, calculate_order):
 * the kmalloc caches of a 2-CPU x86_64 machine against /proc/slabinfo of a
 * real 2-CPU Linux 6.18 machine (tests/data), the CPU count's effect on
 * slub_min_objects, the boot options, arm32's KMALLOC_MIN_SIZE of 64 and
 * the free pointer in the middle of the object.
 */
#include "../test.h"
#include <mmsim/proc.h>
#include <mmsim/slab.h>

#include "mm/slab.h"

static struct machine *boot(const char *arch, int cpus, const char *cmdline)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch))
		return NULL;
	cfg.mem = 512 * SZ_1M;
	cfg.cpus = cpus;
	snprintf(cfg.cmdline, sizeof(cfg.cmdline), "%s", cmdline);
	return test_boot_cfg(&cfg);
}

static struct kmem_cache *find_cache(const char *name)
{
	for (struct kmem_cache *s = kmem_cache_first(); s;
	     s = kmem_cache_next(s))
		if (!strcmp(kmem_cache_name(s), name))
			return s;
	return NULL;
}

/* "objperslab pagesperslab" of cache @name; 0 if absent. */
static int geometry(const char *name, unsigned int *objsize,
		    unsigned int *per, unsigned int *pages)
{
	struct kmem_cache *s = find_cache(name);
	struct slabinfo si;

	if (!s)
		return 0;
	get_slabinfo(s, &si);
	*objsize = si.objsize;
	*per = si.objects_per_slab;
	*pages = 1U << si.cache_order;
	return 1;
}

static FILE *open_reference(void)
{
	char path[1024];
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash ? (int)(slash - __FILE__) : 0;

	snprintf(path, sizeof(path), "%.*s%s../data/slabinfo-6.18-x86_64-2cpu",
		 dir, __FILE__, dir ? "/" : "");
	return fopen(path, "r");
}

TEST(slub__kmalloc_geometry_matches_real_2cpu_linux)
{
	struct machine *m = boot("x86_64", 2, "");
	FILE *f = open_reference();
	char line[512];
	int compared = 0;

	ASSERT(m);
	ASSERT(f);
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		unsigned long active, num;
		unsigned int osz, per, pages, msz, mper, mpages;

		if (sscanf(line, "%63s %lu %lu %u %u %u", name, &active, &num,
			   &osz, &per, &pages) != 6)
			continue;
		if (strncmp(name, "kmalloc-", 8) &&
		    strncmp(name, "dma-kmalloc-", 12))
			continue;
		if (!geometry(name, &msz, &mper, &mpages)) {
			FAIL_AT("no cache %s in mmsim", name);
			continue;
		}
		if (msz != osz || mper != per || mpages != pages)
			FAIL_AT("%s: mmsim %u %u %u, Linux %u %u %u", name, msz,
				mper, mpages, osz, per, pages);
		compared++;
	}
	fclose(f);
	/* 13 sizes x normal, rcl, dma, cg */
	EXPECT_EQ(compared, 52);
	machine_destroy(m);
}

TEST(slub__min_objects_follow_cpu_count)
{
	static const struct {
		int cpus;
		const char *cache;
		unsigned int per, pages;
	} cases[] = {
		/* 4 * (fls(cpus) + 1) objects at least, 1/16 waste */
		{ 1, "kmalloc-512", 8, 1 },	/* min 8 */
		{ 1, "kmalloc-1k", 8, 2 },
		{ 2, "kmalloc-512", 16, 2 },	/* min 12 */
		{ 4, "kmalloc-256", 16, 1 },	/* min 16 */
		{ 4, "kmalloc-192", 21, 1 },
		{ 8, "kmalloc-256", 32, 2 },	/* min 20 */
		{ 8, "kmalloc-128", 32, 1 },
		{ 64, "kmalloc-192", 42, 2 },	/* min 32 */
		{ 64, "kmalloc-4k", 8, 8 },	/* capped by slub_max_order */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct machine *m = boot("x86_64", cases[i].cpus, "");
		unsigned int sz, per, pages;

		ASSERT(m);
		ASSERT(geometry(cases[i].cache, &sz, &per, &pages));
		if (per != cases[i].per || pages != cases[i].pages)
			FAIL_AT("%d cpus %s: %u objs %u pages, want %u %u",
				cases[i].cpus, cases[i].cache, per, pages,
				cases[i].per, cases[i].pages);
		machine_destroy(m);
	}
}

TEST(slub__boot_options_change_the_order)
{
	struct machine *m = boot("x86_64", 2, "quiet slub_max_order=0 slub_min_objects=4");
	unsigned int sz, per, pages;

	ASSERT(m);
	ASSERT(geometry("kmalloc-1k", &sz, &per, &pages));
	EXPECT_EQ(per, 4);
	EXPECT_EQ(pages, 1);
	/* One 8k object needs order 1 whatever slub_max_order says. */
	ASSERT(geometry("kmalloc-8k", &sz, &per, &pages));
	EXPECT_EQ(per, 1);
	EXPECT_EQ(pages, 2);
	machine_destroy(m);

	m = boot("x86_64", 2, "slub_min_objects=32");
	ASSERT(m);
	ASSERT(geometry("kmalloc-512", &sz, &per, &pages));
	EXPECT_EQ(per, 32);
	EXPECT_EQ(pages, 4);
	machine_destroy(m);
}

TEST(slub__arm32_kmalloc_min_size_is_64)
{
	struct machine *m = boot("arm32", 2, "");
	unsigned int sz, per, pages;

	ASSERT(m);
	EXPECT(!find_cache("kmalloc-8"));
	EXPECT(!find_cache("kmalloc-32"));
	EXPECT(!find_cache("kmalloc-96"));
	EXPECT(geometry("kmalloc-64", &sz, &per, &pages));
	EXPECT(geometry("kmalloc-192", &sz, &per, &pages));
	EXPECT_STR(kmem_cache_name(kmalloc_slab(1, GFP_KERNEL)), "kmalloc-64");
	EXPECT_STR(kmem_cache_name(kmalloc_slab(72, GFP_KERNEL)), "kmalloc-128");
	EXPECT_STR(kmem_cache_name(kmalloc_slab(130, GFP_KERNEL)), "kmalloc-192");
	machine_destroy(m);
}

TEST(slub__size_classes_x86)
{
	static const struct { size_t size; const char *cache; } cases[] = {
		{ 1, "kmalloc-8" }, { 8, "kmalloc-8" }, { 9, "kmalloc-16" },
		{ 24, "kmalloc-32" }, { 33, "kmalloc-64" }, { 65, "kmalloc-96" },
		{ 96, "kmalloc-96" }, { 97, "kmalloc-128" },
		{ 129, "kmalloc-192" }, { 192, "kmalloc-192" },
		{ 193, "kmalloc-256" }, { 1025, "kmalloc-2k" },
		{ 8192, "kmalloc-8k" },
	};
	struct machine *m = boot("x86_32", 2, "");

	ASSERT(m);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		EXPECT_STR(kmem_cache_name(kmalloc_slab(cases[i].size, GFP_KERNEL)),
			   cases[i].cache);
	EXPECT(!kmalloc_slab(8193, GFP_KERNEL));
	EXPECT_STR(kmem_cache_name(kmalloc_slab(100, GFP_KERNEL | __GFP_RECLAIMABLE)),
		   "kmalloc-rcl-128");
	EXPECT_STR(kmem_cache_name(kmalloc_slab(100, GFP_DMA)), "dma-kmalloc-128");
	EXPECT_STR(kmem_cache_name(kmalloc_slab(100, GFP_KERNEL_ACCOUNT)),
		   "kmalloc-cg-128");
	machine_destroy(m);
}

TEST(slub__free_pointer_in_the_middle)
{
	struct machine *m = boot("x86_64", 2, "");
	struct kmem_cache *a, *b, *c;

	ASSERT(m);
	a = kmem_cache_create("mid", 72, 0, 0, NULL);
	b = kmem_cache_create("rcu", 72, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	c = kmem_cache_create("hw", 20, 0, SLAB_HWCACHE_ALIGN, NULL);
	ASSERT(a && b && c);
	EXPECT_EQ(a->offset, 32);	/* ALIGN_DOWN(72 / 2, 8) */
	EXPECT_EQ(a->size, 72);
	EXPECT_EQ(b->offset, 72);	/* after the object: RCU readers */
	EXPECT_EQ(b->size, 80);
	EXPECT_EQ(c->align, 32);	/* cache line halved while size fits */
	EXPECT_EQ(c->size, 32);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(c);
	machine_destroy(m);

	m = boot("x86_32", 2, "");
	ASSERT(m);
	a = kmem_cache_create("mid", 20, 0, 0, NULL);
	ASSERT(a);
	EXPECT_EQ(a->offset, 8);	/* ALIGN_DOWN(10, 4) */
	EXPECT_EQ(a->size, 24);		/* ARCH_SLAB_MINALIGN 8 */
	kmem_cache_destroy(a);
	machine_destroy(m);
}

TEST(slub__debug_layout)
{
	struct machine *m = boot("x86_64", 2, "slub_debug=FZPU");
	struct kmem_cache *s;

	ASSERT(m);
	s = kmem_cache_create("dbg", 64, 0, 0, NULL);
	ASSERT(s);
	/*
	 * 64 + 8 red zone = inuse 72; free pointer after it (poison) = 80;
	 * two 32-byte tracks = 144; trailing red word 152; left pad 8 = 160.
	 */
	EXPECT_EQ(s->inuse, 72);
	EXPECT_EQ(s->offset, 72);
	EXPECT_EQ(s->red_left_pad, 8);
	EXPECT_EQ(s->size, 160);
	EXPECT(s->flags & __OBJECT_POISON);
	kmem_cache_destroy(s);
	machine_destroy(m);
}

int main(void)
{
	RUN(slub__kmalloc_geometry_matches_real_2cpu_linux);
	RUN(slub__min_objects_follow_cpu_count);
	RUN(slub__boot_options_change_the_order);
	RUN(slub__arm32_kmalloc_min_size_is_64);
	RUN(slub__size_classes_x86);
	RUN(slub__free_pointer_in_the_middle);
	RUN(slub__debug_layout);
	return done();
}
