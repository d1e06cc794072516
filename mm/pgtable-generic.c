// SPDX-License-Identifier: GPL-2.0
/*
 * The generic page-table interface (include/mmsim/pgtable.h) over tables in
 * simulated RAM: the folded five-level walk of include/linux/pgtable.h and
 * asm-generic/pgtable-nop4d.h / -nopud.h / -nopmd.h, the pgd..pte offset
 * helpers, entry predicates, set_*()/clear and populate, as
 * mm/pgtable-generic.c and each arch's asm/pgtable.h provide them.
 *
 * Everything an entry's bits mean is asked of the machine's architecture
 * (struct pt_ops: arch/x86/pgtable.c, arch/arm/pgtable.c); this file knows
 * only the format's geometry (struct pt_format: levels, widths, shifts).
 *
 * SIM: Linux fixes the format at compile time; mmsim picks one per machine
 * and these accessors dispatch on it.
 */
#include <string.h>

#include <mmsim/paging.h>

static struct paging_state *ps(void)
{
	return current_machine()->paging;
}

/**
 * pt_fmt - the page-table format of the current machine
 *
 * Context: current_machine() must have paging state.
 * Return: its struct pt_format.
 */
const struct pt_format *pt_fmt(void)
{
	return ps()->fmt;
}

/* ---- raw access ----------------------------------------------------- */

/**
 * pt_entry_read - read one entry of the format's width
 * @p: host pointer to the entry (in simulated RAM or the sink)
 *
 * Return: the entry, zero-extended to 64 bits.
 */
u64 pt_entry_read(const void *p)
{
	return pt_entry_read_fmt(ps()->fmt, p);
}

/**
 * pt_entry_write - write one entry of the format's width
 * @p: host pointer to the entry
 * @v: the value (truncated to 32 bits in 4-byte formats)
 *
 * A write into the sink (a table outside RAM) is lost.
 */
void pt_entry_write(void *p, u64 v)
{
	struct paging_state *s = ps();

	if ((u8 *)p >= s->sink && (u8 *)p < s->sink + PAGE_SIZE)
		return;
	if (s->fmt->width == 4) {
		u32 w = (u32)v;

		memcpy(p, &w, 4);
	} else {
		memcpy(p, &v, 8);
	}
}

/**
 * pt_phys_to_ptr - host pointer of the page-table byte at @pa
 * @pa: physical address
 *
 * Return: a pointer into simulated RAM, or into a zeroed sink page when
 * @pa's page is not RAM (a corrupted entry), never a wild pointer.
 */
void *pt_phys_to_ptr(phys_addr_t pa)
{
	struct machine *m = current_machine();

	if (!ram_valid(&m->ram, ALIGN_DOWN(pa, PAGE_SIZE), PAGE_SIZE)) {
		memset(m->paging->sink, 0, PAGE_SIZE);
		return m->paging->sink + (pa & (PAGE_SIZE - 1));
	}
	return ram_ptr(&m->ram, pa);
}

/**
 * pt_ptr_to_phys - physical address of a host pointer into RAM
 * @p: a pointer pt_phys_to_ptr() returned (not the sink)
 *
 * Return: the physical address.
 */
phys_addr_t pt_ptr_to_phys(const void *p)
{
	struct machine *m = current_machine();

	return (phys_addr_t)((const u8 *)p - m->ram.base);
}

/**
 * pgprot_of - a protection of the running machine's format
 * @kind: PGPROT_KERNEL, ... (PAGE_KERNEL etc. expand to this)
 *
 * Return: the architecture's bits; an unknown @kind is PAGE_NONE.
 */
pgprot_t pgprot_of(enum pgprot_kind kind)
{
	if ((unsigned int)kind > PGPROT_NONE)
		kind = PGPROT_NONE;
	return pt_ops()->pgprot(kind);
}

/* ---- offsets -------------------------------------------------------- */

static unsigned long lvl_index(const struct pt_format *f, int lvl, u64 a)
{
	return (a >> f->shift[lvl]) & (f->ptrs[lvl] - 1);
}

