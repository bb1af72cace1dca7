/*
 * Kartla's BPMN extension (namespace KA_NS_KARTLA, see docs/bpmn-extensions.md):
 * per-element process and wait times, %C&A, value-adding flag, branch
 * probability and RACI, decoded and validated into struct ka_ext.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "model_int.h"
#include "kartla/banned.h"

/*
 * One number of a duration: digits with an optional fraction ('.' or ','
 * as ISO 8601 allows); no sign, exponent or hexadecimal. Advances *p.
 */
static int duration_number(const char **p, double *v)
{
	char num[64];
	size_t n = 0;
	const char *q = *p;

	while (isdigit((unsigned char)*q) && n < sizeof(num) - 1)
		num[n++] = *q++;
	if (!n)
		return KA_ERR_BPMN;
	if (*q == '.' || *q == ',') {
		q++;
		if (!isdigit((unsigned char)*q))
			return KA_ERR_BPMN;
		num[n++] = '.';
		while (isdigit((unsigned char)*q) && n < sizeof(num) - 1)
			num[n++] = *q++;
	}
	if (isdigit((unsigned char)*q))
		return KA_ERR_BPMN; /* longer than any sensible duration */
	num[n] = '\0';
	*v = strtod(num, NULL);
	*p = q;
	return isfinite(*v) && *v <= 1e12 ? 0 : KA_ERR_BPMN;
}

int ka_duration_parse(const char *s, double *seconds)
{
	/* Designators in the order they must appear, and their length in seconds. */
	static const struct {
		char unit;
		int time_part;
		double seconds;
	} units[] = {{'W', 0, 7 * 86400.0},
	             {'D', 0, 86400.0},
	             {'H', 1, 3600.0},
	             {'M', 1, 60.0},
	             {'S', 1, 1.0}};
	const char *p = s;
	double total = 0;
	int in_time = 0, any = 0, last = -1;

	if (*p++ != 'P')
		return KA_ERR_BPMN;
	while (*p) {
		double v;
		int k;

		if (*p == 'T') {
			if (in_time || !p[1])
				return KA_ERR_BPMN;
			in_time = 1;
			p++;
			continue;
		}
		if (duration_number(&p, &v))
			return KA_ERR_BPMN;
		for (k = 0; k < 5; k++)
			if (units[k].unit == *p && units[k].time_part == in_time)
				break;
		/* Years and months (P1Y, P1M) have no fixed length and are refused. */
		if (k == 5 || k <= last)
			return KA_ERR_BPMN;
		last = k;
		total += v * units[k].seconds;
		any = 1;
		p++;
	}
	if (!any)
		return KA_ERR_BPMN;
	*seconds = total;
	return 0;
}

static int bad(struct ka_map *m, struct ka_diag *diag, const struct ka_xml_node *n,
               const struct ka_el *el, const char *field, const char *value, const char *expect)
{
	return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
	                   "kartla:%s %s '%s' is invalid: expected %s", n->name->local, field,
	                   value ? value : "(missing)", expect);
	(void)m;
}

/* True when `allowed` (" a b c ") lists the word w. */
static int word_listed(const char *allowed, const char *w)
{
	size_t len = strlen(w);
	const char *p = allowed;

	if (!len)
		return 0;
	while ((p = strstr(p, w)) != NULL) {
		if (p > allowed && p[-1] == ' ' && p[len] == ' ')
			return 1;
		p++;
	}
	return 0;
}

static int check_attrs(struct ka_diag *diag, const struct ka_xml_node *n, const struct ka_el *el,
                       const char *allowed)
{
	size_t i;

	for (i = 0; i < n->nattrs; i++) {
		if (n->attrs[i].name->ns)
			continue;
		if (!word_listed(allowed, n->attrs[i].name->local))
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s has no attribute '%s' (allowed:%s)",
			                   n->name->local, n->attrs[i].name->local, allowed);
	}
	return 0;
}

