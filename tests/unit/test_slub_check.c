// SPDX-License-Identifier: GPL-2.0
/*
 * The slab checker (part of m:check()) must catch what it claims to: a
 * free pointer outside the slab or misaligned, a freelist loop, an
 * object both free and allocated, an inuse count that disagrees, and
 * slab counters that do not match NR_SLAB_*. Each corruption is undone
 * afterwards, and the machine checks clean again.
 */
#include "slub_helpers.h"

static bool report_has(struct machine *m, const char *s)
{
	return strstr(sb_str(&m->check_report), s) != NULL;
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

	slab_shadow_set(slab_state(), a, true);	/* free and allocated */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "both free and allocated"));
	slab_shadow_set(slab_state(), a, false);

	slab_shadow_set(slab_state(), b, false);	/* live object lost */
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(report_has(m, "live !="));
	slab_shadow_set(slab_state(), b, true);

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

int main(void)
{
	RUN(slab_check__catches_corruption);
	return done();
}
