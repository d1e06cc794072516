// SPDX-License-Identifier: GPL-2.0
/*
 * SLUB and kmalloc behaviour: objects in the linear map and in lowmem
 * zones, the free pointer inside free objects, cpu slab / partial / full
 * transitions visible in slabinfo, shrink and destroy (with Linux's
 * "Objects remaining" report), bulk calls, large kmalloc, krealloc,
 * kcalloc overflow, trace events. Each test ends with a leak check.
 */
#include "slub_helpers.h"
#include <mmsim/proc.h>

TEST(slub__kmalloc_is_lowmem_linear_map)
{
	struct machine *m = slub_boot("x86_32", "2G", 2, "");
	unsigned long free0;
	vaddr_t p[64];

	ASSERT(m);
	free0 = slub_free_pages();
	for (int i = 0; i < 64; i++) {
		struct page *page;
		phys_addr_t pa;

		p[i] = kmalloc((size_t)(i + 1) * 100, GFP_KERNEL);
		ASSERT(p[i]);
		pa = layout_pa(&m->layout, p[i]);
		EXPECT(p[i] >= m->layout.page_offset);
		EXPECT(PHYS_PFN(pa) < m->max_low_pfn);
		page = pfn_to_page(PHYS_PFN(pa));
		EXPECT(page_zonenum(page) != ZONE_HIGHMEM);
		EXPECT(ksize(p[i]) >= (size_t)(i + 1) * 100);
	}
	for (int i = 0; i < 64; i++)
		kfree(p[i]);
	EXPECT_EQ(machine_check(m), 0);
	slub_shrink_all();
	EXPECT_EQ(slub_free_pages(), free0);
	machine_destroy(m);
}

