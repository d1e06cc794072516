// SPDX-License-Identifier: GPL-2.0
/*
 * Trace events of the paging code, through a sink attached with
 * trace_attach(): page_fault_user / page_fault_kernel (address, ip,
 * error_code, as Linux's exceptions tracepoints), tlb_flush (reason, pages,
 * as Linux's tlb_flush tracepoint) and page_walk (off by default).
 */
#include "../test.h"
#include "pgtable_fixture.h"

#include <hw/mmu.h>
#include <hw/tlb.h>

#define MAX_EV	64
#define MAX_F	8

static struct ev {
	const char *name;
	int nr;
	struct trace_field f[MAX_F];
} evs[MAX_EV];
static int nr_evs;

static void sink(struct machine *m, const char *event,
		 const struct trace_field *f, int nr, void *ctx)
{
	struct ev *e;

	(void)m;
	(void)ctx;
	if (nr_evs == MAX_EV)
		return;
	e = &evs[nr_evs++];
	e->name = event;
	e->nr = nr < MAX_F ? nr : MAX_F;
	memcpy(e->f, f, sizeof(*f) * (size_t)e->nr);
}

static const struct ev *find(const char *name, int nth)
{
	for (int i = 0; i < nr_evs; i++)
		if (!strcmp(evs[i].name, name) && nth-- == 0)
			return &evs[i];
	return NULL;
}

static const struct trace_field *field(const struct ev *e, const char *key)
{
	for (int i = 0; e && i < e->nr; i++)
		if (!strcmp(e->f[i].key, key))
			return &e->f[i];
	return NULL;
}

static int count(const char *name)
{
	int n = 0;

	for (int i = 0; i < nr_evs; i++)
		n += !strcmp(evs[i].name, name);
	return n;
}

static u64 uval(const struct ev *e, const char *key)
{
	const struct trace_field *f = field(e, key);

	if (!f) {
		FAIL_AT("event %s has no field %s", e ? e->name : "(none)", key);
		return ~0ULL;
	}
	return f->u;
}

static void reset(void)
{
	nr_evs = 0;
}

TEST(trace__page_faults_user_and_kernel)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 1);
	struct cpu *c;
	struct mmu_fault f;
	phys_addr_t pa;
	const struct ev *e;

	EXPECT(m != NULL);
	if (!m)
		return;
	c = &m->cpus[0];
	EXPECT_EQ(trace_attach(m, sink, NULL), 0);
	reset();
	c->ip = 0xffffffff81234567ULL;
	EXPECT_EQ(mmu_translate(c, 0x1000, MMU_USER | MMU_WRITE, &pa, &f),
		  -EFAULT);
	EXPECT_EQ(mmu_translate(c, 0xffffc90000001000ULL, 0, &pa, &f), -EFAULT);
	/* A kernel page touched by the user: protection, user. */
	EXPECT_EQ(mmu_translate(c, m->layout.page_offset + 0x200000,
				MMU_USER, &pa, &f), -EFAULT);
	EXPECT_EQ(count("page_fault_user"), 2);
	EXPECT_EQ(count("page_fault_kernel"), 1);
	e = find("page_fault_user", 0);
	EXPECT_EQ(uval(e, "address"), 0x1000);
	EXPECT_EQ(uval(e, "ip"), 0xffffffff81234567ULL);
	EXPECT_EQ(uval(e, "error_code"), X86_PF_USER | X86_PF_WRITE);
	EXPECT_EQ(field(e, "address")->kind, TF_HEX);
	e = find("page_fault_kernel", 0);
	EXPECT_EQ(uval(e, "address"), 0xffffc90000001000ULL);
	EXPECT_EQ(uval(e, "error_code"), 0);
	e = find("page_fault_user", 1);
	EXPECT_EQ(uval(e, "error_code"), X86_PF_USER | X86_PF_PROT);
	/* Probes (m:walk) and #GP raise no page-fault event. */
	reset();
	EXPECT_EQ(mmu_translate(c, 0x0000800000000000ULL, 0, &pa, &f), -EFAULT);
	EXPECT_EQ(f.vector, X86_TRAP_GP);
	EXPECT_EQ(mmu_translate(c, 0x1000, MMU_PROBE, &pa, &f), -EFAULT);
	EXPECT_EQ(nr_evs, 0);
	trace_detach(m, sink, NULL);
	pt_machine_free(m);
}

