// SPDX-License-Identifier: GPL-2.0
/*
 * The generic page-table interface (include/mmsim/pgtable.h) over tables in
 * simulated RAM, for every format mmsim runs: mirrors
 * arch/x86/include/asm/pgtable.h, pgtable_{32,64}_types.h, pgalloc.h,
 * arch/arm/include/asm/pgtable-2level.h and asm-generic/pgtable-nop*.h.
 *
 * SIM: Linux fixes the format at compile time; mmsim picks one per machine
 * (struct pt_format) and the accessors dispatch on it.
 */
#include <stdlib.h>
#include <string.h>

#include <mmsim/paging.h>

#include "../arm/arm.h"

#define X86_PFN_MASK_32		0xfffff000ULL
#define X86_PFN_MASK_64		GENMASK_ULL(51, 12)
#define _PAGE_PROTNONE		_PAGE_GLOBAL

const struct pt_format pt_format_x86_32 = {
	.name = "x86 2-level", .top = PT_PMD, .width = 4, .pgd_width = 4,
	.shift = { 22, 22, 22, 22, 12 }, .ptrs = { 1024, 1, 1, 1, 1024 },
	.pgd_bytes = 4096, .leaf_ok = { [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_32, .supported = ~_PAGE_NX,
	.levels = 2, .va_bits = 32, .phys_bits = 36, .pse36 = true,
};

const struct pt_format pt_format_x86_pae = {
	.name = "x86 PAE 3-level", .top = PT_PUD, .width = 8, .pgd_width = 8,
	.shift = { 30, 30, 30, 21, 12 }, .ptrs = { 4, 1, 1, 512, 512 },
	.pgd_bytes = 32, .leaf_ok = { [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_64, .supported = ~0ULL,
	.levels = 3, .va_bits = 32, .phys_bits = 36, .pae_pdpt = true,
};

const struct pt_format pt_format_x86_64 = {
	.name = "x86-64 4-level", .top = PT_P4D, .width = 8, .pgd_width = 8,
	.shift = { 39, 39, 30, 21, 12 }, .ptrs = { 512, 1, 512, 512, 512 },
	.pgd_bytes = 4096,
	.leaf_ok = { [PT_PUD] = true, [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_64, .supported = ~0ULL,
	.levels = 4, .va_bits = 48, .phys_bits = 46, .long_mode = true,
};

const struct pt_format pt_format_x86_la57 = {
	.name = "x86-64 5-level", .top = PT_PGD, .width = 8, .pgd_width = 8,
	.shift = { 48, 39, 30, 21, 12 }, .ptrs = { 512, 512, 512, 512, 512 },
	.pgd_bytes = 4096,
	.leaf_ok = { [PT_PUD] = true, [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = X86_PFN_MASK_64, .supported = ~0ULL,
	.levels = 5, .va_bits = 57, .phys_bits = 52, .long_mode = true,
};

const struct pt_format pt_format_arm = {
	.name = "ARM short-descriptor 2-level", .arm = true, .top = PT_PMD,
	.width = 4, .pgd_width = 8,
	.shift = { 21, 21, 21, 21, 12 }, .ptrs = { 2048, 1, 1, 1, 512 },
	.pgd_bytes = 16384, .leaf_ok = { [PT_PMD] = true, [PT_PTE] = true },
	.pfn_mask = 0xfffff000ULL, .supported = ~0ULL,
	.levels = 2, .va_bits = 32, .phys_bits = 32,
};

static struct paging_state *ps(void)
{
	return current_machine()->paging;
}

const struct pt_format *pt_fmt(void)
{
	return ps()->fmt;
}

/* ---- raw access ----------------------------------------------------- */

u64 pt_entry_read(const void *p)
{
	if (ps()->fmt->width == 4) {
		u32 v;

		memcpy(&v, p, 4);
		return v;
	} else {
		u64 v;

		memcpy(&v, p, 8);
		return v;
	}
}

void pt_entry_write(void *p, u64 v)
{
	struct paging_state *s = ps();

	if ((u8 *)p >= s->sink && (u8 *)p < s->sink + PAGE_SIZE)
		return;		/* a table outside RAM: the write is lost */
	if (s->fmt->width == 4) {
		u32 w = (u32)v;

		memcpy(p, &w, 4);
	} else {
		memcpy(p, &v, 8);
	}
}

void *pt_phys_to_ptr(phys_addr_t pa)
{
	struct machine *m = current_machine();

	if (!ram_valid(&m->ram, ALIGN_DOWN(pa, PAGE_SIZE), PAGE_SIZE)) {
		memset(m->paging->sink, 0, PAGE_SIZE);
		return m->paging->sink + (pa & (PAGE_SIZE - 1));
	}
	return ram_ptr(&m->ram, pa);
}

phys_addr_t pt_ptr_to_phys(const void *p)
{
	struct machine *m = current_machine();

	return (phys_addr_t)((const u8 *)p - m->ram.base);
}

/* ---- protections ---------------------------------------------------- */

pgprot_t pgprot_of(enum pgprot_kind kind)
{
	static const u64 x86[] = {
		[PGPROT_KERNEL] = __PAGE_KERNEL,
		[PGPROT_KERNEL_RO] = __PAGE_KERNEL_RO,
		[PGPROT_KERNEL_EXEC] = __PAGE_KERNEL_EXEC,
		[PGPROT_KERNEL_LARGE] = __PAGE_KERNEL_LARGE,
		[PGPROT_SHARED] = __PAGE_SHARED,
		[PGPROT_READONLY] = __PAGE_READONLY,
		[PGPROT_NONE] = _PAGE_PROTNONE | _PAGE_ACCESSED,
	};
	/* build_mem_type_table(): pgprot_kernel / pgprot_user, SMP shared. */
	const u64 kern = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY |
			 L_PTE_MT_WRITEBACK | L_PTE_SHARED;
	const u64 user = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_MT_WRITEBACK |
			 L_PTE_SHARED;
	const u64 arm[] = {
		[PGPROT_KERNEL] = kern | L_PTE_XN,
		[PGPROT_KERNEL_RO] = kern | L_PTE_XN | L_PTE_RDONLY,
		[PGPROT_KERNEL_EXEC] = kern,
		/* MT_MEMORY_RW section: AP=01 (kernel RW), WBWA, shared, XN */
		[PGPROT_KERNEL_LARGE] = PMD_TYPE_SECT | PMD_SECT_AP_WRITE |
			PMD_SECT_TEX(1) | PMD_SECT_WB | PMD_SECT_S |
			PMD_SECT_XN | PMD_DOMAIN(DOMAIN_KERNEL),
		[PGPROT_SHARED] = user | L_PTE_USER | L_PTE_XN,
		[PGPROT_READONLY] = user | L_PTE_USER | L_PTE_RDONLY | L_PTE_XN,
		[PGPROT_NONE] = user | L_PTE_XN | L_PTE_RDONLY | L_PTE_NONE,
	};

	if ((unsigned int)kind > PGPROT_NONE)
		kind = PGPROT_NONE;
	if (pt_fmt()->arm)
		return __pgprot(arm[kind]);
	return __pgprot(x86[kind] & pt_fmt()->supported);
}

/* ---- offsets -------------------------------------------------------- */

static unsigned long lvl_index(const struct pt_format *f, int lvl, u64 a)
{
	return (a >> f->shift[lvl]) & (f->ptrs[lvl] - 1);
}

/* Physical address of the next-level table an entry points to. */
static phys_addr_t entry_table(const struct pt_format *f, u64 v)
{
	if (f->arm)
		return v & PAGE_MASK;	/* pmd_page_vaddr(): the page */
	return v & f->pfn_mask;
}

static void *next_level(void *p, int lvl, u64 addr)
{
	const struct pt_format *f = pt_fmt();
	u8 *table;

	if (lvl <= (int)f->top)
		return p;		/* folded: the same entry */
	table = pt_phys_to_ptr(entry_table(f, pt_entry_read(p)));
	return table + lvl_index(f, lvl, addr) * f->width;
}

pgd_t *pgd_offset_pgd(pgd_t *pgd, u64 address)
{
	const struct pt_format *f = pt_fmt();

	return (pgd_t *)((u8 *)pgd + lvl_index(f, PT_PGD, address) *
			 f->pgd_width);
}

pgd_t *pgd_offset(struct mm_struct *mm, u64 address)
{
	return pgd_offset_pgd(mm->pgd, address);
}

pgd_t *pgd_offset_k(u64 address)
{
	return pgd_offset(&ps()->kernel_mm, address);
}

p4d_t *p4d_offset(pgd_t *pgd, u64 a) { return next_level(pgd, PT_P4D, a); }
pud_t *pud_offset(p4d_t *p4d, u64 a) { return next_level(p4d, PT_PUD, a); }
pmd_t *pmd_offset(pud_t *pud, u64 a) { return next_level(pud, PT_PMD, a); }
pte_t *pte_offset_kernel(pmd_t *pmd, u64 a)
{
	return next_level(pmd, PT_PTE, a);
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

static int lvl_present(int lvl, u64 v)
{
	const struct pt_format *f = pt_fmt();

	if (folded(lvl))
		return 1;
	if (f->arm)
		return v != 0;
	return (v & _PAGE_PRESENT) != 0;
}

int lvl_is_leaf(int lvl, u64 v)
{
	const struct pt_format *f = pt_fmt();

	if (folded(lvl) || !f->leaf_ok[lvl] || lvl == PT_PTE)
		return 0;
	if (f->arm)
		return (v & PMD_TYPE_MASK) == PMD_TYPE_SECT;
	return (v & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE);
}

/* A table entry whose table is not in RAM, or a leaf where none may be. */
static int lvl_bad(int lvl, u64 v)
{
	const struct pt_format *f = pt_fmt();
	struct machine *m = current_machine();

	if (folded(lvl) || !lvl_present(lvl, v))
		return 0;
	if (f->arm && lvl == PT_PMD && (v & 2))
		return 1;	/* Linux's pmd_bad(): a section is not a table */
	if (lvl_is_leaf(lvl, v))
		return 0;
	return !ram_valid(&m->ram, entry_table(f, v), PAGE_SIZE);
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

int pte_present(pte_t x)
{
	if (pt_fmt()->arm)
		return (pte_val(x) & L_PTE_PRESENT) != 0;
	/* A PROT_NONE pte is "present" to Linux though the CPU faults. */
	return (pte_val(x) & (_PAGE_PRESENT | _PAGE_PROTNONE)) != 0;
}

/* ---- pte bits ------------------------------------------------------- */

#define ARCH_BIT(xb, ab)	(pt_fmt()->arm ? (ab) : (xb))

int pte_write(pte_t x)
{
	if (pt_fmt()->arm)
		return !(pte_val(x) & L_PTE_RDONLY);
	return (pte_val(x) & _PAGE_RW) != 0;
}

int pte_dirty(pte_t x) { return (pte_val(x) & ARCH_BIT(_PAGE_DIRTY, L_PTE_DIRTY)) != 0; }
int pte_young(pte_t x) { return (pte_val(x) & ARCH_BIT(_PAGE_ACCESSED, L_PTE_YOUNG)) != 0; }
int pte_exec(pte_t x) { return !(pte_val(x) & ARCH_BIT(_PAGE_NX, L_PTE_XN)); }
int pte_user(pte_t x) { return (pte_val(x) & ARCH_BIT(_PAGE_USER, L_PTE_USER)) != 0; }

int pte_global(pte_t x)
{
	/* ARM: "global" is the hardware nG bit, chosen by set_pte_at(). */
	return pt_fmt()->arm ? 0 : (pte_val(x) & _PAGE_GLOBAL) != 0;
}

/* SIM: x86 pte_mkdirty also sets _PAGE_SOFT_DIRTY with CONFIG_MEM_SOFT_DIRTY. */
pte_t pte_mkdirty(pte_t x) { return __pte(pte_val(x) | ARCH_BIT(_PAGE_DIRTY, L_PTE_DIRTY)); }
pte_t pte_mkclean(pte_t x) { return __pte(pte_val(x) & ~ARCH_BIT(_PAGE_DIRTY, L_PTE_DIRTY)); }
pte_t pte_mkyoung(pte_t x) { return __pte(pte_val(x) | ARCH_BIT(_PAGE_ACCESSED, L_PTE_YOUNG)); }
pte_t pte_mkold(pte_t x) { return __pte(pte_val(x) & ~ARCH_BIT(_PAGE_ACCESSED, L_PTE_YOUNG)); }

pte_t pte_mkwrite_novma(pte_t x)
{
	if (pt_fmt()->arm)
		return __pte(pte_val(x) & ~L_PTE_RDONLY);
	return __pte(pte_val(x) | _PAGE_RW);
}

pte_t pte_wrprotect(pte_t x)
{
	if (pt_fmt()->arm)
		return __pte(pte_val(x) | L_PTE_RDONLY);
	return __pte(pte_val(x) & ~_PAGE_RW);
}

pte_t pte_mkexec(pte_t x) { return __pte(pte_val(x) & ~ARCH_BIT(_PAGE_NX, L_PTE_XN)); }

pte_t pte_mkglobal(pte_t x)
{
	return pt_fmt()->arm ? x : __pte(pte_val(x) | _PAGE_GLOBAL);
}

unsigned long pte_pfn(pte_t x)
{
	return (unsigned long)((pte_val(x) & pt_fmt()->pfn_mask) >> PAGE_SHIFT);
}

unsigned long pmd_pfn(pmd_t x)
{
	const struct pt_format *f = pt_fmt();
	u64 v = pmd_val(x);

	if (f->arm)
		return (unsigned long)((v & ((v & 2) ? ~(SECTION_SIZE - 1) : PAGE_MASK)
					& 0xffffffffULL) >> PAGE_SHIFT);
	if (f->pse36 && lvl_is_leaf(PT_PMD, v))
		return (unsigned long)(((v & 0xffc00000ULL) |
					(((v >> 13) & 0xff) << 32)) >> PAGE_SHIFT);
	if (lvl_is_leaf(PT_PMD, v))
		return (unsigned long)((v & f->pfn_mask & PMD_MASK) >> PAGE_SHIFT);
	return (unsigned long)((v & f->pfn_mask) >> PAGE_SHIFT);
}

unsigned long pud_pfn(pud_t x)
{
	u64 v = pud_val(x) & pt_fmt()->pfn_mask;

	if (lvl_is_leaf(PT_PUD, pud_val(x)))
		v &= PUD_MASK;
	return (unsigned long)(v >> PAGE_SHIFT);
}

pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	const struct pt_format *f = pt_fmt();
	u64 pa = ((u64)pfn << PAGE_SHIFT) & f->pfn_mask;

	return __pte(pa | (pgprot_val(prot) & f->supported & ~f->pfn_mask));
}

pmd_t pfn_pmd(unsigned long pfn, pgprot_t prot)
{
	const struct pt_format *f = pt_fmt();
	u64 pa = (u64)pfn << PAGE_SHIFT;

	/* ARM: a section's attributes (TEX, S, nG) sit below bit 20. */
	if (f->arm)
		return __pmd(((pa & ~(SECTION_SIZE - 1)) & 0xffffffffULL) |
			     (pgprot_val(prot) & (SECTION_SIZE - 1)));
	if (f->pse36)	/* PSE-36: PA[39:32] in bits 20:13 */
		pa = (pa & 0xffc00000ULL) | (((pa >> 32) & 0xff) << 13);
	else
		pa &= f->pfn_mask;
	return __pmd(pa | (pgprot_val(prot) & f->supported & ~f->pfn_mask));
}

pud_t pfn_pud(unsigned long pfn, pgprot_t prot)
{
	const struct pt_format *f = pt_fmt();

	return __pud((((u64)pfn << PAGE_SHIFT) & f->pfn_mask) |
		     (pgprot_val(prot) & f->supported & ~f->pfn_mask));
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

static void set_pte_ext(pte_t *p, pte_t v, u64 ext)
{
	if (pt_fmt()->arm)
		cpu_v7_set_pte_ext(p, v, ext);
	else
		pt_entry_write(p, pte_val(v));
}

void set_pte(pte_t *p, pte_t v)
{
	set_pte_ext(p, v, 0);
}

void set_pte_at(struct mm_struct *mm, u64 addr, pte_t *p, pte_t v)
{
	struct machine *m = current_machine();
	u64 ext = 0;

	/* User mappings are per-ASID (nG); the kernel's are global. */
	if (pt_fmt()->arm && addr < m->layout.task_size)
		ext = PTE_EXT_NG;
	set_pte_ext(p, v, ext);
}

void pte_clear(struct mm_struct *mm, u64 addr, pte_t *p)
{
	set_pte_ext(p, __pte(0), 0);
}

void pmd_clear(pmd_t *p)
{
	pt_entry_write(p, 0);
	if (pt_fmt()->arm)	/* both halves of the pair */
		pt_entry_write((u8 *)p + 4, 0);
}

void pud_clear(pud_t *p) { set_pud(p, __pud(0)); }
void p4d_clear(p4d_t *p) { set_p4d(p, __p4d(0)); }
void pgd_clear(pgd_t *p) { set_pgd(p, __pgd(0)); }

static u64 table_flags(struct mm_struct *mm)
{
	(void)mm;
	/* Linux x86 uses _PAGE_TABLE (with USER) for every table entry. */
	return _PAGE_TABLE;
}

void pgd_populate(struct mm_struct *mm, pgd_t *pgd, p4d_t *p4d)
{
	set_pgd(pgd, __pgd(pt_ptr_to_phys(p4d) | table_flags(mm)));
}

void p4d_populate(struct mm_struct *mm, p4d_t *p4d, pud_t *pud)
{
	set_p4d(p4d, __p4d(pt_ptr_to_phys(pud) | table_flags(mm)));
}

void pud_populate(struct mm_struct *mm, pud_t *pud, pmd_t *pmd)
{
	/* PAE PDPTEs: only P; RW/US are reserved there (SDM table 4-8). */
	u64 fl = pt_fmt()->pae_pdpt ? _PAGE_PRESENT :
						  table_flags(mm);

	set_pud(pud, __pud(pt_ptr_to_phys(pmd) | fl));
}

void pmd_populate_kernel(struct mm_struct *mm, pmd_t *pmd, pte_t *pte)
{
	phys_addr_t pa = pt_ptr_to_phys(pte);

	if (pt_fmt()->arm) {
		/* _PAGE_KERNEL_TABLE or _PAGE_USER_TABLE */
		int dom = mm == &ps()->kernel_mm ? DOMAIN_KERNEL : DOMAIN_USER;

		__pmd_populate(pmd, pa, PMD_TYPE_TABLE | PMD_BIT4 |
				   PMD_DOMAIN(dom));
		return;
	}
	set_pmd(pmd, __pmd(pa | table_flags(mm)));
}
