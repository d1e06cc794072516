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
 * Replacement is least-recently-used within a set (an empty way first).
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

/*
 * Accesses an entry allows without any further check, as a bit mask
 * indexed by tlb_ok_index(): the permission rules of the mode (CR0.WP,
 * SMEP, SMAP, NX, ARM domains) applied to the entry's attributes once, when
 * it is filled or when those control bits change. On x86 a write is in the
 * mask only if the entry's dirty bit is already set. A clear bit does not
 * mean a fault: it sends the access to the exact, slower check.
 */
#define TLB_OK_PROBE	0x10	/* index bit: MMU_PROBE, never allowed */
#define TLB_OK_CPL3	0x20	/* index bit: the CPU runs at CPL 3 */

struct tlb_entry {
	u64 tag;		/* va >> page shift; TLB_INVALID_TAG if empty */
	u64 pbase;		/* physical address of the page */
	u64 ok;			/* accesses allowed outright (see above) */
	u16 asid;		/* PCID / ASID; ignored if TLBA_G */
	u16 attr;		/* TLBA_* */
};

/*
 * SIM: the tags are kept apart from the entries (a copy of each tag), so
 * that a set scan touches one or two host cache lines; the LRU state of a
 * set is its ways from most to least recently used, one nibble each (so
 * at most 16 ways), plus a bit mask of the valid ways.
 */
#define TLB_MAX_WAYS	16

struct tlb_set {
	/*
	 * A presence filter: bit (tag >> set bits) & 63 of every valid tag
	 * is set (stale bits may stay), so most misses know the set does not
	 * hold the tag without scanning it.
	 */
	u64 filter;
	u64 order;			/* way numbers, MRU first */
	u32 valid;			/* valid ways */
};

struct tlb_array {
	unsigned int sets, ways;	/* sets is a power of two */
	unsigned int used;		/* valid entries, to skip empty arrays */
	struct tlb_entry *e;		/* sets * ways */
	u64 *tags;			/* e[i].tag, for scanning */
	struct tlb_set *set;		/* per set state */
	unsigned int set_bits;		/* log2(sets) */
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
	u16 cur_asid;			/* PCID / ASID of the running context */
	/*
	 * SIM: a one-entry first-level TLB in front of the arrays (real
	 * cores have a small L1 dTLB); it points into the arrays, so every
	 * invalidation there reaches it.
	 */
	struct tlb_entry *last;		/* NULL, or valid for cur_asid */
	enum tlb_size last_size;
	unsigned int last_shift;	/* tlb_size_shift[last_size] */
	u64 last_mask;			/* (1 << last_shift) - 1 */
	/*
	 * SIM: what the last missed lookup learnt of its 4K set: the ways
	 * holding its tag for another context (none, mostly), so that the
	 * fill after the walk need not scan the set again. Dropped by any
	 * change of a tag.
	 */
	struct {
		u64 tag;
		unsigned int same;	/* first way with the tag, or ~0u */
		u16 asid;
		bool valid;
	} hint;
	struct tlb_stats stats;
};

/* Index of an access (MMU_* flags, low 5 bits) in tlb_entry.ok. */
static inline unsigned int tlb_ok_index(unsigned int access, int cpl)
{
	return (access & 0x1f) | (cpl == 3 ? TLB_OK_CPL3 : 0);
}

/* Default geometry (a recent x86 core's second-level TLB, roughly). */
void tlb_default_geometry(struct tlb_geometry *g);
/* Return: a TLB, or NULL on bad geometry (sizes not power-of-two sets). */
struct tlb *tlb_create(const struct tlb_geometry *g);
void tlb_destroy(struct tlb *tlb);

/* ---- lookup and fill, inline for the MMU's miss path ---- */

/* Nibbles 0 .. k-1 of a u64 (k <= 16). */
static inline u64 tlb_nibbles_below(unsigned int k)
{
	return k >= 16 ? ~0ULL : (1ULL << (4 * k)) - 1;
}

/* Make way @w of @set the most recently used (branch-free). */
static inline void tlb_lru_touch(struct tlb_array *a, unsigned int set,
			     unsigned int w)
{
	u64 o = a->set[set].order;
	u64 x = o ^ (0x1111111111111111ULL * w);	/* zero nibble: w */
	u64 nz = x | (x >> 1);
	unsigned int pos;

	nz |= nz >> 2;				/* bit 0 of a nibble: nonzero */
	pos = (unsigned int)__builtin_ctzll(~nz & 0x1111111111111111ULL) / 4;
	a->set[set].order = (o & ~tlb_nibbles_below(pos + 1)) |
			((o & tlb_nibbles_below(pos)) << 4) | w;
}

/* The way a fill replaces: the first empty one, else the LRU one. */
static inline unsigned int tlb_lru_victim(const struct tlb_array *a,
				      unsigned int set)
{
	unsigned int empty = ~a->set[set].valid &
			     ((1u << a->ways) - 1);

	if (empty)
		return (unsigned int)__builtin_ctz(empty);
	return (unsigned int)(a->set[set].order >> (4 * (a->ways - 1))) & 0xf;
}

static inline u64 tlb_filter_bit(const struct tlb_array *a, u64 tag)
{
	return 1ULL << ((tag >> a->set_bits) & 63);
}

