/*
 * Binary .vsd drawings: libvisio (through visio_vsd.cpp) gives drawing calls
 * without master names or glue, so the types are reconstructed from geometry
 * and every such guess is noted (visio.guessed_type):
 *   circle -> event (double circle: intermediate; thick line: end; else start,
 *             then corrected by its flows), diamond -> gateway (a "+" inside:
 *             parallel, a circle: inclusive, else exclusive), rectangle or
 *             rounded rectangle -> task, long band -> lane (a band holding
 *             bands -> pool), open path -> connector whose ends touching a
 *             shape (within VS_TOUCH inches) give the flow.
 * A shape's name is the text drawn right after it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "visio_int.h"
#include "visio_vsd.h"
#include "kartla/banned.h"

#define VS_TOUCH 0.08 /* inches between a connector end and a shape's outline */

void vs_raw_free(struct vs_raw *raw)
{
	for (size_t i = 0; raw->pages && i < raw->n; i++) {
		struct vs_raw_page *p = &raw->pages[i];

		for (size_t j = 0; p->objs && j < p->n; j++) {
			free(p->objs[j].paths);
			free(p->objs[j].text);
		}
		free(p->objs);
		free(p->name);
	}
	free(raw->pages);
	raw->pages = NULL;
	raw->n = 0;
}

static double pw(const struct vs_raw_path *p)
{
	return p->x1 - p->x0;
}

static double ph(const struct vs_raw_path *p)
{
	return p->y1 - p->y0;
}

static int is_circle(const struct vs_raw_path *p)
{
	double w = pw(p), h = ph(p), m = w > h ? w : h;

	return p->closed && p->arcs > 0 && p->lines == 0 && m > 0.02 && fabs(w - h) < 0.15 * m;
}

static int is_diamond(const struct vs_raw_path *p)
{
	double cx = (p->x0 + p->x1) / 2, cy = (p->y0 + p->y1) / 2;
	double tx = 0.12 * pw(p), ty = 0.12 * ph(p);

	if (!p->closed || p->arcs || p->curves || p->lines < 4 || p->lines > 5 || p->npts < 4)
		return 0;
	for (int i = 0; i < p->npts; i++) {
		double x = p->pts[i][0], y = p->pts[i][1];
		int mid_x = fabs(x - cx) < tx, mid_y = fabs(y - cy) < ty;

		if (!(mid_x && (fabs(y - p->y0) < ty || fabs(y - p->y1) < ty)) &&
		    !(mid_y && (fabs(x - p->x0) < tx || fabs(x - p->x1) < tx)))
			return 0;
	}
	return 1;
}

/* Every kept point lies on the box's outline: a rectangle, rounded or not. */
static int is_rect(const struct vs_raw_path *p)
{
	double tx = 0.2 * pw(p) + 0.01, ty = 0.2 * ph(p) + 0.01;

	if (!p->closed || p->arcs || p->lines < 3 || p->npts < 4)
		return 0;
	for (int i = 0; i < p->npts; i++) {
		double x = p->pts[i][0], y = p->pts[i][1];

		if (fabs(x - p->x0) > tx && fabs(x - p->x1) > tx && fabs(y - p->y0) > ty &&
		    fabs(y - p->y1) > ty)
			return 0;
		if ((fabs(x - p->x0) < 1e-3 || fabs(x - p->x1) < 1e-3) &&
		    (fabs(y - p->y0) < 1e-3 || fabs(y - p->y1) < 1e-3) && p->curves)
			return 0; /* a rounded rectangle has no sharp corner */
	}
	return 1;
}

/* The largest closed path of the object, or NULL. */
static const struct vs_raw_path *main_path(const struct vs_raw_obj *o)
{
	const struct vs_raw_path *best = NULL;

	for (size_t i = 0; i < o->npaths; i++) {
		const struct vs_raw_path *p = &o->paths[i];

		if (p->closed && (!best || pw(p) * ph(p) > pw(best) * ph(best)))
			best = p;
	}
	return best;
}

static int inside(const struct vs_raw_path *in, const struct vs_raw_path *out)
{
	return in->x0 >= out->x0 - 1e-3 && in->x1 <= out->x1 + 1e-3 && in->y0 >= out->y0 - 1e-3 &&
	       in->y1 <= out->y1 + 1e-3 && pw(in) * ph(in) < 0.8 * pw(out) * ph(out);
}

