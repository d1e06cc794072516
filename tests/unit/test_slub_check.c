// SPDX-License-Identifier: GPL-2.0
/*
 * The slab checker (part of m:check()) must catch what it claims to: a
 * free pointer outside the slab or misaligned, a freelist loop, an
 * object both free and allocated, an inuse count that disagrees, and
 * slab counters that do not match NR_SLAB_*. Each corruption is undone
 * afterwards, and the machine checks clean again.
 *
 * Full slabs are on no list (as in Linux): the checker finds them by their
 * pages, so a full slab with free objects, or a partial slab that fell off
 * every list, must still be reported; kmem_cache_destroy() must still
 * list the objects of a full slab.
 *
 * The slab order map that kfree() reads for a slab's head page must
 * agree with the pages, and the checker must say when it does not.
 */
#include "slub_helpers.h"

static bool report_has(struct machine *m, const char *s)
{
	return strstr(sb_str(&m->check_report), s) != NULL;
}

/* @a free, @b live: flipping either live bit must be reported. */
static void corrupt_live_bits(struct machine *m, struct kmem_cache *s,
			      struct slab *slab, vaddr_t a, vaddr_t b)
{
	struct slab_state *ss = slab_state();

	slab_obj_set_live(ss, s, slab, a, true);	/* free and allocated */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "both free and allocated"));
	slab_obj_set_live(ss, s, slab, a, false);

	slab_obj_set_live(ss, s, slab, b, false);	/* live object lost */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "live !="));
	slab_obj_set_live(ss, s, slab, b, true);
	EXPECT_EQ(machine_check(m), 0);
}

TEST(slab_check__catches_corruption)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	struct slab *slab;
	vaddr_t a, b, fp;

	ASSERT(m);
	s = kmem_cache_create("victim", 64, 0, 0, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT(a && b);
	kmem_cache_free(s, a);		/* a heads the cpu freelist */
	EXPECT_EQ(machine_check(m), 0);
	slab = virt_to_slab(a);

	fp = get_freepointer(s, a);
	set_freepointer(s, a, a + 3);	/* misaligned */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "outside the slab or misaligned"));
	set_freepointer(s, a, a);	/* loop */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "twice on the freelists"));
	set_freepointer(s, a, fp);
	EXPECT_EQ(machine_check(m), 0);

	EXPECT(s->live_in_slab);	/* 64 objects: bits in struct slab */
	corrupt_live_bits(m, s, slab, a, b);

	slab->inuse--;
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "inuse"));
	slab->inuse++;

	s->node[0]->nr_slabs++;
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "counters say"));
	s->node[0]->nr_slabs--;

	__mod_node_page_state(NODE_DATA(0), NR_SLAB_UNRECLAIMABLE, 1);
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "NR_SLAB_* counters"));
	__mod_node_page_state(NODE_DATA(0), NR_SLAB_UNRECLAIMABLE, -1);

	EXPECT_EQ(machine_check(m), 0);
	kmem_cache_free(s, b);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	machine_destroy(m);
}

/* Fill the first slab of @s and take one more: the first is then full. */
static struct slab *make_full_slab(struct kmem_cache *s, vaddr_t *objs,
				   unsigned int *n)
{
	struct slab *slab;

	objs[0] = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(objs[0]);
	*n = 1;
	while (*n < slab->objects)
		objs[(*n)++] = kmem_cache_alloc(s, GFP_KERNEL);
	objs[(*n)++] = kmem_cache_alloc(s, GFP_KERNEL);	/* a new slab */
	return slab;
}

TEST(slab_check__finds_full_and_lost_slabs_by_their_pages)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *s;
	struct slab *full;
	vaddr_t objs[80], fp;
	unsigned int n;

	ASSERT(m);
	s = kmem_cache_create("victim2", 512, 0, 0, NULL);
	ASSERT(s);
	full = make_full_slab(s, objs, &n);
	ASSERT(n <= ARRAY_SIZE(objs));
	EXPECT(slab_test(full, SL_full) && !full->frozen && !full->freelist);
	EXPECT_EQ(machine_check(m), 0);

	/* A full slab that says it has free objects. */
	fp = full->freelist;
	full->freelist = objs[2];
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "full slab pfn"));
	full->freelist = fp;
	EXPECT_EQ(machine_check(m), 0);

	/* Destroy lists the live objects of the full slab too. */
	EXPECT_EQ(kmem_cache_destroy_checked(s), -EBUSY);
	{
		char line[64];

		snprintf(line, sizeof(line), "Object 0x%016llx @offset=0",
			 (unsigned long long)objs[0]);
		EXPECT(objs[0] == slab_address(full));
		EXPECT(strstr(sb_str(&m->dmesg), line));
	}
	EXPECT_EQ(machine_check(m), 0);

	/* A slab of no list: the second, partial after destroy's flush. */
	{
		struct kmem_cache_node *node = s->node[0];
		struct slab *p = virt_to_slab(objs[n - 1]);

		ASSERT(slab_test(p, SL_partial));
		list_del(&p->slab_list);
		slab_set(p, SL_partial, false);
		node->nr_partial--;
		EXPECT_EQ(machine_check(m), -EUCLEAN);
		EXPECT(report_has(m, "a slab lost from its list"));
		list_add(&p->slab_list, &node->partial);
		slab_set(p, SL_partial, true);
		node->nr_partial++;
	}
	EXPECT_EQ(machine_check(m), 0);

	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