static inline void tlb_set_last(struct tlb *tlb, struct tlb_entry *e,
				enum tlb_size s)
{
	tlb->last = e;
	tlb->last_size = s;
	tlb->last_shift = tlb_size_shift[s];
	tlb->last_mask = (1ULL << tlb_size_shift[s]) - 1;
}

/*
 * tlb_lookup - find a translation of @va for the current ASID.
 * Return: the entry, or NULL on a miss. Counts a hit or a miss.
 */
static inline struct tlb_entry *tlb_lookup(struct tlb *tlb, u64 va,
					   enum tlb_size *size)
{
	struct tlb_entry *last = tlb->last;

	/* The L1 entry: the last translation used (an invalidated one has lost its tag). */
	if (last && last->tag == va >> tlb->last_shift) {
		tlb->stats.hits++;
		*size = tlb->last_size;
		return last;
	}
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		unsigned int set, first, same;
		const u64 *tags;
		u64 tag;

		if (!a->used)
			continue;
		tag = va >> tlb_size_shift[s];
		set = (unsigned int)(tag & (a->sets - 1));
		first = set * a->ways;
		tags = a->tags + first;
		same = ~0u;
		if (!(a->set[set].filter & tlb_filter_bit(a, tag)))
			goto absent;
		for (unsigned int w = 0; w < a->ways; w++) {
			struct tlb_entry *e = &a->e[first + w];

			if (tags[w] != tag)
				continue;
			if ((e->attr & TLBA_G) || e->asid == tlb->cur_asid) {
				tlb_lru_touch(a, set, w);
				tlb->stats.hits++;
				*size = (enum tlb_size)s;
				tlb_set_last(tlb, e, (enum tlb_size)s);
				return e;
			}
			if (same == ~0u)
				same = w;
		}
absent:
		if (s == TLB_4K) {
			tlb->hint.tag = tag;
			tlb->hint.same = same;
			tlb->hint.asid = tlb->cur_asid;
			tlb->hint.valid = true;
		}
	}
	tlb->stats.misses++;
	return NULL;
}

/*
 * tlb_insert - insert a translation (after a successful walk). Its ok mask
 * starts empty; the MMU fills it in. Return: the entry.
 */
static inline struct tlb_entry *tlb_insert(struct tlb *tlb,
					   enum tlb_size size, u64 va,
					   u64 pbase, u16 attr, u16 asid)
{
	struct tlb_array *a = &tlb->a[size];
	u64 tag = va >> tlb_size_shift[size];
	unsigned int set = (unsigned int)(tag & (a->sets - 1));
	unsigned int first = set * a->ways, victim = ~0u;
	const u64 *tags = a->tags + first;
	struct tlb_entry *e;

	/* An entry for the same page and context is replaced... */
	if (size == TLB_4K && tlb->hint.valid && tlb->hint.tag == tag &&
	    tlb->hint.asid == asid &&
	    (tlb->hint.same == ~0u || (attr & TLBA_G))) {
		/* (the lookup that just missed saw the set) */
		victim = tlb->hint.same;
	} else for (unsigned int w = 0; w < a->ways; w++) {
		if (tags[w] != tag)
			continue;
		e = &a->e[first + w];
		if ((e->attr & TLBA_G) || (attr & TLBA_G) || e->asid == asid) {
			victim = w;
			break;
		}
	}
	/* ...else the first empty way, else the least recently used. */
	if (victim == ~0u)
		victim = tlb_lru_victim(a, set);
	tlb->hint.valid = false;
	e = &a->e[first + victim];
	if (tags[victim] == TLB_INVALID_TAG) {
		a->used++;
		a->set[set].valid |= 1u << victim;
	} else if (tags[victim] != tag) {
		tlb->stats.evictions++;
	}
	tlb_lru_touch(a, set, victim);
	a->tags[first + victim] = tag;
	a->set[set].filter |= tlb_filter_bit(a, tag);
	e->tag = tag;
	e->pbase = pbase;
	e->attr = attr;
	e->asid = asid;
	e->ok = 0;
	/* The translation just filled is the one the next access uses. */
	if ((attr & TLBA_G) || asid == tlb->cur_asid)
		tlb_set_last(tlb, e, size);
	else if (tlb->last == e)
		tlb->last = NULL;
	return e;
}

/*
 * tlb_set_asid - switch the tagged context (CR3 load with PCIDE, ARM
 * CONTEXTIDR write); entries of other contexts stay but stop matching.
 */
static inline void tlb_set_asid(struct tlb *tlb, u16 asid)
{
	if (tlb->cur_asid != asid) {
		tlb->cur_asid = asid;
		tlb->last = NULL;
	}
}

/* Drop every entry (any size) that translates @va: global or @asid. */
void tlb_flush_va(struct tlb *tlb, u64 va, u16 asid);
/* Drop everything, global entries too. */
void tlb_flush_all(struct tlb *tlb);
/* Drop non-global entries; of one ASID if @asid >= 0, else of all. */
void tlb_flush_nonglobal(struct tlb *tlb, int asid);
/* Valid entries in all arrays. */
unsigned int tlb_nr_entries(const struct tlb *tlb);
/* Call @fn on every valid entry (to recompute its ok mask). */
void tlb_for_each_entry(struct tlb *tlb,
			void (*fn)(struct tlb_entry *e, enum tlb_size size,
				   void *arg), void *arg);

#endif /* MMSIM_HW_TLB_H */