static void *next_level(void *p, int lvl, u64 addr)
{
	const struct pt_format *f = pt_fmt();
	u8 *table;

	if (lvl <= (int)f->top)
		return p;		/* folded: the same entry */
	table = pt_phys_to_ptr(f->ops->entry_table(pt_entry_read(p)));
	return table + lvl_index(f, lvl, addr) * f->width;
}

/**
 * pgd_offset_pgd - the pgd entry of @address in the table @pgd
 * @pgd: a top-level table
 * @address: virtual address
 *
 * Return: host pointer to the entry (a folded pgd: the top real entry).
 */
pgd_t *pgd_offset_pgd(pgd_t *pgd, u64 address)
{
	const struct pt_format *f = pt_fmt();

	return (pgd_t *)((u8 *)pgd + lvl_index(f, PT_PGD, address) *
			 f->pgd_width);
}

/**
 * pgd_offset - the pgd entry of @address in @mm
 * @mm: address space
 * @address: virtual address
 *
 * Return: host pointer to the entry.
 */
pgd_t *pgd_offset(struct mm_struct *mm, u64 address)
{
	return pgd_offset_pgd(mm->pgd, address);
}

/**
 * pgd_offset_k - the pgd entry of @address in swapper_pg_dir
 * @address: kernel virtual address
 *
 * Return: host pointer to the entry.
 */
pgd_t *pgd_offset_k(u64 address)
{
	return pgd_offset(&ps()->kernel_mm, address);
}

/* The next levels: a folded level returns the entry it was given. */
p4d_t *p4d_offset(pgd_t *pgd, u64 a) { return next_level(pgd, PT_P4D, a); }
pud_t *pud_offset(p4d_t *p4d, u64 a) { return next_level(p4d, PT_PUD, a); }
pmd_t *pmd_offset(pud_t *pud, u64 a) { return next_level(pud, PT_PMD, a); }
pte_t *pte_offset_kernel(pmd_t *pmd, u64 a)
{
	return next_level(pmd, PT_PTE, a);
}

/**
 * pt_next_entry - the entry of @addr one level below the entry @p
 * @p: an entry at real or folded level @lvl (above PT_PTE)
 * @lvl: its level
 * @addr: the virtual address
 *
 * p4d_offset() / pud_offset() / pmd_offset() / pte_offset_kernel() by
 * level number, for loops over the levels.
 *
 * Return: host pointer to the next entry.
 */
void *pt_next_entry(void *p, int lvl, u64 addr)
{
	return next_level(p, lvl + 1, addr);
}

/* ---- predicates ----------------------------------------------------- */

static bool folded(int lvl)
{
	return lvl < (int)pt_fmt()->top;
}

static int lvl_none(int lvl, u64 v)
{
	return folded(lvl) ? 0 : v == 0;
}

/**
 * lvl_present - *_present() of an entry above the PTE by level number
 * @lvl: the level
 * @v: the entry
 *
 * Return: 1 for a folded level, else the architecture's answer.
 */
int lvl_present(int lvl, u64 v)
{
	if (folded(lvl))
		return 1;
	return pt_ops()->entry_present(lvl, v);
}

/**
 * lvl_is_leaf - is @v, an entry at level @lvl, a large page (section)?
 * @lvl: the level (PT_PTE and folded levels are never leaves here)
 * @v: the entry
 *
 * Return: nonzero for a leaf.
 */
int lvl_is_leaf(int lvl, u64 v)
{
	const struct pt_format *f = pt_fmt();

	if (folded(lvl) || !f->leaf_ok[lvl] || lvl == PT_PTE)
		return 0;
	return f->ops->entry_leaf(lvl, v);
}

/* A table entry whose table is not in RAM, or a leaf where none may be. */
static int lvl_bad(int lvl, u64 v)
{
	const struct pt_format *f = pt_fmt();
	struct machine *m = current_machine();

	if (folded(lvl) || !lvl_present(lvl, v))
		return 0;
	if (f->ops->entry_bad(lvl, v))
		return 1;
	if (lvl_is_leaf(lvl, v))
		return 0;
	return !ram_valid(&m->ram, f->ops->entry_table(v), PAGE_SIZE);
}

