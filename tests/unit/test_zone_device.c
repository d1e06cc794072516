// SPDX-License-Identifier: GPL-2.0
/*
 * ZONE_DEVICE: configured (CONFIG_ZONE_DEVICE, as distribution kernels do)
 * on x86_64 and x86_64_la57 only, always empty. It shows in "Zone ranges:"
 * as "Device   empty", as a fifth entry of every protection: list, as a
 * "Node 0, zone   Device" block of /proc/zoneinfo and as the *_device
 * counters of /proc/vmstat, in Linux's order; nothing is allocated from it.
 */
#include "../test.h"
#include <mmsim/page_alloc.h>
#include <mmsim/proc.h>
#include <string.h>

static const char device_block[] =
	"Node 0, zone   Device\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        promo    0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0, 0, 0)\n";

static int count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void check_x86_64(const char *arch)
{
	struct machine *m = test_boot(arch, "8G");
	struct strbuf zi = { 0 }, vs = { 0 };
	const char *p;
	struct page *pages[64];

	ASSERT(m);
	EXPECT(strstr(sb_str(&m->dmesg),
		      "  Normal   [mem 0x0000000100000000-0x000000023fffffff]\n"));
	EXPECT(strstr(sb_str(&m->dmesg), "  Device   empty\n"));
	EXPECT(!strstr(sb_str(&m->dmesg), "  Movable "));
	ASSERT(!proc_read(m, "/proc/zoneinfo", &zi));
	ASSERT(!proc_read(m, "/proc/vmstat", &vs));
	/* Device comes last, after Movable, and prints up to protection:. */
	p = strstr(sb_str(&zi), "Node 0, zone  Movable\n");
	EXPECT(p);
	EXPECT(p && strstr(p, device_block));
	EXPECT(!strcmp(sb_str(&zi) + zi.len - strlen(device_block),
		       device_block));
	/* Five zones, so five protection entries per zone. */
	EXPECT_EQ(count(sb_str(&zi), "protection: ("), 5);
	EXPECT_EQ(count(sb_str(&zi), "protection: (0, "), 5);
	EXPECT(strstr(sb_str(&zi), "protection: (0, 0, 0, 0, 0)\nNode 0, zone   Device"));
	/* FOR_ALL_ZONES: device after movable, in each of the three groups. */
	EXPECT(strstr(sb_str(&vs), "\npgalloc_movable 0\npgalloc_device 0\nallocstall_dma 0\n"));
	EXPECT(strstr(sb_str(&vs), "\nallocstall_movable 0\nallocstall_device 0\npgskip_dma 0\n"));
	EXPECT(strstr(sb_str(&vs), "\npgskip_movable 0\npgskip_device 0\npgfree "));
	EXPECT(!strstr(sb_str(&vs), "_high "));
	/* Never a zonelist entry, never a page. */
	EXPECT(!populated_zone(&m->node_data[0]->node_zones[ZONE_DEVICE]));
	for (int i = 0; i < 64; i++) {
		pages[i] = alloc_pages(GFP_HIGHUSER_MOVABLE, 4);
		ASSERT(pages[i]);
		EXPECT(zone_idx(page_zone(pages[i])) != ZONE_DEVICE);
	}
	for (int i = 0; i < 64; i++)
		__free_pages(pages[i], 4);
	EXPECT_EQ(machine_check(m), 0);
	sb_free(&zi);
	sb_free(&vs);
	machine_destroy(m);
}

TEST(zone_device__x86_64)
{
	check_x86_64("x86_64");
}

TEST(zone_device__x86_64_la57)
{
	check_x86_64("x86_64_la57");
}

TEST(zone_device__not_on_32bit)
{
	static const char *const arch[] = { "x86_32", "x86_32_pae", "arm32" };

	for (size_t i = 0; i < ARRAY_SIZE(arch); i++) {
		struct machine *m = test_boot(arch[i], "1G");
		struct strbuf zi = { 0 }, vs = { 0 };

		ASSERT(m);
		ASSERT(!proc_read(m, "/proc/zoneinfo", &zi));
		ASSERT(!proc_read(m, "/proc/vmstat", &vs));
		EXPECT(!strstr(sb_str(&m->dmesg), "Device"));
		EXPECT(!strstr(sb_str(&zi), "Device"));
		EXPECT(!strstr(sb_str(&vs), "_device"));
		EXPECT(!strstr(sb_str(&zi), "protection: (0, 0, 0, 0, 0)"));
		sb_free(&zi);
		sb_free(&vs);
		machine_destroy(m);
	}
}

int main(void)
{
	RUN(zone_device__x86_64);
	RUN(zone_device__x86_64_la57);
	RUN(zone_device__not_on_32bit);
	return done();
}
