/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct pt_ops: everything the generic page-table, TLB, context-switch and
 * boot code (mm/, kernel/) asks of an architecture. Linux binds these at
 * compile time (each arch's asm/pgtable.h, asm/tlbflush.h,
 * asm/mmu_context.h); one mmsim binary runs every architecture, so each
 * one fills a const struct pt_ops (x86_pt_ops in arch/x86/pgtable.c,
 * arm_pt_ops in arch/arm/pgtable.c) and its pt_formats point at it. The
 * machine's format is chosen at boot (paging_setup()).
 *
 * Rule: generic code never names an architecture's bits or functions; an
 * architecture never calls another (tests/cli/layering.sh checks both).
 *
 * "lvl" below is a real (not folded) level of enum pt_level_idx above
 * PT_PTE; "v" an entry value as read by pt_entry_read().
 */
#ifndef MMSIM_PT_OPS_H
#define MMSIM_PT_OPS_H

#include "paging.h"

struct cpu;
struct pt_check;
struct mmu_fault;
struct user_fault;

/*
 * The PTE bits generic pte_*() helpers test and flip. A helper whose bit
 * is 0 here is a no-op (ARM has no global bit in the Linux PTE: nG is
 * chosen by set_pte_at()).
 */
struct pte_bits {
	u64 present;	/* pte_present(): any of these (x86: P or PROTNONE) */
	u64 write;	/* set means writable (x86 _PAGE_RW) ... */
	u64 rdonly;	/* ... or set means read-only (ARM L_PTE_RDONLY) */
	u64 dirty;
	u64 young;
	u64 user;
	u64 nx;		/* set means not executable (_PAGE_NX, L_PTE_XN) */
	u64 global;
};

/* What set_memory_*() asks for (arch/x86/mm/pat/set_memory.c names). */
enum set_memory_op {
	SET_MEMORY_RO, SET_MEMORY_RW, SET_MEMORY_NX, SET_MEMORY_X,
	SET_MEMORY_4K,
};

struct pt_ops {
	const char *name;		/* "x86", "arm" */
	struct pte_bits pte;

	/* ---- entry format (asm/pgtable.h) ---- */
	/* *_present() of a real level above the PTE. */
	int (*entry_present)(int lvl, u64 v);
	/* *_leaf(): does @v, present, map a page instead of a table? */
	int (*entry_leaf)(int lvl, u64 v);
	/* Arch-specific *_bad() before the generic "table outside RAM". */
	int (*entry_bad)(int lvl, u64 v);
	/* Physical address of the table a (non-leaf) entry points to. */
	phys_addr_t (*entry_table)(u64 v);
	/*
	 * The descriptor that maps @addr when the entry at @p is a leaf
	 * (ARM: the odd 1 MiB section of a pmd pair is 4 bytes above).
	 * NULL: @p itself.
	 */
	void *(*leaf_entry)(int lvl, void *p, u64 addr);
	unsigned long (*pmd_pfn)(u64 v);
	unsigned long (*pud_pfn)(u64 v);
	u64 (*pfn_pmd)(unsigned long pfn, u64 prot);
	u64 (*pfn_pud)(unsigned long pfn, u64 prot);
	pgprot_t (*pgprot)(enum pgprot_kind kind);

	/* ---- writing entries ---- */
	/* set_pte_at(); @mm NULL for set_pte() (no address: kernel). */
	void (*set_pte_at)(struct mm_struct *mm, u64 addr, pte_t *p, pte_t v);
	void (*pmd_clear)(pmd_t *p);
	/* *_populate(): point the entry at @p (level @lvl) to @table. */
	void (*populate)(struct mm_struct *mm, int lvl, void *p,
			 phys_addr_t table);
	/*
	 * Map one large page (@lvl PT_PMD or PT_PUD) at the entry @p;
	 * @prot is a mapping protection as pt_map_range() got it.
	 */
	void (*set_leaf)(struct mm_struct *mm, int lvl, void *p, u64 virt,
			 phys_addr_t phys, pgprot_t prot);
	/*
	 * The 4 KiB PTE protection of a mapping protection (x86 drops PSE,
	 * which is PAT in a PTE). Return: 0, or -EINVAL if @prot only
	 * describes large pages (an ARM section protection).
	 */
	int (*pte_prot)(pgprot_t prot, pgprot_t *out);

	/* ---- address spaces ---- */
	/* First address of the kernel half of every pgd (KERNEL_PGD_BOUNDARY). */
	u64 (*kernel_pgd_boundary)(const struct machine *m);
	/* pgd_alloc()'s arch part after the kernel half is copied; may be NULL. */
	int (*pgd_prepare)(struct mm_struct *mm);
	/* init_new_context(): the ASID of a new mm; may be NULL. */
	void (*init_new_context)(struct paging_state *s, struct mm_struct *mm);
	/* The pgd a CPU's translation-table register points at. */
	phys_addr_t (*cpu_pgd)(const struct cpu *c);

