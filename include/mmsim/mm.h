/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User address spaces: struct vm_area_struct, the VM_* flags, the VMA tree
 * and the system calls on it, as include/linux/mm.h, mm_types.h, mman.h.
 *
 * Glossary: a VMA is one contiguous range [vm_start, vm_end) of an mm with
 * one set of flags; the mm keeps them in a maple tree (mm->mm_mt, Linux
 * 6.1+) that maps each VMA's range to it and tracks the free gaps, so
 * find_vma() and get_unmapped_area() are O(log n) (mm/vma_tree.c,
 * lib/maple_tree.c), and in a sorted list (vm_next/vm_prev, Linux <= 6.0).
 *
 * Core calls return 0 / an address, or a negative errno (IS_ERR_VALUE).
 */
#ifndef MMSIM_MM_H
#define MMSIM_MM_H

#include "arch.h"
#include "maple_tree.h"
#include "mm_struct.h"
#include "paging.h"
#include "rbtree.h"
#include "resource.h"

/* Round up to a page boundary (include/linux/mm.h). */
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* ---- vm_flags (include/linux/mm.h) ------------------------------------ */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_SEQ_READ	0x00008000UL
#define VM_RAND_READ	0x00010000UL
#define VM_LOCKED	0x00002000UL
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_DONTDUMP	0x04000000UL
#define VM_STACK	VM_GROWSDOWN
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
/* Flags a merge must find equal (VM_SOFTDIRTY and friends aside). */
#define VM_MERGE_MASK	(~0UL)

/* ---- mmap(2) / mprotect(2) arguments (uapi/asm-generic/mman*.h) ------- */
#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_SEM	0x8
#define PROT_GROWSDOWN	0x01000000
#define PROT_GROWSUP	0x02000000

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_HUGETLB	0x40000
#define MAP_SYNC	0x80000
#define MAP_FIXED_NOREPLACE 0x100000
/* What MAP_SHARED_VALIDATE accepts (LEGACY_MAP_MASK). */
#define LEGACY_MAP_MASK	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | \
			 MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | \
			 MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | \
			 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
			 MAP_STACK | MAP_HUGETLB)
#define MAP_UNINITIALIZED 0x4000000

/* ---- signals (uapi/asm-generic/siginfo.h) ----------------------------- */
#define SIGABRT		6
#define SIGKILL		9
#define SIGBUS		7
#define SIGSEGV		11
#define SI_KERNEL	0x80
#define SI_TKILL	(-6)	/* tgkill(): what abort()'s raise() sends */
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRERR	2	/* nonexistent physical address: past EOF */

/* ---- handle_mm_fault() flags and results (include/linux/mm_types.h) --- */
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_USER		0x40
#define FAULT_FLAG_INSTRUCTION	0x100

#define VM_FAULT_OOM		0x0001
#define VM_FAULT_SIGBUS		0x0002
#define VM_FAULT_SIGSEGV	0x0040
#define VM_FAULT_BADMAP		0x010000	/* ARM: no VMA */
#define VM_FAULT_BADACCESS	0x020000	/* ARM: access_error() */
#define VM_FAULT_ERROR	(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* struct mm_struct's rss_stat indices (enum NR_MM_COUNTERS). */
enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES,
       NR_MM_COUNTERS };

/* mm/rmap.c: the anon_vma of a VMA, which anonymous pages point at. */
struct anon_vma {
	struct anon_vma *root;	/* SIM: the root of a fork tree (itself) */
	int refcount;		/* VMAs using it */
	unsigned long nr_pages;	/* anonymous pages whose mapping is it */
};

struct vm_area_struct {
	u64 vm_start;			/* first address */
	u64 vm_end;			/* first address after */
	struct vm_area_struct *vm_next, *vm_prev;	/* sorted list */
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;		/* PTE protection of vm_flags */
	unsigned long vm_flags;
	unsigned long vm_pgoff;		/* anon: vm_start >> PAGE_SHIFT */
	struct anon_vma *anon_vma;	/* NULL until the first fault */
	struct anon_vma_name *anon_name;	/* prctl name (mm/vma_name.c) */
	struct file *vm_file;		/* the mapped file (a reference), or NULL */
	/* Node in vm_file's mapping->i_mmap interval tree (mm/interval_tree.c). */
	struct {
		struct rb_node rb;
		pgoff_t rb_subtree_last;	/* last file page in the subtree */
	} shared;
	/*
	 * SIM: the object this VMA occupies in the "vm_area_struct" slab
	 * cache in simulated RAM; the host struct lives beside it.
	 */
	vaddr_t slab_obj;
};

/* One signal delivered to a task (a kernel_siginfo, in short). */
struct ksiginfo {
	int si_signo;
	int si_code;
	u64 si_addr;
};

