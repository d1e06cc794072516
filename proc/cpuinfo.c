// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/cpuinfo, as arch/x86/kernel/cpu/proc.c show_cpuinfo() and
 * arch/arm/kernel/setup.c c_show(): one block per CPU. libproc2 (vmstat,
 * top) reads it to pair CPUs into cores.
 *
 * SIM: a simulated CPU has no vendor, model, cache or clock: the block
 * keeps Linux's layout (tab-aligned "name\t: value" lines, a blank line
 * after each CPU) with the fields that describe what mmsim simulates:
 * the paging features of the CPU (CPUID's pse, pae, pge, nx, pdpe1gb, lm,
 * smep, smap, la57 on x86; ARM's "Features") and the address sizes.
 * Each CPU is its own core of one package.
 */
#include <hw/cpu.h>

#include <mmsim/arch.h>
#include <mmsim/proc.h>

static void x86_flags(struct machine *m, const struct cpu *c,
		      struct strbuf *sb)
{
	bool is64 = m->arch->bits == 64;

	/* x86_cap_flags order: word 0, then 1 (AMD), 9, 16. */
	seq_puts(sb, "flags\t\t: pse");
	if (is64 || c->maxphyaddr > 32)
		seq_puts(sb, " pae");
	seq_puts(sb, " pge");
	if (c->has_nx)
		seq_puts(sb, " nx");
	if (c->has_gbpages)
		seq_puts(sb, " pdpe1gb");
	if (is64)
		seq_puts(sb, " lm");
	if (c->has_smep)
		seq_puts(sb, " smep");
	if (c->has_smap)
		seq_puts(sb, " smap");
	if (m->layout.va_bits == 57)
		seq_puts(sb, " la57");
	seq_puts(sb, "\n");
}

static void x86_show_cpuinfo(struct machine *m, struct strbuf *sb)
{
	for (int i = 0; i < m->nr_cpus; i++) {
		const struct cpu *c = &m->cpus[i];

		seq_printf(sb, "processor\t: %d\n", i);
		seq_puts(sb, "vendor_id\t: mmsim\n");
		seq_printf(sb, "model name\t: mmsim %s\n", m->arch->name);
		seq_printf(sb, "physical id\t: 0\nsiblings\t: %d\n", m->nr_cpus);
		seq_printf(sb, "core id\t\t: %d\ncpu cores\t: %d\n", i,
			   m->nr_cpus);
		seq_printf(sb, "apicid\t\t: %d\ninitial apicid\t: %d\n", i, i);
		seq_puts(sb, "wp\t\t: yes\n");
		x86_flags(m, c, sb);
		seq_printf(sb, "address sizes\t: %u bits physical, %u bits virtual\n\n",
			   c->maxphyaddr, m->layout.va_bits);
	}
}

static void arm_show_cpuinfo(struct machine *m, struct strbuf *sb)
{
	for (int i = 0; i < m->nr_cpus; i++) {
		seq_printf(sb, "processor\t: %d\n", i);
		seq_puts(sb, "model name\t: ARMv7 Processor rev 0 (v7l)\n");
		/* short descriptors, and LPAE when physical memory needs it */
		seq_printf(sb, "Features\t: %s\n\n",
			   m->arch->phys_bits > 32 ? "lpae" : "");
	}
	seq_printf(sb, "Hardware\t: mmsim %s\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n",
		   m->arch->name);
}

/**
 * cpuinfo_proc_show - /proc/cpuinfo
 * @m: the machine (current)
 * @sb: the text
 *
 * Return: 0.
 */
int cpuinfo_proc_show(struct machine *m, struct strbuf *sb)
{
	if (!m->cpus)
		return 0;
	if (m->cpus[0].isa == CPU_ARM)
		arm_show_cpuinfo(m, sb);
	else
		x86_show_cpuinfo(m, sb);
	return 0;
}
