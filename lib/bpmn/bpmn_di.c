/*
 * Pass 3 of the BPMN reader: an element's diagram interchange (DI) geometry
 * (dc:Bounds, di:waypoint, the label's bounds) and its DI flags, checked as
 * finite coordinates within a sane range.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "model_int.h"
#include "kartla/banned.h"

/*
 * Plain decimals ("120", "-35.5") of at most 15 digits, converted exactly:
 * an integer below 2^53 divided by a power of ten is correctly rounded
 * (Clinger's fast path). Returns 0 when the text needs strtod.
 */
static int quick_decimal(const char *v, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	unsigned long long m = 0;
	int digits = 0, frac = -1, neg = 0;
	const char *p = v;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			m = m * 10 + (unsigned)(*p - '0');
			if (++digits > 15)
				return 0;
			if (frac >= 0)
				frac++;
		} else if (*p == '.' && frac < 0) {
			frac = 0;
		} else {
			return 0;
		}
	}
	if (!digits)
		return 0;
	*out = (double)m / pow10[frac > 0 ? frac : 0];
	if (neg)
		*out = -*out;
	return 1;
}

static int parse_number(struct ka_diag *diag, const struct ka_xml_node *n, const char *attr,
                        double *out, int required)
{
	const char *v = ka_xml_attr(n, NULL, attr);
	int ok;
	double d;

	if (!v) {
		if (!required)
			return 0;
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, ka_bpmn_read_near_id(n),
		                   "<%s> lacks the required attribute '%s'", n->name->local, attr);
	}
	ok = quick_decimal(v, &d);
	if (!ok) {
		char *end;

		d = strtod(v, &end);
		while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
			end++;
		ok = end != v && !*end;
	}
	if (!ok || !isfinite(d) || fabs(d) > 1e9)
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, ka_bpmn_read_near_id(n),
		                   "attribute '%s' of <%s> is '%s', not a finite coordinate", attr,
		                   n->name->local, v);
	*out = d;
	return 0;
}

/* The size a shape of el's kind is usually drawn with, for a Bounds that lacks one. */
static double default_size(const struct ka_el *el, int label, int height)
{
	const struct ka_el *of = el->ref;

	if (label || !of)
		return 0;
	if (of->type->flags & KA_TF_EVENT)
		return 36;
	if (of->kind == KA_K_GATEWAY)
		return 50;
	return height ? 80 : 100;
}

/*
 * A size that is missing or negative: refused when reading strictly, else
 * repaired in the tree (so what is written reads strictly) and noted. Without
 * opts (a quiet decode) nothing is done and -1 returned.
 */
static int repair_size(struct ka_map *m, const struct ka_el *el, struct ka_xml_node *b, int label,
                       const char *attr, double *v, int missing, const struct ka_read_opts *opts,
                       struct ka_diag *diag)
{
	char text[64];
	const char *code = missing ? "bpmn.bounds_missing" : "bpmn.bounds_negative";
	double was = *v;

	if (!opts)
		return -1; /* quiet (di_decode): left to the main thread */
	if (!opts->repair) {
		if (missing)
			return ka_diag_set(
			    diag, KA_ERR_BPMN, b->line, b->column, ka_bpmn_read_near_id(b),
			    "<%s> lacks the required attribute '%s'", b->name->local, attr);
		return ka_diag_set(diag, KA_ERR_BPMN, b->line, b->column, ka_bpmn_read_near_id(b),
		                   "<%s> has a negative width or height", b->name->local);
	}
	*v = missing ? default_size(el, label, attr[0] == 'h') : fabs(*v);
	snprintf(text, sizeof(text), "%.17g", *v);
	ka_xml_set_attr(&m->doc, b, NULL, NULL, attr, text);
	if (missing)
		ka_bpmn_note(m, opts, code, b->line, b->column, ka_bpmn_read_near_id(b),
		             "%s<%s> without '%s' given %s %s", label ? "label " : "",
		             b->name->local, attr, attr, text);
	else
		ka_bpmn_note(m, opts, code, b->line, b->column, ka_bpmn_read_near_id(b),
		             "%s<%s> with %s %.17g given %s %s", label ? "label " : "",
		             b->name->local, attr, was, attr, text);
	return 0;
}

