// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMU (hw/mmu.h): the page walk for every x86 paging mode and
 * for ARMv7 short descriptors, permission checks, accessed/dirty updates,
 * and fault delivery (split over hw/mmu_rights.c, hw/mmu_x86.c,
 * hw/mmu_arm.c; this file: entry points, the fast IA-32e walk, bulk
 * copies). This is the hardware half of what Linux's
 * arch/x86/mm/fault.c and arch/arm/mm/fault.c receive.
 *
 * Entries are read from simulated RAM in the architecture's binary format.
 * An entry outside RAM reads as all ones, as a bus master abort does on a
 * PC: in the 64-bit-entry formats that sets reserved bits and the walk ends
 * in #PF with RSVD; on ARM it is an external abort on the walk.
 */
#include "mmu_internal.h"

const char *mmu_mode_name(enum mmu_mode mode)
{
	static const char *const names[NR_MMU_MODES] = {
		[MMU_OFF] = "off", [MMU_X86_32] = "32-bit",
		[MMU_X86_PAE] = "PAE", [MMU_X86_4L] = "4-level",
		[MMU_X86_5L] = "5-level", [MMU_ARM_SD] = "short-descriptor",
	};

	return (unsigned int)mode < NR_MMU_MODES ? names[mode] : "?";
}

bool mmu_canonical(const struct cpu *cpu, u64 va)
{
	unsigned int bits;

	if (cpu->mode == MMU_X86_4L)
		bits = 48;
	else if (cpu->mode == MMU_X86_5L)
		bits = 57;
	else
		return true;
	return (u64)((s64)(va << (64 - bits)) >> (64 - bits)) == va;
}

/* ---- entry points --------------------------------------------------- */

static int mmu_check_va(struct cpu *cpu, u64 va, unsigned int access,
			struct mmu_fault *f)
{
	if (mode_is_32bit(cpu) && va > 0xffffffffULL) {
		f->vector = -1;
		f->error_code = 0;
		f->addr = va;
		f->fsr = 0;
		f->reason = "address beyond the 32-bit linear address space";
		return -EINVAL;
	}
	if (!mmu_canonical(cpu, va))
		return x86_gp(cpu, va, access, f);
	return 0;
}

static void trace_walk(struct cpu *cpu, u64 va, int ret, phys_addr_t pa,
		       const struct mmu_walk *w)
{
	if (cpu->trace_walks && cpu->trace)
		hw_trace_event(cpu->trace, cpu->m, "page_walk",
				  TF_U("cpu", cpu->id), TF_X("address", va),
				  TF_I("levels", w ? w->nr : 0),
				  TF_X("paddr", ret ? 0 : pa),
				  TF_I("fault", ret != 0));
}

/* The full walk of the CPU's architecture (@w may be NULL). */
static inline int full_walk(struct cpu *cpu, u64 va, unsigned int access,
			    struct mmu_walk *w, phys_addr_t *pa,
			    struct mmu_fault *f)
{
	if (cpu->isa == CPU_ARM)
		return arm_walk(cpu, va, access, w, pa, f);
	return x86_walk(cpu, va, access, w, pa, f);
}

int mmu_walk(struct cpu *cpu, u64 va, unsigned int access,
	     struct mmu_walk *w, struct mmu_fault *f)
{
	phys_addr_t pa = 0;
	int ret;

	w->nr = 0;
	w->pa = 0;
	w->page_shift = 0;
	w->tlb_hit = false;
	ret = mmu_check_va(cpu, va, access, f);
	if (ret)
		return ret;
	if (cpu->mode == MMU_OFF) {
		w->pa = va;
		w->page_shift = 12;
		return 0;
	}
	ret = full_walk(cpu, va, access, w, &pa, f);
	if (!(access & MMU_PROBE))
		trace_walk(cpu, va, ret, pa, w);
	return ret;
}

/* A TLB hit that fails its permission check faults from the TLB entry. */
static int tlb_hit_denied(struct cpu *cpu, u64 va, unsigned int access,
			  const struct tlb_entry *e, enum tlb_size size,
			  struct mmu_fault *f)
{
	const char *why;
	bool dfault;

