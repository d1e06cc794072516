/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the randomized unit tests: a PRNG the test seeds (the same
 * sequence on every run, so that a failure reproduces) and the operation
 * count of the property tests.
 */
#ifndef MMSIM_TEST_RANDOM_HELPERS_H
#define MMSIM_TEST_RANDOM_HELPERS_H

#include <stdlib.h>

#include <mmsim/types.h>

/* The test sets it (never to 0) before its first rnd(). */
static u64 rng;

/* Marsaglia's xorshift64. */
static inline u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A million operations; a tenth of that under sanitizers, which are slower. */
#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_OPS 100000L
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DEFAULT_OPS 100000L
#endif
#endif
#ifndef DEFAULT_OPS
#define DEFAULT_OPS 1000000L
#endif

/* The property tests' operation count: MMSIM_PROPERTY_OPS overrides. */
static inline long nr_ops(void)
{
	const char *e = getenv("MMSIM_PROPERTY_OPS");

	return e ? atol(e) : DEFAULT_OPS;
}

#endif
