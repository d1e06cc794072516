// SPDX-License-Identifier: GPL-2.0
/*
 * XArray benchmark, side by side with a peer in one run: mmsim's XArray
 * (lib/xarray*.c) and Judy arrays (JudyL, Debian's libjudy,
 * `scripts/setup-deps bench`), the classic sparse array of words. Judy is
 * dlopen()ed, so the benchmark builds without it and prints "-" in its
 * column when libJudy.so.1 is absent.
 *
 * Two key sets of N = 1,048,576 distinct keys, the same for both
 * structures in the same run:
 *   seq:  0 .. N-1, stored in order
 *   rand: N distinct random keys below 2^24 (1 in 16 used), stored in
 *         random order
 * and on each set: store; load in ascending key order ("sequential");
 * load in a random order; iterate over the whole array (xa_for_each, and
 * xas_for_each under one RCU read lock, against JudyLFirst/JudyLNext);
 * erase every key (ascending for seq, random order for rand); destroy a
 * full array (xa_destroy against JudyLFreeArray); memory per entry
 * (XArray: nodes x sizeof(struct xa_node); Judy: JudyLMemUsed()).
 *
 * Each figure is the median of RUNS runs (BENCH_RUNS overrides), ns per
 * key, in process CPU time (every thread: liburcu's call_rcu thread that
 * frees XArray nodes counts) and in wall time. On a loaded host the CPU
 * time is the figure to read: it does not count time spent waiting for a
 * CPU. Erase and destroy include xa_rcu_barrier(), the wait until the
 * freed nodes are back in the allocator (Judy frees synchronously).
 * Every load and walk is checked against the key set: a wrong answer
 * stops the benchmark.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mmsim/xarray.h>

#include "bench.h"

#define MAX_RUNS	31
#define N		(1UL << 20)
#define RAND_BITS	24

/* JudyL through dlopen: Word_t is unsigned long, PJError_t may be NULL. */
typedef void **(*judy_ins_t)(void **array, unsigned long index, void *err);
typedef void **(*judy_get_t)(const void *array, unsigned long index, void *err);
typedef int (*judy_del_t)(void **array, unsigned long index, void *err);
typedef void **(*judy_walk_t)(const void *array, unsigned long *index,
			      void *err);
typedef unsigned long (*judy_free_t)(void **array, void *err);
typedef unsigned long (*judy_mem_t)(const void *array);

static struct {
	judy_ins_t ins;
	judy_get_t get;
	judy_del_t del;
	judy_walk_t first, next;
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
	judy.del = (judy_del_t)dlsym(h, "JudyLDel");
	judy.first = (judy_walk_t)dlsym(h, "JudyLFirst");
	judy.next = (judy_walk_t)dlsym(h, "JudyLNext");
	judy.free_array = (judy_free_t)dlsym(h, "JudyLFreeArray");
	judy.mem_used = (judy_mem_t)dlsym(h, "JudyLMemUsed");
	return judy.ins && judy.get && judy.del && judy.first && judy.next &&
	       judy.free_array && judy.mem_used;
}

enum phase {
	P_STORE,
	P_LOAD_SEQ,
	P_LOAD_RND,
	P_ITER,		/* xa_for_each / JudyLFirst+JudyLNext */
	P_ITER_XAS,	/* xas_for_each under one RCU read lock (XArray only) */
	P_ERASE,
	P_DESTROY,
	NR_PHASES
};

static const char *const phase_name[NR_PHASES] = {
	[P_STORE] = "store",
	[P_LOAD_SEQ] = "load, ascending keys",
	[P_LOAD_RND] = "load, random order",
	[P_ITER] = "iterate (xa_for_each / JudyLFirst+Next)",
	[P_ITER_XAS] = "iterate (xas_for_each, one RCU section)",
	[P_ERASE] = "erase",
	[P_DESTROY] = "destroy, per entry",
};

struct result {
	double wall[NR_PHASES][MAX_RUNS], cpu[NR_PHASES][MAX_RUNS];
	bool have[NR_PHASES];
	double bytes_per_entry;
};

/* A key set: the keys in store, ascending, random-load and erase order. */
struct keys {
	const char *name;
	unsigned long *store, *asc, *rnd, *erase;
	unsigned long sum;	/* of all keys: what every full load adds up to */
};

static int runs = 7;

/* ---- clocks ------------------------------------------------------------- */

struct stamp {
	double wall, cpu;
};

static double clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static struct stamp stamp(void)
{
	return (struct stamp){ clock_ns(CLOCK_MONOTONIC),
			       clock_ns(CLOCK_PROCESS_CPUTIME_ID) };
}

/* Record the time since @t0, per key, as phase @p of run @run. */
static void record(struct result *r, enum phase p, int run, struct stamp t0)
{
	struct stamp t1 = stamp();

	r->wall[p][run] = (t1.wall - t0.wall) / (double)N;
	r->cpu[p][run] = (t1.cpu - t0.cpu) / (double)N;
	r->have[p] = true;
}

