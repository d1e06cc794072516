// SPDX-License-Identifier: GPL-2.0
/*
 * The rights a TLB entry resolves once (tlb_entry.ok, hw/mmu.c) give the
 * same answer as the full permission check: for every combination of PTE
 * R/W, U/S, XD and D, of CR0.WP, CR4.SMEP, CR4.SMAP, EFER.NXE, CPL and
 * access type, a translation through a TLB miss, through a TLB hit, and
 * through a hit after the control bits change, succeeds or faults (with
 * the same error code) exactly as a probe walk of the tables says.
 * (Stale entries are test_tlb.c's subject: here the tables never change.)
 */
#include "../test.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

#define P	0x001ULL
#define RW	0x002ULL
#define US	0x004ULL
#define A	0x020ULL
#define D	0x040ULL
#define XD	(1ULL << 63)

static struct phys_ram ram;
static struct cpu cpu;
static const u64 va = 0x1000;

static u64 pte_of(unsigned int k)
{
	return 0x100000 | P | A | ((k & 1) ? RW : 0) | ((k & 2) ? US : 0) |
	       ((k & 4) ? XD : 0) | ((k & 8) ? D : 0);
}

static u64 cr0_of(unsigned int c)
{
	return X86_CR0_PE | X86_CR0_PG | ((c & 1) ? X86_CR0_WP : 0);
}

static u64 cr4_of(unsigned int c)
{
	return X86_CR4_PAE | ((c & 2) ? X86_CR4_SMEP : 0) |
	       ((c & 4) ? X86_CR4_SMAP : 0);
}

static void setup(unsigned int ctl)
{
	ram_exit(&ram);
	cpu_exit(&cpu);
	ram_init(&ram, 16ULL << 20);
	cpu_init(&cpu, 0, CPU_X86, &ram, 46);
	cpu.cr0 = X86_CR0_PE;
	ram_write64(&ram, 0x1000, 0x2000 | P | RW | US | A);
	ram_write64(&ram, 0x2000, 0x3000 | P | RW | US | A);
	ram_write64(&ram, 0x3000, 0x4000 | P | RW | US | A);
	cpu_write_cr4(&cpu, cr4_of(ctl));
	cpu_write_efer(&cpu, EFER_LME | ((ctl & 8) ? EFER_NX : 0));
	cpu_write_cr3(&cpu, 0x1000);
	cpu_write_cr0(&cpu, cr0_of(ctl));
}

static void set_ctl(unsigned int ctl)
{
	cpu_write_cr4(&cpu, cr4_of(ctl));
	cpu_write_efer(&cpu, (cpu.efer & ~EFER_NX) | ((ctl & 8) ? EFER_NX : 0));
	cpu_write_cr0(&cpu, cr0_of(ctl));
}

/* Translate @acc and compare with a probe walk of the same tables. */
static int same_as_probe(unsigned int acc)
{
	struct mmu_walk w;
	struct mmu_fault fr, ft;
	phys_addr_t pa = 0;
	int ref = mmu_walk(&cpu, va, acc | MMU_PROBE, &w, &fr);
	int ret = mmu_translate(&cpu, va, acc, &pa, &ft);

	if (ret != ref)
		return 0;
	if (ret)
		return ft.error_code == fr.error_code;
	return pa == w.pa;
}

TEST(tlb_rights__hit_and_miss_agree_with_the_walk)
{
	unsigned int bad = 0, n = 0;

	for (unsigned int k = 0; k < 16; k++)
		for (unsigned int ctl = 0; ctl < 16; ctl++)
			for (unsigned int cpl = 0; cpl <= 3; cpl += 3)
				for (unsigned int acc = 0; acc < 16; acc++) {
					setup(ctl);
					ram_write64(&ram, 0x4000 + 8, pte_of(k));
					cpu.cpl = (int)cpl;
					/* A miss, then (if it filled) a hit. */
					bad += !same_as_probe(acc);
					bad += !same_as_probe(acc);
					/* Every other control setting, on hits. */
					for (unsigned int c2 = 0; c2 < 16; c2++) {
						set_ctl(c2);
						/*
						 * XD with NXE now off makes the PTE
						 * reserved; a cached translation of
						 * it may stand (as on hardware).
						 */
						if ((k & 4) && !(c2 & 8))
							continue;
						bad += !same_as_probe(acc);
					}
					n++;
				}
	EXPECT_EQ(n, 16 * 16 * 2 * 16);
	EXPECT_EQ(bad, 0);
}

TEST(tlb_rights__ac_flag_allows_explicit_smap_access)
{
	setup(4 | 8);			/* SMAP, NXE */
	ram_write64(&ram, 0x4000 + 8, pte_of(1 | 2 | 8));	/* user RW dirty */
	cpu.eflags = X86_EFLAGS_AC;
	EXPECT(same_as_probe(0));
	EXPECT(same_as_probe(0));	/* hit: AC is judged exactly */
	EXPECT(same_as_probe(MMU_SUPER));
	cpu.eflags = 0;
	EXPECT(same_as_probe(0));
}

int main(void)
{
	RUN(tlb_rights__hit_and_miss_agree_with_the_walk);
	RUN(tlb_rights__ac_flag_allows_explicit_smap_access);
	ram_exit(&ram);
	cpu_exit(&cpu);
	return done();
}
