// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 MMU on hand-built tables: every paging mode and page size, the
 * permission rules of SDM 4.6, reserved bits, A/D write-back, #PF error
 * codes and CR2, #GP on non-canonical addresses, tables outside RAM.
 */
#include "../test.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

#define P	0x001ULL
#define RW	0x002ULL
#define US	0x004ULL
#define A	0x020ULL
#define D	0x040ULL
#define PS	0x080ULL
#define G	0x100ULL
#define XD	(1ULL << 63)

static struct phys_ram ram;
static struct cpu cpu;

static void setup(unsigned int maxphy)
{
	ram_exit(&ram);
	cpu_exit(&cpu);
	ram_init(&ram, 64ULL << 20);
	cpu_init(&cpu, 0, CPU_X86, &ram, maxphy);
	cpu.cr0 = X86_CR0_PE;
}

static void w64(u64 pa, u64 v) { ram_write64(&ram, pa, v); }
static void w32(u64 pa, u32 v) { ram_write32(&ram, pa, v); }
static u64 r64(u64 pa) { u64 v = 0; ram_read64(&ram, pa, &v); return v; }
static u32 r32(u64 pa) { u32 v = 0; ram_read32(&ram, pa, &v); return v; }

static int tr(u64 va, unsigned int acc, phys_addr_t *pa, struct mmu_fault *f)
{
	return mmu_translate(&cpu, va, acc, pa, f);
}

/* 4-level: PML4 at 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
static void long_mode(u64 cr4_extra)
{
	EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE | X86_CR4_PGE | cr4_extra), 0);
	EXPECT_EQ(cpu_write_efer(&cpu, EFER_LME | EFER_NX), 0);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG | X86_CR0_WP), 0);
}

TEST(mmu__paging_off_is_physical)
{
	phys_addr_t pa = 0;
	struct mmu_fault f;

	setup(46);
	EXPECT_EQ(cpu.mode, MMU_OFF);
	EXPECT_EQ(tr(0x123456, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x123456);
	/* A 32-bit CPU cannot form a 64-bit address: a clear error. */
	EXPECT_EQ(tr(1ULL << 40, 0, &pa, &f), -EINVAL);
}

