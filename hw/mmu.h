/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated MMU: what the CPU does on every memory access.
 *
 *   linear address --TLB hit--> physical address
 *                  \--miss--> page walk from CR3 / TTBR through tables in
 *                             simulated RAM, permission checks, A/D bits
 *                             written back, TLB fill
 *                  \--fault-> #PF (error code, CR2) / #GP (non-canonical)
 *                             or ARM data/prefetch abort (FSR, FAR)
 *
 * Formats (Intel SDM vol. 3 ch. 4, ARM ARM B3.5): x86 32-bit (2 levels,
 * 4 KiB / 4 MiB with CR4.PSE), PAE (PDPTE registers + 2 levels, 2 MiB,
 * NX), IA-32e 4- and 5-level (2 MiB, 1 GiB), ARMv7 short descriptors
 * (1 MiB sections, 4 KiB small pages, 64 KiB large pages, AP/XN/domains).
 */
#ifndef MMSIM_HW_MMU_H
#define MMSIM_HW_MMU_H

#include "cpu.h"
#include "tlb.h"

/* Access type flags for mmu_translate(). */
#define MMU_WRITE	0x01	/* a write (else a read) */
#define MMU_EXEC	0x02	/* an instruction fetch */
#define MMU_USER	0x04	/* a user-mode access even if CPL is 0 */
#define MMU_SUPER	0x08	/* an implicit supervisor access (ignores CPL) */
#define MMU_PROBE	0x10	/* debug walk: no TLB, no A/D, no fault state */

/* x86 #PF error code bits (SDM 4.7, Linux's enum x86_pf_error_code). */
#define X86_PF_PROT	BIT(0)	/* 0: not present, 1: protection */
#define X86_PF_WRITE	BIT(1)
#define X86_PF_USER	BIT(2)
#define X86_PF_RSVD	BIT(3)
#define X86_PF_INSTR	BIT(4)

/* ARM short-descriptor fault status codes (FS[4:0], ARM ARM B3.13.3). */
#define ARM_FS_ALIGNMENT	0x01
#define ARM_FS_ACCESS_SECT	0x03
#define ARM_FS_TRANS_SECT	0x05
#define ARM_FS_ACCESS_PAGE	0x06
#define ARM_FS_TRANS_PAGE	0x07
#define ARM_FS_DOMAIN_SECT	0x09
#define ARM_FS_DOMAIN_PAGE	0x0b
#define ARM_FS_EXTABT_L1	0x0c	/* external abort on walk, level 1 */
#define ARM_FS_PERM_SECT	0x0d
#define ARM_FS_EXTABT_L2	0x0e
#define ARM_FS_PERM_PAGE	0x0f

struct mmu_fault {
	int vector;		/* 14 #PF, 13 #GP; ARM 0x10 / 0x0c */
	u32 error_code;		/* x86 error code */
	u64 addr;		/* CR2 (x86) or DFAR/IFAR (ARM) */
	u32 fsr;		/* ARM DFSR / IFSR */
	const char *reason;	/* "not present", "non-canonical", ... */
};

#define MMU_MAX_LEVELS 6

/* One step of a walk, as m:walk() shows it. */
struct mmu_walk_step {
	const char *name;	/* "PML4E", "PDPTE", "PDE", "PTE", "L1", "L2" */
	phys_addr_t entry_addr;	/* where the entry lives */
	u64 value;		/* what was read (all ones if outside RAM) */
	unsigned int width;	/* 4 or 8 bytes */
	unsigned int index;	/* index in its table */
	bool outside_ram;
	bool leaf;		/* maps a page (or a section) */
	unsigned int page_shift;/* of the page it maps, when leaf */
};

struct mmu_walk {
	int nr;
	struct mmu_walk_step step[MMU_MAX_LEVELS];
	phys_addr_t pa;		/* result, when no fault */
	unsigned int page_shift;
	bool tlb_hit;
};

/*
 * mmu_translate_slow - everything mmu_translate() does not do inline: the
 * set-associative TLB lookup, the exact permission check, the page walk
 * and fault delivery. Same contract as mmu_translate().
 */
int mmu_translate_slow(struct cpu *cpu, u64 va, unsigned int access,
		       phys_addr_t *pa, struct mmu_fault *f);

/*
 * mmu_translate - translate @va as the CPU does for an access of @access.
 * On success stores the physical address in *@pa and returns 0. On a
 * fault fills *@f, updates CR2 / FSR+FAR (unless MMU_PROBE) and returns
 * -EFAULT. Returns -EINVAL (with f->reason) for a linear address the
 * mode cannot form (above 4 GiB on a 32-bit CPU).
 *
 * The hit in the one-entry first-level TLB is inline: a tag compare, one
 * bit test of the rights the entry already resolved, an add. A
 * non-canonical or out-of-range address can never match a tag (only
 * addresses that passed those checks are filled), nor can any address
 * with paging off (the TLB is flushed when paging is turned off).
 */
static inline int mmu_translate(struct cpu *cpu, u64 va, unsigned int access,
				phys_addr_t *pa, struct mmu_fault *f)
{
	struct tlb *tlb = cpu->tlb;

	if (likely(tlb)) {
		const struct tlb_entry *e = tlb->last;

		if (likely(e && e->tag == va >> tlb->last_shift &&
			   ((e->ok >> tlb_ok_index(access, cpu->cpl)) & 1))) {
			tlb->stats.hits++;
			*pa = e->pbase + (va & tlb->last_mask);
			return 0;
		}
	}
	return mmu_translate_slow(cpu, va, access, pa, f);
}

/*
 * mmu_update_rights - re-resolve the permission rules after a change of
 * CR0.WP, CR4.SMEP/SMAP, EFER.NXE, the paging mode or the ARM DACR, and
 * refresh the ok masks of the TLB entries (cpu_update_mode() calls it).
 */
void mmu_update_rights(struct cpu *cpu);

/*
 * mmu_walk - like mmu_translate(), recording each level in *@w. With
 * MMU_PROBE in @access it neither uses nor fills the TLB, sets no A/D bit
 * and changes no register: a pure inspection.
 */
int mmu_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, struct mmu_fault *f);

/* True if @va is canonical for the CPU's current mode. */
bool mmu_canonical(const struct cpu *cpu, u64 va);

/*
 * mmu_copy_from/to - copy @len bytes between a linear address range and a
 * host buffer, one translation per page. Return: 0 or -EFAULT / -EINVAL
 * with *@f filled for the first page that faults.
 */
int mmu_copy_from(struct cpu *cpu, void *dst, u64 va, u64 len,
		  unsigned int access, struct mmu_fault *f);
int mmu_copy_to(struct cpu *cpu, u64 va, const void *src, u64 len,
		unsigned int access, struct mmu_fault *f);

#endif /* MMSIM_HW_MMU_H */
