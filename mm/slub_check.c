// SPDX-License-Identifier: GPL-2.0
/*
 * The slab half of m:check() (CONFIG_DEBUG_VM / slub_debug's validate):
 * walks every slab of every cache and reports each broken invariant.
 *
 *  - every slab is a slab page of its cache, on the list its state says
 *    (cpu slab: frozen; cpu partial; node partial); a full slab is on no
 *    list, as in Linux, and is found by its page (marked SL_full) in a
 *    walk of lowmem, which also finds slabs lost from every list;
 *  - freelist pointers lie inside the slab, on an object boundary, and
 *    no object is on a freelist twice;
 *  - free objects (slab freelist + the cpu freelist) plus live objects
 *    (live bits in struct slab, or the shadow for caches whose slabs
 *    span too many objects) make up exactly slab->objects, and inuse
 *    agrees; no live bit is set but those of the slab's objects;
 *  - the slab order map (slab_virt_to_head_page()) gives every lowmem
 *    page the order of the slab it is in, 0 outside slabs;
 *  - per-node counters (nr_partial, nr_slabs, total_objects) match the
 *    slabs found, and the slab pages of all caches plus large kmallocs
 *    equal the NR_SLAB_* counters that /proc/meminfo reports.
 */
#include <stdlib.h>

#include "slab.h"

struct slab_walk {
	struct machine *m;
	struct kmem_cache *s;
	unsigned long slabs, objects, pages;
	u8 *seen;		/* per object of the current slab */
	int bad;
};

/* What the walk of lowmem found for one cache. */
struct page_count {
	struct kmem_cache *s;
	unsigned long full_slabs, full_objects, full_pages;
	unsigned long unlisted;	/* neither frozen, partial nor full */
};

/* Mark the freelist from @fp; returns its length, or -1 when broken. */
static long walk_freelist(struct slab_walk *w, struct slab *slab,
			  vaddr_t fp, const char *which)
{
	struct kmem_cache *s = w->s;
	vaddr_t first = slab_first_object(s, slab);
	long n = 0;

	for (; fp; fp = get_freepointer(s, fp)) {
		u64 idx;

		if (fp < first || (fp - first) % s->size ||
		    (idx = (fp - first) / s->size) >= slab->objects) {
			check_fail(w->m, "slab %s pfn 0x%lx: %s pointer 0x%llx outside the slab or misaligned",
				   s->name, page_to_pfn(slab_page(slab)), which,
				   (unsigned long long)fp);
			return -1;
		}
		if (w->seen[idx]) {
			check_fail(w->m, "slab %s pfn 0x%lx: object 0x%llx twice on the freelists (loop or double free)",
				   s->name, page_to_pfn(slab_page(slab)),
				   (unsigned long long)fp);
			return -1;
		}
		if (slab_obj_live(slab_state(), s, slab, fp)) {
			check_fail(w->m, "slab %s pfn 0x%lx: object 0x%llx is both free and allocated",
				   s->name, page_to_pfn(slab_page(slab)),
				   (unsigned long long)fp);
			return -1;
		}
		w->seen[idx] = 1;
		n++;
	}
	return n;
}

static void check_one_slab(struct slab_walk *w, struct slab *slab,
			   vaddr_t cpu_freelist, const char *where)
{
	struct kmem_cache *s = w->s;
	unsigned long pfn = page_to_pfn(slab_page(slab));
	long nfree, ncpu = 0, live = 0;
	vaddr_t p;

	if (!PageSlab(slab_page(slab)) || slab->slab_cache != s) {
		check_fail(w->m, "slab %s pfn 0x%lx (%s): not a slab page of this cache",
			   s->name, pfn, where);
		w->bad = 1;
		return;
	}
	w->slabs++;
	w->objects += slab->objects;
	w->pages += 1UL << slab_order(slab);
	/* Live bits only for the slab's objects, and only if the cache has them. */
	{
		u64 bits = slab_live_word(slab), ok = 0;

		if (s->live_in_slab)
			for_each_object(p, s, slab)
				ok |= 1ULL << slab_live_nr(slab_state(), s, p);
		if (bits & ~ok) {
			check_fail(w->m, "slab %s pfn 0x%lx: live bits 0x%llx outside its %u objects%s",
				   s->name, pfn, (unsigned long long)bits,
				   slab->objects,
				   s->live_in_slab ? "" : " (the cache uses the shadow)");
			w->bad = 1;
		}
	}
	for (unsigned int i = 0; i < slab->objects; i++)
		w->seen[i] = 0;
	nfree = walk_freelist(w, slab, slab->freelist, "freelist");
	if (nfree >= 0 && cpu_freelist)
		ncpu = walk_freelist(w, slab, cpu_freelist, "cpu freelist");
	if (nfree < 0 || ncpu < 0) {
		w->bad = 1;
		return;
	}
	for_each_object(p, s, slab)
		live += slab_obj_live(slab_state(), s, slab, p);
	if (nfree + ncpu + live != slab->objects) {
		check_fail(w->m, "slab %s pfn 0x%lx: %ld free + %ld on the cpu freelist + %ld live != %u objects",
			   s->name, pfn, nfree, ncpu, live, slab->objects);
		w->bad = 1;
	}
	if ((long)slab->inuse != (long)slab->objects - nfree) {
		check_fail(w->m, "slab %s pfn 0x%lx: inuse %u but %ld of %u objects are on its freelist",
			   s->name, pfn, slab->inuse, nfree, slab->objects);
		w->bad = 1;
	}
}

