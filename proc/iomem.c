// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/iomem, as kernel/resource.c r_show() prints the resource tree that
 * e820__reserve_resources() and the kernel image build: the firmware map at
 * the top level, with RAM the kernel took away from memblock (page 0 on
 * x86, "e820: update ... usable ==> reserved") shown as Reserved, and the
 * kernel image's sections nested in the System RAM that holds them.
 *
 * SIM: no PCI, ACPI or device resources.
 */
#include <mmsim/arch.h>
#include <mmsim/proc.h>

static void show_range(struct strbuf *sb, int depth, phys_addr_t s,
		       phys_addr_t e, const char *name)
{
	sb_printf(sb, "%*s%08llx-%08llx : %s\n", depth * 2, "",
		  (unsigned long long)s, (unsigned long long)e - 1, name);
}

static void show_kernel(struct machine *m, struct strbuf *sb, phys_addr_t s,
			phys_addr_t e)
{
	struct kernel_section_range ks[NR_KSECS];

	kernel_image_sections(m, ks);
	for (int i = 0; i < NR_KSECS; i++) {
		/* Linux registers code, rodata, data and bss, not init. */
		if (i == KSEC_INIT || ks[i].start >= ks[i].end)
			continue;
		if (ks[i].start >= s && ks[i].end <= e)
			show_range(sb, 1, ks[i].start, ks[i].end, ks[i].name);
	}
}

/*
 * Still RAM in the kernel's e820 table: memblock holds it, or it is the
 * partial page at either end that memblock_trim_memory() dropped.
 */
static bool e820_ram(struct machine *m, phys_addr_t a, phys_addr_t s,
		     phys_addr_t e)
{
	return memblock_is_memory(&m->memblock, a) ||
	       a < ALIGN(s, PAGE_SIZE) || a >= ALIGN_DOWN(e, PAGE_SIZE);
}

/* A firmware RAM entry, split where the kernel took pages away. */
static void show_ram(struct machine *m, struct strbuf *sb, phys_addr_t s,
		     phys_addr_t e)
{
	phys_addr_t limit = PFN_PHYS(m->max_pfn), start = s, end = e;

	while (s < e) {
		bool ram = e820_ram(m, s, start, end);
		phys_addr_t next = ALIGN_DOWN(s, PAGE_SIZE) + PAGE_SIZE;

		if (s >= limit && m->arch->phys_bits <= 32)
			return;	/* beyond a 32-bit resource_size_t */
		while (next < e && e820_ram(m, next, start, end) == ram)
			next += PAGE_SIZE;
		if (next > e)
			next = e;
		show_range(sb, 0, s, next, ram || s >= limit ? "System RAM" :
						   "Reserved");
		if (ram)
			show_kernel(m, sb, s, next);
		s = next;
	}
}

int iomem_proc_show(struct machine *m, struct strbuf *sb)
{
	for (int i = 0; i < m->fw.nr; i++) {
		const struct fw_mem_entry *e = &m->fw.map[i];

		if (e->type == E820_TYPE_RAM)
			show_ram(m, sb, e->addr, e->addr + e->size);
		else
			show_range(sb, 0, e->addr, e->addr + e->size,
				   e->name ? e->name : "Reserved");
	}
	return 0;
}
