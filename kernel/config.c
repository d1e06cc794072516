// SPDX-License-Identifier: GPL-2.0
/*
 * Machine configuration: defaults and the parsing of the boot options shared
 * by the CLI and mm.boot{} (sizes like "512M", arch names).
 */
#include <ctype.h>
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
 * parse_size - parse a memparse()-style size: "4096", "0x1000", "512K",
 * "512M", "2G", "1T" (binary units, as the kernel's memparse)
 * @s: the text
 * @out: bytes
 *
 * Return: 0, or -EINVAL for anything else (empty, negative, trailing junk,
 * overflow).
 */
int parse_size(const char *s, u64 *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!s || !*s || *s == '-' || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (toupper((unsigned char)*end)) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	case 'P': shift = 50; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'B')	/* accept "2GiB"/"2GB" spelling */
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end)
		return -EINVAL;
	if (shift && v > (~0ULL >> shift))
		return -EINVAL;
	*out = (u64)v << shift;
	return 0;
}

/* The calling thread's current machine (machine.h). */
_Thread_local struct machine *mm_current_machine;
