/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers every benchmark needs: a wall clock, the median of a few runs
 * and a cheap PRNG. Static inline, so that each bench/bench_*.c stays
 * one executable of one source file (CMakeLists.txt builds them so).
 */
#ifndef MMSIM_BENCH_H
#define MMSIM_BENCH_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* Seconds on the monotonic clock (needs _POSIX_C_SOURCE for the clock). */
static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Seconds of this process's CPU time: on a shared machine, the time the
 * other jobs take is left out (but the host kernel's work for us is in).
 */
static inline double bench_cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* qsort() order of doubles, ascending. */
static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of the @n runs in @v; sorts @v (v[0] is then the fastest). */
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return v[n / 2];
}

/* Median, fastest and slowest of a few runs. */
struct bench_stat3 {
	double med, min, max;
};

/* The median and range of the @n runs in @v; sorts @v. */
static inline struct bench_stat3 bench_stats(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return (struct bench_stat3){ v[n / 2], v[0], v[n - 1] };
}

/*
 * Marsaglia's xorshift64 on the caller's @state (never 0): the same
 * sequence on every run, so that runs compare.
 */
static inline uint64_t bench_xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif
