// SPDX-License-Identifier: GPL-2.0
/*
 * The CR4 protection bits identify_cpu() turns on, as
 * arch/x86/kernel/cpu/common.c setup_smep() and setup_smap() do: SMEP
 * (no supervisor fetch from a user page) and SMAP (no supervisor data
 * access to a user page unless EFLAGS.AC is set, as STAC sets it around
 * copy_to_user()) on every CPU that has them, unless the kernel command
 * line says "nosmep" or "nosmap" (parse_setup_cpuid's clearcpuid words).
 * SIM: only the two bits; no CPUID model beyond cpu->has_smep/has_smap.
 */
#include <string.h>

#include <hw/cpu.h>
#include <mmsim/machine.h>

#include "x86.h"

/* cmdline_find_option_bool() (arch/x86/lib/cmdline.c): a whole word. */
static bool cmdline_find_option_bool(const char *cmdline, const char *option)
{
	size_t n = strlen(option);

	for (const char *p = cmdline; (p = strstr(p, option)); p += n)
		if ((p == cmdline || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/**
 * x86_setup_smep_smap - set CR4.SMEP and CR4.SMAP on a CPU that has them
 * @m: the machine (its command line)
 * @cpu: a CPU with paging on
 *
 * Return: 0, or -EIO if the CPU refused the CR4 value.
 */
int x86_setup_smep_smap(struct machine *m, struct cpu *cpu)
{
	u64 cr4 = cpu->cr4;

	if (cpu->has_smep && !cmdline_find_option_bool(m->cfg.cmdline,
							"nosmep"))
		cr4 |= X86_CR4_SMEP;
	if (cpu->has_smap && !cmdline_find_option_bool(m->cfg.cmdline,
							"nosmap"))
		cr4 |= X86_CR4_SMAP;
	/* SMAP starts out enforced: clac in the entry code clears AC. */
	cpu->eflags &= ~X86_EFLAGS_AC;
	if (cr4 == cpu->cr4)
		return 0;
	return cpu_write_cr4(cpu, cr4) ? -EIO : 0;
}
