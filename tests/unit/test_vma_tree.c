// SPDX-License-Identifier: GPL-2.0
/*
 * The VMA tree (mm/vma_tree.c) and its users in mm/vma.c and mm/mmap.c,
 * checked against a brute-force model: a sorted array of ranges.
 *
 * Random vma_link / vma_unlink on a bare mm; after every step the tree's
 * in-order walk, the list and the model agree, each entry's range is its
 * VMA's, the largest gap the root's summaries give is the model's, the
 * height stays within the B-tree bound, mt_validate() passes, and
 * random find_vma / find_vma_prev / vm_unmapped_area (top-down and
 * bottom-up, with and without alignment) give the model's answer.
 *
 * Then the edits on a real process: adjacent compatible mappings merge
 * (on either side and across), incompatible ones do not, and a VMA split
 * at each of its pages keeps its ranges, pgoffs, pages and tree right
 * and merges back whole. Each test ends with a leak check.
 */
#include "proc_helpers.h"
#include "random_helpers.h"

/* ---- the model ------------------------------------------------------- */

struct range {
	u64 start, end;
	bool stack;			/* VM_GROWSDOWN: a guard gap below */
	struct vm_area_struct *vma;
};

#define MAXV	1500
static struct range model[MAXV];
static int nmodel;

static u64 model_start_gap(const struct range *r)
{
	if (!r->stack)
		return r->start;
	return r->start > stack_guard_gap ? r->start - stack_guard_gap : 0;
}

