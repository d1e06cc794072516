// SPDX-License-Identifier: GPL-2.0
/*
 * Red-black trees, as lib/rbtree.c: insertion and erase rebalancing with
 * the augmented callbacks of include/linux/rbtree_augmented.h, and the
 * in-order iterators. The rules kept:
 *
 *   1. every node is red or black; 2. the root is black;
 *   3. a red node has no red child;
 *   4. every path from a node down to a leaf has the same number of
 *      black nodes (NULL leaves count as black).
 *
 * So the longest path is at most twice the shortest and every operation
 * is O(log n). Insertion links a red leaf and repairs rule 3 upwards
 * (recolouring, at most two rotations); erase splices the node out and,
 * when a black node went, repairs rule 4 (at most three rotations).
 *
 * The algorithm is the textbook one (Cormen et al., chapter 13) written
 * for NULL leaves; each rotation tells the augmented user through
 * @rotate, and erase recomputes the augmented values along the changed
 * path before rebalancing, so they are right before every rotation.
 */
#include <mmsim/rbtree.h>

static void dummy_propagate(struct rb_node *node, struct rb_node *stop) {}
static void dummy_copy(struct rb_node *old, struct rb_node *new) {}
static void dummy_rotate(struct rb_node *old, struct rb_node *new) {}

static const struct rb_augment_callbacks dummy_callbacks = {
	.propagate = dummy_propagate,
	.copy = dummy_copy,
	.rotate = dummy_rotate,
};

/* Put @new where @old hangs below @parent (or at the root). */
static void change_child(struct rb_node *old, struct rb_node *new,
			 struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 *      x                y
 *     / \              / \
 *    a   y     ->     x   c
 *       / \          / \
 *      b   c        a   b
 */
static void rotate_left(struct rb_node *x, struct rb_root *root,
			const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_right;

	x->rb_right = y->rb_left;
	if (y->rb_left)
		y->rb_left->rb_parent = x;
	y->rb_parent = x->rb_parent;
	change_child(x, y, x->rb_parent, root);
	y->rb_left = x;
	x->rb_parent = y;
	aug->rotate(x, y);
}

/* The mirror image of rotate_left(). */
static void rotate_right(struct rb_node *x, struct rb_root *root,
			 const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_left;

	x->rb_left = y->rb_right;
	if (y->rb_right)
		y->rb_right->rb_parent = x;
	y->rb_parent = x->rb_parent;
	change_child(x, y, x->rb_parent, root);
	y->rb_right = x;
	x->rb_parent = y;
	aug->rotate(x, y);
}

static void insert_fixup(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *aug)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = node->rb_parent) && parent->rb_color == RB_RED) {
		gparent = parent->rb_parent;	/* a red node is never the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (rb_is_red(uncle)) {
				/* Push the blackness down from gparent. */
				parent->rb_color = uncle->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(parent, root, aug);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_right(gparent, root, aug);
		} else {
			uncle = gparent->rb_left;
			if (rb_is_red(uncle)) {
				parent->rb_color = uncle->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root, aug);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_left(gparent, root, aug);
		}
	}
	root->rb_node->rb_color = RB_BLACK;
}

