// SPDX-License-Identifier: GPL-2.0
/*
 * Zone placement (B4, Z4): for every architecture, with and without
 * HighMem, every GFP zone modifier starts at the highest zone it allows and
 * falls back downwards; GFP_DMA stays below the DMA limit, GFP_DMA32 below
 * 4 GiB, GFP_KERNEL never returns HighMem.
 */
#include "../test.h"
#include <mmsim/page_alloc.h>

struct cfg {
	const char *arch, *mem;
	u64 dma_limit;
};

static const struct cfg cfgs[] = {
	{ "x86_32", "512M", 0 },	/* no HighMem */
	{ "x86_32", "2G", 0 },		/* HighMem */
	{ "x86_32_pae", "8G", 0 },
	{ "x86_64", "1G", 0 },		/* DMA, DMA32 */
	{ "x86_64", "6G", 0 },		/* DMA, DMA32, Normal */
	{ "x86_64_la57", "2G", 0 },
	{ "arm32", "512M", 0 },
	{ "arm32", "1G", SZ_32M },	/* DMA from --dma-limit */
};

static const gfp_t masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_USER, GFP_HIGHUSER,
	GFP_HIGHUSER_MOVABLE, GFP_DMA, GFP_DMA32, GFP_KERNEL | __GFP_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_DMA | __GFP_MOVABLE,
	GFP_DMA32 | __GFP_MOVABLE,
};

static struct machine *boot(const struct cfg *c)
{
	struct machine_config mc;

	machine_config_default(&mc);
	if (parse_arch(c->arch, &mc.arch) || parse_size(c->mem, &mc.mem))
		return NULL;
	mc.dma_limit = c->dma_limit;
	return test_boot_cfg(&mc);
}

/* The zone Linux's zonelist puts first for @gfp on node 0. */
static int expected_first_zone(struct machine *m, gfp_t gfp)
{
	int high = (int)gfp_zone(gfp);

	for (int z = high; z >= 0; z--)
		if (populated_zone(&m->node_data[0]->node_zones[z]))
			return z;
	return -1;
}

static unsigned long zone_limit_pfn(struct machine *m, int z)
{
	return m->max_zone_pfn[z] ? m->max_zone_pfn[z] : m->max_pfn;
}

#define MAXHELD	(1 << 22)
static struct page **held;

