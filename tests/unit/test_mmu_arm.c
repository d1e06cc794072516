// SPDX-License-Identifier: GPL-2.0
/*
 * The ARMv7 short-descriptor MMU on hand-built tables (ARM ARM B3.5-B3.7,
 * B3.13): sections vs small and large pages, every AP[2:0] value for
 * kernel/user reads and writes, DACR no-access/client/manager, XN and PXN,
 * the fault status codes and DFSR.WnR.
 */
#include "../test.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

static struct phys_ram ram;
static struct cpu cpu;

#define TTB	0x4000ULL	/* 16 KiB L1 table */
#define L2T	0x8000ULL	/* an L2 table (1 KiB) */
#define VA_SECT	0x00100000ULL	/* L1[1]: a section */
#define VA_PAGE	0x00200000ULL	/* L1[2]: a page table */

static void w32(u64 pa, u32 v) { ram_write32(&ram, pa, v); }

static void setup(void)
{
	ram_exit(&ram);
	cpu_exit(&cpu);
	ram_init(&ram, 64ULL << 20);
	cpu_init(&cpu, 0, CPU_ARM, &ram, 32);
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_TTBR0, TTB), 0);
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_TTBCR, 0), 0);
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_DACR, 0x5), 0);  /* dom 0,1 client */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_SCTLR, ARM_SCTLR_M), 0);
	EXPECT_EQ(cpu.mode, MMU_ARM_SD);
}

/* A section descriptor with AP[2:0] = @ap in domain @dom. */
static u32 sect(u32 pa, unsigned int ap, unsigned int dom)
{
	return pa | 2 | ((ap & 3) << 10) | ((ap >> 2) << 15) | (dom << 5);
}

/* A small-page descriptor with AP[2:0] = @ap. */
static u32 small(u32 pa, unsigned int ap)
{
	return pa | 2 | ((ap & 3) << 4) | ((ap >> 2) << 9);
}

static int tr(u64 va, unsigned int acc, phys_addr_t *pa, struct mmu_fault *f)
{
	return mmu_translate(&cpu, va, acc, pa, f);
}

static unsigned int fs_of(const struct mmu_fault *f)
{
	return (f->fsr & 0xf) | ((f->fsr >> 6) & 0x10);
}

