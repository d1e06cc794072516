// SPDX-License-Identifier: GPL-2.0
/*
 * Property test: random operations on an XArray and on a plain model (a
 * sorted array of indices with, for each, its entry, whether it is
 * reserved, and its marks) must agree after every step, and full and
 * marked iterations must list the same (index, entry) pairs in the same
 * order. The indices mix a dense run, node boundaries and sparse 64-bit
 * values, so the tree grows, shrinks and splits paths all the time.
 * XA_MODEL_SEED and XA_MODEL_STEPS override the defaults.
 */
#include "xa_test.h"

#define POOL	512

static unsigned long pool[POOL];	/* sorted, distinct */
static struct {
	void *entry;			/* NULL: empty or reserved */
	bool reserved;
	bool mark[XA_MAX_MARKS];
} model[POOL];

static unsigned long seed = 0x6d6d73696dUL;

static unsigned long rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void make_pool(void)
{
	unsigned int n = 0;

	for (unsigned long i = 0; i < 200; i++)
		pool[n++] = i;
	for (unsigned int k = 1; k <= 6; k++) {
		pool[n++] = (1UL << (6 * k)) - 1;
		pool[n++] = 1UL << (6 * k);
	}
	pool[n++] = ULONG_MAX;
	pool[n++] = ULONG_MAX - 1;
	while (n < POOL) {
		unsigned long v = rnd() >> (rnd() % 64);

		pool[n++] = v;
	}
	qsort(pool, POOL, sizeof(pool[0]), cmp_ulong);
	/* Remove duplicates by nudging them to unused neighbours. */
	for (unsigned int i = 1; i < POOL; i++)
		if (pool[i] <= pool[i - 1])
			pool[i] = pool[i - 1] + 1;
}

static void *entry_for(unsigned int p, unsigned long gen)
{
	return xa_mk_value(((gen << 10) | p) & LONG_MAX);
}

static bool present(unsigned int p)
{
	return model[p].entry != NULL;
}

/* Marks live on any occupied slot, reserved ones included (as Linux). */
static bool occupied(unsigned int p)
{
	return model[p].entry || model[p].reserved;
}

/*
 * Iterate over a random range, with xa_for_each_range() and with
 * xas_for_each() under RCU: both must stop at its last index, which is
 * sometimes one below an index of the pool (so the search ends on an
 * empty slot) and sometimes inside a leaf's run of empty slots.
 */
static void check_range(struct xarray *xa, unsigned long step)
{
	unsigned int a = (unsigned int)(rnd() % POOL), b = (unsigned int)(rnd() % POOL);
	unsigned long first, last, index;
	unsigned int p, t;
	void *entry;

	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	first = pool[a];
	last = pool[b];
	if (rnd() & 1 && last > first)
		last--;
	for (int way = 0; way < 2; way++) {
		XA_STATE(xas, xa, first);

		p = a;
		if (way == 0) {
			xa_for_each_range(xa, index, entry, first, last) {
				while (p <= b && !present(p))
					p++;
				if (p > b || pool[p] > last || index != pool[p] ||
				    entry != model[p].entry) {
					FAIL_AT("step %lu: range [%lx, %lx] at %lx",
						step, first, last, index);
					return;
				}
				p++;
			}
		} else {
			xa_rcu_read_lock();
			xas_for_each(&xas, entry, last) {
				if (xas_retry(&xas, entry))
					continue;
				while (p <= b && !present(p))
					p++;
				if (p > b || pool[p] > last ||
				    xas.xa_index != pool[p] ||
				    entry != model[p].entry) {
					xa_rcu_read_unlock();
					FAIL_AT("step %lu: xas range [%lx, %lx] at %lx",
						step, first, last, xas.xa_index);
					return;
				}
				p++;
			}
			xa_rcu_read_unlock();
		}
		while (p <= b && !(present(p) && pool[p] <= last))
			p++;
		if (p <= b && pool[p] <= last) {
			FAIL_AT("step %lu: range [%lx, %lx] missed %lx", step,
				first, last, pool[p]);
			return;
		}
	}
}