/* ---- key sets ----------------------------------------------------------- */

static uint64_t rng = 88172645463325252ULL;

static void shuffle(unsigned long *a, unsigned long n)
{
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = bench_xorshift(&rng) % (i + 1), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static bool keys_alloc(struct keys *k, const char *name)
{
	k->name = name;
	k->store = malloc(N * sizeof(long));
	k->asc = malloc(N * sizeof(long));
	k->rnd = malloc(N * sizeof(long));
	return k->store && k->asc && k->rnd;
}

static bool keys_seq(struct keys *k)
{
	if (!keys_alloc(k, "seq"))
		return false;
	k->sum = 0;
	for (unsigned long i = 0; i < N; i++) {
		k->store[i] = k->asc[i] = k->rnd[i] = i;
		k->sum += i;
	}
	shuffle(k->rnd, N);
	k->erase = k->asc;
	return true;
}

/* N distinct keys below 2^RAND_BITS: draw, and redraw a key seen before. */
static bool keys_rand(struct keys *k)
{
	unsigned char *seen = calloc(1UL << (RAND_BITS - 3), 1);

	if (!seen || !keys_alloc(k, "rand"))
		return false;
	k->sum = 0;
	for (unsigned long i = 0; i < N; i++) {
		unsigned long key;

		do {
			key = bench_xorshift(&rng) & ((1UL << RAND_BITS) - 1);
		} while (seen[key >> 3] & (1U << (key & 7)));
		seen[key >> 3] |= (unsigned char)(1U << (key & 7));
		k->store[i] = k->asc[i] = k->rnd[i] = key;
		k->sum += key;
	}
	free(seen);
	qsort(k->asc, N, sizeof(long), cmp_ulong);
	shuffle(k->rnd, N);
	k->erase = k->rnd;
	return true;
}

/* ---- the XArray --------------------------------------------------------- */

static bool check(const char *who, const char *what, const struct keys *k,
		  unsigned long sum, unsigned long count)
{
	if (sum == k->sum && count == N)
		return true;
	fprintf(stderr, "bench_xarray: %s %s on %s keys: %lu entries summing "
		"to %lu, expected %lu summing to %lu\n", who, what, k->name,
		count, sum, N, k->sum);
	return false;
}

static bool xa_fill(struct xarray *xa, const unsigned long *keys)
{
	for (unsigned long i = 0; i < N; i++)
		if (xa_is_err(xa_store(xa, keys[i], xa_mk_value(keys[i]),
				       GFP_KERNEL)))
			return false;
	return true;
}

static unsigned long xa_load_all(struct xarray *xa, const unsigned long *keys)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < N; i++)
		sum += xa_to_value(xa_load(xa, keys[i]));
	return sum;
}

static bool run_xarray(const struct keys *k, struct result *r, int run)
{
	DEFINE_XARRAY(xa);
	unsigned long sum, count, index;
	struct stamp t;
	void *entry;

	t = stamp();
	if (!xa_fill(&xa, k->store))
		return false;
	record(r, P_STORE, run, t);

	t = stamp();
	sum = xa_load_all(&xa, k->asc);
	record(r, P_LOAD_SEQ, run, t);
	if (!check("xa_load", "ascending", k, sum, N))
		return false;

	t = stamp();
	sum = xa_load_all(&xa, k->rnd);
	record(r, P_LOAD_RND, run, t);
	if (!check("xa_load", "random", k, sum, N))
		return false;

	sum = count = 0;
	t = stamp();
	xa_for_each(&xa, index, entry) {
		sum += xa_to_value(entry);
		count++;
	}
	record(r, P_ITER, run, t);
	if (!check("xa_for_each", "walk", k, sum, count))
		return false;

	sum = count = 0;
	t = stamp();
	{
		XA_STATE(xas, &xa, 0);

		xa_rcu_read_lock();
		xas_for_each(&xas, entry, ULONG_MAX) {
			if (xas_retry(&xas, entry))
				continue;
			sum += xa_to_value(entry);
			count++;
		}
		xa_rcu_read_unlock();
	}
	record(r, P_ITER_XAS, run, t);
	if (!check("xas_for_each", "walk", k, sum, count))
		return false;

	xa_rcu_barrier();
	r->bytes_per_entry = (double)xa_nodes_in_use() *
			     sizeof(struct xa_node) / (double)N;

	t = stamp();
	for (unsigned long i = 0; i < N; i++)
		xa_erase(&xa, k->erase[i]);
	xa_rcu_barrier();
	record(r, P_ERASE, run, t);
	if (!xa_empty(&xa) || xa_nodes_in_use()) {
		fprintf(stderr, "bench_xarray: nodes left after erasing\n");
		return false;
	}

	if (!xa_fill(&xa, k->store))
		return false;
	t = stamp();
	xa_destroy(&xa);
	xa_rcu_barrier();
	record(r, P_DESTROY, run, t);
	return xa_nodes_in_use() == 0;
}

/* ---- Judy --------------------------------------------------------------- */

