// SPDX-License-Identifier: GPL-2.0
/*
 * The XArray's simple API, in the spirit of Linux's lib/test_xarray.c:
 * store/load/erase at the edges of the index space, reserved entries,
 * cmpxchg and insert, marks up the tree, iteration order, extract, node
 * counts, errors. Each case ends with every node given back.
 */
#include "xa_test.h"

/* Distinct, 4-byte aligned, never dereferenced "pointers". */
static void *xa_mk_index(unsigned long index)
{
	return xa_mk_value(index & LONG_MAX);
}

TEST(xarray__store_load_erase_at_many_indices)
{
	static const unsigned long idx[] = {
		0, 1, 2, 63, 64, 65, 4095, 4096, 1UL << 20, 123456789,
		(1UL << 32) - 1, 1UL << 32, LONG_MAX, ULONG_MAX - 64,
		ULONG_MAX - 1, ULONG_MAX,
	};
	const unsigned int n = sizeof(idx) / sizeof(idx[0]);
	DEFINE_XARRAY(xa);

	for (unsigned int i = 0; i < n; i++) {
		EXPECT(xa_load(&xa, idx[i]) == NULL);
		EXPECT(xa_store(&xa, idx[i], xa_mk_index(idx[i]), GFP_KERNEL) == NULL);
		for (unsigned int j = 0; j <= i; j++)
			EXPECT(xa_load(&xa, idx[j]) == xa_mk_index(idx[j]));
		EXPECT(xa_load(&xa, 10) == NULL);
	}
	/* Overwrite returns the old entry. */
	EXPECT(xa_store(&xa, 64, &xa, GFP_KERNEL) == xa_mk_index(64));
	EXPECT(xa_load(&xa, 64) == &xa);
	for (unsigned int i = 0; i < n; i++) {
		void *want = idx[i] == 64 ? (void *)&xa : xa_mk_index(idx[i]);

		EXPECT(xa_erase(&xa, idx[i]) == want);
		EXPECT(xa_load(&xa, idx[i]) == NULL);
		EXPECT(xa_erase(&xa, idx[i]) == NULL);
	}
	EXPECT(xa_empty(&xa));
	xa_rcu_barrier();
	EXPECT_EQ(xa_nodes_in_use(), 0);
}

TEST(xarray__index_zero_lives_in_the_head)
{
	DEFINE_XARRAY(xa);

	xa_store(&xa, 0, xa_mk_value(7), GFP_KERNEL);
	EXPECT(!xa_is_node(xa.xa_head));
	EXPECT(xa_load(&xa, 1) == NULL);
	xa_store(&xa, 1, xa_mk_value(8), GFP_KERNEL);
	EXPECT(xa_is_node(xa.xa_head));
	EXPECT_EQ(xa_to_node(xa.xa_head)->count, 2);
	EXPECT_EQ(xa_to_node(xa.xa_head)->nr_values, 2);
	/* Erasing index 1 shrinks the tree back to a bare head entry. */
	xa_erase(&xa, 1);
	EXPECT(xa.xa_head == xa_mk_value(7));
	xa_destroy(&xa);
	EXPECT(xa_empty(&xa));
}

TEST(xarray__internal_entries_are_refused)
{
	DEFINE_XARRAY(xa);

	EXPECT_EQ(xa_err(xa_store(&xa, 1, xa_mk_internal(3), GFP_KERNEL)), -EINVAL);
	EXPECT_EQ(xa_err(xa_store(&xa, 1, XA_RETRY_ENTRY, GFP_KERNEL)), -EINVAL);
	EXPECT_EQ(xa_insert(&xa, 1, xa_mk_internal(5), GFP_KERNEL), -EINVAL);
	EXPECT_EQ(xa_err(xa_cmpxchg(&xa, 1, NULL, xa_mk_internal(5), GFP_KERNEL)),
		  -EINVAL);
	EXPECT_EQ(xa_err(xa_store_range(&xa, 1, 5, xa_mk_internal(5), GFP_KERNEL)),
		  -EINVAL);
	EXPECT_EQ(xa_err(xa_store_range(&xa, 5, 1, &xa, GFP_KERNEL)), -EINVAL);
	EXPECT(xa_empty(&xa));
	EXPECT_EQ(xa_err(xa_mk_value(3)), 0);
	EXPECT_EQ(xa_err(NULL), 0);
}

