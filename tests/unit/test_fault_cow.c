// SPDX-License-Identifier: GPL-2.0
/*
 * Demand paging and copy-on-write through the C API, on x86_64, PAE and
 * ARM: every access goes through access_process_vm_user(), i.e. the
 * simulated MMU, the fault handler and the retry, as a user program's
 * loads and stores would.
 *
 * What is proved: a child's write never shows in its parent; after both
 * wrote there are two frames and the parent kept the original one (the
 * last sharer reuses, wp_page_reuse); once a sharer exits, the survivor's
 * next write reuses the frame in place (same pfn, no new anonymous page);
 * two processes writing one virtual address each see their own bytes; a
 * read maps the shared zero page and the first write replaces it by a
 * fresh zeroed frame; the stack grows down to an access within
 * RLIMIT_STACK and no further; each kind of bad access gets its SIGSEGV
 * code. Each test ends with every task exited and the free page count
 * back to its start value.
 */
#include <mmsim/pgtable.h>

#include "proc_helpers.h"

static const char *const archs[] = { "x86_64", "x86_32_pae", "arm32" };

#define P	PAGE_SIZE
#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define FIXED_VA 0x50000000ULL	/* free on every architecture */

static unsigned long anon_pages(void)
{
	return global_node_page_state(NR_ANON_PAGES);
}

/* Reap every task, then: the checker is happy and no page leaked. */
static void finish(struct machine *m, struct task_struct **tasks, int n,
		   unsigned long before, const char *arch)
{
	for (int i = 0; i < n; i++) {
		if (!tasks[i])
			continue;
		do_exit(tasks[i], 0);
		release_task(tasks[i]);
	}
	if (machine_check(m))
		printf("# %s: %s", arch, sb_str(&m->check_report));
	EXPECT_EQ(machine_check(m), 0);
	EXPECT_EQ(anon_pages(), 0);
	EXPECT_EQ(free_pages_now(), before);
	machine_destroy(m);
}

/* The PTE mapping @addr in @t, or an empty one. */
static pte_t pte_of(struct task_struct *t, u64 addr)
{
	enum pt_level_idx level;
	void *p = pt_lookup(t->mm, addr, &level);

	return p && level == PT_PTE ? ptep_get(p) : __pte(0);
}

static unsigned long pfn_of(struct task_struct *t, u64 addr)
{
	pte_t pte = pte_of(t, addr);

	return pte_present(pte) ? pte_pfn(pte) : 0;
}

static int put(struct task_struct *t, u64 addr, const char *s)
{
	return access_process_vm_user(t, addr, (void *)s, strlen(s) + 1, true,
				      false);
}

/* Read a string of at most 31 bytes; "" after a failed access. */
static const char *get(struct task_struct *t, u64 addr)
{
	static char buf[2][32];
	static int k;
	char *b = buf[k++ & 1];

	memset(b, 0, 32);
	if (access_process_vm_user(t, addr, b, 31, false, false))
		b[0] = 0;
	return b;
}

TEST(fork_cow__child_write_never_shows_in_parent)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		unsigned long before, pfn;
		struct machine *m = proc_machine(archs[a], "128M", &before);
		struct task_struct *t[2] = { 0 };
		struct page *page;
		u64 va;
		int err;

		ASSERT(m);
		t[0] = spawn("parent");
		ASSERT(t[0]);
		va = do_mmap(t[0]->mm, 0, 4 * P, RW, ANON, 0);
		ASSERT(!(va & ~PAGE_MASK));
		for (int i = 0; i < 4; i++)
			EXPECT_EQ(put(t[0], va + (u64)i * P, "parent"), 0);
		pfn = pfn_of(t[0], va);
		ASSERT(pfn);
		t[1] = do_fork(t[0], &err);
		ASSERT(t[1]);
		/* Shared, write-protected in both, counted twice. */
		page = pfn_to_page(pfn);
		EXPECT_EQ(pfn_of(t[1], va), pfn);
		EXPECT(!pte_write(pte_of(t[0], va)));
		EXPECT(!pte_write(pte_of(t[1], va)));
		EXPECT_EQ(page_mapcount(page), 2);
		EXPECT_EQ(page_ref_count(page), 2);
		EXPECT_EQ(put(t[1], va, "child"), 0);
		EXPECT_STR(get(t[0], va), "parent");
		EXPECT_STR(get(t[1], va), "child");
		EXPECT(pfn_of(t[1], va) != pfn);
		EXPECT_EQ(pfn_of(t[0], va), pfn);
		EXPECT_EQ(page_mapcount(page), 1);
		EXPECT_EQ(page_ref_count(page), 1);
		/* The other pages are still shared. */
		EXPECT_EQ(pfn_of(t[1], va + P), pfn_of(t[0], va + P));
		EXPECT_STR(get(t[1], va + 3 * P), "parent");
		finish(m, t, 2, before, archs[a]);
	}
}

