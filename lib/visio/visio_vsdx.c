/*
 * .vsdx / .vsdm (Visio 2013+, an OPC package of XML parts, [MS-VSDX]) into the
 * drawing model. The package's relationships lead from _rels/.rels to the
 * document, from it to the page list and the master list, and from those to
 * each page and master part. A shape is mapped by its master's NameU (the
 * language-independent name), refined by shape data (Bpmn* rows); flows come
 * from the page's <Connects> (glue), never from geometry.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/xml.h"
#include "visio_int.h"
#include "visio_zip.h"
#include "kartla/banned.h"

#define NS_R        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_MASTERS 4096
#define MAX_PAGES   1024

struct master {
	char *id;
	char *name;  /* NameU, language-independent */
	char *local; /* Name, the stencil's own language; tried when NameU maps to nothing */
	struct ka_xml_doc doc;           /* the master part, parsed; root NULL when unread */
	const struct ka_xml_node *shape; /* its first shape, for inherited cells */
};

struct idmap {
	long vid;
	int idx;
};

struct ctx {
	struct vs_zip zip;
	struct vs_drawing *d;
	struct ka_import_report *rep;
	struct ka_diag *diag;
	struct ka_buf part;
	struct master *masters;
	size_t nmasters;
	/* per page */
	struct vs_page *page;
	size_t pageno;
	double page_h; /* inches */
	struct idmap *ids;
	size_t nids, capids;
};

static int elem(const struct ka_xml_node *n, const char *local)
{
	return n->type == KA_XML_ELEMENT && !strcmp(n->name->local, local);
}

/* Reads and parses one part; the message names the part. */
static int load(struct ctx *c, const char *part, struct ka_xml_doc *doc)
{
	struct ka_xml_limits lim;
	int err;

	ka_xml_doc_init(doc);
	err = vs_zip_read(&c->zip, part, &c->part, c->diag);
	if (err)
		return err;
	ka_xml_limits_default(&lim);
	lim.max_bytes = VS_PART_MAX;
	lim.max_elements = 2000000;
	err = ka_xml_parse(doc, c->part.data, c->part.len, &lim, c->diag);
	if (err) {
		char msg[sizeof c->diag->message];

		snprintf(msg, sizeof msg, "%s", c->diag->message);
		ka_diag_set(c->diag, err, c->diag->line, c->diag->column, NULL, "part %s: %s", part,
		            msg);
	}
	return err;
}

/* The relationships of one part (its _rels/NAME.rels), parsed once for many look-ups. */
struct rels {
	struct ka_xml_doc doc;
	char part[1024]; /* the source part, which targets are relative to */
	char name[1024]; /* the .rels part */
	int present;
};

static int rels_load(struct ctx *c, const char *part, struct rels *r)
{
	const char *slash = strrchr(part, '/');

	ka_xml_doc_init(&r->doc);
	r->present = 0;
	snprintf(r->part, sizeof r->part, "%s", part);
	if (slash)
		snprintf(r->name, sizeof r->name, "%.*s/_rels/%s.rels", (int)(slash - part), part,
		         slash + 1);
	else
		snprintf(r->name, sizeof r->name, "_rels/%s.rels", part);
	if (!vs_zip_has(&c->zip, r->name))
		return 0;
	r->present = 1;
	return load(c, r->name, &r->doc);
}