static void check_cache(struct slab_walk *w, const struct page_count *pc)
{
	struct kmem_cache *s = w->s;
	struct machine *m = w->m;
	unsigned long slabs_seen = 0, objs_seen = 0, cpu_partial = 0;

	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		if (c->slab) {
			if (!c->slab->frozen) {
				check_fail(m, "slab %s: cpu %d slab is not frozen",
					   s->name, cpu);
				w->bad = 1;
			}
			check_one_slab(w, c->slab, c->freelist, "cpu slab");
		} else if (c->freelist) {
			check_fail(m, "slab %s: cpu %d has a freelist but no slab",
				   s->name, cpu);
			w->bad = 1;
		}
		for (struct slab *sl = c->partial; sl; sl = sl->next) {
			if (sl->frozen || !sl->freelist) {
				check_fail(m, "slab %s: cpu %d partial slab pfn 0x%lx is frozen or full",
					   s->name, cpu, page_to_pfn(slab_page(sl)));
				w->bad = 1;
			}
			check_one_slab(w, sl, 0, "cpu partial");
			cpu_partial++;
		}
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = s->node[nid];
		unsigned long before = w->slabs, objs_before = w->objects;
		unsigned long nr_partial = 0;
		struct slab *slab;

		list_for_each_entry(slab, &n->partial, slab_list) {
			nr_partial++;
			if (slab->frozen || !slab->freelist) {
				check_fail(m, "slab %s: node %d partial slab pfn 0x%lx is frozen or full",
					   s->name, nid, page_to_pfn(slab_page(slab)));
				w->bad = 1;
			}
			check_one_slab(w, slab, 0, "node partial");
		}
		if (nr_partial != n->nr_partial) {
			check_fail(m, "slab %s: node %d nr_partial %lu but %lu slabs on the list",
				   s->name, nid, n->nr_partial, nr_partial);
			w->bad = 1;
		}
		slabs_seen += w->slabs - before;
		objs_seen += w->objects - objs_before;
	}
	/* Full slabs and the slabs of no list come from the page walk. */
	w->slabs += pc->full_slabs;
	w->objects += pc->full_objects;
	w->pages += pc->full_pages;
	if (pc->unlisted != cpu_partial) {
		check_fail(m, "slab %s: %lu slabs are neither cpu, partial nor full, but %lu are on cpu partial lists (a slab lost from its list)",
			   s->name, pc->unlisted, cpu_partial);
		w->bad = 1;
	}
	/* cpu slabs were counted before the node loop: add them back. */
	{
		unsigned long nr_slabs = 0, total = 0;

		for (int nid = 0; nid < m->nr_node_ids; nid++) {
			nr_slabs += s->node[nid]->nr_slabs;
			total += s->node[nid]->total_objects;
		}
		(void)slabs_seen;
		(void)objs_seen;
		if (nr_slabs != w->slabs || total != w->objects) {
			check_fail(m, "slab %s: counters say %lu slabs/%lu objects, the lists hold %lu/%lu",
				   s->name, nr_slabs, total, w->slabs, w->objects);
			w->bad = 1;
		}
	}
}

/**
 * slab_check - check every cache of @m (hooked into machine_check())
 * @m: machine (current)
 *
 * Return: nonzero when an invariant is broken (reported with check_fail).
 */