static int read_estimate(struct ka_map *m, struct ka_diag *diag, const struct ka_xml_node *n,
                         const struct ka_el *el, struct ka_estimate *e)
{
	const char *v = ka_xml_attr(n, NULL, "value");
	const char *mn = ka_xml_attr(n, NULL, "min");
	const char *ml = ka_xml_attr(n, NULL, "mostLikely");
	const char *mx = ka_xml_attr(n, NULL, "max");
	const char *iso = "an ISO 8601 duration such as PT30M or P2D (no years or months)";
	int err = check_attrs(diag, n, el, " value min mostLikely max ");

	if (err)
		return err;
	if (v) {
		if (mn || ml || mx)
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s has both 'value' and a three-point estimate",
			                   n->name->local);
		if (ka_duration_parse(v, &e->value))
			return bad(m, diag, n, el, "value", v, iso);
		e->min = e->max = e->value;
		e->text = v;
	} else {
		if (!mn || !ml || !mx)
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s needs 'value' or all of 'min', 'mostLikely' "
			                   "and 'max'",
			                   n->name->local);
		if (ka_duration_parse(mn, &e->min))
			return bad(m, diag, n, el, "min", mn, iso);
		if (ka_duration_parse(ml, &e->value))
			return bad(m, diag, n, el, "mostLikely", ml, iso);
		if (ka_duration_parse(mx, &e->max))
			return bad(m, diag, n, el, "max", mx, iso);
		if (e->min > e->value || e->value > e->max)
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s is out of order: min %s, mostLikely %s, max "
			                   "%s (need min <= mostLikely <= max)",
			                   n->name->local, mn, ml, mx);
		e->three_point = true;
		e->text = ml;
	}
	e->set = true;
	return 0;
}

/* xsd:decimal syntax: optional sign, digits, optional fraction; no exponent, no spaces. */
static int is_decimal(const char *v)
{
	int digits = 0;

	if (*v == '+' || *v == '-')
		v++;
	for (; isdigit((unsigned char)*v); v++)
		digits++;
	if (*v == '.')
		for (v++; isdigit((unsigned char)*v); v++)
			digits++;
	return digits > 0 && !*v;
}

static int read_number(struct ka_diag *diag, const struct ka_xml_node *n, const struct ka_el *el,
                       const char *attr, double lo, double hi, double *out)
{
	const char *v = ka_xml_attr(n, NULL, attr);
	double d;

	if (!v)
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
		                   "kartla:%s lacks attribute '%s'", n->name->local, attr);
	d = is_decimal(v) ? strtod(v, NULL) : NAN;
	if (!isfinite(d) || d < lo || d > hi)
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
		                   "kartla:%s %s '%s' is invalid: expected a number from %g to %g",
		                   n->name->local, attr, v, lo, hi);
	*out = d;
	return 0;
}

static int read_raci(struct ka_map *m, struct ka_diag *diag, const struct ka_xml_node *n,
                     const struct ka_el *el, struct ka_ext *x)
{
	const struct ka_xml_node *c;
	size_t count = 0, i = 0;

	for (c = n->first; c; c = c->next)
		if (c->type == KA_XML_ELEMENT)
			count++;
	x->raci = ka_arena_array(&m->doc.arena, count ? count : 1, sizeof(*x->raci));
	for (c = n->first; c; c = c->next) {
		const char *role, *val;
		int err;

		if (c->type != KA_XML_ELEMENT)
			continue;
		if (!c->name->ns || strcmp(c->name->ns, KA_NS_KARTLA) ||
		    strcmp(c->name->local, "responsibility"))
			return ka_diag_set(
			    diag, KA_ERR_BPMN, c->line, c->column, el->id,
			    "kartla:raci may only hold kartla:responsibility, not <%s>",
			    c->name->local);
		err = check_attrs(diag, c, el, " role lane value ");
		if (err)
			return err;
		role = ka_xml_attr(c, NULL, "role");
		val = ka_xml_attr(c, NULL, "value");
		if (!role || !*role)
			return bad(m, diag, c, el, "role", role, "a role name");
		if (!val || strlen(val) != 1 || !strchr("RACI", val[0]))
			return bad(m, diag, c, el, "value", val, "one of R, A, C, I");
		x->raci[i].role = role;
		x->raci[i].lane = ka_xml_attr(c, NULL, "lane");
		if (x->raci[i].lane) {
			const struct ka_el *lane = ka_map_find(m, x->raci[i].lane);

			if (!lane || lane->kind != KA_K_LANE)
				return bad(m, diag, c, el, "lane", x->raci[i].lane,
				           "the id of a lane in this map");
		}
		x->raci[i].value = val[0];
		i++;
	}
	x->nraci = i;
	return 0;
}

enum {
	ON_STEP = 1,    /* activities and events */
	ON_FLOW = 2,    /* sequence flows */
	ON_PROCESS = 4, /* processes */
};

