// SPDX-License-Identifier: GPL-2.0
/*
 * slub_debug (the CONFIG_SLUB_DEBUG half of Linux's mm/slub.c): red zones
 * (Z), poisoning (P), consistency checks (F) and alloc/free tracking (U),
 * and the "BUG <cache> (Not tainted): ..." reports they print.
 *
 * Slot layout with every option (offsets from the slot start):
 *
 *   | left red zone | object (object_size) | right red zone .. inuse |
 *   | free pointer | track alloc | track free | orig_size | pad | ...
 *
 * Red zone bytes are 0xbb while the object is free, 0xcc while allocated;
 * a poisoned free object is 0x6b bytes with a final 0xa5.
 *
 * SIM: after a report Linux restores the bytes and then isolates the slab
 * ("Marking all objects used"); mmsim restores the bytes and carries on,
 * so a scenario can show the report and keep a consistent allocator.
 * SIM: padding (0x5a) is written but not checked; tracks record the API
 * function as the call site and pid 0, no stack trace.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "slab.h"

/* Fits a simulated pointer: 16 hex digits on 64-bit kernels, 8 on 32. */
static int ptr_width(void)
{
	return slab_state()->ptr_size * 2;
}

#define PTR(x)	ptr_width(), (unsigned long long)(x)

static void slab_bug(struct kmem_cache *s, const char *fmt, va_list ap)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	pr_err("=============================================================================\n");
	pr_err("BUG %s (Not tainted): %s\n", s->name, msg);
	pr_err("-----------------------------------------------------------------------------\n");
	pr_err("\n");
}

static void slab_bugf(struct kmem_cache *s, const char *fmt, ...)
	__printf(2, 3);
static void slab_bugf(struct kmem_cache *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	slab_bug(s, fmt, ap);
	va_end(ap);
}

static void slab_fix(struct kmem_cache *s, const char *fmt, ...)
	__printf(2, 3);
static void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("FIX %s: %s\n", s->name, msg);
}

/* print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16, 1, ...). */
static void print_section(const char *text, vaddr_t addr, unsigned int len)
{
	const u8 *p = slab_host(slab_state(), addr);

	for (unsigned int off = 0; off < len; off += 16) {
		char hex[64] = "", asc[20] = "";
		unsigned int n = len - off < 16 ? len - off : 16;

		for (unsigned int i = 0; i < n; i++) {
			u8 c = p[off + i];

			snprintf(hex + i * 3, sizeof(hex) - i * 3, "%02x ", c);
			asc[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		asc[n] = 0;
		hex[n * 3 - 1] = 0;
		pr_err("%s%0*llx: %-47s  %s\n", text, PTR(addr + off), hex, asc);
	}
}

/* ---- tracking (slub_debug=U) ---- */

/* Where the tracks start: after the free pointer when it is outside. */
static vaddr_t get_info_end(const struct kmem_cache *s, vaddr_t object)
{
	if (s->offset >= s->inuse)
		return object + s->offset + slab_state()->ptr_size;
	return object + s->inuse;
}

/*
 * SIM: a track is { caller (an index into a table of API names), cpu,
 * pid, when (jiffies, HZ=1000) } packed into sizeof(struct track) bytes.
 */
static const char *const track_callers[] = {
	"?", "kmalloc", "kmalloc_node", "kmem_cache_alloc",
	"kmem_cache_alloc_node", "kmem_cache_alloc_bulk", "kfree",
	"kmem_cache_free", "kmem_cache_free_bulk", "krealloc", "lua",
};

static u32 caller_index(const char *caller)
{
	for (u32 i = 1; caller && i < ARRAY_SIZE(track_callers); i++)
		if (!strcmp(track_callers[i], caller))
			return i;
	return 0;
}

struct track_rec {
	u32 caller;
	u32 cpu;
	u32 pid;
	u32 when;
};

static void set_track(struct kmem_cache *s, vaddr_t object, int alloc,
		      const char *caller)
{
	struct slab_state *ss = slab_state();
	vaddr_t t = get_info_end(s, object) + (vaddr_t)alloc * track_size(ss);
	struct track_rec r = {
		.caller = caller_index(caller),
		.cpu = (u32)page_alloc_get_cpu(),
		.pid = 0,
		.when = (u32)(current_machine()->clock_ns / 1000000),
	};

	memset(slab_host(ss, t), 0, track_size(ss));
	memcpy(slab_host(ss, t), &r, sizeof(r));
}

static void print_track(const char *what, struct kmem_cache *s,
			vaddr_t object, int alloc)
{
	struct slab_state *ss = slab_state();
	vaddr_t t = get_info_end(s, object) + (vaddr_t)alloc * track_size(ss);
	u32 now = (u32)(current_machine()->clock_ns / 1000000);
	struct track_rec r;

	memcpy(&r, slab_host(ss, t), sizeof(r));
	if (!r.caller)
		return;
	pr_err("INFO: %s in %s age=%u cpu=%u pid=%u\n", what,
	       track_callers[r.caller < ARRAY_SIZE(track_callers) ? r.caller : 0],
	       now - r.when, r.cpu, r.pid);
}

static void print_tracking(struct kmem_cache *s, vaddr_t object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", s, object, 0);
	print_track("Freed", s, object, 1);
}

/* ---- reports ---- */

static void print_slab_info(struct slab *slab)
{
	pr_err("Slab 0x%0*llx objects=%u used=%u fp=0x%0*llx flags=0x%lx\n",
	       PTR(page_trace_ptr(slab_page(slab))), slab->objects,
	       slab->inuse, PTR(slab->freelist), slab->__page_flags);
}

static void print_trailer(struct kmem_cache *s, struct slab *slab, vaddr_t p)
{
	vaddr_t addr = slab_address(slab);

	print_tracking(s, p);
	print_slab_info(slab);
	pr_err("Object 0x%0*llx @offset=%llu fp=0x%0*llx\n", PTR(p),
	       (unsigned long long)(p - addr), PTR(get_freepointer(s, p)));
	pr_err("\n");
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p,
		      s->object_size < PAGE_SIZE ? s->object_size : PAGE_SIZE);
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size,
			      s->inuse - s->object_size);
}