TEST(xarray__cmpxchg_stores_only_over_the_expected_entry)
{
	DEFINE_XARRAY(xa);
	void *a = xa_mk_value(1), *b = xa_mk_value(2);

	EXPECT(xa_cmpxchg(&xa, 12345678, NULL, a, GFP_KERNEL) == NULL);
	EXPECT(xa_load(&xa, 12345678) == a);
	/* Wrong old value: nothing stored, the current entry returned. */
	EXPECT(xa_cmpxchg(&xa, 12345678, b, b, GFP_KERNEL) == a);
	EXPECT(xa_load(&xa, 12345678) == a);
	EXPECT(xa_cmpxchg(&xa, 12345678, a, b, GFP_KERNEL) == a);
	EXPECT(xa_load(&xa, 12345678) == b);
	/* cmpxchg to NULL erases. */
	EXPECT(xa_cmpxchg(&xa, 12345678, b, NULL, GFP_KERNEL) == b);
	EXPECT(xa_empty(&xa));
}

TEST(xarray__insert_is_ebusy_over_any_entry)
{
	DEFINE_XARRAY(xa);

	EXPECT_EQ(xa_insert(&xa, 5, xa_mk_value(5), GFP_KERNEL), 0);
	EXPECT_EQ(xa_insert(&xa, 5, xa_mk_value(6), GFP_KERNEL), -EBUSY);
	EXPECT(xa_load(&xa, 5) == xa_mk_value(5));
	/* Inserting NULL reserves; a second insert then finds it busy. */
	EXPECT_EQ(xa_insert(&xa, 9, NULL, GFP_KERNEL), 0);
	EXPECT(xa_load(&xa, 9) == NULL);
	EXPECT_EQ(xa_insert(&xa, 9, xa_mk_value(9), GFP_KERNEL), -EBUSY);
	xa_erase(&xa, 9);
	EXPECT_EQ(xa_insert(&xa, 9, xa_mk_value(9), GFP_KERNEL), 0);
	xa_destroy(&xa);
}

TEST(xarray__reserved_entries_load_as_null_and_release)
{
	DEFINE_XARRAY(xa);
	unsigned long index;
	void *entry;
	unsigned int seen = 0;

	EXPECT_EQ(xa_reserve(&xa, 12345, GFP_KERNEL), 0);
	EXPECT(xa_load(&xa, 12345) == NULL);
	EXPECT(!xa_empty(&xa));
	/* Iteration skips reserved entries. */
	xa_for_each(&xa, index, entry)
		seen++;
	EXPECT_EQ(seen, 0);
	/* Release frees the slot and the nodes made for it. */
	xa_release(&xa, 12345);
	EXPECT(xa_empty(&xa));

	/* Release does nothing once a real entry was stored. */
	EXPECT_EQ(xa_reserve(&xa, 7, GFP_KERNEL), 0);
	EXPECT(xa_store(&xa, 7, xa_mk_value(7), GFP_KERNEL) == NULL);
	xa_release(&xa, 7);
	EXPECT(xa_load(&xa, 7) == xa_mk_value(7));
	/* Reserving over an entry keeps the entry. */
	EXPECT_EQ(xa_reserve(&xa, 7, GFP_KERNEL), 0);
	EXPECT(xa_load(&xa, 7) == xa_mk_value(7));
	/* A reserved index 0 still takes a node (it cannot be the head). */
	EXPECT_EQ(xa_reserve(&xa, 0, GFP_KERNEL), 0);
	EXPECT(xa_load(&xa, 0) == NULL);
	EXPECT(xa_store(&xa, 0, xa_mk_value(1), GFP_KERNEL) == NULL);
	xa_destroy(&xa);
	EXPECT(xa_empty(&xa));
}

