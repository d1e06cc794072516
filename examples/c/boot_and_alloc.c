// SPDX-License-Identifier: GPL-2.0
/*
 * boot_and_alloc: the smallest C program on libmmsim. It boots a machine
 * (x86_64 with 4G of RAM unless told otherwise), takes an order-3 block
 * from the buddy allocator with alloc_pages(GFP_KERNEL, 3), prints its pfn
 * and zone, frees it, drains the per-cpu lists, and checks that the free
 * page count came back and that the machine passes its invariant check
 * (CONFIG_DEBUG_VM's checks).
 *
 * Against an installed mmsim (the library comes with a pkg-config file):
 *
 *	cc boot_and_alloc.c $(pkg-config --cflags --libs mmsim) -o boot_and_alloc
 *	./boot_and_alloc [ARCH [MEM]]
 *
 * The same steps in Lua are `m = mm.boot{arch="x86_64", mem="4G"};
 * pfn = m:alloc_pages("GFP_KERNEL", 3); print(pfn, m:page(pfn).zone)`.
 */
#include <stdio.h>

#include <mmsim/gfp.h>
#include <mmsim/machine.h>
#include <mmsim/vmstat.h>

#define ORDER	3

int main(int argc, char **argv)
{
	struct machine_config cfg;
	struct machine *m;
	struct page *page;
	unsigned long free_before, free_after, pfn;
	char err[256] = "";
	int status = 0;

	if (argc > 3) {
		fprintf(stderr, "usage: %s [ARCH [MEM]]\n", argv[0]);
		return 2;
	}
	machine_config_default(&cfg);
	cfg.arch = ARCH_X86_64;
	cfg.mem = 4ULL << 30;
	if (argc > 1 && parse_arch(argv[1], &cfg.arch)) {
		fprintf(stderr, "boot_and_alloc: unknown architecture '%s'\n",
			argv[1]);
		return 2;
	}
	if (argc > 2 && parse_size(argv[2], &cfg.mem)) {
		fprintf(stderr, "boot_and_alloc: bad memory size '%s'\n",
			argv[2]);
		return 2;
	}

	/* The new machine becomes this thread's current machine. */
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "boot_and_alloc: cannot boot: %s\n", err);
		return 2;
	}
	printf("booted %s with %llu MiB, %lu pages free\n",
	       arch_name(cfg.arch), (unsigned long long)(cfg.mem >> 20),
	       global_zone_page_state(NR_FREE_PAGES));

	/*
	 * Boot itself leaves pages on the pcp (the boot slab caches' first
	 * slabs took a batch): count from drained lists.
	 */
	drain_all_pages(NULL);
	free_before = global_zone_page_state(NR_FREE_PAGES);
	page = alloc_pages(GFP_KERNEL, ORDER);
	if (!page) {
		fprintf(stderr, "boot_and_alloc: alloc_pages failed\n");
		machine_destroy(m);
		return 1;
	}
	pfn = page_to_pfn(page);
	printf("alloc_pages(GFP_KERNEL, %d): pfn %lu zone %s\n", ORDER, pfn,
	       page_zone(page)->name);

	/*
	 * As in Linux, an order-3 block comes from and returns to the CPU's
	 * per-cpu page list (the pcp), which the first allocation filled
	 * with a batch from the buddy lists: NR_FREE_PAGES counts only the
	 * buddy lists, so it is still short of that batch after the free.
	 * drain_all_pages() gives the pcp's pages back to the buddy lists.
	 */
	__free_pages(page, ORDER);
	printf("__free_pages: %lu pages free, %lu held on pcp lists\n",
	       global_zone_page_state(NR_FREE_PAGES),
	       free_before - global_zone_page_state(NR_FREE_PAGES));
	drain_all_pages(NULL);
	free_after = global_zone_page_state(NR_FREE_PAGES);
	if (free_after != free_before) {
		fprintf(stderr,
			"boot_and_alloc: %lu pages free before, %lu after\n",
			free_before, free_after);
		status = 1;
	}
	if (machine_check(m)) {
		fprintf(stderr, "boot_and_alloc: invariant check failed:\n%s",
			sb_str(&m->check_report));
		status = 1;
	}
	if (!status)
		printf("drain_all_pages: %lu pages free, check ok\n",
		       free_after);
	machine_destroy(m);
	return status;
}