/*
 * kfree() finds a slab's head page from the slab order map: objects in
 * tail pages must lead to the head, and the checker must notice a map
 * entry that disagrees with the pages, either way.
 */
TEST(slab_check__order_map)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	u8 *map = slab_state()->slab_order_map;
	struct kmem_cache *s;
	struct slab *slab;
	unsigned long head, tail, free_pfn;
	vaddr_t x;

	ASSERT(m);
	s = kmem_cache_create("victim3", 2048, 0, 0, NULL);
	ASSERT(s && oo_order(s->oo) > 0);
	x = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(x);
	ASSERT(slab);
	head = page_to_pfn(slab_page(slab));
	tail = head + (1UL << oo_order(s->oo)) - 1;
	EXPECT_EQ(map[head], oo_order(s->oo));
	EXPECT_EQ(map[tail], oo_order(s->oo));
	EXPECT(virt_to_slab(slab_address(slab) + (tail - head) * PAGE_SIZE +
			    100) == slab);
	EXPECT_EQ(machine_check(m), 0);

	map[tail] = 0;			/* a tail page the map forgot */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "slab order map"));
	map[tail] = (u8)oo_order(s->oo);
	EXPECT_EQ(machine_check(m), 0);

	kmem_cache_free(s, x);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	/* Destroy gave the pages back: the map forgets them. */
	EXPECT_EQ(map[head], 0);
	EXPECT_EQ(map[tail], 0);
	free_pfn = head;
	map[free_pfn] = 2;		/* a stale entry */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "is in no slab"));
	map[free_pfn] = 0;
	EXPECT_EQ(machine_check(m), 0);

	/* kfree()'s lowmem range is fixed at boot; the checker compares. */
	slab_state()->lowmem_pfns--;
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "changed since boot"));
	slab_state()->lowmem_pfns++;
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

/*
 * Live bits: a bit of no object of the slab, a bit in a slab of a cache
 * that keeps them in the shadow (slabs spanning too many objects), and
 * the shadow's own corruptions for such a cache.
 */
TEST(slab_check__live_bits)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *big, *small, *mid;
	struct slab *slab;
	vaddr_t a, b, objs[40];
	char why[160];

	ASSERT(m);
	big = kmem_cache_create("few-objects", 1024, 0, 0, NULL);
	small = kmem_cache_create("many-objects", 16, 0, 0, NULL);
	ASSERT(big && small);
	EXPECT(big->live_in_slab && !small->live_in_slab);

	a = kmem_cache_alloc(big, GFP_KERNEL);
	slab = virt_to_slab(a);
	ASSERT(slab && slab->objects <= 32);
	/* 1024-byte objects, 32 KiB slabs: bits 0..31, one per object. */
	slab_live_bit_set(slab, 40, true);
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "outside its"));
	slab_live_bit_set(slab, 40, false);
	EXPECT_EQ(machine_check(m), 0);
	/* A double free is refused, and the slab stays as it was. */
	kmem_cache_free(big, a);
	EXPECT(kmem_cache_free_checked(big, a, why, sizeof(why)) == -EINVAL);
	EXPECT(strstr(why, "already free"));
	EXPECT_EQ(machine_check(m), 0);

	a = kmem_cache_alloc(small, GFP_KERNEL);
	b = kmem_cache_alloc(small, GFP_KERNEL);
	kmem_cache_free(small, a);
	slab = virt_to_slab(b);
	ASSERT(slab && slab->objects > 64);
	slab_live_bit_set(slab, 0, true);
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "the cache uses the shadow"));
	slab_live_bit_set(slab, 0, false);
	EXPECT_EQ(machine_check(m), 0);
	corrupt_live_bits(m, small, slab, a, b);

	/* Objects 32..63 use the word of _mapcount: still no mapcount. */
	mid = kmem_cache_create("live-word-two", 64, 0, 0, NULL);
	ASSERT(mid && mid->live_in_slab);
	for (int i = 0; i < 40; i++)
		objs[i] = kmem_cache_alloc(mid, GFP_KERNEL);
	slab = virt_to_slab(objs[39]);
	EXPECT(slab->live[1] != 0);
	EXPECT_EQ(page_mapcount(slab_page(slab)), 0);
	EXPECT_EQ(machine_check(m), 0);
	for (int i = 0; i < 40; i++)
		kmem_cache_free(mid, objs[i]);
	EXPECT_EQ(kmem_cache_destroy_checked(mid), 0);

	kmem_cache_free(small, b);
	EXPECT_EQ(kmem_cache_destroy_checked(big), 0);
	EXPECT_EQ(kmem_cache_destroy_checked(small), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

int main(void)
{
	RUN(slab_check__catches_corruption);
	RUN(slab_check__finds_full_and_lost_slabs_by_their_pages);
	RUN(slab_check__order_map);
	RUN(slab_check__live_bits);
	return done();
}
