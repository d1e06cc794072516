// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/meminfo, as fs/proc/meminfo.c meminfo_proc_show(): same fields,
 * same order, same widths; the #ifdef'd ones (HIGHMEM, ZSWAP,
 * TRANSPARENT_HUGEPAGE, CMA, HUGETLB_PAGE) as the machine's kconfig says.
 * The page cache lines (Cached, the LRU lines, Dirty, Writeback, Shmem)
 * come from mm/filemap.c's counters, Mapped from NR_FILE_MAPPED (page-cache
 * pages some process maps, mm/rmap_file.c). Counters of subsystems not simulated yet (swap, hugetlb) read
 * 0, which is what such a kernel reports.
 */
#include <mmsim/arch.h>
#include <mmsim/fs.h>
#include <mmsim/mm_init.h>
#include <mmsim/mm.h>
#include <mmsim/proc.h>
#include <mmsim/vmalloc.h>
#include <mmsim/vmstat.h>

static void show_val_kb(struct strbuf *sb, const char *s, unsigned long pages)
{
	sb_printf(sb, "%s%8lu kB\n", s, pages << (PAGE_SHIFT - 10));
}

static void show_kb(struct strbuf *sb, const char *s, unsigned long long kb)
{
	sb_printf(sb, "%s%8llu kB\n", s, kb);
}

static unsigned long highmem_free(struct machine *m)
{
	unsigned long free = 0;
	struct zone *zone;

	for_each_populated_zone(zone, m)
		if (is_highmem(zone))
			free += zone_page_state(zone, NR_FREE_PAGES);
	return free;
}