static void event(struct vs_shape *s, const struct vs_raw_obj *o, const struct vs_raw_path *m)
{
	int inner = 0;
	double stroke = 0;

	for (size_t i = 0; i < o->npaths; i++) {
		const struct vs_raw_path *p = &o->paths[i];

		if (!is_circle(p))
			continue;
		if (p->stroke > stroke && !p->filled)
			stroke = p->stroke;
		inner += inside(p, m) && pw(p) > 0.7 * pw(m);
	}
	s->kind = inner ? VS_INTER_CATCH : stroke >= 0.04 ? VS_END : VS_START;
}

static void gateway(struct vs_shape *s, const struct vs_raw_obj *o, const struct vs_raw_path *m)
{
	int lines = 0;

	s->kind = VS_GW_EXCL;
	for (size_t i = 0; i < o->npaths; i++) {
		const struct vs_raw_path *p = &o->paths[i];

		if (!inside(p, m))
			continue;
		if (is_circle(p)) {
			s->kind = VS_GW_INCL;
			return;
		}
		/* a plus: a 12-point closed outline, or axis-parallel strokes */
		if ((p->closed && p->lines >= 11 && p->lines <= 13) ||
		    (!p->closed && p->npts == 2 &&
		     (fabs(p->pts[0][0] - p->pts[1][0]) < 1e-3 ||
		      fabs(p->pts[0][1] - p->pts[1][1]) < 1e-3)))
			lines++;
	}
	if (lines)
		s->kind = VS_GW_PAR;
}

/* The connector's points in pixels, at most VS_MAX_POINTS (the true ends kept), reversed if asked.
 */
static void waypoints(struct vs_shape *s, const struct vs_raw_path *p, int reverse)
{
	int n = p->npts < VS_MAX_POINTS ? p->npts : VS_MAX_POINTS;

	for (int k = 0; k < n; k++) {
		int from = k == n - 1 ? p->npts - 1 : k;
		int to = reverse ? n - 1 - k : k;

		s->pts[to][0] = p->pts[from][0] * VS_PX_PER_INCH;
		s->pts[to][1] = p->pts[from][1] * VS_PX_PER_INCH;
	}
	s->npts = n;
}

/* Sets kind and bounds of a shape from its object; returns a description for notes. */
static const char *classify(struct vs_shape *s, const struct vs_raw_obj *o)
{
	const struct vs_raw_path *m = main_path(o);

	if (!m) {
		for (size_t i = 0; i < o->npaths; i++) {
			const struct vs_raw_path *p = &o->paths[i];

			if (p->npts < 2)
				continue;
			s->kind = p->dashed ? (p->marker_end || p->marker_start ? VS_MSG : VS_ASSOC)
			                    : VS_SEQ;
			waypoints(s, p, p->marker_start && !p->marker_end);
			return p->marker_end || p->marker_start ? "arrow"
			                                        : "line without arrow head";
		}
		return "text";
	}
	s->x = m->x0 * VS_PX_PER_INCH;
	s->y = m->y0 * VS_PX_PER_INCH;
	s->w = pw(m) * VS_PX_PER_INCH;
	s->h = ph(m) * VS_PX_PER_INCH;
	if (is_circle(m) && pw(m) < 1.0) {
		event(s, o, m);
		return s->kind == VS_INTER_CATCH ? "double circle"
		       : s->kind == VS_END       ? "circle with a thick line"
		                                 : "circle with a thin line";
	}
	if (is_diamond(m)) {
		gateway(s, o, m);
		return s->kind == VS_GW_PAR    ? "diamond with a plus"
		       : s->kind == VS_GW_INCL ? "diamond with a circle"
		                               : "diamond";
	}
	if (is_rect(m)) {
		if (pw(m) >= 4 && pw(m) >= 3 * ph(m)) {
			s->kind = VS_LANE;
			return "long band";
		}
		if (ph(m) >= 3 && ph(m) >= 3 * pw(m)) {
			s->kind = VS_LANE;
			return "tall band";
		}
		s->kind = VS_TASK;
		return m->curves ? "rounded rectangle" : "rectangle";
	}
	return "closed outline of no known kind";
}

