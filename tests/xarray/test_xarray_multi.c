// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-index entries: one entry covering 2^order aligned indices, made
 * with XA_STATE_ORDER + xas_store() or with xa_store_range(). Linux's
 * semantics: a load anywhere in the range returns the entry, a store or
 * erase at any index inside replaces or erases the whole entry, and
 * iteration and marks see it once. To store inside it, split it first
 * (xas_split_alloc + xas_split).
 */
#include "xa_test.h"

/* Store @entry as one order-@order entry at @index (Linux's test helper). */
static void *xa_store_order(struct xarray *xa, unsigned long index,
			    unsigned int order, void *entry, gfp_t gfp)
{
	XA_STATE_ORDER(xas, xa, index, order);
	void *curr;

	do {
		xas_lock(&xas);
		curr = xas_store(&xas, entry);
		xas_unlock(&xas);
	} while (xas_nomem(&xas, gfp));
	return curr;
}

static void check_one_order(unsigned long index, unsigned int order)
{
	DEFINE_XARRAY(xa);
	unsigned long min = index & ~((1UL << order) - 1);
	unsigned long max = min + (1UL << order);
	void *e = xa_mk_value(index), *e2 = xa_mk_value(min + 1);
	unsigned long i, seen = 0;
	void *entry;

	EXPECT(xa_store_order(&xa, index, order, e, GFP_KERNEL) == NULL);
	EXPECT(xa_load(&xa, min) == e);
	EXPECT(xa_load(&xa, max - 1) == e);
	EXPECT(xa_load(&xa, min + (1UL << order) / 2) == e);
	EXPECT(xa_load(&xa, max) == NULL);
	if (min)
		EXPECT(xa_load(&xa, min - 1) == NULL);
	EXPECT_EQ(xa_get_order(&xa, min), order);
	EXPECT_EQ(xa_get_order(&xa, max - 1), order);
	EXPECT_EQ(xa_get_order(&xa, max), 0);

	/* Iteration sees it once, at the first index. */
	xa_for_each(&xa, i, entry) {
		EXPECT_EQ(i, min);
		seen++;
	}
	EXPECT_EQ(seen, 1);

	/* A mark set through any index marks the whole entry. */
	xa_set_mark(&xa, max - 1, XA_MARK_1);
	EXPECT(xa_get_mark(&xa, min, XA_MARK_1));
	seen = 0;
	xa_for_each_marked(&xa, i, entry, XA_MARK_1)
		seen++;
	EXPECT_EQ(seen, 1);

	/* A single-index store inside replaces the whole entry. */
	EXPECT(xa_store(&xa, min + 1 < max ? min + 1 : min, e2, GFP_KERNEL) == e);
	EXPECT(xa_load(&xa, min) == e2);
	EXPECT(xa_load(&xa, max - 1) == e2);
	EXPECT_EQ(xa_get_order(&xa, max - 1), order);
	EXPECT(xa_get_mark(&xa, max - 1, XA_MARK_1));

	/* Erasing any index erases all of it. */
	EXPECT(xa_erase(&xa, max - 1) == e2);
	EXPECT(xa_load(&xa, min) == NULL);
	EXPECT(xa_empty(&xa));
	EXPECT(!xa_marked(&xa, XA_MARK_1));
}

TEST(xarray__multi_index_entries_of_every_order)
{
	for (unsigned int order = 1; order < 20; order++) {
		check_one_order(0, order);
		check_one_order(1UL << order, order);
		check_one_order((3UL << order) + 1, order);
		check_one_order(1UL << 30 | 1UL << order, order);
	}
	/* At the very top of the index space. */
	check_one_order(ULONG_MAX, 6);
	check_one_order(ULONG_MAX, 13);
}

TEST(xarray__multi_index_store_over_a_populated_range_frees_its_nodes)
{
	DEFINE_XARRAY(xa);
	unsigned long i;

	for (i = 4096; i < 4096 * 2; i++)
		xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);
	xa_store(&xa, 5, xa_mk_value(5), GFP_KERNEL);
	/*
	 * A root at shift 12; under its slot 1, a node at shift 6 and 64
	 * leaves for the range; under slot 0, a node at shift 6 and a leaf
	 * for index 5.
	 */
	EXPECT_EQ(xa_test_count_nodes(xa.xa_head), 1 + 65 + 2);
	EXPECT(xa_store_order(&xa, 4096, 12, &xa, GFP_KERNEL) != NULL);
	/* The order-12 entry sits in the root's slot 1: 65 nodes go. */
	EXPECT_EQ(xa_test_count_nodes(xa.xa_head), 3);
	for (i = 4096; i < 4096 * 2; i += 97)
		EXPECT(xa_load(&xa, i) == &xa);
	EXPECT(xa_load(&xa, 5) == xa_mk_value(5));
	xa_rcu_barrier();
	EXPECT_EQ(xa_nodes_in_use(), 3);
	xa_destroy(&xa);
}

