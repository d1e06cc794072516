// SPDX-License-Identifier: GPL-2.0
/*
 * m:check()'s invariants of user address spaces (CONFIG_DEBUG_VM's
 * validate_mm, page_table_check in spirit): VMAs sorted, apart, inside
 * [mmap_min_addr, TASK_SIZE), the tree consistent; no PTE outside a VMA;
 * each anonymous page's refcount and mapcount equal to the PTEs of every
 * process that map it; RSS counters and NR_ANON_PAGES equal to what the
 * walk finds.
 */
#include <stdlib.h>

#include <mmsim/mm.h>
#include <mmsim/vmstat.h>

struct walk_ctx {
	struct machine *m;
	struct mm_struct *mm;
	unsigned long *pfns;
	size_t n, cap;
	long rss;
	int bad;
};

static int note_pte(pte_t *ptep, u64 addr, void *data)
{
	struct walk_ctx *c = data;
	pte_t pte = ptep_get(ptep);

	if (pte_none(pte))
		return 0;
	if (!vma_lookup(c->mm, addr)) {
		check_fail(c->m, "pid %d: pte 0x%llx at 0x%llx outside any vma",
			   ((struct task_struct *)c->mm->owner)->pid,
			   (unsigned long long)pte_val(pte),
			   (unsigned long long)addr);
		c->bad = 1;
		return 0;
	}
	if (!pte_present(pte) || pte_pfn(pte) == zero_pfn())
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		unsigned long *p = realloc(c->pfns, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		c->pfns = p;
		c->cap = cap;
	}
	c->pfns[c->n++] = pte_pfn(pte);
	c->rss++;
	return 0;
}

static int cmp_ul(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void check_vmas(struct machine *m, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *v, *prev = NULL;
	const char *why;
	int n = 0;

	for_each_vma(mm, v) {
		n++;
		if (v->vm_start >= v->vm_end || (v->vm_start & ~PAGE_MASK) ||
		    (v->vm_end & ~PAGE_MASK) || v->vm_start < mmap_min_addr() ||
		    v->vm_end > mm->task_size || v->vm_prev != prev ||
		    (prev && prev->vm_end > v->vm_start) || v->vm_mm != mm)
			check_fail(m, "pid %d: bad vma %llx-%llx", t->pid,
				   (unsigned long long)v->vm_start,
				   (unsigned long long)v->vm_end);
		prev = v;
	}
	if (n != mm->map_count)
		check_fail(m, "pid %d: %d vmas, map_count %d", t->pid, n,
			   mm->map_count);
	if (vma_tree_validate(mm, &why))
		check_fail(m, "pid %d: %s", t->pid, why);
}

/**
 * procs_check - the user address-space invariants of every process
 * @m: the machine (current)
 *
 * Return: 0, or nonzero with the failures reported by check_fail().
 */
int procs_check(struct machine *m)
{
	struct walk_ctx c = { .m = m };
	struct task_struct *t;
	long anon = 0;
	size_t i, j;

	if (!m->procs || !m->paging)
		return 0;
	size_t before = m->check_report.len;

	list_for_each_entry(t, &m->paging->task_list, tasks) {
		if (!t->mm || !t->mm->slab_obj)
			continue;
		check_vmas(m, t);
		c.mm = t->mm;
		c.rss = 0;
		if (walk_existing_ptes(t->mm, 0, t->mm->task_size, note_pte, &c)) {
			check_fail(m, "pid %d: page-table walk failed", t->pid);
			continue;
		}
		if (c.rss != t->mm->rss_stat[MM_ANONPAGES])
			check_fail(m, "pid %d: RssAnon %ld pages, page tables map %ld",
				   t->pid, t->mm->rss_stat[MM_ANONPAGES], c.rss);
	}
	if (c.n)	/* qsort(NULL, 0, ...) is undefined */
		qsort(c.pfns, c.n, sizeof(*c.pfns), cmp_ul);
	for (i = 0; i < c.n; i = j) {
		struct page *page = pfn_to_page(c.pfns[i]);

		for (j = i; j < c.n && c.pfns[j] == c.pfns[i]; j++)
			;
		anon++;
		if (!PageAnon(page) || page_mapcount(page) != (int)(j - i) ||
		    page_ref_count(page) != (int)(j - i))
			check_fail(m, "pfn 0x%lx: mapped %zu times, mapcount %d, refcount %d%s",
				   c.pfns[i], j - i, page_mapcount(page),
				   page_ref_count(page),
				   PageAnon(page) ? "" : ", not anonymous");
	}
	if ((long)global_node_page_state(NR_ANON_PAGES) != anon)
		check_fail(m, "NR_ANON_PAGES %lu, page tables map %ld",
			   global_node_page_state(NR_ANON_PAGES), anon);
	free(c.pfns);
	return m->check_report.len != before || c.bad;
}
