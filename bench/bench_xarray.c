// SPDX-License-Identifier: GPL-2.0
/*
 * XArray benchmark, side by side with a peer in one run: mmsim's XArray
 * (lib/xarray.c: xa_store, xa_load, xa_destroy) and Judy arrays (JudyL,
 * Debian's libjudy, `scripts/setup-deps bench`), the classic sparse array
 * of words. Judy is dlopen()ed, so the benchmark builds without it and
 * prints "-" in its column when libJudy.so.1 is absent.
 *
 * Workloads, N = 1,048,576 entries, median of RUNS runs, ns per operation:
 *   dense:  indices 0 .. N-1, stored in order, loaded in random order
 *   sparse: N random indices below 2^24 (about 1 in 16 used), stored and
 *           loaded in random order
 * plus the memory each structure holds per entry (XArray: nodes x 576
 * bytes; Judy: JudyLMemUsed()). Both store the same word-sized values.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <mmsim/xarray.h>

#include "bench.h"

#define RUNS	5
#define N	(1UL << 20)

/* JudyL through dlopen: Word_t is unsigned long, PJError_t may be NULL. */
typedef void **(*judy_ins_t)(void **array, unsigned long index, void *err);
typedef void **(*judy_get_t)(const void *array, unsigned long index, void *err);
typedef unsigned long (*judy_free_t)(void **array, void *err);
typedef unsigned long (*judy_mem_t)(const void *array);

static struct {
	judy_ins_t ins;
	judy_get_t get;
	judy_free_t free_array;
	judy_mem_t mem_used;
} judy;

static bool judy_open(void)
{
	void *h = dlopen("libJudy.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return false;
	judy.ins = (judy_ins_t)dlsym(h, "JudyLIns");
	judy.get = (judy_get_t)dlsym(h, "JudyLGet");
	judy.free_array = (judy_free_t)dlsym(h, "JudyLFreeArray");
	judy.mem_used = (judy_mem_t)dlsym(h, "JudyLMemUsed");
	return judy.ins && judy.get && judy.free_array && judy.mem_used;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static unsigned long rnd_state = 88172645463325252UL;

static unsigned long rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void shuffle(unsigned long *a, unsigned long n)
{
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = rnd() % (i + 1), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

static double median(double *v) { return bench_median(v, RUNS); }

struct result {
	double store[RUNS], load[RUNS], destroy[RUNS];
	double bytes_per_entry;
};

/* Defeats dead-code elimination of the loads. */
static volatile unsigned long sink;

static int run_xarray(const unsigned long *st, const unsigned long *ld,
		      struct result *r, int run)
{
	DEFINE_XARRAY(xa);
	unsigned long sum = 0;
	double t;

	t = now();
	for (unsigned long i = 0; i < N; i++)
		if (xa_is_err(xa_store(&xa, st[i], xa_mk_value(st[i]), GFP_KERNEL)))
			return -1;
	r->store[run] = (now() - t) / N;
	t = now();
	for (unsigned long i = 0; i < N; i++)
		sum += (unsigned long)xa_load(&xa, ld[i]);
	r->load[run] = (now() - t) / N;
	sink = sum;
	xa_rcu_barrier();
	r->bytes_per_entry = (double)xa_nodes_in_use() * sizeof(struct xa_node) / N;
	t = now();
	xa_destroy(&xa);
	xa_rcu_barrier();
	r->destroy[run] = (now() - t) / N;
	return xa_nodes_in_use() ? -1 : 0;
}

static int run_judy(const unsigned long *st, const unsigned long *ld,
		    struct result *r, int run)
{
	void *array = NULL;
	unsigned long sum = 0;
	double t;

	t = now();
	for (unsigned long i = 0; i < N; i++) {
		void **slot = judy.ins(&array, st[i], NULL);

		if (!slot)
			return -1;
		*slot = (void *)st[i];
	}
	r->store[run] = (now() - t) / N;
	t = now();
	for (unsigned long i = 0; i < N; i++) {
		void **slot = judy.get(array, ld[i], NULL);

		sum += slot ? (unsigned long)*slot : 0;
	}
	r->load[run] = (now() - t) / N;
	sink = sum;
	r->bytes_per_entry = (double)judy.mem_used(array) / N;
	t = now();
	judy.free_array(&array, NULL);
	r->destroy[run] = (now() - t) / N;
	return 0;
}

static void print_row(const char *what, const struct result *x,
		      const struct result *j, bool have_judy)
{
	struct result a = *x, b = have_judy ? *j : *x;

	printf("| %s store | %.1f | ", what, median(a.store));
	have_judy ? printf("%.1f |\n", median(b.store)) : printf("- |\n");
	printf("| %s load | %.1f | ", what, median(a.load));
	have_judy ? printf("%.1f |\n", median(b.load)) : printf("- |\n");
	printf("| %s destroy, per entry | %.1f | ", what, median(a.destroy));
	have_judy ? printf("%.1f |\n", median(b.destroy)) : printf("- |\n");
	printf("| %s bytes per entry | %.1f | ", what, a.bytes_per_entry);
	have_judy ? printf("%.1f |\n", b.bytes_per_entry) : printf("- |\n");
}

int main(void)
{
	unsigned long *dense_st = malloc(N * sizeof(long));
	unsigned long *dense_ld = malloc(N * sizeof(long));
	unsigned long *sparse_st = malloc(N * sizeof(long));
	unsigned long *sparse_ld = malloc(N * sizeof(long));
	struct result xd, xs, jd, js;
	bool have_judy = judy_open();

	if (!dense_st || !dense_ld || !sparse_st || !sparse_ld) {
		fprintf(stderr, "bench_xarray: out of memory\n");
		return 1;
	}
	for (unsigned long i = 0; i < N; i++) {
		dense_st[i] = dense_ld[i] = i;
		sparse_st[i] = rnd() & ((1UL << 24) - 1);
	}
	shuffle(dense_ld, N);
	for (unsigned long i = 0; i < N; i++)
		sparse_ld[i] = sparse_st[i];
	shuffle(sparse_ld, N);

	for (int run = 0; run < RUNS; run++) {
		if (run_xarray(dense_st, dense_ld, &xd, run) ||
		    run_xarray(sparse_st, sparse_ld, &xs, run)) {
			fprintf(stderr, "bench_xarray: xarray run failed\n");
			return 1;
		}
		if (have_judy && (run_judy(dense_st, dense_ld, &jd, run) ||
				  run_judy(sparse_st, sparse_ld, &js, run))) {
			fprintf(stderr, "bench_xarray: judy run failed\n");
			return 1;
		}
	}
	printf("%lu entries, median of %d runs, ns per operation%s\n\n", N, RUNS,
	       have_judy ? "" : " (libJudy.so.1 not found: no Judy column)");
	printf("| workload | mmsim XArray | Judy (JudyL) |\n|---|---:|---:|\n");
	print_row("dense", &xd, &jd, have_judy);
	print_row("sparse", &xs, &js, have_judy);
	free(dense_st);
	free(dense_ld);
	free(sparse_st);
	free(sparse_ld);
	return 0;
}