TEST(xarray__marks_propagate_up_the_tree)
{
	DEFINE_XARRAY(xa);
	const unsigned long deep = (1UL << 24) + 5;
	struct xa_node *leaf, *node;
	XA_STATE(xas, &xa, deep);

	xa_store(&xa, 3, xa_mk_value(3), GFP_KERNEL);
	xa_store(&xa, deep, xa_mk_value(5), GFP_KERNEL);
	EXPECT(!xa_marked(&xa, XA_MARK_1));
	/* No mark on an empty index. */
	xa_set_mark(&xa, deep + 1, XA_MARK_1);
	EXPECT(!xa_get_mark(&xa, deep + 1, XA_MARK_1));
	EXPECT(!xa_marked(&xa, XA_MARK_1));

	xa_set_mark(&xa, deep, XA_MARK_1);
	EXPECT(xa_get_mark(&xa, deep, XA_MARK_1));
	EXPECT(!xa_get_mark(&xa, deep, XA_MARK_0));
	EXPECT(!xa_get_mark(&xa, 3, XA_MARK_1));
	EXPECT(xa_marked(&xa, XA_MARK_1));
	/* Every ancestor has the bit for the slot leading down. */
	xas_load(&xas);
	leaf = xas.xa_node;
	ASSERT(leaf && !xas_invalid(&xas));
	EXPECT_EQ(leaf->shift, 0);
	for (node = leaf; node->parent; node = node->parent)
		EXPECT((node->parent->marks[XA_MARK_1][0] >> node->offset) & 1);
	EXPECT(node == xa_to_node(xa.xa_head));
	EXPECT_EQ(node->shift, 24);

	/* Clearing the only mark clears it all the way up. */
	xa_clear_mark(&xa, deep, XA_MARK_1);
	EXPECT(!xa_get_mark(&xa, deep, XA_MARK_1));
	EXPECT(!xa_marked(&xa, XA_MARK_1));
	for (node = leaf; node; node = node->parent)
		EXPECT_EQ(node->marks[XA_MARK_1][0], 0);

	/* Two marked entries: clearing one keeps the other's path. */
	xa_set_mark(&xa, 3, XA_MARK_2);
	xa_set_mark(&xa, deep, XA_MARK_2);
	xa_clear_mark(&xa, 3, XA_MARK_2);
	EXPECT(xa_marked(&xa, XA_MARK_2));
	EXPECT(xa_get_mark(&xa, deep, XA_MARK_2));
	/* Erasing an entry drops its marks. */
	xa_erase(&xa, deep);
	EXPECT(!xa_marked(&xa, XA_MARK_2));
	xa_store(&xa, deep, xa_mk_value(5), GFP_KERNEL);
	EXPECT(!xa_get_mark(&xa, deep, XA_MARK_2));
	/* Storing over an entry keeps its marks. */
	xa_set_mark(&xa, 3, XA_MARK_0);
	xa_store(&xa, 3, xa_mk_value(33), GFP_KERNEL);
	EXPECT(xa_get_mark(&xa, 3, XA_MARK_0));
	/* A bad mark number is ignored, not a crash. */
	xa_set_mark(&xa, 3, 7);
	EXPECT(!xa_get_mark(&xa, 3, 7));
	xa_destroy(&xa);
	EXPECT(!xa_marked(&xa, XA_MARK_0));
}

TEST(xarray__head_entry_marks_survive_growth)
{
	DEFINE_XARRAY(xa);

	xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL);
	xa_set_mark(&xa, 0, XA_MARK_0);
	EXPECT(xa_get_mark(&xa, 0, XA_MARK_0));
	xa_store(&xa, 1UL << 40, xa_mk_value(1), GFP_KERNEL);
	EXPECT(xa_get_mark(&xa, 0, XA_MARK_0));
	EXPECT(!xa_get_mark(&xa, 1UL << 40, XA_MARK_0));
	xa_erase(&xa, 1UL << 40);
	EXPECT(xa_get_mark(&xa, 0, XA_MARK_0));
	EXPECT(!xa_is_node(xa.xa_head));
	xa_destroy(&xa);
}

