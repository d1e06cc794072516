// SPDX-License-Identifier: GPL-2.0
/*
 * Turning paging on through an identity map (P4), as the boot CPU does in
 * arch/x86/kernel/head_64.S / head_32.S and arch/arm/kernel/head.S:
 *
 *   1. paging off, the CPU fetches at the kernel's physical address
 *   2. build early tables: the kernel image mapped twice, at virt == phys
 *      (identity) and at its high kernel address
 *   3. load CR3 (TTBR0), enable PAE / LME / LA57 as the mode needs, set
 *      CR0.PG (SCTLR.M): the next fetch is translated, and the identity
 *      map makes it land where it would have without paging
 *   4. "jump" to the high address (the instruction pointer changes)
 *   5. remove the identity map and flush the TLB
 *
 * Each step is a boot_paging trace event and a line in dmesg.
 *
 * SIM: Linux's early tables are static in the kernel image (early_top_pgt,
 * initial_page_table); mmsim takes them from memblock, which is why this
 * runs at the start of paging_init rather than before setup_arch.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <hw/mmu.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

static void boot_step(struct machine *m, const char *step, u64 value,
		      const char *fmt, ...) __printf(4, 5);

static void boot_step(struct machine *m, const char *step, u64 value,
		      const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	trace_event(m, "boot_paging", TF_S("step", step), TF_X("value", value));
	pr_info("%s\n", line);
}

/* Does @va translate to @pa on @cpu right now (a probe, no side effect)? */
static bool maps_to(struct cpu *cpu, u64 va, phys_addr_t pa)
{
	struct mmu_walk w;
	struct mmu_fault f;

	return !mmu_walk(cpu, va, MMU_PROBE | MMU_EXEC | MMU_SUPER, &w, &f) &&
	       w.pa == pa;
}

/* Clear the top-level entries of @mm covering [start, end). */
static void zap_top_entries(struct mm_struct *mm, u64 start, u64 end)
{
	const struct pt_format *f = pt_fmt();
	u64 step = 1ULL << f->shift[PT_PGD];

	for (u64 a = ALIGN_DOWN(start, step); a < end; a += step) {
		u8 *p = (u8 *)pgd_offset(mm, a);

		if (f->arm) {	/* the identity sections of head.S */
			pt_entry_write(p, 0);
			pt_entry_write(p + 4, 0);
		} else {
			pt_entry_write(p, 0);
		}
	}
}

/**
 * paging_head_boot - switch the boot CPU from physical addressing to paging
 * @m: machine (m->paging set up, CPUs reset)
 * @early: receives the early mm (its pgd is what CR3 / TTBR0 holds)
 * @kvirt: virtual address of physical 0 in the kernel mapping
 *	   (__START_KERNEL_map on x86_64, PAGE_OFFSET - PHYS_OFFSET elsewhere)
 *
 * Return: 0, or -ENOMEM / -EIO if a step did not do what the CPU needs.
 */
int paging_head_boot(struct machine *m, struct mm_struct *early, u64 kvirt)
{
	const struct pt_format *f = m->paging->fmt;
	struct cpu *cpu = &m->cpus[0];
	phys_addr_t kstart = m->kernel_phys_start, kend = m->kernel_phys_end;
	enum pg_level lvl = PG_LEVEL_4K;
	u64 align = PAGE_SIZE, hi;
	int ret;

	if (!kend || kend <= kstart) {	/* no image placed: the default */
		kstart = f->arm ? m->layout.phys_offset + 0x8000 : SZ_16M;
		kend = kstart + SZ_8M;
	}
	if (f->arm) {
		lvl = PG_LEVEL_2M, align = SECTION_SIZE;	/* sections */
	} else if (f->long_mode) {
		lvl = PG_LEVEL_2M, align = SZ_2M;		/* early 2M pages */
	}
	kstart = ALIGN_DOWN(kstart, align);
	kend = ALIGN(kend, align);
	hi = kvirt + kstart;

	boot_step(m, "paging_off", cpu->cr0,
		  "paging: CPU0 starts with paging off, ip=%#llx (physical)",
		  (unsigned long long)kstart);
	cpu->ip = kstart;

	/* CR3 is loaded before long mode: only 32 bits of it count. */
	m->paging->alloc_limit = SZ_4G;
	early->pgd_phys = pt_alloc_pages(m, f->arm ? 2 : 0);
	ret = early->pgd_phys ? 0 : -ENOMEM;
	if (!ret) {
		early->pgd = pt_phys_to_ptr(early->pgd_phys);
		ret = pt_map_range(early, kstart, kstart, kend - kstart,
				   PAGE_KERNEL_EXEC, lvl, false);
	}
	if (!ret)
		ret = pt_map_range(early, hi, kstart, kend - kstart,
				   PAGE_KERNEL_EXEC, lvl, false);
	m->paging->alloc_limit = 0;
	if (ret)
		return ret;
	boot_step(m, "identity_map", early->pgd_phys,
		  "paging: early page tables at %#llx: identity map [mem 0x%08llx-0x%08llx] and kernel map at %#llx",
		  (unsigned long long)early->pgd_phys,
		  (unsigned long long)kstart, (unsigned long long)kend - 1,
		  (unsigned long long)hi);

	if (f->arm) {
		cpu_arm_write(cpu, ARM_TTBCR, 0);
		cpu_arm_write(cpu, ARM_TTBR0, early->pgd_phys);
		cpu_arm_write(cpu, ARM_DACR, 0x55555555);	/* all client */
		boot_step(m, "ttbr0", early->pgd_phys,
			  "paging: TTBR0=%#llx DACR=%#x",
			  (unsigned long long)early->pgd_phys, 0x55555555);
		cpu_arm_write(cpu, ARM_SCTLR, cpu->sctlr | ARM_SCTLR_M);
		boot_step(m, "mmu_on", cpu->sctlr, "paging: SCTLR.M=1, MMU on");
	} else {
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
		if (cpu_write_cr3(cpu, early->pgd_phys))
			return -EIO;
		boot_step(m, "cr3", early->pgd_phys, "paging: CR3=%#llx",
			  (unsigned long long)early->pgd_phys);
		if (cpu_write_cr0(cpu, cpu->cr0 | X86_CR0_PG | X86_CR0_WP))
			return -EIO;
		boot_step(m, "cr0", cpu->cr0,
			  "paging: CR0.PG=1, %s paging on%s",
			  mmu_mode_name(cpu->mode),
			  (cpu->efer & EFER_LMA) ? " (long mode active)" : "");
	}
	/* The next fetch is translated: the identity map keeps ip valid. */
	if (!maps_to(cpu, cpu->ip, cpu->ip))
		return -EIO;
	cpu->ip = hi;
	if (!maps_to(cpu, cpu->ip, kstart))
		return -EIO;
	boot_step(m, "jump", hi, "paging: jumped to the kernel mapping, ip=%#llx",
		  (unsigned long long)hi);

	if (hi != kstart)
		zap_top_entries(early, kstart, kend);
	if (f->arm)
		cpu_arm_tlbiall(cpu);
	else
		cpu_write_cr3(cpu, cpu->cr3);	/* reload: flush, new PDPTEs */
	if ((hi != kstart && maps_to(cpu, kstart, kstart)) ||
	    !maps_to(cpu, hi, kstart))
		return -EIO;
	boot_step(m, "identity_removed", kstart,
		  "paging: identity map removed, TLB flushed");
	m->paging->kernel_text_virt = hi;
	return 0;
}
