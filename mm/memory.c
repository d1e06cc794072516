// SPDX-License-Identifier: GPL-2.0
/*
 * Generic page-table walks that allocate, look up and map, as mm/memory.c
 * (__pte_alloc / pmd_alloc / pud_alloc / p4d_alloc, apply_to_page_range,
 * apply_to_existing_page_range), mm/vmalloc.c (vmap_range_noflush with
 * its huge-page attempts: pt_map_range) and the arch-independent half of
 * arch/x86/mm/pat/set_memory.c (lookup_address). The architecture is
 * reached only through struct pt_ops (the entry encodings, large-page
 * writes) and the generic accessors of mm/pgtable-generic.c.
 */
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/paging.h>


/**
 * kernel_pgd_boundary - the first address of the kernel half of a pgd
 *
 * KERNEL_PGD_BOUNDARY (x86: PAGE_OFFSET) or USER_PTRS_PER_PGD (ARM:
 * TASK_SIZE), as the architecture says.
 *
 * Context: acts on current_machine().
 * Return: the virtual address.
 */
u64 kernel_pgd_boundary(void)
{
	return pt_ops()->kernel_pgd_boundary(current_machine());
}

/* arch_sync_kernel_mappings(): copy a new top-level kernel entry to all. */
static void sync_kernel_top_entry(struct mm_struct *mm, u64 addr, void *p)
{
	struct paging_state *s = current_machine()->paging;
	const struct pt_format *f = s->fmt;
	struct mm_struct *o;
	size_t off = (size_t)((u8 *)p - (u8 *)mm->pgd);

	if (mm != &s->kernel_mm || addr < kernel_pgd_boundary())
		return;
	list_for_each_entry(o, &s->mm_list, pgd_list) {
		memcpy((u8 *)o->pgd + off, p, f->pgd_width);
	}
}

static void populate(struct mm_struct *mm, int lvl, void *p, void *table)
{
	switch (lvl) {
	case PT_PGD:
		pgd_populate(mm, p, table);
		break;
	case PT_P4D:
		p4d_populate(mm, p, table);
		break;
	case PT_PUD:
		pud_populate(mm, p, table);
		break;
	default:
		pmd_populate_kernel(mm, p, table);
		break;
	}
}

/**
 * pt_walk_alloc - find the entry of @addr at @level, allocating tables
 * @mm: the address space
 * @addr: the virtual address
 * @level: the level whose entry is wanted (PT_PTE for a 4K mapping)
 *
 * Missing tables on the way are allocated and hooked in; a new top-level
 * entry of the kernel half of init_mm is copied to every other pgd
 * (arch_sync_kernel_mappings()). Folded levels are skipped.
 *
 * Context: acts on current_machine(); may allocate page-table pages.
 * Return: a host pointer to the entry, or NULL when out of memory or when
 * a large page maps @addr above @level (split it first).
 */
void *pt_walk_alloc(struct mm_struct *mm, u64 addr, enum pt_level_idx level)
{
	/*
	 * Every fault comes through here, so the format and its ops are
	 * read once and each level costs one entry read, as Linux's
	 * p4d_alloc() .. pte_offset_map() chain of inline helpers does;
	 * the folded levels above f->top are the pgd entry itself.
	 */
	const struct pt_format *f = pt_fmt();
	const struct pt_ops *ops = f->ops;
	u8 *p = (u8 *)pgd_offset(mm, addr);

	for (int lvl = (int)f->top; lvl < (int)level; lvl++) {
		u64 v = pt_entry_read_fmt(f, p);
		int next = lvl + 1;

		if (v == 0) {
			void *table = pt_alloc_table(mm);

			if (!table)
				return NULL;
			populate(mm, lvl, p, table);
			if (lvl == (int)f->top)
				sync_kernel_top_entry(mm, addr, p);
			v = pt_entry_read_fmt(f, p);
		} else if (f->leaf_ok[lvl] && ops->entry_leaf(lvl, v)) {
			return NULL;	/* a large page: callers split it first (set_memory_4k) */
		}
		p = (u8 *)pt_phys_to_ptr(ops->entry_table(v)) +
		    ((addr >> f->shift[next]) & (f->ptrs[next] - 1)) * f->width;
	}
	return p;
}

/**
 * pt_lookup - find the leaf entry that maps @addr
 * @mm: the address space
 * @addr: the virtual address
 * @level: set to the level of the leaf found
 *
 * A software walk: no accessed/dirty updates, no permission checks, no
 * TLB. On ARM the entry of the odd 1 MiB half of a section pair is
 * returned for addresses in it.
 *
 * Context: acts on current_machine(); allocates nothing.
 * Return: a host pointer to the present leaf entry, or NULL if @addr is
 * not mapped.
 */