	if (cpu->isa == CPU_ARM) {
		unsigned int dom = (e->attr >> TLBA_DOM_SHIFT) & 0xf;

		why = arm_denied(cpu, e->attr, access, &dfault);
		if (!why)
			return 0;
		return arm_fault(cpu, va, access, size == TLB_1M ?
				 (dfault ? ARM_FS_DOMAIN_SECT : ARM_FS_PERM_SECT) :
				 (dfault ? ARM_FS_DOMAIN_PAGE : ARM_FS_PERM_PAGE),
				 dom, why, f);
	}
	why = x86_denied(cpu, e->attr, access);
	if (!why)
		return 0;
	return x86_fault(cpu, va, access,
			 x86_err_base(cpu, access) | X86_PF_PROT, why, f);
}

/*
 * The IA-32e walk (4- and 5-level) for a TLB miss, specialised: entries are
 * read through a host pointer with one bounds check per level. A
 * not-present entry in RAM raises the #PF here, as x86_walk() would
 * (same error code, same reason; a failed walk sets no A bit): it is the
 * demand-paging case, and walking again from CR3 only to report it would
 * be work the hardware does not do. Every other case that is not a plain
 * success (reserved bits, entry outside RAM, a permission the entry's
 * rights do not grant outright) returns 1 before any side effect, so that
 * x86_walk() redoes it and reports exactly what the hardware would. A and
 * D are written only where they are clear (a walk over tables already
 * accessed writes nothing).
 * Return: 0 (translated and filled), -EFAULT (#PF delivered in @f), or 1.
 */
static int x86_walk_long(struct cpu *cpu, u64 va, unsigned int access,
			 phys_addr_t *pa, const struct tlb_probe *probe,
			 struct mmu_fault *f)
{
	const struct phys_ram *ram = cpu->ram;
	const u64 amask = cpu->walk_amask;
	const u64 last_ea = ram->limit - 8;	/* checked below */
	u64 rsvd = cpu->walk_rsvd;
	u64 table = cpu->cr3 & amask, all = ~0ULL, any = 0, leaf;
	unsigned int shift = cpu->mode == MMU_X86_5L ? 48 : 39, n = 0;
	u64 *ep[5];
	u16 attr;
	u64 ok;

	if (unlikely(ram->limit < 8))
		return 1;
	if (!(cpu->efer & EFER_NX))
		rsvd |= PTE_XD;
	for (;; shift -= 9) {
		phys_addr_t ea = table + ((va >> shift) & 511) * 8;
		u64 v;

		if (unlikely(ea > last_ea))
			return 1;
		ep[n++] = (u64 *)ram_ptr(ram, ea);
		__builtin_memcpy(&v, ep[n - 1], 8);
		leaf = v;
		if (unlikely(!(v & PTE_P)))
			return x86_fault(cpu, va, access,
					 x86_err_base(cpu, access),
					 "not present", f);
		if (unlikely(v & rsvd))
			return 1;
		all &= v;
		any |= v;
		if (shift == 12)
			break;
		if (v & PTE_PS) {
			if (shift >= 39 ||
			    (shift == 30 && (!cpu->has_gbpages ||
					     (v & GENMASK_ULL(29, 13)))) ||
			    (shift == 21 && (v & GENMASK_ULL(20, 13))))
				return 1;
			break;
		}
		table = v & amask;
	}
	attr = ((all & PTE_RW) ? TLBA_W : 0) | ((all & PTE_US) ? TLBA_U : 0) |
	       ((any & PTE_XD) ? TLBA_NX : 0);
	/* Judged as if dirty: a write that is allowed sets D now. */
	ok = cpu->rights_ok[attr | TLBA_D];
	if (unlikely(!((ok >> tlb_ok_index(access, cpu->cpl)) & 1)))
		return 1;
	/* A in every entry used, D in the leaf on a write (as x86_walk). */
	if (unlikely(!(all & PTE_A) ||
		     ((access & MMU_WRITE) && !(leaf & PTE_D)))) {
		for (unsigned int k = 0; k < n; k++) {
			u64 v, nv;

			__builtin_memcpy(&v, ep[k], 8);
			nv = v | PTE_A;
			if (k == n - 1 && (access & MMU_WRITE))
				nv |= PTE_D;
			if (nv != v)
				__builtin_memcpy(ep[k], &nv, 8);
		}
		__builtin_memcpy(&leaf, ep[n - 1], 8);
	}
	if (leaf & PTE_D)
		attr |= TLBA_D;
	else
		ok = cpu->rights_ok[attr];
	if ((leaf & PTE_G) && (cpu->cr4 & X86_CR4_PGE))
		attr |= TLBA_G;
	{
		u64 base = leaf & amask & ~((1ULL << shift) - 1);
		enum tlb_size size = shift == 12 ? TLB_4K :
				     shift == 21 ? TLB_2M : TLB_1G;

		*pa = base + (va & ((1ULL << shift) - 1));
		cpu->tlb->stats.walks++;
		if (likely(size == TLB_4K))
			tlb_fill_4k(cpu->tlb, probe, va, base, attr)->ok = ok;
		else
			tlb_insert(cpu->tlb, size, va, base, attr,
				   cpu->tlb->cur_asid)->ok = ok;
	}
	return 0;
}

