// SPDX-License-Identifier: GPL-2.0
/*
 * Slab/kmalloc benchmark, side by side with host allocators in one run:
 * mmsim's kmalloc/kfree (SLUB on a simulated 2-CPU x86_64 machine), glibc
 * malloc/free, and jemalloc and mimalloc when their Debian libraries are
 * installed (`scripts/setup-deps bench`). mimalloc is dlopen()ed with
 * RTLD_LOCAL and called as mi_malloc/mi_free, so it never replaces the
 * program's malloc. jemalloc cannot be dlopen()ed (its TLS is
 * initial-exec), so the program runs itself again with LD_PRELOAD of
 * libjemalloc.so.2 and "--malloc-only", and prints that child's figures
 * for malloc/free (it checks that mallocx is really there).
 *
 * Workloads (median of RUNS runs each, ns per operation, by the wall
 * clock and by the process's CPU time, which a loaded host inflates less;
 * each allocator's runs follow one another, so that each finds its memory
 * as it left it, as a kernel's slab caches would be. Taking turns run by
 * run was tried: it cools most the caches of the allocator with the most
 * metadata, mmsim: its 100k-live ratio read 2.3-3.3x in five invocations,
 * against 1.7-3.0x in five of this order):
 *   1. pairs: kmalloc + kfree of one object, sizes cycling 8 .. 4096
 *   2. live:  100,000 objects of random sizes 8 .. 4096 allocated, then
 *             freed in random order (ns per alloc+free)
 *
 * Neither side touches the objects' bytes.
 *
 * `--steady` measures the live workload alone, STEADY_PASSES passes in a
 * row per in-process allocator (mmsim, glibc, mimalloc), and gives the
 * median of all passes but the first: the steady state, without the first
 * touches and occasional slow passes that the 5-run medians include.
 *
 * `--quick` measures mmsim alone, one run of QUICK_PAIRS pairs and one live
 * pass, for an instruction count of each workload:
 *   valgrind --tool=callgrind --toggle-collect=bench_pairs build/bench_slab --quick
 *   valgrind --tool=callgrind --toggle-collect=bench_live build/bench_slab --quick
 */
#define _GNU_SOURCE	/* RTLD_DEFAULT */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mmsim/machine.h>
#include <mmsim/slab.h>

#include "bench.h"

#define RUNS	5
#define PAIRS	4000000L
#define LIVE	100000
#define QUICK_PAIRS	200000L
#define STEADY_PASSES	40

/* --quick: pairs per run and runs per workload. */
static long n_pairs = PAIRS;
static int n_runs = RUNS;

static const size_t pair_sizes[] = {
	8, 16, 24, 32, 48, 64, 96, 100, 128, 192, 256, 300, 512, 700,
	1024, 1500, 2048, 3000, 4096,
};

static u64 rng;

/* ns per operation of one run, by both clocks. */
struct timing {
	double wall, cpu;
};

static inline u64 rnd(void) { return bench_xorshift(&rng); }

/* One allocator under test: alloc(size) -> handle, free(handle). */
struct allocator {
	const char *name;
	u64 (*alloc)(size_t size);
	void (*free)(u64 h);
	bool present;
};

static u64 mmsim_alloc(size_t size) { return kmalloc(size, GFP_KERNEL); }
static void mmsim_free(u64 h) { kfree(h); }
static u64 glibc_alloc(size_t size) { return (u64)(uintptr_t)malloc(size); }
static void glibc_free(u64 h) { free((void *)(uintptr_t)h); }

static void *(*mi_malloc_fn)(size_t);
static void (*mi_free_fn)(void *);
static u64 mi_alloc(size_t size) { return (u64)(uintptr_t)mi_malloc_fn(size); }
static void mi_free(u64 h) { mi_free_fn((void *)(uintptr_t)h); }

static struct allocator allocators[] = {
	{ "mmsim kmalloc", mmsim_alloc, mmsim_free, true },
	{ "glibc malloc", glibc_alloc, glibc_free, true },
	{ "jemalloc", NULL, NULL, false },	/* measured in a child */
	{ "mimalloc", mi_alloc, mi_free, false },
};

