/*
 * The layered graph of one plane: nodes and lanes collected, loops broken
 * (depth-first search, back edges reversed), longest-path layers, dummy nodes
 * on edges that span layers, barycenter ordering within each lane's band,
 * and rows within the bands.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "layout_int.h"
#include "kartla/banned.h"

void ly_plane_init(struct ly_plane *p, struct ka_map *m, struct ka_el *container, int *node_of,
                   int *band_of)
{
	(void)node_of;
	(void)band_of;
	memset(p, 0, sizeof(*p));
	p->m = m;
	p->container = container;
	p->pool = container->kind == KA_K_PROCESS ? container->participant : NULL;
}

static void node_size(const struct ka_el *el, double *w, double *h)
{
	switch (el->kind) {
	case KA_K_START_EVENT:
	case KA_K_END_EVENT:
	case KA_K_CATCH_EVENT:
	case KA_K_THROW_EVENT:
	case KA_K_BOUNDARY_EVENT:
		*w = *h = 36;
		break;
	case KA_K_GATEWAY:
	case KA_K_DATA_STORE_REF:
		*w = *h = 50;
		break;
	case KA_K_DATA_OBJECT_REF:
		*w = 36;
		*h = 50;
		break;
	case KA_K_TEXT_ANNOTATION:
		*w = 100;
		*h = 30;
		break;
	default:
		*w = 100;
		*h = 80;
		break;
	}
}

int ly_add_node(struct ly_plane *p, struct ka_el *el, int kind, int *node_of)
{
	struct ly_node *nd;

	if (p->nn == p->an) {
		p->an = p->an ? p->an * 2 : 64;
		p->n = ka_xreallocarray(p->n, (size_t)p->an, sizeof(*p->n));
	}
	nd = &p->n[p->nn];
	memset(nd, 0, sizeof(*nd));
	nd->el = el;
	nd->kind = kind;
	nd->host = nd->art = nd->art_next = -1;
	if (el) {
		node_size(el, &nd->w, &nd->h);
		if (node_of)
			node_of[el->index] = p->nn;
	}
	return p->nn++;
}

static int add_band(struct ly_plane *p, struct ka_el *lane, int depth)
{
	if (p->nband == p->aband) {
		p->aband = p->aband ? p->aband * 2 : 8;
		p->band = ka_xreallocarray(p->band, (size_t)p->aband, sizeof(*p->band));
	}
	memset(&p->band[p->nband], 0, sizeof(p->band[0]));
	p->band[p->nband].lane = lane;
	p->band[p->nband].depth = depth;
	if (depth > p->maxdepth)
		p->maxdepth = depth;
	return p->nband++;
}

static int is_bpmn(const struct ka_xml_node *x, const char *local)
{
	return x->type == KA_XML_ELEMENT && x->name->ns && !strcmp(x->name->ns, KA_NS_BPMN) &&
	       !strcmp(x->name->local, local);
}

/* Lanes of one laneSet, depth first; leaves become bands, the others groups. */
static void add_lane_set(struct ly_plane *p, const struct ka_xml_node *set, int depth, int *band_of)
{
	const struct ka_xml_node *c, *child, *l;

	if (depth > 32)
		return; /* absurd nesting: deeper lanes are drawn as their parent */
	for (c = set->first; c; c = c->next) {
		struct ka_el *lane = c->user;
		int leaf = 1;

		if (!is_bpmn(c, "lane") || !lane)
			continue;
		child = ka_xml_child(c, KA_NS_BPMN, "childLaneSet");
		for (l = child ? child->first : NULL; l && leaf; l = l->next)
			if (is_bpmn(l, "lane") && l->user)
				leaf = 0;
		if (leaf) {
			band_of[lane->index] = add_band(p, lane, depth);
			continue;
		}
		if (p->ngroup == p->agroup) {
			p->agroup = p->agroup ? p->agroup * 2 : 4;
			p->group = ka_xreallocarray(p->group, (size_t)p->agroup, sizeof(*p->group));
		}
		p->group[p->ngroup].lane = lane;
		p->group[p->ngroup].depth = depth;
		p->group[p->ngroup].band0 = p->nband;
		band_of[lane->index] = -2 - p->ngroup;
		p->ngroup++;
		add_lane_set(p, child, depth + 1, band_of);
		p->group[-2 - band_of[lane->index]].band1 = p->nband;
	}
}

void ly_add_lanes(struct ly_plane *p, int *band_of)
{
	const struct ka_xml_node *c;

	for (c = p->container->xml->first; c; c = c->next)
		if (is_bpmn(c, "laneSet"))
			add_lane_set(p, c, 1, band_of);
	p->has_lanes = p->nband > 0;
}