TEST(xarray__iteration_is_in_index_order)
{
	static const unsigned long idx[] = {
		ULONG_MAX, 0, 1UL << 33, 64, 5, 4096 * 64 + 1, 63, 1UL << 20,
	};
	unsigned long sorted[] = {
		0, 5, 63, 64, 4096 * 64 + 1, 1UL << 20, 1UL << 33, ULONG_MAX,
	};
	const unsigned int n = sizeof(idx) / sizeof(idx[0]);
	DEFINE_XARRAY(xa);
	unsigned long index;
	unsigned int i = 0;
	void *entry;

	for (unsigned int j = 0; j < n; j++)
		xa_store(&xa, idx[j], xa_mk_index(idx[j]), GFP_KERNEL);
	xa_for_each(&xa, index, entry) {
		ASSERT(i < n);
		EXPECT_EQ(index, sorted[i]);
		EXPECT(entry == xa_mk_index(sorted[i]));
		i++;
	}
	EXPECT_EQ(i, n);

	/* for_each_start / for_each_range see the middle only. */
	i = 2;
	xa_for_each_start(&xa, index, entry, 63)
		EXPECT_EQ(index, sorted[i++]);
	EXPECT_EQ(i, n);
	i = 3;
	xa_for_each_range(&xa, index, entry, 64, 4096 * 64 + 1)
		EXPECT_EQ(index, sorted[i++]);
	EXPECT_EQ(i, 5);

	/* Marked iteration visits marked entries only, in order. */
	xa_set_mark(&xa, 1UL << 33, XA_MARK_2);
	xa_set_mark(&xa, 5, XA_MARK_2);
	xa_set_mark(&xa, ULONG_MAX, XA_MARK_2);
	i = 0;
	xa_for_each_marked(&xa, index, entry, XA_MARK_2) {
		static const unsigned long want[] = { 5, 1UL << 33, ULONG_MAX };

		ASSERT(i < 3);
		EXPECT_EQ(index, want[i]);
		i++;
	}
	EXPECT_EQ(i, 3);

	/* xa_find / xa_find_after at the edges. */
	index = 6;
	EXPECT(xa_find(&xa, &index, 62, XA_PRESENT) == NULL);
	EXPECT_EQ(index, 6);
	index = 6;
	EXPECT(xa_find(&xa, &index, ULONG_MAX, XA_MARK_2) == xa_mk_index(1UL << 33));
	EXPECT_EQ(index, 1UL << 33);
	index = ULONG_MAX;
	EXPECT(xa_find_after(&xa, &index, ULONG_MAX, XA_PRESENT) == NULL);
	xa_destroy(&xa);
}

TEST(xarray__extract_copies_a_window)
{
	DEFINE_XARRAY(xa);
	void *dst[10];

	for (unsigned long i = 0; i < 200; i += 10)
		xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);
	xa_set_mark(&xa, 50, XA_MARK_1);
	xa_set_mark(&xa, 150, XA_MARK_1);
	EXPECT_EQ(xa_extract(&xa, dst, 15, 95, 10, XA_PRESENT), 8);
	for (unsigned int i = 0; i < 8; i++)
		EXPECT(dst[i] == xa_mk_value(20 + 10 * i));
	/* @n limits the copy. */
	EXPECT_EQ(xa_extract(&xa, dst, 0, ULONG_MAX, 3, XA_PRESENT), 3);
	EXPECT(dst[2] == xa_mk_value(20));
	EXPECT_EQ(xa_extract(&xa, dst, 0, ULONG_MAX, 10, XA_MARK_1), 2);
	EXPECT(dst[0] == xa_mk_value(50) && dst[1] == xa_mk_value(150));
	EXPECT_EQ(xa_extract(&xa, dst, 0, ULONG_MAX, 0, XA_PRESENT), 0);
	EXPECT_EQ(xa_extract(&xa, dst, 1000, ULONG_MAX, 10, XA_PRESENT), 0);
	xa_destroy(&xa);
}