static void load_peers(void)
{
	void *h = dlopen("libmimalloc.so.2", RTLD_NOW | RTLD_LOCAL);
	if (h) {
		*(void **)&mi_malloc_fn = dlsym(h, "mi_malloc");
		*(void **)&mi_free_fn = dlsym(h, "mi_free");
		allocators[3].present = mi_malloc_fn && mi_free_fn;
	}
}

/* Not inlined, so that callgrind --toggle-collect= can name them. */
static __attribute__((__noinline__)) struct timing
bench_pairs(const struct allocator *a)
{
	double t = bench_now(), c = bench_cpu_now();

	for (long i = 0; i < n_pairs; i++) {
		u64 p = a->alloc(pair_sizes[i % ARRAY_SIZE(pair_sizes)]);

		if (!p)
			abort();
		a->free(p);
	}
	return (struct timing){ (bench_now() - t) / n_pairs * 1e9,
				(bench_cpu_now() - c) / n_pairs * 1e9 };
}

static __attribute__((__noinline__)) struct timing
bench_live(const struct allocator *a, u64 *slots, const size_t *sizes,
	   const int *order)
{
	double t = bench_now(), c = bench_cpu_now();

	for (int i = 0; i < LIVE; i++) {
		slots[i] = a->alloc(sizes[i]);
		if (!slots[i])
			abort();
	}
	for (int i = 0; i < LIVE; i++)
		a->free(slots[order[i]]);
	return (struct timing){ (bench_now() - t) / LIVE * 1e9,
				(bench_cpu_now() - c) / LIVE * 1e9 };
}

/* Medians of n_runs runs: pair and live, each by wall clock and CPU. */
static void measure(const struct allocator *a, u64 *slots, const size_t *sizes,
		    const int *order, struct timing *pair, struct timing *live)
{
	double pw[RUNS], pc[RUNS], lw[RUNS], lc[RUNS];

	for (int r = 0; r < n_runs; r++) {
		struct timing p = bench_pairs(a);
		struct timing l = bench_live(a, slots, sizes, order);

		pw[r] = p.wall;
		pc[r] = p.cpu;
		lw[r] = l.wall;
		lc[r] = l.cpu;
	}
	pair->wall = bench_median(pw, n_runs);
	pair->cpu = bench_median(pc, n_runs);
	live->wall = bench_median(lw, n_runs);
	live->cpu = bench_median(lc, n_runs);
}

/* jemalloc's figures from a child run with LD_PRELOAD; false if none. */
static bool jemalloc_child(const char *self, struct timing *pair,
			   struct timing *live)
{
	char cmd[4200];
	FILE *f;
	bool ok;

	snprintf(cmd, sizeof(cmd),
		 "LD_PRELOAD=libjemalloc.so.2 '%s' --malloc-only 2>/dev/null", self);
	f = popen(cmd, "r");
	if (!f)
		return false;
	ok = fscanf(f, "%lf %lf %lf %lf", &pair->wall, &pair->cpu, &live->wall,
		    &live->cpu) == 4;
	return pclose(f) == 0 && ok;
}

/* mmsim's CPU time over the fastest peer's: the figures the goals name. */
static void print_ratios(const struct timing *pair, const struct timing *live,
			 const bool *shown)
{
	size_t bp = 0, bl = 0;

	for (size_t k = 1; k < ARRAY_SIZE(allocators); k++) {
		if (!shown[k])
			continue;
		if (!bp || pair[k].cpu < pair[bp].cpu)
			bp = k;
		if (!bl || live[k].cpu < live[bl].cpu)
			bl = k;
	}
	if (!shown[0] || !bp)
		return;
	printf("mmsim / fastest peer (cpu): pair %.2fx (%s; goal <= 2), 100k live %.2fx (%s; goal <= 1.5)\n",
	       pair[0].cpu / pair[bp].cpu, allocators[bp].name,
	       live[0].cpu / live[bl].cpu, allocators[bl].name);
}

