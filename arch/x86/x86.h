/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What arch/x86's setup, e820 and layout files share (not public).
 */
#ifndef MMSIM_ARCH_X86_H
#define MMSIM_ARCH_X86_H

#include <mmsim/paging.h>

#include "../arch_internal.h"

#define MAX_DMA_PFN	(SZ_16M >> PAGE_SHIFT)	/* ISA DMA: 24 address bits */
#define MAX_DMA32_PFN	(SZ_4G >> PAGE_SHIFT)
#define MAX_NONPAE_PFN	(1UL << 20)		/* 4 GiB */

/* The top of the x86_32 kernel window: everything above VMALLOC_END. */
struct x86_32_top {
	vaddr_t fixaddr_top;		/* __FIXADDR_TOP = 0xfffff000 */
	vaddr_t fixaddr_start;		/* FIXADDR_TOP - FIXADDR_SIZE */
	vaddr_t fixaddr_tot_start;	/* ... - FIXADDR_TOT_SIZE (with BTMAPs) */
	vaddr_t cpu_entry_area_base;	/* CPU_ENTRY_AREA_BASE */
	vaddr_t cpu_entry_area_end;	/* + CPU_ENTRY_AREA_MAP_SIZE */
	vaddr_t ldt_base, ldt_end;	/* LDT_BASE_ADDR, LDT_END_ADDR */
	vaddr_t pkmap_base;		/* PKMAP_BASE */
	unsigned int last_pkmap;	/* LAST_PKMAP */
	vaddr_t vmalloc_end;		/* VMALLOC_END = PKMAP_BASE - 2 pages */
};

void x86_32_layout_top(bool pae, struct x86_32_top *t);
/* __end_of_fixed_addresses: the permanent slots, then 512 FIX_BTMAPs. */
unsigned long x86_end_of_fixed_addresses(unsigned long end_perm,
					 unsigned long ptrs_per_pte);
#define X86_TOTAL_FIX_BTMAPS	512	/* NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS */
/* __VMALLOC_RESERVE: 128M, or vmalloc= plus VMALLOC_OFFSET. */
u64 x86_32_vmalloc_reserve(const struct machine_config *cfg);
/* MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (may be <= 0). */
s64 x86_32_maxmem(const struct machine_config *cfg, bool pae);
/* Fill m->layout once max_low_pfn (hence high_memory) is known. */
void x86_32_fill_layout(struct machine *m, bool pae);
void x86_64_fill_layout(struct machine *m, bool la57);

/* e820.c: the PC firmware map, shared by the four x86 variants. */
void e820_firmware_memmap(struct machine *m);

/* pgtable.c: the format of an x86 --arch value. */
const struct pt_format *x86_format(enum mm_arch_id id);

/* init_mem.c: paging_init and arch_report_meminfo. */
int x86_paging_init(struct machine *m);
void x86_report_meminfo(struct machine *m, struct strbuf *sb);

/* cpu_features.c: identify_cpu()'s CR4.SMEP/SMAP (nosmep, nosmap). */
int x86_setup_smep_smap(struct machine *m, struct cpu *cpu);

/* tlb.c: x86's struct pt_ops TLB and switch_mm hooks (arch/x86/mm/tlb.c). */
void x86_switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next,
			    int cpu);
void x86_flush_tlb_local(int cpu);
void x86_flush_tlb_all(void);
void x86_flush_tlb_one_kernel(int cpu, u64 addr);
void x86_flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end,
			    unsigned int stride_shift);

/* tss.c: the TSS, the stack part of __switch_to() and kernel entry. */
int x86_tss_setup(struct machine *m);
void x86_switch_to_stack(struct machine *m, int cpu, u64 top);
int x86_enter_kernel(struct machine *m, int cpu);

/* head.c: CR4/EFER/CR3/CR0 of head_{32,64}.S, and the flush after it. */
int x86_head_paging_on(struct machine *m, struct cpu *c, phys_addr_t pgd);
void x86_head_flush(struct cpu *c);

/* set_memory.c (arch/x86/mm/pat/set_memory.c). */
int x86_set_memory(u64 addr, int numpages, enum set_memory_op op);
int split_large_page(pte_t *kpte, unsigned int level, u64 address);
u64 pgprot_4k_2_large(u64 prot);

/* pgtable_check.c: reserved bits and targets of one kernel entry. */
phys_addr_t x86_check_entry(struct pt_check *c, phys_addr_t ea, int lvl,
			    u64 va);


/* arch/x86/fault.c: a user #PF / #GP as do_user_addr_fault reads it. */
void x86_decode_user_fault(const struct mmu_fault *f, struct user_fault *uf);
#endif /* MMSIM_ARCH_X86_H */
