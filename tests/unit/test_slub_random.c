// SPDX-License-Identifier: GPL-2.0
/*
 * Property test: 1,000,000 random kmalloc/kfree and kmem_cache_alloc/free
 * of random sizes and GFP flags (MMSIM_PROPERTY_OPS overrides; 100,000
 * under sanitizers), switching the allocating CPU so that objects are
 * freed remotely, with the invariant checker between phases. At the end
 * everything is freed, the custom caches destroyed, the kmalloc caches
 * shrunk, and the free page count is back to its boot value.
 */
#include "slub_helpers.h"

#include "random_helpers.h"

#define NSLOTS	4096
#define PHASES	10

static const gfp_t masks[] = {
	GFP_KERNEL, GFP_KERNEL, GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT,
	GFP_KERNEL | __GFP_ZERO, GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL_ACCOUNT, GFP_KERNEL | GFP_DMA,
};

struct slot {
	vaddr_t p;
	struct kmem_cache *s;	/* NULL: kmalloc */
	size_t size;
};

static size_t rnd_size(void)
{
	unsigned int r = (unsigned int)(rnd() % 100);

	if (r < 70)
		return 1 + rnd() % 256;
	if (r < 95)
		return 1 + rnd() % 8192;
	return 8193 + rnd() % 65536;	/* large kmalloc */
}

static void run_one(const char *arch, const char *mem, int cpus,
		    const char *cmdline, long ops)
{
	static struct slot slots[NSLOTS];
	struct kmem_cache *caches[4];
	struct machine *m = slub_boot(arch, mem, cpus, cmdline);
	unsigned long free0, boot_slab;
	long fails = 0;

	if (!m) {
		FAIL_AT("%s %s did not boot", arch, mem);
		return;
	}
	free0 = slub_free_pages();
	/* The boot caches' slabs (kmem_cache, kmem_cache_node) stay. */
	boot_slab = global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	caches[0] = kmem_cache_create("r24", 24, 0, 0, NULL);
	caches[1] = kmem_cache_create("r200", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	caches[2] = kmem_cache_create("r1500", 1500, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	caches[3] = kmem_cache_create("rrcu", 72, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	for (int i = 0; i < 4; i++)
		if (!caches[i]) {
			FAIL_AT("cache %d", i);
			return;
		}
	memset(slots, 0, sizeof(slots));
	rng = 0x9e3779b97f4a7c15ULL ^ (u64)m->cfg.arch;
	for (int phase = 0; phase < PHASES; phase++) {
		for (long i = 0; i < ops / PHASES; i++) {
			struct slot *sl = &slots[rnd() % NSLOTS];

			if ((rnd() & 255) == 0)
				page_alloc_set_cpu((int)(rnd() % (u64)cpus));
			if (sl->p) {
				if (sl->s)
					kmem_cache_free(sl->s, sl->p);
				else
					kfree(sl->p);
				sl->p = 0;
				continue;
			}
			if (rnd() % 4 == 0) {
				sl->s = caches[rnd() % 4];
				sl->p = kmem_cache_alloc(sl->s, GFP_KERNEL);
				sl->size = kmem_cache_size(sl->s);
			} else {
				gfp_t g = masks[rnd() % ARRAY_SIZE(masks)];

				sl->s = NULL;
				sl->size = rnd_size();
				sl->p = kmalloc(sl->size, g | __GFP_NOWARN);
				if (sl->p && (g & __GFP_ZERO) &&
				    slub_bytes(sl->p)[sl->size - 1])
					FAIL_AT("__GFP_ZERO object not zeroed");
			}
			if (!sl->p) {
				fails++;
				continue;
			}
			/* Scribble on the object: must never hurt the allocator. */
			slub_bytes(sl->p)[0] = 0x5a;
			slub_bytes(sl->p)[sl->size - 1] = 0xa5;
			if (sl->size > 16)
				memset(slub_bytes(sl->p) + sl->size / 2 - 8, 0xff, 16);
		}
		if (machine_check(m)) {
			FAIL_AT("%s %s phase %d:\n%s", arch, mem, phase,
				sb_str(&m->check_report));
			break;
		}
	}
	for (int i = 0; i < NSLOTS; i++) {
		if (!slots[i].p)
			continue;
		if (slots[i].s)
			kmem_cache_free(slots[i].s, slots[i].p);
		else
			kfree(slots[i].p);
	}
	EXPECT_EQ(machine_check(m), 0);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(kmem_cache_destroy_checked(caches[i]), 0);
	slub_shrink_all();
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(global_node_page_state(NR_SLAB_RECLAIMABLE), 0);
	EXPECT_EQ(global_node_page_state(NR_SLAB_UNRECLAIMABLE), boot_slab);
	EXPECT_EQ(slub_free_pages(), free0);
	EXPECT(!strstr(sb_str(&m->dmesg), "BUG "));
	if (fails)
		FAIL_AT("%s %s: %ld of %ld allocations failed", arch, mem,
			fails, ops);
	printf("# %s %s %s: %ld ops\n", arch, mem, cmdline, ops);
	machine_destroy(m);
}

TEST(slub__random_ops_x86_64)
{
	run_one("x86_64", "1G", 4, "", nr_ops());
}

TEST(slub__random_ops_x86_32_highmem)
{
	run_one("x86_32", "2G", 2, "", nr_ops() / 2);
}

TEST(slub__random_ops_arm32_debug)
{
	run_one("arm32", "1G", 2, "slub_debug=FZPU", nr_ops() / 10);
}

int main(void)
{
	RUN(slub__random_ops_x86_64);
	RUN(slub__random_ops_x86_32_highmem);
	RUN(slub__random_ops_arm32_debug);
	return done();
}
