/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for unit tests. Each test file is one ctest test;
 * the TAP lines say which check failed and where.
 *
 *	TEST(page_alloc__merge_stops_at_zone_end) { ... EXPECT_EQ(a, b); }
 *	int main(void) { RUN(page_alloc__merge_stops_at_zone_end); return done(); }
 */
#ifndef MMSIM_TEST_H
#define MMSIM_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/arch.h>
#include <mmsim/machine.h>

static int t_run, t_failed, t_cur_failed;
static const char *t_cur;

#define TEST(name) static void name(void)

#define RUN(name)							\
	do {								\
		t_cur = #name;						\
		t_cur_failed = 0;					\
		name();							\
		t_run++;						\
		if (t_cur_failed)					\
			t_failed++;					\
		printf("%s %d - %s\n", t_cur_failed ? "not ok" : "ok",	\
		       t_run, #name);					\
		fflush(stdout);						\
	} while (0)

#define FAIL_AT(...)							\
	do {								\
		t_cur_failed = 1;					\
		printf("# %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	} while (0)

#define EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			FAIL_AT("expected %s", #cond);			\
	} while (0)

#define EXPECT_EQ(a, b)							\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (__a != __b)						\
			FAIL_AT("%s == %s: 0x%llx (%llu) != 0x%llx (%llu)", \
				#a, #b, __a, __a, __b, __b);		\
	} while (0)

#define EXPECT_STR(a, b)						\
	do {								\
		const char *__a = (a), *__b = (b);			\
		if (!__a || !__b || strcmp(__a, __b))			\
			FAIL_AT("%s == %s: \"%s\" != \"%s\"", #a, #b,	\
				__a ? __a : "(null)", __b ? __b : "(null)"); \
	} while (0)

/* Stop the current test (not the program) when a precondition fails. */
#define ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			FAIL_AT("assertion %s", #cond);			\
			return;						\
		}							\
	} while (0)

static inline int done(void)
{
	printf("1..%d\n", t_run);
	printf("%d passed, %d failed\n", t_run - t_failed, t_failed);
	return t_failed ? 1 : 0;
}

/* Boot a machine from CLI-like words; NULL (with a TAP diagnostic) on error. */
static inline struct machine *test_boot(const char *arch, const char *mem)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	machine_config_default(&cfg);
	if (parse_arch(arch, &cfg.arch) || parse_size(mem, &cfg.mem)) {
		printf("# bad test machine %s %s\n", arch, mem);
		return NULL;
	}
	m = machine_boot(&cfg, err, sizeof(err));
	if (!m)
		printf("# boot %s %s failed: %s\n", arch, mem, err);
	return m;
}

static inline struct machine *test_boot_cfg(const struct machine_config *cfg)
{
	char err[256];
	struct machine *m = machine_boot(cfg, err, sizeof(err));

	if (!m)
		printf("# boot failed: %s\n", err);
	return m;
}

#endif /* MMSIM_TEST_H */
