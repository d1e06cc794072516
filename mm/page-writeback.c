// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty folios and their writeback, as mm/page-writeback.c: dirtying with
 * its accounting (NR_FILE_DIRTY per node, NR_ZONE_WRITE_PENDING per zone,
 * the PAGECACHE_TAG_DIRTY mark), the writeback state machine
 * (folio_clear_dirty_for_io -> folio_start_writeback -> I/O ->
 * folio_end_writeback, NR_WRITEBACK and PAGECACHE_TAG_WRITEBACK),
 * write_cache_pages() resuming at mapping->writeback_index, and
 * balance_dirty_pages() throttling writers over dirty_ratio.
 *
 * SIM: a submitted write stays "in flight" (PG_writeback, counted in
 * Writeback) until the simulated clock next ticks or somebody waits on it
 * (fsync, sync, truncate): there is no block device and no interrupt.
 * A throttled writer does not sleep while the flusher works, it writes
 * back itself (what Linux did before 3.2's IO-less throttling) and waits
 * for that I/O.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mmsim/machine.h>
#include <mmsim/mm.h>
#include <mmsim/pagemap.h>
#include <mmsim/vmstat.h>

/* NR_FILE_DIRTY is named nr_dirty in /proc/vmstat; mmsim's enum says so. */
#define NR_FILE_DIRTY	NR_DIRTY

static void mod_folio_stat(struct folio *folio, enum node_stat_item item,
			   long nr)
{
	__mod_node_page_state(NODE_DATA(page_to_nid(&folio->page)), item, nr);
}

static void mod_folio_zone(struct folio *folio, enum zone_stat_item item,
			   long nr)
{
	__mod_zone_page_state(page_zone(&folio->page), item, nr);
}

/* folio_account_dirtied(): the counters of a newly dirty folio. */
static void folio_account_dirtied(struct folio *folio,
				  struct address_space *mapping)
{
	struct machine *m = current_machine();
	dev_t dev = mapping->host->i_sb->s_dev;
	char sdev[24];

	mod_folio_stat(folio, NR_FILE_DIRTY, 1);
	mod_folio_zone(folio, NR_ZONE_WRITE_PENDING, 1);
	mod_folio_stat(folio, NR_DIRTIED, 1);
	if (m->trace.nr_sinks) {
		snprintf(sdev, sizeof(sdev), "%u:%u", MAJOR(dev), MINOR(dev));
		trace_event(m, "writeback_dirty_folio", TF_S("bdi", sdev),
			    TF_U("ino", mapping->host->i_ino),
			    TF_U("index", folio_index(folio)));
	}
}

/**
 * folio_account_cleaned - undo the dirty accounting of a folio
 * @folio: a dirty folio leaving the cache or being cancelled
 */
void folio_account_cleaned(struct folio *folio)
{
	mod_folio_stat(folio, NR_FILE_DIRTY, -1);
	mod_folio_zone(folio, NR_ZONE_WRITE_PENDING, -1);
}

/**
 * __folio_mark_dirty - account and tag a folio just marked PG_dirty
 * @folio: the folio
 * @mapping: its mapping
 * @warn: unused (Linux warns on a folio neither uptodate nor private)
 */
void __folio_mark_dirty(struct folio *folio, struct address_space *mapping,
			int warn)
{
	(void)warn;
	if (folio_mapping(folio) != mapping)
		return;		/* truncated meanwhile */
	folio_account_dirtied(folio, mapping);
	xa_set_mark(&mapping->i_pages, folio_index(folio),
		    PAGECACHE_TAG_DIRTY);
}

/**
 * filemap_dirty_folio - ->dirty_folio of a filesystem with writeback
 * @mapping: the folio's mapping
 * @folio: the folio
 *
 * Return: true if the folio was clean (and is now accounted, tagged, and
 * its inode queued for the flusher).
 */
bool filemap_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	if (folio_test_set_dirty(folio))
		return false;
	__folio_mark_dirty(folio, mapping, 1);
	__mark_inode_dirty(mapping->host, I_DIRTY_PAGES);
	return true;
}

/**
 * folio_mark_dirty - mark a folio dirty the way its filesystem wants
 * @folio: the folio
 *
 * Return: true if it was clean.
 */