TEST(slub__highmem_flags_are_stripped)
{
	struct machine *m = slub_boot("x86_32", "2G", 2, "");
	vaddr_t p, q;

	ASSERT(m);
	p = kmalloc(2000, GFP_HIGHUSER);	/* the first kmalloc-2k slab */
	q = kmalloc(20000, GFP_HIGHUSER_MOVABLE);
	ASSERT(p && q);
	EXPECT(strstr(sb_str(&m->dmesg), "Unexpected gfp: 0x2 (__GFP_HIGHMEM)"));
	EXPECT(page_zonenum(slab_page(virt_to_slab(p))) != ZONE_HIGHMEM);
	EXPECT(PHYS_PFN(layout_pa(&m->layout, q)) < m->max_low_pfn);
	EXPECT_EQ(kmalloc_node(8, GFP_KERNEL, 3), 0);	/* no node 3 */
	EXPECT_EQ(kmalloc_node(8, GFP_KERNEL, -5), 0);
	kfree(p);
	kfree(q);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(slub__gfp_dma_comes_from_zone_dma)
{
	struct machine *m = slub_boot("x86_64", "1G", 2, "");
	unsigned long boot_slab;
	vaddr_t a, b;

	ASSERT(m);
	/* The boot caches' slabs (kmem_cache, kmem_cache_node) stay. */
	boot_slab = global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	EXPECT(boot_slab >= 2);
	a = kmalloc(200, GFP_KERNEL | GFP_DMA);
	b = kmalloc(200, GFP_KERNEL | __GFP_RECLAIMABLE);
	ASSERT(a && b);
	EXPECT_EQ(page_zonenum(virt_to_slab(a) ? slab_page(virt_to_slab(a)) : NULL),
		  ZONE_DMA);
	EXPECT_STR(virt_to_slab(a)->slab_cache->name, "dma-kmalloc-256");
	EXPECT_STR(virt_to_slab(b)->slab_cache->name, "kmalloc-rcl-256");
	EXPECT(global_node_page_state(NR_SLAB_RECLAIMABLE) >= 1);
	kfree(a);
	kfree(b);
	slub_shrink_all();
	EXPECT_EQ(global_node_page_state(NR_SLAB_RECLAIMABLE), 0);
	EXPECT_EQ(global_node_page_state(NR_SLAB_UNRECLAIMABLE), boot_slab);
	machine_destroy(m);
}

TEST(slub__free_pointer_lives_in_the_free_object)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	vaddr_t a, b, fp;

	ASSERT(m);
	s = kmem_cache_create("fp", 64, 0, 0, NULL);
	ASSERT(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT(a && b);
	EXPECT_EQ(b, a + 64);	/* consecutive slots of a fresh slab */
	kmem_cache_free(s, a);
	/* a is on the cpu freelist; its word at offset 32 points at the
	 * next free object (b + 64, the untouched rest of the slab). */
	memcpy(&fp, slub_bytes(a + s->offset), 8);
	EXPECT_EQ(fp, b + 64);
	EXPECT_EQ(kmem_cache_alloc(s, GFP_KERNEL), a);	/* LIFO */
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	machine_destroy(m);
}

TEST(slub__slabs_fill_partial_and_shrink)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	static vaddr_t p[4096];
	struct slabinfo si;
	unsigned long free0;

	ASSERT(m);
	free0 = slub_free_pages();
	s = kmem_cache_create("fill", 256, 0, 0, NULL);
	ASSERT(s);
	for (int i = 0; i < 4096; i++)
		ASSERT((p[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	get_slabinfo(s, &si);
	EXPECT_EQ(si.num_objs, 4096);	/* 256 slabs of 16 */
	EXPECT_EQ(si.active_objs, 4096);
	EXPECT_EQ(si.num_slabs, 256);
	EXPECT_EQ(machine_check(m), 0);
	/* Free every other object: all slabs become partial. */
	for (int i = 0; i < 4096; i += 2)
		kmem_cache_free(s, p[i]);
	EXPECT_EQ(machine_check(m), 0);
	get_slabinfo(s, &si);
	EXPECT_EQ(si.num_slabs, 256);
	/* cpu partial slabs count as active, as in Linux */
	EXPECT(si.active_objs >= 2048 && si.active_objs <= 4096);
	/* Free the rest: empty slabs go back beyond min_partial. */
	for (int i = 1; i < 4096; i += 2)
		kmem_cache_free(s, p[i]);
	EXPECT_EQ(machine_check(m), 0);
	get_slabinfo(s, &si);
	EXPECT(si.num_slabs <= 256);
	EXPECT_EQ(kmem_cache_shrink(s), 0);
	get_slabinfo(s, &si);
	EXPECT_EQ(si.num_slabs, 0);
	EXPECT_EQ(si.num_objs, 0);
	kmem_cache_destroy(s);
	EXPECT_EQ(slub_free_pages(), free0);
	machine_destroy(m);
}

TEST(slub__destroy_refuses_live_objects)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	vaddr_t a, b;
	unsigned long free0;

	ASSERT(m);
	free0 = slub_free_pages();
	s = kmem_cache_create("busy", 100, 0, 0, NULL);
	ASSERT(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	EXPECT_EQ(kmem_cache_destroy_checked(s), -EBUSY);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "BUG busy (Not tainted): Objects remaining in busy on __kmem_cache_shutdown()"));
	EXPECT(strstr(sb_str(&m->dmesg), "Slab cache still has objects"));
	EXPECT_EQ(machine_check(m), 0);
	/* Still usable. */
	a = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT(a);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	EXPECT_EQ(slub_free_pages(), free0);
	machine_destroy(m);
}

TEST(slub__bulk_alloc_and_free)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	vaddr_t p[300];

	ASSERT(m);
	s = kmem_cache_create("bulk", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	ASSERT(s);
	EXPECT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, p), 300);
	for (int i = 0; i < 300; i++)
		for (int j = i + 1; j < 300; j += 37)
			EXPECT(p[i] != p[j]);
	EXPECT_EQ(machine_check(m), 0);
	kmem_cache_free_bulk(s, 300, p);
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	machine_destroy(m);
}

TEST(slub__zalloc_and_ctor)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	vaddr_t a;

	ASSERT(m);
	s = kmem_cache_create("z", 128, 0, 0, NULL);
	ASSERT(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	memset(slub_bytes(a), 0xab, 128);
	kmem_cache_free(s, a);
	a = kmem_cache_zalloc(s, GFP_KERNEL);
	for (int i = 0; i < 128; i++)
		if (slub_bytes(a)[i])
			FAIL_AT("byte %d not zero", i);
	kmem_cache_free(s, a);
	kmem_cache_destroy(s);
	machine_destroy(m);
}

