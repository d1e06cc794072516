// SPDX-License-Identifier: GPL-2.0
/*
 * The TLB: stale entries stay visible until invlpg, global pages survive
 * CR3 loads (CR4.PGE) and die on a PGE toggle, PCID tagging with and
 * without the NOFLUSH bit, ARM ASIDs, LRU replacement, statistics.
 */
#include "../test.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

#define P	0x001ULL
#define RW	0x002ULL
#define D	0x040ULL
#define G	0x100ULL

static struct phys_ram ram;
static struct cpu cpu;

static void w64(u64 pa, u64 v) { ram_write64(&ram, pa, v); }
static u64 r64(u64 pa) { u64 v = 0; ram_read64(&ram, pa, &v); return v; }

static phys_addr_t tr(u64 va, unsigned int acc)
{
	struct mmu_fault f;
	phys_addr_t pa;

	if (mmu_translate(&cpu, va, acc, &pa, &f))
		return ~0ULL;
	return pa;
}

/* Two address spaces: CR3 0x1000 and 0x11000 sharing the PT at 0x4000. */
static void setup(u64 cr4)
{
	ram_exit(&ram);
	cpu_exit(&cpu);
	ram_init(&ram, 16ULL << 20);
	cpu_init(&cpu, 0, CPU_X86, &ram, 46);
	cpu.cr0 = X86_CR0_PE;
	for (u64 base = 0x1000; base <= 0x11000; base += 0x10000) {
		w64(base, (base + 0x1000) | P | RW);
		w64(base + 0x1000, (base + 0x2000) | P | RW);
		w64(base + 0x2000, 0x4000 | P | RW);
	}
	w64(0x4000 + 1 * 8, 0x100000 | P | RW);		/* va 0x1000 */
	w64(0x4000 + 2 * 8, 0x200000 | P | RW | G);	/* va 0x2000 global */
	cpu_write_cr4(&cpu, X86_CR4_PAE | cr4);
	cpu_write_efer(&cpu, EFER_LME | EFER_NX);
	cpu_write_cr3(&cpu, 0x1000);
	cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG | X86_CR0_WP);
}

TEST(tlb__stale_pte_visible_until_invlpg)
{
	setup(X86_CR4_PGE);
	EXPECT_EQ(tr(0x1234, 0), 0x100234);
	EXPECT_EQ(cpu.tlb->stats.misses, 1);
	EXPECT_EQ(cpu.tlb->stats.walks, 1);
	/* The kernel changes the PTE but does not flush... */
	w64(0x4000 + 1 * 8, 0x300000 | P | RW);
	EXPECT_EQ(tr(0x1234, 0), 0x100234);	/* the old frame, from the TLB */
	EXPECT_EQ(cpu.tlb->stats.hits, 1);
	/* ...even a cleared PTE is still "mapped" for this CPU. */
	w64(0x4000 + 1 * 8, 0);
	EXPECT_EQ(tr(0x1234, 0), 0x100234);
	cpu_invlpg(&cpu, 0x1000);
	EXPECT_EQ(tr(0x1234, 0), ~0ULL);	/* now the #PF */
	EXPECT_EQ(cpu.cr2, 0x1234);
	w64(0x4000 + 1 * 8, 0x300000 | P | RW);
	EXPECT_EQ(tr(0x1234, 0), 0x300234);
	EXPECT_EQ(cpu.tlb->stats.invlpgs, 2);	/* ours + the #PF's */
}

TEST(tlb__global_survives_cr3_load)
{
	setup(X86_CR4_PGE);
	EXPECT_EQ(tr(0x1000, 0), 0x100000);
	EXPECT_EQ(tr(0x2000, 0), 0x200000);
	EXPECT_EQ(tlb_nr_entries(cpu.tlb), 2);
	cpu_write_cr3(&cpu, 0x11000);
	EXPECT_EQ(tlb_nr_entries(cpu.tlb), 1);	/* only the global one */
	w64(0x4000 + 2 * 8, 0x500000 | P | RW | G);
	EXPECT_EQ(tr(0x2000, 0), 0x200000);	/* stale but global */
	/* Toggling CR4.PGE flushes everything, globals too. */
	cpu_write_cr4(&cpu, X86_CR4_PAE);
	cpu_write_cr4(&cpu, X86_CR4_PAE | X86_CR4_PGE);
	EXPECT_EQ(tlb_nr_entries(cpu.tlb), 0);
	EXPECT_EQ(tr(0x2000, 0), 0x500000);
}

TEST(tlb__g_bit_ignored_without_pge)
{
	setup(0);
	EXPECT_EQ(tr(0x2000, 0), 0x200000);
	cpu_write_cr3(&cpu, 0x1000);
	EXPECT_EQ(tlb_nr_entries(cpu.tlb), 0);
}