static int node_index(const struct ly_plane *p, const struct ka_el *el, const int *node_of)
{
	int i;

	if (!el)
		return -1;
	i = node_of[el->index];
	return i >= 0 && i < p->nn && p->n[i].el == el ? i : -1;
}

static void push_edge(struct ly_plane *p, struct ka_el *el, int bnode, int s, int t, int kind)
{
	struct ly_edge *e;

	if (p->ne == p->ae) {
		p->ae = p->ae ? p->ae * 2 : 64;
		p->e = ka_xreallocarray(p->e, (size_t)p->ae, sizeof(*p->e));
	}
	e = &p->e[p->ne++];
	memset(e, 0, sizeof(*e));
	e->el = el;
	e->bnode = bnode;
	e->src = s;
	e->dst = t;
	e->kind = s == t ? LY_E_SELF : kind;
}

/* The artifact end of an association or data association gets the other end as its host. */
static void add_art_edge(struct ly_plane *p, struct ka_el *el, int s, int t)
{
	int a = p->n[s].kind == LY_ARTIFACT ? s : t, h = a == s ? t : s;

	push_edge(p, el, -1, s, t, LY_E_ART);
	if (p->n[h].kind == LY_REAL && p->n[a].host < 0) {
		p->n[a].host = h;
		p->n[a].art_next = p->n[h].art;
		p->n[h].art = a;
	}
}

void ly_add_edges(struct ly_plane *p, struct ka_elvec *els, const int *node_of)
{
	uint32_t i;

	for (i = 0; i < els->n; i++) {
		struct ka_el *el = els->v[i], *s = el->source, *t = el->target;
		int si, ti, bi = -1;

		if (el->kind == KA_K_DATA_ASSOCIATION) {
			int h = node_index(p, el->parent, node_of);
			int a = node_index(p, s, node_of);

			if (a >= 0 && p->n[a].kind == LY_ARTIFACT && h >= 0)
				add_art_edge(p, el, a, h);
			else if ((a = node_index(p, t, node_of)) >= 0 &&
			         p->n[a].kind == LY_ARTIFACT && h >= 0)
				add_art_edge(p, el, h, a);
			continue;
		}
		if (el->kind != KA_K_SEQUENCE_FLOW && el->kind != KA_K_ASSOCIATION)
			continue;
		if (s && s->kind == KA_K_BOUNDARY_EVENT) {
			bi = node_index(p, s, node_of);
			if (bi < 0 || p->n[bi].host < 0)
				continue;
			s = p->n[p->n[bi].host].el;
		}
		si = node_index(p, s, node_of);
		ti = node_index(p, t, node_of);
		if (si < 0 || ti < 0 || (t && t->kind == KA_K_BOUNDARY_EVENT))
			continue; /* an end outside this plane: no DI */
		if (p->n[si].kind == LY_ARTIFACT || p->n[ti].kind == LY_ARTIFACT)
			add_art_edge(p, el, si, ti);
		else
			push_edge(p, el, bi, si, ti, LY_E_FLOW);
	}
}

/* Lanes of the nodes: a band per leaf lane, one more for nodes in no lane. */
static void assign_bands(struct ly_plane *p, const int *band_of)
{
	int i, nolane = -1;

	for (i = 0; i < p->nn; i++) {
		struct ly_node *nd = &p->n[i];
		struct ka_el *lane = nd->el && nd->kind == LY_REAL ? nd->el->lane : NULL;
		int b = lane ? band_of[lane->index] : -1;

		if (nd->kind != LY_REAL)
			continue;
		if (b < 0 || b >= p->nband || p->band[b].lane != lane) {
			if (nolane < 0)
				nolane = add_band(p, NULL, p->has_lanes ? 1 : 0);
			b = nolane;
		}
		nd->band = b;
	}
	if (!p->nband)
		add_band(p, NULL, 0);
	for (i = 0; i < p->nn; i++)
		if (p->n[i].kind == LY_ARTIFACT || p->n[i].kind == LY_BOUND)
			p->n[i].band = p->n[i].host >= 0 ? p->n[p->n[i].host].band : 0;
}

