/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's paging state of one machine (m->paging): the page-table
 * format, init_mm / swapper_pg_dir, the direct-map statistics behind
 * /proc/meminfo's DirectMap lines, per-CPU TSS and current task.
 */
#ifndef MMSIM_PAGING_H
#define MMSIM_PAGING_H

#include "pgtable.h"
#include "sched.h"

/* arch/x86/include/asm/pgtable_types.h enum pg_level. */
enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,		/* also 4M (non-PAE x86_32) and ARM sections */
	PG_LEVEL_1G,
	PG_LEVEL_512G,
	PG_LEVEL_NUM
};

struct paging_pcpu {
	struct task_struct *curr;	/* current task */
	struct task_struct *idle;	/* swapper/N */
	struct mm_struct *loaded_mm;	/* cpu_tlbstate.loaded_mm */
	u64 top_of_stack;		/* cpu_current_top_of_stack */
	u64 entry_stack_top;		/* TSS.sp0: cpu_entry_area entry stack */
	unsigned long nr_switches;	/* rq->nr_switches: /proc/stat ctxt */
};

struct paging_state {
	const struct pt_format *fmt;
	struct mm_struct kernel_mm;	/* its pgd is swapper_pg_dir */
	u8 *sink;			/* zeroed page for wild table pointers */
	phys_addr_t alloc_limit;	/* head: tables below 4 GiB, else 0 */
	/* direct_pages_count[] of arch/x86/mm/pat/set_memory.c */
	unsigned long direct_pages_count[PG_LEVEL_NUM];
	/* Every page-table page in use (physical address, order). */
	struct { phys_addr_t pa; unsigned int order; } *pt_pages;
	size_t nr_pt_pages, cap_pt_pages;
	unsigned long pt_gen;		/* bumped on each change of pt_pages */
	struct list_head mm_list;	/* every mm_struct (pgd_list) */
	struct list_head task_list;
	int next_pid;
	u64 next_ctx_id;
	u16 next_asid;
	phys_addr_t fixmap_pte_phys;	/* fixmap page table (x86) */
	u64 kernel_text_virt;		/* where head "jumped" to */
	bool own_cpus;			/* paging allocated m->cpus */
	struct paging_pcpu pcpu[MAX_NR_CPUS];
};

/*
 * paging_setup - create m->paging for @fmt and reset the CPUs (paging off).
 * Called by the arch's paging_init before anything else. Return: 0/-errno.
 */
int paging_setup(struct machine *m, const struct pt_format *fmt);
/* paging_exit - free m->paging, the TLBs and page-table bookkeeping. */
void paging_exit(struct machine *m);
/* Allocate @order zeroed pages for page tables; 0 on failure. */
phys_addr_t pt_alloc_pages(struct machine *m, unsigned int order);
/* The same for other kernel data (stacks, TSS): not page tables. */
phys_addr_t paging_alloc_pages(struct machine *m, unsigned int order,
			       const char *owner);
void paging_free_pages(struct machine *m, phys_addr_t pa, unsigned int order);
void pt_free_pages(struct machine *m, phys_addr_t pa, unsigned int order);

/*
 * Map [virt, virt+size) -> [phys, ...) in @mm with pages of at most
 * @max_level (PG_LEVEL_4K / 2M / 1G), counting direct-map pages when
 * @count. Return: 0 or -ENOMEM / -EINVAL.
 */
int pt_map_range(struct mm_struct *mm, u64 virt, phys_addr_t phys, u64 size,
		 pgprot_t prot, enum pg_level max_level, bool count);
/*
 * Why [virt, virt+size) -> phys cannot be mapped in the current format
 * (non-canonical / beyond 32 bits / above MAXPHYADDR), or NULL if it can.
 */
const char *pt_map_check(u64 virt, phys_addr_t phys, u64 size,
			 enum pg_level max_level);