TEST(xarray__store_range_covers_exactly_the_range)
{
	static const struct { unsigned long first, last; } ranges[] = {
		{ 0, 0 }, { 0, 63 }, { 1, 62 }, { 5, 1000 }, { 64, 4095 },
		{ 100, 100000 }, { 1UL << 40, (1UL << 40) + 12345 },
		{ ULONG_MAX - 300, ULONG_MAX }, { 0, ULONG_MAX },
	};

	for (unsigned int r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		unsigned long first = ranges[r].first, last = ranges[r].last;
		unsigned long probe[] = {
			first, first + 1, (first >> 1) + (last >> 1), last - 1,
			last,
		};
		for (unsigned int p = 0; p < 5; p++)
			if (probe[p] < first || probe[p] > last)
				probe[p] = first;
		DEFINE_XARRAY(xa);
		unsigned long index;
		void *entry;

		xa_store(&xa, first - 1, xa_mk_value(1), GFP_KERNEL);
		xa_store(&xa, last + 1, xa_mk_value(2), GFP_KERNEL);
		EXPECT(xa_store_range(&xa, first, last, &xa, GFP_KERNEL) == NULL);
		for (unsigned int p = 0; p < 5; p++)
			if (xa_load(&xa, probe[p]) != &xa)
				FAIL_AT("range %lx-%lx: %lx not stored", first,
					last, probe[p]);
		if (first != 0)
			EXPECT(xa_load(&xa, first - 1) == xa_mk_value(1));
		if (last != ULONG_MAX)
			EXPECT(xa_load(&xa, last + 1) == xa_mk_value(2));
		/* Iteration: each index in the range is covered by one entry
		 * found at the start of its piece. */
		index = first;
		entry = xa_find(&xa, &index, last, XA_PRESENT);
		EXPECT(entry == &xa && index == first);
		/* Erase the range, the neighbours stay. */
		EXPECT(xa_store_range(&xa, first, last, NULL, GFP_KERNEL) == NULL);
		for (unsigned int p = 0; p < 5; p++)
			EXPECT(xa_load(&xa, probe[p]) == NULL);
		if (first != 0 && last != ULONG_MAX) {
			EXPECT(xa_load(&xa, first - 1) == xa_mk_value(1));
			EXPECT(xa_load(&xa, last + 1) == xa_mk_value(2));
		}
		xa_destroy(&xa);
	}
}

TEST(xarray__advanced_cursor_walks)
{
	DEFINE_XARRAY(xa);
	XA_STATE(xas, &xa, 0);
	unsigned long count = 0, last = 0;
	void *entry;

	for (unsigned long i = 0; i < 300; i += 3)
		xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);

	/* xas_for_each under RCU. */
	xa_rcu_read_lock();
	xas_for_each(&xas, entry, ULONG_MAX) {
		if (xas_retry(&xas, entry))
			continue;
		EXPECT(entry == xa_mk_value(xas.xa_index));
		EXPECT(count == 0 || xas.xa_index == last + 3);
		last = xas.xa_index;
		count++;
	}
	xa_rcu_read_unlock();
	EXPECT_EQ(count, 100);

	/* xas_next visits every index, empty ones too. */
	xas_set(&xas, 62);
	xas_lock(&xas);
	EXPECT(xas_load(&xas) == NULL);
	EXPECT(xas_next(&xas) == xa_mk_value(63));
	EXPECT(xas_next(&xas) == NULL);
	EXPECT_EQ(xas.xa_index, 64);
	EXPECT(xas_prev(&xas) == xa_mk_value(63));
	/* xas_store at the cursor, then a mark through the cursor. */
	xas_set(&xas, 1000);
	EXPECT(xas_store(&xas, xa_mk_value(1000)) == NULL);
	xas_set_mark(&xas, XA_MARK_2);
	EXPECT(xas_get_mark(&xas, XA_MARK_2));
	xas_unlock(&xas);
	EXPECT(xa_get_mark(&xa, 1000, XA_MARK_2));

	/* xas_find_marked from the start. */
	xas_set(&xas, 0);
	xa_rcu_read_lock();
	entry = xas_find_marked(&xas, ULONG_MAX, XA_MARK_2);
	xa_rcu_read_unlock();
	EXPECT(entry == xa_mk_value(1000));
	EXPECT_EQ(xas.xa_index, 1000);

	/* xas_pause lets a locked walk drop the lock and go on. */
	count = 0;
	xas_set(&xas, 0);
	xas_lock(&xas);
	xas_for_each(&xas, entry, ULONG_MAX) {
		count++;
		if (count % 10 == 0) {
			xas_pause(&xas);
			xas_unlock(&xas);
			xas_lock(&xas);
		}
	}
	xas_unlock(&xas);
	EXPECT_EQ(count, 101);

	/* An error state sticks: loads return NULL. */
	xas_set_err(&xas, -ENOMEM);
	EXPECT_EQ(xas_error(&xas), -ENOMEM);
	EXPECT(xas_load(&xas) == NULL);
	/* xas_nomem() allocates for the retry; the next call frees it. */
	EXPECT(xas_nomem(&xas, GFP_KERNEL));
	EXPECT(xas.xa_alloc != NULL && xas.xa_node == XAS_RESTART);
	EXPECT(!xas_nomem(&xas, GFP_KERNEL));
	EXPECT(xas.xa_alloc == NULL);
	xa_destroy(&xa);
}

