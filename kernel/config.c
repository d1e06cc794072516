// SPDX-License-Identifier: GPL-2.0
/*
 * Machine configuration: defaults and the parsing of the boot options shared
 * by the CLI and mm.boot{} (sizes like "512M", arch names, lmm_config_set()),
 * and format_size(), their inverse for sizes.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/machine.h>

static const char *const arch_names[NR_ARCHS] = {
	[ARCH_X86_32] = "x86_32",
	[ARCH_X86_32_PAE] = "x86_32_pae",
	[ARCH_X86_64] = "x86_64",
	[ARCH_X86_64_LA57] = "x86_64_la57",
	[ARCH_ARM32] = "arm32",
};

/**
 * machine_config_default - the machine `mmsim` boots without options
 * @cfg: filled in
 */
void machine_config_default(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->arch = ARCH_X86_64;
	cfg->mem = SZ_1G;
	cfg->cpus = 2;
	cfg->nodes = 1;
	cfg->vmsplit = 3 * SZ_1G;
	cfg->layout = LAYOUT_MAINLINE;
	cfg->seed = 1;
}

const char *arch_name(enum mm_arch_id id)
{
	return (unsigned)id < NR_ARCHS ? arch_names[id] : "?";
}

int parse_arch(const char *s, enum mm_arch_id *out)
{
	for (int i = 0; i < NR_ARCHS; i++) {
		if (!strcmp(s, arch_names[i])) {
			*out = (enum mm_arch_id)i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * parse_size - parse a size the way Linux's memparse() does
 * @s: the text
 * @out: bytes
 *
 * Accepts exactly what memparse() (lib/cmdline.c) reads on the kernel
 * command line: an unsigned integer in simple_strtoull()'s base 0 —
 * decimal ("4096"), hexadecimal after "0x"/"0X" ("0x1000") or octal after
 * a leading "0" ("010") — then at most one binary-unit suffix, K, M, G, T,
 * P or E in either case ("512M", "2g", "0x10M"). SIZE_SYNTAX says the same
 * to users; keep them together.
 *
 * SIM: memparse() stops at the first character it cannot read and lets
 * the caller look at the rest, and a shift that overflows wraps. Here the
 * whole string must be the size, and a value beyond 2^64-1 is an error.
 * No sign, no spaces, no "KiB"/"MB" spellings (memparse has none).
 *
 * Return: 0, -EINVAL (empty, sign, trailing text) or -ERANGE (beyond
 * 2^64-1).
 */
int parse_size(const char *s, u64 *out)
{
	unsigned long long v;
	char *end;
	int shift;

	/* strtoull() would also take spaces and a sign; memparse() does not */
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	switch (toupper((unsigned char)*end)) {
	case 'E': shift = 60; break;
	case 'P': shift = 50; break;
	case 'T': shift = 40; break;
	case 'G': shift = 30; break;
	case 'M': shift = 20; break;
	case 'K': shift = 10; break;
	default: shift = 0; break;
	}
	if (shift)
		end++;
	if (*end)
		return -EINVAL;
	if (shift && v > (~0ULL >> shift))
		return -ERANGE;
	*out = (u64)v << shift;
	return 0;
}

/**
 * format_size - format a size the way parse_size() reads it back
 * @bytes: the size
 * @buf: receives the text
 * @len: size of @buf
 *
 * The largest binary unit that divides @bytes exactly, up to P: "512M",
 * "1536M", "64G"; plain decimal bytes otherwise ("4095", "0").
 *
 * Return: @buf.
 */
const char *format_size(u64 bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	int u = -1;

	while (bytes && bytes % 1024 == 0 && u < 4) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64, bytes);
	else
		snprintf(buf, len, "%" PRIu64 "%c", bytes, units[u]);
	return buf;
}

const char *const lmm_config_keys[] = {
	"arch", "mem", "cpus", "nodes", "vmsplit", "dma_limit", "vmalloc",
	"layout", "seed", "trace", "cmdline", "config", "disk", NULL
};

/* The most RAM any simulated architecture can address: 52-bit physical. */
#define LMM_MAX_MEM	(1ULL << 52)

static int parse_count(const char *val, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(val, &end, 10);
	if (errno || end == val || *end || v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

static int config_size(const char *key, const char *val, u64 *out,
		       bool zero_ok, char *err, size_t errlen)
{
	char b[32];
	u64 v;
	int ret = parse_size(val, &v);

	if (ret == -ERANGE) {
		snprintf(err, errlen, "%s: %s is beyond the 4P (52-bit physical) limit of every architecture",
			 key, val);
		return -EINVAL;
	}
	if (ret) {
		snprintf(err, errlen,
			 "%s: invalid size '%s' (%s)", key, val, SIZE_SYNTAX);
		return -EINVAL;
	}
	if (!v && !zero_ok) {
		snprintf(err, errlen, "%s: size must not be zero", key);
		return -EINVAL;
	}
	if (v > LMM_MAX_MEM) {
		snprintf(err, errlen,
			 "%s: %s is beyond the 4P (52-bit physical) limit of every architecture",
			 key, val);
		return -EINVAL;
	}
	if (!IS_ALIGNED(v, PAGE_SIZE)) {
		snprintf(err, errlen,
			 "%s: %s is not a multiple of the 4K page size (e.g. %s)",
			 key, val,
			 format_size(ALIGN_DOWN(v, PAGE_SIZE) ?
					 ALIGN_DOWN(v, PAGE_SIZE) : PAGE_SIZE,
					 b, sizeof(b)));
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/**
 * lmm_config_set - apply one boot option given as text
 * @cfg: the configuration being built
 * @trace: receives the "trace" option (may be NULL)
 * @key: option name as mm.boot{} spells it
 * @val: its value as text
 * @err: receives a one-line reason on failure
 * @errlen: size of @err
 *
 * Return: 0, -ENOENT for an unknown key, -EINVAL for a bad value.
 */
int lmm_config_set(struct machine_config *cfg, bool *trace, const char *key,
		   const char *val, char *err, size_t errlen)
{
	long n;

	if (!strcmp(key, "arch")) {
		if (parse_arch(val, &cfg->arch)) {
			snprintf(err, errlen,
				 "arch: unknown architecture '%s' (expected x86_32, x86_32_pae, x86_64, x86_64_la57 or arm32)",
				 val);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "mem"))
		return config_size(key, val, &cfg->mem, false, err, errlen);
	if (!strcmp(key, "cpus") || !strcmp(key, "nodes")) {
		long hi = !strcmp(key, "cpus") ? MAX_NR_CPUS : MAX_NUMNODES;

		if (parse_count(val, 1, hi, &n)) {
			snprintf(err, errlen,
				 "%s: '%s' is not a number from 1 to %ld", key,
				 val, hi);
			return -EINVAL;
		}
		if (key[0] == 'c')
			cfg->cpus = (int)n;
		else
			cfg->nodes = (int)n;
		return 0;
	}
	if (!strcmp(key, "vmsplit")) {
		u64 v;

		if (parse_size(val, &v) ||
		    (v != SZ_1G && v != 2 * SZ_1G && v != 3 * SZ_1G)) {
			snprintf(err, errlen,
				 "vmsplit: '%s' is not one of 3G, 2G, 1G (the user part of the 4G address space)",
				 val);
			return -EINVAL;
		}
		cfg->vmsplit = v;
		return 0;
	}
	if (!strcmp(key, "dma_limit")) {
		if (!strcmp(val, "none")) {
			cfg->dma_limit = 0;
			return 0;
		}
		return config_size(key, val, &cfg->dma_limit, true, err,
				   errlen);
	}
	if (!strcmp(key, "vmalloc"))
		return config_size(key, val, &cfg->vmalloc, true, err, errlen);
	if (!strcmp(key, "layout")) {
		if (!strcmp(val, "mainline"))
			cfg->layout = LAYOUT_MAINLINE;
		else if (!strcmp(val, "4.x"))
			cfg->layout = LAYOUT_4X;
		else {
			snprintf(err, errlen,
				 "layout: unknown layout '%s' (expected mainline or 4.x)",
				 val);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "seed")) {
		unsigned long long v;
		char *end;

		errno = 0;
		v = strtoull(val, &end, 0);
		if (errno || end == val || *end || val[0] == '-') {
			snprintf(err, errlen,
				 "seed: '%s' is not an unsigned integer", val);
			return -EINVAL;
		}
		cfg->seed = v;
		return 0;
	}
	if (!strcmp(key, "trace")) {
		bool on = !strcmp(val, "true") || !strcmp(val, "1");

		if (!on && strcmp(val, "false") && strcmp(val, "0")) {
			snprintf(err, errlen, "trace: expected a boolean, got '%s'",
				 val);
			return -EINVAL;
		}
		if (trace)
			*trace = on;
		return 0;
	}
	if (!strcmp(key, "cmdline")) {
		if (strlen(val) >= sizeof(cfg->cmdline)) {
			snprintf(err, errlen,
				 "cmdline: longer than %zu characters",
				 sizeof(cfg->cmdline) - 1);
			return -EINVAL;
		}
		snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s", val);
		return 0;
	}
	if (!strcmp(key, "config"))
		return kconfig_parse_assignment(cfg, val, err, errlen);
	if (!strcmp(key, "disk")) {
		if (!val[0] || strlen(val) >= sizeof(cfg->disk)) {
			snprintf(err, errlen,
				 "disk: expected an image path of 1 to %zu characters",
				 sizeof(cfg->disk) - 1);
			return -EINVAL;
		}
		snprintf(cfg->disk, sizeof(cfg->disk), "%s", val);
		return 0;
	}
	snprintf(err, errlen,
		 "unknown key '%s' (expected arch, mem, cpus, nodes, vmsplit, dma_limit, vmalloc, layout, seed, trace, cmdline, config or disk)",
		 key);
	return -ENOENT;
}