/* The node whose outline (its box) is nearest to (x, y) inches, within VS_TOUCH; -1 none. */
static int touching(const struct vs_page *p, double x, double y)
{
	int best = -1;
	double bd = VS_TOUCH, ba = 0;

	x *= VS_PX_PER_INCH;
	y *= VS_PX_PER_INCH;
	for (size_t i = 0; i < p->n; i++) {
		const struct vs_shape *s = &p->shapes[i];
		double dx, dy, d, area = s->w * s->h;

		if (s->kind < VS_TASK || s->kind > VS_GW_COMPLEX)
			continue;
		dx = x < s->x ? s->x - x : x > s->x + s->w ? x - s->x - s->w : 0;
		dy = y < s->y ? s->y - y : y > s->y + s->h ? y - s->y - s->h : 0;
		d = sqrt(dx * dx + dy * dy);
		if (d == 0) /* inside: how far from the outline (a shape in a sub-process) */
			d = fmin(fmin(x - s->x, s->x + s->w - x), fmin(y - s->y, s->y + s->h - y));
		d /= VS_PX_PER_INCH;
		if (d < bd - 1e-9 || (best >= 0 && fabs(d - bd) < 1e-9 && area < ba)) {
			best = (int)i;
			bd = d;
			ba = area;
		}
	}
	return best;
}

static void note_guess(struct ka_import_report *rep, size_t pageno, const struct vs_shape *s,
                       const char *what)
{
	static const char *names[] = {
	    [VS_TASK] = "a task",
	    [VS_SUBPROCESS] = "an expanded sub-process",
	    [VS_START] = "a start event",
	    [VS_INTER_CATCH] = "an intermediate event",
	    [VS_END] = "an end event",
	    [VS_GW_EXCL] = "an exclusive gateway",
	    [VS_GW_PAR] = "a parallel gateway",
	    [VS_GW_INCL] = "an inclusive gateway",
	    [VS_LANE] = "a lane",
	    [VS_POOL] = "a pool",
	    [VS_SEQ] = "a sequence flow",
	    [VS_MSG] = "a message flow",
	    [VS_ASSOC] = "an association",
	};
	char where[64];
	const char *kind =
	    s->kind >= 0 && s->kind <= VS_ASSOC && names[s->kind] ? names[s->kind] : "nothing";

	snprintf(where, sizeof where, "page %zu, shape %s", pageno + 1, s->vid);
	ka_import_note(rep, "visio.guessed_type", where, "%s \"%s\" read as %s", what,
	               s->name ? s->name : "", kind);
}

static int holds(const struct vs_shape *a, const struct vs_shape *b)
{
	return b->x >= a->x - 1 && b->y >= a->y - 1 && b->x + b->w <= a->x + a->w + 1 &&
	       b->y + b->h <= a->y + a->h + 1 && b->w * b->h < a->w * a->h;
}

/*
 * A band holding a band across its length is a pool (one holding a band across its width
 * only: that is its header strip, dropped); a band touching no other band is a pool of its
 * own; bands side by side are lanes (resolve puts a pool around them).
 */
static void bands(struct vs_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *a = &p->shapes[i];
		int touches = 0;

		if (a->kind != VS_LANE)
			continue;
		for (size_t j = 0; j < p->n; j++) {
			struct vs_shape *b = &p->shapes[j];

			if (j == i || (b->kind != VS_LANE && b->kind != VS_POOL))
				continue;
			if (holds(a, b) && (a->w > a->h) == (b->w > b->h)) {
				a->kind = VS_POOL;
			} else if (holds(a, b)) {
				b->kind = VS_NONE; /* a pool's header strip */
				b->skip = 1;
			} else if (b->x <= a->x + a->w + 3 && a->x <= b->x + b->w + 3 &&
			           b->y <= a->y + a->h + 3 && a->y <= b->y + b->h + 3) {
				touches = 1;
			}
		}
		if (!touches && a->kind == VS_LANE)
			a->kind = VS_POOL;
	}
}

/* Events guessed from their line are corrected by their flows: none in -> start, none out -> end.
 */
static void events_by_flows(struct vs_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];
		int in = 0, out = 0;

		if (s->kind != VS_START && s->kind != VS_END)
			continue;
		for (size_t j = 0; j < p->n; j++) {
			in += p->shapes[j].kind == VS_SEQ && p->shapes[j].dst == (int)i;
			out += p->shapes[j].kind == VS_SEQ && p->shapes[j].src == (int)i;
		}
		if (in && !out)
			s->kind = VS_END;
		else if (out && !in)
			s->kind = VS_START;
	}
}

/* Text drawn on its own names the unnamed node it lies in, else is noted. */
static void loose_text(struct vs_page *p, size_t i)
{
	struct vs_shape *t = &p->shapes[i];
	double cx = t->x + t->w / 2, cy = t->y + t->h / 2;

	t->kind = VS_NONE;
	for (size_t j = 0; j < p->n; j++) {
		struct vs_shape *s = &p->shapes[j];

		if (s->kind >= VS_TASK && s->kind <= VS_GW_COMPLEX && !s->name && cx >= s->x &&
		    cx <= s->x + s->w && cy >= s->y && cy <= s->y + s->h) {
			s->name = t->name;
			t->name = NULL;
			t->skip = 1;
			return;
		}
	}
}

