// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel configuration model: a Kconfig-like table of the symbols that
 * change what the memory manager does or shows, their per-architecture
 * defaults, dependencies and selects, and the .config printer.
 *
 * Defaults are those of a distribution kernel: x86_64 and x86_32 as Debian
 * builds them (amd64, 686-pae), arm32 as multi_v7_defconfig. The symbols
 * mirror their Linux definitions: mm/Kconfig (SWAP, ZSWAP, COMPACTION,
 * MIGRATION, CMA, KSM, TRANSPARENT_HUGEPAGE, MEMORY_BALLOON), fs/Kconfig
 * (HUGETLBFS, HUGETLB_PAGE), init/Kconfig (MEMCG, NUMA_BALANCING),
 * arch/x86/Kconfig and arch/arm/Kconfig (NUMA, HIGHMEM, X86_PAE, ARM_LPAE,
 * the zones).
 *
 * SIM: a symbol mmsim does not model in both states (HIGHMEM on 32-bit,
 * ARM_LPAE, the zones) is fixed: setting it to the other value is an error
 * that says why. Linux's `olddefconfig` would quietly drop an impossible
 * assignment; here it is refused, since a user asking for it expects it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <mmsim/kconfig.h>
#include <mmsim/machine.h>

#define A(arch)		(1u << ARCH_##arch)
#define A_X86_32S	(A(X86_32) | A(X86_32_PAE))
#define A_X86_64S	(A(X86_64) | A(X86_64_LA57))
#define A_X86		(A_X86_32S | A_X86_64S)
#define A_32BIT		(A_X86_32S | A(ARM32))
#define A_ALL		(A_X86 | A(ARM32))
#define NO_DEP		NR_KCONFIG_SYMS

struct kconfig_option {
	const char *name;	/* without "CONFIG_" */
	const char *menu;	/* heading printed before it, or NULL */
	unsigned int exists;	/* A(): architectures that have the symbol */
	unsigned int def;	/* A(): where it defaults to y */
	unsigned int settable;	/* A(): where --config may change it */
	bool hidden;		/* no prompt: omitted from .config when n */
	enum kconfig_sym dep;	/* "depends on" (NO_DEP: none) */
	enum kconfig_sym select; /* "select" when y (NO_DEP: none) */
	const char *why_missing; /* on an architecture without it */
	const char *why_fixed;	/* where it exists but cannot change */
};

static const char FIXED_ARCH[] = "the architecture is chosen with --arch";
static const char FIXED_ZONES[] =
	"the zones are the architecture's; mmsim does not model a kernel without this zone";

