// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/printk.c and kernel/trace.c on a bare struct machine (no boot):
 * dmesg timestamps and continuation lines, trace sinks, the ftrace-style
 * printer, the Lua option parser shared by the CLI and mm.boot{}.
 */
#define _POSIX_C_SOURCE 200809L
#include "../test.h"

#include <mmsim/trace.h>
#include "lua/lmm.h"

TEST(printk__timestamp_and_lines)
{
	struct machine m = { 0 };

	m.clock_ns = 1234567890ULL;
	printk_machine(&m, KERN_INFO, "Zone ranges:\n");
	printk_machine(&m, KERN_INFO, "  DMA      ");
	printk_cont(&m, "[mem %#x]\n", 0x1000);
	printk_machine(&m, KERN_INFO, "a\nb\n");
	EXPECT_STR(sb_str(&m.dmesg),
		   "[    1.234567] Zone ranges:\n"
		   "[    1.234567]   DMA      [mem 0x1000]\n"
		   "[    1.234567] a\n"
		   "[    1.234567] b\n");
	EXPECT(!m.dmesg_line_open);
	sb_free(&m.dmesg);
}

TEST(printk__new_message_closes_open_line)
{
	struct machine m = { 0 };

	printk_machine(&m, KERN_INFO, "open");
	EXPECT(m.dmesg_line_open);
	printk_machine(&m, KERN_WARNING, "next\n");
	printk_cont(&m, "cont without open line\n");
	EXPECT_STR(sb_str(&m.dmesg),
		   "[    0.000000] open\n"
		   "[    0.000000] next\n"
		   "[    0.000000] cont without open line\n");
	sb_free(&m.dmesg);
}

struct seen {
	int n;
	char last[128];
};

static void count_sink(struct machine *m, const char *event,
		       const struct trace_field *f, int nr, void *ctx)
{
	struct seen *s = ctx;
	struct strbuf sb = STRBUF_INIT;

	trace_format(&sb, event, f, nr);
	snprintf(s->last, sizeof(s->last), "%s", sb_str(&sb));
	sb_free(&sb);
	s->n++;
}

TEST(trace__attach_detach_and_format)
{
	struct machine m = { 0 };
	struct seen a = { 0 }, b = { 0 };

	trace_event(&m, "nobody_listens", TF_U("x", 1));
	EXPECT_EQ(m.trace.nr_events, 0);
	EXPECT_EQ(trace_attach(&m, count_sink, &a), 0);
	EXPECT_EQ(trace_attach(&m, count_sink, &a), 0);	/* idempotent */
	EXPECT_EQ(m.trace.nr_sinks, 1);
	EXPECT_EQ(trace_attach(&m, count_sink, &b), 0);
	trace_event(&m, "mm_page_alloc", TF_X("pfn", 0x1234), TF_U("order", 3),
		    TF_I("delta", -2), TF_S("gfp_flags", "GFP_KERNEL"));
	EXPECT_STR(a.last,
		   "mm_page_alloc: pfn=0x1234 order=3 delta=-2 gfp_flags=GFP_KERNEL");
	trace_detach(&m, count_sink, &a);
	trace_event(&m, "e2", TF_U("x", 1));
	EXPECT_EQ(a.n, 1);
	EXPECT_EQ(b.n, 2);
	EXPECT_EQ(m.trace.nr_events, 2);
	trace_detach(&m, count_sink, &b);
	EXPECT_EQ(m.trace.nr_sinks, 0);
}

TEST(trace__boot_sinks_reach_new_machines)
{
	struct machine m1 = { 0 }, m2 = { 0 };
	struct seen s = { 0 };

	EXPECT_EQ(trace_attach_boot(count_sink, &s), 0);
	trace_machine_init(&m1);
	trace_detach_boot(count_sink, &s);
	trace_machine_init(&m2);
	EXPECT_EQ(m1.trace.nr_sinks, 1);
	EXPECT_EQ(m2.trace.nr_sinks, 0);
}

