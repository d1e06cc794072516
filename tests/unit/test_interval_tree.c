// SPDX-License-Identifier: GPL-2.0
/*
 * mapping->i_mmap as an interval tree (mm/interval_tree.c): random
 * inserts, removals and range queries against a brute-force scan of the
 * same VMAs, the tree validated after every change; and the validator
 * failing on a range changed behind the tree's back.
 */
#include <mmsim/fs.h>
#include <mmsim/mm.h>

#include "../test.h"

#define NVMA	400

static struct vm_area_struct vmas[NVMA];
static bool linked[NVMA];
static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned long rnd(unsigned long n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)(rng % n);
}

static void set_range(struct vm_area_struct *v, pgoff_t pgoff,
		      unsigned long pages)
{
	v->vm_start = 0x10000000ULL + (u64)rnd(4096) * PAGE_SIZE;
	v->vm_end = v->vm_start + (u64)pages * PAGE_SIZE;
	v->vm_pgoff = pgoff;
}

static bool overlaps(const struct vm_area_struct *v, pgoff_t s, pgoff_t l)
{
	pgoff_t last = v->vm_pgoff + ((v->vm_end - v->vm_start) >> PAGE_SHIFT) - 1;

	return v->vm_pgoff <= l && s <= last;
}

TEST(interval_tree__matches_brute_force)
{
	struct rb_root root = RB_ROOT;
	const char *why;

	for (int step = 0; step < 20000; step++) {
		int i = (int)rnd(NVMA);

		if (!linked[i]) {
			/* Many VMAs start at the same few offsets: ties. */
			set_range(&vmas[i], rnd(8) == 0 ? 100 : rnd(2000),
				  1 + rnd(rnd(4) == 0 ? 600 : 20));
			vma_interval_tree_insert(&vmas[i], &root);
			linked[i] = true;
		} else {
			vma_interval_tree_remove(&vmas[i], &root);
			linked[i] = false;
		}
		if (vma_interval_tree_validate(&root, &why)) {
			FAIL_AT("step %d: %s", step, why);
			return;
		}

		/* A random query: same set, in vm_pgoff order, each once. */
		pgoff_t s = rnd(2600), l = s + rnd(rnd(2) ? 4 : 300);
		int expect = 0, got = 0;
		pgoff_t prev = 0;
		struct vm_area_struct *v;

		for (int j = 0; j < NVMA; j++)
			expect += linked[j] && overlaps(&vmas[j], s, l);
		vma_interval_tree_foreach(v, &root, s, l) {
			int j = (int)(v - vmas);

			if (!linked[j] || !overlaps(v, s, l) || v->vm_pgoff < prev) {
				FAIL_AT("step %d: query [%lu, %lu] returned vma %d (pgoff %lu)",
					step, s, l, j, v->vm_pgoff);
				return;
			}
			prev = v->vm_pgoff;
			got++;
		}
		if (got != expect) {
			FAIL_AT("step %d: query [%lu, %lu]: %d VMAs, brute force %d",
				step, s, l, got, expect);
			return;
		}
	}
	for (int j = 0; j < NVMA; j++)
		if (linked[j]) {
			vma_interval_tree_remove(&vmas[j], &root);
			linked[j] = false;
		}
	EXPECT(RB_EMPTY_ROOT(&root));
}

TEST(interval_tree__validate_catches_a_range_changed_behind_its_back)
{
	struct vm_area_struct a[3];
	struct rb_root root = RB_ROOT;
	const char *why;

	memset(a, 0, sizeof(a));
	for (int i = 0; i < 3; i++) {
		set_range(&a[i], (pgoff_t)i * 10, 5);
		vma_interval_tree_insert(&a[i], &root);
	}
	EXPECT_EQ(vma_interval_tree_validate(&root, &why), 0);
	/* Growing a VMA without remove/insert: queries would miss it. */
	a[0].vm_end += 50 * PAGE_SIZE;
	EXPECT_EQ(vma_interval_tree_validate(&root, &why), -1);
	EXPECT(why && strstr(why, "stale"));
	a[0].vm_end -= 50 * PAGE_SIZE;
	EXPECT_EQ(vma_interval_tree_validate(&root, &why), 0);
	/* A new vm_pgoff out of order. */
	a[2].vm_pgoff = 0;
	EXPECT_EQ(vma_interval_tree_validate(&root, &why), -1);
}

int main(void)
{
	RUN(interval_tree__matches_brute_force);
	RUN(interval_tree__validate_catches_a_range_changed_behind_its_back);
	return done();
}
