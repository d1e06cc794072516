// SPDX-License-Identifier: GPL-2.0
/*
 * m:check()'s invariants of the kmap state (K3, K4), as the BUG_ON()s of
 * mm/highmem.c would see them, checked against the page tables in RAM:
 *
 *	pkmap_count[nr] == 0	the PTE is none, no page_address() points here
 *	pkmap_count[nr] >= 1	the PTE maps a HighMem page whose
 *				page_address() is PKMAP_ADDR(nr) (at 1 it is
 *				unused and waits for flush_all_zero_pkmaps())
 *	kmap_local		a CPU's first idx slots map what it pushed,
 *				the rest of its KM_MAX_IDX slots are none
 *	fixmap			every other slot maps what __set_fixmap() put
 *				there, or nothing; slot 0 ends at or below the
 *				top of the address space and the lowest slot
 *				does not wrap below 0
 *
 * No Linux counterpart beyond those assertions.
 */
#include <mmsim/highmem.h>
#include <mmsim/paging.h>

#include "highmem_internal.h"

static int check_pkmap(struct machine *m, struct highmem_state *hs)
{
	unsigned int mapped = 0, hashed = 0;
	int bad = 0;

	for (unsigned int nr = 0; nr < hs->last_pkmap; nr++) {
		const struct page_address_map *pam = &hs->page_address_maps[nr];
		pte_t *pte = fixmap_kernel_pte(PKMAP_ADDR(nr), false);
		int c = hs->pkmap_count[nr];
		u64 v;

		if (!pte) {
			check_fail(m, "highmem: pkmap slot %u at 0x%llx has no page table",
				   nr, (unsigned long long)PKMAP_ADDR(nr));
			return 1;
		}
		v = pte_val(ptep_get(pte));
		if (c < 0) {
			check_fail(m, "highmem: pkmap_count[%u] is %d", nr, c);
			bad = 1;
		} else if (c == 0) {
			if (v || pam->page) {
				check_fail(m, "highmem: pkmap slot %u is free (count 0) but its pte is 0x%llx%s",
					   nr, (unsigned long long)v,
					   pam->page ? " and a page_address() points to it" : "");
				bad = 1;
			}
		} else {
			unsigned long pfn = pte_pfn(__pte(v));

			mapped++;
			if (!pte_present(__pte(v)) || !pfn_valid(pfn) ||
			    pam->page != pfn_to_page(pfn) ||
			    highmem_page_address(pam->page) != PKMAP_ADDR(nr) ||
			    !PageHighMem(pam->page)) {
				check_fail(m, "highmem: pkmap slot %u (count %d): pte 0x%llx does not map the HighMem page whose page_address() is 0x%llx",
					   nr, c, (unsigned long long)v,
					   (unsigned long long)PKMAP_ADDR(nr));
				bad = 1;
			}
		}
	}
	for (int b = 0; b < (1 << PA_HASH_ORDER); b++) {
		const struct page_address_map *pam;

		list_for_each_entry(pam, &hs->page_address_htable[b], list)
			hashed++;
	}
	if (hashed != mapped) {
		check_fail(m, "highmem: page_address_htable holds %u pages, %u pkmap slots are mapped",
			   hashed, mapped);
		bad = 1;
	}
	return bad;
}

static int check_fixmap_geometry(struct machine *m)
{
	const struct fixmap_layout *f = &m->layout.fixmap;

	if (!f->end)
		return 0;
	if ((m->layout.va_bits == 32 && f->top + PAGE_SIZE > (1ULL << 32)) ||
	    f->top + PAGE_SIZE < f->top ||
	    ((u64)(f->end - 1) << PAGE_SHIFT) > f->top) {
		check_fail(m, "highmem: fixmap slots 0..%u from FIXADDR_TOP 0x%llx wrap the address space",
			   f->end - 1, (unsigned long long)f->top);
		return 1;
	}
	if (f->nr_kmap && f->kmap_begin + f->nr_kmap > f->end) {
		check_fail(m, "highmem: FIX_KMAP slots end at %u, beyond __end_of_fixed_addresses %u",
			   f->kmap_begin + f->nr_kmap, f->end);
		return 1;
	}
	return 0;
}

/* Slot @idx maps @want's pfn (@want 0: nothing). */
static int check_slot(struct machine *m, unsigned int idx, u64 want,
		      const char *what)
{
	pte_t *pte = fixmap_kernel_pte(__fix_to_virt(idx), false);
	u64 v = pte ? pte_val(ptep_get(pte)) : 0;

	if (!want && !v)
		return 0;
	if (want && v && pte_present(__pte(v)) &&
	    pte_pfn(__pte(v)) == pte_pfn(__pte(want)))
		return 0;
	check_fail(m, "highmem: fixmap slot %u (%s) at 0x%llx: pte 0x%llx, expected %s pfn 0x%lx",
		   idx, what, (unsigned long long)__fix_to_virt(idx),
		   (unsigned long long)v, want ? "a mapping of" : "none, not",
		   pte_pfn(__pte(want ? want : v)));
	return 1;
}

static int check_kmap_local(struct machine *m, struct highmem_state *hs)
{
	const struct fixmap_layout *f = &m->layout.fixmap;
	int bad = 0;

	for (unsigned int cpu = 0; cpu < f->kmap_cpus; cpu++) {
		const struct kmap_ctrl *c = cpu < (unsigned int)m->nr_cpus ?
					    &hs->kmap_ctrl[cpu] : NULL;
		int depth = c ? c->idx : 0;

		if (depth < 0 || depth > (int)f->km_max_idx) {
			check_fail(m, "highmem: cpu %u's kmap_local index is %d (KM_MAX_IDX %u)",
				   cpu, depth, f->km_max_idx);
			bad = 1;
			continue;
		}
		for (unsigned int i = 0; i < f->km_max_idx; i++) {
			unsigned int idx = f->kmap_begin + f->km_max_idx * cpu + i;

			bad |= check_slot(m, idx, (int)i < depth ?
					  pte_val(c->pteval[i]) : 0,
					  "kmap_local");
		}
	}
	return bad;
}

/**
 * highmem_check - the kmap and fixmap invariants of a machine
 * @m: the machine (current)
 *
 * Return: nonzero when an invariant is broken (reported with
 * check_fail()).
 */
int highmem_check(struct machine *m)
{
	const struct fixmap_layout *f = &m->layout.fixmap;
	struct highmem_state *hs;
	int bad;

	if (!m->paging)
		return 0;
	hs = highmem_state();
	if (!hs) {
		check_fail(m, "highmem: out of host memory");
		return 1;
	}
	bad = check_fixmap_geometry(m);
	if (bad)
		return bad;
	bad |= check_pkmap(m, hs);
	bad |= check_kmap_local(m, hs);
	for (unsigned int idx = 0; idx < f->end; idx++) {
		if (f->nr_kmap && idx >= f->kmap_begin &&
		    idx < f->kmap_begin + f->nr_kmap)
			continue;
		bad |= check_slot(m, idx, hs->fixmap_set[idx], "set_fixmap");
	}
	return bad;
}
