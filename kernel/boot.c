// SPDX-License-Identifier: GPL-2.0
/*
 * Power on a simulated machine and run the kernel's memory boot in Linux's
 * order (init/main.c start_kernel -> setup_arch -> mm_core_init):
 *
 *   firmware map (e820 / DT)  -> memblock_add / memblock_reserve
 *   setup_arch()              -> max_pfn, max_low_pfn, zone limits, layout
 *   NUMA emulation            -> memblock_set_node
 *   paging_init()             -> kernel page tables from memblock
 *   free_area_init()          -> nodes and zones, mem_map reserved
 *   build_all_zonelists(), page_alloc_init()
 *   mem_init(): memblock_free_all() hands free RAM to the buddy allocator
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include <mmsim/arch.h>
#include <mmsim/mm.h>
#include <mmsim/highmem.h>
#include <mmsim/page_alloc.h>
#include <mmsim/paging.h>
#include <mmsim/raw_access.h>
#include <mmsim/fs.h>
#include <mmsim/mm_init.h>
#include <mmsim/slab.h>
#include <mmsim/vmalloc.h>
#include <mmsim/vmstat.h>

/* The calling thread's current machine (machine.h). */
_Thread_local struct machine *mm_current_machine;

/*
 * Host memory a booted machine holds: one touched host page per free
 * 4 MiB buddy block head (RAM / 1024) plus the written struct pages of the
 * reserved mem_map (RAM / 4096), see docs/architecture.md.
 */
static u64 boot_host_bytes(u64 mem)
{
	return mem / 1024 + mem / 4096 + SZ_16M;
}

/* Refuse a machine whose boot alone would take most of the host's RAM. */
static int check_host_memory(u64 mem, char *err, size_t errlen)
{
	struct sysinfo si;
	u64 host, need = boot_host_bytes(mem);

	if (sysinfo(&si))
		return 0;
	host = (u64)si.totalram * si.mem_unit;
	if (need <= host / 2)
		return 0;
	snprintf(err, errlen,
		 "--mem: %lluG needs about %lluM of host memory to boot, more than half of this host's %lluM",
		 (unsigned long long)(mem >> 30),
		 (unsigned long long)(need >> 20),
		 (unsigned long long)(host >> 20));
	return -ENOMEM;
}

/*
 * What every architecture shares; the size and node limits of each one are
 * checked by its arch_ops.validate (arch_check_common).
 */
static int validate_config(const struct machine_config *cfg,
			   const struct arch_ops *arch, char *err,
			   size_t errlen)
{
	if (!cfg->mem) {
		snprintf(err, errlen, "--mem: size must not be zero");
		return -EINVAL;
	}
	if (cfg->cpus < 1 || cfg->cpus > MAX_NR_CPUS) {
		snprintf(err, errlen, "--cpus: %d is outside 1..%d", cfg->cpus,
			 MAX_NR_CPUS);
		return -EINVAL;
	}
	if (arch->validate && arch->validate(cfg, err, errlen))
		return -EINVAL;
	return check_host_memory(cfg->mem, err, errlen);
}

static void print_firmware_map(struct machine *m)
{
	const struct fw_memmap *fw = &m->fw;

	if (m->arch->id == ARCH_ARM32) {
		for (int i = 0; i < fw->nr; i++)
			if (fw->map[i].type == E820_TYPE_RAM)
				pr_info("OF: fdt: memory node [mem 0x%08llx-0x%08llx]\n",
					(unsigned long long)fw->map[i].addr,
					(unsigned long long)(fw->map[i].addr +
							     fw->map[i].size - 1));
		return;
	}
	pr_info("BIOS-provided physical RAM map:\n");
	for (int i = 0; i < fw->nr; i++)
		pr_info("BIOS-e820: [mem 0x%016llx-0x%016llx] %s\n",
			(unsigned long long)fw->map[i].addr,
			(unsigned long long)(fw->map[i].addr + fw->map[i].size - 1),
			fw_mem_type_name(fw->map[i].type));
}