/**
 * object_err - "BUG <cache>: <reason>" with the object's trailer
 * @s: cache
 * @slab: slab of the object
 * @object: object address
 * @reason: what is wrong
 */
void object_err(struct kmem_cache *s, struct slab *slab, vaddr_t object,
		const char *reason)
{
	slab_bugf(s, "%s", reason);
	print_trailer(s, slab, object);
}

/**
 * slab_err - "BUG <cache>: <message>" with the slab's description
 * @s: cache
 * @slab: slab
 * @fmt: printf format of the message
 */
void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	slab_bug(s, fmt, ap);
	va_end(ap);
	print_slab_info(slab);
}

/**
 * list_slab_objects - report the live objects of @slab (shutdown)
 * @s: cache
 * @slab: slab with objects in use
 * @text: the headline
 */
void list_slab_objects(struct kmem_cache *s, struct slab *slab,
		       const char *text)
{
	struct slab_state *ss = slab_state();
	vaddr_t addr = slab_address(slab), p;

	slab_err(s, slab, "%s", text);
	for_each_object(p, s, slab) {
		if (!slab_obj_live(ss, s, slab, p))
			continue;
		pr_err("Object 0x%0*llx @offset=%llu\n", PTR(p),
		       (unsigned long long)(p - addr));
		print_tracking(s, p);
	}
}

/* ---- poison and red zones ---- */

/**
 * init_object - write red zones (@val) and poison around/into @object
 * @s: debug cache
 * @object: object address
 * @val: SLUB_RED_ACTIVE (allocated) or SLUB_RED_INACTIVE (free)
 */
void init_object(struct kmem_cache *s, vaddr_t object, u8 val)
{
	u8 *p = slab_host(slab_state(), object);

	if (s->flags & SLAB_RED_ZONE)
		memset(p - s->red_left_pad, val, s->red_left_pad);
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, val, s->inuse - s->object_size);
}

/** setup_slab_debug - fill a new slab of a poisoning cache with 0x5a */
void setup_slab_debug(struct kmem_cache *s, struct slab *slab)
{
	if (!(s->flags & SLAB_POISON))
		return;
	memset(slab_host(slab_state(), slab_address(slab)), POISON_INUSE,
	       PAGE_SIZE << slab_order(slab));
}

