/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated kernel's build configuration: the Kconfig symbols that
 * change what the memory manager does or shows, with the defaults of a
 * distribution kernel per architecture (x86 as Debian builds it, arm32 as
 * multi_v7_defconfig). kernel/kconfig.c holds the table, the dependency
 * rules and the .config printer; `mmsim config` prints it, `--config
 * KEY=VALUE` and mm.boot{config={...}} change it.
 *
 * Code asks IS_ENABLED(m, NUMA) where Linux writes IS_ENABLED(CONFIG_NUMA):
 * the answer is per machine, since one host process runs several kernels.
 */
#ifndef MMSIM_KCONFIG_H
#define MMSIM_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "types.h"

/* One bit each in struct kconfig.on; kconfig.c's table is in this order. */
enum kconfig_sym {
	KC_X86,
	KC_X86_32,
	KC_X86_64,
	KC_X86_PAE,
	KC_ARM,
	KC_ARM_LPAE,
	KC_HIGHMEM,
	KC_HIGHMEM4G,
	KC_NUMA,
	KC_NUMA_BALANCING,
	KC_ZONE_DMA,
	KC_ZONE_DMA32,
	KC_ZONE_DEVICE,
	KC_SWAP,
	KC_ZSWAP,
	KC_ZSMALLOC,
	KC_MEMCG,
	KC_COMPACTION,
	KC_MIGRATION,
	KC_CMA,
	KC_KSM,
	KC_MEMORY_BALLOON,
	KC_BALLOON_COMPACTION,
	KC_IOMMU_SUPPORT,
	KC_HUGETLBFS,
	KC_HUGETLB_PAGE,
	KC_TRANSPARENT_HUGEPAGE,
	KC_TRANSPARENT_HUGEPAGE_ALWAYS,
	KC_TRANSPARENT_HUGEPAGE_MADVISE,
	KC_TRANSPARENT_HUGEPAGE_NEVER,
	KC_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD,
	NR_KCONFIG_SYMS
};

_Static_assert(NR_KCONFIG_SYMS <= 64, "struct kconfig.on is a u64");

/* /sys/kernel/mm/transparent_hugepage/enabled, set by transparent_hugepage= */
enum thp_mode { THP_NEVER, THP_MADVISE, THP_ALWAYS };

/* A resolved configuration, and the THP mode the command line chose. */
struct kconfig {
	u64 on;			/* BIT(KC_*) of the symbols set to y */
	enum thp_mode thp;	/* meaningful with TRANSPARENT_HUGEPAGE */
};

struct machine_config;

#define IS_ENABLED(m, sym)	(((m)->kconfig.on >> KC_##sym) & 1)

/*
 * Parse one --config KEY=VALUE (KEY with or without "CONFIG_", VALUE y or
 * n) into @cfg's overrides. Return: 0 or -EINVAL with a reason in @err.
 */
int kconfig_parse_assignment(struct machine_config *cfg, const char *text,
			     char *err, size_t errlen);
/*
 * The configuration @cfg boots: the architecture's defaults, the
 * overrides, the derived symbols; the kernel command line's
 * transparent_hugepage=. Return: 0 or -EINVAL with a reason in @err.
 */
int kconfig_resolve(const struct machine_config *cfg, struct kconfig *kc,
		    char *err, size_t errlen);
/* Append @kc in .config syntax for @cfg's architecture. */
struct strbuf;
void kconfig_print(const struct machine_config *cfg, const struct kconfig *kc,
		   struct strbuf *sb);
/* "NUMA" for KC_NUMA; NULL out of range. */
const char *kconfig_name(enum kconfig_sym sym);

#endif /* MMSIM_KCONFIG_H */
