// SPDX-License-Identifier: GPL-2.0
/*
 * VMA lookup and editing, as mm/mmap.c and mm/vma.c: find_vma,
 * find_vma_prev, vma_lookup, vma_link, split_vma, vma_merge,
 * vm_get_page_prot (the protection_map), vm_stat_account, the stack
 * guard gap. The tree itself is mm/vma_tree.c.
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/fs.h>
#include <mmsim/mm.h>
#include <mmsim/slab.h>

/* mm/mmap.c: 256 pages, the "stack_guard_gap=" default. */
unsigned long stack_guard_gap = 256UL << PAGE_SHIFT;

/**
 * vm_start_gap - @vma's start less the guard gap of a stack
 * @vma: the VMA
 *
 * Return: vm_start, lowered by stack_guard_gap for VM_GROWSDOWN (not
 * below 0).
 */
u64 vm_start_gap(const struct vm_area_struct *vma)
{
	u64 s = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN)
		s = s > stack_guard_gap ? s - stack_guard_gap : 0;
	return s;
}

/**
 * vm_end_gap - @vma's end plus the guard gap of an upward stack
 * @vma: the VMA
 *
 * Return: vm_end (no architecture mmsim runs has VM_GROWSUP).
 */
u64 vm_end_gap(const struct vm_area_struct *vma)
{
	return vma->vm_end;
}

/**
 * find_vma - the first VMA that ends above @addr
 * @mm: the address space
 * @addr: the address
 *
 * Return: the VMA containing @addr, or the next one above it, or NULL.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr)
{
	return mt_find(&mm->mm_mt, &addr, U64_MAX);
}

/**
 * find_vma_prev - find_vma() and the VMA before it
 * @mm: the address space
 * @addr: the address
 * @pprev: set to the VMA before the result (the last VMA when none)
 *
 * Return: as find_vma().
 */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, u64 addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	MA_STATE(mas, &mm->mm_mt, U64_MAX, U64_MAX);

	if (vma) {
		*pprev = vma->vm_prev;
		return vma;
	}
	*pprev = mas_find_rev(&mas, 0);	/* the last VMA: O(log n) */
	return NULL;
}

/**
 * vma_lookup - the VMA containing @addr
 * @mm: the address space
 * @addr: the address
 *
 * Return: the VMA, or NULL when @addr is in a hole.
 */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, u64 addr)
{
	return mtree_load(&mm->mm_mt, addr);
}

/**
 * find_vma_intersection - the first VMA overlapping [@start, @end)
 * @mm: the address space
 * @start: first address
 * @end: end address (exclusive)
 *
 * Return: the VMA or NULL.
 */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     u64 start, u64 end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/**
 * vm_area_alloc - a new, zeroed VMA of @mm
 * @mm: the address space
 *
 * Takes an object of the "vm_area_struct" slab cache (SIM: the host struct
 * lives beside it).
 *
 * Return: the VMA, or NULL when out of memory.
 */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct procs_state *ps = current_machine()->procs;
	/*
	 * SIM: cache-line aligned, so that what find_vma() reads of a node
	 * (vm_start, vm_end, the tree links) is one line, not two.
	 */
	struct vm_area_struct *vma = aligned_alloc(64, ALIGN(sizeof(*vma), 64));
	MA_STATE(mas, &mm->mm_mt, 0, 0);

	if (!vma)
		return NULL;
	/* The tree nodes its linking may take (vma_iter_prealloc). */
	if (mas_preallocate(&mas, vma, GFP_KERNEL)) {
		free(vma);
		return NULL;
	}
	memset(vma, 0, sizeof(*vma));
	vma->slab_obj = kmem_cache_alloc(ps->vm_area_cachep, GFP_KERNEL);
	if (!vma->slab_obj) {
		free(vma);
		return NULL;
	}
	vma->vm_mm = mm;
	RB_CLEAR_NODE(&vma->shared.rb);
	return vma;
}