/* The target of the first relationship whose Type ends in `type` (or whose Id is `id`). */
static int rels_find(struct ctx *c, const struct rels *r, const char *type, const char *id,
                     char *out, size_t outsz)
{
	if (!r->present || !r->doc.root)
		return KA_ERR_NOT_FOUND;
	for (const struct ka_xml_node *n = r->doc.root->first; n; n = n->next) {
		const char *t = elem(n, "Relationship") ? ka_xml_attr(n, NULL, "Type") : NULL;
		const char *rid = t ? ka_xml_attr(n, NULL, "Id") : NULL;
		const char *target = t ? ka_xml_attr(n, NULL, "Target") : NULL;
		size_t tl = t ? strlen(t) : 0, yl = type ? strlen(type) : 0;

		if (!target || (type && (tl < yl || strcmp(t + tl - yl, type))) ||
		    (id && (!rid || strcmp(rid, id))))
			continue;
		if (vs_part_resolve(out, outsz, r->part, target))
			return ka_diag_set(
			    c->diag, KA_ERR_BPMN, 0, 0, r->name,
			    "part %s: relationship target \"%.200s\" leaves the package", r->name,
			    target);
		return 0;
	}
	return KA_ERR_NOT_FOUND;
}

static void rels_release(struct rels *r)
{
	ka_xml_doc_release(&r->doc);
}

static int rel_target(struct ctx *c, const char *part, const char *type, char *out, size_t outsz)
{
	struct rels r;
	int err = rels_load(c, part, &r);

	if (!err)
		err = rels_find(c, &r, type, NULL, out, outsz);
	rels_release(&r);
	return err;
}

static const struct ka_xml_node *cell_node(const struct ka_xml_node *s, const char *name)
{
	for (const struct ka_xml_node *n = s ? s->first : NULL; n; n = n->next) {
		const char *nn = elem(n, "Cell") ? ka_xml_attr(n, NULL, "N") : NULL;

		if (nn && !strcmp(nn, name))
			return n;
	}
	return NULL;
}

/*
 * A cell's text: <Cell N="name" V="..."/> (.vsdx), or in Visio 2003 XML (.vdx) the element
 * <name> inside the shape's XForm, XForm1D or the page's PageProps. NULL when absent.
 */
static const char *cell_text(const struct ka_xml_node *s, const char *name)
{
	const struct ka_xml_node *n = cell_node(s, name);

	if (n)
		return ka_xml_attr(n, NULL, "V");
	for (const struct ka_xml_node *g = s ? s->first : NULL; g; g = g->next) {
		if (!elem(g, "XForm") && !elem(g, "XForm1D") && !elem(g, "PageProps"))
			continue;
		for (const struct ka_xml_node *x = g->first; x; x = x->next)
			if (elem(x, name))
				return x->text;
	}
	return NULL;
}

/* A cell's value in inches (or plain number), from the shape or its master; `def` if none. */
static double cell(const struct ka_xml_node *s, const struct ka_xml_node *m, const char *name,
                   double def)
{
	const char *v = cell_text(s, name);
	char *end;
	double d;

	if (!v)
		v = cell_text(m, name);
	if (!v)
		return def;
	d = strtod(v, &end);
	if (end == v || !isfinite(d) || fabs(d) > 1e5)
		return def;
	return d;
}

static struct master *master_of(struct ctx *c, const char *id)
{
	for (size_t i = 0; id && i < c->nmasters; i++)
		if (!strcmp(c->masters[i].id, id))
			return &c->masters[i];
	return NULL;
}

static void props(struct vs_shape *s, const struct ka_xml_node *shape)
{
	for (const struct ka_xml_node *sec = shape ? shape->first : NULL; sec; sec = sec->next) {
		const char *sn = elem(sec, "Section") ? ka_xml_attr(sec, NULL, "N") : NULL;

		if (elem(sec, "Prop")) { /* .vdx: <Prop NameU="..."><Value>...</Value></Prop> */
			const struct ka_xml_node *v = ka_xml_child(sec, NULL, "Value");
			const char *row = ka_xml_attr(sec, NULL, "NameU");

			if (v && v->text)
				vs_map_property(s, row ? row : ka_xml_attr(sec, NULL, "Name"),
				                v->text);
			continue;
		}

		if (!sn || strcmp(sn, "Property"))
			continue;
		for (const struct ka_xml_node *row = sec->first; row; row = row->next) {
			const struct ka_xml_node *v =
			    elem(row, "Row") ? cell_node(row, "Value") : NULL;

			if (v)
				vs_map_property(s, ka_xml_attr(row, NULL, "N"),
				                ka_xml_attr(v, NULL, "V"));
		}
	}
}