static const struct kconfig_option kconfig_table[NR_KCONFIG_SYMS] = {
	[KC_X86] = { "X86", "Architecture", A_X86, A_X86, 0, true, NO_DEP,
		     NO_DEP, FIXED_ARCH, FIXED_ARCH },
	[KC_X86_32] = { "X86_32", NULL, A_X86_32S, A_X86_32S, 0, true, NO_DEP,
			NO_DEP, FIXED_ARCH, FIXED_ARCH },
	[KC_X86_64] = { "X86_64", NULL, A_X86_64S, A_X86_64S, 0, true, NO_DEP,
			NO_DEP, FIXED_ARCH, FIXED_ARCH },
	[KC_X86_PAE] = { "X86_PAE", NULL, A_X86_32S, A(X86_32_PAE), 0, false,
			 NO_DEP, NO_DEP,
			 "X86_PAE depends on X86_32 (arm32's large physical addresses are ARM_LPAE, x86_64's page tables are always 64-bit)",
			 "PAE page tables are --arch x86_32_pae, two-level ones --arch x86_32" },
	[KC_ARM] = { "ARM", NULL, A(ARM32), A(ARM32), 0, true, NO_DEP, NO_DEP,
		     FIXED_ARCH, FIXED_ARCH },
	[KC_ARM_LPAE] = { "ARM_LPAE", NULL, A(ARM32), 0, 0, false, NO_DEP,
			  NO_DEP, "ARM_LPAE is an arm32 option",
			  "mmsim models arm32 with short-descriptor (two-level) page tables only" },
	[KC_HIGHMEM] = { "HIGHMEM", NULL, A_32BIT, A_32BIT, 0, false, NO_DEP,
			 NO_DEP,
			 "a 64-bit kernel maps all RAM; HIGHMEM exists on 32-bit architectures only",
			 "mmsim models 32-bit kernels with HighMem only (a NOHIGHMEM kernel would ignore the RAM above lowmem)" },
	[KC_HIGHMEM4G] = { "HIGHMEM4G", NULL, A_X86_32S, A_X86_32S, 0, false,
			   NO_DEP, NO_DEP, "HIGHMEM4G is an x86_32 option",
			   "Linux 6.18's x86_32 has HIGHMEM4G only (HIGHMEM64G is gone; PAE is X86_PAE)" },
	[KC_NUMA] = { "NUMA", NULL, A_X86, A_X86_64S, A_X86, false, NO_DEP,
		      NO_DEP, "arm32 kernels have no NUMA support", NULL },
	[KC_NUMA_BALANCING] = { "NUMA_BALANCING", NULL, A_X86_64S, A_X86_64S,
				A_X86_64S, false, KC_NUMA, NO_DEP,
				"NUMA_BALANCING needs ARCH_SUPPORTS_NUMA_BALANCING, which x86_64 selects and this architecture does not",
				NULL },
	[KC_ZONE_DMA] = { "ZONE_DMA", "Memory Management options", A_ALL,
			  A_ALL, 0, false, NO_DEP, NO_DEP, NULL, FIXED_ZONES },
	[KC_ZONE_DMA32] = { "ZONE_DMA32", NULL, A_X86_64S, A_X86_64S, 0, true,
			    NO_DEP, NO_DEP, "ZONE_DMA32 exists on x86_64 only",
			    FIXED_ZONES },
	[KC_ZONE_DEVICE] = { "ZONE_DEVICE", NULL, A_X86_64S, A_X86_64S, 0,
			     false, NO_DEP, NO_DEP,
			     "ZONE_DEVICE needs MEMORY_HOTREMOVE and SPARSEMEM_VMEMMAP (64-bit)",
			     FIXED_ZONES },
	[KC_SWAP] = { "SWAP", NULL, A_ALL, A_ALL, A_ALL, false, NO_DEP,
		      NO_DEP, NULL, NULL },
	[KC_ZSWAP] = { "ZSWAP", NULL, A_ALL, A_X86, A_ALL, false, KC_SWAP,
		       KC_ZSMALLOC, NULL, NULL },
	[KC_ZSMALLOC] = { "ZSMALLOC", NULL, A_ALL, A_X86, A_ALL, false, NO_DEP,
			  NO_DEP, NULL, NULL },
	[KC_MEMCG] = { "MEMCG", NULL, A_ALL, A_X86, A_ALL, false, NO_DEP,
		       NO_DEP, NULL, NULL },
	[KC_COMPACTION] = { "COMPACTION", NULL, A_ALL, A_ALL, A_ALL, false,
			    NO_DEP, NO_DEP, NULL, NULL },
	[KC_MIGRATION] = { "MIGRATION", NULL, A_ALL, A_ALL, 0, false, NO_DEP,
			   NO_DEP, NULL,
			   "MIGRATION follows NUMA, COMPACTION and CMA (def_bool y if one of them is set)" },
	[KC_CMA] = { "CMA", NULL, A_ALL, A(ARM32), A_ALL, false, NO_DEP,
		     NO_DEP, NULL, NULL },
	[KC_KSM] = { "KSM", NULL, A_ALL, A_X86, A_ALL, false, NO_DEP, NO_DEP,
		     NULL, NULL },
	[KC_MEMORY_BALLOON] = { "MEMORY_BALLOON", NULL, A_ALL, A_X86, A_ALL,
				false, NO_DEP, NO_DEP, NULL, NULL },
	[KC_BALLOON_COMPACTION] = { "BALLOON_COMPACTION", NULL, A_ALL, A_X86,
				    A_ALL, false, KC_MEMORY_BALLOON, NO_DEP,
				    NULL, NULL },
	[KC_IOMMU_SUPPORT] = { "IOMMU_SUPPORT", NULL, A_ALL, A_ALL, A_ALL,
			       false, NO_DEP, NO_DEP, NULL, NULL },
	[KC_HUGETLBFS] = { "HUGETLBFS", NULL, A_X86, A_X86, A_X86, false,
			   NO_DEP, NO_DEP,
			   "arm32 has hugetlbfs only with ARM_LPAE (ARCH_SUPPORTS_HUGETLBFS)",
			   NULL },
	[KC_HUGETLB_PAGE] = { "HUGETLB_PAGE", NULL, A_X86, A_X86, 0, true,
			      NO_DEP, NO_DEP,
			      "arm32 has hugetlbfs only with ARM_LPAE (ARCH_SUPPORTS_HUGETLBFS)",
			      "HUGETLB_PAGE is def_bool HUGETLBFS: set CONFIG_HUGETLBFS" },
	[KC_TRANSPARENT_HUGEPAGE] = { "TRANSPARENT_HUGEPAGE", NULL, A_X86,
				      A_X86, A_X86, false, NO_DEP, NO_DEP,
				      "arm32 has THP only with ARM_LPAE (HAVE_ARCH_TRANSPARENT_HUGEPAGE)",
				      NULL },
	[KC_TRANSPARENT_HUGEPAGE_ALWAYS] = { "TRANSPARENT_HUGEPAGE_ALWAYS", NULL,
					     A_X86, A_X86, A_X86, false,
					     KC_TRANSPARENT_HUGEPAGE, NO_DEP,
					     "arm32 has THP only with ARM_LPAE",
					     NULL },
	[KC_TRANSPARENT_HUGEPAGE_MADVISE] = { "TRANSPARENT_HUGEPAGE_MADVISE",
					      NULL, A_X86, 0, A_X86, false,
					      KC_TRANSPARENT_HUGEPAGE, NO_DEP,
					      "arm32 has THP only with ARM_LPAE",
					      NULL },
	[KC_TRANSPARENT_HUGEPAGE_NEVER] = { "TRANSPARENT_HUGEPAGE_NEVER", NULL,
					    A_X86, 0, A_X86, false,
					    KC_TRANSPARENT_HUGEPAGE, NO_DEP,
					    "arm32 has THP only with ARM_LPAE",
					    NULL },
	[KC_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD] = {
		"HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD", NULL, A_X86_64S,
		A_X86_64S, 0, true, NO_DEP, NO_DEP,
		"PUD-sized THP is x86_64's (HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD)",
		FIXED_ARCH },
};

