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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
 * SIM: each set keeps one hash byte of every way's tag (tlb_tag_hash()),
 * so that a lookup compares 16 bytes at once and reads an entry only when
 * its byte matches (a wrong byte match costs a tag compare, 1 in 256); the
 * LRU state of a set is its ways from most to least recently used, one
 * nibble each (so at most 16 ways), plus a bit mask of the valid ways.
 */
#define TLB_MAX_WAYS	16

struct tlb_set {
	u8 hash[TLB_MAX_WAYS];		/* tlb_tag_hash() of each valid way */
	u64 order;			/* way numbers, MRU first */
	u32 valid;			/* valid ways */
};

struct tlb_array {
	unsigned int sets, ways;	/* sets is a power of two */
	unsigned int used;		/* valid entries, to skip empty arrays */
	u64 lru_mask;			/* the nibbles of order in use */
	struct tlb_entry *e;		/* sets * ways */
	struct tlb_set *set;		/* per set state */
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
	u32 used_mask;			/* bit s: a[s].used != 0 */
	/*
	 * SIM: bit tlb_region_bit(va) is set for the 1 GiB region of every
	 * entry in the arrays other than 4K (stale bits may stay until a
	 * flush), so that most 4K misses skip probing those arrays.
	 */
	u64 large_filter;
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

/* Make way @w of @set the most recently used (branch-free). */
static inline void tlb_lru_touch(struct tlb_array *a, unsigned int set,
				 unsigned int w)
{
	const u64 ones = 0x1111111111111111ULL;
	u64 o = a->set[set].order;
	u64 x = o ^ (ones * w);			/* zero nibble: w */
	u64 nz = x | (x >> 1), b;

	nz |= nz >> 2;				/* bit 0 of a nibble: nonzero */
	b = ~nz & ones;
	b &= -b;				/* bit 0 of w's nibble */
	/* The nibbles above w stay, those before it move up one. */
	a->set[set].order = (o & ~((b << 4) - 1)) | ((o & (b - 1)) << 4) | w;
}

/*
 * The way a fill replaces: the first empty one, else the LRU one.
 * *@lru is set if it is the LRU way (the set is full).
 */
static inline unsigned int tlb_lru_victim(const struct tlb_array *a,
					  unsigned int set, bool *lru)
{
	unsigned int empty = ~a->set[set].valid & ((1u << a->ways) - 1);

	*lru = !empty;
	if (empty)
		return (unsigned int)__builtin_ctz(empty);
	return (unsigned int)(a->set[set].order >> (4 * (a->ways - 1))) & 0xf;
}

/* The hash byte of a tag kept per way in its set (any mix of its bits). */
static inline u8 tlb_tag_hash(u64 tag)
{
	return (u8)((tag * 0x9e3779b97f4a7c15ULL) >> 56);
}

/* The bit of @va's 1 GiB region in tlb.large_filter. */
static inline u64 tlb_region_bit(u64 va)
{
	return 1ULL << (tlb_tag_hash(va >> 30) & 63);
}

/* The valid ways of @st whose hash byte is @h (candidates for the tag). */
static inline u32 tlb_set_match(const struct tlb_set *st, u8 h)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)st->hash);

	return (u32)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)h))) &
	       st->valid;
#else
	const u64 lo7 = 0x7f7f7f7f7f7f7f7fULL;
	u32 m = 0;

	for (int k = 0; k < 2; k++) {
		u64 x, z;

		__builtin_memcpy(&x, st->hash + 8 * k, 8);
		x ^= 0x0101010101010101ULL * h;
		z = ~(((x & lo7) + lo7) | x | lo7);	/* 0x80: zero byte */
		m |= (u32)(((z >> 7) * 0x0102040810204080ULL) >> 56) << (8 * k);
	}
	return m & st->valid;
#endif
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
 * tlb_lookup_array - find @va's translation for the current ASID in array
 * @s; on a hit make it the MRU of its set and the first-level entry.
 * Return: the entry, or NULL. Counts nothing.
 */
static inline struct tlb_entry *tlb_lookup_array(struct tlb *tlb,
						 enum tlb_size s, u64 va)
{
	struct tlb_array *a = &tlb->a[s];
	u64 tag = va >> tlb_size_shift[s];
	unsigned int set = (unsigned int)(tag & (a->sets - 1));
	u32 cand = tlb_set_match(&a->set[set], tlb_tag_hash(tag));

	for (; cand; cand &= cand - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(cand);
		struct tlb_entry *e = &a->e[set * a->ways + w];

		if (e->tag == tag &&
		    ((e->attr & TLBA_G) || e->asid == tlb->cur_asid)) {
			tlb_lru_touch(a, set, w);
			tlb_set_last(tlb, e, s);
			return e;
		}
	}
	return NULL;
}

/*
 * What a lookup that missed learnt of the 4K set of its address, so that
 * the fill after the walk need not look again (tlb_fill_4k()).
 */
struct tlb_probe {
	struct tlb_set *st;
	struct tlb_entry *ways;		/* the set's first entry */
	u64 tag;
	u32 cand;			/* ways whose hash byte matched */
	u8 hash;
};

/*
 * tlb_lookup_probe - find a translation of @va for the current ASID; on a
 * miss fill *@p (if not NULL) for tlb_fill_4k().
 * Return: the entry, or NULL on a miss. Counts a hit or a miss.
 */
static inline struct tlb_entry *tlb_lookup_probe(struct tlb *tlb, u64 va,
						 enum tlb_size *size,
						 struct tlb_probe *p)
{
	struct tlb_entry *last = tlb->last;
	struct tlb_array *a = &tlb->a[TLB_4K];
	u64 tag = va >> 12;
	unsigned int set = (unsigned int)(tag & (a->sets - 1));
	struct tlb_set *st = &a->set[set];
	struct tlb_entry *ways = &a->e[set * a->ways];
	u8 h = tlb_tag_hash(tag);
	u32 cand0, cand;