/* ---- the VMA tree (mm/vma_tree.c) -------------------------------------- */
void vma_tree_insert(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_tree_erase(struct mm_struct *mm, struct vm_area_struct *vma);
/* Store @vma over its range after vm_start/vm_end moved (vma_iter_store). */
void vma_tree_update(struct vm_area_struct *vma, u64 old_start, u64 old_end);
/* Tree check for m:check(): mt_validate + the list. 0 or -EUCLEAN. */
int vma_tree_validate(struct mm_struct *mm, const char **why);

/*
 * The VMA iterator (include/linux/mm_types.h struct vma_iterator): an
 * ma_state on mm->mm_mt. vma_next() gives the VMA at or above the start
 * address first, then each following one; the loop body may unmap the
 * current VMA (the state walks again after any change of the tree).
 */
struct vma_iterator {
	struct ma_state mas;
};

#define VMA_ITERATOR(name, __mm, __addr)				\
	struct vma_iterator name = {					\
		.mas = { .tree = &(__mm)->mm_mt, .index = (__addr),	\
			 .last = (__addr), .status = ma_start },	\
	}

/* The next VMA starting below @max (exclusive), or NULL. */
static inline struct vm_area_struct *vma_find(struct vma_iterator *vmi,
					      u64 max)
{
	return max ? mas_find(&vmi->mas, max - 1) : NULL;
}

static inline struct vm_area_struct *vma_next(struct vma_iterator *vmi)
{
	return mas_find(&vmi->mas, U64_MAX);
}

static inline struct vm_area_struct *vma_prev(struct vma_iterator *vmi)
{
	return mas_prev(&vmi->mas, 0);
}

/* Each VMA from the iterator's address up to @end (exclusive). */
#define for_each_vma_range(__vmi, __vma, __end) \
	while (((__vma) = vma_find(&(__vmi), (__end))) != NULL)

/*
 * Each VMA of @mm in address order. SIM: takes the mm, not an iterator
 * (Linux: for_each_vma(vmi, vma)); the iterator is the loop's own.
 */
#define VMA_ITER_START(__mm)						\
	((struct vma_iterator){ .mas = { .tree = &(__mm)->mm_mt,	\
					 .status = ma_start } })
#define for_each_vma(mm, vma) \
	__for_each_vma(mm, vma, __VMI_NAME(__LINE__))
#define __for_each_vma(mm, vma, it)					\
	for (struct vma_iterator it = VMA_ITER_START(mm);		\
	     ((vma) = vma_next(&it)) != NULL;)
/* One iterator name per line, so nested loops do not shadow (-Wshadow). */
#define __VMI_CAT(a, b)		a##b
#define __VMI_NAME(line)	__VMI_CAT(__vmi_, line)

/* ---- VMA lookup and editing (mm/vma.c) ---------------------------------- */
extern unsigned long stack_guard_gap;	/* 256 pages, as Linux */
#define sysctl_max_map_count	65530

struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, u64 addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, u64 addr);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     u64 start, u64 end);

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);
/* Link a new VMA into the list and tree (vma_link). */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, u64 addr,
	      int new_below);
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev, u64 addr,
				 u64 end, unsigned long vm_flags,
				 struct anon_vma *anon_vma, unsigned long pgoff,
				 struct file *file);
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm,
					struct vm_area_struct *vma,
					u64 start, u64 end,
					unsigned long newflags);
pgprot_t vm_get_page_prot(unsigned long vm_flags);
void vma_set_page_prot(struct vm_area_struct *vma);
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages);
u64 vm_start_gap(const struct vm_area_struct *vma);
u64 vm_end_gap(const struct vm_area_struct *vma);

/* ---- VMA names (mm/vma_name.c) ---------------------------------------- */
/*
 * The name of an anonymous VMA (include/linux/mm_types.h), set by
 * prctl(PR_SET_VMA_ANON_NAME) and shown as "[anon:NAME]".
 * SIM: @file marks a name standing for the path of a file mapping until
 * the page cache exists (mmsim replay maps files as named anonymous
 * memory); /proc/PID/maps shows it as the path.
 */
struct anon_vma_name {
	int refcount;
	bool file;
	char name[];
};
struct anon_vma_name *anon_vma_name_alloc(const char *name, bool file);
void anon_vma_name_get(struct anon_vma_name *anon_name);
void anon_vma_name_put(struct anon_vma_name *anon_name);
int vma_set_anon_name(struct mm_struct *mm, u64 start, u64 end,
		      struct anon_vma_name *anon_name);

/* ---- mmap (mm/mmap.c) ---------------------------------------------------- */
struct vm_unmapped_area_info {
#define VM_UNMAPPED_AREA_TOPDOWN 1
	unsigned long flags;
	u64 length;
	u64 low_limit;
	u64 high_limit;
	u64 align_mask;
	u64 align_offset;
};
u64 vm_unmapped_area(struct mm_struct *mm, struct vm_unmapped_area_info *info);
u64 get_unmapped_area(struct mm_struct *mm, u64 addr, u64 len, u64 pgoff,
		      unsigned long flags);