TEST(page_alloc__every_gfp_zone_modifier_on_every_arch)
{
	for (size_t i = 0; i < ARRAY_SIZE(cfgs); i++) {
		struct machine *m = boot(&cfgs[i]);
		char name[GFP_STR_LEN];

		ASSERT(m);
		for (size_t k = 0; k < ARRAY_SIZE(masks); k++) {
			gfp_t gfp = masks[k];
			int first = expected_first_zone(m, gfp);
			struct page *p = alloc_pages(gfp, 0);

			gfp_format(gfp, name, sizeof(name), false);
			if (!p) {
				FAIL_AT("%s %s: %s failed", cfgs[i].arch,
					cfgs[i].mem, name);
				continue;
			}
			if ((int)page_zonenum(p) != first)
				FAIL_AT("%s %s: %s from %s, expected %s",
					cfgs[i].arch, cfgs[i].mem, name,
					page_zone(p)->name, zone_names[first]);
			if (!(gfp & (__GFP_HIGHMEM)) || !(gfp & __GFP_MOVABLE))
				EXPECT(!(is_highmem(page_zone(p)) &&
					 !(gfp & __GFP_HIGHMEM)));
			if ((gfp & __GFP_DMA) && zone_configured(m, ZONE_DMA))
				EXPECT(page_to_pfn(p) < zone_limit_pfn(m, ZONE_DMA));
			if ((gfp & __GFP_DMA32) && zone_configured(m, ZONE_DMA32))
				EXPECT(page_to_pfn(p) < PHYS_PFN(SZ_4G));
			__free_pages(p, 0);
		}
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

/*
 * Exhaust memory with one mask: the first page comes from the highest zone
 * the mask allows, no page from above it, and every lower zone with pages
 * above its min watermark plus its protection (lowmem_reserve) against this
 * mask is reached by the fallback; the rest stay untouched. DMA pages stay
 * below the DMA limit.
 */
static void exhaust_in_order(struct machine *m, const struct cfg *c, gfp_t gfp)
{
	int high = (int)gfp_zone(gfp);
	bool used[MAX_NR_ZONES] = { false }, eligible[MAX_NR_ZONES];
	long n = 0;
	struct page *p;
	char name[GFP_STR_LEN];

	gfp_format(gfp, name, sizeof(name), false);
	drain_all_pages(NULL);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &m->node_data[0]->node_zones[z];

		eligible[z] = z <= high && populated_zone(zone) &&
			(long)zone_page_state(zone, NR_FREE_PAGES) >
			(long)min_wmark_pages(zone) + zone->lowmem_reserve[high];
	}
	pa_state()->pcp_disabled = true;
	while (n < MAXHELD && (p = alloc_pages(gfp | __GFP_NOWARN, 0))) {
		int z = (int)page_zonenum(p);

		if (!n && z != expected_first_zone(m, gfp))
			FAIL_AT("%s %s: %s started in %s", c->arch, c->mem,
				name, zone_names[z]);
		held[n++] = p;
		used[z] = true;
		if ((gfp & __GFP_DMA) && zone_configured(m, ZONE_DMA) &&
		    page_to_pfn(p) >= zone_limit_pfn(m, ZONE_DMA)) {
			FAIL_AT("%s: GFP_DMA page above the DMA limit", c->arch);
			break;
		}
	}
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (used[z] != eligible[z])
			FAIL_AT("%s %s: %s %s zone %s", c->arch, c->mem, name,
				used[z] ? "used" : "did not use", zone_names[z]);
	EXPECT(n > 0);
	EXPECT_EQ(machine_check(m), 0);
	while (n)
		__free_pages(held[--n], 0);
	pa_state()->pcp_disabled = false;
	EXPECT_EQ(machine_check(m), 0);
}

TEST(page_alloc__fallback_runs_downwards_until_exhausted)
{
	static const gfp_t ex[] = { GFP_HIGHUSER_MOVABLE, GFP_KERNEL, GFP_DMA32,
				    GFP_DMA };

	held = malloc(MAXHELD * sizeof(*held));
	ASSERT(held);
	for (size_t i = 0; i < ARRAY_SIZE(cfgs); i++) {
		struct machine *m = boot(&cfgs[i]);

		ASSERT(m);
		for (size_t k = 0; k < ARRAY_SIZE(ex); k++)
			exhaust_in_order(m, &cfgs[i], ex[k]);
		machine_destroy(m);
	}
	free(held);
}

TEST(page_alloc__highmem_has_no_address_and_lowmem_does)
{
	struct cfg c = { "x86_32", "2G", 0 };
	struct machine *m = boot(&c);
	struct page *hi, *lo;

	ASSERT(m);
	hi = alloc_pages(GFP_HIGHUSER, 0);
	lo = alloc_pages(GFP_KERNEL, 0);
	ASSERT(hi && lo);
	EXPECT(is_highmem(page_zone(hi)));
	EXPECT_EQ(page_address(hi), 0);
	EXPECT_EQ(page_address(lo), 0xc0000000ULL + PFN_PHYS(page_to_pfn(lo)));
	EXPECT(__get_free_pages(GFP_HIGHUSER, 0) != 0);	/* HighMem stripped */
	__free_pages(hi, 0);
	__free_pages(lo, 0);
	machine_destroy(m);
}

int main(void)
{
	RUN(page_alloc__every_gfp_zone_modifier_on_every_arch);
	RUN(page_alloc__fallback_runs_downwards_until_exhausted);
	RUN(page_alloc__highmem_has_no_address_and_lowmem_does);
	return done();
}