	/* The L1 entry: the last translation used (an invalidated one has lost its tag). */
	if (last && last->tag == va >> tlb->last_shift) {
		tlb->stats.hits++;
		*size = tlb->last_size;
		return last;
	}
	/* The 4K array first, then the others if the region has entries. */
	cand0 = tlb_set_match(st, h);
	for (cand = cand0; cand; cand &= cand - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(cand);
		struct tlb_entry *e = &ways[w];

		if (e->tag == tag &&
		    ((e->attr & TLBA_G) || e->asid == tlb->cur_asid)) {
			tlb_lru_touch(a, set, w);
			tlb_set_last(tlb, e, TLB_4K);
			tlb->stats.hits++;
			*size = TLB_4K;
			return e;
		}
	}
	if (p) {
		p->st = st;
		p->ways = ways;
		p->tag = tag;
		p->cand = cand0;
		p->hash = h;
	}
	if ((tlb->used_mask & ~1u) && (tlb->large_filter & tlb_region_bit(va))) {
		for (u32 used = tlb->used_mask & ~1u; used; used &= used - 1) {
			enum tlb_size s = (enum tlb_size)__builtin_ctz(used);
			struct tlb_entry *e = tlb_lookup_array(tlb, s, va);

			if (e) {
				tlb->stats.hits++;
				*size = s;
				return e;
			}
		}
	}
	tlb->stats.misses++;
	return NULL;
}

/* tlb_lookup_probe() without a probe. */
static inline struct tlb_entry *tlb_lookup(struct tlb *tlb, u64 va,
					   enum tlb_size *size)
{
	return tlb_lookup_probe(tlb, va, size, NULL);
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
	struct tlb_set *st = &a->set[set];
	struct tlb_entry *e, *ways = &a->e[set * a->ways];
	u8 h = tlb_tag_hash(tag);
	unsigned int victim = ~0u;
	bool lru = false;

	/* An entry for the same page and context is replaced... */
	for (u32 cand = tlb_set_match(st, h); cand; cand &= cand - 1) {
		unsigned int w = (unsigned int)__builtin_ctz(cand);

		e = &ways[w];
		if (e->tag == tag &&
		    ((e->attr & TLBA_G) || (attr & TLBA_G) || e->asid == asid)) {
			victim = w;
			break;
		}
	}
	/* ...else the first empty way, else the least recently used. */
	if (victim == ~0u)
		victim = tlb_lru_victim(a, set, &lru);
	e = &ways[victim];
	if (!(st->valid & (1u << victim))) {
		a->used++;
		tlb->used_mask |= 1u << size;
		st->valid |= 1u << victim;
	} else if (lru) {
		/* Another translation goes (maybe the same page of another ASID). */
		tlb->stats.evictions++;
	}
	if (size != TLB_4K)
		tlb->large_filter |= tlb_region_bit(va);
	if (lru)	/* the LRU way becomes the MRU: a shift */
		st->order = (st->order & ~a->lru_mask) |
			    ((st->order << 4) & a->lru_mask) | victim;
	else
		tlb_lru_touch(a, set, victim);
	st->hash[victim] = h;
	e->tag = tag;
	e->pbase = pbase;
	e->attr = attr;
	e->asid = asid;
	e->ok = 0;
	/*
	 * The translation just filled is the one the next access uses. An
	 * entry of another context is not: it became the MRU of its set, so
	 * the first-level entry (whose hits do not touch the LRU order) may
	 * no longer be, and goes.
	 */
	if ((attr & TLBA_G) || asid == tlb->cur_asid)
		tlb_set_last(tlb, e, size);
	else
		tlb->last = NULL;
	return e;
}

/*
 * tlb_fill_4k - tlb_insert() of a 4 KiB translation of @va for the current
 * ASID. *@p is what the lookup of @va that just missed learnt (nothing in
 * the TLB changed since), or has cand = ~0u (no such lookup: the full
 * insert). Return: the entry.
 */
static inline struct tlb_entry *tlb_fill_4k(struct tlb *tlb,
					    const struct tlb_probe *p, u64 va,
					    u64 pbase, u16 attr)
{
	struct tlb_array *a = &tlb->a[TLB_4K];
	struct tlb_set *st = p->st;
	unsigned int victim;
	struct tlb_entry *e;
	u32 empty;

	/* A way with the same hash byte may hold the page: the full rules. */
	if (unlikely(p->cand))
		return tlb_insert(tlb, TLB_4K, va, pbase, attr, tlb->cur_asid);
	empty = ~st->valid & ((1u << a->ways) - 1);
	if (likely(!empty)) {
		/* The LRU way is evicted and becomes the MRU: a shift. */
		victim = (unsigned int)(st->order >> (4 * (a->ways - 1))) & 0xf;
		st->order = (st->order & ~a->lru_mask) |
			    ((st->order << 4) & a->lru_mask) | victim;
		tlb->stats.evictions++;	/* its hash byte differs: another tag */
	} else {
		victim = (unsigned int)__builtin_ctz(empty);
		a->used++;
		tlb->used_mask |= 1u << TLB_4K;
		st->valid |= 1u << victim;
		tlb_lru_touch(a, (unsigned int)(st - a->set), victim);
	}
	st->hash[victim] = p->hash;
	e = &p->ways[victim];
	e->tag = p->tag;
	e->pbase = pbase;
	e->attr = attr;
	e->asid = tlb->cur_asid;
	e->ok = 0;
	tlb->last = e;
	tlb->last_size = TLB_4K;
	tlb->last_shift = 12;
	tlb->last_mask = 0xfff;
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
