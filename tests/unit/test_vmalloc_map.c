// SPDX-License-Identifier: GPL-2.0
/*
 * What vmalloc does to the page tables and the TLB (mm/vmalloc.c): a
 * guard page after every area; pages from anywhere (HighMem on x86_32);
 * lazy freeing with one batched purge past lazy_max_pages(); a clean
 * failure when the space is exhausted (with --vmalloc moving its start);
 * a new kernel page-directory entry reaching a pgd made before it (the
 * pgd_list sync of 2-level x86_32); and a checker that notices a broken
 * tree or a wrong PTE.
 */
#include "../test.h"

#include <mmsim/gfp.h>
#include <mmsim/mm_struct.h>
#include <mmsim/paging.h>
#include <mmsim/vmalloc.h>

#include "../../mm/vmalloc_internal.h"

static const char *const archs[] = {
	"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32",
};

static struct machine *boot(const char *arch, const char *mem, u64 vmalloc,
			    int cpus)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch) || parse_size(mem, &cfg.mem))
		return NULL;
	cfg.vmalloc = vmalloc;
	if (cpus)
		cfg.cpus = cpus;
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m)
		printf("# boot %s %s failed: %s\n", arch, mem, err);
	else
		machine_enter(m);
	return m;
}

static bool mapped(struct mm_struct *mm, vaddr_t va, unsigned long *pfn)
{
	enum pt_level_idx lvl;
	void *p = pt_lookup(mm, va, &lvl);

	if (!p || lvl != PT_PTE)
		return false;
	if (pfn)
		*pfn = pte_pfn(ptep_get(p));
	return true;
}

TEST(vmalloc__guard_page_follows_every_area)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		struct machine *m = boot(archs[a], "256M", 0, 0);
		vaddr_t x, y;
		unsigned long pfn = 0;

		ASSERT(m);
		x = vmalloc(3 * PAGE_SIZE);
		y = vmalloc(PAGE_SIZE);
		ASSERT(x && y);
		EXPECT_EQ(x, m->layout.vmalloc_start);
		EXPECT(is_vmalloc_addr(x));
		for (int i = 0; i < 3; i++) {
			EXPECT(mapped(&init_mm, x + i * PAGE_SIZE, &pfn));
			EXPECT_EQ(pfn, vmalloc_to_pfn(x + i * PAGE_SIZE));
		}
		EXPECT(!mapped(&init_mm, x + 3 * PAGE_SIZE, NULL));
		EXPECT_EQ(y, x + 4 * PAGE_SIZE);	/* after the guard */
		EXPECT_EQ(find_vm_area(x)->size, 4 * PAGE_SIZE);
		vfree(x);
		vfree(y);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

