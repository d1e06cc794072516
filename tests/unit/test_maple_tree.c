// SPDX-License-Identifier: GPL-2.0
/*
 * The maple tree (lib/maple_tree*.c) against a brute-force model: a
 * sorted array of ranges. Random stores (overwriting, cutting and
 * erasing ranges), inserts and erases, each followed by mt_validate()
 * and a comparison of every entry; random lookups (mtree_load, mt_find,
 * mas_walk with its gap range, mas_next, mas_prev, mas_find_rev) and gap
 * searches (mas_empty_area, mas_empty_area_rev) give the model's answer.
 * Then: an iteration that erases as it goes, node splits and merges in
 * ascending and descending order, the argument errors, and a checker
 * that fails on a corrupted node.
 */
#include <errno.h>

#include <mmsim/maple_tree.h>

#include "../test.h"
#include "random_helpers.h"

/* ---- the model ------------------------------------------------------- */

struct mrange {
	u64 first, last;
	void *entry;
};

#define MAXR	4096
static struct mrange model[MAXR];
static int nmodel;

/* Index of the first range ending at or above @key (nmodel if none). */
static int model_find(u64 key)
{
	int lo = 0, hi = nmodel;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (model[mid].last >= key)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void model_insert_at(int i, u64 first, u64 last, void *entry)
{
	memmove(&model[i + 1], &model[i], (size_t)(nmodel - i) * sizeof(model[0]));
	model[i] = (struct mrange){ first, last, entry };
	nmodel++;
}

static void model_remove_at(int i)
{
	memmove(&model[i], &model[i + 1],
		(size_t)(nmodel - i - 1) * sizeof(model[0]));
	nmodel--;
}

/* Store semantics: overlapped parts of old ranges go, then the new one. */
static void model_store(u64 first, u64 last, void *entry)
{
	int i = model_find(first);

	while (i < nmodel && model[i].first <= last) {
		struct mrange old = model[i];

		model_remove_at(i);
		if (old.last > last)
			model_insert_at(i, last + 1, old.last, old.entry);
		if (old.first < first)
			model_insert_at(i++, old.first, first - 1, old.entry);
	}
	if (entry)
		model_insert_at(model_find(first), first, last, entry);
}

static bool model_overlaps(u64 first, u64 last)
{
	int i = model_find(first);

	return i < nmodel && model[i].first <= last;
}

/* The free ranges in order: [gs[k], ge[k]], k < ngaps. */
static int model_gaps(u64 *gs, u64 *ge)
{
	int n = 0;
	u64 next = 0;
	bool open = true;	/* next is a valid start */

	for (int i = 0; i < nmodel; i++) {
		if (open && model[i].first > next) {
			gs[n] = next;
			ge[n++] = model[i].first - 1;
		}
		open = model[i].last != U64_MAX;
		next = model[i].last + 1;
	}
	if (open) {
		gs[n] = next;
		ge[n++] = U64_MAX;
	}
	return n;
}

static bool clip(u64 *gs, u64 *ge, u64 min, u64 max, u64 size)
{
	if (*gs < min)
		*gs = min;
	if (*ge > max)
		*ge = max;
	return *gs <= *ge && *ge - *gs >= size - 1;
}

/* mas_empty_area{,_rev} by brute force: the found range's first index. */
static int model_empty(u64 min, u64 max, u64 size, bool rev, u64 *first)
{
	static u64 gs[MAXR + 1], ge[MAXR + 1];
	int n = model_gaps(gs, ge);

	for (int k = 0; k < n; k++) {
		int j = rev ? n - 1 - k : k;
		u64 s = gs[j], e = ge[j];

		if (clip(&s, &e, min, max, size)) {
			*first = rev ? e - (size - 1) : s;
			return 0;
		}
	}
	return -EBUSY;
}

/* ---- comparing ------------------------------------------------------- */

static int compare(struct maple_tree *mt, int step)
{
	MA_STATE(mas, mt, 0, 0);
	const char *why = "";
	void *e;
	int n, i = 0, bad = 0;

	n = mt_validate(mt, &why);
	if (n < 0) {
		printf("# step %d: mt_validate: %s\n", step, why);
		return 1;
	}
	if (n != nmodel) {
		printf("# step %d: %d entries, model %d\n", step, n, nmodel);
		return 1;
	}
	mas_for_each(&mas, e, U64_MAX) {
		if (i >= nmodel || e != model[i].entry ||
		    mas.index != model[i].first || mas.last != model[i].last)
			bad++;
		i++;
	}
	if (bad || i != nmodel) {
		printf("# step %d: %d entries differ (%d walked)\n", step, bad, i);
		return 1;
	}
	return 0;
}

static u64 space;	/* indices used: [0, space), plus the top of u64 */

static u64 rnd_index(void)
{
	switch (rnd() % 16) {
	case 0:
		return U64_MAX - rnd() % 64;
	case 1:
		return rnd() % 64;
	default:
		return rnd() % space;
	}
}

static int lookups(struct maple_tree *mt, int step)
{
	int bad = 0;

	for (int q = 0; q < 6; q++) {
		u64 key = rnd_index(), idx = key;
		int i = model_find(key);
		struct mrange *want = i < nmodel ? &model[i] : NULL;
		bool inside = want && want->first <= key;
		void *got;
		MA_STATE(mas, mt, key, key);

		got = mtree_load(mt, key);
		bad += got != (inside ? want->entry : NULL);
		got = mt_find(mt, &idx, U64_MAX);
		bad += got != (want ? want->entry : NULL);
		if (want)
			bad += idx != want->last + 1;
		/* mas_walk: the entry's range or the whole gap around key. */
		got = mas_walk(&mas);
		if (inside) {
			bad += got != want->entry || mas.index != want->first ||
			       mas.last != want->last;
		} else {
			u64 lo = i ? model[i - 1].last + 1 : 0;
			u64 hi = want ? want->first - 1 : U64_MAX;

			bad += got || mas.index != lo || mas.last != hi;
		}
		/* mas_next / mas_prev around the walked range. */
		got = mas_next(&mas, U64_MAX);
		{
			int j = inside ? i + 1 : i;

			bad += got != (j < nmodel ? model[j].entry : NULL);
		}
		mas_set(&mas, key);
		got = mas_prev(&mas, 0);
		bad += got != (i ? model[i - 1].entry : NULL);
		if (got && i >= 2) {	/* and one more step back */
			got = mas_prev(&mas, 0);
			bad += got != model[i - 2].entry;
		}
		/* mas_find_rev: the last entry starting at or below key. */
		mas_set(&mas, key);
		got = mas_find_rev(&mas, 0);
		{
			int j = inside ? i : i - 1;

			bad += got != (j >= 0 ? model[j].entry : NULL);
		}
		if (bad) {
			printf("# step %d: lookups around 0x%llx wrong\n", step,
			       (unsigned long long)key);
			return bad;
		}
	}
	return 0;
}

static int gap_searches(struct maple_tree *mt, int step)
{
	for (int q = 0; q < 4; q++) {
		MA_STATE(mas, mt, 0, 0);
		u64 a = rnd_index(), b = rnd_index(), size, want = 0;
		u64 min = a < b ? a : b, max = a < b ? b : a;
		bool rev = q & 1;
		int err, werr;

		size = 1 + (rnd() % 4 ? rnd() % 64 : rnd() % (space / 8 + 1));
		if (rnd() % 8 == 0) {
			min = 0;
			max = U64_MAX;
		}
		err = rev ? mas_empty_area_rev(&mas, min, max, size) :
			    mas_empty_area(&mas, min, max, size);
		werr = model_empty(min, max, size, rev, &want);
		if (err != werr || (!err && (mas.index != want ||
					     mas.last != want + size - 1))) {
			printf("# step %d: empty_area%s(0x%llx, 0x%llx, %llu) = %d 0x%llx, model %d 0x%llx\n",
			       step, rev ? "_rev" : "",
			       (unsigned long long)min, (unsigned long long)max,
			       (unsigned long long)size, err,
			       (unsigned long long)mas.index, werr,
			       (unsigned long long)want);
			return 1;
		}
	}
	return 0;
}

/* Entries are never dereferenced: any non-NULL pointer value does. */
static void *entry_of(u64 k)
{
	return (void *)(uintptr_t)((k << 3) | 8);
}

static void random_ops(u64 seed, u64 sp, int steps, int *bad_tree,
		       int *bad_lookup, int *bad_gap, int *max_n)
{
	DEFINE_MTREE(mt);

	rng = seed;
	space = sp;
	nmodel = 0;
	for (int step = 0; step < steps; step++) {
		u64 first = rnd_index(), len, last;
		unsigned int op = rnd() % 16;
		void *e = entry_of((u64)step);
		int err;

		/* Grow to about 1,000 ranges, then hover. */
		bool grow = rnd() % 2400 > (u64)nmodel;

		len = rnd() % 16;
		if (rnd() % (grow ? 64 : 8) == 0)	/* sometimes very long */
			len = rnd() % (space / 16 + 1);
		last = first + len < first ? U64_MAX : first + len;
		op = grow ? op % 9 : 9 + op % 7;
		if (op < 6) {		/* store over whatever is there */
			if (nmodel + 2 >= MAXR)
				continue;
			err = mtree_store_range(&mt, first, last, e, GFP_KERNEL);
			*bad_tree += err != 0;
			model_store(first, last, e);
		} else if (op < 9) {	/* insert: only into free space */
			bool busy = model_overlaps(first, last);

			if (nmodel + 1 >= MAXR)
				continue;
			err = mtree_insert_range(&mt, first, last, e, GFP_KERNEL);
			*bad_tree += err != (busy ? -EEXIST : 0);
			if (!busy)
				model_store(first, last, e);
		} else if (op < 12) {	/* store NULL: empty a range */
			err = mtree_store_range(&mt, first, last, NULL, GFP_KERNEL);
			*bad_tree += err != 0;
			model_store(first, last, NULL);
		} else if (nmodel) {	/* erase one whole entry */
			struct mrange r = model[rnd() % (u64)nmodel];
			u64 at = r.first + rnd() % (r.last - r.first + 1);

			*bad_tree += mtree_erase(&mt, at) != r.entry;
			model_store(r.first, r.last, NULL);
		}
		if (nmodel > *max_n)
			*max_n = nmodel;
		*bad_tree += compare(&mt, step);
		*bad_lookup += lookups(&mt, step);
		*bad_gap += gap_searches(&mt, step);
		if (*bad_tree + *bad_lookup + *bad_gap > 5)
			break;
	}
	mtree_destroy(&mt);
	EXPECT(mtree_empty(&mt));
}

TEST(maple_tree__random_ops_match_sorted_array_model)
{
	int bad_tree = 0, bad_lookup = 0, bad_gap = 0, max_n = 0;

	/* A dense space (stores overlap and cut) and a sparse one. */
	random_ops(0x9e3779b97f4a7c15ULL, 20000, 12000, &bad_tree,
		   &bad_lookup, &bad_gap, &max_n);
	random_ops(0x2545f4914f6cdd1dULL, 1ULL << 40, 12000, &bad_tree,
		   &bad_lookup, &bad_gap, &max_n);
	EXPECT_EQ(bad_tree, 0);
	EXPECT_EQ(bad_lookup, 0);
	EXPECT_EQ(bad_gap, 0);
	if (max_n < 800)
		printf("# only %d ranges at most\n", max_n);
	EXPECT(max_n >= 800);	/* three levels or more */
}

/* Ascending then descending inserts and erases: every split and merge. */
TEST(maple_tree__ordered_inserts_and_erases_keep_the_btree_bounds)
{
	DEFINE_MTREE(mt);
	const char *why = "";
	int bad = 0;

	for (int dir = 0; dir < 2; dir++) {
		for (u64 k = 0; k < 3000; k++) {
			u64 i = dir ? 2999 - k : k;

			bad += mtree_insert_range(&mt, i * 4, i * 4 + 2,
						  entry_of(i), GFP_KERNEL) != 0;
			bad += mt_validate(&mt, &why) != (int)k + 1;
		}
		/* 3,000 entries, 15-way nodes at least half full: 5 levels. */
		EXPECT(mt.ma_height >= 3 && mt.ma_height <= 5);
		for (u64 k = 0; k < 3000; k++) {
			u64 i = dir ? k : 2999 - k;

			bad += mtree_erase(&mt, i * 4 + 1) != entry_of(i);
			bad += mt_validate(&mt, &why) != 2999 - (int)k;
		}
		EXPECT(mtree_empty(&mt));
		EXPECT_EQ(mt.ma_height, 0);
	}
	if (bad)
		printf("# %s\n", why);
	EXPECT_EQ(bad, 0);
	mtree_destroy(&mt);
}

/* The VMA loops erase the entry they are on (exit_mmap, munmap). */
TEST(maple_tree__iteration_survives_erasing_the_current_entry)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 0, 0);
	const char *why = "";
	u64 seen = 0, expect = 0;
	void *e;

	for (u64 i = 0; i < 500; i++)
		EXPECT_EQ(mtree_insert_range(&mt, i * 10, i * 10 + 4,
					     entry_of(i), GFP_KERNEL), 0);
	mas_for_each(&mas, e, U64_MAX) {
		if (e != entry_of(expect))
			break;
		if (expect % 2 == 0)
			mtree_erase(&mt, mas.index);
		seen++;
		expect++;
	}
	EXPECT_EQ(seen, 500);
	EXPECT_EQ(mt_validate(&mt, &why), 250);
	/* mas_find with a bound stops at it; mas_prev walks back. */
	mas_set(&mas, 0);
	EXPECT(mas_find(&mas, 15) == entry_of(1));
	EXPECT(mas_find(&mas, 15) == NULL);
	mas_set(&mas, 4999);
	EXPECT(mas_find_rev(&mas, 0) == entry_of(499));
	EXPECT(mas_prev(&mas, 0) == entry_of(497));
	mtree_destroy(&mt);
}