/* Index of the first range ending above @addr (nmodel if none). */
static int model_find(u64 addr)
{
	int lo = 0, hi = nmodel;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (model[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static bool model_overlaps(u64 start, u64 end)
{
	int i = model_find(start);

	return i < nmodel && model[i].start < end;
}

static void model_insert(const struct range *r)
{
	int i = model_find(r->start);

	memmove(&model[i + 1], &model[i], (size_t)(nmodel - i) * sizeof(*r));
	model[i] = *r;
	nmodel++;
}

static void model_erase(int i)
{
	memmove(&model[i], &model[i + 1], (size_t)(nmodel - i - 1) *
		sizeof(model[0]));
	nmodel--;
}

/*
 * vm_unmapped_area() by brute force, as Linux defines it: the highest
 * (top-down) or lowest (bottom-up) gap between neighbours, the stack
 * guard counted as used, whose part within the limits holds length +
 * align_mask; in it, the highest / lowest aligned address.
 */
static bool fit(u64 gs, u64 ge, const struct vm_unmapped_area_info *info,
		bool topdown, u64 *out)
{
	u64 need = info->length + info->align_mask;

	if (gs < info->low_limit)
		gs = info->low_limit;
	if (ge > info->high_limit)
		ge = info->high_limit;
	if (ge <= gs || ge - gs < need)
		return false;
	if (topdown)
		*out = (ge - info->length) & ~info->align_mask;
	else
		*out = (gs + info->align_mask) & ~info->align_mask;
	return true;
}

static u64 model_unmapped_area(u64 task_size,
			       const struct vm_unmapped_area_info *info)
{
	bool topdown = info->flags & VM_UNMAPPED_AREA_TOPDOWN;
	u64 addr;

	for (int k = 0; k <= nmodel; k++) {
		int i = topdown ? nmodel - k : k;	/* gap below model[i] */
		u64 gs = i ? model[i - 1].end : 0;
		u64 ge = i < nmodel ? model_start_gap(&model[i]) : task_size;

		if (fit(gs, ge, info, topdown, &addr))
			return addr;
	}
	return -(u64)ENOMEM;
}

/* ---- independent tree checks ------------------------------------------ */

struct walk {
	struct vm_area_struct *nodes[MAXV];
	int n;
	int bad_range;
};

/* The tree's entries in order, through the maple tree's own iterator. */
static void inorder(struct mm_struct *mm, struct walk *w)
{
	MA_STATE(mas, &mm->mm_mt, 0, 0);
	struct vm_area_struct *v;

	mas_for_each(&mas, v, U64_MAX) {
		if (w->n < MAXV)
			w->nodes[w->n] = v;
		if (mas.index != v->vm_start || mas.last != v->vm_end - 1)
			w->bad_range++;
		w->n++;
	}
}

/*
 * The B-tree bound: the root has 2 children or more, every other node
 * MAPLE_MIN_SLOTS, so height h holds at least 2 * MIN^(h-1) entries.
 */
static unsigned int max_height(int n)
{
	unsigned int h = 1;
	u64 least = 2 * MAPLE_MIN_SLOTS;	/* entries at height 2 */

	while ((u64)n >= least) {
		h++;
		least *= MAPLE_MIN_SLOTS;
	}
	return h;
}

/* Recompute the largest gap between neighbours from the model. */
static u64 model_max_gap(void)
{
	u64 g = 0;

	for (int i = 1; i < nmodel; i++)
		if (model[i].start - model[i - 1].end > g)
			g = model[i].start - model[i - 1].end;
	return g;
}

/* The largest gap the root's summaries give (what a search prunes by). */
static u64 tree_max_gap(struct mm_struct *mm)
{
	const struct maple_node *n = mm->mm_mt.ma_root;
	u64 g = 0;

	if (!n)
		return 0;
	for (int i = 0; i < n->count; i++) {
		if (!n->leaf && n->gap[i] > g)
			g = n->gap[i];
		if (i && n->min[i] - n->pivot[i - 1] - 1 > g)
			g = n->min[i] - n->pivot[i - 1] - 1;
	}
	return g;	/* min - (pivot + 1): start - end, in bytes */
}

/* Every structural check; returns the number of failures (and says). */
static int check_tree(struct mm_struct *mm, int step)
{
	static struct walk w;
	struct vm_area_struct *v;
	const char *why = "";
	int bad = 0, i = 0;
	unsigned int h;

	w.n = 0;
	w.bad_range = 0;
	inorder(mm, &w);
	if (w.n != nmodel || mm->map_count != nmodel) {
		printf("# step %d: tree %d, map_count %d, model %d\n", step,
		       w.n, mm->map_count, nmodel);
		return 1;
	}
	for (i = 0; i < nmodel; i++)
		if (w.nodes[i] != model[i].vma)
			bad++;
	i = 0;
	for_each_vma(mm, v) {
		if (i >= nmodel || v != model[i].vma ||
		    (v->vm_prev != (i ? model[i - 1].vma : NULL)))
			bad++;
		i++;
	}
	if (bad)
		printf("# step %d: %d nodes out of order\n", step, bad);
	if (w.bad_range) {
		printf("# step %d: %d stale ranges\n", step, w.bad_range);
		bad++;
	}
	if (tree_max_gap(mm) != model_max_gap()) {
		printf("# step %d: largest gap 0x%llx, model 0x%llx\n", step,
		       (unsigned long long)tree_max_gap(mm),
		       (unsigned long long)model_max_gap());
		bad++;
	}
	h = mm->mm_mt.ma_height;
	if (h > max_height(nmodel)) {
		printf("# step %d: height %u for %d entries\n", step, h, nmodel);
		bad++;
	}
	if (mm->highest_vm_end != (nmodel ? model[nmodel - 1].end : 0)) {
		printf("# step %d: highest_vm_end 0x%llx\n", step,
		       (unsigned long long)mm->highest_vm_end);
		bad++;
	}
	if (vma_tree_validate(mm, &why)) {
		printf("# step %d: vma_tree_validate: %s\n", step, why);
		bad++;
	}
	return bad;
}

/* ---- random work on a bare mm ----------------------------------------- */

#define SPACE	(1ULL << 32)	/* the bare mm's task_size */

static struct mm_struct *bare_mm(struct machine *m)
{
	struct mm_struct *mm;

	if (!m->procs && proc_caches_init(m))
		return NULL;
	mm = mm_alloc();
	if (mm) {
		mm->task_size = SPACE;
		mm->mmap_base = SPACE / 2;
	}
	return mm;
}

static int lookups(struct mm_struct *mm, int step)
{
	int bad = 0;

	for (int q = 0; q < 8; q++) {
		u64 addr = rnd() % (SPACE + PAGE_SIZE);
		struct vm_area_struct *prev = (void *)1, *got, *want, *wprev;
		int i;

		if (q == 0 && nmodel)	/* a VMA's last byte and its end */
			addr = model[rnd() % (u64)nmodel].end - (rnd() & 1);
		i = model_find(addr);
		want = i < nmodel ? model[i].vma : NULL;
		wprev = i ? model[i - 1].vma : NULL;
		got = find_vma(mm, addr);
		if (got != want && bad++ < 3)
			printf("# step %d: find_vma(0x%llx) wrong\n", step,
			       (unsigned long long)addr);
		got = find_vma_prev(mm, addr, &prev);
		if ((got != want || prev != wprev) && bad++ < 3)
			printf("# step %d: find_vma_prev(0x%llx) wrong\n", step,
			       (unsigned long long)addr);
		/* The iterator: the same VMA, the next two, then back. */
		{
			VMA_ITERATOR(vmi, mm, addr);
			bool ok = vma_find(&vmi, U64_MAX) == want;

			if (want && i + 1 < nmodel)
				ok &= vma_next(&vmi) == model[i + 1].vma &&
				      vma_prev(&vmi) == want;
			if (!ok && bad++ < 3)
				printf("# step %d: vma iterator at 0x%llx wrong\n",
				       step, (unsigned long long)addr);
		}
		got = vma_lookup(mm, addr);
		if (got != (want && want->vm_start <= addr ? want : NULL) &&
		    bad++ < 3)
			printf("# step %d: vma_lookup(0x%llx) wrong\n", step,
			       (unsigned long long)addr);
	}
	return bad;
}

static int unmapped_areas(struct mm_struct *mm, int step)
{
	int bad = 0;

	for (int q = 0; q < 4; q++) {
		struct vm_unmapped_area_info info = { 0 };
		u64 a, b, got, want;

		info.flags = q & 1 ? VM_UNMAPPED_AREA_TOPDOWN : 0;
		/* Mostly small; sometimes larger than most gaps. */
		info.length = (1 + rnd() % (rnd() % 4 ? 8 : 4096)) << PAGE_SHIFT;
		info.align_mask = q >= 2 ? (((u64)1 << (rnd() % 6)) - 1)
					   << PAGE_SHIFT : 0;
		a = (rnd() % SPACE) & PAGE_MASK;
		b = (rnd() % SPACE) & PAGE_MASK;
		info.low_limit = a < b ? a : b;
		info.high_limit = a < b ? b : a;
		if (rnd() % 4 == 0) {
			info.low_limit = PAGE_SIZE;
			info.high_limit = SPACE;
		}
		got = vm_unmapped_area(mm, &info);
		want = model_unmapped_area(SPACE, &info);
		if (got != want) {
			if (bad++ < 3)
				printf("# step %d: vm_unmapped_area(len 0x%llx mask 0x%llx [0x%llx, 0x%llx) %s) = 0x%llx, model 0x%llx\n",
				       step, (unsigned long long)info.length,
				       (unsigned long long)info.align_mask,
				       (unsigned long long)info.low_limit,
				       (unsigned long long)info.high_limit,
				       info.flags ? "top-down" : "bottom-up",
				       (unsigned long long)got,
				       (unsigned long long)want);
			continue;
		}
		/* And the answer itself: free, aligned, within the limits. */
		if (!(got & ~PAGE_MASK) &&
		    ((got & info.align_mask) || got < info.low_limit ||
		     got + info.length > info.high_limit ||
		     model_overlaps(got, got + info.length)) && bad++ < 3)
			printf("# step %d: 0x%llx is not a free fit\n", step,
			       (unsigned long long)got);
	}
	return bad;
}

TEST(vma_tree__random_link_unlink_matches_sorted_array_model)
{
	struct machine *m = test_boot("x86_64", "256M");
	int bad_tree = 0, bad_lookup = 0, bad_area = 0, max_n = 0;
	unsigned long before;
	struct mm_struct *mm;

	ASSERT(m);
	machine_enter(m);
	mm = bare_mm(m);	/* the caches and zero page stay */
	ASSERT(mm);
	mmdrop(mm);
	before = free_pages_now();
	mm = bare_mm(m);
	ASSERT(mm);
	rng = 0x9e3779b97f4a7c15ULL;
	nmodel = 0;
	for (int step = 0; step < 12000; step++) {
		/* Grow to about 1000 VMAs, then hover there. */
		bool grow = nmodel < 8 || rnd() % 2400 > (u64)nmodel;
		struct range r = { 0 };

		if (grow && nmodel < MAXV) {
			/* Clustered: many neighbours touch or nearly do. */
			u64 base = (rnd() % 4 ? 0x40000000ULL : 0x1000000ULL) +
				   (rnd() % 0x800000ULL) * PAGE_SIZE /
				   (rnd() % 2 ? 64 : 1);

			r.start = base & PAGE_MASK;
			if (r.start < PAGE_SIZE)
				r.start = PAGE_SIZE;
			r.end = r.start + ((1 + rnd() % 16) << PAGE_SHIFT);
			r.stack = rnd() % 16 == 0;
			if (r.end > SPACE || model_overlaps(r.start, r.end))
				continue;
			r.vma = vm_area_alloc(mm);
			ASSERT(r.vma);
			r.vma->vm_start = r.start;
			r.vma->vm_end = r.end;
			r.vma->vm_flags = VM_READ | VM_WRITE |
					  (r.stack ? VM_GROWSDOWN : 0);
			r.vma->vm_pgoff = r.start >> PAGE_SHIFT;
			vma_link(mm, r.vma);
			model_insert(&r);
		} else if (nmodel) {
			int i = (int)(rnd() % (u64)nmodel);
			struct vm_area_struct *v = model[i].vma;

			vma_unlink(mm, v);
			vm_area_free(v);
			model_erase(i);
		}
		if (nmodel > max_n)
			max_n = nmodel;
		bad_tree += check_tree(mm, step);
		bad_lookup += lookups(mm, step);
		bad_area += unmapped_areas(mm, step);
		if (bad_tree + bad_lookup + bad_area > 10)
			break;
	}
	EXPECT_EQ(bad_tree, 0);
	EXPECT_EQ(bad_lookup, 0);
	EXPECT_EQ(bad_area, 0);
	if (max_n < 800)
		printf("# only %d VMAs at most\n", max_n);
	EXPECT(max_n >= 800);	/* the tree really got deep */
	while (nmodel) {
		struct vm_area_struct *v = model[nmodel - 1].vma;

		vma_unlink(mm, v);
		vm_area_free(v);
		nmodel--;
	}
	EXPECT(mtree_empty(&mm->mm_mt));
	EXPECT_EQ(mm->map_count, 0);
	mmdrop(mm);
	EXPECT_EQ(free_pages_now(), before);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

/* Insertion in address order: every split (and shift) at one end. */
TEST(vma_tree__ascending_and_descending_links_stay_logarithmic)
{
	struct machine *m = test_boot("x86_64", "256M");
	unsigned long before;
	struct mm_struct *mm;

	ASSERT(m);
	machine_enter(m);
	mm = bare_mm(m);
	ASSERT(mm);
	mmdrop(mm);
	before = free_pages_now();
	for (int dir = 0; dir < 2; dir++) {
		int bad = 0;

		mm = bare_mm(m);
		ASSERT(mm);
		nmodel = 0;
		for (int i = 0; i < 1024; i++) {
			int k = dir ? 1023 - i : i;
			struct range r = {
				.start = 0x10000000ULL + (u64)k * 2 * PAGE_SIZE,
			};

			r.end = r.start + PAGE_SIZE;
			r.vma = vm_area_alloc(mm);
			ASSERT(r.vma);
			r.vma->vm_start = r.start;
			r.vma->vm_end = r.end;
			r.vma->vm_flags = VM_READ;
			vma_link(mm, r.vma);
			model_insert(&r);
			bad += check_tree(mm, i);
		}
		EXPECT_EQ(bad, 0);
		/* 1024 entries in 15-way nodes: 4 levels at most. */
		EXPECT(mm->mm_mt.ma_height <= 4);
		while (nmodel) {
			struct vm_area_struct *v = model[0].vma;

			vma_unlink(mm, v);
			vm_area_free(v);
			model_erase(0);
			bad += check_tree(mm, -1);
		}
		EXPECT_EQ(bad, 0);
		mmdrop(mm);
	}
	EXPECT_EQ(free_pages_now(), before);
	machine_destroy(m);
}

/* ---- merge and split on a real process -------------------------------- */

#define P	PAGE_SIZE
#define BASE	0x200000000ULL	/* far from the image and the mmap area */

static u64 map(struct task_struct *t, u64 addr, u64 len, unsigned long prot,
	       unsigned long flags)
{
	return do_mmap(t->mm, addr, len, prot, flags | MAP_FIXED, 0);
}

#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)

/* Number of VMAs overlapping [start, end). */
static int vmas_in(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *v;
	int n = 0;

	for_each_vma(mm, v)
		n += v->vm_start < end && v->vm_end > start;
	return n;
}

static bool tree_ok(struct mm_struct *mm)
{
	const char *why = "";

	if (vma_tree_validate(mm, &why)) {
		printf("# %s\n", why);
		return false;
	}
	return true;
}

static void finish(struct machine *m, struct task_struct *t,
		   unsigned long before)
{
	if (!t->exit_state)
		do_exit(t, 0);
	release_task(t);
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(free_pages_now(), before);
	machine_destroy(m);
}

TEST(vma_merge__adjacent_compatible_mappings_become_one_vma)
{
	unsigned long before;
	struct machine *m = proc_machine("x86_64", "256M", &before);
	struct task_struct *t;
	struct vm_area_struct *v;
	int n0;

	ASSERT(m);
	t = spawn("vmatest");
	ASSERT(t);
	n0 = t->mm->map_count;
	/* After: [BASE, +4) then [+4, +8) extends it. */
	EXPECT_EQ(map(t, BASE, 4 * P, RW, ANON), BASE);
	EXPECT_EQ(map(t, BASE + 4 * P, 4 * P, RW, ANON), BASE + 4 * P);
	EXPECT_EQ(t->mm->map_count, n0 + 1);
	/* Before: [-2, 0) is taken in from below. */
	EXPECT_EQ(map(t, BASE - 2 * P, 2 * P, RW, ANON), BASE - 2 * P);
	EXPECT_EQ(t->mm->map_count, n0 + 1);
	/* Across: a hole filled between two VMAs joins all three. */
	EXPECT_EQ(map(t, BASE + 10 * P, 2 * P, RW, ANON), BASE + 10 * P);
	EXPECT_EQ(t->mm->map_count, n0 + 2);
	EXPECT_EQ(map(t, BASE + 8 * P, 2 * P, RW, ANON), BASE + 8 * P);
	EXPECT_EQ(t->mm->map_count, n0 + 1);
	v = vma_lookup(t->mm, BASE);
	ASSERT(v);
	EXPECT_EQ(v->vm_start, BASE - 2 * P);
	EXPECT_EQ(v->vm_end, BASE + 12 * P);
	EXPECT_EQ(v->vm_pgoff, (BASE - 2 * P) >> PAGE_SHIFT);
	EXPECT_EQ(vmas_in(t->mm, BASE - 2 * P, BASE + 12 * P), 1);
	EXPECT(tree_ok(t->mm));
	finish(m, t, before);
}

TEST(vma_merge__different_prot_shared_or_growsdown_stay_separate)
{
	unsigned long before;
	struct machine *m = proc_machine("x86_64", "256M", &before);
	struct task_struct *t;

	ASSERT(m);
	t = spawn("vmatest");
	ASSERT(t);
	EXPECT_EQ(map(t, BASE, 4 * P, RW, ANON), BASE);
	EXPECT_EQ(map(t, BASE + 4 * P, 4 * P, PROT_READ, ANON), BASE + 4 * P);
	EXPECT_EQ(vmas_in(t->mm, BASE, BASE + 8 * P), 2);
	EXPECT_EQ(map(t, BASE + 8 * P, 4 * P, RW, MAP_SHARED | MAP_ANONYMOUS),
		  BASE + 8 * P);
	EXPECT_EQ(vmas_in(t->mm, BASE, BASE + 12 * P), 3);
	EXPECT_EQ(map(t, BASE + 12 * P, 4 * P, RW, ANON | MAP_LOCKED),
		  BASE + 12 * P);
	EXPECT_EQ(vmas_in(t->mm, BASE, BASE + 16 * P), 4);
	/* A stack below a plain mapping never grows into a merge. */
	EXPECT_EQ(map(t, BASE + 20 * P, 4 * P, RW, ANON), BASE + 20 * P);
	EXPECT_EQ(map(t, BASE + 16 * P, 4 * P, RW, ANON | MAP_GROWSDOWN),
		  BASE + 16 * P);
	EXPECT_EQ(vmas_in(t->mm, BASE, BASE + 24 * P), 6);
	/* Same flags again beside the read-only one: that one grows. */
	EXPECT_EQ(do_munmap(t->mm, BASE, 4 * P), 0);
	EXPECT_EQ(map(t, BASE, 4 * P, PROT_READ, ANON), BASE);
	EXPECT_EQ(vmas_in(t->mm, BASE, BASE + 8 * P), 1);
	EXPECT(tree_ok(t->mm));
	finish(m, t, before);
}

/*
 * Two VMAs that each faulted get their own anon_vma: filling the hole
 * between them may join one side, never both (is_mergeable_anon_vma).
 */
TEST(vma_merge__two_anon_vmas_never_join_across_a_hole)
{
	unsigned long before;
	struct machine *m = proc_machine("x86_64", "256M", &before);
	struct vm_area_struct *lo, *hi, *mid;
	struct task_struct *t;
	char x = 'x';

	ASSERT(m);
	t = spawn("vmatest");
	ASSERT(t);
	EXPECT_EQ(map(t, BASE, 2 * P, RW, ANON), BASE);
	EXPECT_EQ(map(t, BASE + 4 * P, 2 * P, RW, ANON), BASE + 4 * P);
	EXPECT_EQ(access_process_vm_user(t, BASE, &x, 1, true, false), 0);
	EXPECT_EQ(access_process_vm_user(t, BASE + 4 * P, &x, 1, true, false),
		  0);
	lo = vma_lookup(t->mm, BASE);
	hi = vma_lookup(t->mm, BASE + 4 * P);
	ASSERT(lo && hi && lo->anon_vma && hi->anon_vma);
	EXPECT(lo->anon_vma != hi->anon_vma);
	EXPECT_EQ(map(t, BASE + 2 * P, 2 * P, RW, ANON), BASE + 2 * P);
	EXPECT_EQ(vmas_in(t->mm, BASE, BASE + 6 * P), 2);
	mid = vma_lookup(t->mm, BASE + 2 * P);
	ASSERT(mid);
	EXPECT(mid->vm_start == BASE || mid->vm_end == BASE + 6 * P);
	EXPECT(tree_ok(t->mm));
	finish(m, t, before);
}

/*
 * split_vma at each page of a 16-page VMA, both ways round: the two
 * halves cover the range with the right pgoffs and keep their data;
 * mprotect of every page alone splits in three (two at the ends), and
 * restoring it merges back to one VMA.
 */
TEST(split_vma__at_every_page_keeps_ranges_pgoff_and_data)
{
	enum { N = 16 };
	unsigned long before;
	struct machine *m = proc_machine("x86_64", "256M", &before);
	struct task_struct *t;
	int bad = 0;

	ASSERT(m);
	t = spawn("vmatest");
	ASSERT(t);
	for (int below = 0; below < 2; below++) {
		for (int i = 1; i < N; i++) {
			struct vm_area_struct *v, *a, *b;
			u64 cut = BASE + (u64)i * P;

			EXPECT_EQ(map(t, BASE, N * P, RW, ANON), BASE);
			for (int k = 0; k < N; k++) {
				char c = (char)('a' + k);

				access_process_vm_user(t, BASE + (u64)k * P, &c,
						       1, true, false);
			}
			v = vma_lookup(t->mm, BASE);
			ASSERT(v);
			ASSERT(split_vma(t->mm, v, cut, below) == 0);
			a = vma_lookup(t->mm, BASE);
			b = vma_lookup(t->mm, cut);
			bad += !a || !b || a == b || a->vm_end != cut ||
			       b->vm_start != cut || a->vm_start != BASE ||
			       b->vm_end != BASE + N * P || a->vm_next != b ||
			       b->vm_prev != a ||
			       a->vm_pgoff != BASE >> PAGE_SHIFT ||
			       b->vm_pgoff != cut >> PAGE_SHIFT ||
			       a->anon_vma != b->anon_vma ||
			       (below ? v != b : v != a);
			bad += !tree_ok(t->mm);
			for (int k = 0; k < N; k++) {
				char c = 0;

				access_process_vm_user(t, BASE + (u64)k * P, &c,
						       1, false, false);
				bad += c != (char)('a' + k);
			}
			EXPECT_EQ(do_munmap(t->mm, BASE, N * P), 0);
		}
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(map(t, BASE, N * P, RW, ANON), BASE);
	for (int i = 0; i < N; i++) {
		u64 pg = BASE + (u64)i * P;
		int want = (i == 0 || i == N - 1) ? 2 : 3;

		EXPECT_EQ(do_mprotect(t->mm, pg, P, PROT_READ), 0);
		if (vmas_in(t->mm, BASE, BASE + N * P) != want)
			bad++;
		EXPECT_EQ(do_mprotect(t->mm, pg, P, RW), 0);
		if (vmas_in(t->mm, BASE, BASE + N * P) != 1)
			bad++;
		bad += !tree_ok(t->mm);
	}
	EXPECT_EQ(bad, 0);
	finish(m, t, before);
}

/* m:check() runs vma_tree_validate(): a corrupted tree makes it fail. */
TEST(vma_tree__check_fails_on_a_corrupted_tree)
{
	unsigned long before;
	struct machine *m = proc_machine("x86_64", "256M", &before);
	struct maple_node *root, *leaf;
	struct task_struct *t;
	u64 save;

	ASSERT(m);
	t = spawn("vmatest");
	ASSERT(t);
	for (int i = 0; i < 300; i++)
		EXPECT_EQ(map(t, BASE + (u64)i * 3 * P, P, PROT_READ, ANON),
			  BASE + (u64)i * 3 * P);
	EXPECT_EQ(machine_check(m), 0);
	root = t->mm->mm_mt.ma_root;
	ASSERT(root && !root->leaf);
	leaf = root;
	while (!leaf->leaf)
		leaf = leaf->slot[1];

	save = root->gap[0];		/* a per-child gap gone stale */
	root->gap[0] = save + PAGE_SIZE;
	EXPECT(machine_check(m) != 0);
	EXPECT(strstr(sb_str(&m->check_report), "gap differs"));
	root->gap[0] = save;

	save = leaf->pivot[2];		/* a range that is not its VMA's */
	leaf->pivot[2] = save + PAGE_SIZE;
	EXPECT(machine_check(m) != 0);
	EXPECT(strstr(sb_str(&m->check_report), "range differs"));
	leaf->pivot[2] = save;

	EXPECT_EQ(machine_check(m), 0);
	finish(m, t, before);
}

int main(void)
{
	RUN(vma_tree__random_link_unlink_matches_sorted_array_model);
	RUN(vma_tree__ascending_and_descending_links_stay_logarithmic);
	RUN(vma_merge__adjacent_compatible_mappings_become_one_vma);
	RUN(vma_merge__different_prot_shared_or_growsdown_stay_separate);
	RUN(vma_merge__two_anon_vmas_never_join_across_a_hole);
	RUN(split_vma__at_every_page_keeps_ranges_pgoff_and_data);
	RUN(vma_tree__check_fails_on_a_corrupted_tree);
	return done();
}