TEST(slub__large_kmalloc_and_krealloc)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	unsigned long free0, boot_slab;
	vaddr_t p, q;
	struct page *page;

	ASSERT(m);
	free0 = slub_free_pages();
	boot_slab = global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	p = kmalloc(20000, GFP_KERNEL);
	ASSERT(p);
	page = pfn_to_page(PHYS_PFN(layout_pa(&m->layout, p)));
	EXPECT(PageHead(page));
	EXPECT(PageLargeKmalloc(page));
	EXPECT_EQ(compound_order(page), 3);
	EXPECT_EQ(ksize(p), 32768);
	EXPECT_EQ(global_node_page_state(NR_SLAB_UNRECLAIMABLE), boot_slab + 8);
	EXPECT_EQ(machine_check(m), 0);
	kfree(p);
	EXPECT_EQ(global_node_page_state(NR_SLAB_UNRECLAIMABLE), boot_slab);

	p = kmalloc(50, GFP_KERNEL);
	memcpy(slub_bytes(p), "0123456789", 10);
	EXPECT_EQ(krealloc(p, 60, GFP_KERNEL), p);	/* still fits 64 */
	q = krealloc(p, 500, GFP_KERNEL);
	ASSERT(q && q != p);
	EXPECT(!memcmp(slub_bytes(q), "0123456789", 10));
	EXPECT_EQ(krealloc(q, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	EXPECT_EQ(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(0);
	EXPECT_EQ(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL), 0);
	EXPECT_EQ(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN), 0);
	p = kcalloc(10, 30, GFP_KERNEL);
	for (int i = 0; i < 300; i++)
		EXPECT_EQ(slub_bytes(p)[i], 0);
	kfree(p);
	EXPECT_EQ(machine_check(m), 0);
	slub_shrink_all();
	EXPECT_EQ(slub_free_pages(), free0);
	machine_destroy(m);
}

struct tcount {
	int kmalloc, kfree, cache_alloc, cache_free;
	char last[256];
};

static void count_sink(struct machine *m, const char *event,
		       const struct trace_field *f, int nr, void *ctx)
{
	struct tcount *t = ctx;
	struct strbuf sb = STRBUF_INIT;

	t->kmalloc += !strcmp(event, "kmalloc");
	t->kfree += !strcmp(event, "kfree");
	t->cache_alloc += !strcmp(event, "kmem_cache_alloc");
	t->cache_free += !strcmp(event, "kmem_cache_free");
	if (!strcmp(event, "kmalloc")) {
		trace_format(&sb, event, f, nr);
		snprintf(t->last, sizeof(t->last), "%s", sb_str(&sb));
	}
	sb_free(&sb);
}

TEST(slub__trace_events)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct tcount t = { 0 };
	struct kmem_cache *s;
	vaddr_t p, o;
	char want[128];

	ASSERT(m);
	s = kmem_cache_create("tr", 24, 0, 0, NULL);
	trace_attach(m, count_sink, &t);
	p = kmalloc(100, GFP_KERNEL);
	o = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, o);
	kfree(p);
	trace_detach(m, count_sink, &t);
	EXPECT_EQ(t.kmalloc, 1);
	EXPECT_EQ(t.kfree, 1);
	EXPECT_EQ(t.cache_alloc, 1);
	EXPECT_EQ(t.cache_free, 1);
	snprintf(want, sizeof(want),
		 "kmalloc: call_site=kmalloc ptr=%016llx bytes_req=100 bytes_alloc=128 gfp_flags=GFP_KERNEL node=-1 accounted=false",
		 (unsigned long long)p);
	EXPECT_STR(t.last, want);
	kmem_cache_destroy(s);
	machine_destroy(m);
}

TEST(slub__slabinfo_format)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct strbuf sb = STRBUF_INIT;
	vaddr_t p;
	const char *l;

	ASSERT(m);
	p = kmalloc(1000, GFP_KERNEL);
	ASSERT(proc_read(m, "/proc/slabinfo", &sb) == 0);
	EXPECT(!strncmp(sb_str(&sb), "slabinfo - version: 2.1\n# name            <active_objs>", 52));
	l = strstr(sb_str(&sb), "\nkmalloc-1k ");
	ASSERT(l);
	{
		const char *want = "kmalloc-1k            16     16   1024   16    4 : tunables    0    0    0 : slabdata      1      1      0\n";

		if (strncmp(l + 1, want, strlen(want)))
			FAIL_AT("line: %.120s", l + 1);
	}
	kfree(p);
	sb_free(&sb);
	machine_destroy(m);
}

/*
 * kmem_cache_init()'s bootstrap: every cache's descriptor is an object of
 * "kmem_cache" and its per-node struct one of "kmem_cache_node" (the two
 * boot caches' own included), both listed last in slabinfo with Linux's
 * object sizes; a new cache takes one of each and gives them back when
 * destroyed (the freed descriptor is the next one handed out).
 */
