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

int ka_duration_parse(const char *s, double *seconds)
{
	const char *p = s;
	double total = 0;
	int in_time = 0, any = 0;
	const char *order = "WDHMS";
	int last = -1;

	if (*p != 'P')
		return KA_ERR_BPMN;
	p++;
	while (*p) {
		char *end;
		double v;
		int unit;

		if (*p == 'T') {
			if (in_time)
				return KA_ERR_BPMN;
			in_time = 1;
			p++;
			if (!*p)
				return KA_ERR_BPMN;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return KA_ERR_BPMN;
		v = strtod(p, &end);
		if (end == p || !isfinite(v) || v < 0 || v > 1e12)
			return KA_ERR_BPMN;
		p = end;
		switch (*p) {
		case 'W':
			if (in_time)
				return KA_ERR_BPMN;
			unit = 0;
			total += v * 7 * 86400;
			break;
		case 'D':
			if (in_time)
				return KA_ERR_BPMN;
			unit = 1;
			total += v * 86400;
			break;
		case 'H':
			if (!in_time)
				return KA_ERR_BPMN;
			unit = 2;
			total += v * 3600;
			break;
		case 'M':
			if (!in_time)
				return KA_ERR_BPMN; /* months have no fixed length */
			unit = 3;
			total += v * 60;
			break;
		case 'S':
			if (!in_time)
				return KA_ERR_BPMN;
			unit = 4;
			total += v;
			break;
		default:
			return KA_ERR_BPMN;
		}
		if (unit <= last)
			return KA_ERR_BPMN;
		last = unit;
		(void)order;
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
	                   "kartla:%s %s '%s' is invalid: expected %s", n->local, field,
	                   value ? value : "(missing)", expect);
	(void)m;
}

static int check_attrs(struct ka_diag *diag, const struct ka_xml_node *n, const struct ka_el *el,
                       const char *allowed)
{
	size_t i;

	for (i = 0; i < n->nattrs; i++) {
		char key[80];

		if (n->attrs[i].ns)
			continue;
		snprintf(key, sizeof(key), " %s ", n->attrs[i].local);
		if (!strstr(allowed, key))
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s has no attribute '%s' (allowed:%s)", n->local,
			                   n->attrs[i].local, allowed);
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
	if (e->set)
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
		                   "kartla:%s given twice", n->local);
	if (v) {
		if (mn || ml || mx)
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s has both 'value' and a three-point estimate",
			                   n->local);
		if (ka_duration_parse(v, &e->value))
			return bad(m, diag, n, el, "value", v, iso);
		e->min = e->max = e->value;
		e->text = v;
	} else {
		if (!mn || !ml || !mx)
			return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
			                   "kartla:%s needs 'value' or all of 'min', 'mostLikely' "
			                   "and 'max'",
			                   n->local);
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
			                   n->local, mn, ml, mx);
		e->three_point = true;
		e->text = ml;
	}
	e->set = true;
	return 0;
}

static int read_number(struct ka_diag *diag, const struct ka_xml_node *n, const struct ka_el *el,
                       const char *attr, double lo, double hi, double *out)
{
	const char *v = ka_xml_attr(n, NULL, attr);
	char *end;
	double d;

	if (!v)
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
		                   "kartla:%s lacks attribute '%s'", n->local, attr);
	d = strtod(v, &end);
	if (end == v || *end || !isfinite(d) || d < lo || d > hi)
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, el->id,
		                   "kartla:%s %s '%s' is invalid: expected a number from %g to %g",
		                   n->local, attr, v, lo, hi);
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
		if (!c->ns || strcmp(c->ns, KA_NS_KARTLA) || strcmp(c->local, "responsibility"))
			return ka_diag_set(
			    diag, KA_ERR_BPMN, c->line, c->column, el->id,
			    "kartla:raci may only hold kartla:responsibility, not <%s>", c->local);
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
		x->raci[i].value = val[0];
		i++;
	}
	x->nraci = i;
	return 0;
}

int ka_ext_read(struct ka_map *m, struct ka_el *el, struct ka_diag *diag)
{
	struct ka_xml_node *ext, *c;
	struct ka_ext *x = NULL;
	int err = 0;

	if (!el->xml->first)
		return 0;
	ext = ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements");
	if (!ext)
		return 0;
	for (c = ext->first; c && !err; c = c->next) {
		const char *l;

		if (c->type != KA_XML_ELEMENT || !c->ns || strcmp(c->ns, KA_NS_KARTLA))
			continue;
		if (!x)
			x = ka_arena_alloc(&m->doc.arena, sizeof(*x));
		l = c->local;
		if (!strcmp(l, "processTime")) {
			err = read_estimate(m, diag, c, el, &x->process_time);
		} else if (!strcmp(l, "waitTime")) {
			err = read_estimate(m, diag, c, el, &x->wait_time);
		} else if (!strcmp(l, "completeAccurate")) {
			err = check_attrs(diag, c, el, " percent ");
			err = err ? err
			          : read_number(diag, c, el, "percent", 0, 100, &x->cna_percent);
			x->has_cna = !err;
		} else if (!strcmp(l, "valueAdding")) {
			const char *v = ka_xml_attr(c, NULL, "value");

			err = check_attrs(diag, c, el, " value ");
			if (!err && v && (!strcmp(v, "true") || !strcmp(v, "false"))) {
				x->has_value_adding = true;
				x->value_adding = v[0] == 't';
			} else if (!err) {
				err = bad(m, diag, c, el, "value", v, "true or false");
			}
		} else if (!strcmp(l, "probability")) {
			err = check_attrs(diag, c, el, " value ");
			err = err ? err : read_number(diag, c, el, "value", 0, 1, &x->probability);
			x->has_probability = !err;
		} else if (!strcmp(l, "mapLevel")) {
			const char *v = ka_xml_attr(c, NULL, "value");

			err = check_attrs(diag, c, el, " value ");
			if (!err && v && (!strcmp(v, "overview") || !strcmp(v, "detailed")))
				x->map_level = v;
			else if (!err)
				err = bad(m, diag, c, el, "value", v, "overview or detailed");
		} else if (!strcmp(l, "raci")) {
			err = read_raci(m, diag, c, el, x);
		} else {
			err = ka_diag_set(diag, KA_ERR_BPMN, c->line, c->column, el->id,
			                  "unknown Kartla extension element kartla:%s", l);
		}
	}
	if (!err)
		el->ext = x;
	return err;
}
