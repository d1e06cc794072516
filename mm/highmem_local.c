// SPDX-License-Identifier: GPL-2.0
/*
 * Short-lived HighMem mappings (K3): kmap_local_page() / kunmap_local()
 * and the deprecated kmap_atomic() / kunmap_atomic(), as mm/highmem.c's
 * __kmap_local_pfn_prot() and kunmap_local_indexed() with the x86 and ARM
 * arch_kmap_local_* hooks.
 *
 * Each CPU owns KM_MAX_IDX consecutive fixmap slots from FIX_KMAP_BEGIN
 * (arch_kmap_local_map_idx(): idx + KM_MAX_IDX * cpu) and uses them as a
 * stack: a mapping takes the next slot, and only the most recent one may
 * be unmapped. Unmapping clears the PTE and flushes that one address
 * (arch_kmap_local_post_unmap(): x86 flush_tlb_one_kernel(), ARM
 * local_flush_tlb_kernel_page()); ARM also flushes after mapping.
 *
 * SIM: Linux keeps the stack per task and replays it on a context switch;
 * here it is per CPU (see mm/highmem_internal.h). Linux WARNs and unmaps
 * the top slot on an out-of-order kunmap_local(); mmsim refuses and
 * changes nothing. The flush is local to the CPU, as Linux's.
 * Linux has no tracepoints here: kmap_local and kunmap_local are mmsim's.
 */
#include <errno.h>

#include <mmsim/highmem.h>
#include <mmsim/paging.h>

#include "highmem_internal.h"

static const struct fixmap_layout *fixmap(void)
{
	return &current_machine()->layout.fixmap;
}

/* Can @cpu take a kmap_local slot? NULL, or why not. */
static const char *kmap_local_cpu_bad(struct machine *m, int cpu)
{
	const struct fixmap_layout *f = &m->layout.fixmap;

	if (cpu < 0 || cpu >= m->nr_cpus)
		return "no such CPU";
	if (!f->nr_kmap)
		return "this kernel has no kmap_local fixmap slots (no HighMem)";
	if ((unsigned int)cpu >= f->kmap_cpus)
		return "the CPU is beyond the NR_CPUS the fixmap's FIX_KMAP slots are sized for";
	return NULL;
}

/* The fixmap index of @cpu's stack entry @i. */
static unsigned int kmap_idx(int cpu, int i)
{
	return fixmap()->kmap_begin + fixmap()->km_max_idx * (unsigned int)cpu +
	       (unsigned int)i;
}

/*
 * kmap_get_pte(): the PTE of slot @idx at @vaddr. Linux finds the PTE of
 * FIX_KMAP_BEGIN once (__kmap_pte) and indexes down from it, the slots
 * lying in one page table; walking the tables on every kmap_local was
 * most of its cost. Slots that straddle two tables are walked each time,
 * as with Linux's CONFIG_KMAP_LOCAL_NON_LINEAR_PTE_ARRAY.
 */
static pte_t *kmap_get_pte(struct highmem_state *hs, vaddr_t vaddr,
			   unsigned int idx, bool alloc)
{
	const struct pt_format *f = pt_fmt();
	const struct fixmap_layout *fx = fixmap();
	unsigned int span;
	vaddr_t first, last;

	if (!hs->kmap_pte) {
		span = f->shift[PT_PTE] +
		       (unsigned int)__builtin_ctz(f->ptrs[PT_PTE]);
		first = __fix_to_virt(fx->kmap_begin);
		last = __fix_to_virt(fx->kmap_begin + fx->nr_kmap - 1);
		if (first >> span == last >> span)
			hs->kmap_pte = fixmap_kernel_pte(first, alloc);
		if (!hs->kmap_pte)
			return fixmap_kernel_pte(vaddr, alloc);
	}
	return (pte_t *)((u8 *)hs->kmap_pte -
			 (size_t)(idx - fx->kmap_begin) * f->width);
}