TEST(fork_cow__after_both_write_two_frames_and_parent_keeps_its_own)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		unsigned long before, pfn, anon0;
		struct machine *m = proc_machine(archs[a], "128M", &before);
		struct task_struct *t[2] = { 0 };
		u64 va;
		int err;

		ASSERT(m);
		t[0] = spawn("parent");
		ASSERT(t[0]);
		va = do_mmap(t[0]->mm, 0, P, RW, ANON, 0);
		ASSERT(!(va & ~PAGE_MASK));
		EXPECT_EQ(put(t[0], va, "original"), 0);
		pfn = pfn_of(t[0], va);
		t[1] = do_fork(t[0], &err);
		ASSERT(t[1]);
		anon0 = anon_pages();
		EXPECT_EQ(put(t[1], va, "child"), 0);	/* copies */
		EXPECT_EQ(anon_pages(), anon0 + 1);
		EXPECT_EQ(put(t[0], va, "parent"), 0);	/* reuses */
		EXPECT_EQ(anon_pages(), anon0 + 1);
		EXPECT_EQ(pfn_of(t[0], va), pfn);
		EXPECT(pfn_of(t[1], va) != pfn);
		EXPECT(pte_write(pte_of(t[0], va)));
		EXPECT(pte_write(pte_of(t[1], va)));
		EXPECT_STR(get(t[0], va), "parent");
		EXPECT_STR(get(t[1], va), "child");
		EXPECT_EQ(page_ref_count(pfn_to_page(pfn)), 1);
		EXPECT_EQ(page_ref_count(pfn_to_page(pfn_of(t[1], va))), 1);
		finish(m, t, 2, before, archs[a]);
	}
}

TEST(fork_cow__survivor_reuses_frame_without_copy_after_sharer_exits)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		for (int who = 0; who < 2; who++) {	/* 0: child exits */
			unsigned long before, pfn, anon0, flt;
			struct machine *m = proc_machine(archs[a], "128M",
							 &before);
			struct task_struct *t[2] = { 0 }, *s;
			struct page *page;
			u64 va;
			int err;

			ASSERT(m);
			t[0] = spawn("parent");
			ASSERT(t[0]);
			va = do_mmap(t[0]->mm, 0, P, RW, ANON, 0);
			ASSERT(!(va & ~PAGE_MASK));
			EXPECT_EQ(put(t[0], va, "before"), 0);
			pfn = pfn_of(t[0], va);
			page = pfn_to_page(pfn);
			t[1] = do_fork(t[0], &err);
			ASSERT(t[1]);
			EXPECT_EQ(page_ref_count(page), 2);
			do_exit(t[1 - who], 0);
			EXPECT_EQ(page_ref_count(page), 1);
			EXPECT_EQ(page_mapcount(page), 1);
			s = t[who];
			anon0 = anon_pages();
			flt = s->min_flt;
			EXPECT(!pte_write(pte_of(s, va)));
			EXPECT_EQ(put(s, va, "after"), 0);
			EXPECT_EQ(s->min_flt, flt + 1);	/* one wp fault */
			EXPECT_EQ(pfn_of(s, va), pfn);
			EXPECT(pte_write(pte_of(s, va)));
			EXPECT_EQ(anon_pages(), anon0);
			EXPECT_EQ(page_ref_count(page), 1);
			EXPECT_STR(get(s, va), "after");
			release_task(t[1 - who]);
			t[1 - who] = NULL;
			finish(m, t, 2, before, archs[a]);
		}
	}
}

TEST(fault__two_processes_one_address_each_sees_its_own_bytes)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		unsigned long before;
		struct machine *m = proc_machine(archs[a], "128M", &before);
		struct task_struct *t[4] = { 0 };
		char name[2][16];
		int err;

		ASSERT(m);
		/* Two spawned processes, then a forked pair. */
		t[0] = spawn("a");
		t[1] = spawn("b");
		ASSERT(t[0] && t[1]);
		for (int i = 0; i < 2; i++)
			EXPECT_EQ(do_mmap(t[i]->mm, FIXED_VA, 2 * P, RW,
					  ANON | MAP_FIXED, 0), FIXED_VA);
		t[2] = do_fork(t[0], &err);
		ASSERT(t[2]);
		t[3] = do_fork(t[2], &err);
		ASSERT(t[3]);
		for (int i = 0; i < 4; i++) {
			snprintf(name[0], sizeof(name[0]), "task %d", i);
			EXPECT_EQ(put(t[i], FIXED_VA + P - 3, name[0]), 0);
		}
		for (int i = 0; i < 4; i++) {
			snprintf(name[1], sizeof(name[1]), "task %d", i);
			EXPECT_STR(get(t[i], FIXED_VA + P - 3), name[1]);
			for (int j = 0; j < i; j++)
				EXPECT(pfn_of(t[i], FIXED_VA) !=
				       pfn_of(t[j], FIXED_VA));
		}
		finish(m, t, 4, before, archs[a]);
	}
}

