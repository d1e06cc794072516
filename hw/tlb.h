/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A per-CPU translation lookaside buffer.
 *
 * One set-associative array per page size (4 KiB, 1 MiB ARM sections,
 * 2 MiB, 4 MiB, 1 GiB), as real cores keep separate arrays per size. Each
 * entry caches what the walk found: the physical page, the effective
 * permissions, whether the page was already dirty, whether it is global,
 * and the PCID (x86, CR4.PCIDE) or ASID (ARM, nG pages) it belongs to.
 *
 * The TLB is a cache that is NOT coherent with the page tables: a changed
 * PTE stays invisible until invlpg or a flush, exactly as on hardware.
 * Replacement is least-recently-used within a set.
 */
#ifndef MMSIM_HW_TLB_H
#define MMSIM_HW_TLB_H

#include <mmsim/types.h>

enum tlb_size {
	TLB_4K,
	TLB_1M,		/* ARM section */
	TLB_2M,
	TLB_4M,		/* x86 32-bit PSE */
	TLB_1G,
	TLB_NR_SIZES
};

extern const unsigned int tlb_size_shift[TLB_NR_SIZES];
extern const char *const tlb_size_name[TLB_NR_SIZES];

/* Cached attributes (tlb_entry.attr). */
#define TLBA_W		0x0001	/* x86: writable at every level */
#define TLBA_U		0x0002	/* x86: user at every level */
#define TLBA_NX		0x0004	/* x86: no-execute at some level; ARM: XN */
#define TLBA_D		0x0008	/* x86: dirty already set in the entry */
#define TLBA_G		0x0010	/* global: ignores PCID/ASID */
#define TLBA_PXN	0x0020	/* ARM: privileged execute-never */
#define TLBA_AP_SHIFT	8	/* ARM: AP[2:0] in bits 10:8 */
#define TLBA_DOM_SHIFT	12	/* ARM: domain in bits 15:12 */

#define TLB_INVALID_TAG	(~0ULL)

struct tlb_entry {
	u64 tag;		/* va >> page shift; TLB_INVALID_TAG if empty */
	u64 pbase;		/* physical address of the page */
	u32 lru;		/* last use stamp */
	u16 asid;		/* PCID / ASID; ignored if TLBA_G */
	u16 attr;		/* TLBA_* */
};

struct tlb_array {
	unsigned int sets, ways;	/* sets is a power of two */
	unsigned int used;		/* valid entries, to skip empty arrays */
	struct tlb_entry *e;		/* sets * ways */
};

struct tlb_stats {
	u64 hits, misses, walks, flushes, invlpgs, evictions;
};

struct tlb_geometry {
	unsigned int entries[TLB_NR_SIZES];
	unsigned int ways[TLB_NR_SIZES];
};

struct tlb {
	struct tlb_array a[TLB_NR_SIZES];
	u32 clock;
	u16 cur_asid;			/* PCID / ASID of the running context */
	/*
	 * SIM: a one-entry first-level TLB in front of the arrays (real
	 * cores have a small L1 dTLB); it points into the arrays, so every
	 * invalidation there reaches it.
	 */
	struct tlb_entry *last;
	enum tlb_size last_size;
	struct tlb_stats stats;
};

/* Default geometry (a recent x86 core's second-level TLB, roughly). */
void tlb_default_geometry(struct tlb_geometry *g);
/* Return: a TLB, or NULL on bad geometry (sizes not power-of-two sets). */
struct tlb *tlb_create(const struct tlb_geometry *g);
void tlb_destroy(struct tlb *tlb);

/*
 * tlb_lookup - find a translation of @va for the current ASID.
 * Return: the entry, or NULL on a miss. Counts a hit or a miss.
 */
static inline struct tlb_entry *tlb_lookup(struct tlb *tlb, u64 va,
					   enum tlb_size *size)
{
	struct tlb_entry *last = tlb->last;

	/* The L1 entry: the last translation used (an invalidated one has lost its tag). */
	if (last && last->tag == va >> tlb_size_shift[tlb->last_size] &&
	    ((last->attr & TLBA_G) || last->asid == tlb->cur_asid)) {
		tlb->stats.hits++;
		*size = tlb->last_size;
		return last;
	}
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		struct tlb_entry *e;
		u64 tag;

		if (!a->used)
			continue;
		tag = va >> tlb_size_shift[s];
		e = a->e + (tag & (a->sets - 1)) * a->ways;
		for (unsigned int w = 0; w < a->ways; w++, e++) {
			if (e->tag == tag &&
			    ((e->attr & TLBA_G) || e->asid == tlb->cur_asid)) {
				e->lru = ++tlb->clock;
				tlb->stats.hits++;
				*size = (enum tlb_size)s;
				tlb->last = e;
				tlb->last_size = (enum tlb_size)s;
				return e;
			}
		}
	}
	tlb->stats.misses++;
	return NULL;
}

/* Insert a translation (after a successful walk). */
void tlb_insert(struct tlb *tlb, enum tlb_size size, u64 va, u64 pbase,
		u16 attr, u16 asid);
/* Drop every entry (any size) that translates @va: global or @asid. */
void tlb_flush_va(struct tlb *tlb, u64 va, u16 asid);
/* Drop everything, global entries too. */
void tlb_flush_all(struct tlb *tlb);
/* Drop non-global entries; of one ASID if @asid >= 0, else of all. */
void tlb_flush_nonglobal(struct tlb *tlb, int asid);
/* Valid entries in all arrays. */
unsigned int tlb_nr_entries(const struct tlb *tlb);

#endif /* MMSIM_HW_TLB_H */