/* Marks back edges with an iterative depth-first search; roots are nodes without inflow. */
static void break_loops(struct ly_plane *p)
{
	int *cnt = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *out = ka_xcalloc((size_t)p->ne + 1, sizeof(int));
	int *indeg = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *state = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *stack = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *next = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int i, pass;

	for (i = 0; i < p->ne; i++)
		if (p->e[i].kind == LY_E_FLOW) {
			cnt[p->e[i].src + 1]++;
			indeg[p->e[i].dst]++;
		}
	for (i = 0; i < p->nn; i++)
		cnt[i + 1] += cnt[i];
	for (i = 0; i < p->ne; i++)
		if (p->e[i].kind == LY_E_FLOW)
			out[cnt[p->e[i].src] + next[p->e[i].src]++] = i;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < p->nn; i++) {
			int sp = 0;

			if (state[i] || p->n[i].kind != LY_REAL || (pass == 0 && indeg[i]))
				continue;
			stack[sp++] = i;
			state[i] = 1;
			next[i] = cnt[i];
			while (sp) {
				int u = stack[sp - 1];

				if (next[u] == cnt[u + 1]) {
					state[u] = 2;
					sp--;
					continue;
				}
				struct ly_edge *e = &p->e[out[next[u]++]];
				if (state[e->dst] == 1) {
					e->back = true;
				} else if (!state[e->dst]) {
					state[e->dst] = 1;
					next[e->dst] = cnt[e->dst];
					stack[sp++] = e->dst;
				}
			}
		}
	free(cnt);
	free(out);
	free(indeg);
	free(state);
	free(stack);
	free(next);
}

/* Longest path from the sources over the loop-free graph (Kahn's order). */
static void longest_path(struct ly_plane *p)
{
	int *cnt = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *out = ka_xcalloc((size_t)p->ne + 1, sizeof(int));
	int *fill = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *indeg = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *queue = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int i, qh = 0, qt = 0;

	for (i = 0; i < p->ne; i++) {
		struct ly_edge *e = &p->e[i];

		if (e->kind != LY_E_FLOW)
			continue;
		cnt[(e->back ? e->dst : e->src) + 1]++;
		indeg[e->back ? e->src : e->dst]++;
	}
	for (i = 0; i < p->nn; i++)
		cnt[i + 1] += cnt[i];
	for (i = 0; i < p->ne; i++) {
		int u = p->e[i].back ? p->e[i].dst : p->e[i].src;

		if (p->e[i].kind == LY_E_FLOW)
			out[cnt[u] + fill[u]++] = i;
	}
	for (i = 0; i < p->nn; i++)
		if (p->n[i].kind == LY_REAL && !indeg[i])
			queue[qt++] = i;
	while (qh < qt) {
		int u = queue[qh++], k;

		for (k = cnt[u]; k < cnt[u + 1]; k++) {
			struct ly_edge *e = &p->e[out[k]];
			int v = e->back ? e->src : e->dst;

			if (p->n[v].layer < p->n[u].layer + 1)
				p->n[v].layer = p->n[u].layer + 1;
			if (!--indeg[v])
				queue[qt++] = v;
		}
	}
	/* A source sits just before its nearest successor (a late message start event). */
	for (i = 0; i < p->nn; i++) {
		int k, best = -1;

		if (p->n[i].kind != LY_REAL || cnt[i] == cnt[i + 1] || p->n[i].nin)
			continue;
		for (k = cnt[i]; k < cnt[i + 1]; k++) {
			struct ly_edge *e = &p->e[out[k]];
			int v = e->back ? e->src : e->dst;

			if (best < 0 || p->n[v].layer < best)
				best = p->n[v].layer;
		}
		if (best - 1 > p->n[i].layer)
			p->n[i].layer = best - 1;
	}
	free(cnt);
	free(out);
	free(fill);
	free(indeg);
	free(queue);
}

