// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 register steps of turning paging on, as head_32.S / head_64.S
 * (and startup_32's long-mode entry) do them: CR4 (PSE, or PAE with PGE
 * and LA57), EFER (LME, NXE), CR3, then CR0.PG. The steps around them
 * (identity map, jump, removal) are shared: mm/paging_init.c.
 */
#include <hw/mmu.h>
#include <mmsim/paging.h>

#include "x86.h"

/**
 * x86_head_paging_on - load the early pgd and set CR0.PG (pt_ops hook)
 * @m: the machine
 * @cpu: the boot CPU, paging off
 * @pgd: physical address of the early top-level table
 *
 * Return: 0, or -EIO if the CPU refused a register value.
 */
int x86_head_paging_on(struct machine *m, struct cpu *cpu, phys_addr_t pgd)
{
	const struct pt_format *f = m->paging->fmt;
	u64 cr4 = 0, efer = 0;

	if (f->levels == 2) {
		cr4 = X86_CR4_PSE;
	} else {
		cr4 = X86_CR4_PAE | (f->levels == 5 ? X86_CR4_LA57 : 0);
		if (f->long_mode)
			cr4 |= X86_CR4_PGE, efer |= EFER_LME;
		if (cpu->has_nx)
			efer |= EFER_NX;
	}
	if (cpu_write_cr4(cpu, cr4))
		return -EIO;
	boot_step(m, "cr4", cr4, "paging: CR4=%#llx%s%s%s",
		  (unsigned long long)cr4,
		  (cr4 & X86_CR4_PAE) ? " PAE" : "",
		  (cr4 & X86_CR4_LA57) ? " LA57" : "",
		  (cr4 & X86_CR4_PSE) ? " PSE" : "");
	if (efer) {
		if (cpu_write_efer(cpu, efer))
			return -EIO;
		boot_step(m, "efer", efer, "paging: EFER=%#llx%s%s",
			  (unsigned long long)efer,
			  (efer & EFER_LME) ? " LME" : "",
			  (efer & EFER_NX) ? " NXE" : "");
	}
	if (cpu_write_cr3(cpu, pgd))
		return -EIO;
	boot_step(m, "cr3", pgd, "paging: CR3=%#llx", (unsigned long long)pgd);
	if (cpu_write_cr0(cpu, cpu->cr0 | X86_CR0_PG | X86_CR0_WP))
		return -EIO;
	boot_step(m, "cr0", cpu->cr0, "paging: CR0.PG=1, %s paging on%s",
		  mmu_mode_name(cpu->mode),
		  (cpu->efer & EFER_LMA) ? " (long mode active)" : "");
	return 0;
}

/* Reload CR3: flushes the non-global entries and, PAE, re-reads PDPTEs. */
void x86_head_flush(struct cpu *cpu)
{
	cpu_write_cr3(cpu, cpu->cr3);
}