TEST(xarray__create_range_makes_every_slot)
{
	DEFINE_XARRAY(xa);
	XA_STATE_ORDER(xas, &xa, 128, 7);

	do {
		xas_lock(&xas);
		xas_create_range(&xas);
		xas_unlock(&xas);
	} while (xas_nomem(&xas, GFP_KERNEL));
	EXPECT_EQ(xas_error(&xas), 0);
	/* Two leaves for 128..255 plus their parent. */
	EXPECT_EQ(xa_test_count_nodes(xa.xa_head), 3);
	/* The slots exist, so these stores allocate nothing. */
	xas_lock(&xas);
	for (unsigned long i = 128; i < 256; i++) {
		xas_set(&xas, i);
		xas_store(&xas, xa_mk_value(i));
		EXPECT_EQ(xas_error(&xas), 0);
	}
	xas_unlock(&xas);
	EXPECT_EQ(xa_test_count_nodes(xa.xa_head), 3);
	EXPECT(xa_load(&xa, 200) == xa_mk_value(200));
	xa_destroy(&xa);
}

/* Split the order-@order entry at @index into pieces of order @new. */
static int split(struct xarray *xa, unsigned long index, unsigned int order,
		 unsigned int new)
{
	XA_STATE_ORDER(xas, xa, index, new);
	void *entry = xa_load(xa, index);

	xas_split_alloc(&xas, entry, order, GFP_KERNEL);
	if (xas_error(&xas))
		return xas_error(&xas);
	xas_lock(&xas);
	xas_split(&xas, entry, order);
	xas_unlock(&xas);
	xas_nomem(&xas, GFP_KERNEL);	/* frees what was not used */
	return 0;
}

static void check_split(unsigned long index, unsigned int order,
			unsigned int new)
{
	DEFINE_XARRAY(xa);
	unsigned long min = index & ~((1UL << order) - 1);
	unsigned long end = min + (1UL << order);
	unsigned long inside = min + (1UL << new) + 1, piece, i, seen = 0;
	void *e = xa_mk_value(min), *entry;

	xa_store_order(&xa, min, order, e, GFP_KERNEL);
	xa_set_mark(&xa, min, XA_MARK_2);
	ASSERT(split(&xa, min, order, new) == 0);
	/* Every index still loads the entry, each piece has the new order
	 * and the mark, and iteration now sees every piece. */
	for (i = min; i < end; i++) {
		if (xa_load(&xa, i) != e || xa_get_order(&xa, i) != (int)new ||
		    !xa_get_mark(&xa, i, XA_MARK_2)) {
			FAIL_AT("order %u -> %u: index %lu", order, new, i);
			break;
		}
	}
	xa_for_each(&xa, i, entry)
		seen++;
	EXPECT_EQ(seen, 1UL << (order - new));
	/* Now a store inside changes one piece only. */
	piece = inside & ~((1UL << new) - 1);
	EXPECT(xa_store(&xa, inside, &xa, GFP_KERNEL) == e);
	for (i = min; i < end; i++) {
		bool in_piece = i >= piece && i < piece + (1UL << new);

		if (xa_load(&xa, i) != (in_piece ? (void *)&xa : e)) {
			FAIL_AT("order %u -> %u: after store, index %lu", order,
				new, i);
			break;
		}
	}
	EXPECT(xa_get_mark(&xa, inside, XA_MARK_2));
	xa_destroy(&xa);
}

TEST(xarray__split_then_store_inside_changes_one_piece)
{
	/* Within a leaf, from a node level into leaves, several leaves. */
	check_split(0, 4, 0);
	check_split(32, 5, 1);
	check_split(64, 6, 0);
	check_split(4096, 8, 2);
	check_split(1UL << 20, 11, 0);
	check_split(1UL << 20, 11, 6);
}

TEST(xarray__split_refuses_two_levels)
{
	DEFINE_XARRAY(xa);
	XA_STATE_ORDER(xas, &xa, 0, 0);

	xa_store_order(&xa, 4096, 12, &xa, GFP_KERNEL);
	xas_set(&xas, 4096);
	xas_split_alloc(&xas, &xa, 12, GFP_KERNEL);
	EXPECT_EQ(xas_error(&xas), -EINVAL);
	EXPECT(xa_load(&xa, 4097) == &xa);
	xa_destroy(&xa);
}

int main(void)
{
	RUN(xarray__multi_index_entries_of_every_order);
	RUN(xarray__multi_index_store_over_a_populated_range_frees_its_nodes);
	RUN(xarray__store_range_covers_exactly_the_range);
	RUN(xarray__advanced_cursor_walks);
	RUN(xarray__create_range_makes_every_slot);
	RUN(xarray__split_then_store_inside_changes_one_piece);
	RUN(xarray__split_refuses_two_levels);
	return done();
}