/**
 * vm_area_dup - a copy of @orig, unlinked
 * @orig: the VMA to copy
 *
 * The anon_vma is shared (its refcount grows).
 *
 * Return: the copy, or NULL.
 */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vm_area_alloc(orig->vm_mm);
	vaddr_t obj;

	if (!vma)
		return NULL;
	obj = vma->slab_obj;
	*vma = *orig;
	vma->slab_obj = obj;
	vma->vm_next = vma->vm_prev = NULL;
	if (vma->anon_vma)
		vma->anon_vma->refcount++;
	if (vma->anon_name)
		anon_vma_name_get(vma->anon_name);
	RB_CLEAR_NODE(&vma->shared.rb);	/* vma_link() puts it in i_mmap */
	if (vma->vm_file)
		get_file(vma->vm_file);
	return vma;
}

/**
 * vm_area_free - free an unlinked VMA
 * @vma: the VMA
 */
void vm_area_free(struct vm_area_struct *vma)
{
	unlink_anon_vmas(vma);
	anon_vma_name_put(vma->anon_name);
	if (vma->vm_file)
		fput(vma->vm_file);
	kmem_cache_free(current_machine()->procs->vm_area_cachep,
			vma->slab_obj);
	free(vma);
}

/**
 * vma_link - put a new VMA in @mm's list and tree
 * @mm: the address space
 * @vma: the VMA; no VMA of @mm may overlap it
 */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next;

	next = find_vma_prev(mm, vma->vm_start, &prev);
	vma->vm_mm = mm;
	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	vma_tree_insert(mm, vma);
	/* __vma_link_file(): a file VMA joins its mapping's i_mmap. */
	if (vma->vm_file)
		vma_link_file(vma);
	mm->map_count++;
}

/**
 * vma_unlink - take @vma out of @mm's list and tree (not freed)
 * @mm: the address space
 * @vma: the VMA
 */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma->vm_next;

	if (vma->vm_file)	/* __remove_shared_vm_struct() */
		vma_unlink_file(vma);
	vma_tree_erase(mm, vma);
	if (vma->vm_prev)
		vma->vm_prev->vm_next = next;
	else
		mm->mmap = next;
	if (next)
		next->vm_prev = vma->vm_prev;
	vma->vm_next = vma->vm_prev = NULL;
	mm->map_count--;
}

/**
 * split_vma - cut @vma in two at @addr
 * @mm: the address space
 * @vma: the VMA, vm_start < @addr < vm_end
 * @addr: page-aligned split point
 * @new_below: the new VMA takes the lower part (else the upper)
 *
 * Return: 0, or -ENOMEM (out of memory, or sysctl_max_map_count VMAs).
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, u64 addr,
	      int new_below)
{
	struct vm_area_struct *new;

	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	/*
	 * vma_prepare()/vma_complete(): a file VMA leaves i_mmap while its
	 * range changes, so the interval tree's subtree maxima stay right.
	 */
	if (vma->vm_file)
		vma_interval_tree_remove(vma, &vma->vm_file->f_mapping->i_mmap);
	if (new_below) {
		new->vm_end = addr;
		vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_start = addr;
		vma_tree_update(vma, new->vm_start, vma->vm_end);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_end = addr;
		vma_tree_update(vma, vma->vm_start, new->vm_end);
	}
	if (vma->vm_file)
		vma_interval_tree_insert(vma, &vma->vm_file->f_mapping->i_mmap);
	vma_link(mm, new);
	return 0;
}

/* anon_vma_name_eq(): the same name, or both unnamed. */
static bool anon_name_eq(const struct anon_vma_name *a,
			 const struct anon_vma_name *b)
{
	return a == b || (a && b && a->file == b->file &&
			  !strcmp(a->name, b->name));
}

/*
 * is_mergeable_vma() + is_mergeable_anon_vma(): the same flags and the
 * same file (the same open file description, as Linux compares
 * vm_file), a compatible anon_vma and the same anon name. The callers
 * check that vm_pgoff runs on (the file's pages follow each other).
 * SIM: vma_merge() is only asked about new, unnamed ranges (its
 * anon_name argument of Linux is always NULL here).
 */
