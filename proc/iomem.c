// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/iomem, as kernel/resource.c r_show(): the firmware map at the top
 * level and the kernel image nested inside the System RAM that holds it.
 */
#include <mmsim/proc.h>

static const char *iomem_name(const struct fw_mem_entry *e)
{
	if (e->name)
		return e->name;
	return e->type == E820_TYPE_RAM ? "System RAM" : "Reserved";
}

int iomem_proc_show(struct machine *m, struct strbuf *sb)
{
	for (int i = 0; i < m->fw.nr; i++) {
		const struct fw_mem_entry *e = &m->fw.map[i];
		phys_addr_t end = e->addr + e->size;

		sb_printf(sb, "%08llx-%08llx : %s\n",
			  (unsigned long long)e->addr,
			  (unsigned long long)end - 1, iomem_name(e));
		if (e->type == E820_TYPE_RAM && m->kernel_phys_end &&
		    m->kernel_phys_start >= e->addr &&
		    m->kernel_phys_end <= end)
			sb_printf(sb, "  %08llx-%08llx : Kernel image\n",
				  (unsigned long long)m->kernel_phys_start,
				  (unsigned long long)m->kernel_phys_end - 1);
	}
	return 0;
}