static int parse_bounds(struct ka_map *m, const struct ka_el *el, struct ka_xml_node *b, int label,
                        struct ka_bounds *out, const struct ka_read_opts *opts,
                        struct ka_diag *diag)
{
	static const char *const sizes[2] = {"width", "height"};
	double *v[2] = {&out->w, &out->h};
	int err = parse_number(diag, b, "x", &out->x, 1);
	int k;

	err = err ? err : parse_number(diag, b, "y", &out->y, 1);
	for (k = 0; k < 2 && !err; k++) {
		int missing = !ka_xml_attr(b, NULL, sizes[k]);

		*v[k] = 0;
		if (!missing)
			err = parse_number(diag, b, sizes[k], v[k], 1);
		if (!err && (missing || *v[k] < 0))
			err = repair_size(m, el, b, label, sizes[k], v[k], missing, opts, diag);
	}
	return err;
}

/* Decodes el's DI; waypoints from `arena`; opts NULL: quiet (see ka_bpmn_di_decode_quiet). */
static int di_decode(struct ka_map *m, struct ka_el *el, const struct ka_read_opts *opts,
                     struct ka_diag *diag, struct ka_arena *arena)
{
	struct ka_xml_node *n = el->xml, *c;
	size_t nwp = 0;
	int err;

	if (el->kind == KA_K_DI_SHAPE) {
		err = ka_bpmn_read_bool(diag, n, "isHorizontal", &el->is_horizontal,
		                        &el->has_is_horizontal);
		err = err ? err
		          : ka_bpmn_read_bool(diag, n, "isExpanded", &el->is_expanded,
		                              &el->has_is_expanded);
		if (err)
			return err;
	}
	for (c = n->first; c; c = c->next) {
		if (c->type != KA_XML_ELEMENT || !c->name->ns)
			continue;
		if (!strcmp(c->name->ns, KA_NS_DC) && !strcmp(c->name->local, "Bounds")) {
			err = parse_bounds(m, el, c, 0, &el->bounds, opts, diag);
			if (err)
				return err;
			el->has_bounds = true;
		} else if (!strcmp(c->name->ns, KA_NS_DI) && !strcmp(c->name->local, "waypoint")) {
			nwp++;
		} else if (!strcmp(c->name->ns, KA_NS_BPMNDI) &&
		           !strcmp(c->name->local, "BPMNLabel")) {
			struct ka_xml_node *b = ka_xml_child(c, KA_NS_DC, "Bounds");

			if (b) {
				err = parse_bounds(m, el, b, 1, &el->label_bounds, opts, diag);
				if (err)
					return err;
				el->has_label_bounds = true;
			}
		}
	}
	if (nwp) {
		el->waypoints = ka_arena_array(arena, nwp, sizeof(*el->waypoints));
		for (c = n->first; c; c = c->next) {
			if (c->type != KA_XML_ELEMENT || !c->name->ns ||
			    strcmp(c->name->ns, KA_NS_DI) || strcmp(c->name->local, "waypoint"))
				continue;
			err = parse_number(diag, c, "x", &el->waypoints[el->nwaypoints].x, 1);
			err = err ? err
			          : parse_number(diag, c, "y", &el->waypoints[el->nwaypoints].y, 1);
			if (err)
				return err;
			el->nwaypoints++;
		}
	}
	return 0;
}

int ka_bpmn_di_decode(struct ka_map *m, struct ka_el *el, const struct ka_read_opts *opts,
                      struct ka_diag *diag)
{
	return di_decode(m, el, opts, diag, &m->doc.arena);
}

int ka_bpmn_di_decode_quiet(struct ka_map *m, struct ka_el *el, struct ka_arena *arena)
{
	struct ka_diag scratch;
	struct ka_el was = *el;

	ka_diag_init(&scratch, NULL);
	if (!di_decode(m, el, NULL, &scratch, arena))
		return 0;
	*el = was;
	return 1;
}