void *pt_lookup(struct mm_struct *mm, u64 addr, enum pt_level_idx *level)
{
	const struct pt_format *f = pt_fmt();
	void *p = pgd_offset(mm, addr);

	for (int lvl = PT_PGD; lvl <= PT_PTE; lvl++) {
		u64 v;

		void *e;

		if (lvl < (int)f->top)
			continue;
		/* ARM: the odd section of a pmd pair is its second word. */
		e = (lvl < PT_PTE && f->ops->leaf_entry) ?
		    f->ops->leaf_entry(lvl, p, addr) : p;
		v = pt_entry_read(e);
		if (lvl == PT_PTE) {
			*level = PT_PTE;
			return pte_present(__pte(v)) ? p : NULL;
		}
		if (!v || !lvl_present(lvl, v))
			return NULL;
		if (lvl_is_leaf(lvl, v)) {
			*level = lvl;
			return e;
		}
		p = pt_next_entry(p, lvl, addr);
	}
	return NULL;
}

/* ---- mapping ranges ------------------------------------------------- */

/* Bits of linear address the format translates (x86-64: canonical). */
static unsigned int virt_bits(const struct pt_format *f)
{
	return f->va_bits;
}

/**
 * pt_map_check - can [@virt, @virt+@size) be mapped to @phys in this format?
 * @virt: first virtual address
 * @phys: first physical address
 * @size: bytes
 * @max_level: the largest page size pt_map_range() may use
 *
 * The virtual range must be one the MMU can form (below 4 GiB on 32-bit
 * formats, canonical on x86-64), and the physical range must lie below
 * MAXPHYADDR and fit the entries that will map it (a non-PAE x86_32 PTE
 * holds 32 address bits; PSE-36 4 MiB pages hold 40).
 *
 * Context: acts on current_machine()'s page-table format; changes nothing.
 * Return: NULL when it can, else a lower-case reason.
 */
const char *pt_map_check(u64 virt, phys_addr_t phys, u64 size,
			 enum pg_level max_level)
{
	const struct pt_format *f = pt_fmt();
	struct machine *m = current_machine();
	unsigned int vb = virt_bits(f);
	unsigned int pb = m->cpus ? m->cpus[0].maxphyaddr : 32;
	u64 vend = virt + size - 1, pend = phys + size - 1;

	if (!size)
		return NULL;
	if (vend < virt)
		return "virtual range wraps around";
	if (pend < phys)
		return "physical range wraps around";
	if (vb == 32) {
		if (vend >> 32)
			return "virtual address beyond the 32-bit address space";
	} else {
		u64 half = 1ULL << (vb - 1);
		bool lo = virt < half, hi = virt >= ~(half - 1);

		/* Both ends in the same canonical half (lower or upper). */
		if (!((lo && vend < half) || (hi && vend >= virt)))
			return vb == 48 ?
			       "non-canonical virtual address (48-bit)" :
			       "non-canonical virtual address (57-bit)";
	}
	if (f->phys_bits <= 32)
		pb = f->phys_bits;	/* ARM short descriptors: 32 bits */
	if (pb < 64 && (pend >> pb))
		return pb == 32 ? "physical address beyond 32 bits" :
		       pb == 36 ? "physical address beyond MAXPHYADDR (36 bits)" :
		       pb == 46 ? "physical address beyond MAXPHYADDR (46 bits)" :
				  "physical address beyond MAXPHYADDR (52 bits)";
	/* x86_32 non-PAE: only a 4 MiB PSE-36 page holds PA bits above 31. */
	if (f->pse36 && (pend >> 32) &&
	    (max_level < PG_LEVEL_2M || ((virt | phys | size) & (SZ_4M - 1))))
		return "physical address beyond what a 32-bit pte holds";
	return NULL;
}

/**
 * pt_map_range - map a physical range with the largest pages allowed
 * @mm: the address space
 * @virt: first virtual address (page aligned)
 * @phys: first physical address (page aligned)
 * @size: bytes (a multiple of PAGE_SIZE)
 * @prot: protection of the entries (PAGE_KERNEL_LARGE-style on x86)
 * @max_level: the largest page size to use
 * @count: add the pages to the DirectMap counters of /proc/meminfo
 *
 * Uses 1 GiB, 2/4 MiB (ARM: 1 MiB section) pages wherever the alignment
 * of @virt and @phys and the remaining size allow, 4 KiB pages elsewhere.
 * Existing entries are overwritten; the caller flushes the TLBs.
 *
 * Context: acts on current_machine(); may allocate page-table pages.
 * Return: 0, -EINVAL for a misaligned range or one pt_map_check()
 * refuses, or -ENOMEM (what was mapped before stays mapped).
 */
