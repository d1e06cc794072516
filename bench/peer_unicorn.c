// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's softmmu TLB measured through Unicorn (the peer column of
 * bench_mmu). Unicorn 2 is QEMU's TCG with its softmmu: every guest load
 * is compiled into an inline lookup of the CPUTLB (a direct-mapped table
 * indexed by virtual page, 256 entries unless resized at a flush, plus an
 * 8-entry victim TLB); a miss calls out to the x86 page walk (reading
 * the PML4E, PDPTE, PDE and PTE from guest RAM) and
 * tlb_set_page_with_attrs() fills the entry.
 *
 * The guest: x86_64 long mode with 4-level page tables built here. The
 * region under test is like bench_mmu's miss test: 64 Ki 4 KiB pages
 * (256 MiB of virtual space at the vmalloc base, 128 page tables, 512 KiB
 * of PTEs). A and D are preset so the walk never writes back. The data
 * behind the pages is host memory that reads as the huge zero page (see
 * data_alloc()), so the host's caches and TLB hold it all and what differs
 * between the runs is the softmmu TLB; the native control below measures
 * what is left of the host's share.
 *
 * The loop walks a table of addresses in guest memory, drawn before
 * timing, and loads from each:
 *
 *	1: mov rax, [rsi]	; next address from the table
 *	   mov rdx, [rax]	; the load under test
 *	   add rsi, 8
 *	   dec rcx
 *	   jnz 1b
 *	   hlt
 *
 * Three versions of the same run, interleaved: "base" (the loop without
 * the load under test), "hot" (addresses from 8 pages: every load hits)
 * and "miss" (addresses from all 64 Ki pages: at least 99.6 % miss, since
 * the TLB holds at most 256 + 8 of them). hit = hot - base; refill =
 * miss - hot: everything else (TCG block chaining, the table load, the
 * loop) is the same in both and cancels. A sweep of the working set
 * shows where the TLB stops holding it (the sanity check that misses
 * happen). Each figure is the median of several runs; the code is
 * translated by a warm-up run before any timing.
 */
#define _GNU_SOURCE	/* MAP_ANONYMOUS, madvise() */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/mman.h>
#include <unicorn/unicorn.h>

#include "peer_unicorn.h"

#define RUNS		7
#define SWEEP_RUNS	3
#define NLOADS		(1L << 20)		/* per run: an 8 MiB table */
#define NPAGES		(64UL * 1024)		/* the miss set: 256 MiB */

/* Guest physical layout (identity-mapped below 64 MiB with 2 MiB pages). */
#define RAM_SIZE	(64UL << 20)
#define CODE_PA		0x1000UL	/* loop with the load */
#define BASE_PA		0x2000UL	/* loop without it */
#define PML4_PA		0x10000UL
#define PDPT_LO_PA	0x11000UL
#define PD_LO_PA	0x12000UL
#define PDPT_HI_PA	0x13000UL
#define PD_HI_PA	0x14000UL
#define DATA_PA		0x100000000ULL	/* the region's frames, 256 MiB */
#define PT_PA		0x400000UL	/* 128 page tables */
#define TABLE_PA	0x1000000UL	/* NLOADS addresses */

#define VBASE		0xffffc90000000000ULL	/* as bench_mmu's miss test */
#define MARK_PAGE	5
#define MARK		0xf00d5eedULL

static uint8_t *data_base;	/* the mapping behind the data, to unmap */
static volatile uint64_t native_sink;	/* keeps the native loads */

#define PTE_P	0x1ULL
#define PTE_RW	0x2ULL
#define PTE_A	0x20ULL
#define PTE_D	0x40ULL
#define PTE_PS	0x80ULL

static uint64_t uc_rng = 0x9e3779b97f4a7c15ULL;

static uint64_t uc_xorshift(void)
{
	uc_rng ^= uc_rng << 13;
	uc_rng ^= uc_rng >> 7;
	uc_rng ^= uc_rng << 17;
	return uc_rng;
}

static double uc_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int uc_cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double uc_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), uc_cmp_d);
	return v[n / 2];
}

static void put64(uint8_t *ram, uint64_t pa, uint64_t v)
{
	memcpy(ram + pa, &v, sizeof(v));
}