/* The page_count of @s in @pc[0..n), or NULL: not a cache of @m. */
static struct page_count *find_count(struct page_count *pc, size_t n,
				     const struct kmem_cache *s)
{
	for (size_t i = 0; i < n; i++)
		if (pc[i].s == s)
			return &pc[i];
	return NULL;
}

/*
 * Walk lowmem once: large kmalloc blocks, and the slab pages that no
 * list reaches: full slabs (SL_full, checked here) and the rest, which
 * must be on cpu partial lists. Return: pages of large kmalloc blocks.
 */
static unsigned long walk_pages(struct slab_walk *w, struct page_count *pc,
				size_t n)
{
	struct machine *m = w->m;
	unsigned long large = 0;

	for (unsigned long pfn = 0; pfn < m->max_low_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);
		struct slab *slab = page_slab(page);
		struct page *head = compound_head(page);
		unsigned int order = PageSlab(head) ? compound_order(head) : 0;
		struct page_count *c;

		if (slab_state()->slab_order_map[pfn] != order) {
			check_fail(m, "slab order map: pfn 0x%lx says order %u, its page %s",
				   pfn, slab_state()->slab_order_map[pfn],
				   PageSlab(head) ? "is in a slab of another order" :
						    "is in no slab");
			w->bad = 1;
		}

		/* Large kmalloc blocks: head pages typed PGTY_large_kmalloc. */
		if (PageLargeKmalloc(page))
			large += 1UL << compound_order(page);
		if (!PageSlab(page) || slab->frozen ||
		    slab_test(slab, SL_partial))
			continue;
		c = find_count(pc, n, slab->slab_cache);
		if (!c) {
			check_fail(m, "slab page pfn 0x%lx: its cache is not a cache of this machine",
				   pfn);
			w->bad = 1;
			continue;
		}
		if (!slab_test(slab, SL_full)) {
			c->unlisted++;
			continue;
		}
		if (slab->freelist) {
			check_fail(m, "slab %s: full slab pfn 0x%lx has free objects",
				   c->s->name, pfn);
			w->bad = 1;
		}
		w->s = c->s;
		w->slabs = w->objects = w->pages = 0;
		check_one_slab(w, slab, 0, "full");
		c->full_slabs += w->slabs;
		c->full_objects += w->objects;
		c->full_pages += w->pages;
	}
	return large;
}

int slab_check(struct machine *m)
{
	struct slab_walk w = { .m = m };
	unsigned long pages = 0, large, counted;
	struct page_count *pc;
	size_t n = 0, i = 0;
	int bad = 0;

	if (!m->slab)
		return 0;
	{
		unsigned long start, pfns;

		slab_lowmem_range(m, &start, &pfns);
		if (start != m->slab->lowmem_start_pfn ||
		    pfns != m->slab->lowmem_pfns) {
			check_fail(m, "slab: lowmem pfns [0x%lx, +0x%lx) changed since boot, kfree() checks [0x%lx, +0x%lx)",
				   start, pfns, m->slab->lowmem_start_pfn,
				   m->slab->lowmem_pfns);
			bad = 1;
		}
	}
	for (struct kmem_cache *s = kmem_cache_first(); s;
	     s = kmem_cache_next(s))
		n++;
	w.seen = malloc(MAX_OBJS_PER_PAGE + 1);
	pc = calloc(n ? n : 1, sizeof(*pc));
	if (!w.seen || !pc) {
		free(w.seen);
		free(pc);
		return 0;
	}
	for (struct kmem_cache *s = kmem_cache_first(); s;
	     s = kmem_cache_next(s))
		pc[i++].s = s;
	large = walk_pages(&w, pc, n);
	bad |= w.bad;
	for (i = 0; i < n; i++) {
		w.s = pc[i].s;
		w.slabs = w.objects = w.pages = 0;
		w.bad = 0;
		check_cache(&w, &pc[i]);
		bad |= w.bad;
		pages += w.pages;
	}
	free(w.seen);
	free(pc);
	counted = global_node_page_state(NR_SLAB_RECLAIMABLE) +
		  global_node_page_state(NR_SLAB_UNRECLAIMABLE);
	if (counted != pages + large) {
		check_fail(m, "slab: NR_SLAB_* counters say %lu pages, caches hold %lu and large kmalloc %lu",
			   counted, pages, large);
		bad = 1;
	}
	return bad;
}
