// SPDX-License-Identifier: GPL-2.0
/*
 * Property test: random alloc/free of mixed orders and GFP masks on every
 * architecture, 1,000,000 operations each (MMSIM_PROPERTY_OPS overrides;
 * 100,000 under sanitizers). The invariant checker runs between phases;
 * after everything is freed and the pcp lists drained, /proc/buddyinfo is
 * identical to the boot state.
 */
#include "../test.h"
#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>

#include "random_helpers.h"

#define NSLOTS	2048
#define PHASES	10

static const gfp_t masks[] = {
	GFP_KERNEL, GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER_MOVABLE,
	GFP_USER, GFP_ATOMIC, GFP_NOWAIT, GFP_DMA, GFP_DMA32,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_KERNEL | __GFP_COMP,
	GFP_HIGHUSER_MOVABLE | __GFP_COMP,
};

static unsigned int rnd_order(void)
{
	unsigned int r = (unsigned int)(rnd() % 100);

	if (r < 60)
		return 0;
	if (r < 85)
		return 1 + (unsigned int)(rnd() % 3);
	return (unsigned int)(rnd() % NR_PAGE_ORDERS);
}

struct slot {
	struct page *page;
	unsigned int order;
};

static void run_one(const char *arch, const char *mem, int cpus, int nodes)
{
	static struct slot slots[NSLOTS];
	struct machine_config cfg;
	struct strbuf boot_info = STRBUF_INIT, end_info = STRBUF_INIT;
	struct machine *m;
	long ops = nr_ops(), fails = 0;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch) || parse_size(mem, &cfg.mem)) {
		FAIL_AT("bad config %s %s", arch, mem);
		return;
	}
	cfg.cpus = cpus;
	cfg.nodes = nodes;
	m = test_boot_cfg(&cfg);
	if (!m) {
		FAIL_AT("%s %s did not boot", arch, mem);
		return;
	}
	/*
	 * The boot caches' first slabs (kmem_cache_init()) leave a batch of
	 * pages on CPU 0's per-CPU list; compare drained free lists.
	 */
	drain_all_pages(NULL);
	proc_read(m, "/proc/buddyinfo", &boot_info);
	memset(slots, 0, sizeof(slots));
	rng = 0x9e3779b97f4a7c15ULL ^ (u64)cfg.arch ^ cfg.mem;
	for (int phase = 0; phase < PHASES; phase++) {
		for (long i = 0; i < ops / PHASES; i++) {
			struct slot *s = &slots[rnd() % NSLOTS];

			if (s->page) {
				__free_pages(s->page, s->order);
				s->page = NULL;
				continue;
			}
			s->order = rnd_order();
			s->page = alloc_pages(masks[rnd() % ARRAY_SIZE(masks)] |
					      __GFP_NOWARN, s->order);
			if (!s->page)
				fails++;
			if ((rnd() & 1023) == 0)
				page_alloc_set_cpu((int)(rnd() % (u64)cpus));
			if ((rnd() & 8191) == 0)
				drain_all_pages(NULL);
		}
		if (machine_check(m)) {
			FAIL_AT("%s %s phase %d:\n%s", arch, mem, phase,
				sb_str(&m->check_report));
			break;
		}
	}
	for (int i = 0; i < NSLOTS; i++)
		if (slots[i].page)
			__free_pages(slots[i].page, slots[i].order);
	drain_all_pages(NULL);
	EXPECT_EQ(machine_check(m), 0);
	proc_read(m, "/proc/buddyinfo", &end_info);
	if (strcmp(sb_str(&boot_info), sb_str(&end_info)))
		FAIL_AT("%s %s: buddyinfo differs after freeing everything:\n%s---\n%s",
			arch, mem, sb_str(&boot_info), sb_str(&end_info));
	EXPECT_EQ(m->pa->nr_bad_pages, 0);
	/*
	 * About half the ops allocate, and on average the 2048 slots hold
	 * far less than RAM; failures come from the small DMA zone and from
	 * fragmentation at high orders, well under 1 % of the ops.
	 */
	if (fails > ops / 100)
		FAIL_AT("%s %s: %ld of %ld ops failed to allocate", arch, mem,
			fails, ops);
	printf("# %s %s: %ld ops, %ld failed allocations\n", arch, mem, ops, fails);
	sb_free(&boot_info);
	sb_free(&end_info);
	machine_destroy(m);
}

TEST(page_alloc__random_ops_x86_32)
{
	run_one("x86_32", "256M", 2, 1);
	run_one("x86_32", "1G", 2, 1);		/* with HighMem */
}

TEST(page_alloc__random_ops_x86_32_pae)
{
	run_one("x86_32_pae", "1G", 4, 1);
}

TEST(page_alloc__random_ops_x86_64)
{
	run_one("x86_64", "512M", 2, 1);
	run_one("x86_64", "512M", 4, 2);	/* two nodes */
}

TEST(page_alloc__random_ops_x86_64_la57)
{
	run_one("x86_64_la57", "256M", 1, 1);
}

TEST(page_alloc__random_ops_arm32)
{
	run_one("arm32", "1G", 2, 1);
}

int main(void)
{
	RUN(page_alloc__random_ops_x86_32);
	RUN(page_alloc__random_ops_x86_32_pae);
	RUN(page_alloc__random_ops_x86_64);
	RUN(page_alloc__random_ops_x86_64_la57);
	RUN(page_alloc__random_ops_arm32);
	return done();
}