/* Page tables: low 64 MiB identity-mapped (2 MiB pages), NPAGES at VBASE. */
static void build_tables(uint8_t *ram)
{
	const uint64_t up = PTE_P | PTE_RW | PTE_A;

	put64(ram, PML4_PA + 8 * 0, PDPT_LO_PA | up);
	put64(ram, PDPT_LO_PA, PD_LO_PA | up);
	for (uint64_t i = 0; i < RAM_SIZE >> 21; i++)
		put64(ram, PD_LO_PA + 8 * i, (i << 21) | up | PTE_D | PTE_PS);

	put64(ram, PML4_PA + 8 * ((VBASE >> 39) & 511), PDPT_HI_PA | up);
	put64(ram, PDPT_HI_PA + 8 * ((VBASE >> 30) & 511), PD_HI_PA | up);
	for (uint64_t t = 0; t < NPAGES / 512; t++)
		put64(ram, PD_HI_PA + 8 * (((VBASE >> 21) & 511) + t),
		      (PT_PA + t * 4096) | up);
	for (uint64_t i = 0; i < NPAGES; i++)
		put64(ram, PT_PA + 8 * i, (DATA_PA + i * 4096) | up | PTE_D);
}

static void write_code(uint8_t *ram)
{
	static const uint8_t load[] = {
		0x48, 0x8b, 0x06,		/* mov rax, [rsi] */
		0x48, 0x8b, 0x10,		/* mov rdx, [rax] */
		0x48, 0x83, 0xc6, 0x08,		/* add rsi, 8 */
		0x48, 0xff, 0xc9,		/* dec rcx */
		0x75, 0xf1,			/* jnz -15 */
		0xf4,				/* hlt */
	};
	static const uint8_t base[] = {
		0x48, 0x8b, 0x06,		/* mov rax, [rsi] */
		0x48, 0x83, 0xc6, 0x08,		/* add rsi, 8 */
		0x48, 0xff, 0xc9,		/* dec rcx */
		0x75, 0xf4,			/* jnz -12 */
		0xf4,				/* hlt */
	};

	memcpy(ram + CODE_PA, load, sizeof(load));
	memcpy(ram + BASE_PA, base, sizeof(base));
}

/*
 * Random pages among the first @pages; the offset in the page, (page % 64)
 * cache lines, spreads the loads over the host's L1 sets (see the data
 * buffer in peer_unicorn_measure()).
 */
static void fill_table(uint8_t *ram, unsigned long pages)
{
	for (long i = 0; i < NLOADS; i++) {
		uint64_t r = uc_xorshift();
		uint64_t pg = r % pages;
		uint64_t va = VBASE + pg * 4096 + (pg % 64) * 64;

		put64(ram, TABLE_PA + 8 * (uint64_t)i, va);
	}
}

/* One timed run of the loop at @code_pa; ns per iteration. */
static int run(uc_engine *uc, uint64_t code_pa, uint64_t end_pa, double *ns,
	       char *err, unsigned long errlen)
{
	uint64_t rsi = TABLE_PA, rcx = NLOADS;
	uc_err e;
	double t0;

	uc_reg_write(uc, UC_X86_REG_RSI, &rsi);
	uc_reg_write(uc, UC_X86_REG_RCX, &rcx);
	t0 = uc_now_ns();
	e = uc_emu_start(uc, code_pa, end_pa, 0, 0);
	*ns = (uc_now_ns() - t0) / NLOADS;
	if (e != UC_ERR_OK) {
		snprintf(err, errlen, "unicorn: %s", uc_strerror(e));
		return -1;
	}
	uc_reg_read(uc, UC_X86_REG_RCX, &rcx);
	uc_reg_read(uc, UC_X86_REG_RSI, &rsi);
	if (rcx != 0 || rsi != TABLE_PA + 8 * (uint64_t)NLOADS) {
		snprintf(err, errlen, "unicorn: loop stopped early (rcx %llu)",
			 (unsigned long long)rcx);
		return -1;
	}
	return 0;
}

#define LOOP_END	(CODE_PA + 15)
#define BASE_END	(BASE_PA + 12)

