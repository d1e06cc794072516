// SPDX-License-Identifier: GPL-2.0
/*
 * Lock-free readers against locking writers, on host threads.
 *
 * Writers store, erase, mark and store ranges (so nodes are created, the
 * tree grows and shrinks, and nodes are freed through call_rcu) while
 * readers run xa_load, xa_for_each and xa_for_each_marked with no lock.
 * Every entry encodes its own index, so a reader that walked into a freed
 * or half-built node, or read a torn slot, sees a wrong entry. Run under
 * ThreadSanitizer by tests/xarray/tsan.sh (races, and reads of freed
 * nodes, are then reported); in the ordinary and ASan builds as is.
 */
#define _POSIX_C_SOURCE 200809L	/* nanosleep() */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "xa_test.h"

#define NR_READERS	2
#define NR_WRITERS	2
#define KEY		0x5a5aUL

static DEFINE_XARRAY(shared);
static atomic_int stop;
static atomic_ulong bad_entries, bad_order, reads, writes;

/* The entry for @index: a value entry that names it. */
static void *entry_for(unsigned long index)
{
	return xa_mk_value((index ^ KEY) & LONG_MAX);
}

static bool entry_ok(unsigned long index, void *entry)
{
	return entry == entry_for(index);
}

static unsigned long rnd(unsigned long *state)
{
	unsigned long x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* Indices from a dense low range and a sparse high one: deep trees. */
static unsigned long pick_index(unsigned long *state)
{
	unsigned long r = rnd(state);

	if (r & 1)
		return (r >> 8) % 5000;
	return ((r >> 8) % 64) << 26 | ((r >> 20) % 200);
}

static void *writer(void *arg)
{
	unsigned long state = (unsigned long)arg * 0x9e3779b97f4a7c15UL + 1;
	unsigned long n = 0;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		unsigned long r = rnd(&state) % 100;
		unsigned long index = pick_index(&state);

		if (r < 50) {
			void *old = xa_store(&shared, index, entry_for(index),
					     GFP_KERNEL);

			if (xa_is_err(old) || (old && !entry_ok(index, old)))
				atomic_fetch_add(&bad_entries, 1);
		} else if (r < 85) {
			xa_erase(&shared, index);
		} else if (r < 95) {
			xa_set_mark(&shared, index, XA_MARK_1);
		} else {
			/* Empty a whole leaf's worth: nodes go. */
			for (unsigned long i = index & ~63UL; i < (index | 63); i++)
				xa_erase(&shared, i);
		}
		n++;
	}
	atomic_fetch_add(&writes, n);
	return NULL;
}

static void *reader(void *arg)
{
	unsigned long state = (unsigned long)arg * 0x2545f4914f6cdd1dUL + 7;
	unsigned long n = 0;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		unsigned long index, last;
		void *entry;
		bool first = true;

		for (int i = 0; i < 200; i++) {
			index = pick_index(&state);
			entry = xa_load(&shared, index);
			if (entry && !entry_ok(index, entry))
				atomic_fetch_add(&bad_entries, 1);
			n++;
		}
		last = 0;
		xa_for_each(&shared, index, entry) {
			if (!entry_ok(index, entry))
				atomic_fetch_add(&bad_entries, 1);
			if (!first && index <= last)
				atomic_fetch_add(&bad_order, 1);
			first = false;
			last = index;
			n++;
		}
		first = true;
		xa_for_each_marked(&shared, index, entry, XA_MARK_1) {
			if (!entry_ok(index, entry))
				atomic_fetch_add(&bad_entries, 1);
			if (!first && index <= last)
				atomic_fetch_add(&bad_order, 1);
			first = false;
			last = index;
			n++;
		}
	}
	atomic_fetch_add(&reads, n);
	return NULL;
}

TEST(xarray__rcu_readers_never_see_torn_or_freed_nodes)
{
	pthread_t r[NR_READERS], w[NR_WRITERS];
	const char *env = getenv("XA_STRESS_MS");
	long ms = env ? atol(env) : 1500;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	for (long i = 0; i < NR_WRITERS; i++)
		ASSERT(!pthread_create(&w[i], NULL, writer, (void *)(i + 1)));
	for (long i = 0; i < NR_READERS; i++)
		ASSERT(!pthread_create(&r[i], NULL, reader, (void *)(i + 1)));
	nanosleep(&ts, NULL);
	atomic_store(&stop, 1);
	for (int i = 0; i < NR_WRITERS; i++)
		pthread_join(w[i], NULL);
	for (int i = 0; i < NR_READERS; i++)
		pthread_join(r[i], NULL);

	printf("# %lu reads, %lu writes in %ld ms\n", atomic_load(&reads),
	       atomic_load(&writes), ms);
	EXPECT_EQ(atomic_load(&bad_entries), 0);
	EXPECT_EQ(atomic_load(&bad_order), 0);
	EXPECT(atomic_load(&reads) > 0 && atomic_load(&writes) > 0);
	/* Quiescent now: what is left matches what a walk finds. */
	{
		unsigned long index, count = 0;
		void *entry;

		xa_for_each(&shared, index, entry) {
			EXPECT(entry_ok(index, entry));
			count++;
		}
		EXPECT(count > 0);
	}
	xa_destroy(&shared);
}

int main(void)
{
	RUN(xarray__rcu_readers_never_see_torn_or_freed_nodes);
	return done();
}
