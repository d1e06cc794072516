// SPDX-License-Identifier: GPL-2.0
/*
 * What a raw memory write from a front end (m:phys_write, m:kwrite) may
 * touch, and the taint a forced one leaves.
 *
 * Linux has no such write a user could aim at any physical byte: /dev/mem
 * is limited by CONFIG_STRICT_DEVMEM to what no driver claims, and a
 * debugger that pokes kernel memory taints the kernel. mmsim's rule is
 * that a raw write may do what a careful kernel caller could do without
 * breaking an invariant: it is refused when it overlaps
 *
 *   - a page-table page (any mm, any level, the early boot tables too):
 *     pgtable_check() walks them, the MMU and pgd_free() trust them;
 *   - a slab page outside the usable bytes (object_size) of a live
 *     object: free objects hold the freelist slab_check() follows, red
 *     zones, poison and the tracks are what slub_debug verifies, padding
 *     and the left red zone belong to no caller;
 *   - a CPU's TSS (x86): the hardware loads the kernel stack from it.
 *
 * Free pages, pages a caller allocated (alloc_pages, large kmalloc),
 * live objects, the kernel image and other reserved memory stay
 * writable: no invariant of the checker depends on their contents.
 *
 * Each test costs one struct page lookup per page touched, plus a binary
 * search in a sorted copy of the page-table allocator's record for pages
 * that carry no PageTable mark (memblock tables, tails of a multi-page
 * pgd); the copy is rebuilt only when the record changed (pt_gen).
 *
 * A write the caller forces anyway taints the machine, as Linux's
 * add_taint(TAINT_USER) does for a user who pokes the kernel: the first
 * such write is recorded, dmesg says so, and every later failing
 * m:check() report starts with it, so a failure reads "the user broke it
 * on purpose", not "the kernel has a bug".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hw/cpu.h>
#include <mmsim/page-flags.h>
#include <mmsim/paging.h>
#include <mmsim/printk.h>
#include <mmsim/raw_access.h>

#include "slab.h"

/* A page-table allocation: the record of mm/pgalloc.c, sorted by pa. */
struct pt_extent {
	phys_addr_t pa;
	unsigned int order;
};

struct raw_access {
	struct pt_extent *pt;	/* sorted copy of paging->pt_pages */
	size_t nr_pt, cap_pt;
	unsigned long pt_gen;	/* paging->pt_gen the copy reflects */
	bool pt_valid;
	struct raw_taint taint;
};

static struct raw_access *raw_state(struct machine *m)
{
	if (!m->raw)
		m->raw = calloc(1, sizeof(*m->raw));
	return m->raw;
}

/**
 * raw_access_exit - free the raw-write policy's state of @m
 * @m: machine being destroyed
 */
void raw_access_exit(struct machine *m)
{
	if (!m->raw)
		return;
	free(m->raw->pt);
	free(m->raw);
	m->raw = NULL;
}

/* ---- page-table pages ------------------------------------------------ */

static int cmp_extent(const void *a, const void *b)
{
	phys_addr_t x = ((const struct pt_extent *)a)->pa;
	phys_addr_t y = ((const struct pt_extent *)b)->pa;

	return x < y ? -1 : x > y;
}