/**
 * pt_leaf_size - bytes a leaf entry at @lvl maps
 * @lvl: PT_PTE, PT_PMD or PT_PUD
 *
 * Return: PAGE_SIZE, PMD_SIZE (ARM: a 1 MiB section) or PUD_SIZE.
 */
u64 pt_leaf_size(int lvl)
{
	const struct pt_format *f = pt_fmt();

	if (lvl == PT_PTE)
		return PAGE_SIZE;
	if (lvl == PT_PMD && f->pmd_leaf_shift)
		return 1ULL << f->pmd_leaf_shift;
	return 1ULL << f->shift[lvl];
}

int pgd_none(pgd_t x) { return lvl_none(PT_PGD, pgd_val(x)); }
int pgd_present(pgd_t x) { return lvl_present(PT_PGD, pgd_val(x)); }
int pgd_bad(pgd_t x) { return lvl_bad(PT_PGD, pgd_val(x)); }
int p4d_none(p4d_t x) { return lvl_none(PT_P4D, p4d_val(x)); }
int p4d_present(p4d_t x) { return lvl_present(PT_P4D, p4d_val(x)); }
int p4d_bad(p4d_t x) { return lvl_bad(PT_P4D, p4d_val(x)); }
int pud_none(pud_t x) { return lvl_none(PT_PUD, pud_val(x)); }
int pud_present(pud_t x) { return lvl_present(PT_PUD, pud_val(x)); }
int pud_bad(pud_t x) { return lvl_bad(PT_PUD, pud_val(x)); }
int pud_leaf(pud_t x) { return lvl_is_leaf(PT_PUD, pud_val(x)); }
int pmd_none(pmd_t x) { return lvl_none(PT_PMD, pmd_val(x)); }
int pmd_present(pmd_t x) { return lvl_present(PT_PMD, pmd_val(x)); }
int pmd_bad(pmd_t x) { return lvl_bad(PT_PMD, pmd_val(x)); }
int pmd_leaf(pmd_t x) { return lvl_is_leaf(PT_PMD, pmd_val(x)); }
int pte_none(pte_t x) { return pte_val(x) == 0; }

/* A PROT_NONE x86 pte is "present" to Linux though the CPU faults. */
int pte_present(pte_t x)
{
	return (pte_val(x) & pt_ops()->pte.present) != 0;
}

/* ---- pte bits (each arch's struct pte_bits) ------------------------- */

#define PTE_BITS	(pt_ops()->pte)

int pte_write(pte_t x)
{
	if (PTE_BITS.write)
		return (pte_val(x) & PTE_BITS.write) != 0;
	return !(pte_val(x) & PTE_BITS.rdonly);
}

int pte_dirty(pte_t x) { return (pte_val(x) & PTE_BITS.dirty) != 0; }
int pte_young(pte_t x) { return (pte_val(x) & PTE_BITS.young) != 0; }
int pte_exec(pte_t x) { return !(pte_val(x) & PTE_BITS.nx); }
int pte_user(pte_t x) { return (pte_val(x) & PTE_BITS.user) != 0; }
/* ARM: "global" is the hardware nG bit, chosen by set_pte_at(): 0 here. */
int pte_global(pte_t x) { return (pte_val(x) & PTE_BITS.global) != 0; }

/* SIM: x86 pte_mkdirty also sets _PAGE_SOFT_DIRTY with CONFIG_MEM_SOFT_DIRTY. */
pte_t pte_mkdirty(pte_t x) { return __pte(pte_val(x) | PTE_BITS.dirty); }
pte_t pte_mkclean(pte_t x) { return __pte(pte_val(x) & ~PTE_BITS.dirty); }
pte_t pte_mkyoung(pte_t x) { return __pte(pte_val(x) | PTE_BITS.young); }
pte_t pte_mkold(pte_t x) { return __pte(pte_val(x) & ~PTE_BITS.young); }
pte_t pte_mkexec(pte_t x) { return __pte(pte_val(x) & ~PTE_BITS.nx); }
pte_t pte_mkglobal(pte_t x) { return __pte(pte_val(x) | PTE_BITS.global); }

pte_t pte_mkwrite_novma(pte_t x)
{
	return __pte((pte_val(x) | PTE_BITS.write) & ~PTE_BITS.rdonly);
}

