// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU TLB (hw/tlb.h): set-associative arrays per page size, LRU
 * replacement, PCID/ASID tags, global entries.
 *
 * SIM: real cores also cache paging-structure entries (the PML4/PDPT/PD
 * "paging-structure caches"); mmsim caches only final translations, so a
 * miss always walks from CR3. invlpg and CR3 loads invalidate the same
 * translations they would on hardware.
 */
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

const unsigned int tlb_size_shift[TLB_NR_SIZES] = {
	[TLB_4K] = 12, [TLB_1M] = 20, [TLB_2M] = 21, [TLB_4M] = 22,
	[TLB_1G] = 30,
};

const char *const tlb_size_name[TLB_NR_SIZES] = {
	[TLB_4K] = "4K", [TLB_1M] = "1M", [TLB_2M] = "2M", [TLB_4M] = "4M",
	[TLB_1G] = "1G",
};

void tlb_default_geometry(struct tlb_geometry *g)
{
	/* Roughly a Skylake-class STLB: 1536 x 4K (12-way), 1G apart. */
	static const struct tlb_geometry def = {
		.entries = { [TLB_4K] = 1536, [TLB_1M] = 1024, [TLB_2M] = 1024,
			     [TLB_4M] = 1024, [TLB_1G] = 16 },
		.ways = { [TLB_4K] = 12, [TLB_1M] = 8, [TLB_2M] = 8,
			  [TLB_4M] = 8, [TLB_1G] = 4 },
	};

	*g = def;
}

struct tlb *tlb_create(const struct tlb_geometry *g)
{
	struct tlb *tlb = calloc(1, sizeof(*tlb));

	if (!tlb)
		return NULL;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		unsigned int ways = g->ways[s], n = g->entries[s];

		if (!ways || ways > TLB_MAX_WAYS || !n || n % ways ||
		    n > (1u << 20))
			goto fail;
		a->ways = ways;
		a->sets = n / ways;
		if (a->sets & (a->sets - 1))
			goto fail;
		a->e = calloc(n, sizeof(*a->e));
		a->tags = malloc(sizeof(*a->tags) * n);
		a->order = malloc(sizeof(*a->order) * a->sets);
		a->valid = calloc(a->sets, sizeof(*a->valid));
		a->filter = calloc(a->sets, sizeof(*a->filter));
		if (!a->e || !a->tags || !a->order || !a->valid || !a->filter)
			goto fail;
		a->set_bits = (unsigned int)__builtin_ctz(a->sets);
		for (unsigned int i = 0; i < n; i++)
			a->e[i].tag = a->tags[i] = TLB_INVALID_TAG;
		for (unsigned int i = 0; i < a->sets; i++)
			a->order[i] = 0xfedcba9876543210ULL;
	}
	return tlb;
fail:
	tlb_destroy(tlb);
	return NULL;
}

void tlb_destroy(struct tlb *tlb)
{
	if (!tlb)
		return;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		free(tlb->a[s].e);
		free(tlb->a[s].tags);
		free(tlb->a[s].order);
		free(tlb->a[s].valid);
		free(tlb->a[s].filter);
	}
	free(tlb);
}

/* Nibbles 0 .. k-1 of a u64 (k <= 16). */
static inline u64 nibbles_below(unsigned int k)
{
	return k >= 16 ? ~0ULL : (1ULL << (4 * k)) - 1;
}

/* Make way @w of @set the most recently used (branch-free). */
static inline void lru_touch(struct tlb_array *a, unsigned int set,
			     unsigned int w)
{
	u64 o = a->order[set];
	u64 x = o ^ (0x1111111111111111ULL * w);	/* zero nibble: w */
	u64 nz = x | (x >> 1);
	unsigned int pos;

	nz |= nz >> 2;				/* bit 0 of a nibble: nonzero */
	pos = (unsigned int)__builtin_ctzll(~nz & 0x1111111111111111ULL) / 4;
	a->order[set] = (o & ~nibbles_below(pos + 1)) |
			((o & nibbles_below(pos)) << 4) | w;
}

/* The way a fill replaces: the first empty one, else the LRU one. */
static inline unsigned int lru_victim(const struct tlb_array *a,
				      unsigned int set)
{
	unsigned int empty = ~(unsigned int)a->valid[set] &
			     ((1u << a->ways) - 1);

	if (empty)
		return (unsigned int)__builtin_ctz(empty);
	return (unsigned int)(a->order[set] >> (4 * (a->ways - 1))) & 0xf;
}

static inline u64 filter_bit(const struct tlb_array *a, u64 tag)
{
	return 1ULL << ((tag >> a->set_bits) & 63);
}