/* Dummies on every edge spanning layers, then the unit edges by node. */
static void add_dummies(struct ly_plane *p)
{
	int i, k, *fill;

	for (i = 0; i < p->ne; i++) {
		struct ly_edge *e = &p->e[i];
		int lo = e->back ? e->dst : e->src, hi = e->back ? e->src : e->dst;
		int band = p->n[e->src].band;

		e->seg0 = p->nslot;
		if (e->kind != LY_E_FLOW) {
			p->nslot += 1;
			continue;
		}
		e->chain0 = p->nchain;
		for (k = p->n[lo].layer + 1; k < p->n[hi].layer; k++) {
			int d = ly_add_node(p, NULL, LY_DUMMY, NULL);

			p->n[d].layer = k;
			p->n[d].band = band;
			p->n[d].back = e->back;
			if (p->nchain == p->achain) {
				p->achain = p->achain ? p->achain * 2 : 64;
				p->chain =
				    ka_xreallocarray(p->chain, (size_t)p->achain, sizeof(int));
			}
			p->chain[p->nchain++] = d;
			e->nchain++;
		}
		p->nslot += e->nchain + 1;
		if (e->bnode >= 0 && !e->back) /* a boundary event's flow starts below its host */
			p->n[e->nchain ? p->chain[e->chain0] : e->dst].below = e->src + 1;
	}
	p->slot = ka_xcalloc((size_t)p->nslot + 1, sizeof(int));
	for (i = 0; i < p->nslot; i++)
		p->slot[i] = -1;
	/* Unit edges: count, then fill in and out lists. */
	for (i = 0; i < p->nn; i++)
		p->n[i].nin = p->n[i].nout = 0;
	for (i = 0; i < p->ne; i++) {
		struct ly_edge *e = &p->e[i];
		int prev = e->back ? e->dst : e->src;

		if (e->kind != LY_E_FLOW)
			continue;
		for (k = 0; k <= e->nchain; k++) {
			int cur =
			    k < e->nchain ? p->chain[e->chain0 + k] : (e->back ? e->src : e->dst);

			p->n[prev].nout++;
			p->n[cur].nin++;
			prev = cur;
		}
	}
	for (i = 0; i < p->nn; i++) {
		p->n[i].in0 = p->nadj;
		p->n[i].out0 = p->nadj + p->n[i].nin;
		p->nadj += p->n[i].nin + p->n[i].nout;
	}
	p->adj = ka_xcalloc((size_t)p->nadj + 1, sizeof(int));
	fill = ka_xcalloc((size_t)p->nn * 2 + 2, sizeof(int));
	for (i = 0; i < p->ne; i++) {
		struct ly_edge *e = &p->e[i];
		int prev = e->back ? e->dst : e->src;

		if (e->kind != LY_E_FLOW)
			continue;
		for (k = 0; k <= e->nchain; k++) {
			int cur =
			    k < e->nchain ? p->chain[e->chain0 + k] : (e->back ? e->src : e->dst);

			p->adj[p->n[prev].out0 + fill[2 * prev + 1]++] = cur;
			p->adj[p->n[cur].in0 + fill[2 * cur]++] = prev;
			prev = cur;
		}
	}
	free(fill);
}

int ly_rank(struct ly_plane *p, const int *band_of)
{
	int i, *cnt;

	assign_bands(p, band_of);
	break_loops(p);
	/* nin marks nodes with an inflow once loops are broken (sources are moved right). */
	for (i = 0; i < p->nn; i++)
		p->n[i].nin = 0;
	for (i = 0; i < p->ne; i++)
		if (p->e[i].kind == LY_E_FLOW)
			p->n[p->e[i].back ? p->e[i].src : p->e[i].dst].nin = 1;
	longest_path(p);
	for (i = 0; i < p->nn; i++)
		if (p->n[i].kind == LY_ARTIFACT || p->n[i].kind == LY_BOUND)
			p->n[i].layer = p->n[i].host >= 0 ? p->n[p->n[i].host].layer : 0;
	add_dummies(p);
	p->nlayers = 0;
	for (i = 0; i < p->nn; i++)
		if (p->n[i].layer + 1 > p->nlayers)
			p->nlayers = p->n[i].layer + 1;
	/* Nodes by layer (artifacts join after ordering), document order to start with. */
	p->lstart = ka_xcalloc((size_t)p->nlayers + 2, sizeof(int));
	p->lay = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	cnt = ka_xcalloc((size_t)p->nlayers + 2, sizeof(int));
	for (i = 0; i < p->nn; i++)
		if (p->n[i].kind == LY_REAL || p->n[i].kind == LY_DUMMY)
			p->lstart[p->n[i].layer + 1]++;
	for (i = 0; i < p->nlayers; i++)
		p->lstart[i + 1] += p->lstart[i];
	for (i = 0; i < p->nn; i++)
		if (p->n[i].kind == LY_REAL || p->n[i].kind == LY_DUMMY) {
			int l = p->n[i].layer;

			p->lay[p->lstart[l] + cnt[l]++] = i;
		}
	for (i = 0; i < p->nlayers; i++) {
		int k;

		for (k = p->lstart[i]; k < p->lstart[i + 1]; k++)
			p->n[p->lay[k]].pos = k - p->lstart[i];
	}
	free(cnt);
	return 0;
}

void ly_plane_release(struct ly_plane *p)
{
	int i;

	for (i = 0; i < p->ne; i++)
		free(p->e[i].pts);
	free(p->n);
	free(p->e);
	free(p->chain);
	free(p->adj);
	free(p->slot);
	free(p->lay);
	free(p->lstart);
	free(p->band);
	free(p->group);
	free(p->colx);
	free(p->colw);
	free(p->gapw);
	free(p->nslots);
	memset(p, 0, sizeof(*p));
}
