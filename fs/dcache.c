// SPDX-License-Identifier: GPL-2.0
/*
 * The dentry cache, as fs/dcache.c, reduced to a tree: each directory
 * dentry lists its children (d_subdirs), and lookup walks that list.
 *
 * A positive dentry holds one reference on its inode. A dentry stays in
 * the tree while it names something (memory filesystems keep their whole
 * namespace there, as Linux's ramfs pins its dentries); d_count counts the
 * extra users (open files, mount points) that keep a deleted dentry alive.
 *
 * SIM: no hash table (Linux: dentry_hashtable keyed by parent and name),
 * no negative dentries are kept, no RCU walk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/machine.h>
#include <mmsim/pagemap.h>

#define DCACHE_UNHASHED	0x2	/* out of the tree, freed at the last dput */

static void d_free(struct dentry *dentry)
{
	iput(dentry->d_inode);
	free(dentry);
}

/**
 * d_alloc - a new negative dentry @name under @parent
 * @parent: the directory's dentry, or NULL for a root
 * @name: the component, at most DNAME_MAX bytes
 *
 * Return: the dentry (not yet in the tree), or NULL.
 */
struct dentry *d_alloc(struct dentry *parent, const char *name)
{
	struct dentry *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	snprintf(d->d_name, sizeof(d->d_name), "%s", name);
	d->d_parent = parent ? parent : d;
	d->d_sb = parent ? parent->d_sb : NULL;
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	d->d_flags = DCACHE_UNHASHED;
	return d;
}

/**
 * d_instantiate - give @dentry its inode and put it in the tree
 * @dentry: a negative dentry from d_alloc()
 * @inode: the inode, whose reference passes to the dentry
 */
void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
	if (dentry->d_parent != dentry && (dentry->d_flags & DCACHE_UNHASHED)) {
		list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
		dentry->d_flags &= ~DCACHE_UNHASHED;
	}
}

/**
 * d_make_root - the root dentry of a new superblock
 * @root_inode: the root directory's inode (reference passes)
 *
 * Return: the dentry, or NULL (the inode is put).
 */
struct dentry *d_make_root(struct inode *root_inode)
{
	struct dentry *d;

	if (!root_inode)
		return NULL;
	d = d_alloc(NULL, "/");
	if (!d) {
		iput(root_inode);
		return NULL;
	}
	d->d_sb = root_inode->i_sb;
	d->d_inode = root_inode;
	d->d_flags &= ~DCACHE_UNHASHED;
	return d;
}

/**
 * d_lookup - the child @name of @parent in the cache
 * @parent: a directory dentry
 * @name: the component
 *
 * Return: the dentry or NULL.
 */
struct dentry *d_lookup(const struct dentry *parent, const char *name)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (!strcmp(d->d_name, name))
			return d;
	return NULL;
}

/**
 * dget - take a reference on @dentry
 * @dentry: the dentry
 *
 * Return: @dentry.
 */
struct dentry *dget(struct dentry *dentry)
{
	dentry->d_count++;
	return dentry;
}

/**
 * dput - drop a reference; an unhashed dentry goes with its last one
 * @dentry: the dentry, may be NULL
 */
void dput(struct dentry *dentry)
{
	if (!dentry)
		return;
	if (--dentry->d_count > 0)
		return;
	dentry->d_count = 0;
	if (dentry->d_flags & DCACHE_UNHASHED)
		d_free(dentry);
}

/**
 * d_delete - take @dentry out of the tree (unlink, rmdir)
 * @dentry: a positive, childless dentry
 *
 * The inode reference goes with the dentry: at once if nobody holds the
 * dentry, else at the last dput() (an open file keeps an unlinked file).
 */
void d_delete(struct dentry *dentry)
{
	list_del_init(&dentry->d_child);
	dentry->d_flags |= DCACHE_UNHASHED;
	if (!dentry->d_count)
		d_free(dentry);
}

/* __d_drop(): out of the tree; freed at the last dput(). */
static void __d_drop(struct dentry *dentry)
{
	list_del_init(&dentry->d_child);
	dentry->d_flags |= DCACHE_UNHASHED;
}

/* Give @dentry the name @name under @parent, in the tree. */
static void d_set_name_parent(struct dentry *dentry, const char *name,
			      struct dentry *parent)
{
	list_del_init(&dentry->d_child);
	snprintf(dentry->d_name, sizeof(dentry->d_name), "%s", name);
	dentry->d_parent = parent;
	list_add_tail(&dentry->d_child, &parent->d_subdirs);
	dentry->d_flags &= ~DCACHE_UNHASHED;
}

/**
 * d_move - move a dentry to the name and parent of @target (rename)
 * @dentry: the renamed dentry, in the tree
 * @target: the name it takes: a positive dentry being replaced, or a
 *          negative one from d_alloc()
 *
 * As Linux's d_move(): @dentry keeps its inode, its children and its
 * users (open files, mounts below it) and now answers to the new name;
 * @target leaves the tree (__d_drop) and goes, with its inode reference,
 * at its last dput().
 */
void d_move(struct dentry *dentry, struct dentry *target)
{
	d_set_name_parent(dentry, target->d_name, target->d_parent);
	__d_drop(target);
}

/**
 * d_exchange - swap the names and parents of two dentries
 * @dentry1: a positive dentry in the tree
 * @dentry2: another one (RENAME_EXCHANGE)
 */
void d_exchange(struct dentry *dentry1, struct dentry *dentry2)
{
	char name[DNAME_MAX + 1];
	struct dentry *parent = dentry1->d_parent;

	snprintf(name, sizeof(name), "%s", dentry1->d_name);
	d_set_name_parent(dentry1, dentry2->d_name, dentry2->d_parent);
	d_set_name_parent(dentry2, name, parent);
}

/**
 * is_subdir - is @new_dentry at or below @old_dentry?
 * @new_dentry: a dentry
 * @old_dentry: a possible ancestor in the same superblock
 *
 * Return: true if @old_dentry is @new_dentry or one of its ancestors.
 */
bool is_subdir(const struct dentry *new_dentry,
	       const struct dentry *old_dentry)
{
	const struct dentry *d = new_dentry;

	for (;;) {
		if (d == old_dentry)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/**
 * d_genocide - free the whole tree under @root, @root included (umount)
 * @root: a superblock's root dentry
 */
void d_genocide(struct dentry *root)
{
	while (!list_empty(&root->d_subdirs)) {
		struct dentry *d = list_first_entry(&root->d_subdirs,
						    struct dentry, d_child);

		d_genocide(d);
	}
	list_del_init(&root->d_child);
	d_free(root);
}

/**
 * shrink_dcache_sb - drop the unused dentries of @sb (drop_caches 2)
 * @sb: the superblock
 *
 * Every dentry mmsim keeps names a live file of a memory filesystem
 * (pinned, as in Linux's ramfs), so there is nothing to drop yet; a disk
 * filesystem's unused dentries would go here.
 */
void shrink_dcache_sb(struct super_block *sb)
{
	(void)sb;
}