static vaddr_t __kmap_local_pfn_prot(int cpu, unsigned long pfn,
				     pgprot_t prot, bool atomic,
				     const char **why)
{
	struct machine *m = current_machine();
	struct highmem_state *hs = highmem_state();
	struct kmap_ctrl *ctrl;
	const char *bad;
	vaddr_t vaddr;
	pte_t *pte;
	pte_t v;

	if (!hs) {
		*why = "out of host memory";
		return 0;
	}
	bad = kmap_local_cpu_bad(m, cpu);
	if (bad) {
		*why = bad;
		return 0;
	}
	ctrl = &hs->kmap_ctrl[cpu];
	/* kmap_local_idx_push(): BUG_ON(idx >= KM_MAX_IDX) */
	if (ctrl->idx >= (int)fixmap()->km_max_idx) {
		*why = "every KM_MAX_IDX kmap_local slot of the CPU is in use "
		       "(Linux: BUG in kmap_local_idx_push())";
		return 0;
	}
	vaddr = __fix_to_virt(kmap_idx(cpu, ctrl->idx));
	pte = kmap_get_pte(hs, vaddr, kmap_idx(cpu, ctrl->idx), true);
	if (!pte) {
		*why = "cannot allocate the fixmap page table";
		return 0;
	}
	if (!pte_none(ptep_get(pte))) {
		*why = "the slot's PTE is already set (Linux: BUG_ON(!pte_none))";
		return 0;
	}
	v = pfn_pte(pfn, prot);
	set_pte_at(&init_mm, vaddr, pte, v);
	if (fixmap()->kmap_flush_on_map)
		flush_tlb_one_kernel_on(cpu, vaddr);
	ctrl->pteval[ctrl->idx] = v;
	ctrl->atomic[ctrl->idx] = atomic;
	trace_event(m, "kmap_local", TF_I("cpu", cpu), TF_I("idx", ctrl->idx),
		    TF_X("pfn", pfn), TF_X("vaddr", vaddr),
		    TF_U("atomic", atomic));
	ctrl->idx++;
	return vaddr;
}

static int kunmap_local_indexed(int cpu, vaddr_t vaddr, bool atomic,
				const char **why)
{
	struct machine *m = current_machine();
	const struct fixmap_layout *f = fixmap();
	struct highmem_state *hs = highmem_state();
	vaddr_t addr = vaddr & PAGE_MASK;
	struct kmap_ctrl *ctrl;
	const char *bad;
	unsigned int slot;
	pte_t *pte;

	if (!hs) {
		*why = "out of host memory";
		return -ENOMEM;
	}
	if (!f->nr_kmap || addr < __fix_to_virt(f->kmap_begin + f->nr_kmap - 1) ||
	    addr > __fix_to_virt(f->kmap_begin)) {
		/* Linux: a linear address is a no-op, a user one WARNs. */
		if (addr < m->layout.page_offset) {
			*why = "not a kmap_local address, and below PAGE_OFFSET "
			       "(Linux: WARN_ON_ONCE)";
			return -EINVAL;
		}
		return 0;
	}
	bad = kmap_local_cpu_bad(m, cpu);
	if (bad) {
		*why = bad;
		return -EINVAL;
	}
	ctrl = &hs->kmap_ctrl[cpu];
	slot = (unsigned int)((__fix_to_virt(f->kmap_begin) - addr) >> PAGE_SHIFT);
	if (slot / f->km_max_idx != (unsigned int)cpu) {
		*why = "the address is another CPU's kmap_local slot";
		return -EINVAL;
	}
	if (!ctrl->idx) {
		*why = "the CPU has no kmap_local mapping (Linux: WARN_ON_ONCE)";
		return -EINVAL;
	}
	if (addr != __fix_to_virt(kmap_idx(cpu, ctrl->idx - 1))) {
		*why = "not the CPU's most recent kmap_local mapping: unmap in "
		       "reverse order (Linux: WARN_ON_ONCE)";
		return -EINVAL;
	}
	if (ctrl->atomic[ctrl->idx - 1] != atomic) {
		*why = atomic ? "the mapping was made by kmap_local_page(): use kunmap_local()" :
				"the mapping was made by kmap_atomic(): use kunmap_atomic()";
		return -EINVAL;
	}
	pte = kmap_get_pte(hs, addr, kmap_idx(cpu, ctrl->idx - 1), false);
	if (pte)
		pte_clear(&init_mm, addr, pte);
	/* arch_kmap_local_post_unmap() */
	flush_tlb_one_kernel_on(cpu, addr);
	hs->stats.kmap_local_flushes++;
	ctrl->idx--;
	trace_event(m, "kunmap_local", TF_I("cpu", cpu), TF_I("idx", ctrl->idx),
		    TF_X("pfn", pte_pfn(ctrl->pteval[ctrl->idx])),
		    TF_X("vaddr", addr), TF_U("atomic", atomic));
	ctrl->pteval[ctrl->idx] = __pte(0);
	ctrl->atomic[ctrl->idx] = false;
	return 0;
}

static const char *ignore_why;

/**
 * kmap_local_page - map a page in the CPU's next kmap_local slot
 * @cpu: the CPU the caller runs on (SIM: Linux's smp_processor_id())
 * @page: the page
 * @why: receives the reason of a failure; may be NULL
 *
 * Lowmem pages return their linear address and take no slot
 * (__kmap_local_page_prot() without DEBUG_KMAP_LOCAL_FORCE_MAP).
 *
 * Context: acts on current_machine().
 * Return: the address, or 0 on failure.
 */