TEST(vmalloc__pages_scattered_and_in_highmem_on_x86_32)
{
	struct machine *m = boot("x86_32", "2G", 0, 0);
	vaddr_t x;
	struct vm_struct *vm;
	unsigned int high = 0, breaks = 0;
	static struct page *taken[4096];

	ASSERT(m);
	/* A machine that has run a while: every other HighMem page taken. */
	for (int i = 0; i < 4096; i++)
		taken[i] = alloc_page(GFP_HIGHUSER);
	for (int i = 0; i < 4096; i += 2)
		__free_page(taken[i]);
	x = vmalloc(4 << 20);
	ASSERT(x);
	vm = find_vm_area(x);
	ASSERT(vm && vm->nr_pages == 1024);
	for (unsigned int i = 0; i < vm->nr_pages; i++) {
		high += page_zonenum(vm->pages[i]) == ZONE_HIGHMEM;
		breaks += i && page_to_pfn(vm->pages[i]) !=
			       page_to_pfn(vm->pages[i - 1]) + 1;
	}
	EXPECT(high > 0);
	EXPECT(breaks > 0);
	EXPECT_EQ(vmalloc_nr_pages(), 1024);
	vfree(x);
	EXPECT_EQ(vmalloc_nr_pages(), 0);
	for (int i = 1; i < 4096; i += 2)
		__free_page(taken[i]);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

struct counts {
	int purges, frees, flushes;
	u64 last_purged;
};

static void count_sink(struct machine *m, const char *event,
		       const struct trace_field *f, int nr, void *ctx)
{
	struct counts *c = ctx;

	(void)m;
	if (!strcmp(event, "purge_vmap_area_lazy")) {
		c->purges++;
		c->last_purged = f[2].u;
	} else if (!strcmp(event, "free_vmap_area_noflush")) {
		c->frees++;
	} else if (!strcmp(event, "tlb_flush")) {
		c->flushes++;
	}
	(void)nr;
}

TEST(vmalloc__lazy_free_batches_the_tlb_flush)
{
	struct machine *m = boot("x86_64", "1G", 0, 1);
	struct counts c = { 0 };
	unsigned long max;
	int n = 0;

	ASSERT(m);
	max = lazy_max_pages();
	EXPECT_EQ(max, 32UL << 20 >> PAGE_SHIFT);	/* fls(1) = 1 */
	ASSERT(!trace_attach(m, count_sink, &c));
	/* 1 MiB + guard each: 257 pages; the purge comes past max. */
	while (c.purges == 0 && n < 100) {
		vaddr_t x = vmalloc(1 << 20);

		ASSERT(x);
		vfree(x);
		n++;
		if (c.purges == 0) {
			EXPECT_EQ(c.flushes, 0);	/* nothing flushed yet */
			EXPECT(!mapped(&init_mm, x, NULL));	/* but unmapped */
		}
	}
	EXPECT_EQ(c.purges, 1);
	EXPECT_EQ(n, (int)(max / 257) + 1);
	EXPECT_EQ(c.last_purged, (u64)n);
	EXPECT_EQ(c.frees, n);
	EXPECT(c.flushes >= 1);
	EXPECT_EQ(m->vmalloc->lazy_nr, 0);
	trace_detach(m, count_sink, &c);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);

	/* fls(4) = 3: three times the batch on four CPUs. */
	m = boot("x86_64", "1G", 0, 4);
	ASSERT(m);
	EXPECT_EQ(lazy_max_pages(), 3 * (32UL << 20 >> PAGE_SHIFT));
	machine_destroy(m);
}

TEST(vmalloc__exhaustion_fails_cleanly_and_vmalloc_option_moves_start)
{
	struct machine *m = boot("x86_32", "2G", 32 << 20, 0);
	struct machine *d = boot("x86_32", "2G", 0, 0);
	vaddr_t got[64];
	int n = 0;
	unsigned long free_before;

	ASSERT(m && d);
	/* vmalloc=32M: VMALLOC_START moves up, VMALLOC_END stays. */
	EXPECT(m->layout.vmalloc_start > d->layout.vmalloc_start);
	EXPECT_EQ(m->layout.vmalloc_end, d->layout.vmalloc_end);
	machine_destroy(d);
	machine_enter(m);
	free_before = m->totalram_pages;
	while (n < 64 && (got[n] = vmalloc(4 << 20)))
		n++;
	EXPECT(n > 0 && n < 64);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "vmap allocation for size 4198400 failed: use vmalloc=<size> to increase size"));
	EXPECT(strstr(sb_str(&m->dmesg),
		      "vmalloc error: size 4194304, vm_struct allocation failed"));
	EXPECT_EQ(machine_check(m), 0);
	for (int i = 0; i < n; i++)
		vfree(got[i]);
	vm_unmap_aliases();
	EXPECT_EQ(vmalloc_nr_pages(), 0);
	EXPECT_EQ(m->totalram_pages, free_before);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(vmalloc__new_kernel_pde_reaches_an_older_pgd)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		struct machine *m = boot(archs[a], "512M", 0, 0);
		struct mm_struct *other;
		vaddr_t x;
		unsigned long p1 = 0, p2 = 1;

		ASSERT(m);
		other = mm_alloc();	/* pgd_alloc: a copy of the kernel half now */
		ASSERT(other);
		/* 8 MiB crosses at least one page-directory entry never used. */
		x = vmalloc(8 << 20);
		ASSERT(x);
		for (vaddr_t va = x; va < x + (8 << 20); va += SZ_1M) {
			EXPECT(mapped(&init_mm, va, &p1));
			EXPECT(mapped(other, va, &p2));
			EXPECT_EQ(p1, p2);
		}
		vfree(x);
		mmdrop(other);
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