/* First address of the kernel half of every pgd (KERNEL_PGD_BOUNDARY). */
u64 kernel_pgd_boundary(void);
/*
 * pgd_alloc(): @mm's top-level table, the kernel half copied from
 * swapper_pg_dir (T2); pgd_free(): its user tables and the pgd.
 */
int pgd_alloc(struct mm_struct *mm);
void pgd_free(struct mm_struct *mm);
/* Is @v, an entry at real level @lvl, a leaf (large page / section)? */
int lvl_is_leaf(int lvl, u64 v);
/* Unmap one 4 KiB page; no TLB flush. Return: 0, or -ENOENT. */
int pt_unmap_page(struct mm_struct *mm, u64 virt);

/*
 * lookup_address(): the kernel entry mapping an address (mm/memory.c);
 * set_memory_*(): attribute changes of kernel pages, done by the
 * architecture (x86 splits large pages; ARM, as arch/arm/mm/pageattr.c,
 * only the vmalloc and module areas). 0 or -errno.
 */
pte_t *lookup_address(u64 address, unsigned int *level);
int set_memory_ro(u64 addr, int numpages);
int set_memory_rw(u64 addr, int numpages);
int set_memory_nx(u64 addr, int numpages);
int set_memory_x(u64 addr, int numpages);
int set_memory_4k(u64 addr, int numpages);

/*
 * mm/memory.c: apply_to_page_range() calls @fn on the PTE of every page of
 * [addr, addr+size) in @mm, allocating page tables as needed;
 * apply_to_existing_page_range() only where tables exist (holes skipped).
 * Both refuse a range that a large page maps (-EINVAL). Return: 0, the
 * first nonzero @fn result, -ENOMEM or -EINVAL.
 */
typedef int (*pte_fn_t)(pte_t *pte, u64 addr, void *data);
int apply_to_page_range(struct mm_struct *mm, u64 addr, u64 size,
			pte_fn_t fn, void *data);
int apply_to_existing_page_range(struct mm_struct *mm, u64 addr, u64 size,
				 pte_fn_t fn, void *data);

/* Invariant checks of the kernel page tables (m:check()). */
int pgtable_check(struct machine *m);
/* The boot CPU's identity-mapped entry to paging (P4). */
int paging_head_boot(struct machine *m, struct mm_struct *early, u64 kvirt);
/* The early (head) tables: remembered, then freed once swapper is live. */
#define EARLY_TABLES_MAX 64
struct early_tables {
	size_t n;
	phys_addr_t pa[EARLY_TABLES_MAX];
	unsigned int order[EARLY_TABLES_MAX];
};
void paging_capture_early(struct machine *m, size_t first,
			  struct early_tables *e);
void paging_free_early(struct machine *m, const struct early_tables *e);
/* Shared end of paging_init: TSS, idle tasks, the summary line. */
int paging_init_finish(struct machine *m);
/* The idle tasks swapper/N (kernel/sched.c). */
int paging_tasks_init(struct machine *m);
/* Load @mm on @cpu: CR3 (+PCID) or TTBR0 (+ASID). */
void switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
			int cpu);
/* Flushes with Linux's tlb_flush trace event (reason, pages). */
void flush_tlb_local(int cpu);
void flush_tlb_all(void);
void flush_tlb_one_kernel(u64 addr);
void flush_tlb_one_kernel_on(int cpu, u64 addr);
void flush_tlb_kernel_range(u64 start, u64 end);
/*
 * Flush [start, end) of a user @mm after its page tables changed: bumps
 * mm->context.tlb_gen and flushes the CPUs that have it loaded; the others
 * flush when they switch to it (x86 PCID) or are reached by the ASID
 * broadcast (ARM TLBIMVAIS).
 */
void flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			unsigned int stride_shift, bool freed_tables);

/* User-mode entry to the kernel (interrupt/syscall): stack from the TSS. */
int cpu_enter_kernel(int cpu);
int cpu_return_to_user(int cpu);

#include "pt_ops.h"

#endif /* MMSIM_PAGING_H */