pte_t pte_wrprotect(pte_t x)
{
	return __pte((pte_val(x) & ~PTE_BITS.write) | PTE_BITS.rdonly);
}

unsigned long pte_pfn(pte_t x)
{
	return (unsigned long)((pte_val(x) & pt_fmt()->pfn_mask) >> PAGE_SHIFT);
}

unsigned long pmd_pfn(pmd_t x) { return pt_ops()->pmd_pfn(pmd_val(x)); }
unsigned long pud_pfn(pud_t x) { return pt_ops()->pud_pfn(pud_val(x)); }

pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	const struct pt_format *f = pt_fmt();
	u64 pa = ((u64)pfn << PAGE_SHIFT) & f->pfn_mask;

	return __pte(pa | (pgprot_val(prot) & f->supported & ~f->pfn_mask));
}

pmd_t pfn_pmd(unsigned long pfn, pgprot_t prot)
{
	return __pmd(pt_ops()->pfn_pmd(pfn, pgprot_val(prot)));
}

pud_t pfn_pud(unsigned long pfn, pgprot_t prot)
{
	return __pud(pt_ops()->pfn_pud(pfn, pgprot_val(prot)));
}

pgprot_t pte_pgprot(pte_t x)
{
	return __pgprot(pte_val(x) & ~pt_fmt()->pfn_mask);
}

/* ---- writing entries ------------------------------------------------ */

void set_pgd(pgd_t *p, pgd_t v) { if (!folded(PT_PGD)) pt_entry_write(p, pgd_val(v)); }
void set_p4d(p4d_t *p, p4d_t v) { if (!folded(PT_P4D)) pt_entry_write(p, p4d_val(v)); }
void set_pud(pud_t *p, pud_t v) { if (!folded(PT_PUD)) pt_entry_write(p, pud_val(v)); }
void set_pmd(pmd_t *p, pmd_t v) { pt_entry_write(p, pmd_val(v)); }

/* ARM: writes the Linux PTE and the hardware PTE (set_pte_ext, global). */
void set_pte(pte_t *p, pte_t v)
{
	pt_ops()->set_pte_at(NULL, 0, p, v);
}

/**
 * set_pte_at - write the PTE that maps @addr in @mm
 * @mm: the address space (NULL: init_mm)
 * @addr: the virtual address it maps
 * @p: the PTE
 * @v: the new value
 *
 * ARM makes user mappings (below TASK_SIZE) non-global (nG, per ASID).
 */
void set_pte_at(struct mm_struct *mm, u64 addr, pte_t *p, pte_t v)
{
	pt_ops()->set_pte_at(mm ? mm : &ps()->kernel_mm, addr, p, v);
}

void pte_clear(struct mm_struct *mm, u64 addr, pte_t *p)
{
	pt_ops()->set_pte_at(NULL, 0, p, __pte(0));
}

/* ARM: both halves of the pair. */
void pmd_clear(pmd_t *p) { pt_ops()->pmd_clear(p); }
void pud_clear(pud_t *p) { set_pud(p, __pud(0)); }
void p4d_clear(p4d_t *p) { set_p4d(p, __p4d(0)); }
void pgd_clear(pgd_t *p) { set_pgd(p, __pgd(0)); }

void pgd_populate(struct mm_struct *mm, pgd_t *pgd, p4d_t *p4d)
{
	if (!folded(PT_PGD))
		pt_ops()->populate(mm, PT_PGD, pgd, pt_ptr_to_phys(p4d));
}

void p4d_populate(struct mm_struct *mm, p4d_t *p4d, pud_t *pud)
{
	if (!folded(PT_P4D))
		pt_ops()->populate(mm, PT_P4D, p4d, pt_ptr_to_phys(pud));
}

void pud_populate(struct mm_struct *mm, pud_t *pud, pmd_t *pmd)
{
	if (!folded(PT_PUD))
		pt_ops()->populate(mm, PT_PUD, pud, pt_ptr_to_phys(pmd));
}

void pmd_populate_kernel(struct mm_struct *mm, pmd_t *pmd, pte_t *pte)
{
	pt_ops()->populate(mm, PT_PMD, pmd, pt_ptr_to_phys(pte));
}