TEST(xarray__dense_entries_take_one_leaf_per_64)
{
	/*
	 * N dense entries from 0 use ceil(N / 64) leaves plus their
	 * ancestors: 64^2 + 1 entries need 65 leaves, 2 nodes at shift 6
	 * and a root at shift 12.
	 */
	static const struct { unsigned long n, nodes; } cases[] = {
		{ 1, 0 }, { 2, 1 }, { 64, 1 }, { 65, 3 }, { 4096, 65 },
		{ 4097, 65 + 2 + 1 }, { 10000, 157 + 3 + 1 },
	};
	for (unsigned int c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		DEFINE_XARRAY(xa);

		for (unsigned long i = 0; i < cases[c].n; i++)
			xa_store(&xa, i, xa_mk_value(i), GFP_KERNEL);
		EXPECT_EQ(xa_test_count_nodes(xa.xa_head), cases[c].nodes);
		xa_rcu_barrier();
		EXPECT_EQ(xa_nodes_in_use(), cases[c].nodes);
		xa_destroy(&xa);
		xa_rcu_barrier();
		EXPECT_EQ(xa_nodes_in_use(), 0);
	}
	/* The node is 576 bytes on LP64, as Linux's: 9 bytes per dense entry. */
	if (sizeof(long) == 8)
		EXPECT_EQ(sizeof(struct xa_node), 576);
}

/*
 * An allocator that fails on demand, to reach the -ENOMEM paths: always,
 * or only for allocations that may not block (the XArray's GFP_NOWAIT
 * attempt under its lock), as a busy slab might.
 */
static enum { FAIL_NONE, FAIL_ALL, FAIL_NOWAIT } fail_mode;
static unsigned long nowait_failures;

static void *failing_alloc(gfp_t gfp, void *data)
{
	(void)data;
	if (fail_mode == FAIL_ALL)
		return NULL;
	if (fail_mode == FAIL_NOWAIT && !(gfp & __GFP_DIRECT_RECLAIM)) {
		nowait_failures++;
		return NULL;
	}
	return malloc(sizeof(struct xa_node));
}

static void plain_free(void *node, void *data)
{
	(void)data;
	free(node);
}

TEST(xarray__enomem_is_reported_and_leaves_the_array_intact)
{
	static const struct xa_node_allocator failing = {
		.alloc = failing_alloc, .free = plain_free,
	};
	DEFINE_XARRAY(xa);
	DEFINE_XARRAY_ALLOC(ida);
	uint32_t id;

	ASSERT(xa_set_node_allocator(&failing) == 0);
	fail_mode = FAIL_ALL;
	EXPECT_EQ(xa_err(xa_store(&xa, 1, xa_mk_value(1), GFP_KERNEL)), -ENOMEM);
	EXPECT(xa_empty(&xa));
	/* Index 0 needs no node. */
	EXPECT(xa_store(&xa, 0, xa_mk_value(0), GFP_KERNEL) == NULL);
	EXPECT_EQ(xa_insert(&xa, 1UL << 30, xa_mk_value(2), GFP_KERNEL), -ENOMEM);
	EXPECT_EQ(xa_reserve(&xa, 99, GFP_KERNEL), -ENOMEM);
	EXPECT_EQ(xa_alloc(&ida, &id, xa_mk_value(1), xa_limit_32b, GFP_KERNEL), 0);
	EXPECT_EQ(xa_alloc(&ida, &id, xa_mk_value(1), xa_limit_32b, GFP_KERNEL),
		  -ENOMEM);
	EXPECT_EQ(xa_err(xa_store_range(&xa, 64, 200, &xa, GFP_KERNEL)), -ENOMEM);
	EXPECT(xa_load(&xa, 0) == xa_mk_value(0));
	EXPECT(xa_load(&xa, 100) == NULL);

	/*
	 * Under the lock the XArray tries GFP_NOWAIT; when that fails it
	 * drops the lock, allocates one node with the caller's gfp and tries
	 * again: a store needing 11 nodes gets there one node per round.
	 */
	fail_mode = FAIL_NOWAIT;
	nowait_failures = 0;
	EXPECT_EQ(xa_err(xa_store(&xa, 1UL << 30, xa_mk_value(3), GFP_KERNEL)), 0);
	EXPECT(xa_load(&xa, 1UL << 30) == xa_mk_value(3));
	EXPECT_EQ(xa_test_count_nodes(xa.xa_head), 11);
	EXPECT_EQ(nowait_failures, 11);
	/* A caller that cannot block gets -ENOMEM. */
	EXPECT_EQ(xa_err(xa_store(&xa, 1UL << 20, xa_mk_value(4), GFP_NOWAIT)),
		  -ENOMEM);
	fail_mode = FAIL_NONE;
	/* Nodes exist: the allocator cannot change under them. */
	EXPECT_EQ(xa_set_node_allocator(NULL), -EBUSY);
	xa_destroy(&xa);
	xa_destroy(&ida);
	EXPECT_EQ(xa_set_node_allocator(NULL), 0);
}