/* Rebuild a set's filter from its valid tags (after invalidations). */
static void filter_rebuild(struct tlb_array *a, unsigned int set)
{
	u64 f = 0;

	for (unsigned int i = set * a->ways; i < (set + 1) * a->ways; i++)
		if (a->tags[i] != TLB_INVALID_TAG)
			f |= filter_bit(a, a->tags[i]);
	a->filter[set] = f;
}

static void set_last(struct tlb *tlb, struct tlb_entry *e, enum tlb_size s)
{
	tlb->last = e;
	tlb->last_size = s;
	tlb->last_shift = tlb_size_shift[s];
	tlb->last_mask = (1ULL << tlb_size_shift[s]) - 1;
}

struct tlb_entry *tlb_lookup(struct tlb *tlb, u64 va, enum tlb_size *size)
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
		if (!(a->filter[set] & filter_bit(a, tag)))
			goto absent;
		for (unsigned int w = 0; w < a->ways; w++) {
			struct tlb_entry *e = &a->e[first + w];

			if (tags[w] != tag)
				continue;
			if ((e->attr & TLBA_G) || e->asid == tlb->cur_asid) {
				lru_touch(a, set, w);
				tlb->stats.hits++;
				*size = (enum tlb_size)s;
				set_last(tlb, e, (enum tlb_size)s);
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

struct tlb_entry *tlb_insert(struct tlb *tlb, enum tlb_size size, u64 va,
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
		victim = lru_victim(a, set);
	tlb->hint.valid = false;
	e = &a->e[first + victim];
	if (tags[victim] == TLB_INVALID_TAG) {
		a->used++;
		a->valid[set] |= (u16)(1u << victim);
	} else if (tags[victim] != tag) {
		tlb->stats.evictions++;
	}
	lru_touch(a, set, victim);
	a->tags[first + victim] = tag;
	a->filter[set] |= filter_bit(a, tag);
	e->tag = tag;
	e->pbase = pbase;
	e->attr = attr;
	e->asid = asid;
	e->ok = 0;
	/* The translation just filled is the one the next access uses. */
	if ((attr & TLBA_G) || asid == tlb->cur_asid)
		set_last(tlb, e, size);
	else if (tlb->last == e)
		tlb->last = NULL;
	return e;
}

static void tlb_kill(struct tlb *tlb, struct tlb_array *a, unsigned int i)
{
	tlb->hint.valid = false;
	a->e[i].tag = TLB_INVALID_TAG;
	a->tags[i] = TLB_INVALID_TAG;
	a->valid[i / a->ways] &= (u16)~(1u << (i % a->ways));
	a->used--;
}

void tlb_flush_va(struct tlb *tlb, u64 va, u16 asid)
{
	tlb->stats.invlpgs++;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		u64 tag = va >> tlb_size_shift[s];
		unsigned int first;

		if (!a->used)
			continue;
		first = (unsigned int)(tag & (a->sets - 1)) * a->ways;
		for (unsigned int i = first; i < first + a->ways; i++) {
			const struct tlb_entry *e = &a->e[i];

			if (a->tags[i] == tag &&
			    ((e->attr & TLBA_G) || e->asid == asid))
				tlb_kill(tlb, a, i);
		}
		filter_rebuild(a, first / a->ways);
	}
}

static void tlb_flush_if(struct tlb *tlb, bool keep_global, int asid)
{
	tlb->stats.flushes++;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		unsigned int n = a->sets * a->ways;

		for (unsigned int i = 0; i < n && a->used; i++) {
			const struct tlb_entry *e = &a->e[i];

			if (a->tags[i] == TLB_INVALID_TAG)
				continue;
			if (keep_global && (e->attr & TLBA_G))
				continue;
			if (asid >= 0 && e->asid != asid)
				continue;
			tlb_kill(tlb, a, i);
		}
		if (!a->used)
			memset(a->filter, 0, sizeof(*a->filter) * a->sets);
		else
			for (unsigned int set = 0; set < a->sets; set++)
				filter_rebuild(a, set);
	}
}

void tlb_flush_all(struct tlb *tlb)
{
	tlb_flush_if(tlb, false, -1);
}

void tlb_flush_nonglobal(struct tlb *tlb, int asid)
{
	tlb_flush_if(tlb, true, asid);
}

void tlb_for_each_entry(struct tlb *tlb,
			void (*fn)(struct tlb_entry *e, enum tlb_size size,
				   void *arg), void *arg)
{
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		unsigned int n = a->sets * a->ways;

		for (unsigned int i = 0; i < n && a->used; i++)
			if (a->tags[i] != TLB_INVALID_TAG)
				fn(&a->e[i], (enum tlb_size)s, arg);
	}
}

unsigned int tlb_nr_entries(const struct tlb *tlb)
{
	unsigned int n = 0;

	for (int s = 0; s < TLB_NR_SIZES; s++)
		n += tlb->a[s].used;
	return n;
}
