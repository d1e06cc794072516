// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated RAM asks the host for transparent huge pages up to
 * RAM_HOST_HUGE_LIMIT and for small pages above it (hw/ram.c). The host
 * says what it granted in /proc/self/smaps ("THPeligible:" of the
 * mapping), which is checked whenever the host has THP at all; a host
 * with THP "never" grants neither, and only the request is checked.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "../test.h"

#include <hw/ram.h>

/*
 * Does the host grant this process transparent huge pages on request:
 * "always" or "madvise", and not disabled for the process (prctl)?
 */
static bool host_has_thp(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128] = "";
	bool ok;

	if (!f)
		return false;
	ok = fgets(line, sizeof(line), f) && !strstr(line, "[never]");
	fclose(f);
	return ok && prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 0;
}

/*
 * THPeligible of the host mapping holding @base: 0, 1, or -1. (The host
 * may merge neighbouring mappings of the same kind into one.)
 */
static int thp_eligible(const void *base)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool in = false;
	int v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		/* A mapping's first line; field names never parse so. */
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = lo <= (unsigned long)base &&
			     (unsigned long)base < hi;
			continue;
		}
		if (in && sscanf(line, "THPeligible: %d", &v) == 1)
			break;
	}
	fclose(f);
	return v;
}

TEST(ram__small_machine_asks_for_huge_pages)
{
	struct phys_ram ram;

	ASSERT(ram_init(&ram, 64ULL << 20) == 0);
	EXPECT(ram.host_huge);
	if (host_has_thp() && thp_eligible(ram.base) != -1)
		EXPECT_EQ(thp_eligible(ram.base), 1);
	/* Aligned to the host's 2 MiB pages, so they line up with the RAM's. */
	EXPECT_EQ((uintptr_t)ram.base & (RAM_HOST_HUGE_ALIGN - 1), 0);
	/* Still sparse in content: untouched RAM reads as zeroes. */
	EXPECT_EQ(((u8 *)ram_ptr(&ram, 5ULL << 20))[123], 0);
	ram_exit(&ram);
}

TEST(ram__large_machine_stays_on_small_pages)
{
	struct phys_ram ram;

	ASSERT(ram_init(&ram, RAM_HOST_HUGE_LIMIT + (64ULL << 20)) == 0);
	EXPECT(!ram.host_huge);
	/* -1: an old host kernel whose smaps has no THPeligible line. */
	EXPECT(thp_eligible(ram.base) != 1);
	ram_exit(&ram);

	ASSERT(ram_init(&ram, RAM_HOST_HUGE_LIMIT) == 0);
	EXPECT(ram.host_huge);		/* the limit itself is small */
	ram_exit(&ram);
}

int main(void)
{
	RUN(ram__small_machine_asks_for_huge_pages);
	RUN(ram__large_machine_stays_on_small_pages);
	return done();
}
