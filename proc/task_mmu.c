// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/PID/smaps, smaps_rollup and statm, as fs/proc/task_mmu.c
 * (show_smap, smaps_pte_entry, smaps_account, show_smaps_rollup,
 * task_statm): the same fields, order and widths as a Linux 6.x kernel.
 * Anonymous memory only, no THP, no swap, no KSM: those lines read 0.
 */
#include <string.h>

#include <mmsim/mm.h>
#include <mmsim/page-flags.h>
#include <mmsim/proc.h>
#include <mmsim/sched.h>

#include "task_mmu.h"

/* PSS is summed in 1/2^PSS_SHIFT bytes so that sharing divides evenly. */
#define PSS_SHIFT	12

struct mem_size_stats {
	u64 resident;
	u64 shared_clean, shared_dirty;
	u64 private_clean, private_dirty;
	u64 referenced, anonymous, lazyfree;
	u64 swap;
	u64 pss, pss_anon, pss_file, pss_dirty, pss_locked;
};

struct smaps_walk {
	struct vm_area_struct *vma;
	struct mem_size_stats *mss;
};

/* smaps_pte_entry() + smaps_account() for one PTE of a 4 KiB page. */
static int smaps_pte_entry(pte_t *ptep, u64 addr, void *data)
{
	struct smaps_walk *w = data;
	struct mem_size_stats *mss = w->mss;
	pte_t pte = ptep_get(ptep);
	bool dirty, locked = w->vma->vm_flags & VM_LOCKED;
	struct page *page;
	u64 size = PAGE_SIZE, pss;
	int mapcount;

	(void)addr;
	if (!pte_present(pte))
		return 0;
	/* vm_normal_page(): the zero page is special, not counted. */
	if (pte_pfn(pte) == zero_pfn())
		return 0;
	page = pfn_to_page(pte_pfn(pte));
	/* smaps_page_accumulate(): a dirty page-cache page counts dirty. */
	dirty = pte_dirty(pte) || (!PageAnon(page) && PageDirty(page));
	mss->resident += size;
	if (PageAnon(page)) {
		mss->anonymous += size;
		if (!PageSwapBacked(page))	/* MADV_FREE */
			mss->lazyfree += size;
	}
	if (pte_young(pte))
		mss->referenced += size;
	mapcount = page_mapcount(page);
	/* An exclusive page (one mapping) is private. */
	if (mapcount < 2 || (PageAnon(page) && page_ref_count(page) == 1)) {
		pss = size << PSS_SHIFT;
		if (dirty)
			mss->private_dirty += size;
		else
			mss->private_clean += size;
	} else {
		pss = (size << PSS_SHIFT) / (u64)mapcount;
		if (dirty)
			mss->shared_dirty += size;
		else
			mss->shared_clean += size;
	}
	mss->pss += pss;
	if (PageAnon(page))
		mss->pss_anon += pss;
	else
		mss->pss_file += pss;
	if (dirty)
		mss->pss_dirty += pss;
	if (locked)
		mss->pss_locked += pss;
	return 0;
}

static void smap_gather_stats(struct vm_area_struct *vma,
			      struct mem_size_stats *mss)
{
	struct smaps_walk w = { .vma = vma, .mss = mss };

	walk_existing_ptes(vma->vm_mm, vma->vm_start, vma->vm_end,
			   smaps_pte_entry, &w);
}

/* SEQ_PUT_DEC(): a 16-column name, 8 columns of kB. */
static void put_kb(struct strbuf *sb, const char *name, u64 bytes)
{
	sb_printf(sb, "%-16s%8llu kB\n", name, (unsigned long long)(bytes >> 10));
}

/* __show_smap(): the lines smaps and smaps_rollup share. */
static void __show_smap(struct strbuf *sb, const struct mem_size_stats *mss,
			bool rollup)
{
	put_kb(sb, "Rss:", mss->resident);
	put_kb(sb, "Pss:", mss->pss >> PSS_SHIFT);
	put_kb(sb, "Pss_Dirty:", mss->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		put_kb(sb, "Pss_Anon:", mss->pss_anon >> PSS_SHIFT);
		put_kb(sb, "Pss_File:", mss->pss_file >> PSS_SHIFT);
		put_kb(sb, "Pss_Shmem:", 0);
	}
	put_kb(sb, "Shared_Clean:", mss->shared_clean);
	put_kb(sb, "Shared_Dirty:", mss->shared_dirty);
	put_kb(sb, "Private_Clean:", mss->private_clean);
	put_kb(sb, "Private_Dirty:", mss->private_dirty);
	put_kb(sb, "Referenced:", mss->referenced);
	put_kb(sb, "Anonymous:", mss->anonymous);
	put_kb(sb, "KSM:", 0);
	put_kb(sb, "LazyFree:", mss->lazyfree);
	put_kb(sb, "AnonHugePages:", 0);
	put_kb(sb, "ShmemPmdMapped:", 0);
	put_kb(sb, "FilePmdMapped:", 0);
	put_kb(sb, "Shared_Hugetlb:", 0);
	put_kb(sb, "Private_Hugetlb:", 0);
	put_kb(sb, "Swap:", mss->swap);
	put_kb(sb, "SwapPss:", 0);
	put_kb(sb, "Locked:", mss->pss_locked >> PSS_SHIFT);
}