	/* ---- TLB and context switch (asm/tlbflush.h, mmu_context.h) ---- */
	void (*switch_mm_irqs_off)(struct mm_struct *prev,
				   struct mm_struct *next, int cpu);
	void (*flush_tlb_local)(int cpu);
	void (*flush_tlb_all)(void);
	/* One kernel page from @cpu's TLB, or from every CPU's (@cpu < 0). */
	void (*flush_tlb_one_kernel)(int cpu, u64 addr);
	void (*flush_tlb_mm_range)(struct mm_struct *mm, u64 start, u64 end,
				   unsigned int stride_shift);
	/* __switch_to()'s stack part beyond top_of_stack; may be NULL. */
	void (*switch_to_stack)(struct machine *m, int cpu, u64 top);
	/* TOP_OF_KERNEL_STACK_PADDING. */
	u64 (*top_of_stack_padding)(void);
	/* An interrupt from user mode: the CPU's stack switch. */
	int (*enter_kernel)(struct machine *m, int cpu);

	/* A user access's fault as do_page_fault reads it (arch/ * /fault.c). */
	void (*decode_user_fault)(const struct mmu_fault *f,
				  struct user_fault *uf);

	/* ---- kernel mappings (asm/set_memory.h) ---- */
	int (*set_memory)(u64 addr, int numpages, enum set_memory_op op);

	/* ---- boot ---- */
	int cpu_kind;			/* CPU_X86 or CPU_ARM (hw/cpu.h) */
	u64 reset_cr0;			/* CR0 at power-on (x86: PE) */
	/* Where the kernel image sits without one placed, above PHYS_OFFSET. */
	u64 default_text_offset;
	/* log2 of the early (head) mapping's page size. */
	unsigned int (*head_map_shift)(const struct pt_format *f);
	/* Load @pgd and turn the MMU on, as head.S does (boot_step each). */
	int (*head_paging_on)(struct machine *m, struct cpu *c,
			      phys_addr_t pgd);
	/* The local flush after the identity map is gone. */
	void (*head_flush)(struct cpu *c);
	/* Per-CPU TSS and entry stacks; may be NULL. */
	int (*tss_setup)(struct machine *m);

	/* ---- m:check() ---- */
	/*
	 * Check the kernel entry at physical @ea (level @lvl, mapping @va)
	 * with pt_check_fail(). Return: the table it points to, to be
	 * walked next, or 0 (a leaf, empty, bad, or the arch walked it).
	 */
	phys_addr_t (*check_entry)(struct pt_check *c, phys_addr_t ea,
				   int lvl, u64 va);
};

/* ---- what the architectures get from the generic checker ---- */
struct pt_check {
	struct machine *m;
	const struct pt_format *f;
	const struct cpu *cpu;
	phys_addr_t *tables;	/* every table page reached */
	size_t n, cap;
	int bad;
};
void pt_check_fail(struct pt_check *c, const char *what, int lvl, u64 va,
		   phys_addr_t ea, u64 v);
void pt_check_add_table(struct pt_check *c, phys_addr_t pa);

/* The running machine's hooks. */
static inline const struct pt_ops *pt_ops(void)
{
	return pt_fmt()->ops;
}

/* TLB_FLUSH_ALL of asm/tlbflush.h: a whole address space (mm/tlbflush.c). */
#define TLB_FLUSH_ALL	(-1L)
/* Linux's enum tlb_flush_reason (include/linux/mm_types.h). */
enum tlb_flush_reason {
	TLB_FLUSH_ON_TASK_SWITCH,
	TLB_REMOTE_SHOOTDOWN,
	TLB_LOCAL_SHOOTDOWN,
	TLB_LOCAL_MM_SHOOTDOWN,
	TLB_REMOTE_SEND_IPI,
	NR_TLB_FLUSH_REASONS,
};

/* The tlb_flush event, as Linux's trace_tlb_flush(). */
void trace_tlb_flush(struct machine *m, enum tlb_flush_reason reason,
		     long pages);
/*
 * The reason of a shootdown on @cpu: local (TLB_LOCAL_MM_SHOOTDOWN for an
 * mm's range) on the CPU that runs the flush, the current one; remote
 * elsewhere.
 */
enum tlb_flush_reason tlb_shootdown_reason(struct machine *m, int cpu,
					   bool mm_range);

/* Used by head code of every architecture: a trace event and a dmesg line. */
void boot_step(struct machine *m, const char *step, u64 value,
	       const char *fmt, ...) __printf(4, 5);


#endif /* MMSIM_PT_OPS_H */
