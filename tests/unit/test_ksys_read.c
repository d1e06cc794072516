// SPDX-License-Identifier: GPL-2.0
/*
 * read(2) of a task (ksys_read/ksys_pread64 on an fd): the page cache is copied
 * straight into the task's memory through its MMU (copy_to_user), the
 * buffer's pages are faulted in on the way, the file position advances;
 * a buffer outside any VMA or read-only gives -EFAULT with no signal, a
 * buffer that ends in a hole gives a short read; tmpfs holes read as
 * zeroes; a file not open for reading is -EBADF.
 */
#include <errno.h>

#include <mmsim/fdtable.h>
#include <mmsim/mm.h>
#include <mmsim/sched.h>

#include "filemap_helpers.h"

static void fill(char *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('a' + (seed + i * 7) % 26);
}

static struct task_struct *spawn(void)
{
	struct spawn_opts o = { .text = 0x4000, .data = 0x1000, .bss = 0x2000,
				.norandmaps = true };
	int err;

	return spawn_process("reader", &o, &err);
}

/* Install a reference to @f at the task's lowest free fd. */
static unsigned int install(struct task_struct *t, struct file *f)
{
	int fd = get_unused_fd_flags(t, 0);

	if (fd < 0)
		return ~0u;
	fd_install(t, (unsigned int)fd, get_file(f));
	return (unsigned int)fd;
}

static void read_one(enum mm_arch_id arch, const char *fs)
{
	struct machine *m = fm_boot(arch, "128M");
	static char in[3 * 4096 + 100], out[sizeof(in)];
	struct task_struct *t;
	struct file *f, *wo;
	unsigned int fd, wfd;
	u64 va;

	ASSERT(m);
	EXPECT_EQ(do_mount(fs, "/mnt", fs), 0);
	f = fm_open("/mnt/f", O_RDWR | O_CREAT);
	ASSERT(f);
	fill(in, sizeof(in), 5);
	EXPECT_EQ(fm_pwrite(f, in, sizeof(in), 0), (ssize_t)sizeof(in));
	t = spawn();
	ASSERT(t);
	va = do_mmap(t->mm, 0, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, 0);
	ASSERT(!(va & ~PAGE_MASK));
	fd = install(t, f);
	EXPECT_EQ(fd, 0);

	/* Whole file in two reads, at an unaligned user address. */
	EXPECT_EQ(ksys_read(t, fd, va + 7, 5000), 5000);
	EXPECT_EQ(f->f_pos, 5000);
	EXPECT_EQ(ksys_read(t, fd, va + 7 + 5000, 1 << 20),
		  (ssize_t)sizeof(in) - 5000);
	EXPECT_EQ(ksys_read(t, fd, va, 10), 0);		/* end of file */
	EXPECT_EQ(access_process_vm_user(t, va + 7, out, sizeof(out), false,
					 false), 0);
	EXPECT(!memcmp(in, out, sizeof(in)));
	EXPECT_EQ(t->min_flt >= 4, 1);	/* the buffer's pages faulted in */

	/* pread keeps the position. */
	f->f_pos = 0;
	EXPECT_EQ(ksys_pread64(t, fd, va, 100, 4000), 100);
	EXPECT_EQ(f->f_pos, 0);
	EXPECT_EQ(ksys_pread64(t, fd, va, 100, -1), -EINVAL);

	/* Bad buffers: -EFAULT, no signal, the task lives. */
	EXPECT_EQ(ksys_read(t, fd, 0x10, 100), -EFAULT);
	EXPECT_EQ(ksys_read(t, fd, ~0ULL - 10, 100), -EFAULT);
	EXPECT_EQ(do_mprotect(t->mm, va, PAGE_SIZE, PROT_READ), 0);
	EXPECT_EQ(ksys_pread64(t, fd, va, 100, 0), -EFAULT);
	/* A buffer running into unmapped memory: a short read. */
	EXPECT_EQ(ksys_pread64(t, fd, va + 8 * PAGE_SIZE - 10, 100, 0), 10);
	EXPECT(!t->exit_state);
	EXPECT_EQ(t->nr_sigs, 0);

	/* tmpfs/ramfs: a hole past what was written reads as zeroes. */
	EXPECT_EQ(vfs_truncate(f, 6 * PAGE_SIZE), 0);
	memset(out, 'x', sizeof(out));
	EXPECT_EQ(access_process_vm_user(t, va + PAGE_SIZE, out, PAGE_SIZE,
					 true, false), 0);
	EXPECT_EQ(ksys_pread64(t, fd, va + PAGE_SIZE, PAGE_SIZE,
			       5 * PAGE_SIZE), PAGE_SIZE);
	EXPECT_EQ(access_process_vm_user(t, va + PAGE_SIZE, out, PAGE_SIZE,
					 false, false), 0);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (out[i]) {
			FAIL_AT("%s: hole byte %zu is %d", fs, i, out[i]);
			break;
		}

	wo = fm_open("/mnt/f", O_WRONLY);
	ASSERT(wo);
	wfd = install(t, wo);
	EXPECT_EQ(wfd, 1);
	EXPECT_EQ(ksys_read(t, wfd, va, 10), -EBADF);
	EXPECT_EQ(ksys_read(t, 7, va, 10), -EBADF);	/* not open */
	filp_close(wo);
	filp_close(f);
	EXPECT_EQ(machine_check(m), 0);
	do_exit(t, 0);	/* exit_files() drops the fds' references */
	release_task(t);
	EXPECT_EQ(do_umount("/mnt"), 0);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(ksys_read__ramfs_x86_64) { read_one(ARCH_X86_64, "ramfs"); }
TEST(ksys_read__tmpfs_x86_64) { read_one(ARCH_X86_64, "tmpfs"); }
TEST(ksys_read__memdisk_arm32) { read_one(ARCH_ARM32, "memdisk"); }
TEST(ksys_read__tmpfs_x86_32) { read_one(ARCH_X86_32, "tmpfs"); }

int main(void)
{
	RUN(ksys_read__ramfs_x86_64);
	RUN(ksys_read__tmpfs_x86_64);
	RUN(ksys_read__memdisk_arm32);
	RUN(ksys_read__tmpfs_x86_32);
	return done();
}