static int pt_index_refresh(struct raw_access *r, struct paging_state *s)
{
	if (r->pt_valid && r->pt_gen == s->pt_gen)
		return 0;
	if (s->nr_pt_pages > r->cap_pt) {
		struct pt_extent *n = realloc(r->pt, s->nr_pt_pages * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->pt = n;
		r->cap_pt = s->nr_pt_pages;
	}
	for (size_t i = 0; i < s->nr_pt_pages; i++) {
		r->pt[i].pa = s->pt_pages[i].pa;
		r->pt[i].order = s->pt_pages[i].order;
	}
	r->nr_pt = s->nr_pt_pages;
	qsort(r->pt, r->nr_pt, sizeof(*r->pt), cmp_extent);
	r->pt_gen = s->pt_gen;
	r->pt_valid = true;
	return 0;
}

/* The page-table allocation holding @pa, or NULL. */
static const struct pt_extent *pt_extent_of(struct machine *m, phys_addr_t pa)
{
	struct raw_access *r = raw_state(m);
	size_t lo = 0, hi;

	if (!m->paging || !r || pt_index_refresh(r, m->paging))
		return NULL;
	hi = r->nr_pt;
	while (lo < hi) {	/* first extent starting above @pa */
		size_t mid = lo + (hi - lo) / 2;

		if (r->pt[mid].pa <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	if (pa < r->pt[lo - 1].pa + (PAGE_SIZE << r->pt[lo - 1].order))
		return &r->pt[lo - 1];
	return NULL;
}

static const char *const table_names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

/*
 * The level of the table at [t, t+size) below @table (a table at @lvl,
 * entries first..last), or -1. Error path only: it walks the tables.
 */
static int find_table(const struct pt_format *f, phys_addr_t table, int lvl,
		      unsigned long first, unsigned long last, phys_addr_t t,
		      u64 size, int depth)
{
	unsigned int w = lvl == (int)f->top ? f->pgd_width : f->width;
	u8 *p = pt_phys_to_ptr(table);

	if (lvl >= PT_PTE || depth > PT_NR_LEVELS)
		return -1;
	for (unsigned long i = first; i < last; i++) {
		u64 v = pt_entry_read(p + i * w);
		phys_addr_t next;
		int found;

		if (!v || !lvl_present(lvl, v) || lvl_is_leaf(lvl, v))
			continue;
		next = f->ops->entry_table(v);
		if (next >= t && next < t + size)
			return lvl + 1;
		found = find_table(f, next, lvl + 1, 0, f->ptrs[lvl + 1], t,
				   size, depth + 1);
		if (found >= 0)
			return found;
	}
	return -1;
}

/* "page-table page of swapper_pg_dir (pte table, pfn 0x1a2)" and kin. */
static void describe_table(struct machine *m, const struct pt_extent *e,
			   phys_addr_t pa, char *why, size_t whylen)
{
	struct paging_state *s = m->paging;
	const struct pt_format *f = s->fmt;
	unsigned long first = pgd_index(f->ops->kernel_pgd_boundary(m));
	u64 size = PAGE_SIZE << e->order;
	struct task_struct *t;
	int lvl;

	if (e->pa == init_mm.pgd_phys) {
		snprintf(why, whylen, "page-table page of swapper_pg_dir (pgd, pfn %#lx)",
			 (unsigned long)PHYS_PFN(pa));
		return;
	}
	/* The top table has PTRS_PER_PGD entries, as ptc_walk() reads it. */
	lvl = find_table(f, init_mm.pgd_phys, (int)f->top, first,
			 f->ptrs[PT_PGD], e->pa, size, 0);
	if (lvl >= 0) {
		snprintf(why, whylen, "page-table page of swapper_pg_dir (%s table, pfn %#lx)",
			 table_names[lvl], (unsigned long)PHYS_PFN(pa));
		return;
	}
	list_for_each_entry(t, &s->task_list, tasks) {
		struct mm_struct *mm = t->mm;

		if (!mm || !mm->pgd)
			continue;
		lvl = mm->pgd_phys == e->pa ? (int)f->top :
		      find_table(f, mm->pgd_phys, (int)f->top, 0, first,
				 e->pa, size, 0);
		if (lvl >= 0) {
			snprintf(why, whylen, "page-table page of pid %d (%s) (%s table, pfn %#lx)",
				 t->pid, t->comm,
				 lvl == (int)f->top ? "pgd" : table_names[lvl],
				 (unsigned long)PHYS_PFN(pa));
			return;
		}
	}
	snprintf(why, whylen, "page-table page (pfn %#lx)",
		 (unsigned long)PHYS_PFN(pa));
}

/* ---- slab pages ------------------------------------------------------ */

/*
 * [a, a+n), inside one page of @slab: every byte must lie in the first
 * object_size bytes of a live object (what kmalloc's caller owns), as
 * kfree() and ksize() find objects: slot index from the first object,
 * liveness from the object's live bit (slab_obj_live()).
 */
static int slab_write_check(struct slab *slab, phys_addr_t a, size_t n,
			    char *why, size_t whylen)
{
	struct kmem_cache *s = slab->slab_cache;
	struct slab_state *ss = slab_state();
	vaddr_t base = slab_address(slab);
	vaddr_t va = base + (a - PFN_PHYS(page_to_pfn(slab_page(slab))));
	vaddr_t end = va + n, first = slab_first_object(s, slab);
	const char *what;
	vaddr_t obj = 0;

	while (va < end) {
		u64 idx;

		if (va < first) {
			what = "the left red zone";
			goto refuse;
		}
		idx = (va - first) / s->size;
		if (idx >= slab->objects) {
			what = "the padding at its end";
			goto refuse;
		}
		obj = first + idx * s->size;
		if (!slab_obj_live(ss, s, slab, obj)) {
			what = "free object";
			goto refuse;
		}
		if (va >= obj + s->object_size) {
			what = "red zone, free pointer or tracks of object";
			goto refuse;
		}
		va = obj + s->object_size;
		obj = 0;
	}
	return 0;
refuse:
	if (obj)
		snprintf(why, whylen, "slab page of %s (pfn %#lx) outside a live object: %s %#llx",
			 s->name, (unsigned long)PHYS_PFN(a), what,
			 (unsigned long long)obj);
	else
		snprintf(why, whylen, "slab page of %s (pfn %#lx) outside a live object: %s",
			 s->name, (unsigned long)PHYS_PFN(a), what);
	return -EPERM;
}

/* ---- the policy -------------------------------------------------------- */

static int page_write_check(struct machine *m, phys_addr_t a, size_t n,
			    char *why, size_t whylen)
{
	unsigned long pfn = PHYS_PFN(a);
	const struct pt_extent *e;

	if (m->mem_map && pfn < m->max_pfn) {
		struct page *page = pfn_to_page(pfn);
		struct page *head = compound_head(page);

		if (PageBuddy(page))
			return 0;	/* free: nothing of the kernel's is here */
		if (PageSlab(head) && m->slab)
			return slab_write_check(page_slab(head), a, n, why,
						whylen);
		if (PageLargeKmalloc(head))
			return 0;	/* a kmalloc caller's bytes */
	}
	e = pt_extent_of(m, a);
	if (e) {
		describe_table(m, e, a, why, whylen);
		return -EPERM;
	}
	for (int i = 0; m->cpus && i < m->nr_cpus; i++) {
		phys_addr_t tss = m->cpus[i].tss_phys;

		if (tss && a + n > tss && a < tss + PAGE_SIZE) {
			snprintf(why, whylen, "TSS of cpu %d (pfn %#lx)", i,
				 (unsigned long)pfn);
			return -EPERM;
		}
	}
	return 0;
}

/**
 * raw_write_check - may a raw write change [@pa, @pa + @len)?
 * @m: machine
 * @pa: first physical byte
 * @len: bytes
 * @why: receives, on refusal, what the first protected byte belongs to
 * @whylen: size of @why
 *
 * The policy of the file comment: page-table pages, slab bytes outside
 * live objects and TSS pages are refused; the rest is allowed. The caller
 * has checked that the range is RAM.
 *
 * Context: any; makes @m current for the lookup.
 * Return: 0, or -EPERM with @why filled.
 */
int raw_write_check(struct machine *m, phys_addr_t pa, size_t len, char *why,
		    size_t whylen)
{
	struct machine *prev = machine_enter(m);
	phys_addr_t a = pa, end = pa + len;
	int ret = 0;

	while (a < end && !ret) {
		phys_addr_t next = (a & PAGE_MASK) + PAGE_SIZE;
		size_t n = (size_t)(min_u64(next, end) - a);

		ret = page_write_check(m, a, n, why, whylen);
		a += n;
	}
	machine_enter(prev);
	return ret;
}

/* ---- taint ------------------------------------------------------------- */

/**
 * add_taint_raw_write - record a forced write that the policy refused
 * @m: machine
 * @method: the front end's name of the write ("m:phys_write")
 * @addr: the address the caller gave (physical or virtual)
 * @pa: the first refused physical byte
 * @len: bytes the call writes
 * @what: what raw_write_check() said the bytes belong to
 *
 * Like add_taint(TAINT_USER, ...): the machine stays tainted; the first
 * forced write is kept for m:check() reports, each one is logged.
 */
void add_taint_raw_write(struct machine *m, const char *method, u64 addr,
			 phys_addr_t pa, size_t len, const char *what)
{
	struct raw_access *r = raw_state(m);
	struct machine *prev = machine_enter(m);
	char phys[40] = "";

	if (addr != pa)
		snprintf(phys, sizeof(phys), " (phys %#llx)",
			 (unsigned long long)pa);
	pr_warn("%s: forced %zu byte%s at %#llx%s into %s: tainting kernel (TAINT_USER)\n",
		method, len, len == 1 ? "" : "s", (unsigned long long)addr,
		phys, what);
	machine_enter(prev);
	if (!r)
		return;
	if (!r->taint.count++) {
		r->taint.method = method;
		r->taint.addr = addr;
		r->taint.pa = pa;
		r->taint.len = len;
		snprintf(r->taint.what, sizeof(r->taint.what), "%s", what);
	}
}

/**
 * machine_taint - the forced-write record of @m
 * @m: machine
 *
 * Return: the record, or NULL when no forced write happened.
 */
const struct raw_taint *machine_taint(const struct machine *m)
{
	return m->raw && m->raw->taint.count ? &m->raw->taint : NULL;
}

/**
 * raw_taint_note_check - start a failed check's report with the taint
 * @m: machine whose machine_check() just failed
 *
 * Puts one line naming the first forced write before the failures, so
 * the report says at once that the user broke the machine on purpose.
 */
void raw_taint_note_check(struct machine *m)
{
	const struct raw_taint *t = machine_taint(m);
	struct strbuf sb = { 0 };

	if (!t)
		return;
	sb_printf(&sb, "machine tainted by a forced raw write (%s of %zu byte%s at %#llx",
		  t->method, t->len, t->len == 1 ? "" : "s",
		  (unsigned long long)t->addr);
	if (t->addr != t->pa)
		sb_printf(&sb, ", phys %#llx", (unsigned long long)t->pa);
	sb_printf(&sb, ", into %s", t->what);
	if (t->count > 1)
		sb_printf(&sb, "; %lu forced writes in all", t->count);
	sb_puts(&sb, "); invariant check failed:\n");
	sb_puts(&sb, sb_str(&m->check_report));
	sb_free(&m->check_report);
	m->check_report = sb;
}