TEST(slub__boot_caches_hold_the_descriptors)
{
	static const struct { const char *arch; unsigned int kc, kcn; } t[] = {
		{ "x86_64", 256, 64 }, { "x86_32", 128, 32 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct machine *m = slub_boot(t[i].arch, "256M", 2, "");
		struct slab_state *ss;
		struct strbuf sb = STRBUF_INIT;
		struct kmem_cache *c, *d;
		const char *text, *kcn_line;
		vaddr_t sim;
		int n = 0;

		ASSERT(m);
		ss = m->slab;
		ASSERT(ss->kmem_cache && ss->kmem_cache_node);
		EXPECT_EQ(ss->kmem_cache->size, t[i].kc);
		EXPECT_EQ(ss->kmem_cache_node->size, t[i].kcn);
		for (c = kmem_cache_first(); c; c = kmem_cache_next(c), n++) {
			EXPECT(c->sim && virt_to_slab(c->sim) &&
			       virt_to_slab(c->sim)->slab_cache == ss->kmem_cache);
			EXPECT(c->sim_node[0] && virt_to_slab(c->sim_node[0]) &&
			       virt_to_slab(c->sim_node[0])->slab_cache ==
			       ss->kmem_cache_node);
		}
		EXPECT(n > 20);
		ASSERT(proc_read(m, "/proc/slabinfo", &sb) == 0);
		text = sb_str(&sb);
		kcn_line = strstr(text, "\nkmem_cache_node ");
		EXPECT(kcn_line && !strncmp(strchr(kcn_line + 1, '\n'),
					    "\nkmem_cache ", 12));
		sb_free(&sb);

		c = kmem_cache_create("boot_cache_test", 100, 0, 0, NULL);
		ASSERT(c);
		sim = c->sim;
		EXPECT(virt_to_slab(sim)->slab_cache == ss->kmem_cache);
		EXPECT_EQ(kmem_cache_destroy_checked(c), 0);
		d = kmem_cache_create("boot_cache_test2", 100, 0, 0, NULL);
		ASSERT(d);
		EXPECT_EQ(d->sim, sim);
		kmem_cache_destroy(d);
		/* The boot caches cannot go: their own descriptors are live. */
		EXPECT_EQ(kmem_cache_destroy_checked(ss->kmem_cache), -EBUSY);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

/* How many times dmesg says @s. */
static int dmesg_count(struct machine *m, const char *s)
{
	int n = 0;

	for (const char *p = strstr(sb_str(&m->dmesg), s); p;
	     p = strstr(p + 1, s))
		n++;
	return n;
}

/* @call must add one @report to dmesg (what it freed: the callers check). */
#define EXPECT_REFUSED(m, call, report)					\
	do {								\
		int __n = dmesg_count(m, report);			\
		call;							\
		EXPECT_EQ(dmesg_count(m, report), __n + 1);		\
	} while (0)

#define INVALID		"Invalid object pointer"
#define ALREADY_FREE	"Object already free"

/*
 * kfree() and kmem_cache_free() return nothing: a bad pointer is
 * reported in dmesg and ignored, the allocator unchanged. Their lean
 * path computes an object's offset from the low bits of its physical
 * address and the slab's order, so slabs of several pages and every
 * layout are tried.
 */
static void check_bad_frees(const char *arch)
{
	struct machine *m = slub_boot(arch, "256M", 2, "");
	struct kmem_cache *c, *odd, *big;
	vaddr_t p, q, o, r, b, tail;
	size_t psize;
	struct slab *slab;

	ASSERT(m);
	p = kmalloc(90, GFP_KERNEL);	/* kmalloc-96, or -128 on arm32 */
	q = kmalloc(1000, GFP_KERNEL);	/* kmalloc-1k */
	ASSERT(p && q);
	psize = ksize(p);
	EXPECT_REFUSED(m, kfree(p + 8), INVALID);
	EXPECT_REFUSED(m, kfree(q + 512), INVALID);
	EXPECT_EQ(ksize(p), psize);
	EXPECT_EQ(ksize(q), 1024);
	EXPECT_EQ(machine_check(m), 0);

	EXPECT_EQ(dmesg_count(m, ALREADY_FREE), 0);
	kfree(q);
	EXPECT_EQ(dmesg_count(m, ALREADY_FREE), 0);
	EXPECT_REFUSED(m, kfree(q), ALREADY_FREE);
	EXPECT_EQ(machine_check(m), 0);

	c = kmem_cache_create("bad-free-a", 128, 0, 0, NULL);
	odd = kmem_cache_create("bad-free-b", 200, 0, 0, NULL);
	big = kmem_cache_create("bad-free-c", 1000, 0, 0, NULL);
	ASSERT(c && odd && big);
	o = kmem_cache_alloc(c, GFP_KERNEL);
	r = kmem_cache_alloc(odd, GFP_KERNEL);
	b = kmem_cache_alloc(big, GFP_KERNEL);
	ASSERT(o && r && b && odd->size == 200 && big->size == 1000);
	EXPECT_REFUSED(m, kmem_cache_free(odd, o),
		       "Wrong slab cache. bad-free-b but object is from bad-free-a");
	EXPECT_REFUSED(m, kmem_cache_free(c, o + 64), INVALID);
	/* A multiple of 200 past the last object: in the slab, no object. */
	slab = virt_to_slab(r);
	ASSERT(slab);
	tail = slab_address(slab) + (vaddr_t)slab->objects * 200;
	ASSERT(tail < slab_address(slab) + (PAGE_SIZE << slab_order(slab)));
	EXPECT_REFUSED(m, kmem_cache_free(odd, tail), INVALID);
	EXPECT_REFUSED(m, kfree(tail), INVALID);
	/*
	 * Inside a slab's second page, 96 bytes into object 5 (offset
	 * 5096): the offset in the page alone, 1000, is a slot's, and the
	 * live bit of 5096 is object 5's, so only the slab's order tells
	 * this pointer from an object.
	 */
	slab = virt_to_slab(b);
	ASSERT(slab && slab_order(slab) >= 1 && slab->objects > 5);
	for (int i = 0; i < 5; i++)
		ASSERT(kmem_cache_alloc(big, GFP_KERNEL));
	ASSERT(virt_to_slab(slab_address(slab) + 5000) == slab &&
	       ksize(slab_address(slab) + 5000) == 1000);
	EXPECT_REFUSED(m, kfree(slab_address(slab) + PAGE_SIZE + 1000),
		       INVALID);
	EXPECT_REFUSED(m, kmem_cache_free(big, slab_address(slab) + 5096),
		       INVALID);
	EXPECT_REFUSED(m, kfree(slab_address(slab) + PAGE_SIZE), INVALID);
	EXPECT_EQ(ksize(o), 128);
	EXPECT_EQ(ksize(r), 200);
	EXPECT_EQ(ksize(b), 1000);
	EXPECT_EQ(machine_check(m), 0);

	kmem_cache_free(c, o);
	EXPECT_REFUSED(m, kmem_cache_free(c, o), ALREADY_FREE);
	kmem_cache_free(c, 0);		/* NULL: nothing */
	kmem_cache_free(odd, r);
	slab = virt_to_slab(b);
	for (int i = 0; i < 6; i++)
		kmem_cache_free(big, slab_address(slab) + (vaddr_t)i * 1000);
	EXPECT_EQ(ksize(o), 0);
	kfree(p);
	EXPECT_EQ(ksize(p), 0);
	EXPECT_EQ(kmem_cache_destroy_checked(c), 0);
	EXPECT_EQ(kmem_cache_destroy_checked(odd), 0);
	EXPECT_EQ(kmem_cache_destroy_checked(big), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

static void slub__void_frees_report_bad_pointers_and_change_nothing(void)
{
	check_bad_frees("x86_64");
	check_bad_frees("x86_32");
	check_bad_frees("x86_32_pae");
	check_bad_frees("arm32");
}

int main(void)
{
	RUN(slub__kmalloc_is_lowmem_linear_map);
	RUN(slub__highmem_flags_are_stripped);
	RUN(slub__gfp_dma_comes_from_zone_dma);
	RUN(slub__free_pointer_lives_in_the_free_object);
	RUN(slub__slabs_fill_partial_and_shrink);
	RUN(slub__destroy_refuses_live_objects);
	RUN(slub__bulk_alloc_and_free);
	RUN(slub__zalloc_and_ctor);
	RUN(slub__large_kmalloc_and_krealloc);
	RUN(slub__trace_events);
	RUN(slub__slabinfo_format);
	RUN(slub__boot_caches_hold_the_descriptors);
	RUN(slub__void_frees_report_bad_pointers_and_change_nothing);
	return done();
}