TEST(xarray__alloc_flags_and_limits)
{
	DEFINE_XARRAY_ALLOC(xa);
	DEFINE_XARRAY_ALLOC1(xa1);
	DEFINE_XARRAY(plain);
	uint32_t id = 99;

	EXPECT_EQ(xa_alloc(&plain, &id, xa_mk_value(0), xa_limit_32b, GFP_KERNEL),
		  -EINVAL);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(0), xa_limit_32b, GFP_KERNEL), 0);
	EXPECT_EQ(id, 0);
	EXPECT_EQ(xa_alloc(&xa1, &id, xa_mk_value(0), xa_limit_32b, GFP_KERNEL), 0);
	EXPECT_EQ(id, 1);
	for (uint32_t i = 1; i < 200; i++) {
		EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(i), xa_limit_32b, GFP_KERNEL), 0);
		EXPECT_EQ(id, i);
	}
	/* The lowest free id is reused. */
	xa_erase(&xa, 77);
	EXPECT_EQ(xa_alloc(&xa, &id, NULL, xa_limit_32b, GFP_KERNEL), 0);
	EXPECT_EQ(id, 77);
	/* NULL was stored as a reservation: loads NULL, the id stays busy. */
	EXPECT(xa_load(&xa, 77) == NULL);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(1), XA_LIMIT(77, 77), GFP_KERNEL),
		  -EBUSY);
	/* A full range is -EBUSY and stores nothing. */
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(1), XA_LIMIT(10, 20), GFP_KERNEL),
		  -EBUSY);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(1), XA_LIMIT(1000, 1001), GFP_KERNEL),
		  0);
	EXPECT_EQ(id, 1000);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(1), XA_LIMIT(5, 4), GFP_KERNEL),
		  -EBUSY);
	/* The top of the 32-bit range. */
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(2), XA_LIMIT(UINT_MAX, UINT_MAX),
			   GFP_KERNEL), 0);
	EXPECT_EQ(id, UINT_MAX);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(2), XA_LIMIT(UINT_MAX, UINT_MAX),
			   GFP_KERNEL), -EBUSY);
	/* Storing NULL in an allocating array keeps the index allocated. */
	xa_store(&xa, 5, NULL, GFP_KERNEL);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(5), XA_LIMIT(5, 5), GFP_KERNEL),
		  -EBUSY);
	xa_erase(&xa, 5);
	EXPECT_EQ(xa_alloc(&xa, &id, xa_mk_value(5), XA_LIMIT(5, 5), GFP_KERNEL), 0);
	xa_destroy(&xa);
	xa_destroy(&xa1);
	/* After destroy an ALLOC1 array starts at 1 again. */
	EXPECT_EQ(xa_alloc(&xa1, &id, xa_mk_value(0), xa_limit_32b, GFP_KERNEL), 0);
	EXPECT_EQ(id, 1);
	xa_erase(&xa1, 1);
	EXPECT(xa_empty(&xa1));
	EXPECT_EQ(xa_alloc(&xa1, &id, xa_mk_value(0), xa_limit_32b, GFP_KERNEL), 0);
	EXPECT_EQ(id, 1);
	xa_destroy(&xa1);
}

