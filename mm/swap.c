// SPDX-License-Identifier: GPL-2.0
/*
 * The LRU lists of page-cache folios, as mm/swap.c and mm_inline.h before
 * the multi-generational LRU: per node, inactive and active lists for file
 * and anon (tmpfs) folios, and the unevictable list (ramfs). A new folio
 * starts inactive; folio_mark_accessed() sets PG_referenced on the first
 * access and moves a referenced inactive folio to the active list on the
 * second (folio_activate, the PGACTIVATE event). The counters behind
 * /proc/meminfo Active(file)/Inactive(file) are kept per node and zone.
 *
 * SIM: no per-CPU folio batches (Linux's lru_add_fbatch): a folio reaches
 * its list at once. Nothing scans the lists yet (no reclaim), so they
 * only age by activation. The lists live in m->fs (struct lru_lists).
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/page_alloc.h>
#include <mmsim/pagemap.h>
#include <mmsim/vmstat.h>

/* folio_lru_list(): which list a folio belongs on. */
static enum lru_list folio_lru_list(struct folio *folio)
{
	enum lru_list lru;

	if (folio_test_unevictable(folio))
		return LRU_UNEVICTABLE;
	lru = folio_test_swapbacked(folio) ? LRU_INACTIVE_ANON :
					     LRU_INACTIVE_FILE;
	if (folio_test_active(folio))
		lru = (enum lru_list)(lru + 1);
	return lru;
}

static void update_lru_size(struct folio *folio, enum lru_list lru, long nr)
{
	struct page *page = &folio->page;

	__mod_node_page_state(NODE_DATA(page_to_nid(page)),
			      (enum node_stat_item)(NR_LRU_BASE + lru), nr);
	__mod_zone_page_state(page_zone(page),
			      (enum zone_stat_item)(NR_ZONE_LRU_BASE + lru), nr);
}

static struct list_head *lru_head(struct folio *folio, enum lru_list lru)
{
	return &fs_state()->lru[page_to_nid(&folio->page)].lists[lru];
}

/* lruvec_add_folio() */
static void lruvec_add_folio(struct folio *folio)
{
	enum lru_list lru = folio_lru_list(folio);

	folio_set_lru(folio);
	update_lru_size(folio, lru, 1);
	list_add(&folio->page.lru, lru_head(folio, lru));
}

/**
 * lruvec_del_folio - take a folio off its LRU list
 * @folio: the folio; nothing happens unless PG_lru is set
 */
void lruvec_del_folio(struct folio *folio)
{
	if (!folio_test_lru(folio))
		return;
	update_lru_size(folio, folio_lru_list(folio), -1);
	list_del(&folio->page.lru);
	folio_clear_lru(folio);
}

/**
 * lru_cache_add - put a new page-cache folio on the LRU
 * @folio: a folio just added to the page cache
 */
void lru_cache_add(struct folio *folio)
{
	VM_BUG_ON_PAGE(folio_test_lru(folio), &folio->page);
	lruvec_add_folio(folio);
}

/**
 * folio_activate - move an inactive folio to the active list
 * @folio: a folio on an LRU list
 */
void folio_activate(struct folio *folio)
{
	struct page_alloc_state *pa = pa_state();

	if (!folio_test_lru(folio) || folio_test_active(folio) ||
	    folio_test_unevictable(folio))
		return;
	lruvec_del_folio(folio);
	folio_set_active(folio);
	lruvec_add_folio(folio);
	if (pa)
		pa->events[PGACTIVATE]++;
}

/**
 * folio_mark_accessed - note a use of @folio
 * @folio: a page-cache folio
 *
 * inactive,unreferenced -> inactive,referenced
 * inactive,referenced   -> active,unreferenced
 * active,unreferenced   -> active,referenced
 */
void folio_mark_accessed(struct folio *folio)
{
	if (folio_test_unevictable(folio))
		return;
	if (!folio_test_referenced(folio)) {
		folio_set_referenced(folio);
	} else if (!folio_test_active(folio)) {
		folio_activate(folio);
		folio_clear_referenced(folio);
	}
}
