// SPDX-License-Identifier: GPL-2.0
/*
 * lib/rbtree.c and the vmap area trees of mm/vmap_area.c under random
 * work: the red-black rules and the augmented maximum hold after every
 * insert and erase (checked against a brute-force answer), and random
 * vmalloc/vfree/vmap/ioremap on every architecture keep m:check()'s
 * vmalloc invariants (free + busy + lazy tile the range, subtree_max_size
 * right everywhere, every page mapped as its vm_struct says), ending with
 * everything given back.
 */
#include "../test.h"

#include <mmsim/gfp.h>
#include <mmsim/vmstat.h>
#include <mmsim/paging.h>
#include <mmsim/slab.h>
#include <mmsim/vmalloc.h>

#include "../../mm/vmalloc_internal.h"

/* ---- the bare augmented tree ---------------------------------------- */

struct item {
	unsigned long key, val, max;	/* max: of val over the subtree */
	struct rb_node rb;
	bool in;
};

static unsigned long item_val(const struct item *it)
{
	return it->val;
}

RB_DECLARE_CALLBACKS_MAX(static, item_cb, struct item, rb, unsigned long,
			 max, item_val);

static void item_insert(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, rb)->key ?
		       &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	it->max = it->val;
	rb_insert_augmented(&it->rb, root, &item_cb);
	item_cb.propagate(&it->rb, NULL);
	it->in = true;
}

/* Every node's max is right; returns the subtree's max, or ~0 if not. */
static unsigned long check_max(const struct rb_node *n)
{
	const struct item *it;
	unsigned long l, r, m;

	if (!n)
		return 0;
	it = rb_entry(n, struct item, rb);
	l = check_max(n->rb_left);
	r = check_max(n->rb_right);
	if (l == ~0UL || r == ~0UL)
		return ~0UL;
	m = it->val;
	if (l > m)
		m = l;
	if (r > m)
		m = r;
	return m == it->max ? m : ~0UL;
}

TEST(rbtree__random_insert_erase_keeps_rules_order_and_max)
{
	enum { N = 2000 };
	static struct item items[N];
	struct rb_root root = RB_ROOT;
	unsigned long seed = 12345;
	int bad_rules = 0, bad_max = 0, bad_order = 0;

	for (int i = 0; i < N; i++) {
		items[i].key = (unsigned long)i * 7919 % 100003;
		items[i].val = (unsigned long)(i * 31337 % 9973);
	}
	for (int step = 0; step < 20000; step++) {
		struct item *it;
		unsigned long prev = 0;
		size_t count = 0, want = 0;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		it = &items[(seed >> 33) % N];
		if (it->in) {
			rb_erase_augmented(&it->rb, &root, &item_cb);
			it->in = false;
		} else {
			item_insert(&root, it);
		}
		if (step % 97)
			continue;
		bad_rules += rb_check(&root) != 0;
		bad_max += check_max(root.rb_node) == ~0UL;
		for (struct rb_node *n = rb_first(&root); n; n = rb_next(n)) {
			unsigned long k = rb_entry(n, struct item, rb)->key;

			bad_order += count && k < prev;
			prev = k;
			count++;
		}
		for (int i = 0; i < N; i++)
			want += items[i].in;
		bad_order += count != want;
	}
	EXPECT_EQ(bad_rules, 0);
	EXPECT_EQ(bad_max, 0);
	EXPECT_EQ(bad_order, 0);
	/* Walk back with rb_prev: the mirror order. */
	{
		size_t fwd = 0, back = 0;

		for (struct rb_node *n = rb_first(&root); n; n = rb_next(n))
			fwd++;
		for (struct rb_node *n = rb_last(&root); n; n = rb_prev(n))
			back++;
		EXPECT_EQ(fwd, back);
	}
}

/* ---- vmalloc on every architecture ------------------------------------ */

static const char *const archs[] = {
	"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32",
};

static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static size_t free_blocks(struct machine *m)
{
	size_t n = 0;
	struct vmap_area *va;

	list_for_each_entry(va, &m->vmalloc->free_list, list)
		n++;
	return n;
}