/**
 * kernel_image_sections - split the loaded kernel image into its sections
 * @m: machine whose arch placed the image at kernel_phys_start..end
 * @out: the five sections, in load order
 *
 * SIM: the proportions (7/16 code, 4/16 rodata, 1/16 data, 3/16 init,
 * 1/16 bss) follow a distribution kernel's vmlinux, not a real link map.
 */
void kernel_image_sections(const struct machine *m,
			   struct kernel_section_range out[NR_KSECS])
{
	static const struct { const char *name; unsigned int sixteenths; }
	sec[NR_KSECS] = {
		[KSEC_CODE] = { "Kernel code", 7 },
		[KSEC_RODATA] = { "Kernel rodata", 4 },
		[KSEC_DATA] = { "Kernel data", 1 },
		[KSEC_INIT] = { "Kernel init", 3 },
		[KSEC_BSS] = { "Kernel bss", 1 },
	};
	phys_addr_t size = m->kernel_phys_end - m->kernel_phys_start;
	phys_addr_t at = m->kernel_phys_start;

	for (int i = 0; i < NR_KSECS; i++) {
		out[i].name = sec[i].name;
		out[i].start = at;
		at = i == NR_KSECS - 1 ? m->kernel_phys_end :
		     at + ALIGN_DOWN(size / 16 * sec[i].sixteenths, PAGE_SIZE);
		out[i].end = at;
	}
}

/* The "Memory: ...K/...K available" line of mem_init_print_info(). */
static void mem_init_print_info(struct machine *m)
{
	struct kernel_section_range ks[NR_KSECS];
	unsigned long physpages = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		physpages += m->node_data[nid]->node_present_pages;
	kernel_image_sections(m, ks);
#define KSZ(i) ((unsigned long)((ks[i].end - ks[i].start) >> 10))
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, 0K cma-reserved",
		global_zone_page_state(NR_FREE_PAGES) << (PAGE_SHIFT - 10),
		physpages << (PAGE_SHIFT - 10), KSZ(KSEC_CODE), KSZ(KSEC_DATA),
		KSZ(KSEC_RODATA), KSZ(KSEC_INIT), KSZ(KSEC_BSS),
		(physpages - m->totalram_pages) << (PAGE_SHIFT - 10));
#undef KSZ
	if (zone_configured(m, ZONE_HIGHMEM))
		pr_cont(", %luK highmem", m->totalhigh_pages << (PAGE_SHIFT - 10));
	pr_cont(")\n");
}

static int start_kernel(struct machine *m, char *err, size_t errlen)
{
	int ret;

	pr_notice("Linux version 6.18.0-mmsim (%s) #1 SMP\n", m->arch->name);
	print_firmware_map(m);
	if (memblock_init(&m->memblock))
		return -ENOMEM;
	ret = m->arch->setup_arch(m);
	if (ret) {
		snprintf(err, errlen, "setup_arch failed: %s", strerror(-ret));
		return ret;
	}
	if (m->cfg.cmdline[0])
		pr_notice("Kernel command line: %s\n", m->cfg.cmdline);
	if (m->memblock.current_limit == MEMBLOCK_ALLOC_ANYWHERE)
		m->memblock.current_limit = PFN_PHYS(m->max_low_pfn);
	ret = numa_emulation(m, err, errlen);
	if (ret)
		return ret;
	if (m->arch->paging_init) {
		ret = m->arch->paging_init(m);
		if (ret) {
			snprintf(err, errlen, "paging_init failed: %s",
				 strerror(-ret));
			return ret;
		}
	}
	ret = free_area_init(m);
	if (!ret)
		ret = build_zone_lookup(m);
	if (!ret)
		ret = alloc_mem_map(m);
	if (ret) {
		snprintf(err, errlen,
			 "cannot allocate mem_map (%llu bytes of struct page) in lowmem",
			 (unsigned long long)((u64)m->max_pfn *
					      m->arch->struct_page_size));
		return ret;
	}
	ret = page_alloc_init(m);
	if (ret) {
		snprintf(err, errlen, "page allocator init failed: %s",
			 strerror(-ret));
		return ret;
	}
	memmap_init_reserved_pages(m);
	memblock_free_all();	/* sets totalram_pages, as Linux's does */
	hugepage_init(m);	/* khugepaged raises min_free_kbytes */
	mem_init_print_info(m);
	ret = kmem_cache_init(m);
	if (ret) {
		snprintf(err, errlen, "slab allocator init failed: %s",
			 strerror(-ret));
		return ret;
	}
	ret = vmalloc_init(m);
	if (ret) {
		snprintf(err, errlen, "vmalloc init failed: %s", strerror(-ret));
		return ret;
	}
	ret = vfs_caches_init(m);	/* fs/super.c: "/" on ramfs */
	if (ret) {
		snprintf(err, errlen, "vfs init failed: %s", strerror(-ret));
		return ret;
	}
	if (m->cfg.disk[0] && (ret = do_mount(m->cfg.disk, "/mnt", "ext2"))) {
		snprintf(err, errlen, "--disk: %s", ext2_mount_errmsg()[0] ?
			 ext2_mount_errmsg() : strerror(-ret));
		return ret;
	}
	return 0;
}