int meminfo_proc_show(struct machine *m, struct strbuf *sb)
{
	const struct kernel_layout *l = &m->layout;
	unsigned long totalram = m->totalram_pages;
	unsigned long freeram = global_zone_page_state(NR_FREE_PAGES);
	unsigned long long vmalloc_total = 0;
	bool highmem = IS_ENABLED(m, HIGHMEM);
	unsigned int hpage_order = m->arch->hugetlb_page_order;
	unsigned long sreclaimable = global_node_page_state(NR_SLAB_RECLAIMABLE);
	unsigned long sunreclaim = global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	unsigned long lru[NR_LRU_LISTS];

	for (int i = 0; i < NR_LRU_LISTS; i++)
		lru[i] = global_node_page_state((enum node_stat_item)(NR_LRU_BASE + i));

	show_val_kb(sb, "MemTotal:       ", totalram);
	show_val_kb(sb, "MemFree:        ", freeram);
	show_val_kb(sb, "MemAvailable:   ", si_mem_available());
	/* SIM: no block device page cache yet, so no Buffers. */
	show_val_kb(sb, "Buffers:        ", 0);
	show_val_kb(sb, "Cached:         ", global_node_page_state(NR_FILE_PAGES));
	show_val_kb(sb, "SwapCached:     ", 0);
	show_val_kb(sb, "Active:         ", lru[LRU_ACTIVE_ANON] + lru[LRU_ACTIVE_FILE]);
	show_val_kb(sb, "Inactive:       ", lru[LRU_INACTIVE_ANON] + lru[LRU_INACTIVE_FILE]);
	show_val_kb(sb, "Active(anon):   ", lru[LRU_ACTIVE_ANON]);
	show_val_kb(sb, "Inactive(anon): ", lru[LRU_INACTIVE_ANON]);
	show_val_kb(sb, "Active(file):   ", lru[LRU_ACTIVE_FILE]);
	show_val_kb(sb, "Inactive(file): ", lru[LRU_INACTIVE_FILE]);
	show_val_kb(sb, "Unevictable:    ", lru[LRU_UNEVICTABLE]);
	show_val_kb(sb, "Mlocked:        ", 0);
	if (highmem) {
		unsigned long hfree = highmem_free(m);

		show_val_kb(sb, "HighTotal:      ", m->totalhigh_pages);
		show_val_kb(sb, "HighFree:       ", hfree);
		show_val_kb(sb, "LowTotal:       ", totalram - m->totalhigh_pages);
		show_val_kb(sb, "LowFree:        ", freeram - hfree);
	}
	show_val_kb(sb, "SwapTotal:      ", 0);
	show_val_kb(sb, "SwapFree:       ", 0);
	if (IS_ENABLED(m, ZSWAP)) {
		show_val_kb(sb, "Zswap:          ", 0);
		show_val_kb(sb, "Zswapped:       ", 0);
	}
	show_val_kb(sb, "Dirty:          ", global_node_page_state(NR_DIRTY));
	show_val_kb(sb, "Writeback:      ", global_node_page_state(NR_WRITEBACK));
	show_val_kb(sb, "AnonPages:      ", global_node_page_state(NR_ANON_PAGES));
	show_val_kb(sb, "Mapped:         ", global_node_page_state(NR_MAPPED));
	show_val_kb(sb, "Shmem:          ", global_node_page_state(NR_SHMEM));
	show_val_kb(sb, "KReclaimable:   ", sreclaimable +
		    global_node_page_state(NR_KERNEL_MISC_RECLAIMABLE));
	show_val_kb(sb, "Slab:           ", sreclaimable + sunreclaim);
	show_val_kb(sb, "SReclaimable:   ", sreclaimable);
	show_val_kb(sb, "SUnreclaim:     ", sunreclaim);
	show_kb(sb, "KernelStack:    ", 0);
	show_val_kb(sb, "PageTables:     ", procs_pgtables_pages());
	show_val_kb(sb, "SecPageTables:  ", 0);
	show_val_kb(sb, "NFS_Unstable:   ", 0);
	show_val_kb(sb, "Bounce:         ", 0);
	show_val_kb(sb, "WritebackTmp:   ", 0);
	/* vm_commit_limit(): overcommit_ratio 50 % of RAM, no swap. */
	show_val_kb(sb, "CommitLimit:    ", totalram * 50 / 100);
	show_val_kb(sb, "Committed_AS:   ", procs_committed_pages());
	if (l->vmalloc_end > l->vmalloc_start) {
		vmalloc_total = l->vmalloc_end - l->vmalloc_start;
		/* x86_64's VMALLOC_END names the last byte, not one past it. */
		if (m->arch->bits == 64)
			vmalloc_total--;
	}
	show_kb(sb, "VmallocTotal:   ", vmalloc_total >> 10);
	show_val_kb(sb, "VmallocUsed:    ", vmalloc_nr_pages());
	show_val_kb(sb, "VmallocChunk:   ", 0);
	show_kb(sb, "Percpu:         ", 0);
	if (IS_ENABLED(m, TRANSPARENT_HUGEPAGE)) {
		show_kb(sb, "AnonHugePages:  ", 0);
		show_kb(sb, "ShmemHugePages: ", 0);
		show_kb(sb, "ShmemPmdMapped: ", 0);
		show_kb(sb, "FileHugePages:  ", 0);
		show_kb(sb, "FilePmdMapped:  ", 0);
	}
	if (IS_ENABLED(m, CMA)) {	/* SIM: no CMA area is reserved */
		show_val_kb(sb, "CmaTotal:       ", 0);
		show_val_kb(sb, "CmaFree:        ", 0);
	}
	show_kb(sb, "Balloon:        ", 0);
	if (hpage_order && IS_ENABLED(m, HUGETLB_PAGE)) {
		sb_printf(sb, "HugePages_Total:   %5lu\n", 0UL);
		sb_printf(sb, "HugePages_Free:    %5lu\n", 0UL);
		sb_printf(sb, "HugePages_Rsvd:    %5lu\n", 0UL);
		sb_printf(sb, "HugePages_Surp:    %5lu\n", 0UL);
		show_kb(sb, "Hugepagesize:   ",
			(PAGE_SIZE << hpage_order) >> 10);
		show_kb(sb, "Hugetlb:        ", 0);
	}
	if (m->arch->report_meminfo)
		m->arch->report_meminfo(m, sb);
	return 0;
}