static bool is_thp_choice(enum kconfig_sym s)
{
	return s == KC_TRANSPARENT_HUGEPAGE_ALWAYS ||
	       s == KC_TRANSPARENT_HUGEPAGE_MADVISE ||
	       s == KC_TRANSPARENT_HUGEPAGE_NEVER;
}

static u64 sym_bit(enum kconfig_sym s)
{
	return 1ULL << s;
}

/**
 * kconfig_name - a symbol's name without "CONFIG_"
 * @sym: the symbol
 *
 * Return: "NUMA" for KC_NUMA, NULL out of range.
 */
const char *kconfig_name(enum kconfig_sym sym)
{
	return (unsigned int)sym < NR_KCONFIG_SYMS ? kconfig_table[sym].name
						  : NULL;
}

/**
 * kconfig_parse_assignment - record one --config KEY=VALUE
 * @cfg: the configuration being built; its kconfig_set/kconfig_val change
 * @text: "NUMA=n" or "CONFIG_NUMA=n"
 * @err: receives a one-line reason on failure
 * @errlen: size of @err
 *
 * Checks the syntax, the symbol and the value's type only; whether the
 * architecture allows the value is kconfig_resolve()'s job, since the
 * architecture may be chosen after --config.
 *
 * Return: 0 or -EINVAL.
 */
int kconfig_parse_assignment(struct machine_config *cfg, const char *text,
			     char *err, size_t errlen)
{
	const char *eq = strchr(text, '='), *key = text, *val;
	size_t klen;
	int sym = -1;
	bool on;

	if (!eq || eq == text) {
		snprintf(err, errlen,
			 "config: '%s' is not KEY=VALUE (e.g. NUMA=n, CONFIG_TRANSPARENT_HUGEPAGE=y)",
			 text);
		return -EINVAL;
	}
	if (!strncmp(key, "CONFIG_", 7))
		key += 7;
	klen = (size_t)(eq - key);
	for (int i = 0; i < NR_KCONFIG_SYMS; i++)
		if (strlen(kconfig_table[i].name) == klen &&
		    !strncmp(kconfig_table[i].name, key, klen))
			sym = i;
	if (sym < 0) {
		snprintf(err, errlen,
			 "config: unknown symbol 'CONFIG_%.*s' ('mmsim config' lists the symbols mmsim models)",
			 (int)klen, key);
		return -EINVAL;
	}
	val = eq + 1;
	if (!strcmp(val, "y")) {
		on = true;
	} else if (!strcmp(val, "n")) {
		on = false;
	} else {
		snprintf(err, errlen,
			 "config: CONFIG_%s is a bool: expected y or n, got '%s'",
			 kconfig_table[sym].name, val);
		return -EINVAL;
	}
	if (is_thp_choice((enum kconfig_sym)sym) && !on) {
		snprintf(err, errlen,
			 "config: CONFIG_%s is a choice member: select another one with =y instead",
			 kconfig_table[sym].name);
		return -EINVAL;
	}
	if (is_thp_choice((enum kconfig_sym)sym)) {
		/* a choice: the last member set to y wins */
		for (int i = KC_TRANSPARENT_HUGEPAGE_ALWAYS;
		     i <= KC_TRANSPARENT_HUGEPAGE_NEVER; i++)
			cfg->kconfig_set &= ~sym_bit((enum kconfig_sym)i);
	}
	cfg->kconfig_set |= sym_bit((enum kconfig_sym)sym);
	if (on)
		cfg->kconfig_val |= sym_bit((enum kconfig_sym)sym);
	else
		cfg->kconfig_val &= ~sym_bit((enum kconfig_sym)sym);
	return 0;
}

