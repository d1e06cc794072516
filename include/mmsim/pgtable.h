/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux's generic page-table interface (include/linux/pgtable.h,
 * arch/x86/include/asm/pgtable*.h, arch/arm/include/asm/pgtable*.h) over
 * tables that live in simulated RAM in the hardware's exact format.
 *
 *   pgd -> p4d -> pud -> pmd -> pte
 *
 * One mmsim binary runs every architecture, so the format is chosen at
 * boot (struct pt_format) instead of at compile time. Folding works as in
 * asm-generic/pgtable-nop4d.h / -nopud.h / -nopmd.h: the levels above the
 * top real one are "folded" (their *_none() is 0, *_present() is 1, their
 * *_offset() returns the pointer it was given), so generic code always
 * walks five levels:
 *
 *   x86_64 4-level   pgd(folded) p4d=PML4 pud=PDPT pmd=PD pte=PT
 *   x86_64 LA57      pgd=PML5 p4d=PML4 pud pmd pte
 *   x86_32 PAE       pgd,p4d(folded) pud=PDPT(4) pmd=PD pte=PT
 *   x86_32           pgd,p4d,pud(folded) pmd=PD(1024) pte=PT(1024)
 *   arm32            pgd(2048 pairs),p4d,pud(folded) pmd=L1 entry pair,
 *                    pte = Linux PTEs (512), hardware PTEs 2 KiB above
 *
 * A pgd_t * (p4d_t *, ...) is a host pointer into simulated RAM; read and
 * write entries only through the accessors (pgdp_get, set_pte, ...), which
 * know the entry width (4 or 8 bytes). Entry values are u64 in every format.
 *
 * SIM: a table address that lies outside RAM (a corrupted entry) yields a
 * pointer to a per-machine sink table of zeroes, never a wild pointer, and
 * *_bad() reports it.
 */
#ifndef MMSIM_PGTABLE_H
#define MMSIM_PGTABLE_H

#include <string.h>

#include "machine.h"

/* ---- entry types ---------------------------------------------------- */

typedef struct { u64 pgd; } pgd_t;
typedef struct { u64 p4d; } p4d_t;
typedef struct { u64 pud; } pud_t;
typedef struct { u64 pmd; } pmd_t;
typedef struct { u64 pte; } pte_t;
typedef struct { u64 pgprot; } pgprot_t;

#define pgd_val(x)	((x).pgd)
#define p4d_val(x)	((x).p4d)
#define pud_val(x)	((x).pud)
#define pmd_val(x)	((x).pmd)
#define pte_val(x)	((x).pte)
#define pgprot_val(x)	((x).pgprot)
#define __pgd(x)	((pgd_t){ (x) })
#define __p4d(x)	((p4d_t){ (x) })
#define __pud(x)	((pud_t){ (x) })
#define __pmd(x)	((pmd_t){ (x) })
#define __pte(x)	((pte_t){ (x) })
#define __pgprot(x)	((pgprot_t){ (x) })

/* ---- the runtime format --------------------------------------------- */

enum pt_level_idx { PT_PGD, PT_P4D, PT_PUD, PT_PMD, PT_PTE, PT_NR_LEVELS };

struct pt_ops;

struct pt_format {
	const char *name;
	bool arm;		/* ARM short descriptors, else x86 (for front ends) */
	const struct pt_ops *ops;	/* the architecture behind the format */
	unsigned int top;	/* first real level; those above are folded */
	unsigned int width;	/* bytes per entry of a real level */
	unsigned int pgd_width;	/* bytes per pgd slot (ARM: a pair, 8) */
	unsigned int shift[PT_NR_LEVELS];	/* PGDIR_SHIFT ... PAGE_SHIFT */
	unsigned int ptrs[PT_NR_LEVELS];	/* PTRS_PER_PGD ... PTRS_PER_PTE */
	unsigned int pgd_bytes;	/* bytes of a pgd (top) table */
	bool leaf_ok[PT_NR_LEVELS];		/* level may map a page */
	/*
	 * Size of a pmd leaf when it differs from PMD_SIZE: ARM's pmd is a
	 * pair of 1 MiB sections (SECTION_SHIFT 20 under PMD_SHIFT 21).
	 */
	unsigned int pmd_leaf_shift;
	u64 pfn_mask;		/* PTE_PFN_MASK (physical address bits) */
	u64 supported;		/* __supported_pte_mask */
	unsigned int levels;	/* real levels: 2 (x86_32, ARM) to 5 (LA57) */
	unsigned int va_bits;	/* linear-address bits translated (48: canonical) */
	unsigned int phys_bits;	/* MAXPHYADDR of the simulated CPU */
	bool long_mode;		/* x86-64 (IA-32e) paging, 4 or 5 levels */
	bool pae_pdpt;		/* top level is PAE's 4 PDPTEs (P only) */
	bool pse36;		/* 4 MiB PDEs hold PA[39:32] in bits 20:13 */
};

