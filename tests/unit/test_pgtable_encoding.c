// SPDX-License-Identifier: GPL-2.0
/*
 * Bit-exact page-table entries per format, against values written out by
 * hand from the Intel SDM (tables 4-4..4-20) and Linux's headers:
 * arch/x86/include/asm/pgtable_types.h (__PAGE_KERNEL = P|RW|A|D|G|NX =
 * 0x163|NX, PAGE_SHARED = P|RW|US|A|NX = 0x27|NX, ...),
 * arch/arm/include/asm/pgtable-2level.h / pgtable.h (L_PTE_* and
 * PAGE_KERNEL/PAGE_SHARED built by build_mem_type_table) and the hardware
 * PTE that cpu_v7_set_pte_ext (arch/arm/mm/proc-v7-2level.S) derives.
 */
#include "../test.h"
#include "pgtable_fixture.h"

#define NX	(1ULL << 63)

static struct machine *boot(enum mm_arch_id arch)
{
	return pt_machine(arch, 256ULL << 20, 1);
}

TEST(enc__x86_64_protections_and_entries)
{
	static const enum mm_arch_id archs[] = { ARCH_X86_64, ARCH_X86_64_LA57 };

	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = boot(archs[i]);

		EXPECT(m != NULL);
		if (!m)
			return;
		EXPECT_EQ(pgprot_val(PAGE_KERNEL), 0x163 | NX);
		EXPECT_EQ(pgprot_val(PAGE_KERNEL_EXEC), 0x163);
		EXPECT_EQ(pgprot_val(PAGE_KERNEL_RO), 0x161 | NX);
		EXPECT_EQ(pgprot_val(PAGE_KERNEL_LARGE), 0x1e3 | NX);
		EXPECT_EQ(pgprot_val(PAGE_SHARED), 0x27 | NX);
		EXPECT_EQ(pgprot_val(PAGE_READONLY), 0x25 | NX);
		EXPECT_EQ(pgprot_val(PAGE_NONE), 0x120);
		EXPECT_EQ(pte_val(pfn_pte(0x12345, PAGE_KERNEL)),
			  0x8000000012345163ULL);
		/* The highest 52-bit frame; bits 62:52 stay clear. */
		EXPECT_EQ(pte_val(pfn_pte(0xffffffffffULL, PAGE_SHARED)),
			  0x800ffffffffff027ULL);
		EXPECT_EQ(pmd_val(pfn_pmd(0x200, PAGE_KERNEL_LARGE)),
			  0x80000000002001e3ULL);
		EXPECT_EQ(pud_val(pfn_pud(0x40000, PAGE_KERNEL_LARGE)),
			  0x80000000400001e3ULL);
		EXPECT_EQ(pte_pfn(__pte(0x8000000012345163ULL)), 0x12345);
		EXPECT_EQ(pmd_pfn(__pmd(0x80000000002001e3ULL)), 0x200);
		EXPECT_EQ(pud_pfn(__pud(0x80000000400001e3ULL)), 0x40000);
		EXPECT(pmd_leaf(__pmd(0x2001e3)));
		EXPECT(!pmd_leaf(__pmd(0x200067)));
		/* pte_mk*: one bit each. */
		EXPECT_EQ(pte_val(pte_mkdirty(__pte(0x1))), 0x41);
		EXPECT_EQ(pte_val(pte_mkyoung(__pte(0x1))), 0x21);
		EXPECT_EQ(pte_val(pte_wrprotect(__pte(0x3))), 0x1);
		EXPECT_EQ(pte_val(pte_mkexec(__pte(0x1 | NX))), 0x1);
		EXPECT_EQ(pte_val(pte_mkglobal(__pte(0x1))), 0x101);
		pt_machine_free(m);
	}
}

TEST(enc__x86_pae)
{
	struct machine *m = boot(ARCH_X86_32_PAE);
	pmd_t *pmd;
	pte_t *pte;

	EXPECT(m != NULL);
	if (!m)
		return;
	EXPECT_EQ(pgprot_val(PAGE_KERNEL), 0x163 | NX);
	EXPECT_EQ(pgprot_val(PAGE_KERNEL_LARGE), 0x1e3 | NX);
	/* 64-bit entries: a frame above 4 GiB fits. */
	EXPECT_EQ(pte_val(pfn_pte(0x123456, PAGE_KERNEL)),
		  0x8000000123456163ULL);
	EXPECT_EQ(pmd_val(pfn_pmd(0x800, PAGE_KERNEL_LARGE)),
		  0x80000000008001e3ULL);
	/* Table entries: _PAGE_TABLE (0x67) in a PDE; a PDPTE holds only P. */
	pte = pt_walk_alloc(&init_mm, 0xf0000000ULL, PT_PTE);
	pmd = pt_walk_alloc(&init_mm, 0xf0000000ULL, PT_PMD);
	EXPECT(pte && pmd);
	EXPECT_EQ(pmd_val(pmdp_get(pmd)) & 0xfff, 0x67);
	EXPECT_EQ(pt_entry_read((u8 *)init_mm.pgd + 3 * 8) & 0xfff, 0x1);
	pt_machine_free(m);
}

