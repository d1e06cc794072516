// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's virtual address layout as a table of named regions, and its
 * boot-log print. Mirrors the "Virtual kernel memory layout:" block that
 * mem_init() printed in arch/x86/mm/init_32.c and arch/arm/mm/init.c (until
 * Linux 5.x removed it) and the table of Documentation/arch/x86/x86_64/mm.rst.
 *
 * The architecture fills struct kernel_layout in setup_arch() (arch/x86/
 * layout_32.c, layout_64.c, arch/arm/layout.c); this file only stores,
 * finds and prints regions.
 */
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/layout.h>
#include <mmsim/machine.h>

/**
 * layout_add - append a region to the layout table
 * @l: the layout
 * @name: Linux's name of the region ("lowmem", "vmalloc", ...), static
 * @start: first virtual address
 * @end: one past the last virtual address
 *
 * Regions are kept in print order (the architecture decides it: top-down on
 * 32-bit like Linux's boot log, bottom-up on 64-bit like mm.rst). Empty
 * regions are skipped.
 */
void layout_add(struct kernel_layout *l, const char *name, vaddr_t start,
		vaddr_t end)
{
	if (end <= start || l->nr_regions >= MAX_LAYOUT_REGIONS)
		return;
	l->regions[l->nr_regions].name = name;
	l->regions[l->nr_regions].start = start;
	l->regions[l->nr_regions].end = end;
	l->nr_regions++;
}

/**
 * layout_find - a region by name
 * @l: the layout
 * @name: "vmalloc", "lowmem", "direct map", ...
 *
 * Return: the region, or NULL when this layout has none of that name.
 */
const struct layout_region *layout_find(const struct kernel_layout *l,
					const char *name)
{
	for (int i = 0; i < l->nr_regions; i++)
		if (!strcmp(l->regions[i].name, name))
			return &l->regions[i];
	return NULL;
}

/**
 * layout_lookup - the region that holds a virtual address
 * @l: the layout
 * @va: the address
 *
 * Return: the region, or NULL when @va is in a hole between regions.
 */
const struct layout_region *layout_lookup(const struct kernel_layout *l,
					  vaddr_t va)
{
	for (int i = 0; i < l->nr_regions; i++)
		if (va >= l->regions[i].start && va < l->regions[i].end)
			return &l->regions[i];
	return NULL;
}

/* Linux's 32-bit boot log spells two regions differently. */
static const char *label32(const char *name)
{
	if (!strcmp(name, "cpu_entry_area"))
		return "cpu_entry";
	if (!strcmp(name, "vectors"))
		return "vector";
	return name;
}

/*
 * One 32-bit line, in the exact shape of init_32.c/arm init.c:
 *	"    fixmap  : 0xfff3a000 - 0xfffff000   ( 788 kB)"
 * Short names are left-aligned after four spaces, long ones right-aligned,
 * so the colons line up in column 12.
 */
static void print_line32(struct strbuf *sb, const struct layout_region *r)
{
	const char *label = label32(r->name);
	u64 size = r->end - r->start;

	if (strlen(label) < 8)
		sb_printf(sb, "    %-7s : ", label);
	else
		sb_printf(sb, "%11s : ", label);
	sb_printf(sb, "0x%08llx - 0x%08llx   ", (unsigned long long)r->start,
		  (unsigned long long)r->end);
	if (size < SZ_8M)
		sb_printf(sb, "(%4llu kB)\n", (unsigned long long)(size >> 10));
	else
		sb_printf(sb, "(%4llu MB)\n", (unsigned long long)(size >> 20));
}

/* "512 GB", "0.5 TB", "1520 MB", "4 kB": the largest unit that fits. */
static void print_size64(struct strbuf *sb, u64 size)
{
	static const char *const unit[] = { "kB", "MB", "GB", "TB", "PB" };
	int u = 0;
	u64 div = SZ_1K;

	while (u < 4 && size >= div * 1024) {
		div *= 1024;
		u++;
	}
	if (size % div == 0)
		sb_printf(sb, "(%6llu %s)\n", (unsigned long long)(size / div),
			  unit[u]);
	else
		sb_printf(sb, "(%6.1f %s)\n", (double)size / (double)div,
			  unit[u]);
}

/**
 * layout_print - the "Virtual kernel memory layout:" block
 * @m: a booted machine (its layout is computed by setup_arch())
 * @sb: output
 *
 * 32-bit kernels print Linux's old boot-log format, top of memory first;
 * 64-bit kernels print one line per region of mm.rst, bottom first, with
 * 16-digit addresses (end exclusive) and a size.
 */
void layout_print(struct machine *m, struct strbuf *sb)
{
	const struct kernel_layout *l = &m->layout;

	sb_puts(sb, "Virtual kernel memory layout:\n");
	for (int i = 0; i < l->nr_regions; i++) {
		const struct layout_region *r = &l->regions[i];

		if (l->va_bits == 32) {
			print_line32(sb, r);
			continue;
		}
		sb_printf(sb, "    %-15s: 0x%016llx - 0x%016llx   ", r->name,
			  (unsigned long long)r->start,
			  (unsigned long long)r->end);
		print_size64(sb, r->end - r->start);
	}
}

/**
 * layout_dmesg - write the layout block into the machine's kernel log
 * @m: the machine, after setup_arch() computed its layout
 *
 * Called at the end of setup_arch(); Linux printed the block from
 * mem_init(), a little later in boot.
 */
void layout_dmesg(struct machine *m)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	layout_print(m, &sb);
	p = sb_str(&sb);
	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printk_machine(m, KERN_INFO, "%.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
	sb_free(&sb);
}
