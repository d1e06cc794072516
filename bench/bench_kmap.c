// SPDX-License-Identifier: GPL-2.0
/*
 * kmap benchmark: kmap()/kunmap() pairs and kmap_local_page()/
 * kunmap_local() pairs on HighMem pages of a simulated x86_32 machine
 * with 2 GiB (note K3, docs/notes.md#k3).
 *
 * Two access patterns for each:
 *   same page:  the same HighMem page over and over. kmap() finds it in
 *               page_address_htable after the first time (its slot stays
 *               mapped at count 1 after kunmap()), so a pair is a hash
 *               lookup and two count updates.
 *   4096 pages: 4096 distinct HighMem pages in turn, four times
 *               LAST_PKMAP (1024): each kmap() takes a new slot, sets its
 *               PTE, and every 1024 the allocator wraps and
 *               flush_all_zero_pkmaps() clears the unused slots and
 *               flushes the pkmap range once.
 * kmap_local_page() always writes the CPU's next fixmap PTE and
 * kunmap_local() clears it and flushes that one page from the TLB, so the
 * two patterns cost the same there.
 *
 * Figures: ns per pair, median and range of RUNS runs. `--quick` makes
 * one short run, for profiling:
 *   valgrind --tool=callgrind build/bench_kmap --quick
 */
#define _POSIX_C_SOURCE 200809L	/* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mmsim/gfp.h>
#include <mmsim/highmem.h>
#include <mmsim/machine.h>

#include "bench.h"

#define RUNS	7
#define PAIRS	500000L
#define NPAGES	4096

static struct page *pages[NPAGES];
/* --quick (for callgrind): one run of 50,000 pairs. */
static int runs = RUNS;
static long pairs = PAIRS;

/* One run: ns per pair over @npages pages in turn; < 0 on failure. */
static double run_kmap(int npages)
{
	double t = bench_now();

	for (long i = 0; i < pairs; i++) {
		struct page *p = pages[i % npages];

		if (!kmap(p) || kunmap(p))
			return -1;
	}
	return (bench_now() - t) / (double)pairs * 1e9;
}

static double run_kmap_local(int npages)
{
	double t = bench_now();

	for (long i = 0; i < pairs; i++) {
		vaddr_t v = kmap_local_page(0, pages[i % npages], NULL);

		if (!v || kunmap_local(0, v, NULL))
			return -1;
	}
	return (bench_now() - t) / (double)pairs * 1e9;
}

static bool row(const char *name, double (*run)(int), int npages)
{
	double v[RUNS];

	for (int r = 0; r < runs; r++) {
		v[r] = run(npages);
		if (v[r] < 0) {
			fprintf(stderr, "bench_kmap: %s failed\n", name);
			return false;
		}
	}
	qsort(v, (size_t)runs, sizeof(*v), bench_cmp_double);
	printf("%-26s %10s %8.1f %8.1f - %.1f\n", name,
	       npages == 1 ? "same page" : "4096 pages", v[runs / 2], v[0],
	       v[runs - 1]);
	return true;
}

int main(int argc, char **argv)
{
	struct machine_config cfg;
	struct kmap_stats st0, st;
	struct machine *m;
	char err[256];
	bool ok;

	if (argc > 1 && !strcmp(argv[1], "--quick")) {
		runs = 1;
		pairs = 50000;
	} else if (argc > 1) {
		fprintf(stderr, "usage: bench_kmap [--quick]\n");
		return 2;
	}
	machine_config_default(&cfg);
	cfg.arch = ARCH_X86_32;
	cfg.mem = 2 * SZ_1G;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_kmap: %s\n", err);
		return 1;
	}
	for (int i = 0; i < NPAGES; i++) {
		pages[i] = alloc_page(GFP_HIGHUSER);
		if (!pages[i] || !PageHighMem(pages[i])) {
			fprintf(stderr, "bench_kmap: no HighMem page %d\n", i);
			return 1;
		}
	}
	kmap_get_stats(&st0);
	printf("kmap/kunmap and kmap_local/kunmap_local pairs on x86_32 2G HighMem\n");
	printf("pages (LAST_PKMAP %u), median of %d runs of %ld pairs (ns per pair)\n",
	       last_pkmap(), runs, pairs);
	printf("%-26s %10s %8s %s\n", "", "pattern", "ns/pair", "range");
	ok = row("kmap + kunmap", run_kmap, 1) &&
	     row("kmap + kunmap", run_kmap, NPAGES) &&
	     row("kmap_local + kunmap_local", run_kmap_local, 1) &&
	     row("kmap_local + kunmap_local", run_kmap_local, NPAGES);
	if (!ok)
		return 1;
	kmap_get_stats(&st);
	printf("pkmap wraps %llu (range flushed %llu times), kunmap_local flushes %llu\n",
	       (unsigned long long)(st.pkmap_wraps - st0.pkmap_wraps),
	       (unsigned long long)(st.pkmap_tlb_flushes - st0.pkmap_tlb_flushes),
	       (unsigned long long)(st.kmap_local_flushes - st0.kmap_local_flushes));
	kmap_flush_unused();
	for (int i = 0; i < NPAGES; i++)
		__free_page(pages[i]);
	if (machine_check(m)) {
		fprintf(stderr, "bench_kmap: check failed:\n%s",
			sb_str(&m->check_report));
		return 1;
	}
	machine_destroy(m);
	return 0;
}