/* Linux's check_bytes_and_report(): report and restore a damaged range. */
static bool check_bytes_and_report(struct kmem_cache *s, struct slab *slab,
				   vaddr_t object, const char *what,
				   vaddr_t start, u8 value, unsigned int bytes)
{
	u8 *p = slab_host(slab_state(), start);
	unsigned int i, end;

	for (i = 0; i < bytes && p[i] == value; i++)
		;
	if (i == bytes)
		return true;
	for (end = bytes; end > i && p[end - 1] == value; end--)
		;
	slab_bugf(s, "%s overwritten", what);
	pr_err("0x%0*llx-0x%0*llx @offset=%llu. First byte 0x%x instead of 0x%x\n",
	       PTR(start + i), PTR(start + end - 1),
	       (unsigned long long)(start + i - slab_address(slab)), p[i], value);
	print_trailer(s, slab, object);
	slab_fix(s, "Restoring %s 0x%0*llx-0x%0*llx=0x%x", what,
		 PTR(start + i), PTR(start + end - 1), value);
	memset(p + i, value, end - i);
	return false;
}

/* Linux's check_object(): red zones and poison as @val says they must be. */
static bool check_object(struct kmem_cache *s, struct slab *slab,
			 vaddr_t object, u8 val)
{
	bool ok = true;

	if (s->flags & SLAB_RED_ZONE) {
		ok &= check_bytes_and_report(s, slab, object, "Left Redzone",
					     object - s->red_left_pad, val,
					     s->red_left_pad);
		ok &= check_bytes_and_report(s, slab, object, "Right Redzone",
					     object + s->object_size, val,
					     s->inuse - s->object_size);
	}
	if (val == SLUB_RED_INACTIVE && (s->flags & __OBJECT_POISON)) {
		ok &= check_bytes_and_report(s, slab, object, "Poison", object,
					     POISON_FREE, s->object_size - 1);
		ok &= check_bytes_and_report(s, slab, object, "End Poison",
					     object + s->object_size - 1,
					     POISON_END, 1);
	}
	return ok;
}

/**
 * alloc_debug_processing - checks and bookkeeping on a debug allocation
 * @s: debug cache
 * @slab: slab of @object
 * @object: the object being handed out
 * @caller: API function (slub_debug=U)
 * @orig_size: bytes requested
 *
 * Return: true when the free object was intact.
 */
bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab,
			    vaddr_t object, const char *caller,
			    size_t orig_size)
{
	bool ok = true;

	if (s->flags & (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON))
		ok = check_object(s, slab, object, SLUB_RED_INACTIVE);
	if (s->flags & SLAB_STORE_USER) {
		set_track(s, object, 0, caller);
		if (s->flags & SLAB_KMALLOC) {
			u32 o = (u32)orig_size;
			vaddr_t at = get_info_end(s, object) +
				     2 * track_size(slab_state());

			memcpy(slab_host(slab_state(), at), &o, sizeof(o));
		}
	}
	init_object(s, object, SLUB_RED_ACTIVE);
	return ok;
}

/**
 * free_debug_processing - checks and bookkeeping on a debug free
 * @s: debug cache
 * @slab: slab of @object
 * @object: a live object (the caller checked that)
 * @caller: API function (slub_debug=U)
 *
 * Return: true when the red zones were intact.
 */
bool free_debug_processing(struct kmem_cache *s, struct slab *slab,
			   vaddr_t object, const char *caller)
{
	bool ok = true;

	if (s->flags & (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE))
		ok = check_object(s, slab, object, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, 1, caller);
	init_object(s, object, SLUB_RED_INACTIVE);
	return ok;
}

/**
 * setup_slub_debug - parse the value of slub_debug= (flags only)
 * @ss: slab state to configure
 * @val: "" or "-" style flags: F, Z, P, U, T, O, A; "-" disables
 *
 * An empty value (plain "slub_debug") enables F, Z, P and U, as Linux.
 * SIM: the ",cache-list" form applies the flags to every cache.
 *
 * Return: 0, or -EINVAL for an unknown letter.
 */
int setup_slub_debug(struct slab_state *ss, const char *val)
{
	slab_flags_t f = 0;

	if (!val || !*val || *val == ',') {
		ss->slub_debug = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE |
				 SLAB_POISON | SLAB_STORE_USER;
		return 0;
	}
	for (const char *p = val; *p && *p != ','; p++) {
		switch (*p | 0x20) {
		case '-': f = 0; break;
		case 'f': f |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': f |= SLAB_RED_ZONE; break;
		case 'p': f |= SLAB_POISON; break;
		case 'u': f |= SLAB_STORE_USER; break;
		case 't': f |= SLAB_TRACE; break;
		case 'a': case 'o': break;	/* failslab, min order: ignored */
		default:
			return -EINVAL;
		}
	}
	ss->slub_debug = f;
	return 0;
}