/* A TLB miss with page_walk events on: the full walk, recorded. */
static noinline int walk_traced(struct cpu *cpu, u64 va, unsigned int access,
				phys_addr_t *pa, struct mmu_fault *f)
{
	struct mmu_walk w;
	int ret;

	w.nr = 0;
	ret = full_walk(cpu, va, access, &w, pa, f);
	trace_walk(cpu, va, ret, *pa, &w);
	return ret;
}

int mmu_translate_slow(struct cpu *cpu, u64 va, unsigned int access,
		       phys_addr_t *pa, struct mmu_fault *f)
{
	/* (a hit leaves cand ~0u: the fill after a walk does a full insert) */
	struct tlb_probe probe = { .cand = ~0u };
	struct tlb_entry *e;
	enum tlb_size size;
	int ret;

	if (cpu->mode == MMU_OFF) {
		if (unlikely(mode_is_32bit(cpu) && va > 0xffffffffULL))
			return mmu_check_va(cpu, va, access, f);
		*pa = va;
		return 0;
	}
	if (likely(cpu->tlb && !(access & MMU_PROBE))) {
		if (likely(cpu->mode == MMU_X86_4L)) {
			/* mmu_check_va() in 4-level mode: canonical or #GP. */
			if (unlikely((u64)((s64)(va << 16) >> 16) != va))
				return x86_gp(cpu, va, access, f);
		} else {
			ret = mmu_check_va(cpu, va, access, f);
			if (unlikely(ret))
				return ret;
		}
		e = tlb_lookup_probe(cpu->tlb, va, &size, &probe);
		if (unlikely(e)) {
			if ((e->ok >> tlb_ok_index(access, cpu->cpl)) & 1) {
				*pa = e->pbase +
				      (va & ((1ULL << tlb_size_shift[size]) - 1));
				return 0;
			}
			ret = tlb_hit_denied(cpu, va, access, e, size, f);
			if (ret)
				return ret;
			/* A write through a clean entry walks to set D. */
			if (!((access & MMU_WRITE) && cpu->isa == CPU_X86 &&
			      !(e->attr & TLBA_D))) {
				*pa = e->pbase +
				      (va & ((1ULL << tlb_size_shift[size]) - 1));
				return 0;
			}
		}
		if (unlikely(cpu->trace_walks))
			return walk_traced(cpu, va, access, pa, f);
		if (cpu->mode == MMU_X86_4L || cpu->mode == MMU_X86_5L) {
			ret = x86_walk_long(cpu, va, access, pa, &probe, f);
			if (likely(ret <= 0))
				return ret;
		}
		return full_walk(cpu, va, access, NULL, pa, f);
	}
	ret = mmu_check_va(cpu, va, access, f);
	if (ret)
		return ret;
	return full_walk(cpu, va, access, NULL, pa, f);
}

/* ---- bulk copies ---------------------------------------------------- */

int mmu_copy_from(struct cpu *cpu, void *dst, u64 va, u64 len,
		  unsigned int access, struct mmu_fault *f)
{
	u8 *d = dst;

	access &= ~(unsigned int)MMU_WRITE;
	while (len) {
		u64 chunk = min_u64(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		phys_addr_t pa;
		int ret = mmu_translate(cpu, va, access, &pa, f);

		if (ret)
			return ret;
		/* Reads of addresses with no RAM see all ones. */
		if (ram_read(cpu->ram, pa, d, chunk))
			__builtin_memset(d, 0xff, chunk);
		d += chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}

int mmu_copy_to(struct cpu *cpu, u64 va, const void *src, u64 len,
		unsigned int access, struct mmu_fault *f)
{
	const u8 *s = src;

	access |= MMU_WRITE;
	while (len) {
		u64 chunk = min_u64(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		phys_addr_t pa;
		int ret = mmu_translate(cpu, va, access, &pa, f);

		if (ret)
			return ret;
		/* Writes to addresses with no RAM are dropped. */
		ram_write(cpu->ram, pa, s, chunk);
		s += chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}
