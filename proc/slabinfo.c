// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/slabinfo, as mm/slab_common.c's slab_show(): version 2.1, one line
 * per cache, newest cache first. SLUB has no tunables: they read 0.
 */
#include <mmsim/proc.h>
#include <mmsim/slab.h>

/**
 * slabinfo_proc_show - /proc/slabinfo
 * @m: machine (current)
 * @sb: appended to
 *
 * Return: 0.
 */
int slabinfo_proc_show(struct machine *m, struct strbuf *sb)
{
	sb_puts(sb, "slabinfo - version: 2.1\n");
	sb_puts(sb, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		    " : tunables <limit> <batchcount> <sharedfactor>"
		    " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	if (!m->slab)
		return 0;
	for (struct kmem_cache *s = kmem_cache_first(); s;
	     s = kmem_cache_next(s)) {
		struct slabinfo si;

		get_slabinfo(s, &si);
		sb_printf(sb, "%-17s %6lu %6lu %6u %4u %4d", kmem_cache_name(s),
			  si.active_objs, si.num_objs, si.objsize,
			  si.objects_per_slab, 1 << si.cache_order);
		sb_printf(sb, " : tunables %4u %4u %4u", 0u, 0u, 0u);
		sb_printf(sb, " : slabdata %6lu %6lu %6lu\n", si.active_slabs,
			  si.num_slabs, 0UL);
	}
	return 0;
}