vaddr_t kmap_local_page(int cpu, struct page *page, const char **why)
{
	if (!why)
		why = &ignore_why;
	if (!PageHighMem(page))
		return page_address(page);
	return __kmap_local_pfn_prot(cpu, page_to_pfn(page), PAGE_KERNEL,
				     false, why);
}

/**
 * kunmap_local - unmap the CPU's most recent kmap_local_page()
 * @cpu: the CPU
 * @vaddr: an address inside the mapping (or a linear address: no-op)
 * @why: receives the reason of a failure; may be NULL
 *
 * Context: acts on current_machine().
 * Return: 0, or -EINVAL (nothing changed).
 */
int kunmap_local(int cpu, vaddr_t vaddr, const char **why)
{
	return kunmap_local_indexed(cpu, vaddr, false, why ? why : &ignore_why);
}

/**
 * kmap_atomic - kmap_local_page() with page faults and preemption disabled
 * @cpu: the CPU
 * @page: the page
 * @why: receives the reason of a failure; may be NULL
 *
 * Deprecated in Linux in favour of kmap_local_page(); same slots.
 *
 * Context: acts on current_machine().
 * Return: the address, or 0 on failure.
 */
vaddr_t kmap_atomic(int cpu, struct page *page, const char **why)
{
	struct highmem_state *hs = highmem_state();
	vaddr_t vaddr;

	if (!why)
		why = &ignore_why;
	if (!hs || cpu < 0 || cpu >= current_machine()->nr_cpus) {
		*why = hs ? "no such CPU" : "out of host memory";
		return 0;
	}
	if (!PageHighMem(page))
		vaddr = page_address(page);
	else
		vaddr = __kmap_local_pfn_prot(cpu, page_to_pfn(page),
					      PAGE_KERNEL, true, why);
	if (vaddr)
		hs->kmap_ctrl[cpu].pagefault_disabled++;
	return vaddr;
}

/**
 * kunmap_atomic - undo the CPU's most recent kmap_atomic()
 * @cpu: the CPU
 * @vaddr: an address inside the mapping
 * @why: receives the reason of a failure; may be NULL
 *
 * Context: acts on current_machine().
 * Return: 0, or -EINVAL (nothing changed): not the most recent mapping,
 * or no kmap_atomic() to undo (Linux: a preempt count underflow).
 */
int kunmap_atomic(int cpu, vaddr_t vaddr, const char **why)
{
	struct machine *m = current_machine();
	struct highmem_state *hs = highmem_state();
	int ret;

	if (!why)
		why = &ignore_why;
	if (!hs || cpu < 0 || cpu >= m->nr_cpus) {
		*why = hs ? "no such CPU" : "out of host memory";
		return -EINVAL;
	}
	if (!hs->kmap_ctrl[cpu].pagefault_disabled) {
		*why = "the CPU has no kmap_atomic() to undo (Linux: preempt "
		       "count underflow)";
		return -EINVAL;
	}
	ret = kunmap_local_indexed(cpu, vaddr, true, why);
	if (!ret)
		hs->kmap_ctrl[cpu].pagefault_disabled--;
	return ret;
}

/**
 * kmap_local_depth - how many kmap_local slots a CPU holds
 * @cpu: the CPU
 *
 * Return: the depth (kmap_ctrl.idx), or -EINVAL for no such CPU.
 */
int kmap_local_depth(int cpu)
{
	struct highmem_state *hs = highmem_state();

	if (!hs || cpu < 0 || cpu >= current_machine()->nr_cpus)
		return -EINVAL;
	return hs->kmap_ctrl[cpu].idx;
}

/**
 * kmap_local_slot - one entry of a CPU's kmap_local stack
 * @cpu: the CPU
 * @i: the entry, 0 the oldest
 * @vaddr: receives its address
 * @pfn: receives the page it maps
 * @atomic: receives whether kmap_atomic() made it
 *
 * Return: 0, or -EINVAL when there is no such entry.
 */
int kmap_local_slot(int cpu, int i, vaddr_t *vaddr, unsigned long *pfn,
		    bool *atomic)
{
	struct highmem_state *hs = highmem_state();

	if (kmap_local_depth(cpu) <= i || i < 0 || !hs)
		return -EINVAL;
	*vaddr = __fix_to_virt(kmap_idx(cpu, i));
	*pfn = pte_pfn(hs->kmap_ctrl[cpu].pteval[i]);
	*atomic = hs->kmap_ctrl[cpu].atomic[i];
	return 0;
}
