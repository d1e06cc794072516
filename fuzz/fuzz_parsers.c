// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the text parsers behind the CLI options and mm.boot{}
 * (parse_size, parse_arch, lmm_config_set, kernel/config.c) and the GFP
 * strings (gfp_parse, gfp_format, mm/gfp.c).
 *
 * Beyond "no crash", each parser must agree with its printer: a size that
 * parses prints (format_size) to text that parses back to the same bytes,
 * and GFP flags that parse print (gfp_format) to text that parses back to
 * the same mask, in a GFP_STR_LEN buffer and without overrunning a short one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/gfp.h>
#include <mmsim/machine.h>

#include "fuzz_input.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_parsers: " __VA_ARGS__); abort(); } while (0)

static void size_roundtrip(u64 v)
{
	char buf[32];
	u64 back;

	format_size(v, buf, sizeof(buf));
	if (parse_size(buf, &back) || back != v)
		FAIL("format_size(%llu) = '%s' does not parse back\n",
		     (unsigned long long)v, buf);
}

static void fuzz_size(const char *s, struct fz *f)
{
	u64 v;

	if (!parse_size(s, &v))
		size_roundtrip(v);
	size_roundtrip(fz_u64(f));
}

static void gfp_roundtrip(gfp_t gfp)
{
	char buf[GFP_STR_LEN], bad[96];
	gfp_t back;

	gfp_format(gfp, buf, sizeof(buf), false);
	if (!gfp)
		return;			/* "" for none: nothing to parse */
	if (strlen(buf) + 1 >= sizeof(buf))
		FAIL("gfp_format(%#x) fills GFP_STR_LEN: '%s'\n", gfp, buf);
	if (gfp_parse(buf, &back, bad, sizeof(bad)) || back != gfp)
		FAIL("gfp_format(%#x) = '%s' parses back as %#x (%s)\n", gfp,
		     buf, back, bad);
}

static void fuzz_gfp(const char *s, struct fz *f)
{
	char small[40], bad[96];
	size_t len = fz_below(f, sizeof(small)) + 1;
	gfp_t gfp, any = (gfp_t)fz_u64(f) & GFP_VALID_MASK;

	if (!gfp_parse(s, &gfp, bad, sizeof(bad))) {
		if (gfp & ~GFP_VALID_MASK || !gfp_zone_valid(gfp))
			FAIL("'%s' parses to the invalid mask %#x\n", s, gfp);
		gfp_roundtrip(gfp);
	} else if (!bad[0]) {
		FAIL("'%s' is refused without a reason\n", s);
	}
	gfp_parse(s, &gfp, bad, fz_below(f, 8));	/* short reason buffer */
	if (gfp_zone_valid(any))
		gfp_roundtrip(any);
	/* A short buffer is truncated, never overrun (ASan watches). */
	{
		char *heap = malloc(len);

		gfp_format(any, heap, len, fz_bool(f));
		if (strlen(heap) >= len)
			FAIL("gfp_format overran a %zu-byte buffer\n", len);
		free(heap);
	}
}

static void fuzz_config(const char *key, const char *val)
{
	struct machine_config cfg;
	char err[256];
	bool trace = false;
	enum mm_arch_id arch;

	machine_config_default(&cfg);
	err[0] = '\0';
	if (lmm_config_set(&cfg, &trace, key, val, err, sizeof(err))) {
		if (!err[0])
			FAIL("%s='%s' is refused without a reason\n", key, val);
	} else if (cfg.mem == 0 || cfg.cpus < 1 || cfg.nodes < 1 ||
		   (unsigned int)cfg.arch >= NR_ARCHS) {
		FAIL("%s='%s' is accepted into a bad config\n", key, val);
	}
	if (!parse_arch(val, &arch) && strcmp(arch_name(arch), val))
		FAIL("parse_arch('%s') gives %s\n", val, arch_name(arch));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	unsigned int what = fz_u8(&f);
	char s[128];
	size_t n;

	n = fz_bytes(&f, s, sizeof(s) - 1);
	s[n] = '\0';
	switch (what % 3) {
	case 0:
		fuzz_size(s, &f);
		break;
	case 1:
		fuzz_gfp(s, &f);
		break;
	default: {
		int nk = 0;

		while (lmm_config_keys[nk])
			nk++;
		fuzz_config(fz_below(&f, 8) ? lmm_config_keys[what / 3 % nk]
					    : "bogus", s);
		break;
	}
	}
	return 0;
}
