/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct mm_struct, the address space of a process, as in
 * include/linux/mm_types.h. For now it holds what the page tables and the
 * context switch need (pgd, the arch context with its PCID/ASID); VMAs,
 * counters and locks are added by the user-space code.
 */
#ifndef MMSIM_MM_STRUCT_H
#define MMSIM_MM_STRUCT_H

#include "list.h"
#include "maple_tree.h"
#include "types.h"

/* arch/x86/include/asm/mmu.h mm_context_t / arch/arm's context. */
typedef struct {
	u64 ctx_id;		/* unique per mm, never reused */
	u16 asid;		/* ARM: hardware ASID (CONTEXTIDR[7:0]) */
	/*
	 * x86: generation of the page tables, bumped by every flush of this
	 * mm (inc_mm_tlb_gen); a CPU whose PCID slot saw an older one must
	 * flush when it switches back. Starts at 1 (init_new_context).
	 */
	u64 tlb_gen;
} mm_context_t;

struct mm_struct {
	void *pgd;			/* pgd_t *: host pointer into RAM */
	phys_addr_t pgd_phys;		/* what CR3 / TTBR0 gets */
	mm_context_t context;
	int mm_users;			/* tasks using it */
	int mm_count;			/* references (lazy TLB users too) */
	unsigned long pgtables_bytes;	/* page-table pages, in bytes */
	u64 cpu_bitmap;			/* mm_cpumask(): CPUs that loaded it */
	struct list_head pgd_list;	/* Linux: pgd_list (x86 pageattr) */
	void *owner;			/* the task that created it */

	/* The user address space (mm/mmap.c, mm/vma.c). */
	struct vm_area_struct *mmap;	/* VMAs sorted by address (list) */
	struct maple_tree mm_mt;	/* the VMAs by range (mm/vma_tree.c) */
	int map_count;			/* number of VMAs */
	u64 mmap_base;			/* top-down search starts here */
	bool mmap_legacy;		/* bottom-up from mmap_base instead */
	u64 task_size;			/* end of the mmap window */
	u64 highest_vm_end;		/* end of the last VMA */
	u64 start_code, end_code, start_data, end_data;
	u64 start_brk, brk, start_stack;
	unsigned long total_vm;		/* pages mapped */
	unsigned long locked_vm;	/* VM_LOCKED pages */
	unsigned long data_vm;		/* private writable, not stack */
	unsigned long exec_vm;		/* executable, not writable */
	unsigned long stack_vm;		/* VM_GROWSDOWN */
	unsigned long hiwater_rss, hiwater_vm;
	long rss_stat[4];		/* MM_FILEPAGES ... MM_SHMEMPAGES */
	unsigned long def_flags;
	u64 stack_rlimit;		/* SIM: the owner's RLIMIT_STACK */
	bool brk_randomized;
	vaddr_t slab_obj;		/* SIM: its "mm_struct" slab object */
};

/* The kernel's own address space (mm/init-mm.c). */
struct mm_struct *init_mm_of(void);
#define init_mm (*init_mm_of())

/* pgd_alloc() + the kernel half of the page tables (T2). NULL: -ENOMEM. */
struct mm_struct *mm_alloc(void);
/* Drop a reference; frees the page tables when it was the last one. */
void mmdrop(struct mm_struct *mm);

#define mm_cpumask(mm)	(&(mm)->cpu_bitmap)

#endif /* MMSIM_MM_STRUCT_H */