/* --steady: many live passes in a row per allocator; medians, no peers' child. */
static void steady(u64 *slots, const size_t *sizes, const int *order)
{
	double med[ARRAY_SIZE(allocators)] = { 0 };
	size_t best = 0;

	printf("100k live, random: %d passes in a row per allocator, the first left out\n",
	       STEADY_PASSES);
	printf("%-15s %10s %10s %10s  (cpu, ns per alloc+free)\n", "allocator",
	       "median", "fastest", "slowest");
	for (size_t k = 0; k < ARRAY_SIZE(allocators); k++) {
		const struct allocator *a = &allocators[k];
		double cpu[STEADY_PASSES];
		struct bench_stat3 st;

		if (!a->alloc || !a->present) {
			printf("%-15s %14s\n", a->name,
			       a->alloc ? "(not installed)" : "(not in-process)");
			continue;
		}
		for (int r = 0; r < STEADY_PASSES; r++)
			cpu[r] = bench_live(a, slots, sizes, order).cpu;
		st = bench_stats(cpu + 1, STEADY_PASSES - 1);
		med[k] = st.med;
		printf("%-15s %10.1f %10.1f %10.1f\n", a->name, st.med, st.min,
		       st.max);
		if (k && (!best || med[k] < med[best]))
			best = k;
	}
	if (best)
		printf("mmsim / fastest peer (cpu, steady state): 100k live %.2fx (%s)\n",
		       med[0] / med[best], allocators[best].name);
}

int main(int argc, char **argv)
{
	struct timing pair[ARRAY_SIZE(allocators)], live[ARRAY_SIZE(allocators)];
	bool shown[ARRAY_SIZE(allocators)] = { false };
	struct machine_config cfg;
	static u64 slots[LIVE];
	static size_t sizes[LIVE];
	static int order[LIVE];
	struct machine *m;
	bool quick = false, steady_only = false;
	char err[256];

	rng = 0x2545f4914f6cdd1dULL;
	for (int i = 0; i < LIVE; i++) {
		sizes[i] = 8 + rnd() % 4089;
		order[i] = i;
	}
	for (int i = LIVE - 1; i > 0; i--) {
		int j = (int)(rnd() % (u64)(i + 1)), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}

	if (argc > 1 && !strcmp(argv[1], "--malloc-only")) {
		struct timing p, l;

		if (!dlsym(RTLD_DEFAULT, "mallocx"))
			return 1;	/* the preload did not take */
		measure(&allocators[1], slots, sizes, order, &p, &l);
		printf("%f %f %f %f\n", p.wall, p.cpu, l.wall, l.cpu);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--quick")) {
		quick = true;
		n_pairs = QUICK_PAIRS;
		n_runs = 1;
	} else if (argc > 1 && !strcmp(argv[1], "--steady")) {
		steady_only = true;
	} else if (argc > 1) {
		fprintf(stderr, "usage: bench_slab [--quick | --steady]\n");
		return 2;
	}
	machine_config_default(&cfg);
	cfg.mem = 2 * SZ_1G;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_slab: %s\n", err);
		return 1;
	}
	if (!quick)
		load_peers();
	if (steady_only) {
		steady(slots, sizes, order);
		goto out;
	}
	printf("kmalloc/kfree vs host allocators, median of %d runs (ns per op)\n",
	       n_runs);
	printf("%-15s %21s %21s\n", "", "pair 8..4096",
	       "100k live, random");
	printf("%-15s %10s %10s %10s %10s\n", "allocator", "wall", "cpu",
	       "wall", "cpu");
	for (size_t k = 0; k < ARRAY_SIZE(allocators); k++) {
		const struct allocator *a = &allocators[k];
		struct timing *p = &pair[k], *l = &live[k];

		if (quick && k > 0)
			break;
		if (!a->alloc) {
			if (!jemalloc_child(argv[0], p, l)) {
				printf("%-15s %14s\n", a->name, "(not installed)");
				continue;
			}
		} else if (!a->present) {
			printf("%-15s %14s\n", a->name, "(not installed)");
			continue;
		} else {
			measure(a, slots, sizes, order, p, l);
		}
		shown[k] = true;
		printf("%-15s %10.1f %10.1f %10.1f %10.1f\n", a->name, p->wall,
		       p->cpu, l->wall, l->cpu);
	}
	print_ratios(pair, live, shown);
out:
	if (machine_check(m)) {
		fprintf(stderr, "bench_slab: check failed:\n%s",
			sb_str(&m->check_report));
		return 1;
	}
	machine_destroy(m);
	return 0;
}