TEST(vmalloc__checker_sees_a_wrong_max_and_a_stolen_pte)
{
	struct machine *m = boot("x86_64", "256M", 0, 0);
	struct vmap_area *va;
	vaddr_t x;
	enum pt_level_idx lvl;
	pte_t *pte;
	u64 saved;

	ASSERT(m);
	x = vmalloc(2 * PAGE_SIZE);
	ASSERT(x && !machine_check(m));
	va = list_first_entry(&m->vmalloc->free_list, struct vmap_area, list);
	va->subtree_max_size += PAGE_SIZE;
	EXPECT(machine_check(m));
	EXPECT(strstr(sb_str(&m->check_report), "subtree_max_size"));
	va->subtree_max_size -= PAGE_SIZE;
	EXPECT_EQ(machine_check(m), 0);
	pte = pt_lookup(&init_mm, x + PAGE_SIZE, &lvl);
	ASSERT(pte);
	saved = pte_val(ptep_get(pte));
	pte_clear(&init_mm, x + PAGE_SIZE, pte);
	EXPECT(machine_check(m));
	EXPECT(strstr(sb_str(&m->check_report), "its vm_struct says"));
	set_pte_at(&init_mm, x + PAGE_SIZE, pte, __pte(saved));
	EXPECT_EQ(machine_check(m), 0);
	vfree(x);
	machine_destroy(m);
}

TEST(vmalloc__ioremap_refuses_ram_and_maps_a_hole)
{
	for (size_t a = 0; a < ARRAY_SIZE(archs); a++) {
		struct machine *m = boot(archs[a], "256M", 0, 0);
		struct page *page;
		phys_addr_t ram;
		vaddr_t io, x;
		char why[96];
		unsigned long pfn = 0;

		ASSERT(m);
		page = alloc_page(GFP_KERNEL);
		ASSERT(page);
		ram = PFN_PHYS(page_to_pfn(page));
		EXPECT_EQ(ioremap_checked(ram, 100, "t", &io, why, sizeof(why)),
			  -EINVAL);
		EXPECT(strstr(why, "ioremap on RAM"));
		EXPECT(strstr(sb_str(&m->dmesg), "ioremap on RAM at 0x"));
		__free_page(page);
		io = ioremap(0xf0000000ULL + 0x10, 0x2000 - 0x10);
		ASSERT(io);
		EXPECT_EQ(io & (PAGE_SIZE - 1), 0x10);
		x = io & PAGE_MASK;
		EXPECT(mapped(&init_mm, x, &pfn));
		EXPECT_EQ(pfn, 0xf0000);
		EXPECT(mapped(&init_mm, x + PAGE_SIZE, &pfn));
		EXPECT(!mapped(&init_mm, x + 2 * PAGE_SIZE, NULL));
		EXPECT_EQ(find_vm_area(x)->phys_addr, 0xf0000000ULL);
		EXPECT_EQ(machine_check(m), 0);
		EXPECT_EQ(iounmap_checked(x + 2 * PAGE_SIZE, why, sizeof(why)),
			  -EINVAL);
		iounmap(io);
		EXPECT(!mapped(&init_mm, x, NULL));
		EXPECT_EQ(machine_check(m), 0);
		machine_destroy(m);
	}
}

int main(void)
{
	RUN(vmalloc__guard_page_follows_every_area);
	RUN(vmalloc__pages_scattered_and_in_highmem_on_x86_32);
	RUN(vmalloc__lazy_free_batches_the_tlb_flush);
	RUN(vmalloc__exhaustion_fails_cleanly_and_vmalloc_option_moves_start);
	RUN(vmalloc__new_kernel_pde_reaches_an_older_pgd);
	RUN(vmalloc__checker_sees_a_wrong_max_and_a_stolen_pte);
	RUN(vmalloc__ioremap_refuses_ram_and_maps_a_hole);
	return done();
}