/* The shape's own text, else the first text of its sub-shapes. */
static char *text_of(struct ka_xml_doc *doc, const struct ka_xml_node *shape, int depth)
{
	for (const struct ka_xml_node *n = shape->first; n; n = n->next)
		if (elem(n, "Text"))
			return vs_text_fold(ka_xml_text(doc, n), (size_t)-1);
	if (depth > 8)
		return NULL;
	for (const struct ka_xml_node *n = shape->first; n; n = n->next) {
		if (!elem(n, "Shapes"))
			continue;
		for (const struct ka_xml_node *s = n->first; s; s = s->next) {
			char *t = elem(s, "Shape") ? text_of(doc, s, depth + 1) : NULL;

			if (t)
				return t;
		}
	}
	return NULL;
}

static void map_id(struct ctx *c, const char *vid, int idx)
{
	char *end;
	long v = vid ? strtol(vid, &end, 10) : 0;

	if (!vid || end == vid)
		return;
	if (c->nids == c->capids) {
		c->capids = c->capids ? 2 * c->capids : 64;
		c->ids = ka_xreallocarray(c->ids, c->capids, sizeof *c->ids);
	}
	c->ids[c->nids].vid = v;
	c->ids[c->nids].idx = idx;
	c->nids++;
}

static int cmp_id(const void *a, const void *b)
{
	const struct idmap *x = a, *y = b;

	return x->vid < y->vid ? -1 : x->vid > y->vid;
}

static int find_id(struct ctx *c, const char *vid)
{
	char *end;
	struct idmap key, *hit;

	if (!vid)
		return -1;
	key.vid = strtol(vid, &end, 10);
	if (end == vid)
		return -1;
	hit = bsearch(&key, c->ids, c->nids, sizeof *c->ids, cmp_id);
	return hit ? hit->idx : -1;
}

static double px_x(double in)
{
	return in * VS_PX_PER_INCH;
}

static double px_y(const struct ctx *c, double in)
{
	return (c->page_h - in) * VS_PX_PER_INCH;
}

struct frame {
	double left, bottom; /* the parent's local origin on the page, inches */
	const char *master;  /* inherited master id for sub-shapes */
	int mapped;          /* index of the mapped ancestor, -1 none */
	int depth;
};

static void walk(struct ctx *c, struct ka_xml_doc *doc, const struct ka_xml_node *shapes,
                 const struct frame *f);

/* Fills geometry and text of a mapped shape (and notes an unmapped leaf). */
static void add_shape(struct ctx *c, struct ka_xml_doc *doc, const struct ka_xml_node *sh,
                      const struct master *m, const char *mname, int kind, int evdef, int tt,
                      const struct frame *f)
{
	const struct ka_xml_node *ms = m ? m->shape : NULL;
	struct vs_shape *s =
	    vs_shape_add(c->page, ka_xml_attr(sh, NULL, "ID") ? ka_xml_attr(sh, NULL, "ID") : "?");
	double w = fabs(cell(sh, ms, "Width", 1)), h = fabs(cell(sh, ms, "Height", 0.5));
	double left = f->left + cell(sh, ms, "PinX", 0) - cell(sh, ms, "LocPinX", w / 2);
	double bottom = f->bottom + cell(sh, ms, "PinY", 0) - cell(sh, ms, "LocPinY", h / 2);

	s->kind = kind;
	s->evdef = evdef;
	s->tasktype = tt;
	s->master = mname ? ka_xstrdup(mname) : NULL;
	s->name = text_of(doc, sh, 0);
	props(s, ms);
	props(s, sh);
	s->x = px_x(left);
	s->y = px_y(c, bottom + h);
	s->w = w * VS_PX_PER_INCH;
	s->h = h * VS_PX_PER_INCH;
	if (kind >= VS_SEQ) {
		double bx = f->left + cell(sh, ms, "BeginX", 0),
		       by = f->bottom + cell(sh, ms, "BeginY", 0);
		double ex = f->left + cell(sh, ms, "EndX", 0),
		       ey = f->bottom + cell(sh, ms, "EndY", 0);

		s->pts[0][0] = px_x(bx);
		s->pts[0][1] = px_y(c, by);
		s->pts[1][0] = px_x(ex);
		s->pts[1][1] = px_y(c, ey);
		s->npts = 2;
	}
	map_id(c, s->vid, (int)c->page->n - 1);
}