/* Undo a slot of the random test: vfree, vunmap and its 4 pages, iounmap. */
static void release_slot(vaddr_t addr, int kind, struct page *const pages[4])
{
	if (kind == 0) {
		vfree(addr);
	} else if (kind == 1) {
		vunmap(addr);
		for (int i = 0; i < 4; i++)
			__free_page(pages[i]);
	} else {
		iounmap(addr);
	}
}

TEST(vmalloc__random_work_keeps_invariants_on_every_arch)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		struct machine *m = test_boot(archs[a], "512M");
		enum { SLOTS = 48 };
		vaddr_t slot[SLOTS] = { 0 };
		int kind[SLOTS] = { 0 };	/* 0 vmalloc, 1 vmap, 2 ioremap */
		struct page *vpages[SLOTS][4];
		unsigned long before, after, seed = 42 + a;
		size_t pt_pages0, pt_pages_then;
		int checks_bad = 0, fails = 0;

		ASSERT(m);
		machine_enter(m);
		before = free_pages_now();
		pt_pages0 = m->paging->nr_pt_pages;
		for (int step = 0; step < 1500; step++) {
			int s;

			seed = seed * 6364136223846793005UL + 1;
			s = (int)((seed >> 33) % SLOTS);
			if (slot[s]) {
				release_slot(slot[s], kind[s], vpages[s]);
				slot[s] = 0;
				continue;
			} else if ((seed >> 20) % 8 == 0) {
				for (int i = 0; i < 4; i++)
					vpages[s][i] = alloc_page(GFP_KERNEL);
				slot[s] = vmap(vpages[s], 4, VM_MAP, PAGE_KERNEL);
				kind[s] = 1;
				if (!slot[s])
					for (int i = 0; i < 4; i++)
						__free_page(vpages[s][i]);
			} else if ((seed >> 20) % 8 == 1) {
				/* A device window far above RAM (PCI MMIO-like). */
				slot[s] = ioremap(0xe0000000ULL + (u64)s * SZ_1M,
						  (unsigned long)((seed >> 40) % 5 + 1) *
						  PAGE_SIZE);
				kind[s] = 2;
			} else {
				unsigned long size = ((seed >> 24) % (256 * 1024)) + 1;

				slot[s] = vmalloc(size);
				kind[s] = 0;
			}
			if (!slot[s] && fails++ < 3)
				printf("# %s: step %d kind %d failed\n", archs[a],
				       step, kind[s]);
			if (step % 149 == 0 && machine_check(m)) {
				checks_bad++;
				printf("# %s step %d: %s", archs[a], step,
				       sb_str(&m->check_report));
			}
		}
		for (int s = 0; s < SLOTS; s++)
			if (slot[s])
				release_slot(slot[s], kind[s], vpages[s]);
		vm_unmap_aliases();
		pt_pages_then = m->paging->nr_pt_pages;
		EXPECT_EQ(checks_bad, 0);
		EXPECT_EQ(fails, 0);
		EXPECT_EQ(machine_check(m), 0);
		EXPECT_EQ(free_blocks(m), 1);	/* all merged back */
		EXPECT_EQ(vmalloc_nr_pages(), 0);
		/* Only page-table pages stay (Linux never frees them). */
		for (struct kmem_cache *c = kmem_cache_first(); c;
		     c = kmem_cache_next(c))
			kmem_cache_shrink(c);
		after = free_pages_now();
		if (before - after > pt_pages_then - pt_pages0)
			printf("# %s: %lu pages not back, %zu new page tables\n",
			       archs[a], before - after,
			       pt_pages_then - pt_pages0);
		EXPECT(before - after <= pt_pages_then - pt_pages0);
		machine_destroy(m);
	}
}

int main(void)
{
	RUN(rbtree__random_insert_erase_keeps_rules_order_and_max);
	RUN(vmalloc__random_work_keeps_invariants_on_every_arch);
	return done();
}
