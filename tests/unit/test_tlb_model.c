// SPDX-License-Identifier: GPL-2.0
/*
 * hw/tlb.c against a reference model: random streams of lookups, fills
 * (the MMU's probe + tlb_fill_4k() path and plain tlb_insert()), invlpg,
 * full and non-global flushes and ASID switches on small geometries. The
 * model is the plain definition: exact LRU per set (an empty way first,
 * the lowest-numbered), a hit touches its way, a fill replaces an entry
 * for the same page and context in place. It knows nothing of the hash
 * bytes, so a hash collision that produced a false hit (or lost a true
 * one) shows up as a difference. Every step compares the result, the way
 * chosen, the statistics and the whole content of the arrays.
 */
#include "../test.h"

#include <hw/tlb.h>

/* The model covers the 4K and 2M arrays; the others stay empty. */
#define NSIZES		2
static const enum tlb_size msize[NSIZES] = { TLB_4K, TLB_2M };

struct mway {
	bool valid, global;
	u64 tag, pbase;
	u16 asid;
	u64 stamp;		/* last use; LRU = smallest */
};

struct model {
	unsigned int sets[NSIZES], ways[NSIZES];
	struct mway *w[NSIZES];	/* sets * ways */
	u16 cur;
	u64 clock;
	struct tlb_stats st;
};