extern const struct pt_format pt_format_x86_32, pt_format_x86_pae,
	pt_format_x86_64, pt_format_x86_la57, pt_format_arm;

/* Per-machine paging state (m->paging), see include/mmsim/paging.h. */
struct paging_state;
const struct pt_format *pt_fmt(void);

/* The buddy order of a pgd (ARM: 16 KiB; PAE's 32 bytes take a page). */
static inline unsigned int pgd_order(void)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < pt_fmt()->pgd_bytes)
		order++;
	return order;
}

#define PGDIR_SHIFT	(pt_fmt()->shift[PT_PGD])
#define P4D_SHIFT	(pt_fmt()->shift[PT_P4D])
#define PUD_SHIFT	(pt_fmt()->shift[PT_PUD])
#define PMD_SHIFT	(pt_fmt()->shift[PT_PMD])
#define PTRS_PER_PGD	(pt_fmt()->ptrs[PT_PGD])
#define PTRS_PER_P4D	(pt_fmt()->ptrs[PT_P4D])
#define PTRS_PER_PUD	(pt_fmt()->ptrs[PT_PUD])
#define PTRS_PER_PMD	(pt_fmt()->ptrs[PT_PMD])
#define PTRS_PER_PTE	(pt_fmt()->ptrs[PT_PTE])
#define PGDIR_SIZE	(1ULL << PGDIR_SHIFT)
#define PUD_SIZE	(1ULL << PUD_SHIFT)
#define PMD_SIZE	(1ULL << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))
#define PUD_MASK	(~(PUD_SIZE - 1))

/* Protections, resolved for the running machine's format. */
enum pgprot_kind {
	PGPROT_KERNEL, PGPROT_KERNEL_RO, PGPROT_KERNEL_EXEC,
	PGPROT_KERNEL_LARGE, PGPROT_SHARED, PGPROT_READONLY, PGPROT_NONE,
};
pgprot_t pgprot_of(enum pgprot_kind kind);
#define PAGE_KERNEL		pgprot_of(PGPROT_KERNEL)
#define PAGE_KERNEL_RO		pgprot_of(PGPROT_KERNEL_RO)
#define PAGE_KERNEL_EXEC	pgprot_of(PGPROT_KERNEL_EXEC)
#define PAGE_KERNEL_LARGE	pgprot_of(PGPROT_KERNEL_LARGE)
#define PAGE_SHARED		pgprot_of(PGPROT_SHARED)
#define PAGE_READONLY		pgprot_of(PGPROT_READONLY)
#define PAGE_NONE		pgprot_of(PGPROT_NONE)

/* ---- raw entry access ----------------------------------------------- */

/* An entry of format @f at host pointer @p, zero-extended to 64 bits. */
static inline u64 pt_entry_read_fmt(const struct pt_format *f, const void *p)
{
	if (f->width == 4) {
		u32 v;

		memcpy(&v, p, 4);
		return v;
	} else {
		u64 v;

		memcpy(&v, p, 8);
		return v;
	}
}

u64 pt_entry_read(const void *p);
void pt_entry_write(void *p, u64 v);
/* Host pointer of a page-table page at physical @pa (sink if invalid). */
void *pt_phys_to_ptr(phys_addr_t pa);
phys_addr_t pt_ptr_to_phys(const void *p);

/* ---- indices and offsets -------------------------------------------- */