TEST(fault__zero_page_read_then_write_gets_fresh_zeroed_frame)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		unsigned long before, anon0, pfn;
		struct machine *m = proc_machine(archs[a], "128M", &before);
		struct task_struct *t[1] = { 0 };
		static u8 buf[PAGE_SIZE], zero[PAGE_SIZE];
		u64 va;

		ASSERT(m);
		t[0] = spawn("zero");
		ASSERT(t[0]);
		va = do_mmap(t[0]->mm, 0, 2 * P, RW, ANON, 0);
		ASSERT(!(va & ~PAGE_MASK));
		anon0 = anon_pages();
		memset(buf, 0xaa, sizeof(buf));
		EXPECT_EQ(access_process_vm_user(t[0], va, buf, P, false,
						 false), 0);
		EXPECT(!memcmp(buf, zero, P));
		EXPECT_EQ(pfn_of(t[0], va), zero_pfn());
		EXPECT(!pte_write(pte_of(t[0], va)));
		EXPECT_EQ(anon_pages(), anon0);
		EXPECT_EQ(t[0]->mm->rss_stat[MM_ANONPAGES], 0);
		/* The write: its own frame, zeroed but for the bytes. */
		EXPECT_EQ(put(t[0], va + 100, "x"), 0);
		pfn = pfn_of(t[0], va);
		EXPECT(pfn && pfn != zero_pfn());
		EXPECT(pte_write(pte_of(t[0], va)));
		EXPECT_EQ(anon_pages(), anon0 + 1);
		EXPECT_EQ(t[0]->mm->rss_stat[MM_ANONPAGES], 1);
		EXPECT_EQ(access_process_vm_user(t[0], va, buf, P, false,
						 false), 0);
		EXPECT_EQ(buf[100], 'x');
		buf[100] = 0;
		EXPECT(!memcmp(buf, zero, P));
		/* The zero page itself stayed zero. */
		EXPECT(!memcmp(ram_ptr(&m->ram, (phys_addr_t)zero_pfn() <<
				       PAGE_SHIFT), zero, P));
		/* A write first, with no read before: no zero page at all. */
		EXPECT_EQ(put(t[0], va + P, "y"), 0);
		EXPECT(pfn_of(t[0], va + P) != zero_pfn());
		finish(m, t, 1, before, archs[a]);
	}
}

static struct vm_area_struct *stack_vma(struct mm_struct *mm)
{
	struct vm_area_struct *v;

	for_each_vma(mm, v)
		if (v->vm_flags & VM_GROWSDOWN)
			return v;
	return NULL;
}

TEST(fault__stack_grows_down_within_rlimit_and_no_further)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		unsigned long before;
		struct machine *m = proc_machine(archs[a], "128M", &before);
		struct task_struct *t[1] = { 0 };
		struct vm_area_struct *st;
		u64 end, start0, below;
		int n0;

		ASSERT(m);
		t[0] = spawn("stack");
		ASSERT(t[0]);
		st = stack_vma(t[0]->mm);
		ASSERT(st);
		start0 = st->vm_start;
		end = st->vm_end;
		n0 = t[0]->mm->map_count;
		/* 5 pages below the stack: it grows, no new VMA. */
		below = start0 - 5 * P + 8;
		EXPECT_EQ(put(t[0], below, "deep"), 0);
		EXPECT_EQ(st->vm_start, start0 - 5 * P);
		EXPECT_EQ(t[0]->mm->map_count, n0);
		EXPECT_STR(get(t[0], below), "deep");
		EXPECT(!t[0]->nr_sigs);
		/* Past RLIMIT_STACK (8 MiB): SIGSEGV, the VMA unchanged. */
		below = end - t[0]->rlim[RLIMIT_STACK].rlim_cur - P;
		EXPECT(put(t[0], below, "x") != 0);
		ASSERT(t[0]->nr_sigs == 1);
		EXPECT_EQ(t[0]->sigs[0].si_signo, SIGSEGV);
		EXPECT_EQ(t[0]->sigs[0].si_code, SEGV_MAPERR);
		EXPECT_EQ(t[0]->sigs[0].si_addr, below);
		EXPECT(t[0]->exit_state);
		finish(m, t, 1, before, archs[a]);
	}
}