/* Enter long mode with paging: PAE, CR3, EFER.LME, then CR0.PG. */
static int enter_long_mode(uc_engine *uc, char *err, unsigned long errlen)
{
	uint64_t cr4 = 0x20, cr3 = PML4_PA, cr0 = 0x80000011ULL, v = 0;
	uc_x86_msr efer = { .rid = 0xc0000080, .value = 0x500 };

	if (uc_reg_write(uc, UC_X86_REG_CR4, &cr4) ||
	    uc_reg_write(uc, UC_X86_REG_CR3, &cr3) ||
	    uc_reg_write(uc, UC_X86_REG_MSR, &efer) ||
	    uc_reg_write(uc, UC_X86_REG_CR0, &cr0)) {
		snprintf(err, errlen, "unicorn: cannot set control registers");
		return -1;
	}
	uc_reg_read(uc, UC_X86_REG_CR0, &v);
	efer.value = 0;
	uc_reg_read(uc, UC_X86_REG_MSR, &efer);
	if (!(v & 0x80000000ULL) || !(efer.value & 0x400)) {
		snprintf(err, errlen, "unicorn: paging not on (cr0 %#llx efer %#llx)",
			 (unsigned long long)v, (unsigned long long)efer.value);
		return -1;
	}
	return 0;
}

/*
 * The region's data: 256 MiB of anonymous memory, 2 MiB aligned, asked for
 * transparent huge pages and never written but at one marker, so reads map
 * the huge zero page: the host's own TLB and caches hold all of it, and
 * the loads differ only in what the softmmu TLB does.
 */
static uint8_t *data_alloc(void)
{
	size_t len = NPAGES * 4096 + (2UL << 20);
	uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint8_t *d;
	volatile uint8_t s = 0;

	if (p == MAP_FAILED)
		return NULL;
	d = (uint8_t *)(((uintptr_t)p + (2UL << 20) - 1) & ~((2UL << 20) - 1));
	madvise(d, NPAGES * 4096, MADV_HUGEPAGE);
	put64(d, MARK_PAGE * 4096, MARK);
	for (size_t off = 0; off < NPAGES * 4096; off += 4096)
		s += d[off];
	(void)s;
	data_base = p;
	return d;
}

/* The same loads on the host, from the host addresses behind the table. */
static double native_run(const uint8_t *ram, const uint8_t *data)
{
	uint64_t acc = 0;
	double t0 = uc_now_ns();

	for (long i = 0; i < NLOADS; i++) {
		uint64_t va;

		memcpy(&va, ram + TABLE_PA + 8 * (uint64_t)i, sizeof(va));
		acc += *(const volatile uint64_t *)(data + (va - VBASE));
	}
	native_sink += acc;
	return (uc_now_ns() - t0) / NLOADS;
}

/*
 * The walk is real: a load from a page whose PTE is not present must
 * fault with CR2 = the address (so the refill walked the tables, and
 * the mapping below is not bypassing them).
 */
static int check_fault(uc_engine *uc, uint8_t *ram, char *err, unsigned long errlen)
{
	uint64_t pte, va = VBASE + 4096 * 7, rsi = TABLE_PA, rcx = 1, cr2 = 0;
	uc_err e;

	memcpy(&pte, ram + PT_PA + 8 * 7, sizeof(pte));
	put64(ram, PT_PA + 8 * 7, 0);
	put64(ram, TABLE_PA, va);
	uc_reg_write(uc, UC_X86_REG_RSI, &rsi);
	uc_reg_write(uc, UC_X86_REG_RCX, &rcx);
	e = uc_emu_start(uc, CODE_PA, LOOP_END, 0, 0);
	uc_reg_read(uc, UC_X86_REG_CR2, &cr2);
	put64(ram, PT_PA + 8 * 7, pte);
	if (e == UC_ERR_OK || cr2 != va) {
		snprintf(err, errlen, "unicorn: no page fault through a cleared PTE (%s, cr2 %#llx)",
			 uc_strerror(e), (unsigned long long)cr2);
		return -1;
	}
	return 0;
}