TEST(maple_tree__bad_arguments_are_refused)
{
	DEFINE_MTREE(mt);
	MA_STATE(mas, &mt, 0, 0);

	EXPECT_EQ(mtree_store_range(&mt, 5, 4, entry_of(1), GFP_KERNEL),
		  -EINVAL);
	EXPECT_EQ(mtree_insert_range(&mt, 5, 6, NULL, GFP_KERNEL), -EINVAL);
	EXPECT_EQ(mas_empty_area(&mas, 0, 10, 0), -EINVAL);
	EXPECT_EQ(mas_empty_area_rev(&mas, 10, 0, 1), -EINVAL);
	EXPECT_EQ(mas_empty_area(&mas, 0, 9, 11), -EBUSY);
	/* An empty tree: the whole space is one gap. */
	EXPECT_EQ(mas_empty_area_rev(&mas, 0, U64_MAX, 16), 0);
	EXPECT_EQ(mas.last, U64_MAX);
	EXPECT(mtree_load(&mt, 3) == NULL);
	EXPECT(mtree_erase(&mt, 3) == NULL);
	EXPECT(mtree_empty(&mt));
	mtree_destroy(&mt);
}

/* A leaf and an internal node, to corrupt. */
static struct maple_node *some_internal(struct maple_tree *mt)
{
	return mt->ma_root && !mt->ma_root->leaf ? mt->ma_root : NULL;
}