bool folio_mark_dirty(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	if (!mapping)
		return !folio_test_set_dirty(folio);
	if (mapping->a_ops->dirty_folio)
		return mapping->a_ops->dirty_folio(mapping, folio);
	return filemap_dirty_folio(mapping, folio);
}

/**
 * folio_clear_dirty_for_io - clear PG_dirty before writing a folio out
 * @folio: a locked folio
 *
 * The DIRTY tag stays until folio_start_writeback() moves it.
 *
 * Return: true if the folio was dirty (the caller must write it).
 */
bool folio_clear_dirty_for_io(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	/* folio_mkclean(): the next store through a mapping re-dirties it. */
	if (page_mapcount(&folio->page))
		page_mkclean(&folio->page);
	if (!folio_test_clear_dirty(folio))
		return false;
	if (mapping && mapping_can_writeback(mapping))
		folio_account_cleaned(folio);
	return true;
}

/**
 * folio_start_writeback - a clean, locked folio goes to the device
 * @folio: the folio
 */
void folio_start_writeback(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	pgoff_t index = folio_index(folio);

	VM_BUG_ON_PAGE(folio_test_writeback(folio), &folio->page);
	folio_set_writeback(folio);
	mod_folio_stat(folio, NR_WRITEBACK, 1);
	mod_folio_zone(folio, NR_ZONE_WRITE_PENDING, 1);
	xa_set_mark(&mapping->i_pages, index, PAGECACHE_TAG_WRITEBACK);
	if (!folio_test_dirty(folio))
		xa_clear_mark(&mapping->i_pages, index, PAGECACHE_TAG_DIRTY);
	xa_clear_mark(&mapping->i_pages, index, PAGECACHE_TAG_TOWRITE);
}

/**
 * folio_end_writeback - the device has the folio's data
 * @folio: a folio under writeback
 */
void folio_end_writeback(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);

	VM_BUG_ON_PAGE(!folio_test_writeback(folio), &folio->page);
	folio_clear_writeback(folio);
	if (mapping)
		xa_clear_mark(&mapping->i_pages, folio_index(folio),
			      PAGECACHE_TAG_WRITEBACK);
	mod_folio_stat(folio, NR_WRITEBACK, -1);
	mod_folio_zone(folio, NR_ZONE_WRITE_PENDING, -1);
	mod_folio_stat(folio, NR_WRITTEN, 1);
}

/**
 * submit_folio_write - the block layer takes a folio's write
 * @folio: a folio under writeback
 *
 * The I/O holds a reference (Linux: the bio's) until it completes.
 */
void submit_folio_write(struct folio *folio)
{
	struct fs_state *fs = fs_state();

	if (fs->nr_inflight == fs->inflight_cap) {
		size_t cap = fs->inflight_cap ? fs->inflight_cap * 2 : 64;
		struct page **n = realloc(fs->wb_inflight, cap * sizeof(*n));

		if (!n) {	/* complete now rather than lose it */
			folio_end_writeback(folio);
			return;
		}
		fs->wb_inflight = n;
		fs->inflight_cap = cap;
	}
	folio_get(folio);
	fs->wb_inflight[fs->nr_inflight++] = &folio->page;
}

/**
 * wb_complete_inflight - complete the writes in flight
 * @mapping: only those of this mapping, or NULL for all
 */
void wb_complete_inflight(struct address_space *mapping)
{
	struct fs_state *fs = fs_state();
	size_t i, keep = 0;

	if (!fs)
		return;
	for (i = 0; i < fs->nr_inflight; i++) {
		struct folio *folio = page_folio(fs->wb_inflight[i]);

		if (mapping && folio_mapping(folio) != mapping) {
			fs->wb_inflight[keep++] = &folio->page;
			continue;
		}
		folio_end_writeback(folio);
		folio_put(folio);
	}
	fs->nr_inflight = keep;
}

/**
 * folio_wait_writeback - wait until a folio is no longer under writeback
 * @folio: the folio
 *
 * SIM: waiting completes the mapping's in-flight writes.
 */
void folio_wait_writeback(struct folio *folio)
{
	if (folio_test_writeback(folio))
		wb_complete_inflight(folio_mapping(folio));
}