int pt_map_range(struct mm_struct *mm, u64 virt, phys_addr_t phys, u64 size,
		 pgprot_t prot, enum pg_level max_level, bool count)
{
	const struct pt_format *f = pt_fmt();
	const struct pt_ops *ops = f->ops;
	struct paging_state *s = current_machine()->paging;
	u64 pmd_size = pt_leaf_size(PT_PMD);
	u64 pud_size = pt_leaf_size(PT_PUD);
	pgprot_t pte_prot;
	bool pte_ok = !ops->pte_prot(prot, &pte_prot);

	if ((virt | phys | size) & (PAGE_SIZE - 1))
		return -EINVAL;
	if (pt_map_check(virt, phys, size, max_level))
		return -EINVAL;
	while (size) {
		u64 al = virt | phys;
		void *p;

		if (max_level >= PG_LEVEL_1G && f->leaf_ok[PT_PUD] &&
		    !(al & (pud_size - 1)) && size >= pud_size) {
			p = pt_walk_alloc(mm, virt, PT_PUD);
			if (!p)
				return -ENOMEM;
			ops->set_leaf(mm, PT_PUD, p, virt, phys, prot);
			if (count)
				s->direct_pages_count[PG_LEVEL_1G]++;
			virt += pud_size, phys += pud_size, size -= pud_size;
			continue;
		}
		if (max_level >= PG_LEVEL_2M && !(al & (pmd_size - 1)) &&
		    size >= pmd_size) {
			p = pt_walk_alloc(mm, virt, PT_PMD);
			if (!p)
				return -ENOMEM;
			ops->set_leaf(mm, PT_PMD, p, virt, phys, prot);
			if (count)
				s->direct_pages_count[PG_LEVEL_2M]++;
			virt += pmd_size, phys += pmd_size, size -= pmd_size;
			continue;
		}
		if (!pte_ok)
			return -EINVAL;	/* a large-page protection for 4K */
		p = pt_walk_alloc(mm, virt, PT_PTE);
		if (!p)
			return -ENOMEM;
		set_pte_at(mm, virt, p, pfn_pte(PHYS_PFN(phys), pte_prot));
		if (count)
			s->direct_pages_count[PG_LEVEL_4K]++;
		virt += PAGE_SIZE, phys += PAGE_SIZE, size -= PAGE_SIZE;
	}
	return 0;
}

/**
 * pt_unmap_page - clear the 4 KiB PTE that maps @virt
 * @mm: the address space
 * @virt: the virtual address
 *
 * The table stays; the caller flushes the TLBs.
 *
 * Context: acts on current_machine().
 * Return: 0, or -ENOENT if no 4 KiB page maps @virt (unmapped, or mapped
 * by a large page).
 */
int pt_unmap_page(struct mm_struct *mm, u64 virt)
{
	enum pt_level_idx lvl;
	void *p = pt_lookup(mm, virt, &lvl);

	if (!p || lvl != PT_PTE)
		return -ENOENT;
	pte_clear(mm, virt, p);
	return 0;
}


/**
 * lookup_address - the kernel entry mapping @address, and its page size
 * @address: kernel virtual address
 * @level: set to PG_LEVEL_4K, PG_LEVEL_2M (also 4 MiB / ARM section) or
 *         PG_LEVEL_1G; PG_LEVEL_NONE when nothing maps @address
 *
 * Context: acts on current_machine()'s init_mm.
 * Return: a pointer to the leaf entry in init_mm's tables, or NULL.
 */
pte_t *lookup_address(u64 address, unsigned int *level)
{
	enum pt_level_idx lvl;
	void *p = pt_lookup(&init_mm, address, &lvl);

	*level = PG_LEVEL_NONE;
	if (!p)
		return NULL;
	*level = lvl == PT_PTE ? PG_LEVEL_4K :
		 lvl == PT_PMD ? PG_LEVEL_2M : PG_LEVEL_1G;
	return p;
}

/* ---- apply_to_page_range -------------------------------------------- */

/*
 * apply_pte_range(): the PTEs of [addr, end) in one page table, stepping
 * through the table as Linux does with pte++ instead of recomputing each
 * entry's place from the top of the loop below (about a fifth of the cost
 * of vmalloc's mapping and unmapping). The caller keeps [addr, end)
 * inside the table; a walk that reaches the top of the address space
 * stops there rather than wrapping to 0.
 */
static int apply_pte_range(const struct pt_format *f, u8 *table, u64 addr,
			   u64 end, pte_fn_t fn, void *data)
{
	const u64 size = 1ULL << f->shift[PT_PTE];
	u8 *e = table + ((addr >> f->shift[PT_PTE]) & (f->ptrs[PT_PTE] - 1)) *
		f->width;
	int ret;

	do {
		ret = fn((pte_t *)e, addr, data);
		e += f->width;
		addr += size;
	} while (!ret && addr < end && addr != 0);
	return ret;
}