int peer_unicorn_measure(struct peer_uc_result *r, char *err, unsigned long errlen)
{
	static const unsigned long sweep[] = { 64, 128, 256, 512, 1024, 4096,
					       16384, NPAGES };
	double tb[RUNS], th[RUNS], tm[RUNS], nh[RUNS], nm[RUNS], ts[SWEEP_RUNS], t;
	unsigned int major, minor;
	uc_engine *uc = NULL;
	uint8_t *ram, *data = NULL;
	uint64_t rdx = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	uc_version(&major, &minor);
#ifdef MMSIM_UNICORN_VERSION
	snprintf(r->version, sizeof(r->version), "%s", MMSIM_UNICORN_VERSION);
#else
	snprintf(r->version, sizeof(r->version), "%u.%u", major, minor);
#endif
	r->runs = RUNS;
	r->loads = NLOADS;
	r->npages = NPAGES;

	ram = aligned_alloc(4096, RAM_SIZE);
	if (ram)
		data = data_alloc();
	if (!ram || !data) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	memset(ram, 0, RAM_SIZE);
	build_tables(ram);
	write_code(ram);
	if (uc_open(UC_ARCH_X86, UC_MODE_64, &uc) != UC_ERR_OK) {
		snprintf(err, errlen, "unicorn: cannot open an x86_64 engine");
		goto out;
	}
	/*
	 * Unicorn 2.0 walks the tables on every refill (rights, A/D, faults)
	 * but then fills the entry with physical = virtual (2.1 made that
	 * optional): so the data is guest RAM both where the PTEs point and
	 * at its virtual address, the same host memory twice.
	 */
	if (uc_mem_map_ptr(uc, 0, RAM_SIZE, UC_PROT_ALL, ram) ||
	    uc_mem_map_ptr(uc, DATA_PA, NPAGES * 4096, UC_PROT_READ, data) ||
	    uc_mem_map_ptr(uc, VBASE, NPAGES * 4096, UC_PROT_READ, data)) {
		snprintf(err, errlen, "unicorn: cannot map guest RAM");
		goto out;
	}
	if (enter_long_mode(uc, err, errlen) || check_fault(uc, ram, err, errlen))
		goto out;

	/* Warm up: translate both loops; the last load reads the marker. */
	fill_table(ram, NPAGES);
	put64(ram, TABLE_PA + 8 * (NLOADS - 1), VBASE + 4096 * MARK_PAGE);
	if (run(uc, CODE_PA, LOOP_END, &t, err, errlen) ||
	    run(uc, BASE_PA, BASE_END, &t, err, errlen))
		goto out;
	uc_reg_read(uc, UC_X86_REG_RDX, &rdx);
	if (rdx != MARK) {
		snprintf(err, errlen, "unicorn: load through the page tables read %#llx",
			 (unsigned long long)rdx);
		goto out;
	}

	/* Interleaved: base, hot and miss in each round. */
	for (int i = 0; i < RUNS; i++) {
		fill_table(ram, 8);
		if (run(uc, BASE_PA, BASE_END, &tb[i], err, errlen) ||
		    run(uc, CODE_PA, LOOP_END, &th[i], err, errlen))
			goto out;
		nh[i] = native_run(ram, data);
		fill_table(ram, NPAGES);
		if (run(uc, CODE_PA, LOOP_END, &tm[i], err, errlen))
			goto out;
		nm[i] = native_run(ram, data);
	}
	r->base_ns = uc_median(tb, RUNS);
	r->hot_ns = uc_median(th, RUNS);
	r->miss_ns = uc_median(tm, RUNS);
	r->hit_ns = r->hot_ns - r->base_ns;
	r->refill_ns = r->miss_ns - r->hot_ns;
	r->native_excess_ns = uc_median(nm, RUNS) - uc_median(nh, RUNS);

	/* Sanity: the excess per load as the working set grows. */
	for (size_t k = 0; k < sizeof(sweep) / sizeof(sweep[0]); k++) {
		fill_table(ram, sweep[k]);
		for (int i = 0; i < SWEEP_RUNS; i++)
			if (run(uc, CODE_PA, LOOP_END, &ts[i], err, errlen))
				goto out;
		r->sweep[k].pages = sweep[k];
		r->sweep[k].excess_ns = uc_median(ts, SWEEP_RUNS) - r->hot_ns;
		r->nsweep++;
	}
	ret = 0;
out:
	if (uc)
		uc_close(uc);
	if (data_base)
		munmap(data_base, NPAGES * 4096 + (2UL << 20));
	free(ram);
	return ret;
}
