/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the parts of the simulated MMU (hw/mmu.c entry points and
 * the fast IA-32e walk, hw/mmu_rights.c fault delivery and permission
 * rules, hw/mmu_x86.c and hw/mmu_arm.c the full walks). Not an interface
 * for the kernel: it uses hw/mmu.h.
 */
#ifndef MMSIM_HW_MMU_INTERNAL_H
#define MMSIM_HW_MMU_INTERNAL_H

#include "trace_event.h"

#include "mmu.h"
#include "ram.h"
#include "tlb.h"

/* Paging-structure entry bits the walk looks at (SDM table 4-19 ...). */
#define PTE_P		BIT_ULL(0)
#define PTE_RW		BIT_ULL(1)
#define PTE_US		BIT_ULL(2)
#define PTE_A		BIT_ULL(5)
#define PTE_D		BIT_ULL(6)
#define PTE_PS		BIT_ULL(7)
#define PTE_G		BIT_ULL(8)
#define PTE_XD		BIT_ULL(63)

static inline bool mode_is_32bit(const struct cpu *cpu)
{
	return cpu->isa == CPU_ARM || !(cpu->efer & EFER_LMA);
}

/* hw/mmu_rights.c */
int x86_fault(struct cpu *cpu, u64 va, unsigned int access, u32 err,
	      const char *reason, struct mmu_fault *f);
int x86_gp(struct cpu *cpu, u64 va, unsigned int access,
	   struct mmu_fault *f);
int arm_fault(struct cpu *cpu, u64 va, unsigned int access,
	      unsigned int fs, unsigned int domain, const char *reason,
	      struct mmu_fault *f);
bool x86_nx_enabled(const struct cpu *cpu);
u32 x86_err_base(const struct cpu *cpu, unsigned int access);
const char *x86_denied(const struct cpu *cpu, u16 attr,
		       unsigned int access);
const char *arm_denied(const struct cpu *cpu, u16 attr,
		       unsigned int access, bool *domain_fault);
u64 entry_ok(const struct cpu *cpu, u16 attr);
bool fault_is_user(const struct cpu *cpu, unsigned int access);

/* hw/mmu_x86.c, hw/mmu_arm.c: the full walks (w may be NULL). */
int x86_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, phys_addr_t *pa, struct mmu_fault *f);
int arm_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, phys_addr_t *pa, struct mmu_fault *f);

/* Entry access for the walks (an entry outside RAM reads as all ones). */
static inline u64 read_entry(struct cpu *cpu, phys_addr_t pa, unsigned int width,
			     bool *outside)
{
	u64 v64;
	u32 v32;

	*outside = false;
	if (width == 8) {
		if (ram_read64(cpu->ram, pa, &v64))
			return v64;
		*outside = true;
		return ~0ULL;
	}
	if (ram_read32(cpu->ram, pa, &v32))
		return v32;
	*outside = true;
	return 0xffffffffULL;
}

static inline void write_entry(struct cpu *cpu, phys_addr_t pa, unsigned int width,
			       u64 v)
{
	if (width == 8)
		ram_write64(cpu->ram, pa, v);
	else
		ram_write32(cpu->ram, pa, (u32)v);
}

static inline void record(struct mmu_walk *w, const char *name, phys_addr_t ea,
			  u64 v, unsigned int width, unsigned int idx, bool outside)
{
	struct mmu_walk_step *s;

	if (!w || w->nr >= MMU_MAX_LEVELS)
		return;
	s = &w->step[w->nr++];
	s->name = name;
	s->entry_addr = ea;
	s->value = v;
	s->width = width;
	s->index = idx;
	s->outside_ram = outside;
	s->leaf = false;
	s->page_shift = 0;
}

#endif /* MMSIM_HW_MMU_INTERNAL_H */