static bool judy_fill(void **array, const unsigned long *keys)
{
	for (unsigned long i = 0; i < N; i++) {
		void **slot = judy.ins(array, keys[i], NULL);

		if (!slot)
			return false;
		*slot = (void *)keys[i];
	}
	return true;
}

static unsigned long judy_load_all(void *array, const unsigned long *keys)
{
	unsigned long sum = 0;

	for (unsigned long i = 0; i < N; i++) {
		void **slot = judy.get(array, keys[i], NULL);

		sum += slot ? (unsigned long)*slot : 0;
	}
	return sum;
}

static bool run_judy(const struct keys *k, struct result *r, int run)
{
	void *array = NULL;
	unsigned long sum, count, index;
	struct stamp t;
	void **slot;

	t = stamp();
	if (!judy_fill(&array, k->store))
		return false;
	record(r, P_STORE, run, t);

	t = stamp();
	sum = judy_load_all(array, k->asc);
	record(r, P_LOAD_SEQ, run, t);
	if (!check("JudyLGet", "ascending", k, sum, N))
		return false;

	t = stamp();
	sum = judy_load_all(array, k->rnd);
	record(r, P_LOAD_RND, run, t);
	if (!check("JudyLGet", "random", k, sum, N))
		return false;

	sum = count = 0;
	index = 0;
	t = stamp();
	for (slot = judy.first(array, &index, NULL); slot;
	     slot = judy.next(array, &index, NULL)) {
		sum += (unsigned long)*slot;
		count++;
	}
	record(r, P_ITER, run, t);
	if (!check("JudyLFirst/JudyLNext", "walk", k, sum, count))
		return false;

	r->bytes_per_entry = (double)judy.mem_used(array) / (double)N;

	t = stamp();
	for (unsigned long i = 0; i < N; i++)
		if (judy.del(&array, k->erase[i], NULL) != 1)
			return false;
	record(r, P_ERASE, run, t);
	if (array)
		return false;

	if (!judy_fill(&array, k->store))
		return false;
	t = stamp();
	judy.free_array(&array, NULL);
	record(r, P_DESTROY, run, t);
	return true;
}

/* ---- report ------------------------------------------------------------- */

static double med(double *v) { return bench_median(v, runs); }

static void print_set(const char *set, struct result *x, struct result *j,
		      bool have_judy)
{
	for (int p = 0; p < NR_PHASES; p++) {
		double xc = med(x->cpu[p]), xw = med(x->wall[p]);

		printf("| %s %s | %.1f (%.1f) | ", set, phase_name[p], xc, xw);
		if (have_judy && j->have[p]) {
			double jc = med(j->cpu[p]), jw = med(j->wall[p]);

			printf("%.1f (%.1f) | %.2f |\n", jc, jw, xc / jc);
		} else {
			printf("- | - |\n");
		}
	}
	printf("| %s memory, bytes per entry | %.1f | ", set,
	       x->bytes_per_entry);
	if (have_judy)
		printf("%.1f | %.2f |\n", j->bytes_per_entry,
		       x->bytes_per_entry / j->bytes_per_entry);
	else
		printf("- | - |\n");
}

static double loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

int main(void)
{
	static struct result xr[2], jr[2];
	const char *env = getenv("BENCH_RUNS");
	bool have_judy = judy_open();
	struct keys k[2];
	double load_before = loadavg();

	if (env) {
		runs = atoi(env);
		if (runs < 1 || runs > MAX_RUNS) {
			fprintf(stderr, "bench_xarray: BENCH_RUNS must be 1..%d\n",
				MAX_RUNS);
			return 1;
		}
	}
	if (!keys_seq(&k[0]) || !keys_rand(&k[1])) {
		fprintf(stderr, "bench_xarray: out of memory\n");
		return 1;
	}

	/* Interleaved, so that a change of host load hits both peers. */
	for (int run = 0; run < runs; run++) {
		for (int s = 0; s < 2; s++) {
			if (!run_xarray(&k[s], &xr[s], run)) {
				fprintf(stderr, "bench_xarray: xarray run failed\n");
				return 1;
			}
			if (have_judy && !run_judy(&k[s], &jr[s], run)) {
				fprintf(stderr, "bench_xarray: judy run failed\n");
				return 1;
			}
		}
	}

	printf("%lu keys per set, median of %d runs, ns per key: process CPU "
	       "time (wall time)%s; load average %.2f before, %.2f after\n\n",
	       N, runs, have_judy ? "" :
	       "; libJudy.so.1 not found: no Judy column",
	       load_before, loadavg());
	printf("| workload | mmsim XArray | Judy (JudyL) | XArray / JudyL (CPU) |\n"
	       "|---|---:|---:|---:|\n");
	for (int s = 0; s < 2; s++)
		print_set(k[s].name, &xr[s], &jr[s], have_judy);
	for (int s = 0; s < 2; s++) {
		free(k[s].store);
		free(k[s].asc);
		free(k[s].rnd);
	}
	return 0;
}