TEST(mmu_arm__section_small_and_large_pages)
{
	phys_addr_t pa = 0;
	struct mmu_fault f;
	struct mmu_walk w;

	setup();
	w32(TTB + 1 * 4, sect(0x00500000, 3, 0));
	w32(TTB + 2 * 4, (u32)L2T | 1);
	w32(L2T + 3 * 4, small(0x00abc000, 3));
	/* A 64 KiB large page is repeated in 16 consecutive L2 slots. */
	for (int i = 16; i < 32; i++)
		w32(L2T + i * 4, 0x00c40000 | 1 | (3 << 4));
	EXPECT_EQ(tr(VA_SECT + 0x12345, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00512345);
	EXPECT_EQ(tr(VA_PAGE + 0x3123, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00abc123);
	EXPECT_EQ(tr(VA_PAGE + 0x17456, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00c47456);
	EXPECT_EQ(mmu_walk(&cpu, VA_SECT, MMU_PROBE, &w, &f), 0);
	EXPECT_EQ(w.nr, 1);
	EXPECT_EQ(w.page_shift, 20);
	EXPECT_EQ(mmu_walk(&cpu, VA_PAGE + 0x3000, MMU_PROBE, &w, &f), 0);
	EXPECT_EQ(w.nr, 2);
	EXPECT_EQ(w.page_shift, 12);
	EXPECT_EQ(mmu_walk(&cpu, VA_PAGE + 0x10000, MMU_PROBE, &w, &f), 0);
	EXPECT_EQ(w.step[1].page_shift, 16);
	/* Supersection: 16 MiB, base in bits 31:24, in 16 L1 slots. */
	for (int i = 0x100; i < 0x110; i++)
		w32(TTB + i * 4, 0x05000000 | 2 | (1 << 18) | (3 << 10));
	EXPECT_EQ(tr(0x10abcdef, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x05abcdef);
}

TEST(mmu_arm__translation_faults_and_external_aborts)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup();
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, ARM_VEC_DATA_ABORT);
	EXPECT_EQ(fs_of(&f), ARM_FS_TRANS_SECT);		/* 0x5 */
	EXPECT_EQ(cpu.far, VA_SECT);
	EXPECT_EQ(cpu.fsr & 0xf, 0x5);
	w32(TTB + 2 * 4, (u32)L2T | 1 | (1 << 5));		/* domain 1 */
	EXPECT_EQ(tr(VA_PAGE + 0x1000, MMU_WRITE, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_TRANS_PAGE);		/* 0x7 */
	EXPECT_EQ((f.fsr >> 4) & 0xf, 1);			/* domain */
	EXPECT(f.fsr & BIT(11));				/* WnR */
	/* An L2 table outside RAM: external abort on the level 2 walk. */
	w32(TTB + 3 * 4, 0xf0000000 | 1);
	EXPECT_EQ(tr(0x00300000, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_EXTABT_L2);			/* 0xE */
	EXPECT(!(f.fsr & BIT(11)));
	/* TTBR0 outside RAM: external abort on the level 1 walk. */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_TTBR0, 0xf0000000), 0);
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_EXTABT_L1);			/* 0xC */
	/* A fetch: prefetch abort, IFSR/IFAR, no WnR, no domain. */
	EXPECT_EQ(tr(VA_SECT + 4, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, ARM_VEC_PREFETCH_ABORT);
	EXPECT_EQ(cpu.ifar, VA_SECT + 4);
	EXPECT_EQ(cpu.ifsr, 0xc);
}

/* ARM ARM table B3-8 (SCTLR.AFE=0): may (user, write) access AP[2:0]? */
static bool ap_allows(unsigned int ap, bool user, bool write)
{
	switch (ap) {
	case 1: return !user;
	case 2: return !user || !write;
	case 3: return true;
	case 5: return !user && !write;
	case 6: case 7: return !write;
	default: return false;	/* 0 no access, 4 reserved */
	}
}

TEST(mmu_arm__every_ap_value)
{
	for (unsigned int ap = 0; ap < 8; ap++) {
		for (int user = 0; user < 2; user++) {
			for (int write = 0; write < 2; write++) {
				unsigned int acc = (user ? MMU_USER : 0) |
						   (write ? MMU_WRITE : 0);
				bool ok = ap_allows(ap, user, write);
				phys_addr_t pa;
				struct mmu_fault f;
				int r;

				setup();
				w32(TTB + 1 * 4, sect(0x00500000, ap, 0));
				w32(TTB + 2 * 4, (u32)L2T | 1);
				w32(L2T, small(0x00600000, ap));
				r = tr(VA_SECT, acc, &pa, &f);
				if (r != (ok ? 0 : -EFAULT) ||
				    (!ok && fs_of(&f) != ARM_FS_PERM_SECT))
					FAIL_AT("section ap=%u user=%d write=%d: r=%d fs=%#x",
						ap, user, write, r, fs_of(&f));
				r = tr(VA_PAGE, acc, &pa, &f);
				if (r != (ok ? 0 : -EFAULT) ||
				    (!ok && fs_of(&f) != ARM_FS_PERM_PAGE))
					FAIL_AT("page ap=%u user=%d write=%d: r=%d fs=%#x",
						ap, user, write, r, fs_of(&f));
				if (!ok && write != !!(f.fsr & BIT(11)))
					FAIL_AT("WnR ap=%u write=%d", ap, write);
			}
		}
	}
}

TEST(mmu_arm__dacr_no_access_client_manager)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup();
	w32(TTB + 1 * 4, sect(0x00500000, 0, 3));	/* AP=000, domain 3 */
	w32(TTB + 2 * 4, (u32)L2T | 1 | (3 << 5));
	w32(L2T, small(0x00600000, 0));
	/* Domain 3 no access (DACR[7:6] = 00): domain faults 0x9 / 0xB. */
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_DOMAIN_SECT);
	EXPECT_EQ((f.fsr >> 4) & 0xf, 3);
	EXPECT_EQ(tr(VA_PAGE, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_DOMAIN_PAGE);
	/* Reserved DACR value 10: also a domain fault. */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_DACR, 2 << 6), 0);
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_DOMAIN_SECT);
	/* Client: AP=000 denies every access (permission fault). */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_DACR, 1 << 6), 0);
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_PERM_SECT);
	EXPECT_EQ(tr(VA_PAGE, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_PERM_PAGE);
	/* Manager: no permission checks at all, user writes included. */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_DACR, 3 << 6), 0);
	EXPECT_EQ(tr(VA_SECT, MMU_USER | MMU_WRITE, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00500000);
	EXPECT_EQ(tr(VA_PAGE, MMU_USER | MMU_WRITE, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00600000);
	/* A DACR change applies to entries already in the TLB. */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_DACR, 0), 0);
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_DOMAIN_SECT);
}

