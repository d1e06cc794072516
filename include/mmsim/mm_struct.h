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
	/* Later: mmap (VMA tree), brk, start_stack, counters... */
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