TEST(mmu__four_level_4k_2m_1g)
{
	phys_addr_t pa = 0;
	struct mmu_fault f;

	setup(46);
	w64(0x1000, 0x2000 | P | RW | US);		/* PML4[0] */
	w64(0x2000, 0x3000 | P | RW | US);		/* PDPT[0] -> PD */
	w64(0x2008, 0x40000000 | P | RW | PS);		/* PDPT[1]: 1 GiB */
	w64(0x3000, 0x4000 | P | RW | US);		/* PD[0] -> PT */
	w64(0x3008, 0x00600000 | P | RW | PS);		/* PD[1]: 2 MiB */
	w64(0x4000 + 5 * 8, 0x00abc000 | P | RW | US);	/* PT[5] */
	long_mode(0);
	EXPECT_EQ(cpu.mode, MMU_X86_4L);

	EXPECT_EQ(tr(0x5123, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0xabc123);
	EXPECT_EQ(tr(0x212345, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x612345);
	EXPECT_EQ(tr(0x40000000 + 0x1234567, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x41234567);

	/* Accessed set at every level used; dirty only in the leaf on write. */
	EXPECT(r64(0x1000) & A);
	EXPECT(r64(0x2000) & A);
	EXPECT(r64(0x3000) & A);
	EXPECT(r64(0x4000 + 5 * 8) & A);
	EXPECT(!(r64(0x4000 + 5 * 8) & D));
	EXPECT(!(r64(0x3000) & D));
	EXPECT_EQ(tr(0x5000, MMU_WRITE, &pa, &f), 0);
	EXPECT(r64(0x4000 + 5 * 8) & D);
	EXPECT(!(r64(0x3000) & D));
	EXPECT_EQ(tr(0x200000, MMU_WRITE, &pa, &f), 0);
	EXPECT(r64(0x3008) & D);
}

TEST(mmu__five_level)
{
	phys_addr_t pa = 0;
	struct mmu_fault f;
	u64 va = (3ULL << 48) | (1ULL << 39) | 0x7000 | 0x42;

	setup(52);
	w64(0x1000 + 3 * 8, 0x5000 | P | RW);		/* PML5[3] */
	w64(0x5000 + 1 * 8, 0x2000 | P | RW);		/* PML4[1] */
	w64(0x2000, 0x3000 | P | RW);
	w64(0x3000, 0x4000 | P | RW);
	w64(0x4000 + 7 * 8, 0x0099000 | P | RW);
	long_mode(X86_CR4_LA57);
	EXPECT_EQ(cpu.mode, MMU_X86_5L);
	EXPECT_EQ(tr(va, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x99042);
	/* Canonical in 5-level means bits 63:56 copy bit 56. */
	EXPECT(mmu_canonical(&cpu, 0xff00000000000000ULL));
	EXPECT(!mmu_canonical(&cpu, 0x0100000000000000ULL));
}

TEST(mmu__noncanonical_is_gp_without_cr2)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup(46);
	long_mode(0);
	cpu.cr2 = 0x55;
	EXPECT_EQ(tr(0x0000800000000000ULL, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, 13);
	EXPECT_EQ(f.error_code, 0);
	EXPECT_EQ(cpu.cr2, 0x55);
	EXPECT_EQ(tr(0xffff7fffffffffffULL, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, 13);
	/* Every 64-bit value gives an answer, never a crash. */
	for (u64 v = 1; v; v <<= 1)
		(void)tr(v ^ 0x5555555555555555ULL, MMU_WRITE, &pa, &f);
}

TEST(mmu__not_present_error_codes_and_cr2)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup(46);
	long_mode(0);
	EXPECT_EQ(tr(0x1000, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, 14);
	EXPECT_EQ(f.error_code, 0);
	EXPECT_EQ(cpu.cr2, 0x1000);
	EXPECT_EQ(tr(0x2000, MMU_WRITE | MMU_USER, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_WRITE | X86_PF_USER);
	/* I/D is set for fetches when NXE is on. */
	EXPECT_EQ(tr(0x3000, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_INSTR);
	EXPECT_EQ(cpu.cr2, 0x3000);
}

/*
 * A TLB miss takes the fast IA-32e walk, which raises a not-present #PF
 * itself: it must be the #PF the full walk (mmu_walk) raises, at every
 * level, for every kind of access, and set no accessed bit on the way.
 */
TEST(mmu__fast_walk_not_present_matches_full_walk)
{
	static const unsigned int accs[] = {
		0, MMU_WRITE, MMU_USER, MMU_USER | MMU_WRITE, MMU_EXEC,
		MMU_USER | MMU_EXEC,
	};

	for (int five = 0; five <= 1; five++) {
		int nlv = five ? 5 : 4;

		for (int hole = 0; hole < nlv; hole++) {
			for (unsigned int a = 0; a < ARRAY_SIZE(accs); a++) {
				u64 va = 0x5000, table = 0x1000, ent[5];
				struct mmu_fault ff, fw;
				struct mmu_walk w;
				phys_addr_t pa;
				u64 cr2, nf;

				setup(46);
				/* Tables at 0x1000, 0x2000, ... one per level. */
				for (int l = 0; l < nlv; l++) {
					u64 next = 0x1000 * (u64)(l + 2);
					u64 idx = l == nlv - 1 ? 5 : 0;

					ent[l] = l == hole ? 0 :
						 (l == nlv - 1 ? 0x99000 : next) |
						 P | RW | US;
					w64(table + idx * 8, ent[l]);
					table = next;
				}
				long_mode(five ? X86_CR4_LA57 : 0);
				ASSERT(cpu.tlb);
				nf = cpu.nr_page_faults;
				EXPECT_EQ(tr(va, accs[a], &pa, &ff), -EFAULT);
				EXPECT_EQ(cpu.nr_page_faults, nf + 1);
				cr2 = cpu.cr2;
				cpu.cr2 = 0;
				EXPECT_EQ(mmu_walk(&cpu, va, accs[a], &w, &fw),
					  -EFAULT);
				EXPECT_EQ(cpu.cr2, cr2);
				EXPECT_EQ(cr2, va);
				EXPECT_EQ(ff.vector, fw.vector);
				EXPECT_EQ(ff.error_code, fw.error_code);
				EXPECT_EQ(ff.addr, fw.addr);
				EXPECT(!strcmp(ff.reason, fw.reason));
				/* No A bit written by a walk that failed. */
				table = 0x1000;
				for (int l = 0; l < nlv; l++) {
					u64 idx = l == nlv - 1 ? 5 : 0;

					EXPECT_EQ(r64(table + idx * 8), ent[l]);
					table = 0x1000 * (u64)(l + 2);
				}
			}
		}
	}
}

/*
 * Every combination of U/S and R/W at the two levels, NX, CPL, CR0.WP,
 * access type, SMEP and SMAP, against the rules written out directly.
 */
TEST(mmu__every_permission_combination)
{
	int checked = 0;

	setup(46);
	for (unsigned int bits = 0; bits < 64; bits++) {
		u64 upper = P | ((bits & 1) ? RW : 0) | ((bits & 2) ? US : 0);
		u64 leaf = P | ((bits & 4) ? RW : 0) | ((bits & 8) ? US : 0) |
			   ((bits & 16) ? XD : 0);
		bool wp = bits & 32;

		for (unsigned int ctl = 0; ctl < 4; ctl++) {
			bool smep = ctl & 1, smap = ctl & 2;

			setup(46);
			w64(0x1000, 0x2000 | upper);
			w64(0x2000, 0x3000 | upper);
			w64(0x3000, 0x4000 | upper);
			w64(0x4000, 0x9000 | leaf);
			EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE |
						(smep ? X86_CR4_SMEP : 0) |
						(smap ? X86_CR4_SMAP : 0)), 0);
			EXPECT_EQ(cpu_write_efer(&cpu, EFER_LME | EFER_NX), 0);
			EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
			EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG |
						(wp ? X86_CR0_WP : 0)), 0);
			for (unsigned int acc = 0; acc < 6; acc++) {
				bool user = acc >= 3;
				bool write = acc % 3 == 1, fetch = acc % 3 == 2;
				bool eff_rw = (upper & RW) && (leaf & RW);
				bool eff_us = (upper & US) && (leaf & US);
				bool nx = leaf & XD;
				bool ok;
				phys_addr_t pa = 0;
				struct mmu_fault f;
				int ret;

				if (user)
					ok = eff_us && (!write || eff_rw);
				else
					ok = (!write || eff_rw || !wp) &&
					     !(eff_us && fetch && smep) &&
					     !(eff_us && !fetch && smap);
				if (fetch && nx)
					ok = false;
				cpu.cpl = user ? 3 : 0;
				ret = tr(0x123, (write ? MMU_WRITE : 0) |
					 (fetch ? MMU_EXEC : 0), &pa, &f);
				if (ok) {
					EXPECT_EQ(ret, 0);
					EXPECT_EQ(pa, 0x9123);
				} else {
					EXPECT_EQ(ret, -EFAULT);
					EXPECT_EQ(f.error_code,
						  X86_PF_PROT |
						  (write ? X86_PF_WRITE : 0) |
						  (user ? X86_PF_USER : 0) |
						  (fetch ? X86_PF_INSTR : 0));
				}
				checked++;
			}
		}
	}
	EXPECT_EQ(checked, 64 * 4 * 6);
}

TEST(mmu__reserved_bits_fault_with_rsvd)
{
	phys_addr_t pa;
	struct mmu_fault f;

	setup(36);
	w64(0x1000, 0x2000 | P | RW);
	w64(0x2000, 0x3000 | P | RW);
	w64(0x3000, 0x4000 | P | RW);
	w64(0x4000, (1ULL << 40) | 0x5000 | P | RW);	/* above MAXPHYADDR */
	w64(0x3008, 0x00600000 | (1ULL << 13) | P | PS);/* 2M: bit 13 */
	w64(0x1008, 0x2000 | P | PS);			/* PS in a PML4E */
	long_mode(0);
	EXPECT_EQ(tr(0x0, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD);
	EXPECT_EQ(tr(0x200000, MMU_WRITE, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD | X86_PF_WRITE);
	EXPECT_EQ(tr(1ULL << 39, 0, &pa, &f), -EFAULT);
	EXPECT(f.error_code & X86_PF_RSVD);
	/* XD is reserved when EFER.NXE=0 (needs paging off to change LME). */
	setup(36);
	w64(0x1000, 0x2000 | P | RW);
	w64(0x2000, 0x3000 | P | RW);
	w64(0x3000, 0x4000 | P | RW);
	w64(0x4000, 0x5000 | P | XD);
	EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE), 0);
	EXPECT_EQ(cpu_write_efer(&cpu, EFER_LME), 0);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG), 0);
	EXPECT_EQ(tr(0x0, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD);
}

TEST(mmu__cr3_outside_ram_and_self_loops)
{
	phys_addr_t pa;
	struct mmu_fault f;
	struct mmu_walk w;

	setup(46);
	long_mode(0);
	/* CR3 beyond RAM: entries read as all ones -> reserved bits. */
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x3f0000000ULL), 0);
	EXPECT_EQ(tr(0x1000, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, 14);
	EXPECT(f.error_code & X86_PF_RSVD);
	/* A table pointing at itself: the walk is bounded by the depth. */
	w64(0x1000, 0x1000 | P | RW | US);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
	EXPECT_EQ(mmu_walk(&cpu, 0x0, MMU_PROBE, &w, &f), 0);
	EXPECT_EQ(w.nr, 4);
	EXPECT_EQ(w.pa, 0x1000);	/* the PML4 itself, as a page */
}

TEST(mmu__legacy_32bit_4k_and_4m_pse)
{
	phys_addr_t pa = 0;
	struct mmu_fault f;

	setup(36);
	w32(0x1000 + 0 * 4, 0x2000 | P | RW | US);		/* PDE 0 -> PT */
	w32(0x2000 + 3 * 4, 0x7000 | P | RW | US);		/* PTE 3 */
	w32(0x1000 + 769 * 4, 0x00400000 | P | RW | PS);	/* 4M */
	/* PSE-36: bits 16:13 hold PA[35:32]. */
	w32(0x1000 + 770 * 4, 0x00800000 | (0x3 << 13) | P | PS);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
	EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PSE), 0);
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG), 0);
	EXPECT_EQ(cpu.mode, MMU_X86_32);
	EXPECT_EQ(tr(0x3abc, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x7abc);
	EXPECT_EQ(tr(0xc0412345, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x412345);
	EXPECT_EQ(tr(0xc0812345, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x300812345ULL);
	EXPECT(r32(0x1000 + 769 * 4) & A);
	/* No NX in 32-bit paging: fetches are fine, no I/D bit. */
	EXPECT_EQ(tr(0x3000, MMU_EXEC, &pa, &f), 0);
	/* Bit 21 of a 4M PDE is reserved. */
	w32(0x1000 + 771 * 4, 0x00c00000 | (1u << 21) | P | PS);
	EXPECT_EQ(tr(0xc0c00000, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD);
	/* Without CR4.PSE the PS bit is ignored: the PDE points to a PT. */
	w32(0x400000, 0x9000 | P);
	EXPECT_EQ(cpu_write_cr4(&cpu, 0), 0);
	EXPECT_EQ(tr(0xc0400000, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x9000);
}

TEST(mmu__pae_pdptes_are_registers)
{
	phys_addr_t pa = 0;
	struct mmu_fault f;

	setup(36);
	w64(0x1000 + 3 * 8, 0x2000 | P);			/* PDPTE 3 */
	w64(0x2000 + 1 * 8, 0x00200000 | P | RW | PS);	/* 2M */
	w64(0x2000 + 2 * 8, 0x3000 | P | RW);
	w64(0x3000 + 4 * 8, 0x0000f000 | P | RW | XD);
	EXPECT_EQ(cpu_write_efer(&cpu, EFER_NX), 0);
	EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE), 0);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG), 0);
	EXPECT_EQ(cpu.mode, MMU_X86_PAE);
	EXPECT_EQ(tr(0xc0212345, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x212345);
	EXPECT_EQ(tr(0xc0404000, MMU_EXEC, &pa, &f), -EFAULT);
	EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_INSTR);
	/* A PDPTE written in memory is not seen until CR3 is reloaded. */
	w64(0x1000 + 0 * 8, 0x2000 | P);
	EXPECT_EQ(tr(0x00212345, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
	EXPECT_EQ(tr(0x00212345, 0, &pa, &f), 0);
	/* Reserved bits in a PDPTE: the MOV to CR3 itself is #GP. */
	w64(0x1000 + 1 * 8, 0x2000 | P | RW);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), -EINVAL);
}

