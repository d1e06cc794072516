// SPDX-License-Identifier: GPL-2.0
/*
 * Readahead, as mm/readahead.c in Linux 6.1-6.9 (ondemand_readahead()):
 * a file's first read, or a read right after the previous one, opens a
 * window of get_init_ra_size() pages; hitting the folio marked
 * PG_readahead (async_size pages before the window's end) pushes the next
 * window out, get_next_ra_size() times larger, up to ra_pages (32 pages,
 * 128 KiB). For one-page sequential reads the windows are 4, 8, 16, 32.
 * A random small read reads just what it asks. Every decision is the
 * trace event "readahead".
 *
 * SIM: I/O is synchronous, so "asynchronous" readahead has read its pages
 * when the read that triggered it continues; the window arithmetic, the
 * marker and the resulting page-cache contents are Linux's. No
 * try_context_readahead() (removed in 6.10) and no large folios.
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * file_ra_state_init - readahead state of a newly opened file
 * @ra: the file's f_ra
 * @mapping: its page cache
 */
void file_ra_state_init(struct file_ra_state *ra,
			struct address_space *mapping)
{
	ra->start = 0;
	ra->size = 0;
	ra->async_size = 0;
	ra->ra_pages = (unsigned int)mapping->host->i_sb->s_ra_pages;
	ra->prev_pos = -1;
}

static unsigned long roundup_pow_of_two(unsigned long n)
{
	unsigned long r = 1;

	while (r < n)
		r <<= 1;
	return r;
}

/**
 * get_init_ra_size - the first window for a request of @size pages
 * @size: pages asked
 * @max: ra_pages
 *
 * Return: 4x the request (rounded up to a power of two) while small,
 * 2x while medium, else @max: 1 page -> 4 with the default 32.
 */
unsigned long get_init_ra_size(unsigned long size, unsigned long max)
{
	unsigned long newsize = roundup_pow_of_two(size);

	if (newsize <= max / 32)
		newsize = newsize * 4;
	else if (newsize <= max / 4)
		newsize = newsize * 2;
	else
		newsize = max;
	return newsize;
}

/**
 * get_next_ra_size - the window after the current one
 * @ra: readahead state (ra->size is the current window)
 * @max: ra_pages
 *
 * Return: 4x below max/16, 2x up to max/2, else @max.
 */
