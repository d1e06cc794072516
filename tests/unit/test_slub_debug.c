// SPDX-License-Identifier: GPL-2.0
/*
 * slub_debug= on the kernel command line: a red-zone overflow written
 * behind the allocator's back (a physical write, as m:phys_write does) is
 * reported when the object is freed; a write into a freed, poisoned
 * object is reported when it is allocated again; a double free is
 * "Object already free" whatever the options. The allocator stays
 * consistent (m:check()) and leaks nothing.
 */
#include "slub_helpers.h"

static bool dmesg_has(struct machine *m, const char *s)
{
	return strstr(sb_str(&m->dmesg), s) != NULL;
}

TEST(slub_debug__right_redzone_overflow_reported_on_free)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "slub_debug=FZ");
	unsigned long free0;
	vaddr_t p;
	u8 bad = 0x41;

	ASSERT(m);
	free0 = slub_free_pages();
	p = kmalloc(64, GFP_KERNEL);
	ASSERT(p);
	/* One byte past the object, into the right red zone. */
	ram_write(&m->ram, layout_pa(&m->layout, p + 64), &bad, 1);
	EXPECT(!dmesg_has(m, "Redzone overwritten"));
	kfree(p);
	EXPECT(dmesg_has(m, "BUG kmalloc-64 (Not tainted): Right Redzone overwritten"));
	EXPECT(dmesg_has(m, "First byte 0x41 instead of 0xcc"));
	EXPECT(dmesg_has(m, "FIX kmalloc-64: Restoring Right Redzone"));
	EXPECT_EQ(machine_check(m), 0);
	slub_shrink_all();
	EXPECT_EQ(slub_free_pages(), free0);
	machine_destroy(m);
}

TEST(slub_debug__left_redzone_underflow_reported_on_free)
{
	struct machine *m = slub_boot("x86_32", "512M", 2, "slub_debug=Z");
	struct kmem_cache *s;
	vaddr_t p;
	u8 bad = 0;

	ASSERT(m);
	s = kmem_cache_create("lz", 40, 0, 0, NULL);
	ASSERT(s && s->red_left_pad);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ram_write(&m->ram, layout_pa(&m->layout, p - 1), &bad, 1);
	kmem_cache_free(s, p);
	EXPECT(dmesg_has(m, "BUG lz (Not tainted): Left Redzone overwritten"));
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	machine_destroy(m);
}

TEST(slub_debug__use_after_free_write_reported_on_alloc)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "slub_debug=P");
	struct kmem_cache *s;
	vaddr_t p, q;
	u32 v = 0xdeadbeef;

	ASSERT(m);
	s = kmem_cache_create("uaf", 96, 0, 0, NULL);
	ASSERT(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT(p);
	/* Allocated poisoned objects read 0x6b...0xa5. */
	EXPECT_EQ(slub_bytes(p)[0], POISON_FREE);
	EXPECT_EQ(slub_bytes(p)[95], POISON_END);
	kmem_cache_free(s, p);
	ram_write(&m->ram, layout_pa(&m->layout, p + 8), &v, 4);
	EXPECT(!dmesg_has(m, "Poison overwritten"));
	q = kmem_cache_alloc(s, GFP_KERNEL);
	EXPECT_EQ(q, p);	/* the freed object comes back first */
	EXPECT(dmesg_has(m, "BUG uaf (Not tainted): Poison overwritten"));
	EXPECT(dmesg_has(m, "First byte 0xef instead of 0x6b"));
	EXPECT_EQ(machine_check(m), 0);
	kmem_cache_free(s, q);
	EXPECT_EQ(kmem_cache_destroy_checked(s), 0);
	machine_destroy(m);
}

TEST(slub_debug__store_user_tracks_in_reports)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "slub_debug=FZPU");
	vaddr_t p;
	char why[160];

	ASSERT(m);
	p = kmalloc(30, GFP_KERNEL);
	ASSERT(p);
	kfree(p);
	EXPECT_EQ(kfree_checked(p, why, sizeof(why)), -EINVAL);
	EXPECT(strstr(why, "already free"));
	EXPECT(dmesg_has(m, "BUG kmalloc-32 (Not tainted): Object already free"));
	EXPECT(dmesg_has(m, "INFO: Allocated in kmalloc age="));
	EXPECT(dmesg_has(m, "INFO: Freed in kfree age="));
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(slub__bad_frees_refused_without_debug)
{
	struct machine *m = slub_boot("x86_64", "256M", 2, "");
	struct kmem_cache *a, *b;
	vaddr_t p, o;
	char why[160];
	unsigned long free0;

	ASSERT(m);
	free0 = slub_free_pages();
	a = kmem_cache_create("a", 64, 0, 0, NULL);
	b = kmem_cache_create("b", 64, 0, 0, NULL);
	p = kmalloc(64, GFP_KERNEL);
	o = kmem_cache_alloc(a, GFP_KERNEL);
	EXPECT_EQ(kfree_checked(p + 8, why, sizeof(why)), -EINVAL);	/* interior */
	EXPECT(strstr(why, "invalid object pointer"));
	EXPECT_EQ(kmem_cache_free_checked(b, o, why, sizeof(why)), -EINVAL);
	EXPECT(strstr(why, "wrong slab cache"));
	EXPECT_EQ(kfree_checked(m->layout.page_offset + 0x1000, why, sizeof(why)),
		  -EINVAL);	/* a page that is not kmalloc's */
	EXPECT_EQ(kfree_checked(0x1234, why, sizeof(why)), -EINVAL);
	EXPECT(strstr(why, "not a lowmem address"));
	EXPECT_EQ(ksize_checked(p + 8, why, sizeof(why)), -EINVAL);
	EXPECT_EQ(machine_check(m), 0);
	kfree(p);
	EXPECT_EQ(kfree_checked(p, why, sizeof(why)), -EINVAL);	/* double */
	kmem_cache_free(a, o);
	EXPECT_EQ(machine_check(m), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	slub_shrink_all();
	EXPECT_EQ(slub_free_pages(), free0);
	machine_destroy(m);
}

int main(void)
{
	RUN(slub_debug__right_redzone_overflow_reported_on_free);
	RUN(slub_debug__left_redzone_underflow_reported_on_free);
	RUN(slub_debug__use_after_free_write_reported_on_alloc);
	RUN(slub_debug__store_user_tracks_in_reports);
	RUN(slub__bad_frees_refused_without_debug);
	return done();
}
