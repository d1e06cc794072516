// SPDX-License-Identifier: GPL-2.0
/*
 * Bad machine options: each is refused with a message that names the
 * option and the limit, and nothing crashes.
 */
#include "layout_helpers.h"

/* Boot must fail and the reason must contain @word. */
static void expect_refused(const struct machine_config *cfg, const char *word)
{
	char err[256] = "";
	struct machine *m = machine_boot(cfg, err, sizeof(err));

	if (m) {
		FAIL_AT("booted, expected an error with \"%s\"", word);
		machine_destroy(m);
		return;
	}
	if (!strstr(err, word))
		FAIL_AT("error \"%s\" lacks \"%s\"", err, word);
}

static struct machine_config cfg_for(const char *arch, u64 mem)
{
	struct machine_config cfg;

	machine_config_default(&cfg);
	parse_arch(arch, &cfg.arch);
	cfg.mem = mem;
	return cfg;
}

TEST(bad_input__unknown_arch)
{
	struct machine_config cfg = cfg_for("x86_64", SZ_1G);
	enum mm_arch_id id;

	EXPECT_EQ(parse_arch("mips", &id), -EINVAL);
	EXPECT(arch_ops_for(NR_ARCHS) == NULL);
	cfg.arch = NR_ARCHS;
	expect_refused(&cfg, "--arch");
}

TEST(bad_input__mem_sizes)
{
	struct machine_config cfg = cfg_for("x86_64", 0);

	expect_refused(&cfg, "--mem");			/* zero */
	cfg.mem = 8 * SZ_1M;
	expect_refused(&cfg, "16M");			/* below the minimum */
	cfg.mem = SZ_1G + 100;
	expect_refused(&cfg, "4K");			/* unaligned */
	cfg = cfg_for("x86_32", 128 * SZ_1G);
	expect_refused(&cfg, "64G");			/* beyond a 32-bit PC */
	cfg = cfg_for("arm32", 8 * SZ_1G);
	expect_refused(&cfg, "4G");			/* no LPAE */
	cfg = cfg_for("x86_64", ~0ULL & ~(PAGE_SIZE - 1));
	expect_refused(&cfg, "--mem");			/* absurd */
}

TEST(bad_input__options_for_the_wrong_arch)
{
	struct machine_config cfg = cfg_for("x86_64", SZ_1G);

	cfg.vmsplit = 2 * SZ_1G;
	expect_refused(&cfg, "--vmsplit");
	cfg = cfg_for("x86_64", SZ_1G);
	cfg.dma_limit = 32 * SZ_1M;
	expect_refused(&cfg, "--dma-limit");
	cfg = cfg_for("x86_32", SZ_1G);
	cfg.dma_limit = 32 * SZ_1M;
	expect_refused(&cfg, "only arm32");
	cfg = cfg_for("x86_64", SZ_1G);
	cfg.vmalloc = 256 * SZ_1M;
	expect_refused(&cfg, "--vmalloc");
	cfg = cfg_for("arm32", SZ_1G);
	cfg.layout = LAYOUT_4X;
	expect_refused(&cfg, "only for x86_64");
	cfg = cfg_for("x86_64_la57", SZ_1G);
	cfg.layout = LAYOUT_4X;
	expect_refused(&cfg, "--layout");
	cfg = cfg_for("arm32", SZ_1G);
	cfg.nodes = 2;
	expect_refused(&cfg, "--nodes");
}

TEST(bad_input__32bit_option_values)
{
	struct machine_config cfg = cfg_for("arm32", SZ_1G);

	cfg.vmsplit = SZ_1G;
	expect_refused(&cfg, "3G, 2G");
	cfg = cfg_for("x86_32", SZ_1G);
	cfg.vmsplit = 512 * SZ_1M;
	expect_refused(&cfg, "3G, 2G, 1G");
	cfg = cfg_for("x86_32", SZ_1G);
	cfg.vmalloc = 1000 * SZ_1M;
	expect_refused(&cfg, "at most 939M");
	cfg = cfg_for("x86_32", SZ_1G);
	cfg.vmalloc = 100 * SZ_1M + 1;
	expect_refused(&cfg, "page size");
	cfg = cfg_for("arm32", SZ_1G);
	cfg.dma_limit = 8 * SZ_1G;
	expect_refused(&cfg, "--dma-limit");
	cfg = cfg_for("arm32", SZ_1G);
	cfg.dma_limit = 3 * SZ_1M + 4096;
	expect_refused(&cfg, "megabytes");
}

TEST(bad_input__smallest_machines_boot)
{
	static const char *const archs[] = { "x86_32", "x86_32_pae", "x86_64",
					     "x86_64_la57", "arm32" };

	for (size_t i = 0; i < ARRAY_SIZE(archs); i++) {
		struct machine *m = boot_with(archs[i], SZ_16M, 0, 0, 0);

		EXPECT(m != NULL);
		if (m) {
			EXPECT(m->kernel_phys_end <= SZ_16M);
			EXPECT_EQ(m->arch->check(m), 0);
		}
		machine_destroy(m);
	}
}

int main(void)
{
	RUN(bad_input__unknown_arch);
	RUN(bad_input__mem_sizes);
	RUN(bad_input__options_for_the_wrong_arch);
	RUN(bad_input__32bit_option_values);
	RUN(bad_input__smallest_machines_boot);
	return done();
}