/* show_smap_vma_flags(): two-letter mnemonics in bit order. */
static void show_smap_vma_flags(struct strbuf *sb, unsigned long flags)
{
	static const struct { unsigned long bit; const char *mn; } mn[] = {
		{ VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" },
		{ VM_SHARED, "sh" }, { VM_MAYREAD, "mr" },
		{ VM_MAYWRITE, "mw" }, { VM_MAYEXEC, "me" },
		{ VM_MAYSHARE, "ms" }, { VM_GROWSDOWN, "gd" },
		{ VM_LOCKED, "lo" }, { VM_DONTCOPY, "dc" },
		{ VM_DONTEXPAND, "de" }, { VM_ACCOUNT, "ac" },
		{ VM_NORESERVE, "nr" },
	};

	sb_puts(sb, "VmFlags: ");
	for (size_t i = 0; i < ARRAY_SIZE(mn); i++)
		if (flags & mn[i].bit)
			sb_printf(sb, "%s ", mn[i].mn);
	sb_puts(sb, "\n");
}

/*
 * show_smap(): the maps line, then the sizes of the VMA.
 * SIM: ProtectionKey is shown on x86-64, as on a CPU with protection
 * keys (every page has key 0).
 */
static void show_smap(struct strbuf *sb, struct mm_struct *mm,
		      struct vm_area_struct *vma, bool is64, bool pkeys)
{
	struct mem_size_stats mss = { 0 };

	show_map_vma(sb, mm, vma, is64);
	smap_gather_stats(vma, &mss);
	put_kb(sb, "Size:", vma->vm_end - vma->vm_start);
	put_kb(sb, "KernelPageSize:", PAGE_SIZE);
	put_kb(sb, "MMUPageSize:", PAGE_SIZE);
	__show_smap(sb, &mss, false);
	sb_printf(sb, "%-16s%8d\n", "THPeligible:", 0);
	if (pkeys)
		sb_printf(sb, "%-16s%8d\n", "ProtectionKey:", 0);
	show_smap_vma_flags(sb, vma->vm_flags);
}

/**
 * proc_pid_smaps - /proc/PID/smaps or smaps_rollup of @t
 * @m: the machine
 * @t: a live process
 * @rollup: smaps_rollup (one "[rollup]" record summing every VMA)
 * @sb: the text
 */
void proc_pid_smaps(struct machine *m, struct task_struct *t, bool rollup,
		    struct strbuf *sb)
{
	bool is64 = m->arch->bits == 64, pkeys = is64 && !pt_fmt()->arm;
	struct mem_size_stats mss = { 0 };
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vma, *last = NULL;
	size_t start, width = is64 ? 72 : 48;

	if (!rollup) {
		for_each_vma(mm, vma)
			show_smap(sb, mm, vma, is64, pkeys);
		return;
	}
	for_each_vma(mm, vma) {
		smap_gather_stats(vma, &mss);
		last = vma;
	}
	if (!last)
		return;
	/* show_vma_header_prefix() with no flags, then "[rollup]". */
	start = sb->len;
	sb_printf(sb, "%08llx-%08llx ---p 00000000 00:00 0 ",
		  (unsigned long long)mm->mmap->vm_start,
		  (unsigned long long)last->vm_end);
	if (sb->len - start < width)
		sb_printf(sb, "%*s", (int)(width - (sb->len - start)), "");
	sb_puts(sb, "[rollup]\n");
	__show_smap(sb, &mss, true);
}

/**
 * proc_pid_statm - /proc/PID/statm of @t (task_statm)
 * @t: a live process
 * @sb: "size resident shared text lib data dt", in pages
 */
void proc_pid_statm(struct task_struct *t, struct strbuf *sb)
{
	struct mm_struct *mm = t->mm;
	unsigned long shared = (unsigned long)(mm->rss_stat[MM_FILEPAGES] +
					       mm->rss_stat[MM_SHMEMPAGES]);
	unsigned long text = (PAGE_ALIGN(mm->end_code) -
			      (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;

	sb_printf(sb, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm,
		  get_mm_rss(mm), shared, text, mm->data_vm + mm->stack_vm);
}
