/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware's memory map: what a BIOS reports through e820 on x86 or a
 * device tree's memory nodes on ARM. Pure hardware description.
 */
#ifndef MMSIM_HW_FIRMWARE_H
#define MMSIM_HW_FIRMWARE_H

#include <mmsim/types.h>

#define FW_MAX_ENTRIES 32

enum fw_mem_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
};

struct fw_mem_entry {
	phys_addr_t addr;
	phys_addr_t size;
	enum fw_mem_type type;
	const char *name;	/* /proc/iomem name: "System RAM", "System ROM" */
};

struct fw_memmap {
	int nr;
	struct fw_mem_entry map[FW_MAX_ENTRIES];
};

int fw_memmap_add(struct fw_memmap *fw, phys_addr_t addr, phys_addr_t size,
		  enum fw_mem_type type, const char *name);
const char *fw_mem_type_name(enum fw_mem_type type);
/* Highest address covered by the map, exclusive. */
phys_addr_t fw_memmap_end(const struct fw_memmap *fw);

#endif /* MMSIM_HW_FIRMWARE_H */
