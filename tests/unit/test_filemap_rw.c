// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache's read and write paths (A1, A2): bytes written read back
 * from the cache and, after drop_caches, from memdisk's "disk"; holes read
 * as zeroes; partial-page writes keep the rest of the page; reads stop at
 * i_size; page-cache pages come from HighMem on x86_32 and point back to
 * their mapping; every page returns at unlink/unmount.
 */
#include <errno.h>

#include "filemap_helpers.h"

static void fill(char *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('a' + (seed + i * 7) % 26);
}

TEST(filemap__write_read_back_through_cache_and_disk)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	static char in[40000], out[40000];
	long before;
	struct file *f;

	ASSERT(m);
	before = fm_allocated(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = fm_open("/mnt/f", O_RDWR | O_CREAT);
	ASSERT(f);
	fill(in, sizeof(in), 3);
	EXPECT_EQ(fm_pwrite(f, in, sizeof(in), 0), (ssize_t)sizeof(in));
	EXPECT_EQ(f->f_inode->i_size, sizeof(in));
	EXPECT_EQ(f->f_mapping->nrpages, 10);		/* 40000 / 4096 */
	EXPECT_EQ(global_node_page_state(NR_FILE_PAGES), 10);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 10);
	EXPECT_EQ(fm_pread(f, out, sizeof(out), 0), (ssize_t)sizeof(out));
	EXPECT(!memcmp(in, out, sizeof(in)));
	EXPECT_EQ(machine_check(m), 0);

	/* Written back, dropped, read from the disk again. */
	EXPECT_EQ(vfs_fsync(f, 0), 0);
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 0);
	EXPECT_EQ(drop_caches_sysctl(1), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 0);
	memset(out, 0, sizeof(out));
	EXPECT_EQ(fm_pread(f, out, sizeof(out), 0), (ssize_t)sizeof(out));
	EXPECT(!memcmp(in, out, sizeof(in)));
	EXPECT_EQ(vm_event_state(PGPGIN), 40);		/* 10 pages, in KiB */
	EXPECT_EQ(machine_check(m), 0);

	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	EXPECT_EQ(global_node_page_state(NR_FILE_PAGES), 0);
	EXPECT_EQ(fm_allocated(m), before);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(filemap__holes_partial_pages_and_eof)
{
	struct machine *m = fm_boot(ARCH_X86_64, "128M");
	char buf[8192], z[4096] = { 0 };
	struct file *f;
	long before;

	ASSERT(m);
	before = fm_allocated(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = fm_open("/mnt/h", O_RDWR | O_CREAT);
	ASSERT(f);
	/* A write far out leaves a hole of pages 0..9. */
	EXPECT_EQ(fm_pwrite(f, "end", 3, 10 * 4096 + 100), 3);
	EXPECT_EQ(f->f_inode->i_size, 10 * 4096 + 103);
	EXPECT_EQ(f->f_mapping->nrpages, 1);
	EXPECT_EQ(fm_pread(f, buf, 4096, 4096), 4096);
	EXPECT(!memcmp(buf, z, 4096));
	/* Partial write into a written-back page keeps its other bytes. */
	EXPECT_EQ(vfs_fsync(f, 0), 0);
	EXPECT_EQ(drop_caches_sysctl(1), 0);
	EXPECT_EQ(fm_pwrite(f, "XY", 2, 10 * 4096 + 101), 2);
	EXPECT_EQ(fm_pread(f, buf, 3, 10 * 4096 + 100), 3);
	EXPECT(!memcmp(buf, "eXY", 3));
	/* Reads stop at i_size: short across it, 0 past it. */
	EXPECT_EQ(fm_pread(f, buf, 100, 10 * 4096 + 100), 3);
	EXPECT_EQ(fm_pread(f, buf, 100, 20 * 4096), 0);
	EXPECT_EQ(fm_pread(f, buf, 1, -1), -EINVAL);
	EXPECT_EQ(fm_pwrite(f, buf, 1, -5), -EINVAL);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);

	/* Read-only file: no write; a directory: no read. */
	f = fm_open("/mnt/h", O_RDONLY);
	ASSERT(f);
	EXPECT_EQ(fm_pwrite(f, "x", 1, 0), -EBADF);
	filp_close(f);
	f = fm_open("/mnt", O_RDONLY);
	ASSERT(f);
	EXPECT_EQ(fm_pread(f, buf, 1, 0), -EISDIR);
	filp_close(f);
	{
		int err = 0;

		EXPECT(!filp_open("/mnt", O_RDWR, 0, &err));
		EXPECT_EQ(err, -EISDIR);
		EXPECT(!filp_open("/mnt/missing", O_RDONLY, 0, &err));
		EXPECT_EQ(err, -ENOENT);
		EXPECT(!filp_open("/mnt/h/x", O_RDONLY, 0, &err));
		EXPECT_EQ(err, -ENOTDIR);
		EXPECT(!filp_open("/mnt/h", O_RDWR | O_CREAT | O_EXCL, 0, &err));
		EXPECT_EQ(err, -EEXIST);
	}
	EXPECT_EQ(vfs_unlink_path("/mnt/h"), 0);
	EXPECT_EQ(global_node_page_state(NR_FILE_PAGES), 0);
	EXPECT_EQ(do_umount("/mnt"), 0);
	EXPECT_EQ(fm_allocated(m), before);
	machine_destroy(m);
}

TEST(filemap__pages_are_highmem_and_point_back)
{
	struct machine *m = fm_boot(ARCH_X86_32, "2G");
	static char in[64 * 4096], out[64 * 4096];
	unsigned long index, high = 0;
	struct folio *folio;
	struct file *f;

	ASSERT(m);
	f = fm_open("/tmp/r", O_RDWR | O_CREAT);
	ASSERT(f);
	fill(in, sizeof(in), 11);
	EXPECT_EQ(fm_pwrite(f, in, sizeof(in), 0), (ssize_t)sizeof(in));
	xa_for_each(&f->f_mapping->i_pages, index, folio) {
		EXPECT(folio->page.mapping == f->f_mapping);
		EXPECT_EQ(folio->page.index, index);
		EXPECT(folio_test_unevictable(folio));	/* ramfs */
		EXPECT(folio_test_dirty(folio));	/* noop_dirty_folio */
		high += page_zonenum(&folio->page) == ZONE_HIGHMEM;
	}
	EXPECT_EQ(high, 64);		/* GFP_HIGHUSER_MOVABLE */
	EXPECT_EQ(global_node_page_state(NR_DIRTY), 0);	/* no writeback */
	EXPECT_EQ(global_node_page_state(NR_UNEVICTABLE), 64);
	EXPECT_EQ(fm_pread(f, out, sizeof(out), 0), (ssize_t)sizeof(out));
	EXPECT(!memcmp(in, out, sizeof(in)));
	/* ramfs pages are never dropped. */
	EXPECT_EQ(drop_caches_sysctl(3), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 64);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	machine_destroy(m);
}

int main(void)
{
	RUN(filemap__write_read_back_through_cache_and_disk);
	RUN(filemap__holes_partial_pages_and_eof);
	RUN(filemap__pages_are_highmem_and_point_back);
	return done();
}