TEST(xarray__alloc_cyclic_wraps_and_reports_it)
{
	DEFINE_XARRAY_ALLOC(xa);
	uint32_t id, next = 0;

	for (uint32_t i = 0; i < 5; i++) {
		EXPECT_EQ(xa_alloc_cyclic(&xa, &id, xa_mk_value(i), XA_LIMIT(0, 4),
					  &next, GFP_KERNEL), 0);
		EXPECT_EQ(id, i);
	}
	EXPECT_EQ(next, 5);
	EXPECT_EQ(xa_alloc_cyclic(&xa, &id, xa_mk_value(9), XA_LIMIT(0, 4),
				  &next, GFP_KERNEL), -EBUSY);
	xa_erase(&xa, 2);
	/* Cyclic: does not reuse 2 before wrapping; it wraps to find it. */
	EXPECT_EQ(xa_alloc_cyclic(&xa, &id, xa_mk_value(9), XA_LIMIT(0, 4),
				  &next, GFP_KERNEL), 1);
	EXPECT_EQ(id, 2);
	EXPECT_EQ(next, 3);
	xa_destroy(&xa);

	/* Wrapping past UINT_MAX: the next allocation reports the wrap. */
	next = UINT_MAX;
	EXPECT_EQ(xa_alloc_cyclic(&xa, &id, xa_mk_value(1), xa_limit_32b, &next,
				  GFP_KERNEL), 0);
	EXPECT_EQ(id, UINT_MAX);
	EXPECT_EQ(next, 0);
	EXPECT_EQ(xa_alloc_cyclic(&xa, &id, xa_mk_value(1), xa_limit_32b, &next,
				  GFP_KERNEL), 1);
	EXPECT_EQ(id, 0);
	EXPECT_EQ(xa_alloc_cyclic(&xa, &id, xa_mk_value(1), xa_limit_32b, &next,
				  GFP_KERNEL), 0);
	EXPECT_EQ(id, 1);
	xa_destroy(&xa);
}

TEST(xarray__init_and_locks)
{
	struct xarray xa;
	unsigned long flags;

	xa_init_flags(&xa, XA_FLAGS_ALLOC | XA_FLAGS_LOCK_IRQ);
	EXPECT(xa_empty(&xa));
	EXPECT(xa_marked(&xa, XA_FREE_MARK));
	xa_lock_irqsave(&xa, flags);
	EXPECT(!xa_trylock(&xa));
	__xa_store(&xa, 3, xa_mk_value(3), GFP_KERNEL);
	xa_unlock_irqrestore(&xa, flags);
	xa_lock_bh(&xa);
	EXPECT(__xa_erase(&xa, 3) == xa_mk_value(3));
	xa_unlock_bh(&xa);
	xa_lock_irq(&xa);
	xa_unlock_irq(&xa);
	xa_init(&xa);
	EXPECT(!xa_marked(&xa, XA_FREE_MARK));
	xa_destroy(&xa);
}

int main(void)
{
	RUN(xarray__store_load_erase_at_many_indices);
	RUN(xarray__index_zero_lives_in_the_head);
	RUN(xarray__internal_entries_are_refused);
	RUN(xarray__cmpxchg_stores_only_over_the_expected_entry);
	RUN(xarray__insert_is_ebusy_over_any_entry);
	RUN(xarray__reserved_entries_load_as_null_and_release);
	RUN(xarray__marks_propagate_up_the_tree);
	RUN(xarray__head_entry_marks_survive_growth);
	RUN(xarray__iteration_is_in_index_order);
	RUN(xarray__extract_copies_a_window);
	RUN(xarray__dense_entries_take_one_leaf_per_64);
	RUN(xarray__enomem_is_reported_and_leaves_the_array_intact);
	RUN(xarray__alloc_flags_and_limits);
	RUN(xarray__alloc_cyclic_wraps_and_reports_it);
	RUN(xarray__init_and_locks);
	return done();
}