static const struct {
	const char *name;
	unsigned where;
} known[] = {
    {"processTime", ON_STEP}, {"waitTime", ON_STEP}, {"completeAccurate", ON_STEP},
    {"valueAdding", ON_STEP}, {"raci", ON_STEP},     {"probability", ON_FLOW},
    {"mapLevel", ON_PROCESS},
};

static unsigned placement(const struct ka_el *el)
{
	if (el->type->flags & (KA_TF_ACTIVITY | KA_TF_EVENT))
		return ON_STEP;
	if (el->kind == KA_K_SEQUENCE_FLOW)
		return ON_FLOW;
	if (el->kind == KA_K_PROCESS)
		return ON_PROCESS;
	return 0;
}

static int read_one(struct ka_map *m, struct ka_diag *diag, const struct ka_xml_node *c,
                    const struct ka_el *el, struct ka_ext *x)
{
	const char *l = c->name->local;
	int err;

	if (!strcmp(l, "processTime"))
		return read_estimate(m, diag, c, el, &x->process_time);
	if (!strcmp(l, "waitTime"))
		return read_estimate(m, diag, c, el, &x->wait_time);
	if (!strcmp(l, "completeAccurate")) {
		err = check_attrs(diag, c, el, " percent ");
		err = err ? err : read_number(diag, c, el, "percent", 0, 100, &x->cna_percent);
		x->has_cna = !err;
		return err;
	}
	if (!strcmp(l, "valueAdding")) {
		const char *v = ka_xml_attr(c, NULL, "value");

		err = check_attrs(diag, c, el, " value ");
		if (err)
			return err;
		if (!v || (strcmp(v, "true") && strcmp(v, "false")))
			return bad(m, diag, c, el, "value", v, "true or false");
		x->has_value_adding = true;
		x->value_adding = v[0] == 't';
		return 0;
	}
	if (!strcmp(l, "probability")) {
		err = check_attrs(diag, c, el, " value ");
		err = err ? err : read_number(diag, c, el, "value", 0, 1, &x->probability);
		x->has_probability = !err;
		return err;
	}
	if (!strcmp(l, "mapLevel")) {
		const char *v = ka_xml_attr(c, NULL, "value");

		err = check_attrs(diag, c, el, " value ");
		if (err)
			return err;
		if (!v || (strcmp(v, "overview") && strcmp(v, "detailed")))
			return bad(m, diag, c, el, "value", v, "overview or detailed");
		x->map_level = v;
		return 0;
	}
	return read_raci(m, diag, c, el, x);
}

int ka_ext_read(struct ka_map *m, struct ka_el *el, const struct ka_read_opts *opts,
                struct ka_diag *diag)
{
	static const char *const where_names[] = {"", "an activity or event", "a sequence flow", "",
	                                          "a process"};
	struct ka_xml_node *ext, *c;
	struct ka_ext *x = NULL;
	unsigned seen = 0;
	int err = 0;

	if (!el->xml->first)
		return 0;
	ext = ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements");
	if (!ext)
		return 0;
	for (c = ext->first; c && !err; c = c->next) {
		size_t k;

		if (c->type != KA_XML_ELEMENT || !c->name->ns || strcmp(c->name->ns, KA_NS_KARTLA))
			continue;
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(c->name->local, known[k].name))
				break;
		if (k == sizeof(known) / sizeof(known[0])) {
			/* A newer Kartla may know it: keep it (the tree is lossless) and say so. */
			ka_bpmn_note(m, opts, "bpmn.unknown_kartla_element", c->line, c->column,
			             el->id,
			             "unknown Kartla extension element kartla:%s kept as is",
			             c->name->local);
			continue;
		}
		if (!(placement(el) & known[k].where))
			return ka_diag_set(diag, KA_ERR_BPMN, c->line, c->column, el->id,
			                   "kartla:%s belongs on %s, not on <%s>", c->name->local,
			                   where_names[known[k].where], el->xml->name->local);
		if (seen & (1u << k))
			return ka_diag_set(diag, KA_ERR_BPMN, c->line, c->column, el->id,
			                   "kartla:%s given twice", c->name->local);
		seen |= 1u << k;
		if (!x)
			x = ka_arena_alloc_small(&m->doc.arena, sizeof(*x));
		err = read_one(m, diag, c, el, x);
	}
	if (!err)
		el->ext = x;
	return err;
}
