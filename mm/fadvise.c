// SPDX-License-Identifier: GPL-2.0
/*
 * posix_fadvise(2), as mm/fadvise.c generic_fadvise(): NORMAL, RANDOM and
 * SEQUENTIAL set the file's readahead (RANDOM: none; SEQUENTIAL: twice
 * the window), WILLNEED reads the range ahead now, DONTNEED starts
 * writeback of the range and drops its clean, unused pages (pages still
 * dirty or under writeback stay: fsync first to drop them all).
 */
#include <stdio.h>
#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

/**
 * generic_fadvise - ->fadvise of a page-cache filesystem
 * @file: the file
 * @offset: first byte, >= 0
 * @len: bytes, >= 0; 0 means to the end of the file
 * @advice: POSIX_FADV_*
 *
 * Return: 0 or -EINVAL.
 */
int generic_fadvise(struct file *file, loff_t offset, loff_t len, int advice)
{
	struct address_space *mapping = file->f_mapping;
	struct readahead_control ractl = {
		.file = file, .mapping = mapping, .ra = &file->f_ra,
	};
	pgoff_t start_index, end_index;
	unsigned long nrpages;
	loff_t endbyte;

	if (offset < 0 || len < 0)
		return -EINVAL;
	endbyte = (loff_t)((u64)offset + (u64)len);
	if (!len || endbyte < len)
		endbyte = MAX_LFS_FILESIZE;
	else
		endbyte--;		/* inclusive */

	switch (advice) {
	case POSIX_FADV_NORMAL:
		file->f_ra.ra_pages = (unsigned int)
				      mapping->host->i_sb->s_ra_pages;
		file->f_mode &= ~FMODE_RANDOM;
		break;
	case POSIX_FADV_RANDOM:
		file->f_mode |= FMODE_RANDOM;
		break;
	case POSIX_FADV_SEQUENTIAL:
		file->f_ra.ra_pages = (unsigned int)
				      mapping->host->i_sb->s_ra_pages * 2;
		file->f_mode &= ~FMODE_RANDOM;
		break;
	case POSIX_FADV_WILLNEED:
		start_index = (pgoff_t)(offset >> PAGE_SHIFT);
		end_index = (pgoff_t)(endbyte >> PAGE_SHIFT);
		nrpages = end_index - start_index + 1;
		if (!nrpages)
			nrpages = ~0UL;
		ractl._index = start_index;
		force_page_cache_ra(&ractl, nrpages);
		break;
	case POSIX_FADV_NOREUSE:
		break;
	case POSIX_FADV_DONTNEED:
		if (mapping_can_writeback(mapping)) {
			struct writeback_control wbc = {
				.sync_mode = WB_SYNC_NONE,
				.nr_to_write = LONG_MAX,
				.range_start = offset,
				.range_end = endbyte,
			};

			do_writepages(mapping, &wbc);
		}
		/* Only whole pages: a partial page at either end stays. */
		start_index = (pgoff_t)((offset + PAGE_SIZE - 1) >> PAGE_SHIFT);
		end_index = (pgoff_t)(endbyte >> PAGE_SHIFT);
		if ((endbyte & (PAGE_SIZE - 1)) != PAGE_SIZE - 1) {
			if (end_index == 0)
				break;
			end_index--;
		}
		if (end_index >= start_index)
			invalidate_mapping_pages(mapping, start_index,
						 end_index);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/**
 * vfs_fadvise - posix_fadvise(2) on an open file
 * @file: the file
 * @offset: first byte
 * @len: bytes (0: to the end)
 * @advice: POSIX_FADV_*
 *
 * Return: 0, -EINVAL, -ESPIPE (a directory: no page cache to advise).
 */
int vfs_fadvise(struct file *file, loff_t offset, loff_t len, int advice)
{
	if (!file->f_op || !file->f_op->fadvise)
		return -ESPIPE;
	return file->f_op->fadvise(file, offset, len, advice);
}
