// SPDX-License-Identifier: GPL-2.0
/*
 * Turning paging on through an identity map (P4), as the boot CPU does in
 * arch/x86/kernel/head_64.S / head_32.S and arch/arm/kernel/head.S, and
 * the shared end of every architecture's paging_init:
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
 * runs at the start of paging_init rather than before setup_arch. Linux
 * writes each head.S in assembly; mmsim shares the steps and asks the
 * architecture (struct pt_ops) for the register writes of step 3 and the
 * flush of step 5 (arch/x86/head.c, arch/arm/pgtable.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <hw/mmu.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

/**
 * boot_step - report one step of turning paging on
 * @m: the machine
 * @step: the boot_paging event's step name
 * @value: the register value (or address) of the step
 * @fmt: the dmesg line
 */
void boot_step(struct machine *m, const char *step, u64 value,
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
		void *p = pgd_offset(mm, a);

		if (f->top == PT_PMD)	/* ARM: both sections of the pair */
			pmd_clear(p);
		else
			pt_entry_write(p, 0);
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
	const struct pt_ops *ops = f->ops;
	struct cpu *cpu = &m->cpus[0];
	phys_addr_t kstart = m->kernel_phys_start, kend = m->kernel_phys_end;
	unsigned int shift = ops->head_map_shift(f);
	enum pg_level lvl = shift > PAGE_SHIFT ? PG_LEVEL_2M : PG_LEVEL_4K;
	u64 align = 1ULL << shift, hi;
	int ret;

	if (!kend || kend <= kstart) {	/* no image placed: the default */
		kstart = m->layout.phys_offset + ops->default_text_offset;
		kend = kstart + SZ_8M;
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
	early->pgd_phys = pt_alloc_pages(m, pgd_order());
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
	ret = ops->head_paging_on(m, cpu, early->pgd_phys);
	if (ret)
		return ret;
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
	ops->head_flush(cpu);
	if ((hi != kstart && maps_to(cpu, kstart, kstart)) ||
	    !maps_to(cpu, hi, kstart))
		return -EIO;
	boot_step(m, "identity_removed", kstart,
		  "paging: identity map removed, TLB flushed");
	m->paging->kernel_text_virt = hi;
	return 0;
}

/**
 * paging_init_finish - the last step of paging boot
 * @m: the machine
 *
 * Sets up the TSSs (x86) and the idle tasks and reports the paging mode
 * in dmesg.
 *
 * Context: boot, once the kernel page tables are live.
 * Return: 0 or a negative errno of the TSS setup / paging_tasks_init().
 */
int paging_init_finish(struct machine *m)
{
	struct paging_state *s = m->paging;
	int ret = s->fmt->ops->tss_setup ? s->fmt->ops->tss_setup(m) : 0;

	if (!ret)
		ret = paging_tasks_init(m);
	if (ret)
		return ret;
	pr_info("paging: %s, %zu page-table pages, %s\n", s->fmt->name,
		s->nr_pt_pages, mmu_mode_name(m->cpus[0].mode));
	return 0;
}
