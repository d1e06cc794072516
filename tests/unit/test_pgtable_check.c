// SPDX-License-Identifier: GPL-2.0
/*
 * pgtable_check() on corrupted kernel entries of every x86 format: a table
 * outside RAM, a loop back to the pgd, reserved bits (PDPTE, 4 MiB PSE-36
 * bit 21, above MAXPHYADDR); each fails, and passes once restored.
 */
#include "../test.h"

#include "pgtable_fixture.h"

static void corrupt(struct machine *m, void *p, u64 v, const char *want)
{
	u64 orig = pt_entry_read(p);

	sb_reset(&m->check_report);
	pt_entry_write(p, v);
	EXPECT(pgtable_check(m) != 0);
	if (!strstr(sb_str(&m->check_report), want))
		printf("# want '%s', got:\n%s", want, sb_str(&m->check_report));
	EXPECT(strstr(sb_str(&m->check_report), want));
	pt_entry_write(p, orig);
	sb_reset(&m->check_report);
	EXPECT_EQ(pgtable_check(m), 0);
}

TEST(check__x86_64_pde)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 1);
	unsigned int level;
	pte_t *pde;
	u64 v;

	ASSERT(m);
	EXPECT_EQ(pgtable_check(m), 0);
	pde = lookup_address(m->layout.page_offset + (40ULL << 20), &level);
	ASSERT(pde && level == PG_LEVEL_2M);
	v = pt_entry_read(pde);
	corrupt(m, pde, 0x7f000000000ULL | _KERNPG_TABLE, "table outside RAM");
	corrupt(m, pde, init_mm.pgd_phys | _KERNPG_TABLE, "referenced twice");
	corrupt(m, pde, v | BIT_ULL(50), "above MAXPHYADDR");
	corrupt(m, pde, v | BIT_ULL(13), "not aligned");
	pt_machine_free(m);
}

TEST(check__x86_32_and_pae)
{
	struct machine *m = pt_machine(ARCH_X86_32, 256ULL << 20, 1);
	unsigned int level;
	pte_t *p;

	ASSERT(m);
	p = lookup_address(0xc8000000ULL, &level);
	ASSERT(p && level == PG_LEVEL_2M);
	corrupt(m, p, pt_entry_read(p) | BIT_ULL(21), "reserved bits");
	pt_machine_free(m);

	m = pt_machine(ARCH_X86_32_PAE, 256ULL << 20, 1);
	ASSERT(m);
	p = (pte_t *)((u8 *)init_mm.pgd + 3 * 8);	/* kernel PDPTE */
	corrupt(m, p, pt_entry_read(p) | _PAGE_RW, "PDPTE");
	pt_machine_free(m);
}

int main(void)
{
	RUN(check__x86_64_pde);
	RUN(check__x86_32_and_pae);
	return done();
}
