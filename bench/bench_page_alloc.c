// SPDX-License-Identifier: GPL-2.0
/*
 * Page allocator benchmark, side by side with two neighbours:
 *   - a plain first-fit bitmap page allocator (one bit per page, below),
 *   - the host's malloc/free of page-sized (4 KiB << order) blocks.
 *
 * Workloads (median of RUNS runs each):
 *   1. order-0 alloc+free pair through the per-CPU lists
 *   2. the same pair through the buddy lists (pcp lists bypassed)
 *   3. mixed: a 1 GiB zone, 512 slots; each step frees the slot's block if
 *      it holds one and allocates 2^k pages into it, k uniform in 0..10
 *   4. a 64 GiB machine filled to 90 % with random orders, then emptied in
 *      random order: total time and operations per second
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mmsim/arch.h>
#include <mmsim/page_alloc.h>

#include "bench.h"

#define RUNS		5
#define PAIRS		5000000L
#define MIXED_STEPS	2000000L
#define SLOTS		512

static u64 rng = 88172645463325252ULL;

static inline u64 rnd(void) { return bench_xorshift(&rng); }

/* ---- the first-fit bitmap allocator ---- */

struct bitmap_alloc {
	u64 *bits;		/* 1 = allocated */
	unsigned long nr;	/* pages */
	unsigned long hint;	/* no free page below this */
};

static void bm_init(struct bitmap_alloc *b, unsigned long nr)
{
	b->nr = nr;
	b->bits = calloc((nr + 63) / 64, sizeof(u64));
	b->hint = 0;
}

static inline bool bm_test(const struct bitmap_alloc *b, unsigned long i)
{
	return b->bits[i / 64] >> (i % 64) & 1;
}

static void bm_set(struct bitmap_alloc *b, unsigned long i, unsigned long n,
		   bool v)
{
	for (unsigned long k = i; k < i + n; k++) {
		if (v)
			b->bits[k / 64] |= 1ULL << (k % 64);
		else
			b->bits[k / 64] &= ~(1ULL << (k % 64));
	}
}

/* First run of @n free pages; -1 when none. */
static long bm_alloc(struct bitmap_alloc *b, unsigned long n)
{
	unsigned long i = b->hint, run = 0, start = 0;

	while (i < b->nr) {
		if (!(i % 64) && b->bits[i / 64] == ~0ULL) {
			i += 64;
			run = 0;
			continue;
		}
		if (bm_test(b, i)) {
			run = 0;
		} else {
			if (!run)
				start = i;
			if (++run == n) {
				bm_set(b, start, n, true);
				if (start == b->hint)
					b->hint = start + n;
				return (long)start;
			}
		}
		i++;
	}
	return -1;
}

static void bm_free(struct bitmap_alloc *b, unsigned long i, unsigned long n)
{
	bm_set(b, i, n, false);
	if (i < b->hint)
		b->hint = i;
}

/* ---- machines ---- */

static struct machine *boot(const char *arch, const char *mem)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	machine_config_default(&cfg);
	parse_arch(arch, &cfg.arch);
	parse_size(mem, &cfg.mem);
	cfg.cpus = 1;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "boot %s %s: %s\n", arch, mem, err);
		exit(1);
	}
	return m;
}

/* ---- 1, 2: order-0 pairs ---- */

static double pair_mmsim(struct machine *m, bool pcp)
{
	double t;

	m->pa->pcp_disabled = !pcp;
	__free_pages(alloc_pages(GFP_KERNEL, 0), 0);	/* warm the lists */
	t = bench_now();
	for (long i = 0; i < PAIRS; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);

		__free_pages(p, 0);
	}
	t = bench_now() - t;
	m->pa->pcp_disabled = false;
	return t / PAIRS * 1e9;
}

static double pair_bitmap(struct bitmap_alloc *b)
{
	double t = bench_now();

	for (long i = 0; i < PAIRS; i++) {
		long p = bm_alloc(b, 1);

		bm_free(b, (unsigned long)p, 1);
	}
	return (bench_now() - t) / PAIRS * 1e9;
}

static double pair_malloc(void)
{
	double t = bench_now();

	for (long i = 0; i < PAIRS; i++) {
		void *p = malloc(4096);

		__asm__ volatile("" : : "r"(p) : "memory");
		free(p);
	}
	return (bench_now() - t) / PAIRS * 1e9;
}