TEST(mmu_arm__xn_and_pxn)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup();
	w32(TTB + 1 * 4, sect(0x00500000, 3, 0) | BIT(4));	/* XN */
	w32(TTB + 3 * 4, sect(0x00700000, 3, 0) | BIT(0));	/* PXN */
	w32(TTB + 2 * 4, (u32)L2T | 1);
	w32(L2T, small(0x00600000, 3) | 1);			/* XN */
	w32(L2T + 4, small(0x00601000, 3));
	w32(TTB + 4 * 4, 0xa000 | 1 | BIT(2));			/* PXNTABLE */
	w32(0xa000, small(0x00602000, 3));
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), 0);
	EXPECT_EQ(tr(VA_SECT, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, ARM_VEC_PREFETCH_ABORT);
	EXPECT_EQ(fs_of(&f), ARM_FS_PERM_SECT);
	EXPECT_EQ(tr(VA_SECT, MMU_EXEC | MMU_USER, &pa, &f), -EFAULT);
	EXPECT_EQ(tr(VA_PAGE, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_PERM_PAGE);
	EXPECT_EQ(tr(VA_PAGE + 0x1000, MMU_EXEC, &pa, &f), 0);
	/* PXN: the kernel may not fetch, the user may. */
	EXPECT_EQ(tr(0x00300000, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_PERM_SECT);
	EXPECT_EQ(tr(0x00300000, MMU_EXEC | MMU_USER, &pa, &f), 0);
	EXPECT_EQ(tr(0x00400000, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(fs_of(&f), ARM_FS_PERM_PAGE);
	EXPECT_EQ(tr(0x00400000, MMU_EXEC | MMU_USER, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00602000);
}

TEST(mmu_arm__asid_and_global)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup();
	w32(TTB + 1 * 4, sect(0x00500000, 3, 0) | BIT(17));	/* nG */
	w32(TTB + 2 * 4, sect(0x00600000, 3, 0));		/* global */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_CONTEXTIDR, 5), 0);
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), 0);
	EXPECT_EQ(tr(VA_PAGE, 0, &pa, &f), 0);
	w32(TTB + 1 * 4, 0);
	w32(TTB + 2 * 4, 0);
	/* Stale entries: both still hit in ASID 5. */
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), 0);
	EXPECT_EQ(tr(VA_PAGE, 0, &pa, &f), 0);
	/* Another ASID sees only the global one. */
	EXPECT_EQ(cpu_arm_write(&cpu, ARM_CONTEXTIDR, 6), 0);
	EXPECT_EQ(tr(VA_SECT, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(tr(VA_PAGE, 0, &pa, &f), 0);
	cpu_arm_tlbiall(&cpu);
	EXPECT_EQ(tr(VA_PAGE, 0, &pa, &f), -EFAULT);
}

int main(void)
{
	RUN(mmu_arm__section_small_and_large_pages);
	RUN(mmu_arm__translation_faults_and_external_aborts);
	RUN(mmu_arm__every_ap_value);
	RUN(mmu_arm__dacr_no_access_client_manager);
	RUN(mmu_arm__xn_and_pxn);
	RUN(mmu_arm__asid_and_global);
	ram_exit(&ram);
	cpu_exit(&cpu);
	return done();
}