/**
 * tag_pages_for_writeback - tag the dirty folios of a range TOWRITE
 * @mapping: the page cache
 * @start: first index
 * @end: last index
 *
 * WB_SYNC_ALL writeback then writes exactly these, not folios dirtied
 * while it runs (livelock avoidance).
 */
void tag_pages_for_writeback(struct address_space *mapping, pgoff_t start,
			     pgoff_t end)
{
	unsigned long index;
	void *entry;

	xa_for_each_marked(&mapping->i_pages, index, entry, PAGECACHE_TAG_DIRTY) {
		if (index < start)
			continue;
		if (index > end)
			break;
		xa_set_mark(&mapping->i_pages, index, PAGECACHE_TAG_TOWRITE);
	}
}

/**
 * write_cache_pages - walk the dirty folios of a mapping and write them
 * @mapping: the page cache
 * @wbc: what to write: range or cyclic, how many, sync mode
 * @writepage: called on each locked folio cleared for I/O; unlocks it
 * @data: for @writepage
 *
 * Cyclic writeback (the flusher) starts at mapping->writeback_index and
 * leaves it where it stopped, 0 once it reached the end.
 *
 * Return: 0 or the first error of @writepage.
 */
int write_cache_pages(struct address_space *mapping,
		      struct writeback_control *wbc, writepage_t writepage,
		      void *data)
{
	xa_mark_t tag = wbc->sync_mode == WB_SYNC_ALL ? PAGECACHE_TAG_TOWRITE :
							PAGECACHE_TAG_DIRTY;
	pgoff_t index, end, done_index;
	bool range_whole = false, done = false;
	unsigned long i;
	void *entry;
	int ret = 0;

	if (wbc->range_cyclic) {
		index = mapping->writeback_index;
		end = ~0UL;
	} else {
		index = (pgoff_t)(wbc->range_start >> PAGE_SHIFT);
		end = (pgoff_t)(wbc->range_end >> PAGE_SHIFT);
		range_whole = wbc->range_start == 0 &&
			      wbc->range_end == MAX_LFS_FILESIZE;
	}
	if (wbc->sync_mode == WB_SYNC_ALL)
		tag_pages_for_writeback(mapping, index, end);
	done_index = index;
	xa_for_each_marked(&mapping->i_pages, i, entry, tag) {
		struct folio *folio = entry;
		int err;

		if (i < index)
			continue;
		if (i > end)
			break;
		done_index = i;
		folio_lock(folio);
		if (folio_test_writeback(folio)) {
			if (wbc->sync_mode == WB_SYNC_NONE) {
				folio_unlock(folio);
				continue;
			}
			folio_wait_writeback(folio);
		}
		if (!folio_clear_dirty_for_io(folio)) {
			xa_clear_mark(&mapping->i_pages, i,
				      PAGECACHE_TAG_TOWRITE);
			folio_unlock(folio);
			continue;
		}
		err = writepage(folio, wbc, data);
		if (err && !ret)
			ret = err;
		if (--wbc->nr_to_write <= 0 &&
		    wbc->sync_mode == WB_SYNC_NONE) {
			done_index = i + 1;
			done = true;
			break;
		}
	}
	if (wbc->range_cyclic && !done)
		done_index = 0;
	if (wbc->range_cyclic || (range_whole && wbc->nr_to_write > 0))
		mapping->writeback_index = done_index;
	return ret;
}

static int writepage_cb(struct folio *folio, struct writeback_control *wbc,
			void *data)
{
	struct address_space *mapping = data;
	int ret = mapping->a_ops->writepage(&folio->page, wbc);

	if (ret < 0)
		mapping->wb_err = ret;
	return ret;
}

/**
 * generic_writepages - write_cache_pages() with the mapping's ->writepage
 * @mapping: the page cache
 * @wbc: the request
 *
 * Return: 0 or an error.
 */
int generic_writepages(struct address_space *mapping,
		       struct writeback_control *wbc)
{
	return write_cache_pages(mapping, wbc, writepage_cb, mapping);
}

/**
 * do_writepages - write a mapping's dirty folios as @wbc says
 * @mapping: the page cache
 * @wbc: the request
 *
 * Return: 0 or an error; a mapping without writeback writes nothing.
 */