static bool can_merge(const struct vm_area_struct *vma, unsigned long flags,
		      const struct anon_vma *av,
		      const struct anon_vma_name *anon_name,
		      const struct file *file)
{
	return vma->vm_flags == flags && vma->vm_file == file &&
	       (!vma->anon_vma || !av || vma->anon_vma == av) &&
	       anon_name_eq(vma->anon_name, anon_name);
}

/*
 * Give a linked @vma the range [@start, @end) starting at file page
 * @pgoff: vma_prepare()/vma_complete() take a file VMA out of i_mmap
 * while its range changes, so the interval tree's maxima stay right.
 */
static void vma_set_range(struct vm_area_struct *vma, u64 start, u64 end,
			  unsigned long pgoff)
{
	u64 old_start = vma->vm_start, old_end = vma->vm_end;

	if (vma->vm_file)
		vma_interval_tree_remove(vma, &vma->vm_file->f_mapping->i_mmap);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	vma_tree_update(vma, old_start, old_end);
	if (vma->vm_file)
		vma_interval_tree_insert(vma, &vma->vm_file->f_mapping->i_mmap);
}

/* Fold @next into @vma (their ranges touch), freeing @next. */
static void absorb_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma->vm_next;

	if (!vma->anon_vma && next->anon_vma) {
		vma->anon_vma = next->anon_vma;
		vma->anon_vma->refcount++;
	}
	vma_unlink(mm, next);	/* first: the tree gives its range to vma */
	vma_set_range(vma, vma->vm_start, next->vm_end, vma->vm_pgoff);
	vm_area_free(next);
}

/**
 * vma_merge - extend a neighbour over [@addr, @end) instead of a new VMA
 * @mm: the address space
 * @prev: the VMA before @addr, or NULL
 * @addr: start of the new range (nothing mapped in it)
 * @end: its end
 * @vm_flags: the flags the range would get
 * @anon_vma: its anon_vma, or NULL
 * @pgoff: its page offset
 * @file: the file it maps, or NULL
 *
 * Cases of Linux's vma_merge() (vma_merge_new_range()): @prev ends at
 * @addr and/or the next VMA starts at @end, with equal flags, the same
 * file (or none), a compatible anon_vma and contiguous pgoff: for a file,
 * its pages run on from one VMA into the other.
 *
 * Return: the VMA now covering the range, or NULL (no merge possible).
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev, u64 addr,
				 u64 end, unsigned long vm_flags,
				 struct anon_vma *anon_vma, unsigned long pgoff,
				 struct file *file)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;
	unsigned long pglen = (end - addr) >> PAGE_SHIFT;
	bool merge_prev, merge_next;

	if (next && next->vm_start < end)
		return NULL;	/* caller's range is not free */
	merge_prev = prev && prev->vm_end == addr &&
		     can_merge(prev, vm_flags, anon_vma, NULL, file) &&
		     prev->vm_pgoff + ((prev->vm_end - prev->vm_start) >>
				       PAGE_SHIFT) == pgoff;
	merge_next = next && next->vm_start == end &&
		     can_merge(next, vm_flags, anon_vma, NULL, file) &&
		     next->vm_pgoff == pgoff + pglen &&
		     !(vm_flags & VM_GROWSDOWN);
	if (merge_prev && merge_next && prev->anon_vma && next->anon_vma &&
	    prev->anon_vma != next->anon_vma)
		merge_next = false;
	if (merge_prev) {
		vma_set_range(prev, prev->vm_start, end, prev->vm_pgoff);
		if (merge_next)
			absorb_next(mm, prev);
		return prev;
	}
	if (merge_next) {
		vma_set_range(next, addr, next->vm_end, pgoff);
		return next;
	}
	return NULL;
}

/**
 * vma_try_merge_around - merge @vma with its neighbours after its flags
 * changed (mprotect_fixup's vma_merge)
 * @mm: the address space
 * @vma: the VMA
 *
 * Return: the VMA covering @vma's range afterwards.
 */
