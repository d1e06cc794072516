// SPDX-License-Identifier: GPL-2.0
/*
 * __pa() / __va() (L6): the linear map works for lowmem / the direct map
 * (and x86_64's kernel text mapping); every other region is a clear error.
 */
#include "layout_helpers.h"

static int pa_of(struct machine *m, vaddr_t va, phys_addr_t *pa,
		 const char **why)
{
	*why = "";
	return arch_virt_to_phys(m, va, pa, why);
}

#define EXPECT_PA(m, va, want)						\
	do {								\
		phys_addr_t __pa;					\
		const char *__why;					\
		EXPECT_EQ(pa_of((m), (va), &__pa, &__why), 0);		\
		EXPECT_EQ(__pa, (want));				\
	} while (0)

#define EXPECT_PA_ERR(m, va, word)					\
	do {								\
		phys_addr_t __pa;					\
		const char *__why;					\
		EXPECT_EQ(pa_of((m), (va), &__pa, &__why), -EFAULT);	\
		if (!strstr(__why, (word)))				\
			FAIL_AT("__pa(%#llx): \"%s\" lacks \"%s\"",	\
				(unsigned long long)(va), __why, (word)); \
	} while (0)

#define EXPECT_VA(m, pa, want)						\
	do {								\
		vaddr_t __va;						\
		const char *__why = "";					\
		EXPECT_EQ(arch_phys_to_virt((m), (pa), &__va, &__why), 0); \
		EXPECT_EQ(__va, (want));				\
	} while (0)

#define EXPECT_VA_ERR(m, pa, word)					\
	do {								\
		vaddr_t __va;						\
		const char *__why = "";					\
		EXPECT_EQ(arch_phys_to_virt((m), (pa), &__va, &__why),	\
			  -EFAULT);					\
		if (!strstr(__why, (word)))				\
			FAIL_AT("__va(%#llx): \"%s\" lacks \"%s\"",	\
				(unsigned long long)(pa), __why, (word)); \
	} while (0)

TEST(linear_map__x86_32)
{
	struct machine *m = boot_with("x86_32", 2 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_PA(m, 0xc0000000, 0);
	EXPECT_PA(m, 0xc1000000, 0x1000000);		/* kernel _text */
	EXPECT_PA(m, 0xf73fdfff, 0x373fdfff);		/* last lowmem byte */
	EXPECT_VA(m, 0x1000000, 0xc1000000);
	EXPECT_VA(m, 0x373fd000, 0xf73fd000);
	EXPECT_PA_ERR(m, 0xf73fe000, "guard hole");	/* high_memory */
	EXPECT_PA_ERR(m, 0xf8000000, "vmalloc");
	EXPECT_PA_ERR(m, 0xff400000, "pkmap");
	EXPECT_PA_ERR(m, 0xffc00000, "cpu_entry_area");
	EXPECT_PA_ERR(m, 0xfff40000, "fixmap");
	EXPECT_PA_ERR(m, 0x08048000, "user");
	EXPECT_PA_ERR(m, 0x100000000ULL, "32-bit");
	EXPECT_VA_ERR(m, 0x373fe000, "HighMem");	/* first HighMem pfn */
	EXPECT_VA_ERR(m, 0x7ffff000, "HighMem");
	EXPECT_VA_ERR(m, 0x80000000, "end of RAM");
	machine_destroy(m);
}

TEST(linear_map__x86_64)
{
	struct machine *m = boot_with("x86_64", 4 * SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_PA(m, 0xffff888000001234ULL, 0x1234);
	EXPECT_PA(m, 0xffff888100000000ULL, 0x100000000ULL);	/* above 4G */
	EXPECT_PA(m, 0xffffffff81000000ULL, 0x1000000);	/* __pa_symbol */
	EXPECT_VA(m, 0x1234, 0xffff888000001234ULL);
	EXPECT_PA_ERR(m, 0x0000800000000000ULL, "non-canonical");
	EXPECT_PA_ERR(m, 0xffff7fffffffffffULL, "non-canonical");
	EXPECT_PA_ERR(m, 0x0000000000400000ULL, "user");
	EXPECT_PA_ERR(m, 0xffffc90000001000ULL, "vmalloc");
	EXPECT_PA_ERR(m, 0xffffea0000000000ULL, "vmemmap");
	EXPECT_PA_ERR(m, 0xffffffffff57d000ULL, "fixmap");
	EXPECT_PA_ERR(m, 0xffffffffa0001000ULL, "module");
	EXPECT_PA_ERR(m, 0xffff800000000000ULL, "hole");	/* guard hole */
	/* RAM ends at 5G (PCI hole): the direct map beyond is empty */
	EXPECT_PA_ERR(m, 0xffff888000000000ULL + 5 * SZ_1G, "high_memory");
	EXPECT_VA_ERR(m, 5 * SZ_1G, "end of RAM");
	EXPECT_VA_ERR(m, 1ULL << 47, "physical address bits");
	machine_destroy(m);
}

TEST(linear_map__x86_64_la57)
{
	struct machine *m = boot_with("x86_64_la57", SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_PA(m, 0xff11000000001000ULL, 0x1000);
	EXPECT_VA(m, 0x1000, 0xff11000000001000ULL);
	/* canonical for 57 bits, non-canonical for 48 */
	EXPECT_PA_ERR(m, 0xff00000000000000ULL, "hole");
	EXPECT_PA_ERR(m, 0x0100000000000000ULL, "non-canonical");
	EXPECT_PA_ERR(m, 0x0000800000000000ULL, "user");
	machine_destroy(m);
}

TEST(linear_map__arm32)
{
	struct machine *m = boot_with("arm32", SZ_1G, 0, 0, 0);

	ASSERT(m);
	EXPECT_PA(m, 0xc0008000, 0x8000);		/* TEXT_OFFSET */
	EXPECT_VA(m, 0x2ffff000, 0xeffff000);
	EXPECT_PA_ERR(m, 0xbf000000, "module");
	EXPECT_PA_ERR(m, 0xbfe00000, "pkmap");
	EXPECT_PA_ERR(m, 0xffff0000, "vectors");
	EXPECT_PA_ERR(m, 0xf1000000, "vmalloc");
	EXPECT_PA_ERR(m, 0xffd00000, "fixmap");
	EXPECT_PA_ERR(m, 0x00010000, "user");
	EXPECT_VA_ERR(m, 0x30000000, "HighMem");
	EXPECT_VA_ERR(m, 0x40000000, "end of RAM");
	machine_destroy(m);
}

int main(void)
{
	RUN(linear_map__x86_32);
	RUN(linear_map__x86_64);
	RUN(linear_map__x86_64_la57);
	RUN(linear_map__arm32);
	return done();
}
