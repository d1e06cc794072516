/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Red-black trees with optional augmentation, with the API of Linux's
 * include/linux/rbtree.h and include/linux/rbtree_augmented.h.
 *
 * As in Linux the tree is intrusive: a user embeds struct rb_node in its
 * own structure, walks down from the root itself to find the link where a
 * new node goes, links it with rb_link_node() and then calls
 * rb_insert_color() to rebalance:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, T, node)->key ?
 *		       &parent->rb_left : &parent->rb_right;
 *	}
 *	rb_link_node(&new->node, parent, link);
 *	rb_insert_color(&new->node, root);
 *
 * An augmented tree keeps, in every node, a value computed from its
 * subtree (mm/vmalloc.c's subtree_max_size: the largest free block below).
 * The rotations of rebalancing move subtrees, so the tree tells the user
 * through struct rb_augment_callbacks: @rotate(old, new) after a rotation
 * made @new the root of what was @old's subtree, @copy(old, new) when
 * @new takes @old's place on erase, and @propagate(node, stop) to recompute
 * from @node up to (not including) @stop. After rb_insert_augmented() the
 * caller propagates from the new node to the root, as Linux's users do.
 *
 * SIM: the parent pointer and the colour are two fields, not Linux's
 * __rb_parent_color word with the colour in bit 0; no RCU-safe updates,
 * no cached leftmost root (rb_root_cached).
 */
#ifndef MMSIM_RBTREE_H
#define MMSIM_RBTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "types.h"

#define RB_RED		0
#define RB_BLACK	1

struct rb_node {
	struct rb_node *rb_parent;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
	int rb_color;			/* RB_RED or RB_BLACK */
};

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT		((struct rb_root){ NULL })
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)
#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)
/* A node not in any tree points to itself (RB_CLEAR_NODE). */
#define RB_EMPTY_NODE(node)	((node)->rb_parent == (node))
#define RB_CLEAR_NODE(node)	((node)->rb_parent = (node))
#define rb_parent(node)		((node)->rb_parent)
#define rb_is_black(node)	(!(node) || (node)->rb_color == RB_BLACK)
#define rb_is_red(node)		(!rb_is_black(node))

/* Hook @node in as the child of @parent at @rb_link (red, no children). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->rb_parent = parent;
	node->rb_color = RB_RED;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);

struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* ------------------------------------------------------------------ */
/* Augmented trees (include/linux/rbtree_augmented.h).                 */

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);

/*
 * RB_DECLARE_CALLBACKS_MAX(static, name, struct T, node_field, type,
 *			    aug_field, compute): the callbacks of a tree whose
 * aug_field is the maximum of compute(node) over the subtree, as Linux's
 * macro of that name. Defines name (the callbacks) and
 * name##_compute_max(node) (recompute one node, true when unchanged).
 */
#define RB_DECLARE_CALLBACKS_MAX(rbstatic, rbname, rbstruct, rbfield,	\
				 rbtype, rbaugmented, rbcompute)	\
static inline bool rbname##_compute_max(rbstruct *node)		\
{									\
	rbstruct *child;						\
	rbtype max = rbcompute(node);					\
	if (node->rbfield.rb_left) {					\
		child = rb_entry(node->rbfield.rb_left, rbstruct, rbfield); \
		if (child->rbaugmented > max)				\
			max = child->rbaugmented;			\
	}								\
	if (node->rbfield.rb_right) {					\
		child = rb_entry(node->rbfield.rb_right, rbstruct, rbfield); \
		if (child->rbaugmented > max)				\
			max = child->rbaugmented;			\
	}								\
	if (node->rbaugmented == max)					\
		return true;						\
	node->rbaugmented = max;					\
	return false;							\
}									\
static void rbname##_propagate(struct rb_node *rb, struct rb_node *stop) \
{									\
	while (rb != stop) {						\
		rbstruct *node = rb_entry(rb, rbstruct, rbfield);	\
		rbname##_compute_max(node);				\
		rb = rb_parent(&node->rbfield);				\
	}								\
}									\
static void rbname##_copy(struct rb_node *rb_old, struct rb_node *rb_new) \
{									\
	rb_entry(rb_new, rbstruct, rbfield)->rbaugmented =		\
		rb_entry(rb_old, rbstruct, rbfield)->rbaugmented;	\
}									\
static void rbname##_rotate(struct rb_node *rb_old, struct rb_node *rb_new) \
{									\
	rb_entry(rb_new, rbstruct, rbfield)->rbaugmented =		\
		rb_entry(rb_old, rbstruct, rbfield)->rbaugmented;	\
	rbname##_compute_max(rb_entry(rb_old, rbstruct, rbfield));	\
}									\
rbstatic const struct rb_augment_callbacks rbname = {			\
	.propagate = rbname##_propagate,				\
	.copy = rbname##_copy,						\
	.rotate = rbname##_rotate					\
}

/*
 * rb_check - verify the red-black properties below @root: 0, or a
 * negative number naming the first broken one (-1 red root, -2 red node
 * with a red child, -3 unequal black heights, -4 bad parent pointer).
 * SIM: Linux checks this only in lib/rbtree_test.c.
 */
int rb_check(const struct rb_root *root);

#endif /* MMSIM_RBTREE_H */
