// SPDX-License-Identifier: GPL-2.0
/*
 * ioremap and iounmap: a device's physical range mapped into the vmalloc
 * space, as mm/ioremap.c's generic_ioremap_prot() and x86's
 * __ioremap_caller() (arch/x86/mm/ioremap.c).
 *
 * RAM is refused, as Linux does ("ioremap on RAM at ... - ..."): the
 * direct map already maps it with other cache attributes, and a second,
 * differently-cached alias corrupts memory on real hardware. x86 refuses
 * the RAM pages the kernel manages (System RAM not PageReserved, so the
 * BIOS areas of the first MiB may be mapped); ARM refuses any memory
 * memblock knows (__arm_ioremap_pfn_caller's memblock_is_map_memory()).
 * Holes of the physical map (where PCI devices sit) and firmware-reserved
 * ranges may be mapped.
 *
 * SIM: the PTEs are PAGE_KERNEL: mmsim models no cache attributes, so the
 * uncached (UC-, MT_DEVICE) type of a real ioremap is not set; no huge
 * ioremap mappings, no memory-encryption checks.
 */
#include <stdio.h>

#include <mmsim/arch.h>
#include <mmsim/page-flags.h>
#include <mmsim/paging.h>

#include "vmalloc_internal.h"

/* %pa of a phys_addr_t: 8 digits on non-PAE x86_32 and ARM, else 16. */
static int phys_digits(void)
{
	return current_machine()->arch->phys_bits <= 32 ? 8 : 16;
}

static bool fw_is_ram(struct machine *m, phys_addr_t pa)
{
	for (int i = 0; i < m->fw.nr; i++) {
		const struct fw_mem_entry *e = &m->fw.map[i];

		if (e->type == E820_TYPE_RAM && pa >= e->addr &&
		    pa - e->addr < e->size)
			return true;
	}
	return false;
}

/* __ioremap_check_ram() / memblock_is_map_memory(): may not be remapped. */
static bool ioremap_is_ram(struct machine *m, phys_addr_t pa)
{
	unsigned long pfn = (unsigned long)PHYS_PFN(pa);

	if (pt_fmt()->arm)
		return memblock_is_memory(&m->memblock, pa);
	return fw_is_ram(m, pa) && pfn_valid(pfn) &&
	       !PageReserved(pfn_to_page(pfn));
}

/**
 * ioremap_checked - ioremap() that says why it refused
 * @phys_addr: first physical byte of the device range
 * @size: bytes
 * @caller: shown by /proc/vmallocinfo
 * @out: receives the virtual address of @phys_addr
 * @why: receives a lower-case reason on failure
 * @whylen: size of @why
 *
 * The range is widened to whole pages; the returned address keeps
 * @phys_addr's offset in its page.
 *
 * Context: acts on current_machine().
 * Return: 0, -EINVAL (size 0, wrapping, beyond the physical address
 * width, RAM) or -ENOMEM (no room in the vmalloc space).
 */
int ioremap_checked(phys_addr_t phys_addr, unsigned long size,
		    const char *caller, vaddr_t *out, char *why, size_t whylen)
{
	struct machine *m = current_machine();
	phys_addr_t last_addr = phys_addr + size - 1, pa, offset;
	struct vm_struct *area;
	const char *bad;

	*out = 0;
	if (!size || last_addr < phys_addr) {
		snprintf(why, whylen, "%s", !size ? "size 0" :
			 "physical range wraps around");
		return -EINVAL;
	}
	bad = pt_map_check(m->layout.vmalloc_start, phys_addr & PAGE_MASK,
			   ALIGN(last_addr + 1 - (phys_addr & PAGE_MASK),
				 PAGE_SIZE), PG_LEVEL_4K);
	if (bad || ALIGN(last_addr + 1, PAGE_SIZE) == 0) {
		pr_warn("ioremap: invalid physical address %llx\n",
			(unsigned long long)phys_addr);
		snprintf(why, whylen, "invalid physical address: %s",
			 bad ? bad : "physical range wraps around");
		return -EINVAL;
	}
	for (pa = phys_addr & PAGE_MASK; pa <= last_addr; pa += PAGE_SIZE) {
		if (!ioremap_is_ram(m, pa))
			continue;
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("ioremap on RAM at 0x%0*llx - 0x%0*llx\n",
			phys_digits(), (unsigned long long)phys_addr,
			phys_digits(), (unsigned long long)last_addr);
		snprintf(why, whylen, "ioremap on RAM at 0x%llx",
			 (unsigned long long)pa);
		return -EINVAL;
	}
	offset = phys_addr & ~PAGE_MASK;
	phys_addr -= offset;
	size = (unsigned long)(ALIGN(last_addr + 1, PAGE_SIZE) - phys_addr);
	area = get_vm_area_caller(size, VM_IOREMAP, caller);
	if (!area) {
		snprintf(why, whylen, "no room in the vmalloc space for %lu bytes",
			 size);
		return -ENOMEM;
	}
	area->phys_addr = phys_addr;
	if (vmap_phys_range(area->addr, phys_addr, size, PAGE_KERNEL)) {
		vm_struct_free(remove_vm_area(area->addr));
		snprintf(why, whylen, "out of memory for page tables");
		return -ENOMEM;
	}
	*out = area->addr + offset;
	return 0;
}

/**
 * ioremap - map a device's physical range into the kernel
 * @phys_addr: first physical byte
 * @size: bytes
 *
 * Return: the virtual address of @phys_addr, or 0 (see ioremap_checked).
 */
vaddr_t ioremap(phys_addr_t phys_addr, unsigned long size)
{
	char why[96];
	vaddr_t addr;

	ioremap_checked(phys_addr, size, "ioremap", &addr, why, sizeof(why));
	return addr;
}

/**
 * iounmap_checked - iounmap() that reports a bad address
 * @addr: what ioremap() returned (any address in its first page)
 * @why: receives a lower-case reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL after Linux's "iounmap: bad address" line.
 */
int iounmap_checked(vaddr_t addr, char *why, size_t whylen)
{
	vaddr_t start = addr & PAGE_MASK;
	struct vm_struct *vm;
	const char *reason = NULL;

	if (!addr)
		return 0;
	vm = find_vm_area(start);
	if (!vm)
		reason = "no ioremap area there";
	else if (vm->addr != start)
		reason = "not in the first page of its area";
	else if (!(vm->flags & VM_IOREMAP))
		reason = "not an ioremap area";
	if (reason) {
		pr_err("iounmap: bad address %0*llx\n",
		       (int)current_machine()->arch->bits / 4,
		       (unsigned long long)addr);
		snprintf(why, whylen, "%s", reason);
		return -EINVAL;
	}
	vm_struct_free(remove_vm_area(start));
	return 0;
}

/**
 * ioremap_maps - is @addr's page an ioremap() mapping of @phys?
 * @addr: kernel virtual address (page aligned)
 * @phys: the physical address its PTE names
 *
 * The page-table checker accepts a frame outside RAM only there.
 *
 * Return: true when a busy VM_IOREMAP area maps @addr to @phys.
 */
bool ioremap_maps(vaddr_t addr, phys_addr_t phys)
{
	struct vm_struct *vm = find_vm_area(addr);

	return vm && (vm->flags & VM_IOREMAP) &&
	       addr < vm->addr + get_vm_area_size(vm) &&
	       phys == vm->phys_addr + (addr - vm->addr);
}

/** iounmap - undo ioremap(); a bad address is logged and ignored */
void iounmap(vaddr_t addr)
{
	char why[96];

	iounmap_checked(addr, why, sizeof(why));
}
