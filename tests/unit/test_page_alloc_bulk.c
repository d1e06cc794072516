// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_pages_bulk(): one zone and watermark check for a batch, pages from
 * the pcp list, the single-page path when the batch cannot be served. Each
 * test ends with the checker and a leak check (free pages back to where
 * they were once the pcp lists are drained).
 */
#include "../test.h"
#include "pa_hand_machine.h"
#include <mmsim/highmem.h>
#include <mmsim/trace.h>
#include <mmsim/vmalloc.h>
#include <mmsim/vmstat.h>

#define BIG	20000

static struct page *arr[BIG];

/* A hand-built machine, and @arr empty whatever an earlier test left. */
static struct machine *hand(u64 mem, int nodes)
{
	memset(arr, 0, sizeof(arr));
	return hand_machine(mem, nodes, 1);
}

/* Free pages with the pcp lists drained. */
static unsigned long free_drained(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static void free_array(struct page **a, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		if (a[i])
			__free_page(a[i]);
		a[i] = NULL;
	}
}

/* Counts mm_page_alloc events (emitted by the single-page path only). */
static void count_alloc(struct machine *m, const char *event,
			const struct trace_field *f, int nr, void *ctx)
{
	(void)m;
	(void)f;
	(void)nr;
	if (!strcmp(event, "mm_page_alloc"))
		(*(int *)ctx)++;
}

TEST(page_alloc_bulk__fills_the_array_and_counts_the_batch)
{
	struct machine *m = hand(64 * SZ_1M, 1);
	unsigned long free0, pgalloc0, hit0, local0;
	struct zone *z;
	int traced = 0;

	ASSERT(m);
	z = &m->node_data[0]->node_zones[ZONE_DMA32];
	free0 = free_drained();
	pgalloc0 = vm_event_state(PGALLOC_DMA32);
	hit0 = zone_numa_event_state(z, NUMA_HIT);
	local0 = zone_numa_event_state(z, NUMA_LOCAL);
	ASSERT(!trace_attach(m, count_alloc, &traced));

	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 100, arr), 100);
	for (int i = 0; i < 100; i++) {
		ASSERT(arr[i]);
		EXPECT(page_zone(arr[i]) == z);
		EXPECT_EQ(page_ref_count(arr[i]), 1);
		EXPECT_EQ(page_alloc_order(arr[i]), 0);
		EXPECT(!PageBuddy(arr[i]));
		for (int j = 0; j < i; j++)
			EXPECT(arr[i] != arr[j]);
	}
	EXPECT(arr[100] == NULL);
	/* As in Linux: no mm_page_alloc for the pages of the fast path. */
	EXPECT_EQ(traced, 0);
	EXPECT_EQ(vm_event_state(PGALLOC_DMA32) - pgalloc0, 100);
	EXPECT_EQ(zone_numa_event_state(z, NUMA_HIT) - hit0, 100);
	EXPECT_EQ(zone_numa_event_state(z, NUMA_LOCAL) - local0, 100);
	EXPECT_EQ(z->nr_allocated, 100);
	EXPECT_EQ(pa_check(m), 0);

	/* One page: the single-page path, traced as usual. */
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 1, arr + 100), 1);
	EXPECT_EQ(traced, 1);
	EXPECT_EQ(vm_event_state(PGALLOC_DMA32) - pgalloc0, 101);

	trace_detach(m, count_alloc, &traced);
	free_array(arr, 101);
	EXPECT_EQ(z->nr_allocated, 0);
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

TEST(page_alloc_bulk__fills_only_the_empty_slots)
{
	struct machine *m = hand(64 * SZ_1M, 1);
	struct page *a[10] = { 0 }, *keep2, *keep7;
	unsigned long free0;

	ASSERT(m);
	free0 = free_drained();
	keep2 = a[2] = alloc_page(GFP_KERNEL);
	keep7 = a[7] = alloc_page(GFP_KERNEL);
	ASSERT(keep2 && keep7);
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 10, a), 10);
	EXPECT(a[2] == keep2);
	EXPECT(a[7] == keep7);
	for (int i = 0; i < 10; i++)
		EXPECT(a[i] != NULL);
	/* A full array: nothing to do, nothing allocated. */
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 10, a), 10);
	EXPECT_EQ(m->node_data[0]->node_zones[ZONE_DMA32].nr_allocated, 10);
	/* No pages asked for. */
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 0, arr), 0);
	EXPECT(arr[0] == NULL);
	free_array(a, 10);
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

/*
 * The batch needs the low watermark plus its own size free; short of
 * that, one page comes from the single-page path.
 */
