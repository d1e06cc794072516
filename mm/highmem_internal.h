/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kmap state of one machine (m->highmem), shared by mm/highmem.c
 * (pkmap), mm/highmem_local.c (kmap_local), mm/fixmap.c and
 * mm/highmem_check.c. Linux keeps these as static variables of
 * mm/highmem.c and per-task kmap_ctrl; one mmsim process runs several
 * machines, so they hang off the machine. Not a public header.
 */
#ifndef MMSIM_MM_HIGHMEM_INTERNAL_H
#define MMSIM_MM_HIGHMEM_INTERNAL_H

#include <mmsim/highmem.h>

#define PA_HASH_ORDER	7		/* page_address_htable buckets */
#define KM_MAX_IDX_MAX	33		/* kmap_size.h with DEBUG_KMAP_LOCAL */

/* One page->virtual association (mm/highmem.c, HASHED_PAGE_VIRTUAL). */
struct page_address_map {
	struct page *page;
	vaddr_t virtual;
	struct list_head list;		/* in its page_address_htable bucket */
};

/*
 * A CPU's kmap_local stack. SIM: Linux keeps it per task
 * (task_struct.kmap_ctrl) and replays it on a context switch; mmsim keeps
 * it per CPU, as if no task holding a kmap_local mapping were ever
 * switched out.
 */
struct kmap_ctrl {
	int idx;			/* slots in use, the next one to push */
	pte_t pteval[KM_MAX_IDX_MAX];	/* what each slot maps */
	bool atomic[KM_MAX_IDX_MAX];	/* made by kmap_atomic() */
	int pagefault_disabled;		/* kmap_atomic() nesting */
};

struct highmem_state {
	/* pkmap (kmap()), all under kmap_lock in Linux (SIM: no locks). */
	unsigned int last_pkmap;	/* LAST_PKMAP, 0 on 64-bit */
	int *pkmap_count;		/* [LAST_PKMAP] */
	unsigned int last_pkmap_nr;	/* get_next_pkmap_nr()'s static */
	struct page_address_map *page_address_maps;	/* [LAST_PKMAP] */
	struct list_head page_address_htable[1 << PA_HASH_ORDER];
	struct kmap_stats stats;

	/* kmap_local / kmap_atomic, per CPU. */
	struct kmap_ctrl kmap_ctrl[MAX_NR_CPUS];

	/* The PTE each fixmap slot was last given by __set_fixmap(). */
	u64 *fixmap_set;		/* [__end_of_fixed_addresses] */
	/*
	 * Linux's pkmap_page_table and __kmap_pte: the PTEs of PKMAP_ADDR(0)
	 * and of FIX_KMAP_BEGIN, found once (NULL until then) and indexed
	 * from, as each area lies in one page table that is never freed.
	 */
	pte_t *pkmap_page_table;
	pte_t *kmap_pte;
};

/*
 * The current machine's state, allocated on first use. NULL when the host
 * is out of memory.
 */
struct highmem_state *highmem_state(void);

#endif /* MMSIM_MM_HIGHMEM_INTERNAL_H */
