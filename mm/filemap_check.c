// SPDX-License-Identifier: GPL-2.0
/*
 * Page-cache invariants for m:check() (CONFIG_DEBUG_VM-style):
 *   - every folio in an i_pages points back (mapping, index), is uptodate
 *     and unlocked between calls, and is on the LRU list its flags name;
 *   - nrpages equals the folios in i_pages;
 *   - PAGECACHE_TAG_DIRTY on exactly the dirty folios of a mapping with
 *     writeback (none on ramfs/tmpfs), TAG_WRITEBACK on exactly the
 *     folios under writeback, TAG_TOWRITE on none between calls;
 *   - refcount = 1 (the cache) + mapcount + 1 while a write is in flight;
 *   - the LRU lists hold only page-cache folios of their node, with
 *     PG_lru, and their lengths equal the node and zone LRU counters;
 *   - NR_FILE_PAGES, NR_SHMEM, NR_DIRTY and NR_WRITEBACK equal the counts.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>
#include <mmsim/vmstat.h>

struct pc_totals {
	unsigned long file, shmem, dirty, writeback;
};

static int check_folio(struct machine *m, struct address_space *mapping,
		       unsigned long index, struct folio *folio,
		       struct pc_totals *t)
{
	struct page *page = &folio->page;
	unsigned long pfn = page_to_pfn(page);
	struct xarray *xa = &mapping->i_pages;
	bool wb = mapping_can_writeback(mapping);
	int expect, bad = 0;

#define FAIL(...) do { check_fail(m, __VA_ARGS__); bad = 1; } while (0)
	if (page->mapping != mapping || page->index != index)
		FAIL("pagecache: ino %lu index %lu: pfn %#lx points to mapping %p index %lu",
		     mapping->host->i_ino, index, pfn, page->mapping, page->index);
	if (!folio_test_uptodate(folio))
		FAIL("pagecache: pfn %#lx not uptodate", pfn);
	if (folio_test_locked(folio))
		FAIL("pagecache: pfn %#lx left locked", pfn);
	if (!folio_test_lru(folio))
		FAIL("pagecache: pfn %#lx not on an LRU list", pfn);
	if (wb && folio_test_dirty(folio) != xa_get_mark(xa, index, PAGECACHE_TAG_DIRTY))
		FAIL("pagecache: pfn %#lx dirty=%d but DIRTY tag=%d", pfn,
		     folio_test_dirty(folio),
		     xa_get_mark(xa, index, PAGECACHE_TAG_DIRTY));
	if (!wb && xa_get_mark(xa, index, PAGECACHE_TAG_DIRTY))
		FAIL("pagecache: pfn %#lx tagged DIRTY in a mapping without writeback", pfn);
	if (folio_test_writeback(folio) !=
	    xa_get_mark(xa, index, PAGECACHE_TAG_WRITEBACK))
		FAIL("pagecache: pfn %#lx writeback=%d but WRITEBACK tag=%d", pfn,
		     folio_test_writeback(folio),
		     xa_get_mark(xa, index, PAGECACHE_TAG_WRITEBACK));
	if (xa_get_mark(xa, index, PAGECACHE_TAG_TOWRITE))
		FAIL("pagecache: pfn %#lx still tagged TOWRITE", pfn);
	expect = 1 + page_mapcount(page) + (folio_test_writeback(folio) ? 1 : 0);
	if (page_ref_count(page) != expect)
		FAIL("pagecache: pfn %#lx refcount %d, expected %d (cache + %d maps%s)",
		     pfn, page_ref_count(page), expect, page_mapcount(page),
		     folio_test_writeback(folio) ? " + I/O" : "");
#undef FAIL
	t->file++;
	if (mapping->host->i_sb->s_shmem)
		t->shmem++;
	if (wb && folio_test_dirty(folio))
		t->dirty++;
	if (folio_test_writeback(folio))
		t->writeback++;
	return bad;
}

static int check_mapping(struct machine *m, struct address_space *mapping,
			 struct pc_totals *t)
{
	unsigned long index, n = 0;
	struct folio *folio;
	int bad = 0;

	xa_for_each(&mapping->i_pages, index, folio) {
		bad |= check_folio(m, mapping, index, folio, t);
		n++;
	}
	if (n != mapping->nrpages) {
		check_fail(m, "pagecache: ino %lu nrpages %lu, i_pages holds %lu",
			   mapping->host->i_ino, mapping->nrpages, n);
		bad = 1;
	}
	return bad;
}

static int check_lru(struct machine *m, struct fs_state *fs)
{
	long zone_count[MAX_NUMNODES][MAX_NR_ZONES][NR_LRU_LISTS] = {{{0}}};
	int bad = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		for (int l = 0; l < NR_LRU_LISTS; l++) {
			struct page *page;
			unsigned long n = 0;

			list_for_each_entry(page, &fs->lru[nid].lists[l], lru) {
				struct folio *folio = page_folio(page);
				bool active = folio_test_active(folio);
				bool ok = folio_test_lru(folio) && page->mapping &&
					  page_to_nid(page) == nid;

				if (l == LRU_UNEVICTABLE)
					ok = ok && folio_test_unevictable(folio);
				else
					ok = ok && active == (l == LRU_ACTIVE_ANON ||
							      l == LRU_ACTIVE_FILE) &&
					     folio_test_swapbacked(folio) ==
					     (l <= LRU_ACTIVE_ANON);
				if (!ok) {
					check_fail(m, "lru: pfn %#lx on node %d list %d with flags %#lx",
						   page_to_pfn(page), nid, l, page->flags);
					bad = 1;
				}
				zone_count[nid][page_zonenum(page)][l]++;
				n++;
			}
			if (n != node_page_state(NODE_DATA(nid),
						 (enum node_stat_item)(NR_LRU_BASE + l))) {
				check_fail(m, "lru: node %d list %d holds %lu, counter says %lu",
					   nid, l, n, node_page_state(NODE_DATA(nid),
						(enum node_stat_item)(NR_LRU_BASE + l)));
				bad = 1;
			}
		}
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (int l = 0; l < NR_LRU_LISTS; l++) {
				struct zone *zone = &NODE_DATA(nid)->node_zones[z];

				if (zone->vm_stat[NR_ZONE_LRU_BASE + l] !=
				    zone_count[nid][z][l]) {
					check_fail(m, "lru: zone %s list %d: counter %ld, lists hold %ld",
						   zone_names[z], l,
						   zone->vm_stat[NR_ZONE_LRU_BASE + l],
						   zone_count[nid][z][l]);
					bad = 1;
				}
			}
	}
	return bad;
}

static int check_counter(struct machine *m, enum node_stat_item item,
			 unsigned long counted)
{
	unsigned long c = global_node_page_state(item);

	if (c == counted)
		return 0;
	check_fail(m, "pagecache: %s is %lu, the page cache holds %lu",
		   node_stat_names[item], c, counted);
	return 1;
}

/**
 * filemap_check - the page-cache invariants of @m
 * @m: the machine (current)
 *
 * Return: 0, or 1 with the failures recorded by check_fail().
 */
int filemap_check(struct machine *m)
{
	struct fs_state *fs = m->fs;
	struct pc_totals t = { 0 };
	struct super_block *sb;
	struct inode *inode;
	int bad = 0;

	if (!fs)
		return 0;
	list_for_each_entry(sb, &fs->supers, s_list)
		list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
			bad |= check_mapping(m, inode->i_mapping, &t);
	bad |= check_lru(m, fs);
	bad |= check_counter(m, NR_FILE_PAGES, t.file);
	bad |= check_counter(m, NR_SHMEM, t.shmem);
	bad |= check_counter(m, NR_DIRTY, t.dirty);
	bad |= check_counter(m, NR_WRITEBACK, t.writeback);
	if (t.writeback != fs->nr_inflight) {
		check_fail(m, "writeback: %lu folios under writeback, %zu writes in flight",
			   t.writeback, fs->nr_inflight);
		bad = 1;
	}
	return bad;
}
