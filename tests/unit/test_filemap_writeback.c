// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty pages and writeback (A4), truncate and invalidation (A6), the
 * LRU: Dirty accounting and tags; nothing written before
 * dirty_expire_centisecs, everything after; cyclic writeback resuming at
 * writeback_index; Writeback until the I/O completes at the next tick;
 * a writer over dirty_ratio writing back itself; truncate dropping dirty
 * pages; DONTNEED dropping only clean ones; drop_caches; activation on
 * the second access; the checker catching a missing tag.
 */
#include <errno.h>

#include "filemap_helpers.h"

static char page[4096];

static struct file *dirty_file(const char *path, unsigned long pages)
{
	struct file *f = fm_open(path, O_RDWR | O_CREAT);

	for (unsigned long i = 0; f && i < pages; i++) {
		memset(page, (int)i, sizeof(page));
		fm_pwrite(f, page, sizeof(page), (loff_t)(i * 4096));
	}
	return f;
}

TEST(writeback__expire_then_kupdate_writes)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = dirty_file("/mnt/d", 16);
	ASSERT(f);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 16);
	EXPECT(xa_marked(&f->f_mapping->i_pages, PAGECACHE_TAG_DIRTY));
	EXPECT(f->f_inode->i_state & I_DIRTY_PAGES);
	/* 29 s: not expired; the flusher ran but wrote nothing. */
	machine_tick(m, 29000);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 16);
	/* The flusher's run at 30 s finds it expired and writes it all. */
	machine_tick(m, 1000);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 0);
	EXPECT_EQ(global_node_page_state(NR_WRITEBACK), 0);	/* completed */
	EXPECT_EQ(global_node_page_state(NR_WRITTEN), 16);
	EXPECT_EQ(vm_event_state(PGPGOUT), 64);
	EXPECT(!(f->f_inode->i_state & I_DIRTY_PAGES));
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

TEST(writeback__cyclic_index_and_inflight)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	struct writeback_control wbc = {
		.sync_mode = WB_SYNC_NONE, .nr_to_write = 5, .range_cyclic = 1,
	};
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = dirty_file("/mnt/c", 12);
	ASSERT(f);
	EXPECT_EQ(writeback_single_inode(f->f_inode, &wbc), 0);
	EXPECT_EQ(f->f_mapping->writeback_index, 5);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 7);
	EXPECT_EQ(global_node_page_state(NR_WRITEBACK), 5);	/* in flight */
	EXPECT(xa_get_mark(&f->f_mapping->i_pages, 0, PAGECACHE_TAG_WRITEBACK));
	EXPECT(!xa_get_mark(&f->f_mapping->i_pages, 0, PAGECACHE_TAG_DIRTY));
	EXPECT_EQ(machine_check(m), 0);
	wbc.nr_to_write = 5;
	EXPECT_EQ(writeback_single_inode(f->f_inode, &wbc), 0);
	EXPECT_EQ(f->f_mapping->writeback_index, 10);
	wbc.nr_to_write = 5;			/* 2 left: reaches the end */
	EXPECT_EQ(writeback_single_inode(f->f_inode, &wbc), 0);
	EXPECT_EQ(f->f_mapping->writeback_index, 0);
	EXPECT_EQ(global_node_page_state(NR_WRITEBACK), 12);
	EXPECT_EQ(global_zone_page_state(NR_ZONE_WRITE_PENDING), 12);
	machine_tick(m, 1);			/* the device completes */
	EXPECT_EQ(global_node_page_state(NR_WRITEBACK), 0);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