static inline unsigned long pgd_index(u64 a)
{ return (a >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1); }
static inline unsigned long p4d_index(u64 a)
{ return (a >> P4D_SHIFT) & (PTRS_PER_P4D - 1); }
static inline unsigned long pud_index(u64 a)
{ return (a >> PUD_SHIFT) & (PTRS_PER_PUD - 1); }
static inline unsigned long pmd_index(u64 a)
{ return (a >> PMD_SHIFT) & (PTRS_PER_PMD - 1); }
static inline unsigned long pte_index(u64 a)
{ return (a >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

struct mm_struct;
pgd_t *pgd_offset_pgd(pgd_t *pgd, u64 address);
pgd_t *pgd_offset(struct mm_struct *mm, u64 address);
pgd_t *pgd_offset_k(u64 address);
p4d_t *p4d_offset(pgd_t *pgd, u64 address);
pud_t *pud_offset(p4d_t *p4d, u64 address);
pmd_t *pmd_offset(pud_t *pud, u64 address);
pte_t *pte_offset_kernel(pmd_t *pmd, u64 address);
#define pte_offset_map(pmd, a)	pte_offset_kernel((pmd), (a))

/* The entry of @addr one level below @p (at level @lvl), by number. */
void *pt_next_entry(void *p, int lvl, u64 addr);
/* *_present() by level number (folded levels: 1). */
int lvl_present(int lvl, u64 v);
/* Bytes a leaf at @lvl maps (ARM pmd: a 1 MiB section). */
u64 pt_leaf_size(int lvl);

static inline pgd_t pgdp_get(pgd_t *p) { return __pgd(pt_entry_read(p)); }
static inline p4d_t p4dp_get(p4d_t *p) { return __p4d(pt_entry_read(p)); }
static inline pud_t pudp_get(pud_t *p) { return __pud(pt_entry_read(p)); }
static inline pmd_t pmdp_get(pmd_t *p) { return __pmd(pt_entry_read(p)); }
static inline pte_t ptep_get(pte_t *p) { return __pte(pt_entry_read(p)); }

/* ---- entry predicates (folded levels: none 0, present 1, bad 0) ------ */

int pgd_none(pgd_t pgd);
int pgd_present(pgd_t pgd);
int pgd_bad(pgd_t pgd);
int p4d_none(p4d_t p4d);
int p4d_present(p4d_t p4d);
int p4d_bad(p4d_t p4d);
int pud_none(pud_t pud);
int pud_present(pud_t pud);
int pud_bad(pud_t pud);
int pud_leaf(pud_t pud);
int pmd_none(pmd_t pmd);
int pmd_present(pmd_t pmd);
int pmd_bad(pmd_t pmd);
int pmd_leaf(pmd_t pmd);
int pte_none(pte_t pte);
int pte_present(pte_t pte);

/* ---- PTE bits ------------------------------------------------------- */

int pte_write(pte_t pte);
int pte_dirty(pte_t pte);
int pte_young(pte_t pte);
int pte_exec(pte_t pte);
int pte_user(pte_t pte);
int pte_global(pte_t pte);
pte_t pte_mkdirty(pte_t pte);
pte_t pte_mkclean(pte_t pte);
pte_t pte_mkyoung(pte_t pte);
pte_t pte_mkold(pte_t pte);
pte_t pte_mkwrite_novma(pte_t pte);
pte_t pte_wrprotect(pte_t pte);
pte_t pte_mkexec(pte_t pte);
pte_t pte_mkglobal(pte_t pte);
unsigned long pte_pfn(pte_t pte);
unsigned long pmd_pfn(pmd_t pmd);
unsigned long pud_pfn(pud_t pud);
pte_t pfn_pte(unsigned long pfn, pgprot_t prot);
pmd_t pfn_pmd(unsigned long pfn, pgprot_t prot);
pud_t pfn_pud(unsigned long pfn, pgprot_t prot);
pgprot_t pte_pgprot(pte_t pte);
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), (prot))

/* ---- writing entries ------------------------------------------------ */

void set_pgd(pgd_t *p, pgd_t v);
void set_p4d(p4d_t *p, p4d_t v);
void set_pud(pud_t *p, pud_t v);
void set_pmd(pmd_t *p, pmd_t v);
/* ARM: writes the Linux PTE and the hardware PTE (set_pte_ext). */
void set_pte(pte_t *p, pte_t v);
void set_pte_at(struct mm_struct *mm, u64 addr, pte_t *p, pte_t v);
void pte_clear(struct mm_struct *mm, u64 addr, pte_t *p);
void pmd_clear(pmd_t *p);
void pud_clear(pud_t *p);
void p4d_clear(p4d_t *p);
void pgd_clear(pgd_t *p);

/* Point an entry at a next-level table (physical address of the table). */
void pgd_populate(struct mm_struct *mm, pgd_t *pgd, p4d_t *p4d);
void p4d_populate(struct mm_struct *mm, p4d_t *p4d, pud_t *pud);
void pud_populate(struct mm_struct *mm, pud_t *pud, pmd_t *pmd);
void pmd_populate_kernel(struct mm_struct *mm, pmd_t *pmd, pte_t *pte);

/* ---- allocation of page-table pages --------------------------------- */

/*
 * A zeroed page-table page: from memblock during boot, later from the
 * buddy allocator (alloc_pages). NULL when out of memory.
 */
void *pt_alloc_table(struct mm_struct *mm);
void pt_free_table(struct mm_struct *mm, void *table);

/*
 * Walk to (allocating as needed) the entry mapping @addr at @level.
 * Return: a pointer to the entry, or NULL on allocation failure.
 */
void *pt_walk_alloc(struct mm_struct *mm, u64 addr, enum pt_level_idx level);
/* Return the leaf entry mapping @addr and its level, or NULL (not mapped). */
void *pt_lookup(struct mm_struct *mm, u64 addr, enum pt_level_idx *level);

#endif /* MMSIM_PGTABLE_H */