static void walk_shape(struct ctx *c, struct ka_xml_doc *doc, const struct ka_xml_node *sh,
                       const struct frame *f)
{
	const char *mid = ka_xml_attr(sh, NULL, "Master");
	const struct master *m = master_of(c, mid ? mid : f->master);
	const char *mname = m && m->name ? m->name : NULL;
	const char *own = ka_xml_attr(sh, NULL, "NameU");
	int evdef, tt, kind = VS_NONE;
	const struct ka_xml_node *subs = NULL;
	struct frame sub = *f;

	if (f->mapped >= 0) { /* a part of a mapped shape (marker, icon): glue goes to it */
		map_id(c, ka_xml_attr(sh, NULL, "ID"), f->mapped);
		sub.depth++;
		for (const struct ka_xml_node *n = sh->first; n; n = n->next)
			if (elem(n, "Shapes") && sub.depth < 32)
				walk(c, doc, n, &sub);
		return;
	}
	if (mid || !f->master) {
		/* NameU first; a renamed master ("test") may still say what it is in Name */
		const char *tries[3] = {mname, m ? m->local : NULL, own};

		for (int i = 0; i < 3 && kind == VS_NONE; i++)
			if (tries[i])
				kind = vs_map_master(tries[i], &evdef, &tt);
	}
	for (const struct ka_xml_node *n = sh->first; n; n = n->next)
		if (elem(n, "Shapes"))
			subs = n;
	if (kind != VS_NONE || !subs) {
		add_shape(c, doc, sh, m, mname ? mname : own, kind, kind ? evdef : 0, kind ? tt : 0,
		          f);
		sub.mapped = kind != VS_NONE ? (int)c->page->n - 1 : -1;
	}
	if (!subs || f->depth >= 32)
		return;
	/* an unmapped group: its sub-shapes are read as shapes of their own */
	sub.left = f->left + cell(sh, m ? m->shape : NULL, "PinX", 0) -
	           cell(sh, m ? m->shape : NULL, "LocPinX", 0);
	sub.bottom = f->bottom + cell(sh, m ? m->shape : NULL, "PinY", 0) -
	             cell(sh, m ? m->shape : NULL, "LocPinY", 0);
	sub.master = mid ? mid : f->master;
	sub.depth++;
	walk(c, doc, subs, &sub);
}

static void walk(struct ctx *c, struct ka_xml_doc *doc, const struct ka_xml_node *shapes,
                 const struct frame *f)
{
	for (const struct ka_xml_node *sh = shapes->first; sh; sh = sh->next)
		if (elem(sh, "Shape"))
			walk_shape(c, doc, sh, f);
}

static void connects(struct ctx *c, const struct ka_xml_node *list)
{
	for (const struct ka_xml_node *n = list->first; n; n = n->next) {
		const char *from = elem(n, "Connect") ? ka_xml_attr(n, NULL, "FromSheet") : NULL;
		const char *fc = from ? ka_xml_attr(n, NULL, "FromCell") : NULL;
		int a = find_id(c, from), b = find_id(c, ka_xml_attr(n, NULL, "ToSheet"));
		struct vs_shape *s;

		if (a < 0 || b < 0 || !fc || a == b)
			continue;
		s = &c->page->shapes[a];
		if (s->kind < VS_SEQ)
			continue;
		if (!strcmp(fc, "BeginX"))
			s->src = b;
		else if (!strcmp(fc, "EndX"))
			s->dst = b;
	}
}