u64 do_mmap(struct mm_struct *mm, u64 addr, u64 len, unsigned long prot,
	    unsigned long flags, u64 pgoff);
struct file;
u64 do_mmap_file(struct file *file, struct mm_struct *mm, u64 addr, u64 len,
		 unsigned long prot, unsigned long flags, u64 pgoff);

/* ---- file mappings (mm/filemap_fault.c, mm/msync.c) ------------------- */
/* msync(2) flags (uapi/asm-generic/mman-common.h). */
#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4
struct address_space;
/* mapping->i_mmap (mm/interval_tree.c). */
void vma_interval_tree_insert(struct vm_area_struct *node, struct rb_root *root);
void vma_interval_tree_remove(struct vm_area_struct *node, struct rb_root *root);
struct vm_area_struct *vma_interval_tree_iter_first(struct rb_root *root,
						    pgoff_t start, pgoff_t last);
struct vm_area_struct *vma_interval_tree_iter_next(struct vm_area_struct *node,
						   pgoff_t start, pgoff_t last);
int vma_interval_tree_validate(const struct rb_root *root, const char **why);
/* Every VMA of @root that maps a file page in [start, last]. */
#define vma_interval_tree_foreach(vma, root, start, last)		\
	for (vma = vma_interval_tree_iter_first(root, start, last);	\
	     vma; vma = vma_interval_tree_iter_next(vma, start, last))
/* __vma_link_file() / __remove_shared_vm_struct() (mm/rmap_file.c). */
void vma_link_file(struct vm_area_struct *vma);
void vma_unlink_file(struct vm_area_struct *vma);
unsigned int filemap_fault(struct vm_area_struct *vma, u64 addr, pte_t *ptep,
			   unsigned int flags);
unsigned int do_wp_file_page(struct vm_area_struct *vma, u64 addr,
			     pte_t *ptep, pte_t orig);
int do_msync(struct mm_struct *mm, u64 start, u64 len, int flags);
void page_add_file_rmap(struct page *page);
/* Copy a user page, as a COW fault does (mm/memory_fault.c). */
void copy_user_highpage(struct page *to, struct page *from);
/* The RSS counter a mapped page counts in (mm_counter_file / mm_counter). */
#define mm_counter(page)	(PageAnon(page) ? MM_ANONPAGES : MM_FILEPAGES)
int page_mkclean(struct page *page);
void zap_file_range(struct vm_area_struct *vma, u64 start, u64 end,
		    int even_cows);
int do_munmap(struct mm_struct *mm, u64 start, u64 len);
u64 do_brk(struct mm_struct *mm, u64 brk);	/* sys_brk */
int do_mprotect(struct mm_struct *mm, u64 start, u64 len, unsigned long prot);
int expand_stack(struct vm_area_struct *vma, u64 address);
void exit_mmap(struct mm_struct *mm);

/* mremap(2) flags (uapi/linux/mman.h). */
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4
u64 do_mremap(struct mm_struct *mm, u64 addr, u64 old_len, u64 new_len,
	      unsigned long flags, u64 new_addr);

/* madvise(2) advice (uapi/asm-generic/mman-common.h). */
#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_REMOVE		9
#define MADV_DONTFORK		10
#define MADV_DOFORK		11
#define MADV_MERGEABLE		12
#define MADV_UNMERGEABLE	13
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23
#define MADV_DONTNEED_LOCKED	24
#define MADV_COLLAPSE		25
#define MADV_HWPOISON		100
#define MADV_SOFT_OFFLINE	101
int do_madvise(struct mm_struct *mm, u64 start, u64 len_in, int behavior);
/* The advice's number for "dontneed" / "MADV_DONTNEED"; -1 if unknown. */
int madvise_by_name(const char *name);

/* mlock(2) / munlock(2) (mm/mlock.c) and mincore(2) (mm/mincore.c). */
int do_mlock(struct mm_struct *mm, u64 start, u64 len);
int do_munlock(struct mm_struct *mm, u64 start, u64 len);
/* One byte per page of [start, start+len) into @vec: bit 0 = resident. */
int do_mincore(struct mm_struct *mm, u64 start, u64 len, unsigned char *vec);
int mm_populate(struct mm_struct *mm, u64 start, u64 len);
bool may_expand_vm(struct mm_struct *mm, unsigned long flags,
		   unsigned long npages);
bool mlock_future_ok(struct mm_struct *mm, unsigned long flags, u64 bytes);
/* The lowest address mmap may use (mmap_min_addr). */
u64 mmap_min_addr(void);
/* The top of user mappings of @mm (TASK_SIZE, or the 47-bit window). */
u64 mm_task_size(const struct mm_struct *mm);