/* The architecture's defaults, before any --config. */
static u64 kconfig_defaults(const struct machine_config *cfg)
{
	unsigned int a = 1u << cfg->arch;
	u64 on = 0;

	for (int i = 0; i < NR_KCONFIG_SYMS; i++)
		if (kconfig_table[i].def & a)
			on |= sym_bit((enum kconfig_sym)i);
	/*
	 * SIM: Debian's 686-pae kernel has no NUMA; a 32-bit machine booted
	 * with several nodes is taken to run a NUMA build (it could not
	 * boot otherwise), unless NUMA=n says the opposite.
	 */
	if ((a & A_X86_32S) && cfg->nodes > 1)
		on |= sym_bit(KC_NUMA);
	return on;
}

static int apply_overrides(const struct machine_config *cfg, u64 *on,
			   char *err, size_t errlen)
{
	unsigned int a = 1u << cfg->arch;

	for (int i = 0; i < NR_KCONFIG_SYMS; i++) {
		const struct kconfig_option *o = &kconfig_table[i];
		u64 bit = sym_bit((enum kconfig_sym)i);
		bool want = cfg->kconfig_val & bit;

		if (!(cfg->kconfig_set & bit))
			continue;
		if (!(o->exists & a)) {
			if (!want)
				continue;	/* n where it does not exist */
			snprintf(err, errlen, "--config: CONFIG_%s=y on %s: %s",
				 o->name, arch_name(cfg->arch), o->why_missing);
			return -EINVAL;
		}
		if (!(o->settable & a) && want != !!(*on & bit)) {
			snprintf(err, errlen, "--config: CONFIG_%s=%c on %s: %s",
				 o->name, want ? 'y' : 'n',
				 arch_name(cfg->arch), o->why_fixed);
			return -EINVAL;
		}
		if (is_thp_choice((enum kconfig_sym)i))
			*on &= ~(sym_bit(KC_TRANSPARENT_HUGEPAGE_ALWAYS) |
				 sym_bit(KC_TRANSPARENT_HUGEPAGE_MADVISE) |
				 sym_bit(KC_TRANSPARENT_HUGEPAGE_NEVER));
		*on = want ? *on | bit : *on & ~bit;
	}
	return 0;
}

/* depends on, select and the def_bool symbols, in table order. */
static int apply_rules(const struct machine_config *cfg, u64 *on, char *err,
		       size_t errlen)
{
	for (int i = 0; i < NR_KCONFIG_SYMS; i++) {
		const struct kconfig_option *o = &kconfig_table[i];
		u64 bit = sym_bit((enum kconfig_sym)i);
		bool asked = (cfg->kconfig_set & cfg->kconfig_val) & bit;

		if (i == KC_MIGRATION)
			*on = (*on & (sym_bit(KC_NUMA) | sym_bit(KC_COMPACTION) |
				      sym_bit(KC_CMA))) ? *on | bit : *on & ~bit;
		if (i == KC_HUGETLB_PAGE)
			*on = (*on & sym_bit(KC_HUGETLBFS)) ? *on | bit
							    : *on & ~bit;
		if (o->dep != NO_DEP && (*on & bit) &&
		    !(*on & sym_bit(o->dep))) {
			if (asked) {
				snprintf(err, errlen,
					 "--config: CONFIG_%s=y depends on CONFIG_%s, which is not set",
					 o->name, kconfig_table[o->dep].name);
				return -EINVAL;
			}
			*on &= ~bit;
		}
		if (o->select != NO_DEP && (*on & bit)) {
			u64 sbit = sym_bit(o->select);

			if ((cfg->kconfig_set & sbit) &&
			    !(cfg->kconfig_val & sbit)) {
				snprintf(err, errlen,
					 "--config: CONFIG_%s=y selects CONFIG_%s, which is set to n",
					 o->name, kconfig_table[o->select].name);
				return -EINVAL;
			}
			*on |= sbit;
		}
	}
	return 0;
}

