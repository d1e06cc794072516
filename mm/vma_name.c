// SPDX-License-Identifier: GPL-2.0
/*
 * Names of anonymous VMAs, as mm/madvise.c (anon_vma_name_alloc,
 * madvise_set_anon_name -> madvise_update_vma) and the refcounting of
 * include/linux/mm_inline.h: a name is shared by every VMA split or
 * duplicated from the one it was given to; two neighbours merge only
 * when their names are equal.
 *
 * SIM: the name is a host allocation (Linux kmallocs it); a name with
 * @file set stands for the path of a file mapping until the page cache
 * exists (see struct anon_vma_name).
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/mm.h>

struct vm_area_struct *vma_try_merge_around(struct mm_struct *mm,
					    struct vm_area_struct *vma);

/**
 * anon_vma_name_alloc - a new name with one reference
 * @name: the text (copied)
 * @file: it stands for a file's path (shown bare, not as [anon:NAME])
 *
 * Return: the name, or NULL when out of memory.
 */
struct anon_vma_name *anon_vma_name_alloc(const char *name, bool file)
{
	size_t len = strlen(name) + 1;
	struct anon_vma_name *n = malloc(sizeof(*n) + len);

	if (!n)
		return NULL;
	n->refcount = 1;
	n->file = file;
	memcpy(n->name, name, len);
	return n;
}

/**
 * anon_vma_name_get - take a reference on @anon_name
 * @anon_name: the name
 */
void anon_vma_name_get(struct anon_vma_name *anon_name)
{
	anon_name->refcount++;
}

/**
 * anon_vma_name_put - drop a reference; the last one frees the name
 * @anon_name: the name, or NULL
 */
void anon_vma_name_put(struct anon_vma_name *anon_name)
{
	if (anon_name && --anon_name->refcount == 0)
		free(anon_name);
}

/* madvise_update_vma(): give [start, end) of @vma the name, split, merge. */
static int update_vma_name(struct mm_struct *mm, struct vm_area_struct *vma,
			   u64 start, u64 end, struct anon_vma_name *anon_name)
{
	int ret;

	if (vma->anon_name == anon_name)
		return 0;
	if (start != vma->vm_start) {
		ret = split_vma(mm, vma, start, 1);
		if (ret)
			return ret;
	}
	if (end != vma->vm_end) {
		ret = split_vma(mm, vma, end, 0);
		if (ret)
			return ret;
	}
	if (anon_name)
		anon_vma_name_get(anon_name);
	anon_vma_name_put(vma->anon_name);
	vma->anon_name = anon_name;
	vma_try_merge_around(mm, vma);
	return 0;
}

/**
 * vma_set_anon_name - name every VMA in [@start, @end)
 * @mm: the address space
 * @start: page-aligned start
 * @end: page-aligned end
 * @anon_name: the name (each VMA takes its own reference), or NULL to
 *	clear names
 *
 * prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME)'s walk (madvise_walk_vmas):
 * the VMAs at both ends are split so only the range changes; holes are
 * skipped and reported.
 *
 * Return: 0, -ENOMEM when part of the range was unmapped (the mapped
 * parts are named all the same, as Linux), or -EINVAL for a bad range.
 */
int vma_set_anon_name(struct mm_struct *mm, u64 start, u64 end,
		      struct anon_vma_name *anon_name)
{
	struct vm_area_struct *vma;
	int unmapped = 0, ret;

	if ((start & ~PAGE_MASK) || (end & ~PAGE_MASK) || end < start)
		return -EINVAL;
	while (start < end) {
		u64 tmp;

		vma = find_vma(mm, start);
		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (vma->vm_start > start) {
			unmapped = -ENOMEM;
			start = vma->vm_start;
		}
		tmp = vma->vm_end < end ? vma->vm_end : end;
		ret = update_vma_name(mm, vma, start, tmp, anon_name);
		if (ret)
			return ret;
		start = tmp;
	}
	return unmapped;
}