/* One page's shapes and glue (`root` holds <Shapes> and <Connects>); `label` names it. */
static int page_body(struct ctx *c, struct ka_xml_doc *doc, const struct ka_xml_node *root,
                     const char *label)
{
	struct frame f = {0, 0, NULL, -1, 0};

	c->nids = 0;
	for (const struct ka_xml_node *n = root->first; n; n = n->next)
		if (elem(n, "Shapes"))
			walk(c, doc, n, &f);
	if (c->page->n > VS_MAX_SHAPES)
		return ka_diag_set(c->diag, KA_ERR_LIMIT, 0, 0, NULL,
		                   "%s: more than %u shapes on one page", label, VS_MAX_SHAPES);
	qsort(c->ids, c->nids, sizeof *c->ids, cmp_id);
	for (const struct ka_xml_node *n = root->first; n; n = n->next)
		if (elem(n, "Connects"))
			connects(c, n);
	return vs_resolve_page(c->d, c->d->n - 1, c->rep);
}

static void start_page(struct ctx *c, const char *name, double height)
{
	c->page = vs_page_add(c->d, name);
	c->page_h = height;
	c->page->height = height * VS_PX_PER_INCH;
}

static int read_page(struct ctx *c, const char *part, const char *name, double height)
{
	struct ka_xml_doc doc;
	char label[1100];
	int err;

	start_page(c, name, height);
	err = load(c, part, &doc);
	snprintf(label, sizeof label, "part %s", part);
	if (!err)
		err = page_body(c, &doc, doc.root, label);
	ka_xml_doc_release(&doc);
	return err;
}

static int read_masters(struct ctx *c, const char *doc_part)
{
	char part[1024], target[1024];
	struct ka_xml_doc doc;
	struct rels mr;
	int err = rel_target(c, doc_part, "/masters", part, sizeof part);

	if (err)
		return err == KA_ERR_NOT_FOUND ? 0 : err;
	err = load(c, part, &doc);
	if (!err)
		err = rels_load(c, part, &mr);
	else
		ka_xml_doc_init(&mr.doc);
	for (const struct ka_xml_node *n = err ? NULL : doc.root->first; n; n = n->next) {
		const struct ka_xml_node *rel =
		    elem(n, "Master") ? ka_xml_child(n, NULL, "Rel") : NULL;
		const char *rid = rel ? ka_xml_attr(rel, NS_R, "id") : NULL;
		struct master *m;

		if (!rid || !ka_xml_attr(n, NULL, "ID") || c->nmasters >= MAX_MASTERS)
			continue;
		c->masters = ka_xreallocarray(c->masters, c->nmasters + 1, sizeof *c->masters);
		m = &c->masters[c->nmasters++];
		m->id = ka_xstrdup(ka_xml_attr(n, NULL, "ID"));
		m->name = ka_xml_attr(n, NULL, "NameU") ? ka_xstrdup(ka_xml_attr(n, NULL, "NameU"))
		                                        : NULL;
		m->local =
		    ka_xml_attr(n, NULL, "Name") ? ka_xstrdup(ka_xml_attr(n, NULL, "Name")) : NULL;
		m->shape = NULL;
		ka_xml_doc_init(&m->doc);
		err = rels_find(c, &mr, NULL, rid, target, sizeof target);
		if (err == KA_ERR_NOT_FOUND || (!err && !vs_zip_has(&c->zip, target))) {
			err = 0; /* a master without its part: its instances have no inherited cells
			          */
			continue;
		}
		if (err)
			break;
		ka_xml_doc_release(&m->doc);
		err = load(c, target, &m->doc);
		if (err)
			break;
		for (const struct ka_xml_node *s = m->doc.root->first; s && !m->shape; s = s->next)
			if (elem(s, "Shapes"))
				m->shape = ka_xml_child(s, NULL, "Shape");
	}
	rels_release(&mr);
	ka_xml_doc_release(&doc);
	return err;
}