/* ---- 3: the mixed 512-slot workload ---- */

static double mixed_mmsim(struct machine *m)
{
	struct { struct page *p; unsigned int order; } slot[SLOTS] = { { 0 } };
	double t;

	rng = 88172645463325252ULL;
	t = bench_now();
	for (long i = 0; i < MIXED_STEPS; i++) {
		unsigned int s = (unsigned int)(rnd() % SLOTS);
		unsigned int k = (unsigned int)(rnd() % 11);

		if (slot[s].p)
			__free_pages(slot[s].p, slot[s].order);
		slot[s].p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, k);
		slot[s].order = k;
	}
	t = bench_now() - t;
	for (int s = 0; s < SLOTS; s++)
		if (slot[s].p)
			__free_pages(slot[s].p, slot[s].order);
	return t / MIXED_STEPS * 1e9;
}

/* A tenth of the steps: first fit is slow here; the figure is per step. */
static double mixed_bitmap(unsigned long nr_pages)
{
	struct { long p; unsigned int order; } slot[SLOTS];
	struct bitmap_alloc b;
	double t;

	bm_init(&b, nr_pages);
	for (int s = 0; s < SLOTS; s++)
		slot[s].p = -1;
	rng = 88172645463325252ULL;
	t = bench_now();
	for (long i = 0; i < MIXED_STEPS / 10; i++) {
		unsigned int s = (unsigned int)(rnd() % SLOTS);
		unsigned int k = (unsigned int)(rnd() % 11);

		if (slot[s].p >= 0)
			bm_free(&b, (unsigned long)slot[s].p, 1UL << slot[s].order);
		slot[s].p = bm_alloc(&b, 1UL << k);
		slot[s].order = k;
	}
	t = bench_now() - t;
	free(b.bits);
	return t / (MIXED_STEPS / 10) * 1e9;
}

static double mixed_malloc(void)
{
	void *slot[SLOTS] = { 0 };
	double t;

	rng = 88172645463325252ULL;
	t = bench_now();
	for (long i = 0; i < MIXED_STEPS; i++) {
		unsigned int s = (unsigned int)(rnd() % SLOTS);
		unsigned int k = (unsigned int)(rnd() % 11);

		free(slot[s]);
		slot[s] = malloc(4096UL << k);
		__asm__ volatile("" : : "r"(slot[s]) : "memory");
	}
	t = bench_now() - t;
	for (int s = 0; s < SLOTS; s++)
		free(slot[s]);
	return t / MIXED_STEPS * 1e9;
}

/* ---- 4: fill 64 GiB to 90 % and empty ---- */

struct blk {
	long pfn;
	void *ptr;
	unsigned int order;
};

static struct blk *blks;
static long nblks;

static void shuffle(void)
{
	for (long i = nblks - 1; i > 0; i--) {
		long j = (long)(rnd() % (u64)(i + 1));
		struct blk t = blks[i];

		blks[i] = blks[j];
		blks[j] = t;
	}
}

/* Returns seconds; *ops gets allocations + frees. */
static double fill_mmsim(struct machine *m, long *ops)
{
	unsigned long target = m->totalram_pages / 10 * 9, used = 0;
	double t;

	nblks = 0;
	rng = 88172645463325252ULL;
	t = bench_now();
	while (used < target) {
		unsigned int k = (unsigned int)(rnd() % 11);
		struct page *p = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, k);

		if (!p)
			break;
		blks[nblks].pfn = page_to_pfn(p);
		blks[nblks++].order = k;
		used += 1UL << k;
	}
	shuffle();
	for (long i = 0; i < nblks; i++)
		__free_pages(pfn_to_page((unsigned long)blks[i].pfn), blks[i].order);
	t = bench_now() - t;
	*ops = 2 * nblks;
	return t;
}

