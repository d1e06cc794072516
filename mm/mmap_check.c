// SPDX-License-Identifier: GPL-2.0
/*
 * m:check()'s invariants of user address spaces (CONFIG_DEBUG_VM's
 * validate_mm, page_table_check in spirit): VMAs sorted, apart, inside
 * [mmap_min_addr, TASK_SIZE), the tree consistent; no PTE outside a VMA;
 * each anonymous page's refcount and mapcount equal to the PTEs of every
 * process that map it; each page-cache page a PTE maps is the page of
 * that VMA's file at that offset, still in the cache, its mapcount equal
 * to its PTEs (its refcount, 1 + mapcount, is mm/filemap_check.c's);
 * RssAnon / RssFile, NR_ANON_PAGES and NR_FILE_MAPPED equal to what the
 * walk finds; every file VMA in its mapping's i_mmap (a valid interval
 * tree) and nothing else there.
 */
#include <stdlib.h>

#include <mmsim/fs.h>
#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>
#include <mmsim/vmstat.h>

struct walk_ctx {
	struct machine *m;
	struct mm_struct *mm;
	unsigned long *pfns;
	size_t n, cap;
	long rss_anon, rss_file;
	int bad;
};

static int note_pte(pte_t *ptep, u64 addr, void *data)
{
	struct walk_ctx *c = data;
	pte_t pte = ptep_get(ptep);

	if (pte_none(pte))
		return 0;
	struct vm_area_struct *vma = vma_lookup(c->mm, addr);
	struct page *page;

	if (!vma) {
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
	page = pfn_to_page(pte_pfn(pte));
	if (PageAnon(page)) {
		c->rss_anon++;
		return 0;
	}
	c->rss_file++;
	if (!vma->vm_file || page->mapping != vma->vm_file->f_mapping ||
	    page->index != vma->vm_pgoff + ((addr - vma->vm_start) >>
					    PAGE_SHIFT) ||
	    xa_load(&vma->vm_file->f_mapping->i_pages, page->index) !=
	    page_folio(page)) {
		check_fail(c->m, "pid %d: 0x%llx maps pfn 0x%lx, not its file page (mapping %p index %lu)",
			   ((struct task_struct *)c->mm->owner)->pid,
			   (unsigned long long)addr, pte_pfn(pte),
			   (void *)page->mapping, page->index);
		c->bad = 1;
	}
	return 0;
}

/* Does a query of its own range in its file's i_mmap find @vma? */
static bool in_i_mmap(struct vm_area_struct *vma)
{
	pgoff_t first = vma->vm_pgoff;
	pgoff_t last = first + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) - 1;
	struct vm_area_struct *v;

	vma_interval_tree_foreach(v, &vma->vm_file->f_mapping->i_mmap, first,
				  last)
		if (v == vma)
			return true;
	return false;
}

/*
 * i_mmap of every inode: a valid interval tree (order, red-black rules,
 * every subtree's last page), i_mmap_writable right; Return: VMAs.
 */
static long count_i_mmap(struct machine *m)
{
	struct super_block *sb;
	struct inode *inode;
	long n = 0;

	if (!m->fs)
		return 0;
	list_for_each_entry(sb, &m->fs->supers, s_list)
		list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
			struct address_space *as = inode->i_mapping;
			struct vm_area_struct *v;
			const char *why = NULL;
			int writable = 0;

			if (vma_interval_tree_validate(&as->i_mmap, &why))
				check_fail(m, "i_mmap: ino %lu: %s", inode->i_ino,
					   why);
			for (struct rb_node *rb = rb_first(&as->i_mmap); rb;
			     rb = rb_next(rb)) {
				v = rb_entry(rb, struct vm_area_struct, shared.rb);
				if (v->vm_file->f_mapping != as)
					check_fail(m, "i_mmap: ino %lu: vma %llx-%llx of another file",
						   inode->i_ino,
						   (unsigned long long)v->vm_start,
						   (unsigned long long)v->vm_end);
				writable += !!(v->vm_flags & VM_SHARED);
				n++;
			}
			if (writable != as->i_mmap_writable)
				check_fail(m, "i_mmap: ino %lu: %d shared vmas, i_mmap_writable %d",
					   inode->i_ino, writable,
					   as->i_mmap_writable);
		}
	return n;
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
	const char *why = NULL;	/* set by vma_tree_validate() on failure */
	int n = 0;

	for_each_vma(mm, v) {
		n++;
		if (v->vm_file && !in_i_mmap(v))
			check_fail(m, "pid %d: file vma %llx-%llx not in i_mmap",
				   t->pid, (unsigned long long)v->vm_start,
				   (unsigned long long)v->vm_end);
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
	long anon = 0, mapped = 0, file_vmas = 0, in_trees;
	size_t i, j;

	if (!m->procs || !m->paging)
		return 0;
	size_t before = m->check_report.len;

	list_for_each_entry(t, &m->paging->task_list, tasks) {
		if (!t->mm || !t->mm->slab_obj)
			continue;
		check_vmas(m, t);
		for (struct vm_area_struct *v = t->mm->mmap; v; v = v->vm_next)
			file_vmas += !!v->vm_file;
		c.mm = t->mm;
		c.rss_anon = c.rss_file = 0;
		if (walk_existing_ptes(t->mm, 0, t->mm->task_size, note_pte, &c)) {
			check_fail(m, "pid %d: page-table walk failed", t->pid);
			continue;
		}
		if (c.rss_anon != t->mm->rss_stat[MM_ANONPAGES])
			check_fail(m, "pid %d: RssAnon %ld pages, page tables map %ld",
				   t->pid, t->mm->rss_stat[MM_ANONPAGES],
				   c.rss_anon);
		if (c.rss_file != t->mm->rss_stat[MM_FILEPAGES])
			check_fail(m, "pid %d: RssFile %ld pages, page tables map %ld",
				   t->pid, t->mm->rss_stat[MM_FILEPAGES],
				   c.rss_file);
	}
	in_trees = count_i_mmap(m);
	if (in_trees != file_vmas)
		check_fail(m, "i_mmap: %ld vmas in i_mmap lists, processes have %ld file vmas",
			   in_trees, file_vmas);
	if (c.n)	/* qsort(NULL, 0) is undefined */
		qsort(c.pfns, c.n, sizeof(*c.pfns), cmp_ul);
	for (i = 0; i < c.n; i = j) {
		struct page *page = pfn_to_page(c.pfns[i]);

		for (j = i; j < c.n && c.pfns[j] == c.pfns[i]; j++)
			;
		if (!PageAnon(page)) {
			mapped++;
			if (page_mapcount(page) != (int)(j - i))
				check_fail(m, "pfn 0x%lx (file): mapped %zu times, mapcount %d",
					   c.pfns[i], j - i,
					   page_mapcount(page));
			continue;
		}
		anon++;
		if (page_mapcount(page) != (int)(j - i) ||
		    page_ref_count(page) != (int)(j - i))
			check_fail(m, "pfn 0x%lx: mapped %zu times, mapcount %d, refcount %d",
				   c.pfns[i], j - i, page_mapcount(page),
				   page_ref_count(page));
	}
	if ((long)global_node_page_state(NR_MAPPED) != mapped)
		check_fail(m, "NR_FILE_MAPPED %lu, page tables map %ld file pages",
			   global_node_page_state(NR_MAPPED), mapped);
	if ((long)global_node_page_state(NR_ANON_PAGES) != anon)
		check_fail(m, "NR_ANON_PAGES %lu, page tables map %ld",
			   global_node_page_state(NR_ANON_PAGES), anon);
	free(c.pfns);
	return m->check_report.len != before || c.bad;
}