static int read_pages(struct ctx *c, const char *doc_part)
{
	char part[1024], target[1024];
	struct ka_xml_doc doc;
	struct rels pr;
	int err = rel_target(c, doc_part, "/pages", part, sizeof part);

	if (err)
		return err == KA_ERR_NOT_FOUND
		           ? ka_diag_set(c->diag, KA_ERR_BPMN, 0, 0, doc_part,
		                         "part %s has no pages relationship", doc_part)
		           : err;
	err = load(c, part, &doc);
	if (!err)
		err = rels_load(c, part, &pr);
	else
		ka_xml_doc_init(&pr.doc);
	for (const struct ka_xml_node *n = err ? NULL : doc.root->first; n; n = n->next) {
		const struct ka_xml_node *rel =
		    elem(n, "Page") ? ka_xml_child(n, NULL, "Rel") : NULL;
		const char *rid = rel ? ka_xml_attr(rel, NS_R, "id") : NULL;
		const char *bg = rel ? ka_xml_attr(n, NULL, "Background") : NULL;
		const char *name = rel ? ka_xml_attr(n, NULL, "Name") : NULL;

		if (!rid || (bg && !strcmp(bg, "1")))
			continue;
		if (c->d->n >= MAX_PAGES) {
			err = ka_diag_set(c->diag, KA_ERR_LIMIT, 0, 0, part,
			                  "part %s: more than %d pages", part, MAX_PAGES);
			break;
		}
		err = rels_find(c, &pr, NULL, rid, target, sizeof target);
		if (err == KA_ERR_NOT_FOUND)
			err = ka_diag_set(c->diag, KA_ERR_BPMN, 0, 0, part,
			                  "part %s: page relationship %.64s is missing", part, rid);
		if (!err)
			err = read_page(
			    c, target, name ? name : ka_xml_attr(n, NULL, "NameU"),
			    cell(ka_xml_child(n, NULL, "PageSheet"), NULL, "PageHeight", 8.5));
		if (err)
			break;
	}
	rels_release(&pr);
	ka_xml_doc_release(&doc);
	return err;
}

int vs_vsdx_read(struct vs_drawing *d, const char *data, size_t len, struct ka_import_report *rep,
                 struct ka_diag *diag)
{
	struct ctx c;
	char doc_part[1024];
	int err;

	memset(&c, 0, sizeof c);
	c.d = d;
	c.rep = rep;
	c.diag = diag;
	ka_buf_init(&c.part, VS_PART_MAX);
	err = vs_zip_open(&c.zip, data, len, d->file, diag);
	if (err)
		goto out;
	err = rel_target(&c, "", "/relationships/document", doc_part, sizeof doc_part);
	if (err == KA_ERR_NOT_FOUND)
		err = ka_diag_set(diag, KA_ERR_BPMN, 0, 0, "_rels/.rels",
		                  "no Visio document in the package (not a .vsdx/.vsdm?)");
	if (!err)
		err = read_masters(&c, doc_part);
	if (!err)
		err = read_pages(&c, doc_part);
	if (!err && d->n == 0)
		err = ka_diag_set(diag, KA_ERR_BPMN, 0, 0, doc_part, "the drawing has no pages");
out:
	for (size_t i = 0; i < c.nmasters; i++) {
		free(c.masters[i].id);
		free(c.masters[i].name);
		free(c.masters[i].local);
		ka_xml_doc_release(&c.masters[i].doc);
	}
	free(c.masters);
	free(c.ids);
	ka_buf_release(&c.part);
	vs_zip_close(&c.zip);
	return err;
}

