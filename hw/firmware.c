// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware memory map helpers (the e820 table of a PC BIOS, or the memory
 * nodes of an ARM device tree). Boards fill it in arch/.
 */
#include <mmsim/types.h>
#include <hw/firmware.h>

int fw_memmap_add(struct fw_memmap *fw, phys_addr_t addr, phys_addr_t size,
		  enum fw_mem_type type, const char *name)
{
	if (!size)
		return 0;
	if (fw->nr >= FW_MAX_ENTRIES)
		return -ENOSPC;
	fw->map[fw->nr].addr = addr;
	fw->map[fw->nr].size = size;
	fw->map[fw->nr].type = type;
	fw->map[fw->nr].name = name;
	fw->nr++;
	return 0;
}

/* Names as Linux's e820__print_table() prints them. */
const char *fw_mem_type_name(enum fw_mem_type type)
{
	switch (type) {
	case E820_TYPE_RAM: return "usable";
	case E820_TYPE_RESERVED: return "reserved";
	case E820_TYPE_ACPI: return "ACPI data";
	case E820_TYPE_NVS: return "ACPI NVS";
	}
	return "type ?";
}

phys_addr_t fw_memmap_end(const struct fw_memmap *fw)
{
	phys_addr_t end = 0;

	for (int i = 0; i < fw->nr; i++)
		end = max_u64(end, fw->map[i].addr + fw->map[i].size);
	return end;
}