TEST(tlb__pcid_tags_and_noflush)
{
	setup(X86_CR4_PGE);
	EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PCIDE), 0);
	cpu_write_cr3(&cpu, 0x1000 | 1);		/* PCID 1 */
	EXPECT_EQ(tr(0x1000, 0), 0x100000);
	/* Switch to PCID 2 without flushing, change the PTE, come back. */
	cpu_write_cr3(&cpu, 0x11000 | 2 | X86_CR3_PCID_NOFLUSH);
	w64(0x4000 + 1 * 8, 0x700000 | P | RW);
	EXPECT_EQ(tr(0x1000, 0), 0x700000);	/* PCID 2 misses, walks */
	cpu_write_cr3(&cpu, 0x1000 | 1 | X86_CR3_PCID_NOFLUSH);
	EXPECT_EQ(tr(0x1000, 0), 0x100000);	/* PCID 1's stale entry */
	EXPECT_EQ(cpu.cr3, 0x1001);		/* bit 63 is not stored */
	/* Without NOFLUSH the new PCID's entries go. */
	cpu_write_cr3(&cpu, 0x1000 | 1);
	EXPECT_EQ(tr(0x1000, 0), 0x700000);
	/* PCIDE may only be set with CR3[11:0] == 0. */
	setup(0);
	cpu_write_cr3(&cpu, 0x1000 | 5);
	EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE | X86_CR4_PCIDE), -EINVAL);
}

TEST(tlb__write_through_clean_entry_sets_dirty)
{
	setup(X86_CR4_PGE);
	EXPECT_EQ(tr(0x1000, 0), 0x100000);
	EXPECT(!(r64(0x4000 + 8) & D));
	EXPECT_EQ(tr(0x1000, MMU_WRITE), 0x100000);
	EXPECT(r64(0x4000 + 8) & D);
	EXPECT_EQ(cpu.tlb->stats.walks, 2);
	EXPECT_EQ(tr(0x1000, MMU_WRITE), 0x100000);
	EXPECT_EQ(cpu.tlb->stats.walks, 2);	/* dirty entry: a plain hit */
}

TEST(tlb__stale_permissions_fault_from_tlb)
{
	setup(X86_CR4_PGE);
	w64(0x4000 + 1 * 8, 0x100000 | P);	/* read-only */
	EXPECT_EQ(tr(0x1000, 0), 0x100000);
	w64(0x4000 + 1 * 8, 0x100000 | P | RW | D);	/* made writable */
	/* A spurious fault from the stale entry, which it then drops. */
	EXPECT_EQ(tr(0x1000, MMU_WRITE), ~0ULL);
	EXPECT_EQ(tr(0x1000, MMU_WRITE), 0x100000);
}

TEST(tlb__lru_and_geometry)
{
	struct tlb_geometry g;
	struct tlb *t;
	enum tlb_size sz;

	tlb_default_geometry(&g);
	g.entries[TLB_4K] = 8;
	g.ways[TLB_4K] = 2;			/* 4 sets of 2 */
	t = tlb_create(&g);
	ASSERT(t);
	/* Three pages in set 0: the least recently used one goes. */
	tlb_insert(t, TLB_4K, 0x0000, 0xa000, 0, 0);
	tlb_insert(t, TLB_4K, 0x4000, 0xb000, 0, 0);
	EXPECT(tlb_lookup(t, 0x0000, &sz));
	tlb_insert(t, TLB_4K, 0x8000, 0xc000, 0, 0);
	EXPECT(tlb_lookup(t, 0x0000, &sz));
	EXPECT(!tlb_lookup(t, 0x4000, &sz));
	EXPECT_EQ(t->stats.evictions, 1);
	tlb_destroy(t);
	g.entries[TLB_4K] = 12;			/* 6 sets: not a power of 2 */
	EXPECT(!tlb_create(&g));
}

TEST(tlb__asid_on_arm)
{
	struct mmu_fault f;
	phys_addr_t pa;

	ram_exit(&ram);
	cpu_exit(&cpu);
	ram_init(&ram, 16ULL << 20);
	cpu_init(&cpu, 0, CPU_ARM, &ram, 32);
	/* L1 at 0x4000: VA 0x00100000 -> section 0x00300000, nG, user RW. */
	ram_write32(&ram, 0x4000 + 1 * 4, 0x00300000 | (1u << 17) | (3u << 10) | 2);
	cpu_arm_write(&cpu, ARM_DACR, 0x55555555);
	cpu_arm_write(&cpu, ARM_TTBR0, 0x4000);
	cpu_arm_write(&cpu, ARM_CONTEXTIDR, 7);
	cpu_arm_write(&cpu, ARM_SCTLR, ARM_SCTLR_M);
	EXPECT_EQ(mmu_translate(&cpu, 0x00100010, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x00300010);
	ram_write32(&ram, 0x4000 + 1 * 4, 0);
	EXPECT_EQ(mmu_translate(&cpu, 0x00100010, 0, &pa, &f), 0);	/* stale */
	cpu_arm_write(&cpu, ARM_CONTEXTIDR, 8);		/* another ASID */
	EXPECT_EQ(mmu_translate(&cpu, 0x00100010, 0, &pa, &f), -EFAULT);
	cpu_arm_write(&cpu, ARM_CONTEXTIDR, 7);
	EXPECT_EQ(mmu_translate(&cpu, 0x00100010, 0, &pa, &f), 0);
	cpu_arm_tlbimva(&cpu, 0x00100000);
	EXPECT_EQ(mmu_translate(&cpu, 0x00100010, 0, &pa, &f), -EFAULT);
}

int main(void)
{
	RUN(tlb__stale_pte_visible_until_invlpg);
	RUN(tlb__global_survives_cr3_load);
	RUN(tlb__g_bit_ignored_without_pge);
	RUN(tlb__pcid_tags_and_noflush);
	RUN(tlb__write_through_clean_entry_sets_dirty);
	RUN(tlb__stale_permissions_fault_from_tlb);
	RUN(tlb__lru_and_geometry);
	RUN(tlb__asid_on_arm);
	cpu_exit(&cpu);
	ram_exit(&ram);
	return done();
}
