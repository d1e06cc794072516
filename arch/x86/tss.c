// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU TSS in the cpu_entry_area, and what the hardware and the
 * entry code do with it (T1). Mirrors arch/x86/include/asm/processor.h
 * (struct x86_hw_tss), arch/x86/kernel/cpu/common.c (cpu_init_exception_
 * handling, load_sp0), arch/x86/include/asm/switch_to.h (update_task_stack)
 * and arch/x86/mm/cpu_entry_area.c.
 *
 * struct x86_hw_tss, bytes (both 104 long):
 *   x86_32: 0 back_link, 4 sp0, 8 ss0, 12 sp1, 16 ss1, 20 sp2, 24 ss2,
 *           28 __cr3, 32 ip, 36 flags, 40.. ax cx dx bx sp bp si di,
 *           72.. es cs ss ds fs gs ldt, 100 trace, 102 io_bitmap_base
 *   x86_64: 0 reserved1, 4 sp0, 12 sp1, 20 sp2, 28 reserved2, 36 ist[7],
 *           92 reserved3, 96 reserved4, 100 reserved5, 102 io_bitmap_base
 *
 * What Linux does with it: TSS.sp0 is a constant per CPU, the top of the
 * small entry stack in the cpu_entry_area; the CPU loads it on an
 * interrupt or exception from user mode, and the entry code then moves to
 * the task's stack, cpu_current_top_of_stack. __switch_to() updates that
 * one: on x86_32 it *is* TSS.sp1, on x86_64 a per-CPU variable. The TSS
 * __cr3 field is never used (no hardware task switching).
 */
#include <string.h>

#include <hw/mmu.h>
#include <mmsim/arch.h>
#include <mmsim/paging.h>

#include "x86.h"

#define TSS_SP0		4
#define TSS32_SS0	8
#define TSS_SP1		12
#define TSS32_SS1	16
#define TSS64_IST	36
#define TSS_IO_BITMAP_BASE	102
#define X86_HW_TSS_SIZE	104
#define __KERNEL_CS_32	0x60	/* GDT_ENTRY_KERNEL_CS (12) * 8 */
#define __KERNEL_DS_32	0x68	/* GDT_ENTRY_KERNEL_DS (13) * 8 */
#define N_EXCEPTION_STACKS	4	/* DF, NMI, DB, MC */
/* SIM: a cpu_entry_area of 16 pages per CPU: [1] entry stack, [2] TSS. */
#define CEA_PAGES	16
#define CEA_X86_64_BASE	0xfffffe0000000000ULL

static bool is64(struct machine *m)
{
	return m->arch ? m->arch->bits == 64 :
	       m->paging->fmt->long_mode;
}

static u64 cea_base(struct machine *m)
{
	for (int i = 0; i < m->layout.nr_regions; i++)
		if (!strcmp(m->layout.regions[i].name, "cpu_entry_area"))
			return m->layout.regions[i].start;
	return is64(m) ? CEA_X86_64_BASE : 0;
}

/**
 * x86_tss_setup - give every CPU its TSS and entry stack (cpu_entry_area)
 * @m: machine whose kernel page tables are live
 *
 * Return: 0 or -ENOMEM.
 */
int x86_tss_setup(struct machine *m)
{
	u64 base = cea_base(m);

	for (int i = 0; i < m->nr_cpus; i++) {
		struct cpu *cpu = &m->cpus[i];
		phys_addr_t pa = paging_alloc_pages(m, 1, "cpu_entry_area");
		u64 va, estack_top, tss_va;

		if (!pa)
			return -ENOMEM;
		if (base) {
			/* page 0 of the area: the GDT (not modelled) */
			va = base + PAGE_SIZE + (u64)i * CEA_PAGES * PAGE_SIZE;
			if (pt_map_range(&init_mm, va + PAGE_SIZE, pa,
					 2 * PAGE_SIZE, PAGE_KERNEL,
					 PG_LEVEL_4K, false))
				return -ENOMEM;
			estack_top = va + 2 * PAGE_SIZE;
			tss_va = va + 2 * PAGE_SIZE;
		} else {
			/* SIM: no cpu_entry_area in this layout: direct map */
			estack_top = layout_va(&m->layout, pa) + PAGE_SIZE;
			tss_va = estack_top;
			va = 0;
		}
		cpu->tss_phys = pa + PAGE_SIZE;
		cpu->tss_virt = tss_va;
		m->paging->pcpu[i].entry_stack_top = estack_top;
		if (is64(m)) {
			ram_write64(&m->ram, cpu->tss_phys + TSS_SP0, estack_top);
			/*
			 * SIM: the IST exception stacks get their Linux
			 * places in the area but no backing pages.
			 */
			for (int k = 0; k < N_EXCEPTION_STACKS; k++)
				ram_write64(&m->ram, cpu->tss_phys + TSS64_IST + 8 * k,
					    va ? va + (4 + 2 * k) * PAGE_SIZE : 0);
		} else {
			ram_write32(&m->ram, cpu->tss_phys + TSS_SP0,
				    (u32)estack_top);
			ram_write32(&m->ram, cpu->tss_phys + TSS32_SS0,
				    __KERNEL_DS_32);
			ram_write32(&m->ram, cpu->tss_phys + TSS32_SS1,
				    __KERNEL_CS_32);
		}
		/* IO_BITMAP_OFFSET_INVALID: beyond the TSS limit, no bitmap. */
		ram_write32(&m->ram, cpu->tss_phys + 100,
			    (u32)(X86_HW_TSS_SIZE + 1) << 16);
	}
	pr_info("x86/tss: %d TSS%s in the cpu_entry_area at %#llx\n",
		m->nr_cpus, m->nr_cpus > 1 ? "" : "", (unsigned long long)base);
	return 0;
}

/*
 * update_task_stack() + the top-of-stack write of __switch_to():
 * x86_32 writes TSS.sp1 (cpu_current_top_of_stack lives there);
 * x86_64 keeps it in a per-CPU variable only. TSS.sp0 does not change.
 */
void x86_switch_to_stack(struct machine *m, int cpu_id, u64 top)
{
	struct cpu *cpu = &m->cpus[cpu_id];

	if (!is64(m) && cpu->tss_phys)
		ram_write32(&m->ram, cpu->tss_phys + TSS_SP1, (u32)top);
}

/**
 * x86_enter_kernel - an interrupt or system call arrives in user mode
 * @m: the machine
 * @cpu_id: the CPU, in user mode
 *
 * The hardware loads the stack pointer from TSS.sp0 in simulated memory
 * (a read of the real bytes), switches to CPL 0; the entry code
 * (SWITCH_TO_KERNEL_STACK / sync_regs) then moves to the task stack.
 *
 * Return: 0.
 */
int x86_enter_kernel(struct machine *m, int cpu_id)
{
	struct cpu *cpu = &m->cpus[cpu_id];
	struct paging_state *s = m->paging;
	u64 sp0 = 0;

	if (is64(m)) {
		ram_read64(&m->ram, cpu->tss_phys + TSS_SP0, &sp0);
	} else {
		u32 v = 0;

		ram_read32(&m->ram, cpu->tss_phys + TSS_SP0, &v);
		sp0 = v;
	}
	cpu->cpl = 0;
	cpu->sp = sp0;
	trace_event(m, "kernel_entry", TF_U("cpu", cpu_id),
		    TF_X("tss_sp0", sp0),
		    TF_X("top_of_stack", s->pcpu[cpu_id].top_of_stack));
	/* The entry code leaves the entry stack for the task stack. */
	cpu->sp = s->pcpu[cpu_id].top_of_stack;
	return 0;
}