/*
 * __apply_to_page_range(): walk [addr, end) level by level. @create
 * allocates missing tables; without it a missing table is a hole that is
 * skipped. A leaf (large page or section) above the PTE level is refused,
 * as Linux's apply_to_pmd_range() does with WARN_ON_ONCE(pmd_leaf()).
 */
static int apply_range(struct mm_struct *mm, u8 *table, int lvl, u64 addr,
		       u64 end, pte_fn_t fn, void *data, bool create)
{
	const struct pt_format *f = pt_fmt();
	u64 size = 1ULL << f->shift[lvl];
	int ret = 0;

	if (lvl == PT_PTE && lvl > (int)f->top && addr < end)
		return apply_pte_range(f, table, addr, end, fn, data);
	while (addr < end && !ret) {
		u64 next = (addr & ~(size - 1)) + size;
		void *e;
		u64 v;

		if (next > end || next <= addr)
			next = end;	/* the range's end, or the top of memory */
		/* The top real level and the folded ones: the pgd slot. */
		e = lvl <= (int)f->top ? (void *)pgd_offset(mm, addr) :
			table + ((addr >> f->shift[lvl]) & (f->ptrs[lvl] - 1)) *
				f->width;
		if (lvl == PT_PTE) {
			ret = fn(e, addr, data);
			addr = next;
			continue;
		}
		if (lvl >= (int)f->top) {
			v = pt_entry_read(e);
			if (!v) {
				if (!create) {
					addr = next;	/* a hole */
					continue;
				}
				if (!pt_walk_alloc(mm, addr, lvl + 1))
					return -ENOMEM;
				v = pt_entry_read(e);
			}
			if (!lvl_present(lvl, v) || lvl_is_leaf(lvl, v) ||
			    f->ops->entry_bad(lvl, v))
				return -EINVAL;
		}
		ret = apply_range(mm, lvl + 1 <= (int)f->top ? NULL :
				  pt_phys_to_ptr(f->ops->entry_table(
						 pt_entry_read(e))),
				  lvl + 1, addr, next, fn, data, create);
		addr = next;
	}
	return ret;
}

static int __apply_to_page_range(struct mm_struct *mm, u64 addr, u64 size,
				 pte_fn_t fn, void *data, bool create)
{
	u64 end = addr + size;

	if (!mm || !fn || (addr & (PAGE_SIZE - 1)) || (size & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!size)
		return 0;
	if (end < addr && end != 0)
		return -EINVAL;
	if (pt_map_check(addr, 0, size, PG_LEVEL_4K))
		return -EINVAL;
	return apply_range(mm, NULL, PT_PGD, addr, end ? end : ~0ULL, fn, data,
			   create);
}

/**
 * apply_to_page_range - call @fn on every PTE of a range, making tables
 * @mm: the address space
 * @addr: first address (page aligned)
 * @size: bytes (page aligned)
 * @fn: called with the PTE, its address and @data; a nonzero return
 *	stops the walk and is returned
 * @data: passed to @fn
 *
 * Missing page tables are allocated (the PTEs @fn sees are then empty);
 * a new kernel top-level entry reaches every pgd. As in Linux, a range
 * mapped by a large page (or an ARM section) is refused, and the caller
 * flushes the TLB for what @fn changed.
 *
 * Context: acts on current_machine(); may allocate page-table pages.
 * Return: 0, @fn's first nonzero result, -ENOMEM, or -EINVAL (unaligned,
 * wrapping or non-canonical range, NULL @fn, a large page in the way).
 */
int apply_to_page_range(struct mm_struct *mm, u64 addr, u64 size,
			pte_fn_t fn, void *data)
{
	return __apply_to_page_range(mm, addr, size, fn, data, true);
}

/**
 * apply_to_existing_page_range - call @fn on the PTEs of a range that exist
 * @mm: the address space
 * @addr: first address (page aligned)
 * @size: bytes (page aligned)
 * @fn: as for apply_to_page_range()
 * @data: passed to @fn
 *
 * Like apply_to_page_range() but allocates nothing: where a table is
 * missing the range is skipped (@fn is not called for it).
 *
 * Context: acts on current_machine().
 * Return: 0, @fn's first nonzero result, or -EINVAL.
 */
int apply_to_existing_page_range(struct mm_struct *mm, u64 addr, u64 size,
				 pte_fn_t fn, void *data)
{
	return __apply_to_page_range(mm, addr, size, fn, data, false);
}