/**
 * machine_boot - power on a machine and boot the kernel's memory manager
 * @cfg: the boot options
 * @err: receives a one-line reason on failure
 * @errlen: size of @err
 *
 * The new machine becomes the calling thread's current machine.
 *
 * Return: the machine, or NULL on a bad option or failed boot.
 */
struct machine *machine_boot(const struct machine_config *cfg, char *err,
			     size_t errlen)
{
	const struct arch_ops *arch = arch_ops_for(cfg->arch);
	struct machine *m;
	struct kconfig kc;
	phys_addr_t limit;
	int ret;

	if (!arch) {
		snprintf(err, errlen, "--arch: unknown architecture %d", cfg->arch);
		return NULL;
	}
	if (validate_config(cfg, arch, err, errlen) ||
	    kconfig_resolve(cfg, &kc, err, errlen))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->arch = arch;
	m->kconfig = kc;
	trace_machine_init(m);	/* --trace and Lua sinks see boot events */
	m->nr_cpus = cfg->cpus;
	machine_enter(m);
	m->cpus = calloc((size_t)m->nr_cpus, sizeof(*m->cpus));
	if (!m->cpus) {
		snprintf(err, errlen, "out of host memory");
		goto fail;
	}
	for (int i = 0; i < m->nr_cpus; i++)
		m->cpus[i].id = i;

	arch->firmware_memmap(m);
	limit = ALIGN(fw_memmap_end(&m->fw), PAGE_SIZE);
	ret = ram_init(&m->ram, limit);
	if (ret) {
		snprintf(err, errlen,
			 "cannot reserve %lluM of host address space for RAM",
			 (unsigned long long)(limit >> 20));
		goto fail;
	}
	if (start_kernel(m, err, errlen))
		goto fail;
	m->booted = true;
	return m;
fail:
	machine_destroy(m);
	return NULL;
}

/**
 * machine_destroy - release every host resource of a machine
 * @m: machine, may be NULL
 */
void machine_destroy(struct machine *m)
{
	if (!m)
		return;
	machine_enter(m);
	proc_caches_exit(m);	/* first: file VMAs hold open files */
	vfs_exit(m);
	vmalloc_exit(m);
	kmem_cache_exit(m);
	highmem_exit(m);
	page_alloc_exit(m);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		free(m->node_data[nid]);
	free_mem_map(m);
	memblock_release(&m->memblock);
	ram_exit(&m->ram);
	raw_access_exit(m);
	paging_exit(m);
	free(m->cpus);
	sb_free(&m->dmesg);
	sb_free(&m->check_report);
	if (current_machine() == m)
		machine_enter(NULL);
	free(m);
}