static u64 rng = 0x853c49e6748fea9bULL;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int rndn(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static bool m_match(const struct mway *w, u64 tag, u16 asid)
{
	return w->valid && w->tag == tag && (w->global || w->asid == asid);
}

/* Return: way index in the array of size i, or -1. */
static int m_find(struct model *m, int i, u64 va)
{
	u64 tag = va >> tlb_size_shift[msize[i]];
	unsigned int set = (unsigned int)(tag & (m->sets[i] - 1));

	for (unsigned int w = 0; w < m->ways[i]; w++) {
		struct mway *x = &m->w[i][set * m->ways[i] + w];

		if (m_match(x, tag, m->cur))
			return (int)(set * m->ways[i] + w);
	}
	return -1;
}

static int m_lookup(struct model *m, u64 va, int *size)
{
	for (int i = 0; i < NSIZES; i++) {
		int idx = m_find(m, i, va);

		if (idx >= 0) {
			m->w[i][idx].stamp = ++m->clock;
			m->st.hits++;
			*size = i;
			return idx;
		}
	}
	m->st.misses++;
	return -1;
}

static int m_insert(struct model *m, int i, u64 va, u64 pbase, bool global,
		    u16 asid)
{
	u64 tag = va >> tlb_size_shift[msize[i]];
	unsigned int set = (unsigned int)(tag & (m->sets[i] - 1));
	struct mway *ways = &m->w[i][set * m->ways[i]];
	int victim = -1;

	for (unsigned int w = 0; w < m->ways[i] && victim < 0; w++)
		if (ways[w].valid && ways[w].tag == tag &&
		    (ways[w].global || global || ways[w].asid == asid))
			victim = (int)w;
	if (victim < 0) {
		for (unsigned int w = 0; w < m->ways[i] && victim < 0; w++)
			if (!ways[w].valid)
				victim = (int)w;
		if (victim < 0) {
			victim = 0;
			for (unsigned int w = 1; w < m->ways[i]; w++)
				if (ways[w].stamp < ways[victim].stamp)
					victim = (int)w;
			m->st.evictions++;
		}
	}
	ways[victim] = (struct mway){ .valid = true, .global = global,
				      .tag = tag, .pbase = pbase,
				      .asid = asid, .stamp = ++m->clock };
	return (int)(set * m->ways[i]) + victim;
}

static void m_flush_va(struct model *m, u64 va, u16 asid)
{
	m->st.invlpgs++;
	for (int i = 0; i < NSIZES; i++) {
		u64 tag = va >> tlb_size_shift[msize[i]];

		for (unsigned int k = 0; k < m->sets[i] * m->ways[i]; k++)
			if (m_match(&m->w[i][k], tag, asid))
				m->w[i][k].valid = false;
	}
}

static void m_flush(struct model *m, bool keep_global, int asid)
{
	m->st.flushes++;
	for (int i = 0; i < NSIZES; i++)
		for (unsigned int k = 0; k < m->sets[i] * m->ways[i]; k++) {
			struct mway *x = &m->w[i][k];

			if ((keep_global && x->global) ||
			    (asid >= 0 && x->asid != asid))
				continue;
			x->valid = false;
		}
}

/*
 * Address pools: per size, a few tags per set, some of which share their
 * set's hash byte (the collisions the per-set hash bytes must survive).
 * 4K pages live below 1 GiB, 2M pages above, so no address has both.
 */
#define POOL_MAX	128
static u64 pool[NSIZES][POOL_MAX];
static int pool_n[NSIZES];

static void make_pool(int i, unsigned int sets, unsigned int ways)
{
	const int npool = (int)(sets * ways * 3 / 2 + 2);
	unsigned int shift = tlb_size_shift[msize[i]];
	u64 base = i ? (1ULL << 30) >> shift : 0;
	int n = 0;

	while (n < npool) {
		unsigned int set = rndn(sets);
		u64 t0 = base + set + (u64)sets * rndn(1u << 12);
		u8 h = tlb_tag_hash(t0);

		pool[i][n++] = t0 << shift;
		/* Colliding tags: same set, same hash byte. */
		for (u64 t = t0 + sets, found = 0; n < npool && found < 2;
		     t += sets)
			if (tlb_tag_hash(t) == h) {
				pool[i][n++] = t << shift;
				found++;
			}
	}
	pool_n[i] = npool;
}

static u64 pick_va(int i)
{
	return pool[i][rndn((unsigned int)pool_n[i])] +
	       (rnd() & ((1ULL << tlb_size_shift[msize[i]]) - 1));
}

static bool same_stats(const struct tlb_stats *a, const struct tlb_stats *b)
{
	return a->hits == b->hits && a->misses == b->misses &&
	       a->flushes == b->flushes && a->invlpgs == b->invlpgs &&
	       a->evictions == b->evictions;
}

/* Return: 0 if the TLB holds exactly what the model holds. */
static int compare_content(struct tlb *tlb, struct model *m)
{
	unsigned int n = 0;

	for (int i = 0; i < NSIZES; i++) {
		struct tlb_array *a = &tlb->a[msize[i]];

		for (unsigned int k = 0; k < m->sets[i] * m->ways[i]; k++) {
			const struct mway *x = &m->w[i][k];
			const struct tlb_entry *e = &a->e[k];
			bool valid = a->set[k / a->ways].valid &
				     (1u << (k % a->ways));

			if (valid != x->valid)
				return 1;
			if (!valid)
				continue;
			n++;
			if (e->tag != x->tag || e->pbase != x->pbase ||
			    !!(e->attr & TLBA_G) != x->global ||
			    (!x->global && e->asid != x->asid) ||
			    a->set[k / a->ways].hash[k % a->ways] !=
			    tlb_tag_hash(x->tag))
				return 2;
		}
	}
	return n == tlb_nr_entries(tlb) ? 0 : 3;
}

static int run_stream(unsigned int ways4k, unsigned int sets4k,
		      unsigned int ways2m, unsigned int sets2m,
		      unsigned int steps, u64 seed)
{
	struct tlb_geometry g;
	struct model m = { 0 };
	struct tlb *tlb;
	int bad = 0;

	rng = seed;
	for (int s = 0; s < TLB_NR_SIZES; s++)
		g.entries[s] = g.ways[s] = 1;
	g.ways[TLB_4K] = ways4k;
	g.entries[TLB_4K] = ways4k * sets4k;
	g.ways[TLB_2M] = ways2m;
	g.entries[TLB_2M] = ways2m * sets2m;
	tlb = tlb_create(&g);
	if (!tlb) {
		FAIL_AT("tlb_create %u x %u", sets4k, ways4k);
		return 1;
	}
	m.sets[0] = sets4k; m.ways[0] = ways4k;
	m.sets[1] = sets2m; m.ways[1] = ways2m;
	for (int i = 0; i < NSIZES; i++) {
		m.w[i] = calloc(m.sets[i] * m.ways[i], sizeof(struct mway));
		make_pool(i, m.sets[i], m.ways[i]);
	}

	for (unsigned int step = 0; step < steps && !bad; step++) {
		unsigned int op = rndn(100);
		int i = rndn(4) == 0;	/* 2M a quarter of the time */
		u64 va = pick_va(i);
		const char *what = "";

		if (op < 70) {
			/* An access: the MMU's lookup, then a fill on a miss. */
			struct tlb_probe probe;
			enum tlb_size size;
			struct tlb_entry *e;
			int msz, idx = m_lookup(&m, va, &msz);

			what = "lookup";
			e = tlb_lookup_probe(tlb, va, &size, &probe);
			if (!e != (idx < 0) ||
			    (e && (size != msize[msz] ||
				   e - tlb->a[size].e != idx))) {
				FAIL_AT("step %u: lookup 0x%llx: tlb %s, model %s",
					step, (unsigned long long)va,
					e ? "hit" : "miss", idx < 0 ? "miss" : "hit");
				bad = 1;
				break;
			}
			if (!e) {
				u64 pb = rnd() << 12;
				bool global = rndn(6) == 0;
				u16 attr = global ? TLBA_G : 0;

				idx = m_insert(&m, i, va, pb, global, m.cur);
				if (i == 0 && !global)
					e = tlb_fill_4k(tlb, &probe, va, pb, attr);
				else
					e = tlb_insert(tlb, msize[i], va, pb, attr,
						       tlb->cur_asid);
				if (e - tlb->a[msize[i]].e != idx) {
					FAIL_AT("step %u: fill 0x%llx: way %lld, model %d",
						step, (unsigned long long)va,
						(long long)(e - tlb->a[msize[i]].e),
						idx);
					bad = 1;
					break;
				}
			}
		} else if (op < 78) {
			/* A fill for another context (or global) at any time. */
			u64 pb = rnd() << 12;
			bool global = rndn(3) == 0;
			u16 asid = (u16)rndn(4);
			int idx = m_insert(&m, i, va, pb, global, asid);
			struct tlb_entry *e;

			what = "insert";
			e = tlb_insert(tlb, msize[i], va, pb,
				       global ? TLBA_G : 0, asid);
			if (e - tlb->a[msize[i]].e != idx) {
				FAIL_AT("step %u: insert 0x%llx: way %lld, model %d",
					step, (unsigned long long)va,
					(long long)(e - tlb->a[msize[i]].e), idx);
				bad = 1;
				break;
			}
		} else if (op < 88) {
			u16 asid = rndn(2) ? m.cur : (u16)rndn(4);

			what = "invlpg";
			m_flush_va(&m, va, asid);
			tlb_flush_va(tlb, va, asid);
		} else if (op < 96) {
			/* CR3 load: ASID switch, maybe a non-global flush. */
			u16 asid = (u16)rndn(4);

			what = "asid";
			m.cur = asid;
			tlb_set_asid(tlb, asid);
			if (rndn(4) == 0) {
				int which = rndn(3) ? asid : -1;

				m_flush(&m, true, which);
				tlb_flush_nonglobal(tlb, which);
			}
		} else if (op < 97) {
			what = "flush_all";
			m_flush(&m, false, -1);
			tlb_flush_all(tlb);
		} else {
			what = "flush_nonglobal";
			m_flush(&m, true, -1);
			tlb_flush_nonglobal(tlb, -1);
		}
		if (!same_stats(&tlb->stats, &m.st)) {
			FAIL_AT("step %u (%s): stats hits %llu/%llu misses %llu/%llu evictions %llu/%llu",
				step, what,
				(unsigned long long)tlb->stats.hits,
				(unsigned long long)m.st.hits,
				(unsigned long long)tlb->stats.misses,
				(unsigned long long)m.st.misses,
				(unsigned long long)tlb->stats.evictions,
				(unsigned long long)m.st.evictions);
			bad = 1;
		} else {
			int c = compare_content(tlb, &m);

			if (c) {
				FAIL_AT("step %u (%s): content differs (%d)",
					step, what, c);
				bad = 1;
			}
		}
	}
	/* The stream must exercise hits, misses and evictions. */
	if (!bad && (!m.st.hits || !m.st.misses || !m.st.evictions)) {
		FAIL_AT("weak stream: %llu hits, %llu misses, %llu evictions",
			(unsigned long long)m.st.hits,
			(unsigned long long)m.st.misses,
			(unsigned long long)m.st.evictions);
		bad = 1;
	}
	if (getenv("TLB_MODEL_VERBOSE"))
		printf("# %u/%u ways: %llu hits, %llu misses, %llu evictions\n",
		       ways4k, sets4k, (unsigned long long)m.st.hits,
		       (unsigned long long)m.st.misses,
		       (unsigned long long)m.st.evictions);
	for (int i = 0; i < NSIZES; i++)
		free(m.w[i]);
	tlb_destroy(tlb);
	return bad;
}

TEST(tlb_model__4way_2sets)
{
	for (u64 seed = 1; seed <= 20; seed++)
		if (run_stream(4, 2, 4, 2, 4000, seed * 0x9e3779b97f4a7c15ULL))
			return;
}

TEST(tlb_model__12way_2sets)
{
	for (u64 seed = 1; seed <= 20; seed++)
		if (run_stream(12, 2, 4, 1, 4000, seed * 0xbf58476d1ce4e5b9ULL))
			return;
}

TEST(tlb_model__16way_1set)
{
	for (u64 seed = 1; seed <= 20; seed++)
		if (run_stream(16, 1, 8, 2, 4000, seed * 0x94d049bb133111ebULL))
			return;
}

TEST(tlb_model__16way_4sets)
{
	for (u64 seed = 1; seed <= 20; seed++)
		if (run_stream(16, 4, 16, 1, 4000, seed * 0x2545f4914f6cdd1dULL))
			return;
}

/* The pools do hold colliding tags (else the test above proves less). */
TEST(tlb_model__pool_has_collisions)
{
	unsigned int coll = 0;

	rng = 42;
	make_pool(0, 4, 16);
	for (int a = 0; a < pool_n[0]; a++)
		for (int b = a + 1; b < pool_n[0]; b++) {
			u64 ta = pool[0][a] >> 12, tb = pool[0][b] >> 12;

			if (ta != tb && (ta & 3) == (tb & 3) &&
			    tlb_tag_hash(ta) == tlb_tag_hash(tb))
				coll++;
		}
	EXPECT(coll >= (unsigned int)pool_n[0] / 3);
}

int main(void)
{
	RUN(tlb_model__pool_has_collisions);
	RUN(tlb_model__4way_2sets);
	RUN(tlb_model__12way_2sets);
	RUN(tlb_model__16way_1set);
	RUN(tlb_model__16way_4sets);
	return done();
}