TEST(mmu__pae_reserved_bits_62_to_maxphyaddr)
{
	static const unsigned int bits[] = { 36, 52, 58, 62 };
	phys_addr_t pa = 0;
	struct mmu_fault f;

	/* PAE PDEs/PTEs reserve bits 62:MAXPHYADDR (SDM tables 4-9..4-11). */
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
		u64 b = 1ULL << bits[i];

		setup(36);
		w64(0x1000, 0x2000 | P);
		w64(0x2000, 0x3000 | P | RW);			/* PDE 0 -> PT */
		w64(0x3000 + 1 * 8, 0x5000 | P | RW | b);	/* PTE 1 */
		w64(0x2000 + 1 * 8, 0x00400000 | P | RW | PS | b); /* 2M */
		w64(0x2000 + 2 * 8, 0x4000 | P | RW | b);	/* PDE -> PT */
		w64(0x4000, 0x6000 | P | RW);
		EXPECT_EQ(cpu_write_cr4(&cpu, X86_CR4_PAE), 0);
		EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000), 0);
		EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG), 0);
		EXPECT_EQ(tr(0x1000, 0, &pa, &f), -EFAULT);
		EXPECT_EQ(f.vector, X86_TRAP_PF);
		EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD);
		EXPECT_EQ(tr(0x200000, 0, &pa, &f), -EFAULT);
		EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD);
		EXPECT_EQ(tr(0x400000, 0, &pa, &f), -EFAULT);
		EXPECT_EQ(f.error_code, X86_PF_PROT | X86_PF_RSVD);
		/* The clean PTE next to it still works. */
		w64(0x3000, 0x7000 | P | RW);
		EXPECT_EQ(tr(0x0, 0, &pa, &f), 0);
		EXPECT_EQ(pa, 0x7000);
	}
	/* In 4-level mode bits 62:52 are ignored (available to software). */
	setup(46);
	w64(0x1000, 0x2000 | P | RW);
	w64(0x2000, 0x3000 | P | RW);
	w64(0x3000, 0x4000 | P | RW);
	w64(0x4000, 0x5000 | P | RW | (1ULL << 58) | (1ULL << 62));
	long_mode(0);
	EXPECT_EQ(tr(0x0, 0, &pa, &f), 0);
	EXPECT_EQ(pa, 0x5000);
}

