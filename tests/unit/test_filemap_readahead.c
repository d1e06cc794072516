// SPDX-License-Identifier: GPL-2.0
/*
 * Readahead (A2) as Linux's ondemand_readahead(): the window sizes of
 * get_init_ra_size()/get_next_ra_size() for ra_pages 32, the window
 * sequence 4, 8, 16, 32 of one-page sequential reads with its
 * PG_readahead markers, a random read that reads only itself,
 * FADV_RANDOM turning readahead off and FADV_WILLNEED reading a range.
 */
#include <errno.h>

#include "filemap_helpers.h"

TEST(readahead__window_sizes)
{
	struct file_ra_state ra = { 0 };

	EXPECT_EQ(get_init_ra_size(1, 32), 4);
	EXPECT_EQ(get_init_ra_size(2, 32), 4);	/* 2 > 32/32: doubled */
	EXPECT_EQ(get_init_ra_size(3, 32), 8);
	EXPECT_EQ(get_init_ra_size(8, 32), 16);
	EXPECT_EQ(get_init_ra_size(9, 32), 32);
	EXPECT_EQ(get_init_ra_size(100, 32), 32);
	ra.size = 1;
	EXPECT_EQ(get_next_ra_size(&ra, 32), 4);	/* < max/16: x4 */
	ra.size = 4;
	EXPECT_EQ(get_next_ra_size(&ra, 32), 8);
	ra.size = 16;
	EXPECT_EQ(get_next_ra_size(&ra, 32), 32);
	ra.size = 32;
	EXPECT_EQ(get_next_ra_size(&ra, 32), 32);
}

/* A memdisk file of @pages pages, written back and dropped from the cache. */
static struct file *cold_file(const char *path, unsigned long pages)
{
	static char page[4096];
	struct file *f = fm_open(path, O_RDWR | O_CREAT);

	if (!f)
		return NULL;
	for (unsigned long i = 0; i < pages; i++) {
		memset(page, (int)('A' + i % 26), sizeof(page));
		fm_pwrite(f, page, sizeof(page), (loff_t)(i * 4096));
	}
	vfs_fsync(f, 0);
	drop_caches_sysctl(1);
	return f;
}

TEST(readahead__sequential_windows_4_8_16_32)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	struct fm_ra_log log = { 0 };
	static const unsigned long start[] = { 0, 4, 12, 28, 60 };
	static const unsigned long size[] = { 4, 8, 16, 32, 32 };
	char buf[4096];
	struct file *f;
	struct folio *folio;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = cold_file("/mnt/seq", 128);
	ASSERT(f);
	EXPECT_EQ(f->f_mapping->nrpages, 0);
	trace_attach(m, fm_ra_sink, &log);
	/* The first read: window [0, 4), marker on page 1. */
	EXPECT_EQ(fm_pread(f, buf, 4096, 0), 4096);
	EXPECT_EQ(f->f_mapping->nrpages, 4);
	folio = xa_load(&f->f_mapping->i_pages, 1);
	ASSERT(folio);
	EXPECT(folio_test_readahead(folio));
	for (int i = 1; i < 80; i++)
		EXPECT_EQ(fm_pread(f, buf, 4096, (loff_t)i * 4096), 4096);
	trace_detach(m, fm_ra_sink, &log);
	ASSERT(log.n >= 5);
	for (int i = 0; i < 5; i++) {
		EXPECT_EQ(log.start[i], start[i]);
		EXPECT_EQ(log.size[i], size[i]);
		EXPECT_STR(log.why[i], i ? "sequential" : "initial");
	}
	EXPECT_EQ(log.index[1], 1);		/* the marker pages */
	EXPECT_EQ(log.index[2], 4);
	EXPECT_EQ(log.index[3], 12);
	/* Page 60 was the last marker read: the window [92, 124) is in. */
	EXPECT_EQ(f->f_mapping->nrpages, 124);
	EXPECT_EQ(buf[0], 'A' + 79 % 26);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

TEST(readahead__random_read_reads_itself_and_fadvise)
{
	struct machine *m = fm_boot(ARCH_X86_64, "256M");
	struct fm_ra_log log = { 0 };
	char buf[4096];
	struct file *f;

	ASSERT(m);
	EXPECT_EQ(do_mount("memdisk", "/mnt", "memdisk"), 0);
	f = cold_file("/mnt/rnd", 256);
	ASSERT(f);
	trace_attach(m, fm_ra_sink, &log);
	EXPECT_EQ(fm_pread(f, buf, 4096, 100 * 4096), 4096);
	EXPECT_EQ(f->f_mapping->nrpages, 1);
	EXPECT_STR(log.why[0], "random");
	EXPECT_EQ(fm_pread(f, buf, 4096, 50 * 4096), 4096);
	EXPECT_EQ(f->f_mapping->nrpages, 2);
	/* FADV_RANDOM: a read at 0 reads one page only. */
	EXPECT_EQ(vfs_fadvise(f, 0, 0, POSIX_FADV_RANDOM), 0);
	EXPECT_EQ(fm_pread(f, buf, 4096, 0), 4096);
	EXPECT_EQ(f->f_mapping->nrpages, 3);
	/* WILLNEED reads the whole range now. */
	EXPECT_EQ(vfs_fadvise(f, 200 * 4096, 10 * 4096, POSIX_FADV_WILLNEED), 0);
	EXPECT_EQ(f->f_mapping->nrpages, 13);
	EXPECT_EQ(vfs_fadvise(f, 0, 0, 99), -EINVAL);
	EXPECT_EQ(vfs_fadvise(f, -1, 0, POSIX_FADV_WILLNEED), -EINVAL);
	trace_detach(m, fm_ra_sink, &log);
	EXPECT_EQ(machine_check(m), 0);
	filp_close(f);
	EXPECT_EQ(do_umount("/mnt"), 0);
	machine_destroy(m);
}

int main(void)
{
	RUN(readahead__window_sizes);
	RUN(readahead__sequential_windows_4_8_16_32);
	RUN(readahead__random_read_reads_itself_and_fadvise);
	return done();
}