int do_writepages(struct address_space *mapping,
		  struct writeback_control *wbc)
{
	if (wbc->nr_to_write <= 0 || !mapping_can_writeback(mapping))
		return 0;
	if (mapping->a_ops->writepages)
		return mapping->a_ops->writepages(mapping, wbc);
	if (mapping->a_ops->writepage)
		return generic_writepages(mapping, wbc);
	return 0;
}

/**
 * dirty_limits - the background and throttling thresholds, in pages
 * @pbackground: dirty_background_ratio (10 %) of dirtyable memory
 * @pdirty: dirty_ratio (20 %)
 */
void dirty_limits(unsigned long *pbackground, unsigned long *pdirty)
{
	global_dirty_limits(pbackground, pdirty);
}

/**
 * balance_dirty_pages_ratelimited - throttle a writer over dirty_ratio
 * @mapping: the mapping just written
 *
 * Above the background threshold the flusher has work at its next run;
 * above dirty_ratio the writer itself writes back until it is under the
 * background threshold, and waits for that I/O. SIM: Linux also slows
 * writers between (background + dirty) / 2 and dirty_ratio with short
 * pauses; mmsim has no time passing inside a write.
 *
 * SIM: checked after every page (Linux: every ratelimit pages, about 32
 * per CPU), so the dirty count never overshoots.
 */
void balance_dirty_pages_ratelimited(struct address_space *mapping)
{
	struct machine *m = current_machine();
	unsigned long bg, thresh, dirty;

	if (!mapping_can_writeback(mapping))
		return;
	dirty_limits(&bg, &thresh);
	dirty = global_node_page_state(NR_FILE_DIRTY) +
		global_node_page_state(NR_WRITEBACK);
	if (dirty <= thresh)
		return;
	trace_event(m, "balance_dirty_pages",
		    TF_U("ino", mapping->host->i_ino), TF_U("dirty", dirty),
		    TF_U("thresh", thresh), TF_U("bg_thresh", bg));
	fs_state()->nr_balance_throttled++;
	writeback_inodes_wb((long)(dirty - bg), WB_REASON_BACKGROUND, false);
	wb_complete_inflight(NULL);
}

/**
 * filemap_fdatawrite_range - start writeback of a byte range, and wait
 *	for nothing
 * @mapping: the page cache
 * @start: first byte
 * @end: last byte (inclusive)
 *
 * Return: 0 or an error.
 */
int filemap_fdatawrite_range(struct address_space *mapping, loff_t start,
			     loff_t end)
{
	struct writeback_control wbc = {
		.sync_mode = WB_SYNC_ALL,
		.nr_to_write = LONG_MAX,
		.range_start = start,
		.range_end = end,
	};

	return do_writepages(mapping, &wbc);
}

/**
 * filemap_fdatawrite - start writeback of a whole file
 * @mapping: the page cache
 *
 * Return: 0 or an error.
 */
int filemap_fdatawrite(struct address_space *mapping)
{
	return filemap_fdatawrite_range(mapping, 0, MAX_LFS_FILESIZE);
}

/**
 * filemap_fdatawait_range - wait for writeback of a range to finish
 * @mapping: the page cache
 * @start: first byte
 * @end: last byte
 *
 * SIM: completes the mapping's in-flight writes (all of them).
 *
 * Return: 0, or the mapping's last writeback error (then cleared).
 */
int filemap_fdatawait_range(struct address_space *mapping, loff_t start,
			    loff_t end)
{
	int err = mapping->wb_err;

	(void)start;
	(void)end;
	wb_complete_inflight(mapping);
	mapping->wb_err = 0;
	return err;
}

/**
 * filemap_write_and_wait_range - write a range and wait for it
 * @mapping: the page cache
 * @start: first byte
 * @end: last byte
 *
 * Return: 0 or the first error.
 */
int filemap_write_and_wait_range(struct address_space *mapping, loff_t start,
				 loff_t end)
{
	int err = filemap_fdatawrite_range(mapping, start, end);
	int err2 = filemap_fdatawait_range(mapping, start, end);

	return err ? err : err2;
}