static struct maple_node *some_leaf(struct maple_tree *mt)
{
	struct maple_node *n = mt->ma_root;

	while (n && !n->leaf)
		n = n->slot[n->count / 2];
	return n;
}

static bool fails_with(struct maple_tree *mt, const char *part)
{
	const char *why = "";

	return mt_validate(mt, &why) == -EUCLEAN && strstr(why, part);
}

TEST(maple_tree__validate_catches_corrupted_nodes)
{
	DEFINE_MTREE(mt);
	struct maple_node *in, *leaf;
	const char *why = "";
	u64 save;
	unsigned char c;
	void *p;

	for (u64 i = 0; i < 400; i++)
		EXPECT_EQ(mtree_insert_range(&mt, i * 100 + (i % 5) * 10,
					     i * 100 + 50, entry_of(i),
					     GFP_KERNEL), 0);
	ASSERT(mt_validate(&mt, &why) == 400);
	in = some_internal(&mt);
	leaf = some_leaf(&mt);
	ASSERT(in && leaf && leaf->count >= 3);

	save = in->gap[1];	/* a stale per-child gap */
	in->gap[1] = save + 1;
	EXPECT(fails_with(&mt, "gap differs"));
	in->gap[1] = save;

	save = in->pivot[0];	/* a stale pivot */
	in->pivot[0] = save - 1;
	EXPECT(fails_with(&mt, "pivot or min"));
	in->pivot[0] = save;

	save = leaf->min[2];	/* two entries overlapping */
	leaf->min[2] = leaf->pivot[1];
	EXPECT(fails_with(&mt, "overlap"));
	leaf->min[2] = save;

	save = leaf->pivot[1];	/* a range reversed */
	leaf->pivot[1] = leaf->min[1] - 1;
	EXPECT(fails_with(&mt, "reversed"));
	leaf->pivot[1] = save;

	c = leaf->count;	/* a leaf under half full */
	leaf->count = MAPLE_MIN_SLOTS - 1;
	EXPECT(fails_with(&mt, "fill"));
	leaf->count = c;

	p = leaf->slot[0];	/* a NULL entry */
	leaf->slot[0] = NULL;
	EXPECT(fails_with(&mt, "NULL slot"));
	leaf->slot[0] = p;

	mt.ma_height++;		/* leaves at the wrong depth */
	EXPECT(fails_with(&mt, "depth"));
	mt.ma_height--;

	EXPECT_EQ(mt_validate(&mt, &why), 400);
	mtree_destroy(&mt);
}

int main(void)
{
	RUN(maple_tree__random_ops_match_sorted_array_model);
	RUN(maple_tree__ordered_inserts_and_erases_keep_the_btree_bounds);
	RUN(maple_tree__iteration_survives_erasing_the_current_entry);
	RUN(maple_tree__bad_arguments_are_refused);
	RUN(maple_tree__validate_catches_corrupted_nodes);
	return done();
}