/* ---- faults and pages (mm/memory_fault.c, mm/memory_zap.c, rmap) ------- */
unsigned int handle_mm_fault(struct vm_area_struct *vma, u64 address,
			     unsigned int flags);
/* apply_to_existing_page_range() over any user range (mm/memory_range.c). */
int walk_existing_ptes(struct mm_struct *mm, u64 start, u64 end,
		       pte_fn_t fn, void *data);
/* Zap the PTEs of [start, end) in @vma (zap_page_range_single). */
void zap_page_range(struct vm_area_struct *vma, u64 start, u64 end);
/* fork: copy @src's PTEs to @dst (copy_page_range). 0 or -ENOMEM. */
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src);
/* Change the PTEs of [start, end) to @vma's protection. */
void change_protection(struct vm_area_struct *vma, u64 start, u64 end);
struct page *zero_page(void);
unsigned long zero_pfn(void);
int anon_vma_prepare(struct vm_area_struct *vma);
void unlink_anon_vmas(struct vm_area_struct *vma);
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    u64 address);
void page_dup_rmap(struct page *page);
void page_remove_rmap(struct page *page);
void put_page(struct page *page);
static inline bool PageAnon(const struct page *page)
{
	return ((unsigned long)page->mapping & 1) != 0;
}
static inline void get_page(struct page *page)
{
	page_ref_inc(page);
}
void add_mm_counter(struct mm_struct *mm, int member, long value);
unsigned long get_mm_rss(const struct mm_struct *mm);

/*
 * A user-mode fault as the architecture's do_page_fault reads it from the
 * hardware's report (x86 error code, ARM FSR): filled by
 * pt_ops->decode_user_fault, handled by do_user_addr_fault().
 */
struct user_fault {
	u64 addr;		/* CR2 / FAR */
	unsigned int flags;	/* FAULT_FLAG_WRITE / INSTRUCTION */
	bool prot;		/* a protection fault (the page was present) */
	bool gp;		/* x86 #GP: a non-canonical address */
	bool rsvd;		/* reserved bit set in an entry */
	u32 code;		/* the raw error code / FSR, for the trace */
};
int do_user_addr_fault(struct task_struct *tsk, const struct user_fault *uf);

/* ---- processes (kernel/exec.c, kernel/exit.c, kernel/signal.c) --------- */
struct spawn_opts {
	u64 text, data, bss;	/* image sizes in bytes */
	u64 stack;		/* initial stack VMA size */
	u64 seed;		/* ASLR seed, when has_seed */
	bool has_seed;
	bool norandmaps;
};
struct task_struct *spawn_process(const char *name,
				  const struct spawn_opts *opts, int *err);
struct task_struct *do_fork(struct task_struct *parent, int *err);
/* Drop a user of @mm; the last one frees its image (exit_mmap). */
void mmput(struct mm_struct *mm);
/* execve(2) of a new program image into @t (pid and fds kept). */
int do_execve(struct task_struct *t, const char *name,
	      const struct spawn_opts *opts);
void do_exit(struct task_struct *tsk, int code);
/* Reap a zombie: free its record. */
void release_task(struct task_struct *tsk);
int force_sig_fault(struct task_struct *tsk, int sig, int code, u64 addr);
const char *signal_name(int sig);
const char *segv_code_name(int code);
/*
 * A user-mode access of @len bytes at @addr by @tsk on its CPU, through
 * the MMU, taking page faults as the CPU would. Return: 0, or -EFAULT
 * when the task got a signal (and died of it).
 */
int access_process_vm_user(struct task_struct *tsk, u64 addr, void *buf,
			   u64 len, bool write, bool exec);

/* Per-machine process state (m->procs). */
struct procs_state {
	struct kmem_cache *vm_area_cachep;	/* "vm_area_struct" */
	struct kmem_cache *mm_cachep;		/* "mm_struct" */
	struct kmem_cache *task_cachep;		/* "task_struct" */
	struct kmem_cache *anon_vma_cachep;	/* "anon_vma" */
	struct page *zero_page;
	u64 rnd;			/* ASLR generator state */
	bool norandmaps;		/* boot option */
	struct list_head zombies;	/* exited tasks kept for :signals() */
};
int proc_caches_init(struct machine *m);
void proc_caches_exit(struct machine *m);
int procs_check(struct machine *m);
/* 64 random bits for ASLR (get_random_long), from the machine's seed. */
u64 procs_random(void);
/* Page-table pages of every process (/proc/meminfo PageTables). */
unsigned long procs_pgtables_pages(void);
/* Committed private memory of every process (Committed_AS). */
unsigned long procs_committed_pages(void);

#endif /* MMSIM_MM_H */
