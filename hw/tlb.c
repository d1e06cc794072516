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

/**
 * tlb_default_geometry - the geometry a CPU's TLB has after cpu_init()
 * @g: filled in
 */
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

/**
 * tlb_create - an empty TLB of geometry @g
 * @g: entries and ways per page size
 *
 * Each size needs 1..TLB_MAX_WAYS ways, at most 2^20 entries, and a
 * power-of-two number of sets (entries / ways).
 * Return: the TLB, or NULL (bad geometry or out of memory).
 */
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
		a->lru_mask = ways >= 16 ? ~0ULL : (1ULL << (4 * ways)) - 1;
		a->e = calloc(n, sizeof(*a->e));
		a->set = calloc(a->sets, sizeof(*a->set));
		if (!a->e || !a->set)
			goto fail;
		for (unsigned int i = 0; i < n; i++)
			a->e[i].tag = TLB_INVALID_TAG;
		for (unsigned int i = 0; i < a->sets; i++)
			a->set[i].order = 0xfedcba9876543210ULL;
	}
	return tlb;
fail:
	tlb_destroy(tlb);
	return NULL;
}

/**
 * tlb_destroy - free @tlb (NULL is fine)
 * @tlb: from tlb_create()
 */
void tlb_destroy(struct tlb *tlb)
{
	if (!tlb)
		return;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		free(tlb->a[s].e);
		free(tlb->a[s].set);
	}
	free(tlb);
}

static void tlb_kill(struct tlb *tlb, struct tlb_array *a, unsigned int i)
{
	a->e[i].tag = TLB_INVALID_TAG;
	a->set[i / a->ways].valid &= ~(1u << (i % a->ways));
	if (!--a->used)
		tlb->used_mask &= ~(1u << (a - tlb->a));
}

/**
 * tlb_flush_va - drop every entry that translates @va, INVLPG-style
 * @tlb: the TLB
 * @va: the address
 * @asid: the address space: its entries go, and global entries of any
 *
 * Every page size is searched. Counts one invlpg in the statistics.
 */
void tlb_flush_va(struct tlb *tlb, u64 va, u16 asid)
{
	tlb->stats.invlpgs++;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		u64 tag = va >> tlb_size_shift[s];
		unsigned int set;

		if (!a->used)
			continue;
		set = (unsigned int)(tag & (a->sets - 1));
		for (u32 cand = tlb_set_match(&a->set[set], tlb_tag_hash(tag));
		     cand; cand &= cand - 1) {
			unsigned int i = set * a->ways +
					 (unsigned int)__builtin_ctz(cand);
			const struct tlb_entry *e = &a->e[i];

			if (e->tag == tag &&
			    ((e->attr & TLBA_G) || e->asid == asid))
				tlb_kill(tlb, a, i);
		}
	}
}

static void tlb_flush_if(struct tlb *tlb, bool keep_global, int asid)
{
	tlb->stats.flushes++;
	tlb->large_filter = 0;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];

		for (unsigned int set = 0; set < a->sets && a->used; set++) {
			for (u32 v = a->set[set].valid; v; v &= v - 1) {
				unsigned int i = set * a->ways +
						 (unsigned int)__builtin_ctz(v);
				const struct tlb_entry *e = &a->e[i];

				if ((keep_global && (e->attr & TLBA_G)) ||
				    (asid >= 0 && e->asid != asid)) {
					/* It stays: so does its region's bit. */
					if (s != TLB_4K)
						tlb->large_filter |= tlb_region_bit(
							e->tag << tlb_size_shift[s]);
					continue;
				}
				tlb_kill(tlb, a, i);
			}
		}
	}
}

/**
 * tlb_flush_all - drop every entry, global ones included
 * @tlb: the TLB
 */
void tlb_flush_all(struct tlb *tlb)
{
	tlb_flush_if(tlb, false, -1);
}

/**
 * tlb_flush_nonglobal - drop the non-global entries
 * @tlb: the TLB
 * @asid: only those of this ASID/PCID, or -1 for every one
 */
void tlb_flush_nonglobal(struct tlb *tlb, int asid)
{
	tlb_flush_if(tlb, true, asid);
}

/**
 * tlb_for_each_entry - call @fn on every valid entry
 * @tlb: the TLB
 * @fn: called with the entry, its page size and @arg
 * @arg: passed through
 *
 * Order: by page size, then by index. @fn must not add or drop entries.
 */
void tlb_for_each_entry(struct tlb *tlb,
			void (*fn)(struct tlb_entry *e, enum tlb_size size,
				   void *arg), void *arg)
{
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[s];
		unsigned int n = a->sets * a->ways;

		for (unsigned int i = 0; i < n && a->used; i++)
			if (a->set[i / a->ways].valid & (1u << (i % a->ways)))
				fn(&a->e[i], (enum tlb_size)s, arg);
	}
}

/**
 * tlb_nr_entries - how many entries are valid
 * @tlb: the TLB
 *
 * Return: the count over every page size.
 */
unsigned int tlb_nr_entries(const struct tlb *tlb)
{
	unsigned int n = 0;

	for (int s = 0; s < TLB_NR_SIZES; s++)
		n += tlb->a[s].used;
	return n;
}