TEST(mmu__reserved_control_register_bits_are_gp)
{
	setup(46);
	EXPECT_EQ(cpu_write_efer(&cpu, BIT_ULL(9)), -EINVAL);
	EXPECT_EQ(cpu_write_efer(&cpu, BIT_ULL(20)), -EINVAL);
	EXPECT_EQ(cpu_write_cr4(&cpu, BIT_ULL(30)), -EINVAL);
	EXPECT_EQ(cpu_write_cr4(&cpu, BIT_ULL(15)), -EINVAL);
	EXPECT_EQ(cpu.cr4, 0);
	long_mode(0);
	/* CR3 bit 63 is reserved unless CR4.PCIDE=1. */
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000 | X86_CR3_PCID_NOFLUSH), -EINVAL);
	/* Clearing CR0.PG in 64-bit mode is #GP; the CPU keeps paging. */
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE), -EINVAL);
	EXPECT_EQ(cpu.mode, MMU_X86_4L);
	/* With PCIDE, bit 63 means "do not flush". */
	EXPECT_EQ(cpu_write_cr4(&cpu, cpu.cr4 | X86_CR4_PCIDE), 0);
	EXPECT_EQ(cpu_write_cr3(&cpu, 0x1000 | 1 | X86_CR3_PCID_NOFLUSH), 0);
	EXPECT_EQ(cpu.cr3, 0x1001);
}