/* Visio 2003-2010 XML (.vdx): one document holding the masters and the pages. */
static int vdx_masters(struct ctx *c, const struct ka_xml_node *list)
{
	for (const struct ka_xml_node *n = list->first; n; n = n->next) {
		const struct ka_xml_node *shapes =
		    elem(n, "Master") ? ka_xml_child(n, NULL, "Shapes") : NULL;
		const char *id = ka_xml_attr(n, NULL, "ID");
		struct master *m;

		if (!id || c->nmasters >= MAX_MASTERS)
			continue;
		c->masters = ka_xreallocarray(c->masters, c->nmasters + 1, sizeof *c->masters);
		m = &c->masters[c->nmasters++];
		memset(m, 0, sizeof *m);
		ka_xml_doc_init(&m->doc);
		m->id = ka_xstrdup(id);
		m->name = ka_xml_attr(n, NULL, "NameU") ? ka_xstrdup(ka_xml_attr(n, NULL, "NameU"))
		                                        : NULL;
		m->local =
		    ka_xml_attr(n, NULL, "Name") ? ka_xstrdup(ka_xml_attr(n, NULL, "Name")) : NULL;
		m->shape = shapes ? ka_xml_child(shapes, NULL, "Shape") : NULL;
	}
	return 0;
}

static int vdx_pages(struct ctx *c, struct ka_xml_doc *doc, const struct ka_xml_node *list)
{
	int err = 0;

	for (const struct ka_xml_node *n = list->first; n && !err; n = n->next) {
		const char *bg = elem(n, "Page") ? ka_xml_attr(n, NULL, "Background") : NULL;
		const char *name = ka_xml_attr(n, NULL, "Name");
		char label[64];

		if (!elem(n, "Page") || (bg && !strcmp(bg, "1")))
			continue;
		if (c->d->n >= MAX_PAGES)
			return ka_diag_set(c->diag, KA_ERR_LIMIT, 0, 0, NULL, "more than %d pages",
			                   MAX_PAGES);
		start_page(c, name ? name : ka_xml_attr(n, NULL, "NameU"),
		           cell(ka_xml_child(n, NULL, "PageSheet"), NULL, "PageHeight", 8.5));
		snprintf(label, sizeof label, "page %zu", c->d->n);
		err = page_body(c, doc, n, label);
	}
	return err;
}

int vs_vdx_read(struct vs_drawing *d, const char *data, size_t len, struct ka_import_report *rep,
                struct ka_diag *diag)
{
	struct ctx c;
	struct ka_xml_doc doc;
	struct ka_xml_limits lim;
	const struct ka_xml_node *pages;
	int err;

	memset(&c, 0, sizeof c);
	c.d = d;
	c.rep = rep;
	c.diag = diag;
	ka_xml_doc_init(&doc);
	ka_xml_limits_default(&lim);
	lim.max_bytes = VS_PART_MAX;
	lim.max_elements = 2000000;
	err = ka_xml_parse(&doc, data, len, &lim, diag);
	if (err)
		goto out;
	if (strcmp(doc.root->name->local, "VisioDocument")) {
		err = ka_diag_set(diag, KA_ERR_BPMN, 1, 1, NULL, "not a Visio XML drawing (.vdx)");
		goto out;
	}
	for (const struct ka_xml_node *n = doc.root->first; n; n = n->next)
		if (elem(n, "Masters"))
			vdx_masters(&c, n);
	pages = ka_xml_child(doc.root, NULL, "Pages");
	if (pages)
		err = vdx_pages(&c, &doc, pages);
	if (!err && d->n == 0)
		err = ka_diag_set(diag, KA_ERR_BPMN, 0, 0, NULL, "the drawing has no pages");
out:
	for (size_t i = 0; i < c.nmasters; i++) {
		free(c.masters[i].id);
		free(c.masters[i].name);
		free(c.masters[i].local);
		ka_xml_doc_release(&c.masters[i].doc);
	}
	free(c.masters);
	free(c.ids);
	ka_xml_doc_release(&doc);
	return err;
}