static double fill_bitmap(unsigned long nr_pages, long *ops)
{
	unsigned long target = nr_pages / 10 * 9, used = 0;
	struct bitmap_alloc b;
	double t;

	bm_init(&b, nr_pages);
	nblks = 0;
	rng = 88172645463325252ULL;
	t = bench_now();
	while (used < target) {
		unsigned int k = (unsigned int)(rnd() % 11);
		long p = bm_alloc(&b, 1UL << k);

		if (p < 0)
			break;
		blks[nblks].pfn = p;
		blks[nblks++].order = k;
		used += 1UL << k;
	}
	shuffle();
	for (long i = 0; i < nblks; i++)
		bm_free(&b, (unsigned long)blks[i].pfn, 1UL << blks[i].order);
	t = bench_now() - t;
	free(b.bits);
	*ops = 2 * nblks;
	return t;
}

static double fill_malloc(unsigned long nr_pages, long *ops)
{
	unsigned long target = nr_pages / 10 * 9, used = 0;
	double t;

	nblks = 0;
	rng = 88172645463325252ULL;
	t = bench_now();
	while (used < target) {
		unsigned int k = (unsigned int)(rnd() % 11);

		blks[nblks].ptr = malloc(4096UL << k);
		blks[nblks++].order = k;
		used += 1UL << k;
	}
	shuffle();
	for (long i = 0; i < nblks; i++)
		free(blks[i].ptr);
	t = bench_now() - t;
	*ops = 2 * nblks;
	return t;
}

int main(void)
{
	double a[RUNS], b[RUNS], c[RUNS];
	struct bitmap_alloc bm;
	struct machine *m;
	unsigned long zone_pages;
	long ops[3] = { 0 };

	printf("page allocator benchmark: median of %d runs\n\n", RUNS);
	printf("%-44s %14s %14s %14s\n", "workload", "mmsim buddy",
	       "bitmap 1st-fit", "malloc/free");

	/* x86_64 1G: DMA32 is the 1 GiB zone GFP_KERNEL uses. */
	m = boot("x86_64", "1G");
	zone_pages = m->node_data[0]->node_zones[ZONE_DMA32].managed_pages;
	bm_init(&bm, zone_pages);
	for (int r = 0; r < RUNS; r++) {
		a[r] = pair_mmsim(m, true);
		b[r] = pair_bitmap(&bm);
		c[r] = pair_malloc();
	}
	printf("%-44s %11.1f ns %11.1f ns %11.1f ns\n",
	       "order-0 alloc+free pair, per-CPU lists", bench_median(a, RUNS),
	       bench_median(b, RUNS), bench_median(c, RUNS));
	for (int r = 0; r < RUNS; r++)
		a[r] = pair_mmsim(m, false);
	printf("%-44s %11.1f ns %14s %14s\n",
	       "order-0 alloc+free pair, buddy (no pcp)", bench_median(a, RUNS),
	       "-", "-");
	free(bm.bits);

	for (int r = 0; r < RUNS; r++) {
		a[r] = mixed_mmsim(m);
		b[r] = mixed_bitmap(zone_pages);
		c[r] = mixed_malloc();
	}
	printf("%-44s %11.1f ns %11.1f ns %11.1f ns\n",
	       "mixed 512 slots, 2^(0..10) pages, per step", bench_median(a, RUNS),
	       bench_median(b, RUNS), bench_median(c, RUNS));
	if (machine_check(m))
		printf("check failed:\n%s", sb_str(&m->check_report));
	machine_destroy(m);

	m = boot("x86_64", "64G");
	/* 90 % of the pages in blocks of 186 pages on average: 1/16 is ample. */
	blks = malloc(sizeof(*blks) * (m->totalram_pages / 16 + 1));
	for (int r = 0; r < 3; r++) {
		a[r] = fill_mmsim(m, &ops[0]);
		b[r] = fill_bitmap(m->totalram_pages, &ops[1]);
		c[r] = fill_malloc(m->totalram_pages, &ops[2]);
	}
	printf("%-44s %12.3f s %12.3f s %12.3f s\n",
	       "64 GiB: fill to 90 % random orders, empty", bench_median(a, 3),
	       bench_median(b, 3), bench_median(c, 3));
	printf("%-44s %8.2f Mops/s %8.2f Mops/s %8.2f Mops/s\n",
	       "  (allocations + frees per second)",
	       ops[0] / bench_median(a, 3) / 1e6, ops[1] / bench_median(b, 3) / 1e6,
	       ops[2] / bench_median(c, 3) / 1e6);
	if (machine_check(m))
		printf("check failed:\n%s", sb_str(&m->check_report));
	machine_destroy(m);
	free(blks);
	return 0;
}
