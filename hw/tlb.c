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

		if (!ways || ways > 256 || !n || n % ways || n > (1u << 20))
			goto fail;
		a->ways = ways;
		a->sets = n / ways;
		if (a->sets & (a->sets - 1))
			goto fail;
		a->e = calloc(n, sizeof(*a->e));
		a->tags = malloc(sizeof(*a->tags) * n);
		a->lru = calloc(n, sizeof(*a->lru));
		if (!a->e || !a->tags || !a->lru)
			goto fail;
		for (unsigned int i = 0; i < n; i++)
			a->e[i].tag = a->tags[i] = TLB_INVALID_TAG;
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
		free(tlb->a[s].lru);
	}
	free(tlb);
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
		unsigned int first;
		const u64 *tags;
		u64 tag;

		if (!a->used)
			continue;
		tag = va >> tlb_size_shift[s];
		first = (unsigned int)(tag & (a->sets - 1)) * a->ways;
		tags = a->tags + first;
		for (unsigned int w = 0; w < a->ways; w++) {
			struct tlb_entry *e = &a->e[first + w];

			if (tags[w] != tag)
				continue;
			if ((e->attr & TLBA_G) || e->asid == tlb->cur_asid) {
				a->lru[first + w] = ++tlb->clock;
				tlb->stats.hits++;
				*size = (enum tlb_size)s;
				tlb->last = e;
				tlb->last_size = (enum tlb_size)s;
				tlb->last_shift = tlb_size_shift[s];
				tlb->last_mask = (1ULL << tlb_size_shift[s]) - 1;
				return e;
			}
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
	unsigned int first = (unsigned int)(tag & (a->sets - 1)) * a->ways;
	const u64 *tags = a->tags + first;
	const u32 *lru = a->lru + first;
	unsigned int victim = ~0u;
	u64 best = ~0ULL;
	struct tlb_entry *e;

	/* An entry for the same page and context is replaced... */
	for (unsigned int w = 0; w < a->ways; w++) {
		if (tags[w] != tag)
			continue;
		e = &a->e[first + w];
		if ((e->attr & TLBA_G) || (attr & TLBA_G) || e->asid == asid) {
			victim = w;
			break;
		}
	}
	/*
	 * ...else the first empty way, else the least recently used (the
	 * first of equals): the smallest key, an empty way weighing 0.
	 * Branch-free, as the stamps compare at random.
	 */
	if (victim == ~0u) {
		for (unsigned int w = 0; w < a->ways; w++) {
			u64 age = tags[w] == TLB_INVALID_TAG ? 0 :
				  (u64)lru[w] + 1;
			u64 key = age << 8 | w;

			best = key < best ? key : best;
		}
		victim = (unsigned int)(best & 0xff);
	}
	e = &a->e[first + victim];
	if (e->tag == TLB_INVALID_TAG)
		a->used++;
	else if (e->tag != tag)
		tlb->stats.evictions++;
	a->lru[first + victim] = ++tlb->clock;
	a->tags[first + victim] = tag;
	e->tag = tag;
	e->pbase = pbase;
	e->attr = attr;
	e->asid = asid;
	e->ok = 0;
	/* The translation just filled is the one the next access uses. */
	if ((attr & TLBA_G) || asid == tlb->cur_asid) {
		tlb->last = e;
		tlb->last_size = size;
		tlb->last_shift = tlb_size_shift[size];
		tlb->last_mask = (1ULL << tlb_size_shift[size]) - 1;
	} else if (tlb->last == e) {
		tlb->last = NULL;
	}
	return e;
}

static void tlb_kill(struct tlb_array *a, unsigned int i)
{
	a->e[i].tag = TLB_INVALID_TAG;
	a->tags[i] = TLB_INVALID_TAG;
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
				tlb_kill(a, i);
		}
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
			tlb_kill(a, i);
		}
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