TEST(mmu__lme_without_pae_is_gp)
{
	setup(46);
	EXPECT_EQ(cpu_write_efer(&cpu, EFER_LME), 0);
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PE | X86_CR0_PG), -EINVAL);
	EXPECT_EQ(cpu.mode, MMU_OFF);
	EXPECT_EQ(cpu_write_cr0(&cpu, X86_CR0_PG), -EINVAL);	/* PG without PE */
}

int main(void)
{
	RUN(mmu__paging_off_is_physical);
	RUN(mmu__four_level_4k_2m_1g);
	RUN(mmu__five_level);
	RUN(mmu__noncanonical_is_gp_without_cr2);
	RUN(mmu__not_present_error_codes_and_cr2);
	RUN(mmu__fast_walk_not_present_matches_full_walk);
	RUN(mmu__every_permission_combination);
	RUN(mmu__reserved_bits_fault_with_rsvd);
	RUN(mmu__cr3_outside_ram_and_self_loops);
	RUN(mmu__legacy_32bit_4k_and_4m_pse);
	RUN(mmu__pae_pdptes_are_registers);
	RUN(mmu__pae_reserved_bits_62_to_maxphyaddr);
	RUN(mmu__reserved_control_register_bits_are_gp);
	RUN(mmu__lme_without_pae_is_gp);
	cpu_exit(&cpu);
	ram_exit(&ram);
	return done();
}