/* Compare loads, marks and both kinds of iteration with the model. */
static void check_against_model(struct xarray *xa, unsigned long step)
{
	unsigned long index;
	unsigned int p = 0;
	void *entry;

	for (unsigned int i = 0; i < POOL; i++) {
		if (xa_load(xa, pool[i]) != model[i].entry) {
			FAIL_AT("step %lu: load %lx", step, pool[i]);
			return;
		}
		for (xa_mark_t m = 0; m <= XA_MARK_MAX; m++)
			if (xa_get_mark(xa, pool[i], m) != (occupied(i) && model[i].mark[m])) {
				FAIL_AT("step %lu: mark %u at %lx", step, m, pool[i]);
				return;
			}
	}
	xa_for_each(xa, index, entry) {
		while (p < POOL && !present(p))
			p++;
		if (p == POOL || index != pool[p] || entry != model[p].entry) {
			FAIL_AT("step %lu: iteration at %lx", step, index);
			return;
		}
		p++;
	}
	while (p < POOL && !present(p))
		p++;
	if (p != POOL)
		FAIL_AT("step %lu: iteration missed %lx", step, pool[p]);

	check_range(xa, step);

	for (xa_mark_t m = 0; m <= XA_MARK_MAX; m++) {
		p = 0;
		xa_for_each_marked(xa, index, entry, m) {
			while (p < POOL && !(present(p) && model[p].mark[m]))
				p++;
			if (p == POOL || index != pool[p]) {
				FAIL_AT("step %lu: mark %u iteration at %lx",
					step, m, index);
				return;
			}
			p++;
		}
	}
}

TEST(xarray__random_operations_match_a_sorted_array_model)
{
	const char *s = getenv("XA_MODEL_SEED");
	const char *n = getenv("XA_MODEL_STEPS");
	unsigned long steps = n ? strtoul(n, NULL, 0) : 20000;
	DEFINE_XARRAY(xa);

	if (s)
		seed = strtoul(s, NULL, 0) | 1;
	printf("# seed 0x%lx, %lu steps\n", seed, steps);
	make_pool();
	memset(model, 0, sizeof(model));

	for (unsigned long step = 1; step <= steps && !t_cur_failed; step++) {
		unsigned int p = (unsigned int)(rnd() % POOL);
		unsigned long op = rnd() % 100;
		void *e = entry_for(p, step), *got;
		xa_mark_t mark = (xa_mark_t)(rnd() % XA_MAX_MARKS);

		if (op < 35) {			/* store */
			got = xa_store(&xa, pool[p], e, GFP_KERNEL);
			EXPECT(got == model[p].entry);
			model[p].entry = e;
			model[p].reserved = false;
		} else if (op < 55) {		/* erase */
			got = xa_erase(&xa, pool[p]);
			EXPECT(got == model[p].entry);
			memset(&model[p], 0, sizeof(model[p]));
		} else if (op < 62) {		/* insert */
			int err = xa_insert(&xa, pool[p], e, GFP_KERNEL);
			bool busy = model[p].entry || model[p].reserved;

			EXPECT_EQ(err, busy ? -EBUSY : 0);
			if (!busy)
				model[p].entry = e;
		} else if (op < 70) {		/* cmpxchg */
			void *old = rnd() & 1 ? model[p].entry : NULL;

			/* A reserved slot holds XA_ZERO_ENTRY: NULL does not
			 * match it (mainline Linux), yet NULL is returned. */
			got = xa_cmpxchg(&xa, pool[p], old, e, GFP_KERNEL);
			EXPECT(got == model[p].entry);
			if (old == model[p].entry && !model[p].reserved)
				model[p].entry = e;
		} else if (op < 75) {		/* reserve */
			EXPECT_EQ(xa_reserve(&xa, pool[p], GFP_KERNEL), 0);
			if (!model[p].entry)
				model[p].reserved = true;
		} else if (op < 78) {		/* release */
			xa_release(&xa, pool[p]);
			if (model[p].reserved)
				memset(&model[p], 0, sizeof(model[p]));
		} else if (op < 90) {		/* set mark */
			xa_set_mark(&xa, pool[p], mark);
			if (occupied(p))
				model[p].mark[mark] = true;
		} else if (op < 97) {		/* clear mark */
			xa_clear_mark(&xa, pool[p], mark);
			model[p].mark[mark] = false;
		} else if (op < 99) {		/* find from a random index */
			unsigned long index = pool[p];
			unsigned int q = p;

			while (q < POOL && !present(q))
				q++;
			got = xa_find(&xa, &index, ULONG_MAX, XA_PRESENT);
			EXPECT(got == (q < POOL ? model[q].entry : NULL));
			if (q < POOL)
				EXPECT_EQ(index, pool[q]);
		} else {			/* destroy everything */
			xa_destroy(&xa);
			memset(model, 0, sizeof(model));
		}
		if (step % 97 == 0 || step == steps)
			check_against_model(&xa, step);
	}
	xa_destroy(&xa);
}

int main(void)
{
	RUN(xarray__random_operations_match_a_sorted_array_model);
	return done();
}