TEST(enc__x86_32_and_pse36)
{
	struct machine *m = boot(ARCH_X86_32);

	EXPECT(m != NULL);
	if (!m)
		return;
	/* No NX in 2-level paging: __supported_pte_mask drops it. */
	EXPECT_EQ(pgprot_val(PAGE_KERNEL), 0x163);
	EXPECT_EQ(pgprot_val(PAGE_KERNEL_LARGE), 0x1e3);
	EXPECT_EQ(pgprot_val(PAGE_SHARED), 0x27);
	EXPECT_EQ(pte_val(pfn_pte(0x12345, PAGE_KERNEL)), 0x12345163);
	/* PSE-36: PA[35:32] of a 4 MiB page in PDE bits 16:13. */
	EXPECT_EQ(pmd_val(pfn_pmd(0x300800, PAGE_KERNEL_LARGE)), 0x008061e3);
	EXPECT_EQ(pmd_pfn(__pmd(0x008061e3)), 0x300800);
	EXPECT_EQ(pmd_val(pfn_pmd(0xc00, PAGE_KERNEL_LARGE)), 0x00c001e3);
	pt_machine_free(m);
}

/* The Linux PTE and the hardware PTE 2 KiB above it after set_pte_at. */
static void arm_set(struct machine *m, u64 va, pte_t v, u64 *lin, u64 *hw)
{
	pte_t *p = pt_walk_alloc(&init_mm, va, PT_PTE);

	EXPECT(p != NULL);
	if (!p)
		return;
	set_pte_at(&init_mm, va, p, v);
	*lin = pt_entry_read(p);
	*hw = pt_entry_read((u8 *)p + ARM_HW_PTE_OFFSET);
	(void)m;
}

TEST(enc__arm_linux_and_hardware_ptes)
{
	struct machine *m = boot(ARCH_ARM32);
	u64 lin = 0, hw = 0;
	pmd_t *pmd;

	EXPECT(m != NULL);
	if (!m)
		return;
	/* L_PTE_PRESENT|YOUNG|DIRTY|MT_WRITEBACK|SHARED (+XN, +USER, +RDONLY) */
	EXPECT_EQ(pgprot_val(PAGE_KERNEL), 0x64f);
	EXPECT_EQ(pgprot_val(PAGE_KERNEL_EXEC), 0x44f);
	EXPECT_EQ(pgprot_val(PAGE_KERNEL_RO), 0x6cf);
	EXPECT_EQ(pgprot_val(PAGE_SHARED), 0x70f);
	EXPECT_EQ(pgprot_val(PAGE_READONLY), 0x78f);
	/* MT_MEMORY_RW section: SECT|C|B|XN|AP_WRITE|TEX(1)|S, domain 0 */
	EXPECT_EQ(pgprot_val(PAGE_KERNEL_LARGE), 0x1141e);
	EXPECT_EQ(pmd_val(pfn_pmd(0x12300, PAGE_KERNEL_LARGE)), 0x1231141e);
	EXPECT_EQ(pte_val(pfn_pte(0x12345, PAGE_KERNEL)), 0x1234564f);

	/* Kernel RW: global, AP=001 (AP0), XN, C|B, shared. */
	arm_set(m, 0xf0000000ULL, pfn_pte(0x12345, PAGE_KERNEL), &lin, &hw);
	EXPECT_EQ(lin, 0x1234564f);
	EXPECT_EQ(hw, 0x1234541f);
	/* Kernel RO: APX too (AP=101). */
	arm_set(m, 0xf0001000ULL, pfn_pte(0x12345, PAGE_KERNEL_RO), &lin, &hw);
	EXPECT_EQ(lin, 0x123456cf);
	EXPECT_EQ(hw, 0x1234561f);
	/* User RW but clean: APX until the first write (dirty tracking), nG. */
	arm_set(m, 0x10000, pfn_pte(0x12345, PAGE_SHARED), &lin, &hw);
	EXPECT_EQ(lin, 0x1234570f);
	EXPECT_EQ(hw, 0x12345e3f);
	arm_set(m, 0x10000, pte_mkdirty(pfn_pte(0x12345, PAGE_SHARED)), &lin, &hw);
	EXPECT_EQ(lin, 0x1234574f);
	EXPECT_EQ(hw, 0x12345c3f);
	/* User RO: APX|AP1|AP0 = 111. */
	arm_set(m, 0x11000, pfn_pte(0x12345, PAGE_READONLY), &lin, &hw);
	EXPECT_EQ(lin, 0x1234578f);
	EXPECT_EQ(hw, 0x12345e3f);
	/* Old or PROT_NONE: no hardware mapping at all. */
	arm_set(m, 0x12000, pte_mkold(pfn_pte(0x12345, PAGE_SHARED)), &lin, &hw);
	EXPECT_EQ(lin, 0x1234570d);
	EXPECT_EQ(hw, 0);
	arm_set(m, 0x13000, pfn_pte(0x12345, PAGE_NONE), &lin, &hw);
	EXPECT_EQ(hw, 0);
	/* Kernel executable: no XN. */
	arm_set(m, 0xf0002000ULL, pfn_pte(0x12345, PAGE_KERNEL_EXEC), &lin, &hw);
	EXPECT_EQ(hw, 0x1234541e);
	/* __pmd_populate: two 1 KiB hardware tables, 2 KiB into the page. */
	pmd = pt_walk_alloc(&init_mm, 0xf0000000ULL, PT_PMD);
	EXPECT_EQ(pt_entry_read(pmd) & 0x3ff, 0x11);	/* TABLE|BIT4, dom 0 */
	EXPECT_EQ(pt_entry_read(pmd) & 0xfff, ARM_HW_PTE_OFFSET | 0x11);
	EXPECT_EQ(pt_entry_read((u8 *)pmd + 4) - pt_entry_read(pmd), 1024);
	pt_machine_free(m);
}

int main(void)
{
	RUN(enc__x86_64_protections_and_entries);
	RUN(enc__x86_pae);
	RUN(enc__x86_32_and_pse36);
	RUN(enc__arm_linux_and_hardware_ptes);
	return done();
}