/*
 * A big rectangle holding two or more flow nodes is no task: a rounded one is an expanded
 * sub-process, a square-cornered one a band (a pool or lane, sorted out by bands()).
 */
static void containers(struct vs_page *p, const char **what)
{
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];
		int held = 0;

		if (s->kind != VS_TASK || s->w < 2 * VS_PX_PER_INCH || s->h < 1.2 * VS_PX_PER_INCH)
			continue;
		for (size_t j = 0; j < p->n; j++) {
			const struct vs_shape *n = &p->shapes[j];
			double cx = n->x + n->w / 2, cy = n->y + n->h / 2;

			held += j != i && n->kind >= VS_TASK && n->kind <= VS_GW_COMPLEX &&
			        n->w * n->h < s->w * s->h && cx > s->x && cx < s->x + s->w &&
			        cy > s->y && cy < s->y + s->h;
		}
		if (held < 2)
			continue;
		if (!strcmp(what[i], "rounded rectangle")) {
			s->kind = VS_SUBPROCESS;
			what[i] = "rounded rectangle holding shapes";
		} else {
			s->kind = VS_LANE;
			what[i] = "rectangle holding shapes";
		}
	}
}

static void read_page(struct vs_drawing *d, const struct vs_raw_page *rp, size_t pageno,
                      struct ka_import_report *rep)
{
	struct vs_page *p = vs_page_add(d, rp->name);
	char vid[32];
	const char **what = ka_xcalloc(rp->n ? rp->n : 1, sizeof *what);

	p->width = rp->width * VS_PX_PER_INCH;
	p->height = rp->height * VS_PX_PER_INCH;
	for (size_t i = 0; i < rp->n; i++) {
		const struct vs_raw_obj *o = &rp->objs[i];
		struct vs_shape *s;

		snprintf(vid, sizeof vid, "%zu", i + 1);
		s = vs_shape_add(p, vid);
		s->name = o->text ? vs_text_fold(o->text, (size_t)-1) : NULL;
		what[i] = classify(s, o);
		s->master = ka_xstrdup(what[i]);
		if (!o->npaths) {
			s->x = o->tx0 * VS_PX_PER_INCH;
			s->y = o->ty0 * VS_PX_PER_INCH;
			s->w = (o->tx1 - o->tx0) * VS_PX_PER_INCH;
			s->h = (o->ty1 - o->ty0) * VS_PX_PER_INCH;
		}
	}
	containers(p, what);
	bands(p);
	for (size_t i = 0; i < p->n; i++) {
		struct vs_shape *s = &p->shapes[i];

		if (s->kind >= VS_SEQ && s->npts >= 2) {
			s->src = touching(p, s->pts[0][0] / VS_PX_PER_INCH,
			                  s->pts[0][1] / VS_PX_PER_INCH);
			s->dst = touching(p, s->pts[s->npts - 1][0] / VS_PX_PER_INCH,
			                  s->pts[s->npts - 1][1] / VS_PX_PER_INCH);
		}
		if (s->kind == VS_NONE && !rp->objs[i].npaths && s->name)
			loose_text(p, i);
		else if (s->kind == VS_NONE && !rp->objs[i].npaths)
			s->skip = 1; /* an empty text box */
	}
	events_by_flows(p);
	for (size_t i = 0; i < p->n; i++)
		if (p->shapes[i].kind != VS_NONE && !p->shapes[i].skip)
			note_guess(rep, pageno, &p->shapes[i], what[i]);
	free(what);
	vs_resolve_page(d, pageno, rep);
}

int vs_vsd_read(struct vs_drawing *d, const char *data, size_t len, struct ka_import_report *rep,
                struct ka_diag *diag)
{
	struct vs_raw raw;
	char msg[256];
	int err = 0;

	memset(&raw, 0, sizeof raw);
	if (vs_vsd_parse(&raw, data, len, msg, sizeof msg))
		return ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL, "%s", msg);
	for (size_t i = 0; i < raw.n && !err; i++) {
		if (raw.pages[i].n > VS_MAX_SHAPES)
			err = ka_diag_set(diag, KA_ERR_LIMIT, 0, 0, NULL,
			                  "page %zu has more than %u shapes", i + 1, VS_MAX_SHAPES);
		else
			read_page(d, &raw.pages[i], i, rep);
	}
	if (!err && d->n == 0)
		err = ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL, "the drawing has no pages");
	vs_raw_free(&raw);
	return err;
}
