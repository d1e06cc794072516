// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmallocinfo, as mm/vmalloc.c's vmalloc_info_show(): one line per
 * busy area in address order,
 *
 *   0xSTART-0xEND SIZE CALLER [pages=N] [phys=0x...] [ioremap|vmalloc|vmap]
 *	[vpages] [N0=n N1=m ...]
 *
 * SIZE counts the guard page; then the areas freed but not yet purged,
 * "0xSTART-0xEND SIZE unpurged vm_area" (show_purge_info()).
 *
 * SIM: addresses are printed in full (as root reads them, %pK with
 * kptr_restrict 0); CALLER is the function's name without Linux's
 * "+offset/size" (mmsim has no kernel symbol table).
 */
#include <stdlib.h>

#include <mmsim/arch.h>
#include <mmsim/proc.h>
#include <mmsim/vmalloc.h>

struct show_ctx {
	struct machine *m;
	struct strbuf *sb;
};

static void show_numa_info(struct show_ctx *c, const struct vm_struct *v)
{
	unsigned int counters[MAX_NUMNODES] = { 0 };

	if (!(v->flags & VM_ALLOC) || !v->pages)
		return;
	for (unsigned int i = 0; i < v->nr_pages; i++)
		counters[page_to_nid(v->pages[i])]++;
	for (int nid = 0; nid < c->m->nr_node_ids; nid++)
		if (counters[nid])
			sb_printf(c->sb, " N%d=%u", nid, counters[nid]);
}

static int show_area(const struct vmap_area *va, bool lazy, void *data)
{
	struct show_ctx *c = data;
	int w = (int)c->m->arch->bits / 4;
	const struct vm_struct *v = va->vm;

	if (lazy) {
		sb_printf(c->sb, "0x%0*llx-0x%0*llx %7ld unpurged vm_area\n", w,
			  (unsigned long long)va->va_start, w,
			  (unsigned long long)va->va_end,
			  (long)(va->va_end - va->va_start));
		return 0;
	}
	if (!v)
		return 0;
	sb_printf(c->sb, "0x%0*llx-0x%0*llx %7ld", w,
		  (unsigned long long)v->addr, w,
		  (unsigned long long)(v->addr + v->size), (long)v->size);
	if (v->caller)
		sb_printf(c->sb, " %s", v->caller);
	if (v->nr_pages)
		sb_printf(c->sb, " pages=%u", v->nr_pages);
	if (v->phys_addr)
		sb_printf(c->sb, " phys=0x%0*llx",
			  c->m->arch->phys_bits > 32 || c->m->arch->bits == 64 ?
			  16 : 8, (unsigned long long)v->phys_addr);
	if (v->flags & VM_IOREMAP)
		sb_puts(c->sb, " ioremap");
	if (v->flags & VM_ALLOC)
		sb_puts(c->sb, " vmalloc");
	if (v->flags & VM_MAP)
		sb_puts(c->sb, " vmap");
	if (v->flags & VM_USERMAP)
		sb_puts(c->sb, " user");
	if (v->flags & VM_DMA_COHERENT)
		sb_puts(c->sb, " dma-coherent");
	if (v->sim_pages && is_vmalloc_addr(v->sim_pages))
		sb_puts(c->sb, " vpages");
	show_numa_info(c, v);
	sb_puts(c->sb, "\n");
	return 0;
}

int vmallocinfo_proc_show(struct machine *m, struct strbuf *sb)
{
	struct show_ctx c = { m, sb };

	return vmap_area_walk(show_area, &c);
}
