/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP helpers for the XArray library's tests, which include nothing of
 * mmsim but <mmsim/xarray.h> (tests/test.h brings in the machine).
 * The same TEST/RUN/EXPECT macros as tests/test.h, plus a node-counting
 * allocator: every test ends by checking that its nodes all went back.
 */
#ifndef MMSIM_TESTS_XA_TEST_H
#define MMSIM_TESTS_XA_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/xarray.h>

static int t_run, t_failed, t_cur_failed;
static const char *t_cur;

#define TEST(name) static void name(void)

#define RUN(name)							\
	do {								\
		t_cur = #name;						\
		t_cur_failed = 0;					\
		name();							\
		xa_test_leak_check();					\
		t_run++;						\
		if (t_cur_failed)					\
			t_failed++;					\
		printf("%s %d - %s\n", t_cur_failed ? "not ok" : "ok",	\
		       t_run, #name);					\
		fflush(stdout);						\
	} while (0)

#define FAIL_AT(...)							\
	do {								\
		t_cur_failed = 1;					\
		printf("# %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	} while (0)

#define EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			FAIL_AT("expected %s", #cond);			\
	} while (0)

#define EXPECT_EQ(a, b)							\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (__a != __b)						\
			FAIL_AT("%s == %s: 0x%llx (%llu) != 0x%llx (%llu)", \
				#a, #b, __a, __a, __b, __b);		\
	} while (0)

#define ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			FAIL_AT("assertion %s", #cond);			\
			return;						\
		}							\
	} while (0)

/* Every node must be back once a test has destroyed its arrays. */
static inline void xa_test_leak_check(void)
{
	xa_rcu_barrier();
	if (xa_nodes_in_use())
		FAIL_AT("%lu xarray nodes leaked", xa_nodes_in_use());
}

static inline int done(void)
{
	printf("1..%d\n", t_run);
	printf("%d passed, %d failed\n", t_run - t_failed, t_failed);
	return t_failed ? 1 : 0;
}

/* Count nodes in the tree by walking it (locked or quiescent only). */
static inline unsigned long xa_test_count_nodes(const void *entry)
{
	const struct xa_node *node;
	unsigned long n = 1;

	if (!xa_is_node(entry))
		return 0;
	node = xa_to_node(entry);
	if (!node->shift)
		return 1;
	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++)
		n += xa_test_count_nodes(node->slots[i]);
	return n;
}

#endif /* MMSIM_TESTS_XA_TEST_H */