TEST(writeback__writer_over_dirty_ratio_writes_back)
{
	struct machine *m = fm_boot(ARCH_X86_64, "64M");
	unsigned long bg, thresh, pages;
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	dirty_limits(&bg, &thresh);
	pages = thresh + 200;
	f = dirty_file("/mnt/big", pages);
	ASSERT(f);
	EXPECT_EQ(f->f_mapping->nrpages, pages);
	EXPECT(global_node_page_state(NR_DIRTY) <= thresh);
	EXPECT(fs_state()->nr_balance_throttled > 0);
	EXPECT(global_node_page_state(NR_WRITTEN) > 0);
	EXPECT_EQ(machine_check(m), 0);
	/* sync writes the rest. */
	ksys_sync();
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 0);
	EXPECT_EQ(global_node_page_state(NR_WRITEBACK), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

TEST(truncate__drops_dirty_pages_and_zeroes_the_tail)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	char buf[4096];
	struct file *f;
	long before;

	ASSERT(m);
	before = fm_allocated(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = dirty_file("/mnt/t", 8);
	ASSERT(f);
	EXPECT_EQ(vfs_truncate(f, 2 * 4096 + 10), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 3);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 3);
	EXPECT_EQ(fm_pread(f, buf, 4096, 2 * 4096), 10);
	EXPECT_EQ(buf[9], 2);
	/* Growing again: the cut bytes read as zeroes. */
	EXPECT_EQ(vfs_truncate(f, 3 * 4096), 0);
	EXPECT_EQ(fm_pread(f, buf, 4096, 2 * 4096), 4096);
	EXPECT_EQ(buf[10], 0);
	EXPECT_EQ(buf[9], 2);
	EXPECT_EQ(vfs_truncate(f, -1), -EINVAL);
	EXPECT_EQ(vfs_truncate(f, 0), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 0);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 0);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	f = fm_open("/mnt/t", O_RDONLY);
	ASSERT(f);
	EXPECT_EQ(vfs_truncate(f, 0), -EBADF);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	EXPECT_EQ(fm_allocated(m), before);
	machine_destroy(m);
}

TEST(fadvise__dontneed_drops_clean_pages_only)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = dirty_file("/mnt/a", 10);
	ASSERT(f);
	/* Dirty: DONTNEED only starts writeback; the pages stay. */
	EXPECT_EQ(vfs_fadvise(f, 0, 0, POSIX_FADV_DONTNEED), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 10);
	EXPECT_EQ(global_node_page_state(NR_WRITEBACK), 10);
	machine_tick(m, 1);
	/* Clean now: the whole pages of the range go, a partial one stays. */
	EXPECT_EQ(vfs_fadvise(f, 0, 4 * 4096 + 100, POSIX_FADV_DONTNEED), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 6);
	EXPECT(xa_load(&f->f_mapping->i_pages, 4) != NULL);
	EXPECT_EQ(drop_caches_sysctl(1), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 0);
	EXPECT_EQ(drop_caches_sysctl(7), -EINVAL);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

TEST(lru__second_access_activates)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	char buf[4096];
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = dirty_file("/mnt/l", 4);
	ASSERT(f);
	EXPECT_EQ(global_node_page_state(NR_INACTIVE_FILE), 4);
	EXPECT_EQ(fm_pread(f, buf, 4096, 0), 4096);	/* referenced */
	EXPECT_EQ(global_node_page_state(NR_ACTIVE_FILE), 0);
	EXPECT_EQ(fm_pread(f, buf, 4096, 4096), 4096);	/* another page */
	EXPECT_EQ(fm_pread(f, buf, 4096, 0), 4096);	/* second access */
	EXPECT_EQ(global_node_page_state(NR_ACTIVE_FILE), 1);
	EXPECT_EQ(global_node_page_state(NR_INACTIVE_FILE), 3);
	EXPECT_EQ(vm_event_state(PGACTIVATE), 1);
	/* Reading one page in pieces touches it once. */
	EXPECT_EQ(fm_pread(f, buf, 100, 2 * 4096), 100);
	EXPECT_EQ(fm_pread(f, buf, 100, 2 * 4096 + 100), 100);
	EXPECT_EQ(global_node_page_state(NR_ACTIVE_FILE), 1);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

TEST(check__catches_a_lost_dirty_tag)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = dirty_file("/mnt/k", 2);
	ASSERT(f);
	xa_clear_mark(&f->f_mapping->i_pages, 1, PAGECACHE_TAG_DIRTY);
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(strstr(m->check_report.buf, "DIRTY tag"));
	xa_set_mark(&f->f_mapping->i_pages, 1, PAGECACHE_TAG_DIRTY);
	f->f_mapping->nrpages++;
	EXPECT_EQ(machine_check(m), -EUCLEAN);
	EXPECT(strstr(m->check_report.buf, "nrpages"));
	f->f_mapping->nrpages--;
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	machine_destroy(m);
}

int main(void)
{
	RUN(writeback__expire_then_kupdate_writes);
	RUN(writeback__cyclic_index_and_inflight);
	RUN(writeback__writer_over_dirty_ratio_writes_back);
	RUN(truncate__drops_dirty_pages_and_zeroes_the_tail);
	RUN(fadvise__dontneed_drops_clean_pages_only);
	RUN(lru__second_access_activates);
	RUN(check__catches_a_lost_dirty_tag);
	return done();
}