unsigned long get_next_ra_size(struct file_ra_state *ra, unsigned long max)
{
	unsigned long cur = ra->size;

	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

static void trace_ra(struct readahead_control *ractl, const char *why,
		     pgoff_t index, unsigned long req)
{
	struct machine *m = current_machine();
	struct file_ra_state *ra = ractl->ra;

	trace_event(m, "readahead",
		    TF_X("i_ino", ractl->mapping->host->i_ino),
		    TF_U("index", index), TF_U("req", req), TF_S("why", why),
		    TF_U("start", ra->start), TF_U("size", ra->size),
		    TF_U("async_size", ra->async_size));
}

/**
 * readahead_folio - the next folio of a ->readahead batch
 * @rac: the batch
 *
 * Return: the folio, locked (the batch's reference is dropped: the cache
 * keeps its own), or NULL at the end.
 */
struct folio *readahead_folio(struct readahead_control *rac)
{
	struct folio *folio;

	if (!rac->_nr_pages)
		return NULL;
	folio = xa_load(&rac->mapping->i_pages, rac->_index);
	rac->_index++;
	rac->_nr_pages--;
	return folio;
}

/* read_pages(): hand the batch [_index, _index + _nr_pages) to the fs. */
static void read_pages(struct readahead_control *rac)
{
	const struct address_space_operations *aops = rac->mapping->a_ops;
	struct folio *folio;

	if (!rac->_nr_pages)
		return;
	if (aops->readahead) {
		aops->readahead(rac);
		/* Whatever ->readahead left behind is unlocked, not uptodate. */
		while ((folio = readahead_folio(rac)))
			folio_unlock(folio);
	} else {
		while ((folio = readahead_folio(rac)))
			aops->read_folio(rac->file, folio);
	}
}

/**
 * page_cache_ra_unbounded - read @nr_to_read pages from ractl->_index
 * @ractl: the request
 * @nr_to_read: pages
 * @lookahead_size: the folio this many pages before the end gets
 *	PG_readahead
 *
 * Pages already cached are skipped (and split the batch, as in Linux).
 */
static void page_cache_ra_unbounded(struct readahead_control *ractl,
				    unsigned long nr_to_read,
				    unsigned long lookahead_size)
{
	struct address_space *mapping = ractl->mapping;
	pgoff_t index = ractl->_index;
	unsigned long i, mark = ~0UL;

	if (lookahead_size && lookahead_size <= nr_to_read)
		mark = nr_to_read - lookahead_size;
	ractl->_nr_pages = 0;
	for (i = 0; i < nr_to_read; i++) {
		struct folio *folio = xa_load(&mapping->i_pages, index + i);

		if (folio) {
			read_pages(ractl);
			ractl->_index = index + i + 1;
			continue;
		}
		folio = filemap_alloc_folio(mapping->gfp_mask, 0);
		if (!folio)
			break;
		if (filemap_add_folio(mapping, folio, index + i,
				      mapping->gfp_mask)) {
			folio_put(folio);
			read_pages(ractl);
			ractl->_index = index + i + 1;
			continue;
		}
		folio_put(folio);	/* the cache holds it now */
		if (i == mark)
			folio_set_readahead(folio);
		ractl->_nr_pages++;
	}
	read_pages(ractl);
}

/* do_page_cache_ra(): clamp to i_size, then read. */
static void do_page_cache_ra(struct readahead_control *ractl,
			     unsigned long nr_to_read,
			     unsigned long lookahead_size)
{
	struct inode *inode = ractl->mapping->host;
	pgoff_t index = ractl->_index;
	loff_t isize = i_size_read(inode);
	pgoff_t end_index;

	if (isize == 0)
		return;
	end_index = (pgoff_t)((isize - 1) >> PAGE_SHIFT);
	if (index > end_index)
		return;
	if (nr_to_read > end_index - index)
		nr_to_read = end_index - index + 1;
	page_cache_ra_unbounded(ractl, nr_to_read, lookahead_size);
}

/**
 * force_page_cache_ra - read a range regardless of the readahead state
 * @ractl: the request (_index: first page)
 * @nr_to_read: pages
 *
 * POSIX_FADV_WILLNEED and FMODE_RANDOM files: in chunks of at most
 * 2 MiB, with no PG_readahead marker.
 */
void force_page_cache_ra(struct readahead_control *ractl,
			 unsigned long nr_to_read)
{
	struct inode *inode = ractl->mapping->host;
	unsigned long max_pages = ractl->ra->ra_pages;
	loff_t isize = i_size_read(inode);
	pgoff_t index = ractl->_index;

	if (isize == 0)
		return;
	if (index > (pgoff_t)((isize - 1) >> PAGE_SHIFT))
		return;
	if (nr_to_read > (unsigned long)((isize - 1) >> PAGE_SHIFT) - index + 1)
		nr_to_read = (unsigned long)((isize - 1) >> PAGE_SHIFT) -
			     index + 1;
	if (max_pages < 512)
		max_pages = 512;	/* 2 MiB chunks, as Linux */
	trace_ra(ractl, "forced", index, nr_to_read);
	while (nr_to_read) {
		unsigned long this_chunk = nr_to_read < max_pages ?
					   nr_to_read : max_pages;

		ractl->_index = index;
		do_page_cache_ra(ractl, this_chunk, 0);
		index += this_chunk;
		nr_to_read -= this_chunk;
	}
}

/* ondemand_readahead(): the heart of it; @folio is the marker hit. */
static void ondemand_readahead(struct readahead_control *ractl,
			       struct folio *folio, unsigned long req_size)
{
	struct file_ra_state *ra = ractl->ra;
	unsigned long max_pages = ra->ra_pages;
	unsigned long add_pages;
	pgoff_t index = ractl->_index;
	pgoff_t expected, prev_index;
	const char *why;

	if (!index)
		goto initial_readahead;	/* start of file */

	/* The expected marker or window end: sequential, ramp up. */
	expected = ra->start + ra->size - ra->async_size;
	if (index == expected || index == ra->start + ra->size) {
		ra->start += ra->size;
		ra->size = (unsigned int)get_next_ra_size(ra, max_pages);
		ra->async_size = ra->size;
		why = "sequential";
		goto readit;
	}

	/* A marker without valid state (interleaved readers): ask the cache. */
	if (folio) {
		pgoff_t start = page_cache_next_miss(ractl->mapping, index + 1,
						     max_pages);

		if (!start || start - index > max_pages)
			return;
		ra->start = start;
		ra->size = (unsigned int)(start - index);	/* old async_size */
		ra->size += (unsigned int)req_size;
		ra->size = (unsigned int)get_next_ra_size(ra, max_pages);
		ra->async_size = ra->size;
		why = "marker";
		goto readit;
	}

	if (req_size > max_pages)
		goto initial_readahead;	/* oversize read */

	/* Sequential cache miss: right after, or inside, the last read. */
	prev_index = (pgoff_t)((unsigned long long)ra->prev_pos >> PAGE_SHIFT);
	if (ra->prev_pos >= 0 && index - prev_index <= 1UL)
		goto initial_readahead;

	/* A small random read: read as is, keep the state. */
	trace_ra(ractl, "random", index, req_size);
	do_page_cache_ra(ractl, req_size, 0);
	return;

initial_readahead:
	ra->start = index;
	ra->size = (unsigned int)get_init_ra_size(req_size, max_pages);
	ra->async_size = ra->size > req_size ?
			 (unsigned int)(ra->size - req_size) : ra->size;
	why = "initial";

readit:
	/*
	 * Would this read hit the window's own marker at once? Then merge
	 * the next window into this one.
	 */
	if (index == ra->start && ra->size == ra->async_size) {
		add_pages = get_next_ra_size(ra, max_pages);
		if (ra->size + add_pages <= max_pages) {
			ra->async_size = (unsigned int)add_pages;
			ra->size += (unsigned int)add_pages;
		} else {
			ra->size = (unsigned int)max_pages;
			ra->async_size = (unsigned int)(max_pages >> 1);
		}
	}
	trace_ra(ractl, why, index, req_size);
	ractl->_index = ra->start;
	do_page_cache_ra(ractl, ra->size, ra->async_size);
}

/**
 * page_cache_sync_ra - readahead on a page-cache miss
 * @ractl: the request; _index is the missing page
 * @req_count: pages the read still wants
 *
 * A file opened for random access (POSIX_FADV_RANDOM), or readahead
 * turned off (ra_pages 0), reads just what is asked.
 */
void page_cache_sync_ra(struct readahead_control *ractl,
			unsigned long req_count)
{
	bool do_forced_ra = ractl->file &&
			    (ractl->file->f_mode & FMODE_RANDOM);

	if (!ractl->ra->ra_pages) {
		if (!ractl->file)
			return;
		req_count = 1;
		do_forced_ra = true;
	}
	if (do_forced_ra) {
		force_page_cache_ra(ractl, req_count);
		return;
	}
	ondemand_readahead(ractl, NULL, req_count);
}

/**
 * page_cache_async_ra - readahead on hitting a PG_readahead folio
 * @ractl: the request; _index is the folio's index
 * @folio: the marked folio (its mark is cleared)
 * @req_count: pages the read still wants
 */
void page_cache_async_ra(struct readahead_control *ractl,
			 struct folio *folio, unsigned long req_count)
{
	if (!ractl->ra->ra_pages)
		return;
	if (folio_test_writeback(folio))
		return;
	folio_clear_readahead(folio);
	ondemand_readahead(ractl, folio, req_count);
}