TEST(trace__print_sink_is_ftrace_like)
{
	struct machine m = { 0 };
	char line[256] = "";
	FILE *f = tmpfile();

	ASSERT(f);
	m.clock_ns = 2500000000ULL;
	trace_attach(&m, trace_print_sink, f);
	trace_event(&m, "memblock_reserve", TF_X("base", 0x1000),
		    TF_X("size", 0x2000));
	rewind(f);
	ASSERT(fgets(line, sizeof(line), f));
	EXPECT_STR(line,
		   "       swapper/0-0       [000] .....     2.500000: memblock_reserve: base=0x1000 size=0x2000\n");
	fclose(f);
}

TEST(config__options_shared_by_cli_and_lua)
{
	struct machine_config c;
	char err[256];
	bool trace = false;

	machine_config_default(&c);
	EXPECT_EQ(lmm_config_set(&c, &trace, "mem", "512M", err, sizeof(err)), 0);
	EXPECT_EQ(c.mem, 512ULL << 20);
	EXPECT_EQ(lmm_config_set(&c, &trace, "arch", "arm32", err, sizeof(err)), 0);
	EXPECT_EQ(c.arch, ARCH_ARM32);
	EXPECT_EQ(lmm_config_set(&c, &trace, "dma_limit", "32M", err, sizeof(err)), 0);
	EXPECT_EQ(c.dma_limit, 32ULL << 20);
	EXPECT_EQ(lmm_config_set(&c, &trace, "vmsplit", "2G", err, sizeof(err)), 0);
	EXPECT_EQ(c.vmsplit, 2ULL << 30);
	EXPECT_EQ(lmm_config_set(&c, &trace, "layout", "4.x", err, sizeof(err)), 0);
	EXPECT_EQ(c.layout, LAYOUT_4X);
	EXPECT_EQ(lmm_config_set(&c, &trace, "trace", "true", err, sizeof(err)), 0);
	EXPECT(trace);

	EXPECT_EQ(lmm_config_set(&c, &trace, "bogus", "1", err, sizeof(err)), -ENOENT);
	EXPECT(strstr(err, "unknown key 'bogus'"));
	EXPECT_EQ(lmm_config_set(&c, &trace, "mem", "0", err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "must not be zero"));
	EXPECT_EQ(lmm_config_set(&c, &trace, "mem", "4097", err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "not a multiple of the 4K page size"));
	EXPECT_EQ(lmm_config_set(&c, &trace, "mem", "1E", err, sizeof(err)), -EINVAL);
	EXPECT_EQ(lmm_config_set(&c, &trace, "mem", "8P", err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "4P"));
	EXPECT_EQ(lmm_config_set(&c, &trace, "vmsplit", "4G", err, sizeof(err)), -EINVAL);
	EXPECT_EQ(lmm_config_set(&c, &trace, "cpus", "65", err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "from 1 to 64"));
	EXPECT_EQ(lmm_config_set(&c, &trace, "nodes", "x", err, sizeof(err)), -EINVAL);
	EXPECT_EQ(lmm_config_set(&c, &trace, "seed", "-1", err, sizeof(err)), -EINVAL);
	EXPECT_EQ(lmm_config_set(&c, &trace, "layout", "3.x", err, sizeof(err)), -EINVAL);
	EXPECT_EQ(lmm_config_set(&c, &trace, "arch", "x86", err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "unknown architecture 'x86'"));
}

TEST(config__format_size)
{
	char b[32];

	EXPECT_STR(format_size(512ULL << 20, b, sizeof(b)), "512M");
	EXPECT_STR(format_size(64ULL << 30, b, sizeof(b)), "64G");
	EXPECT_STR(format_size(1536ULL << 20, b, sizeof(b)), "1536M");
	EXPECT_STR(format_size(4095, b, sizeof(b)), "4095");
	EXPECT_STR(format_size(0, b, sizeof(b)), "0");
}

int main(void)
{
	RUN(printk__timestamp_and_lines);
	RUN(printk__new_message_closes_open_line);
	RUN(trace__attach_detach_and_format);
	RUN(trace__boot_sinks_reach_new_machines);
	RUN(trace__print_sink_is_ftrace_like);
	RUN(config__options_shared_by_cli_and_lua);
	RUN(config__format_size);
	return done();
}