/* One bad access of a fresh process: the signal it got. */
struct bad_access {
	const char *what;
	int code;
	bool write, exec;
};

TEST(fault__each_bad_access_gets_its_sigsegv_code)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		unsigned long before;
		struct machine *m = proc_machine(archs[a], "128M", &before);
		struct task_struct *t[6] = { 0 };
		u64 ro, none, rw, kern = m->layout.page_offset;
		int n = 0;

		ASSERT(m);
		/* Each case kills its task, so each gets a fresh one. */
		for (int k = 0; k < 6; k++) {
			struct task_struct *p = t[n++] = spawn("bad");
			u64 addr = 0;
			int code = SEGV_MAPERR, ret = 0;
			bool write = false, exec = false;

			ASSERT(p);
			ro = do_mmap(p->mm, FIXED_VA, P, PROT_READ,
				     ANON | MAP_FIXED, 0);
			none = do_mmap(p->mm, FIXED_VA + 2 * P, P, PROT_NONE,
				       ANON | MAP_FIXED, 0);
			rw = do_mmap(p->mm, FIXED_VA + 4 * P, P, RW,
				     ANON | MAP_FIXED, 0);
			ASSERT(ro == FIXED_VA && none == FIXED_VA + 2 * P &&
			       rw == FIXED_VA + 4 * P);
			switch (k) {
			case 0:		/* the hole between two VMAs */
				addr = FIXED_VA + P + 16;
				break;
			case 1:		/* a store to read-only memory */
				addr = ro + 8;
				write = true;
				code = SEGV_ACCERR;
				break;
			case 2:		/* a load from PROT_NONE */
				addr = none;
				code = SEGV_ACCERR;
				break;
			case 3:		/* a fetch from non-exec memory */
				addr = rw;
				exec = true;
				code = SEGV_ACCERR;
				break;
			case 4:		/* the direct map, a kernel address */
				addr = kern + P;
				break;
			case 5:		/* page 0 */
				addr = 0;
				write = true;
				break;
			}
			ret = access_process_vm_user(p, addr, exec ? NULL : &ret,
						     1, write, exec);
			EXPECT_EQ(ret, -EFAULT);
			if (p->nr_sigs != 1) {
				FAIL_AT("%s case %d: %d signals", archs[a], k,
					p->nr_sigs);
				continue;
			}
			EXPECT_EQ(p->sigs[0].si_signo, SIGSEGV);
			if (p->sigs[0].si_code != code || p->sigs[0].si_addr != addr)
				FAIL_AT("%s case %d: code %d addr 0x%llx, want %d 0x%llx",
					archs[a], k, p->sigs[0].si_code,
					(unsigned long long)p->sigs[0].si_addr,
					code, (unsigned long long)addr);
			EXPECT(p->exit_state);
			EXPECT_EQ(p->exit_code, SIGSEGV);
		}
		finish(m, t, n, before, archs[a]);
	}
}

/* x86-64 only: a non-canonical address is a #GP, SI_KERNEL at 0. */
TEST(fault__noncanonical_address_is_si_kernel_at_zero)
{
	unsigned long before;
	struct machine *m = proc_machine("x86_64", "128M", &before);
	struct task_struct *t[1] = { 0 };
	char c = 0;

	ASSERT(m);
	t[0] = spawn("gp");
	ASSERT(t[0]);
	EXPECT_EQ(access_process_vm_user(t[0], 0x0000900000000000ULL, &c, 1,
					 false, false), -EFAULT);
	ASSERT(t[0]->nr_sigs == 1);
	EXPECT_EQ(t[0]->sigs[0].si_signo, SIGSEGV);
	EXPECT_EQ(t[0]->sigs[0].si_code, SI_KERNEL);
	EXPECT_EQ(t[0]->sigs[0].si_addr, 0);
	finish(m, t, 1, before, "x86_64");
}

int main(void)
{
	RUN(fork_cow__child_write_never_shows_in_parent);
	RUN(fork_cow__after_both_write_two_frames_and_parent_keeps_its_own);
	RUN(fork_cow__survivor_reuses_frame_without_copy_after_sharer_exits);
	RUN(fault__two_processes_one_address_each_sees_its_own_bytes);
	RUN(fault__zero_page_read_then_write_gets_fresh_zeroed_frame);
	RUN(fault__stack_grows_down_within_rlimit_and_no_further);
	RUN(fault__each_bad_access_gets_its_sigsegv_code);
	RUN(fault__noncanonical_address_is_si_kernel_at_zero);
	return done();
}