/**
 * rb_insert_color - rebalance after rb_link_node() linked @node
 * @node: the new node
 * @root: its tree
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	insert_fixup(node, root, &dummy_callbacks);
}

/**
 * rb_insert_augmented - rb_insert_color() for an augmented tree
 * @node: the new node, linked with rb_link_node()
 * @root: its tree
 * @augment: the tree's callbacks; the caller then propagates from @node
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	insert_fixup(node, root, augment);
}

/*
 * Restore rule 4 after a black node left the path through @parent's
 * @node side (@node may be NULL: a leaf carrying an extra black).
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root,
			const struct rb_augment_callbacks *aug)
{
	struct rb_node *sib;

	while (node != root->rb_node && rb_is_black(node)) {
		if (node == parent->rb_left) {
			sib = parent->rb_right;
			if (rb_is_red(sib)) {
				sib->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_left(parent, root, aug);
				sib = parent->rb_right;
			}
			if (rb_is_black(sib->rb_left) &&
			    rb_is_black(sib->rb_right)) {
				sib->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (rb_is_black(sib->rb_right)) {
				sib->rb_left->rb_color = RB_BLACK;
				sib->rb_color = RB_RED;
				rotate_right(sib, root, aug);
				sib = parent->rb_right;
			}
			sib->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			sib->rb_right->rb_color = RB_BLACK;
			rotate_left(parent, root, aug);
		} else {
			sib = parent->rb_left;
			if (rb_is_red(sib)) {
				sib->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_right(parent, root, aug);
				sib = parent->rb_left;
			}
			if (rb_is_black(sib->rb_left) &&
			    rb_is_black(sib->rb_right)) {
				sib->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (rb_is_black(sib->rb_left)) {
				sib->rb_right->rb_color = RB_BLACK;
				sib->rb_color = RB_RED;
				rotate_left(sib, root, aug);
				sib = parent->rb_left;
			}
			sib->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			sib->rb_left->rb_color = RB_BLACK;
			rotate_right(parent, root, aug);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

/**
 * rb_erase_augmented - take @node out of an augmented tree
 * @node: a node of @root
 * @root: the tree
 * @augment: the tree's callbacks
 *
 * The augmented values are recomputed from the spliced position to the
 * root before rebalancing; @node is left RB_CLEAR_NODE()'d.
 */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	struct rb_node *child, *parent, *succ;
	int color;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = node->rb_parent;
		color = node->rb_color;
		change_child(node, child, parent, root);
		if (child)
			child->rb_parent = parent;
	} else {
		/* The successor (leftmost of the right subtree) replaces it. */
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		color = succ->rb_color;
		child = succ->rb_right;
		if (succ->rb_parent == node) {
			parent = succ;
		} else {
			parent = succ->rb_parent;
			parent->rb_left = child;
			if (child)
				child->rb_parent = parent;
			succ->rb_right = node->rb_right;
			node->rb_right->rb_parent = succ;
		}
		succ->rb_left = node->rb_left;
		node->rb_left->rb_parent = succ;
		succ->rb_parent = node->rb_parent;
		succ->rb_color = node->rb_color;
		change_child(node, succ, node->rb_parent, root);
		augment->copy(node, succ);
	}
	if (parent)
		augment->propagate(parent, NULL);
	if (color == RB_BLACK)
		erase_fixup(child, parent, root, augment);
	RB_CLEAR_NODE(node);
}

/**
 * rb_erase - take @node out of @root and rebalance
 * @node: a node of @root
 * @root: the tree
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, &dummy_callbacks);
}

/** rb_first - the leftmost (smallest) node, or NULL for an empty tree */
struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return n;
}

/** rb_last - the rightmost (largest) node, or NULL for an empty tree */
struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_right)
		n = n->rb_right;
	return n;
}

/** rb_next - the in-order successor of @node, or NULL */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = node->rb_parent) && node == parent->rb_right)
		node = parent;
	return parent;
}

/** rb_prev - the in-order predecessor of @node, or NULL */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = node->rb_parent) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* Black height of @n's subtree, or a negative rule number. */
static int check_node(const struct rb_node *n, const struct rb_node *parent)
{
	int l, r;

	if (!n)
		return 1;
	if (n->rb_parent != parent)
		return -4;
	if (rb_is_red(n) && (rb_is_red(n->rb_left) || rb_is_red(n->rb_right)))
		return -2;
	l = check_node(n->rb_left, n);
	if (l < 0)
		return l;
	r = check_node(n->rb_right, n);
	if (r < 0)
		return r;
	if (l != r)
		return -3;
	return l + (n->rb_color == RB_BLACK);
}

int rb_check(const struct rb_root *root)
{
	int h;

	if (root->rb_node && rb_is_red(root->rb_node))
		return -1;
	h = check_node(root->rb_node, NULL);
	return h < 0 ? h : 0;
}