/* transparent_hugepage=always|madvise|never (mm/huge_memory.c). */
static int thp_cmdline(const char *cmdline, enum thp_mode *mode, char *err,
		       size_t errlen)
{
	static const char key[] = "transparent_hugepage=";
	const char *p = cmdline;

	while ((p = strstr(p, key))) {
		const char *v = p + sizeof(key) - 1;
		size_t n = strcspn(v, " ");

		if (p != cmdline && p[-1] != ' ') {
			p = v;
			continue;
		}
		if (n == 6 && !strncmp(v, "always", n))
			*mode = THP_ALWAYS;
		else if (n == 7 && !strncmp(v, "madvise", n))
			*mode = THP_MADVISE;
		else if (n == 5 && !strncmp(v, "never", n))
			*mode = THP_NEVER;
		else {
			/* SIM: Linux warns "cannot parse, ignored" */
			snprintf(err, errlen,
				 "--cmdline: transparent_hugepage='%.*s' is not always, madvise or never",
				 (int)n, v);
			return -EINVAL;
		}
		p = v + n;
	}
	return 0;
}

/**
 * kconfig_resolve - the configuration a machine boots
 * @cfg: boot options: the architecture, --config overrides, nodes, cmdline
 * @kc: receives the resolved symbols and THP mode
 * @err: receives a one-line reason on failure
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL for an impossible combination (HIGHMEM on
 * x86_64, NUMA on arm32, X86_PAE on arm32, a dependency set to n, several
 * nodes without NUMA, a bad transparent_hugepage=).
 */
int kconfig_resolve(const struct machine_config *cfg, struct kconfig *kc,
		    char *err, size_t errlen)
{
	u64 on;

	if ((unsigned int)cfg->arch >= NR_ARCHS) {
		snprintf(err, errlen, "--config: unknown architecture");
		return -EINVAL;
	}
	on = kconfig_defaults(cfg);
	if (apply_overrides(cfg, &on, err, errlen) ||
	    apply_rules(cfg, &on, err, errlen))
		return -EINVAL;
	if (cfg->nodes > 1 && !(on & sym_bit(KC_NUMA))) {
		snprintf(err, errlen,
			 "--nodes: %d nodes need CONFIG_NUMA, which this %s kernel does not set",
			 cfg->nodes, arch_name(cfg->arch));
		return -EINVAL;
	}
	kc->on = on;
	kc->thp = (on & sym_bit(KC_TRANSPARENT_HUGEPAGE_ALWAYS)) ? THP_ALWAYS :
		  (on & sym_bit(KC_TRANSPARENT_HUGEPAGE_MADVISE)) ? THP_MADVISE :
								     THP_NEVER;
	if ((on & sym_bit(KC_TRANSPARENT_HUGEPAGE)) &&
	    thp_cmdline(cfg->cmdline, &kc->thp, err, errlen))
		return -EINVAL;
	return 0;
}

/**
 * kconfig_print - the configuration in .config syntax
 * @cfg: boot options (the architecture)
 * @kc: the resolved configuration
 * @sb: receives the text
 *
 * As scripts/kconfig writes .config: a header, "CONFIG_X=y" for a set
 * symbol, "# CONFIG_X is not set" for a visible one that is not, nothing
 * for a symbol the architecture lacks.
 */
void kconfig_print(const struct machine_config *cfg, const struct kconfig *kc,
		   struct strbuf *sb)
{
	unsigned int a = 1u << cfg->arch;

	sb_printf(sb,
		  "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/%s 6.18.0 Kernel Configuration\n#\n",
		  cfg->arch == ARCH_ARM32 ? "arm" : "x86");
	for (int i = 0; i < NR_KCONFIG_SYMS; i++) {
		const struct kconfig_option *o = &kconfig_table[i];
		bool y = kc->on & sym_bit((enum kconfig_sym)i);

		if (!(o->exists & a) || (!y && o->hidden))
			continue;
		if (o->menu)
			sb_printf(sb, "\n#\n# %s\n#\n", o->menu);
		if (y)
			sb_printf(sb, "CONFIG_%s=y\n", o->name);
		else
			sb_printf(sb, "# CONFIG_%s is not set\n", o->name);
	}
}
