// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/boot.c, mm/mm_init.c, kernel/numa.c: the machine boots in Linux's
 * order, sizes nodes and zones, reserves mem_map at the simulated
 * sizeof(struct page), and refuses bad configurations with a reason.
 */
#include <sys/resource.h>

#include "../test.h"
#include <mmsim/mm_init.h>
#include <mmsim/proc.h>

static u64 reserved_by(struct machine *m, const char *owner)
{
	u64 sum = 0;

	for (unsigned long i = 0; i < m->memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &m->memblock.reserved.regions[i];

		if (r->owner && !strcmp(r->owner, owner))
			sum += r->size;
	}
	return sum;
}

static unsigned long present_pages(struct machine *m)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		sum += m->node_data[nid]->node_present_pages;
	return sum;
}

TEST(boot__x86_64_1g_prints_linux_zone_ranges)
{
	struct machine *m = test_boot("x86_64", "1G");

	ASSERT(m);
	EXPECT(strstr(sb_str(&m->dmesg), "Zone ranges:\n"));
	EXPECT(strstr(sb_str(&m->dmesg),
		      "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"));
	EXPECT(strstr(sb_str(&m->dmesg), "  Normal   empty\n"));
	EXPECT(strstr(sb_str(&m->dmesg), "Early memory node ranges\n"));
	EXPECT(strstr(sb_str(&m->dmesg), "Memory: "));
	EXPECT(m->booted);
	EXPECT(m->totalram_pages > 0);
	EXPECT(m->totalram_pages < present_pages(m));
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(boot__mem_map_reserved_at_simulated_struct_page_size)
{
	struct machine *m64 = test_boot("x86_64", "4G");
	struct machine *m32;
	u64 spanned;

	ASSERT(m64);
	/*
	 * 64 bytes per page, only for the 128 MiB sections holding RAM:
	 * 4G on a PC is [0, 3G) + [4G, 5G), 32 sections of 2 MiB vmemmap;
	 * the PCI hole [3G, 4G) costs nothing.
	 */
	EXPECT_EQ(reserved_by(m64, "mem_map"), 32 * SZ_2M);
	machine_destroy(m64);

	m32 = test_boot("x86_32", "512M");
	ASSERT(m32);
	spanned = m32->node_data[0]->node_spanned_pages;
	EXPECT_EQ(reserved_by(m32, "mem_map"), ALIGN(spanned * 32, PAGE_SIZE));
	/* lowmem, where Linux puts it */
	EXPECT(m32->mem_map_phys[0] < PFN_PHYS(m32->max_low_pfn));
	machine_destroy(m32);
}

TEST(boot__pae_64g_squeezes_lowmem)
{
	struct machine *m = test_boot("x86_32_pae", "64G");
	u64 mem_map;

	ASSERT(m);
	mem_map = reserved_by(m, "mem_map");
	/* 16 Mi pages * 32 bytes = 512 MiB of the 896 MiB of lowmem */
	EXPECT(mem_map >= (512ULL << 20) - (8ULL << 20));
	EXPECT(m->mem_map_phys[0] + mem_map <= PFN_PHYS(m->max_low_pfn));
	EXPECT((m->totalram_pages - m->totalhigh_pages) <
	       (400ULL << 20) / PAGE_SIZE);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(boot__nodes_split_ram_evenly)
{
	struct machine_config cfg;
	struct machine *m;

	machine_config_default(&cfg);
	cfg.mem = 4 * SZ_1G;
	cfg.nodes = 4;
	m = test_boot_cfg(&cfg);
	ASSERT(m);
	EXPECT_EQ(m->nr_node_ids, 4);
	for (int nid = 0; nid < 4; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		EXPECT(pgdat->node_present_pages > (800ULL << 20) / PAGE_SIZE);
		EXPECT(pgdat->node_present_pages < (1100ULL << 20) / PAGE_SIZE);
		EXPECT(pfn_to_nid(pgdat->node_start_pfn) == nid);
		/* Contiguous but for holes: node 3 starts above the PCI hole. */
		if (nid) {
			unsigned long prev = pgdat_end_pfn(m->node_data[nid - 1]);

			EXPECT(pgdat->node_start_pfn >= prev);
			EXPECT_EQ(memblock_present_pages_in(&m->memblock, prev,
						pgdat->node_start_pfn), 0);
			/* split_nodes_interleave(): boundaries on 32 MiB. */
			EXPECT_EQ(PFN_PHYS(pgdat->node_start_pfn) % SZ_32M, 0);
		}
	}
	EXPECT(strstr(sb_str(&m->dmesg), "Initmem setup node 3 "));
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

static void expect_refused(struct machine_config *cfg, const char *needle)
{
	char err[256] = "";
	struct machine *m = machine_boot(cfg, err, sizeof(err));

	EXPECT(m == NULL);
	if (m)
		machine_destroy(m);
	if (!strstr(err, needle))
		FAIL_AT("error \"%s\" lacks \"%s\"", err, needle);
}

TEST(boot__bad_configs_are_refused_with_a_reason)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	cfg.mem = 0;
	expect_refused(&cfg, "zero");
	cfg.mem = SZ_1G + 123;
	expect_refused(&cfg, "multiple");
	cfg.mem = SZ_4M;
	expect_refused(&cfg, "minimum");
	cfg.mem = 1ULL << 62;
	expect_refused(&cfg, "beyond");
	cfg.mem = SZ_1G;
	cfg.cpus = 0;
	expect_refused(&cfg, "--cpus");
	cfg.cpus = 2;
	cfg.nodes = 1000;
	expect_refused(&cfg, "--nodes");
	cfg.nodes = 64;
	expect_refused(&cfg, "32M");
	EXPECT(current_machine() == NULL);
}

TEST(boot__sparse_256g_costs_little_host_memory)
{
	struct rusage before, after;
	struct machine *m;

	getrusage(RUSAGE_SELF, &before);
	m = test_boot("x86_64", "256G");
	ASSERT(m);
	getrusage(RUSAGE_SELF, &after);
	/* struct page array alone would be 4 GiB if every entry were written */
	EXPECT(after.ru_maxrss - before.ru_maxrss < 256 * 1024);
	EXPECT(m->totalram_pages > (250ULL << 30) / PAGE_SIZE);
	EXPECT_EQ(machine_check(m), 0);
	machine_destroy(m);
}

TEST(boot__proc_meminfo_memtotal_matches_managed)
{
	struct machine *m = test_boot("x86_64", "2G");
	struct strbuf sb = STRBUF_INIT;
	char want[64];

	ASSERT(m);
	EXPECT_EQ(proc_read(m, "/proc/meminfo", &sb), 0);
	snprintf(want, sizeof(want), "MemTotal:       %8lu kB\n",
		 m->totalram_pages * 4);
	EXPECT(!strncmp(sb_str(&sb), want, strlen(want)));
	EXPECT_EQ(proc_read(m, "/proc/nonexistent", &sb), -ENOENT);
	sb_free(&sb);
	machine_destroy(m);
}

int main(void)
{
	RUN(boot__x86_64_1g_prints_linux_zone_ranges);
	RUN(boot__mem_map_reserved_at_simulated_struct_page_size);
	RUN(boot__pae_64g_squeezes_lowmem);
	RUN(boot__nodes_split_ram_evenly);
	RUN(boot__bad_configs_are_refused_with_a_reason);
	RUN(boot__sparse_256g_costs_little_host_memory);
	RUN(boot__proc_meminfo_memtotal_matches_managed);
	return done();
}
