/*
 * Crossing reduction and rows: barycenter sweeps down and up the layers,
 * each layer sorted by (band, barycenter) so that a node never leaves its
 * lane; then artifacts join right after their hosts, and every node gets a
 * row of its band, as close to the median row of its predecessors as the
 * order allows (a chain of tasks stays on one line).
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "layout_int.h"
#include "kartla/banned.h"

struct sort_item {
	int band;
	double key;
	int pos, idx;
};

static int cmp_item(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;

	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Sorts layer L by barycenter of its neighbours (in-neighbours when down). */
static void sort_layer(struct ly_plane *p, int L, int down, struct sort_item *tmp)
{
	int k, a = p->lstart[L], b = p->lstart[L + 1];

	for (k = a; k < b; k++) {
		struct ly_node *nd = &p->n[p->lay[k]];
		int j, from = down ? nd->in0 : nd->out0, cnt = down ? nd->nin : nd->nout;
		double sum = 0;

		for (j = 0; j < cnt; j++)
			sum += p->n[p->adj[from + j]].pos;
		tmp[k - a].band = nd->band;
		tmp[k - a].key = (cnt ? sum / cnt : nd->pos) + (nd->below ? 0.5 : 0);
		tmp[k - a].pos = nd->pos;
		tmp[k - a].idx = p->lay[k];
	}
	qsort(tmp, (size_t)(b - a), sizeof(*tmp), cmp_item);
	for (k = a; k < b; k++) {
		p->lay[k] = tmp[k - a].idx;
		p->n[p->lay[k]].pos = k - a;
	}
}

/* Puts artifacts after their hosts; the rest to the end of their layer, then by band. */
static void insert_artifacts(struct ly_plane *p)
{
	int *lay = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int *lstart = ka_xcalloc((size_t)p->nlayers + 2, sizeof(int));
	int *cnt = ka_xcalloc((size_t)p->nband + 1, sizeof(int));
	int *tmp = ka_xcalloc((size_t)p->nn + 1, sizeof(int));
	int L, k, i, n = 0;

	for (L = 0; L < p->nlayers; L++) {
		int a = n, b;

		lstart[L] = n;
		for (k = p->lstart[L]; k < p->lstart[L + 1]; k++) {
			lay[n++] = p->lay[k];
			for (i = p->n[p->lay[k]].art; i >= 0; i = p->n[i].art_next)
				lay[n++] = i;
		}
		if (L == 0)
			for (i = 0; i < p->nn; i++)
				if (p->n[i].kind == LY_ARTIFACT && p->n[i].host < 0)
					lay[n++] = i;
		b = n;
		/* Stable counting sort by band. */
		memset(cnt, 0, sizeof(int) * ((size_t)p->nband + 1));
		for (k = a; k < b; k++)
			cnt[p->n[lay[k]].band + 1]++;
		for (i = 0; i < p->nband; i++)
			cnt[i + 1] += cnt[i];
		for (k = a; k < b; k++)
			tmp[cnt[p->n[lay[k]].band]++] = lay[k];
		for (k = a; k < b; k++) {
			lay[k] = tmp[k - a];
			p->n[lay[k]].pos = k - a;
		}
	}
	lstart[p->nlayers] = n;
	free(p->lay);
	free(p->lstart);
	p->lay = lay;
	p->lstart = lstart;
	free(cnt);
	free(tmp);
}

void ly_order(struct ly_plane *p)
{
	struct sort_item *tmp = ka_xcalloc((size_t)p->nn + 1, sizeof(*tmp));
	int it, L;

	for (it = 0; it < 4; it++) {
		for (L = 1; L < p->nlayers; L++)
			sort_layer(p, L, 1, tmp);
		for (L = p->nlayers - 2; L >= 0; L--)
			sort_layer(p, L, 0, tmp);
	}
	for (L = 1; L < p->nlayers; L++)
		sort_layer(p, L, 1, tmp);
	free(tmp);
	insert_artifacts(p);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* Lower median of the rows of n's in-neighbours in its band; -1 if none. */
static int desired_row(const struct ly_plane *p, const struct ly_node *nd, int *buf)
{
	int j, c = 0;

	if (nd->kind == LY_ARTIFACT)
		return nd->host >= 0 ? p->n[nd->host].row + 1 : 0;
	if (nd->below && p->n[nd->below - 1].band == nd->band)
		return p->n[nd->below - 1].row + 1;
	for (j = 0; j < nd->nin; j++) {
		const struct ly_node *u = &p->n[p->adj[nd->in0 + j]];

		if (u->band == nd->band)
			buf[c++] = u->row;
	}
	if (!c)
		return 0;
	qsort(buf, (size_t)c, sizeof(int), cmp_int);
	return buf[(c - 1) / 2];
}

void ly_rows(struct ly_plane *p)
{
	int L, k, maxin = 1;
	int *buf;

	for (k = 0; k < p->nband; k++)
		p->band[k].rows = 1;
	for (L = 0; L < p->nlayers; L++) {
		int a = p->lstart[L], b = p->lstart[L + 1];

		for (k = a; k < b;) {
			int band = p->n[p->lay[k]].band, e = k;

			while (e < b && p->n[p->lay[e]].band == band)
				e++;
			if (e - k > p->band[band].rows)
				p->band[band].rows = e - k;
			k = e;
		}
	}
	for (k = 0; k < p->nn; k++)
		if (p->n[k].nin > maxin)
			maxin = p->n[k].nin;
	buf = ka_xcalloc((size_t)maxin, sizeof(int));
	for (L = 0; L < p->nlayers; L++) {
		int a = p->lstart[L], b = p->lstart[L + 1];

		for (k = a; k < b;) {
			int band = p->n[p->lay[k]].band, e = k, i, prev = -1;
			int R = p->band[band].rows;

			while (e < b && p->n[p->lay[e]].band == band)
				e++;
			for (i = k; i < e; i++) {
				struct ly_node *nd = &p->n[p->lay[i]];
				int r = desired_row(p, nd, buf);

				if (r < prev + 1)
					r = prev + 1;
				if (r > R - (e - i))
					r = R - (e - i);
				nd->row = prev = r;
			}
			k = e;
		}
	}
	free(buf);
}