TEST(page_alloc_bulk__watermark_counts_the_whole_batch)
{
	struct machine *m = hand(64 * SZ_1M, 1);
	const gfp_t gfp = GFP_KERNEL | GFP_DMA | __GFP_NOWARN;
	unsigned long free0, n = 0, low, r;
	struct zone *dma;
	int traced = 0;

	ASSERT(m);
	dma = &m->node_data[0]->node_zones[ZONE_DMA];
	/* Stealing from other migratetypes would boost the marks: not here. */
	pa_state()->watermark_boost_factor = 0;
	free0 = free_drained();
	/* Take the DMA zone down to what the single-page path leaves. */
	while ((r = alloc_pages_bulk(gfp, 100, arr + n)) > 0)
		n += r;
	ASSERT(n > 100 && n < BIG);
	low = low_wmark_pages(dma);
	EXPECT(zone_page_state(dma, NR_FREE_PAGES) <= low);
	/* Give back enough for low + 50 free pages, drained to the buddy. */
	while (zone_page_state(dma, NR_FREE_PAGES) < low + 50) {
		__free_page(arr[--n]);
		arr[n] = NULL;
		drain_all_pages(NULL);
	}
	EXPECT_EQ(zone_page_state(dma, NR_FREE_PAGES), low + 50);
	ASSERT(!trace_attach(m, count_alloc, &traced));
	/* 100 more would cross the mark: one page, by the single path. */
	EXPECT_EQ(alloc_pages_bulk(gfp, 100, arr + n), 1);
	EXPECT_EQ(traced, 1);
	EXPECT(arr[n] && page_zone(arr[n]) == dma);
	EXPECT(arr[n + 1] == NULL);
	n++;
	/* 40 fit above the mark: the fast path, untraced. */
	EXPECT_EQ(alloc_pages_bulk(gfp, 40, arr + n), 40);
	EXPECT_EQ(traced, 1);
	for (int i = 0; i < 40; i++)
		EXPECT(arr[n + i] && page_zone(arr[n + i]) == dma);
	n += 40;
	trace_detach(m, count_alloc, &traced);
	EXPECT_EQ(pa_check(m), 0);
	free_array(arr, n);
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

/* vm_area_alloc_pages()'s loop: bulk until a call falls short, then stop. */
TEST(page_alloc_bulk__partial_fills_when_memory_is_short)
{
	struct machine *m = hand(64 * SZ_1M, 1);
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	unsigned long free0, n = 0, r, short_calls = 0;

	ASSERT(m);
	free0 = free_drained();
	for (;;) {
		unsigned long want = BIG - n < 100 ? BIG - n : 100;

		r = alloc_pages_bulk(gfp, want, arr + n);
		EXPECT(r <= want);
		/* Filled from the start of the slice, nothing after. */
		for (unsigned long i = 0; i < want; i++)
			EXPECT((arr[n + i] != NULL) == (i < r));
		if (r && r < want)
			short_calls++;
		n += r;
		if (!r || n == BIG)
			break;
	}
	EXPECT(n < BIG);	/* 64 MiB is 16,384 pages */
	EXPECT(n > 15000);
	EXPECT(short_calls > 0);
	/* What the bulk path gave up on, the single-page path cannot serve. */
	EXPECT(alloc_page(gfp) == NULL);
	EXPECT_EQ(m->node_data[0]->node_zones[ZONE_DMA].nr_allocated +
		  m->node_data[0]->node_zones[ZONE_DMA32].nr_allocated, n);
	EXPECT_EQ(pa_check(m), 0);
	free_array(arr, n);
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

TEST(page_alloc_bulk__zeroes_with_gfp_zero)
{
	struct machine *m = hand(64 * SZ_1M, 1);
	unsigned char buf[PAGE_SIZE];
	unsigned long free0;

	ASSERT(m);
	free0 = free_drained();
	ASSERT(alloc_pages_bulk(GFP_KERNEL, 50, arr) == 50);
	for (int i = 0; i < 50; i++)
		ram_fill(&m->ram, PFN_PHYS(page_to_pfn(arr[i])), 0xa5,
			 PAGE_SIZE);
	free_array(arr, 50);
	/* The pcp list is LIFO: the same, dirtied, pages come back. */
	ASSERT(alloc_pages_bulk(GFP_KERNEL | __GFP_ZERO, 50, arr) == 50);
	for (int i = 0; i < 50; i++) {
		ASSERT(!ram_read(&m->ram, PFN_PHYS(page_to_pfn(arr[i])), buf,
				 PAGE_SIZE));
		EXPECT(buf[0] == 0 && !memcmp(buf, buf + 1, PAGE_SIZE - 1));
	}
	free_array(arr, 50);
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

/*
 * alloc_pages_bulk_node() takes its node's pages; once that node is below
 * the mark it falls back to the single-page path, which may go remote.
 */
TEST(page_alloc_bulk__prefers_the_node_then_falls_back_one_page)
{
	struct machine *m = hand(128 * SZ_1M, 2);
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	struct zone *z1, *z0;
	unsigned long free0, n = 0, r, hit1, other1, miss0, foreign1;
	bool remote = false;

	ASSERT(m);
	ASSERT(numa_node_id() == 0);
	z0 = &m->node_data[0]->node_zones[ZONE_DMA32];
	z1 = &m->node_data[1]->node_zones[ZONE_DMA32];
	free0 = free_drained();
	hit1 = zone_numa_event_state(z1, NUMA_HIT);
	other1 = zone_numa_event_state(z1, NUMA_OTHER);
	EXPECT_EQ(alloc_pages_bulk_node(gfp, 1, 50, arr), 50);
	for (int i = 0; i < 50; i++)
		EXPECT(arr[i] && page_zone(arr[i]) == z1);
	EXPECT_EQ(zone_numa_event_state(z1, NUMA_HIT) - hit1, 50);
	EXPECT_EQ(zone_numa_event_state(z1, NUMA_OTHER) - other1, 50);
	n = 50;
	miss0 = zone_numa_event_state(z0, NUMA_MISS);
	foreign1 = zone_numa_event_state(z1, NUMA_FOREIGN);
	while (!remote && n + 100 < BIG) {
		r = alloc_pages_bulk_node(gfp, 1, 100, arr + n);
		ASSERT(r > 0);
		for (unsigned long i = 0; i < r; i++)
			if (page_to_nid(arr[n + i]) == 0)
				remote = true;
		/* A remote page only ever comes alone, by the single path. */
		if (remote)
			EXPECT_EQ(r, 1);
		n += r;
	}
	EXPECT(remote);
	EXPECT_EQ(zone_numa_event_state(z0, NUMA_MISS) - miss0, 1);
	EXPECT_EQ(zone_numa_event_state(z1, NUMA_FOREIGN) - foreign1, 1);
	EXPECT_EQ(pa_check(m), 0);
	free_array(arr, n);
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

TEST(page_alloc_bulk__without_pcp_lists_one_page_a_call)
{
	struct machine *m = hand(64 * SZ_1M, 1);
	unsigned long free0;

	ASSERT(m);
	free0 = free_drained();
	pa_state()->pcp_disabled = true;
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 20, arr), 1);
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 20, arr), 2);
	EXPECT(arr[0] && arr[1] && !arr[2]);
	free_array(arr, 2);
	pa_state()->pcp_disabled = false;
	EXPECT_EQ(pa_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	hand_destroy(m);
}

/* On a 32-bit machine __GFP_HIGHMEM bulk pages come from HighMem first. */
TEST(page_alloc_bulk__highmem_on_x86_32)
{
	unsigned long free0;
	struct machine *m;
	vaddr_t v;

	memset(arr, 0, sizeof(arr));
	m = test_boot("x86_32", "2G");
	ASSERT(m);
	/* Once, so the page tables of the vmalloc area exist already. */
	v = vmalloc(1UL << 20);
	ASSERT(v);
	vfree(v);
	vm_unmap_aliases();
	free0 = free_drained();
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL | __GFP_HIGHMEM, 100, arr), 100);
	for (int i = 0; i < 100; i++)
		EXPECT(arr[i] && PageHighMem(arr[i]) &&
		       page_zonenum(arr[i]) == ZONE_HIGHMEM);
	EXPECT_EQ(alloc_pages_bulk(GFP_KERNEL, 100, arr + 100), 100);
	for (int i = 100; i < 200; i++)
		EXPECT(arr[i] && !PageHighMem(arr[i]) &&
		       page_to_pfn(arr[i]) < m->max_low_pfn);
	EXPECT_EQ(machine_check(m), 0);
	free_array(arr, 200);
	/* vmalloc() takes its pages through the bulk path: HighMem. */
	v = vmalloc(1UL << 20);
	ASSERT(v);
	for (unsigned long off = 0; off < (1UL << 20); off += PAGE_SIZE)
		EXPECT(PageHighMem(vmalloc_to_page(v + off)));
	vfree(v);
	vm_unmap_aliases();
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(free_drained(), free0);
	machine_destroy(m);
}

int main(void)
{
	RUN(page_alloc_bulk__fills_the_array_and_counts_the_batch);
	RUN(page_alloc_bulk__fills_only_the_empty_slots);
	RUN(page_alloc_bulk__watermark_counts_the_whole_batch);
	RUN(page_alloc_bulk__partial_fills_when_memory_is_short);
	RUN(page_alloc_bulk__zeroes_with_gfp_zero);
	RUN(page_alloc_bulk__prefers_the_node_then_falls_back_one_page);
	RUN(page_alloc_bulk__without_pcp_lists_one_page_a_call);
	RUN(page_alloc_bulk__highmem_on_x86_32);
	return done();
}