struct vm_area_struct *vma_try_merge_around(struct mm_struct *mm,
					    struct vm_area_struct *vma);
struct vm_area_struct *vma_try_merge_around(struct mm_struct *mm,
					    struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;
	unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

	if (next && next->vm_start == vma->vm_end &&
	    can_merge(next, vma->vm_flags, vma->anon_vma,
		      vma->anon_name, vma->vm_file) &&
	    next->vm_pgoff == vma->vm_pgoff + pages &&
	    !(vma->vm_flags & VM_GROWSDOWN))
		absorb_next(mm, vma);
	if (prev && prev->vm_end == vma->vm_start &&
	    can_merge(prev, vma->vm_flags, vma->anon_vma,
		      vma->anon_name, vma->vm_file) &&
	    prev->vm_pgoff + ((prev->vm_end - prev->vm_start) >> PAGE_SHIFT) ==
	    vma->vm_pgoff) {
		absorb_next(mm, prev);
		return prev;
	}
	return vma;
}

/**
 * vm_get_page_prot - the PTE protection of @vm_flags (protection_map[])
 * @vm_flags: VM_READ/WRITE/EXEC/SHARED
 *
 * Private writable mappings get a read-only protection, so the first
 * write faults and do_wp_page() decides between copy and reuse (COW).
 * Built from the format's PAGE_NONE / PAGE_READONLY / PAGE_SHARED with
 * the generic pte helpers, so every architecture gets its own bits.
 *
 * Return: the protection.
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	pte_t p;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return PAGE_NONE;
	if ((vm_flags & VM_WRITE) && (vm_flags & VM_SHARED))
		p = __pte(pgprot_val(PAGE_SHARED));
	else
		p = __pte(pgprot_val(PAGE_READONLY));
	if (vm_flags & VM_EXEC)
		p = pte_mkexec(p);
	return __pgprot(pte_val(p));
}

/**
 * vma_set_page_prot - set vm_page_prot from vm_flags
 * @vma: the VMA
 */
void vma_set_page_prot(struct vm_area_struct *vma)
{
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
}

/**
 * vm_stat_account - count @npages of a mapping with @flags in @mm
 * @mm: the address space
 * @flags: the VMA's flags
 * @npages: pages added (negative: removed)
 *
 * total_vm always; then exec_vm, stack_vm or data_vm as Linux classifies
 * (is_exec_mapping, is_stack_mapping, is_data_mapping).
 */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	mm->total_vm += (unsigned long)npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += (unsigned long)npages;
	else if (flags & VM_STACK)
		mm->stack_vm += (unsigned long)npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += (unsigned long)npages;
	if (flags & VM_LOCKED)
		mm->locked_vm += (unsigned long)npages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
}

/**
 * vma_modify_flags - give [@start, @end) of @vma the flags @newflags
 * @mm: the address space
 * @vma: the VMA, containing the range
 * @start: page-aligned start
 * @end: page-aligned end
 * @newflags: the new vm_flags
 *
 * Splits @vma at the range's ends, sets the flags, accounts the change
 * (vm_stat_account: total_vm, locked_vm...), then merges with equal
 * neighbours, as mm/vma.c vma_modify_flags() does for madvise and mlock.
 * The caller updates the PTEs if the protection changed.
 *
 * Return: the VMA covering the range afterwards, or NULL (-ENOMEM: a
 * split failed; the VMA may have been split already, as in Linux).
 */
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm,
					struct vm_area_struct *vma,
					u64 start, u64 end,
					unsigned long newflags)
{
	long pages = (long)((end - start) >> PAGE_SHIFT);

	if (newflags == vma->vm_flags)
		return vma;
	if (start != vma->vm_start && split_vma(mm, vma, start, 1))
		return NULL;
	if (end != vma->vm_end && split_vma(mm, vma, end, 0))
		return NULL;
	vm_stat_account(mm, vma->vm_flags, -pages);
	vm_stat_account(mm, newflags, pages);
	vma->vm_flags = newflags;
	vma_set_page_prot(vma);
	return vma_try_merge_around(mm, vma);
}