TEST(trace__tlb_flush_reasons_and_pages)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 2);
	struct task_struct *a, *b;
	const struct ev *e;

	EXPECT(m != NULL);
	if (!m)
		return;
	EXPECT_EQ(trace_attach(m, sink, NULL), 0);
	reset();
	/* flush_tlb_one_kernel() is local, as Linux's (fixmap, kmap_local). */
	flush_tlb_one_kernel(0xffffc90000001000ULL);
	EXPECT_EQ(count("tlb_flush"), 1);
	e = find("tlb_flush", 0);
	EXPECT(!strcmp(field(e, "reason")->s, "local shootdown"));
	EXPECT_EQ(field(e, "pages")->i, 1);
	/* flush_tlb_kernel_range() reaches every CPU. */
	reset();
	flush_tlb_kernel_range(0xffffc90000001000ULL, 0xffffc90000002000ULL);
	EXPECT_EQ(count("tlb_flush"), 2);
	e = find("tlb_flush", 0);
	EXPECT(!strcmp(field(e, "reason")->s, "local shootdown"));
	e = find("tlb_flush", 1);
	EXPECT(!strcmp(field(e, "reason")->s, "remote shootdown"));
	reset();
	flush_tlb_all();
	EXPECT_EQ(field(find("tlb_flush", 0), "pages")->i, -1);	/* TLB_FLUSH_ALL */

	/* A task switch: "flush on task switch", -1 when it flushes. */
	a = task_create("a", true);
	b = task_create("b", true);
	EXPECT(a && b);
	reset();
	EXPECT_EQ(context_switch(0, a), 0);
	e = find("tlb_flush", 0);
	EXPECT(e && !strcmp(field(e, "reason")->s, "flush on task switch"));
	EXPECT_EQ(field(e, "pages")->i, -1);
	EXPECT_EQ(context_switch(0, b), 0);
	reset();
	EXPECT_EQ(context_switch(0, a), 0);	/* PCID kept: no flush */
	EXPECT_EQ(field(find("tlb_flush", 0), "pages")->i, 0);
	/* flush_tlb_mm_range of the running mm: a local mm shootdown. */
	reset();
	flush_tlb_mm_range(a->mm, 0x400000, 0x402000, PAGE_SHIFT, false);
	e = find("tlb_flush", 0);
	EXPECT(e && !strcmp(field(e, "reason")->s, "local mm shootdown"));
	EXPECT_EQ(field(e, "pages")->i, 2);
	EXPECT_EQ(count("tlb_flush"), 1);	/* cpu 1 does not run it */
	/* ... of an mm that runs nowhere: no flush now, one at the switch. */
	reset();
	flush_tlb_mm_range(b->mm, 0x400000, 0x401000, PAGE_SHIFT, false);
	EXPECT_EQ(count("tlb_flush"), 0);
	EXPECT_EQ(context_switch(0, b), 0);
	EXPECT_EQ(field(find("tlb_flush", 0), "pages")->i, -1);
	trace_detach(m, sink, NULL);
	pt_machine_free(m);
}

TEST(trace__page_walk_off_by_default)
{
	struct machine *m = pt_machine(ARCH_X86_64, 256ULL << 20, 1);
	struct cpu *c;
	struct mmu_fault f;
	phys_addr_t pa;
	const struct ev *e;
	u64 va;

	EXPECT(m != NULL);
	if (!m)
		return;
	c = &m->cpus[0];
	va = m->layout.page_offset + 0x123456;
	EXPECT_EQ(trace_attach(m, sink, NULL), 0);
	tlb_flush_all(c->tlb);
	reset();
	EXPECT_EQ(mmu_translate(c, va, 0, &pa, &f), 0);
	EXPECT_EQ(count("page_walk"), 0);
	c->trace_walks = true;
	tlb_flush_all(c->tlb);
	EXPECT_EQ(mmu_translate(c, va, 0, &pa, &f), 0);
	EXPECT_EQ(mmu_translate(c, va, 0, &pa, &f), 0);	/* a TLB hit */
	EXPECT_EQ(count("page_walk"), 1);
	e = find("page_walk", 0);
	EXPECT_EQ(uval(e, "cpu"), 0);
	EXPECT_EQ(uval(e, "address"), va);
	EXPECT_EQ(uval(e, "paddr"), 0x123456);
	EXPECT_EQ(field(e, "fault")->i, 0);
	EXPECT(field(e, "levels")->i >= 2 && field(e, "levels")->i <= 4);
	/* A faulting walk: fault=1, paddr 0. */
	reset();
	EXPECT_EQ(mmu_translate(c, 0xffffc90000001000ULL, 0, &pa, &f), -EFAULT);
	e = find("page_walk", 0);
	EXPECT_EQ(field(e, "fault")->i, 1);
	EXPECT_EQ(uval(e, "paddr"), 0);
	EXPECT_EQ(count("page_fault_kernel"), 1);
	trace_detach(m, sink, NULL);
	pt_machine_free(m);
}

int main(void)
{
	RUN(trace__page_faults_user_and_kernel);
	RUN(trace__tlb_flush_reasons_and_pages);
	RUN(trace__page_walk_off_by_default);
	return done();
}
