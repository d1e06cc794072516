// SPDX-License-Identifier: GPL-2.0
/*
 * The kmem tracepoints of the page allocator print what Linux's
 * include/trace/events/kmem.h prints, field for field and in the same
 * order; mm_page_alloc is emitted for failures too, with page=NULL, pfn=0x0.
 */
#include "../test.h"
#include <mmsim/page_alloc.h>
#include <mmsim/strbuf.h>
#include <mmsim/trace.h>
#include <string.h>

struct rec {
	char last_alloc[256];
	char last_free[256];
	char last_locked[256];
	char last_drain[256];
	int nr_alloc, nr_fail;
};

static void sink(struct machine *m, const char *event,
		 const struct trace_field *f, int nr, void *ctx)
{
	struct rec *r = ctx;
	struct strbuf sb = { 0 };
	char *dst = NULL;

	(void)m;
	trace_format(&sb, event, f, nr);
	if (!strcmp(event, "mm_page_alloc")) {
		dst = r->last_alloc;
		r->nr_alloc++;
		if (f[0].u == 0)
			r->nr_fail++;
	} else if (!strcmp(event, "mm_page_free")) {
		dst = r->last_free;
	} else if (!strcmp(event, "mm_page_alloc_zone_locked")) {
		dst = r->last_locked;
	} else if (!strcmp(event, "mm_page_pcpu_drain")) {
		dst = r->last_drain;
	}
	if (dst)
		snprintf(dst, 256, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
}

static struct machine *boot(enum mm_arch_id arch, u64 mem)
{
	struct machine_config mc;

	machine_config_default(&mc);
	mc.arch = arch;
	mc.mem = mem;
	return test_boot_cfg(&mc);
}

TEST(trace__kmem_fields_in_linux_order_x86_64)
{
	struct machine *m = boot(ARCH_X86_64, 256 * SZ_1M);
	struct rec r = { 0 };
	struct page *page;
	unsigned long pfn;
	char want[256];

	ASSERT(m);
	ASSERT(!trace_attach(m, sink, &r));
	page = alloc_pages(GFP_KERNEL, 3);
	ASSERT(page);
	pfn = page_to_pfn(page);
	snprintf(want, sizeof(want),
		 "mm_page_alloc: page=%016llx pfn=0x%lx order=3 migratetype=0 gfp_flags=GFP_KERNEL",
		 (unsigned long long)(0xffffea0000000000ULL + pfn * 64), pfn);
	EXPECT_STR(r.last_alloc, want);
	/* The order-3 refill took the zone lock: "percpu_refill=1". */
	EXPECT(!strncmp(r.last_locked, "mm_page_alloc_zone_locked: page=ffffea", 38));
	EXPECT(strstr(r.last_locked, " order=3 migratetype=0 percpu_refill=1"));
	__free_pages(page, 3);
	snprintf(want, sizeof(want),
		 "mm_page_free: page=%016llx pfn=0x%lx order=3",
		 (unsigned long long)(0xffffea0000000000ULL + pfn * 64), pfn);
	EXPECT_STR(r.last_free, want);
	drain_all_pages(NULL);
	EXPECT(!strncmp(r.last_drain, "mm_page_pcpu_drain: page=ffffea", 31));
	EXPECT(strstr(r.last_drain, " migratetype="));

	/* A failure is traced at Linux's "out:" label: page=NULL pfn=0x0. */
	r.nr_fail = 0;
	while (alloc_pages(GFP_DMA | __GFP_NOWARN, 10))
		;
	EXPECT_EQ(r.nr_fail, 1);
	EXPECT_STR(r.last_alloc,
		   "mm_page_alloc: page=0000000000000000 pfn=0x0 order=10 migratetype=0 gfp_flags=GFP_DMA|__GFP_NOWARN");
	trace_detach(m, sink, &r);
	machine_destroy(m);
	machine_enter(NULL);
}

TEST(trace__kmem_page_pointer_on_32bit_is_8_digits)
{
	struct machine *m = boot(ARCH_X86_32, 256 * SZ_1M);
	struct rec r = { 0 };
	struct page *page;

	ASSERT(m);
	ASSERT(!trace_attach(m, sink, &r));
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT(page);
	/* The lowmem mem_map copy: above PAGE_OFFSET (0xc0000000). */
	EXPECT(!strncmp(r.last_alloc, "mm_page_alloc: page=c", 21));
	EXPECT(strstr(r.last_alloc, " pfn=0x"));
	EXPECT_EQ(strchr(r.last_alloc, ' ') - r.last_alloc +
		  (long)strlen(" page=12345678"),
		  strstr(r.last_alloc, " pfn=") - r.last_alloc);
	__free_pages(page, 0);
	EXPECT(!alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	trace_detach(m, sink, &r);
	machine_destroy(m);
	machine_enter(NULL);
}

int main(void)
{
	RUN(trace__kmem_fields_in_linux_order_x86_64);
	RUN(trace__kmem_page_pointer_on_32bit_is_8_digits);
	return done();
}
