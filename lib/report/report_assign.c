/*
 * The mapping assignment's report, the smaller second document: the
 * assignment (title, status, dates, process), its workshops, the problems
 * and the ideas with their groups and votes, the groups' totals, and the
 * activity plan (the ideas put into a plan, and those done), read through
 * the resource engine with the reader's rights and laid out by
 * report_doc.c like the process description.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/assignment.h"
#include "kartla/date.h"
#include "kartla/process.h"
#include "kartla/report.h"
#include "kartla/resource.h"
#include "kartla/resource_hb.h"
#include "report_int.h"
#include "kartla/banned.h"

struct assign {
	char lang[3], date[KA_DATE_LEN];
	json_t *a;         /* the assignment row */
	json_t *workshops; /* its workshops */
	json_t *ideas;     /* its problems and ideas */
	json_t *groups;    /* ka_assignment_idea_groups */
	char *process;     /* the process's name, or NULL */
};

static const char *js(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s && *s ? s : "–";
}

static void section_front(struct report_doc *d)
{
	const struct assign *x = d->data;
	const double frac[] = {0.3, 0.7};
	const char *cells[2];

	report_para(d, d->bold, report_w(d, "a_title"), 2);
	report_para(d, d->title_font, js(x->a, "title"), 12);
	cells[0] = report_w(d, "a_process"), cells[1] = report_or_dash(x->process);
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "status"), cells[1] = report_w(d, js(x->a, "status"));
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "a_start"), cells[1] = js(x->a, "start_date");
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "due"), cells[1] = js(x->a, "due_date");
	report_row(d, 2, frac, cells, false);
	cells[0] = report_w(d, "made"), cells[1] = x->date;
	report_row(d, 2, frac, cells, false);
}

static void section_workshops(struct report_doc *d)
{
	const struct assign *x = d->data;
	const double frac[] = {0.5, 0.2, 0.3};
	const char *cells[3];
	const json_t *w;
	size_t i;

	report_heading(d, report_w(d, "a_workshops"));
	if (!json_array_size(x->workshops)) {
		report_para(d, d->body, report_w(d, "a_none"), 4);
		return;
	}
	cells[0] = report_w(d, "a_workshop"), cells[1] = report_w(d, "when"),
	cells[2] = report_w(d, "a_place");
	report_row(d, 3, frac, cells, true);
	json_array_foreach(x->workshops, i, w)
	{
		cells[0] = js(w, "title"), cells[1] = js(w, "held_on"), cells[2] = js(w, "place");
		report_row(d, 3, frac, cells, false);
	}
}

/* The problems or the ideas (kind), or the planned and done ideas (kind NULL). */
static void section_ideas(struct report_doc *d, const char *kind, const char *heading)
{
	const struct assign *x = d->data;
	const double frac[] = {0.55, 0.2, 0.1, 0.15};
	const char *cells[4];
	char votes[24];
	const json_t *e;
	size_t i, n = 0;

	report_heading(d, report_w(d, heading));
	json_array_foreach(x->ideas, i, e)
	{
		const char *k = js(e, "kind"), *s = js(e, "status");

		if (kind ? strcmp(k, kind) : strcmp(s, "planned") && strcmp(s, "done"))
			continue;
		if (!n++) {
			cells[0] = report_w(d, kind ? kind : "a_item"),
			cells[1] = report_w(d, "a_group");
			cells[2] = report_w(d, "a_votes"), cells[3] = report_w(d, "status");
			report_row(d, 4, frac, cells, true);
		}
		snprintf(votes, sizeof(votes), "%lld",
		         (long long)json_integer_value(json_object_get(e, "votes")));
		cells[0] = js(e, "text"), cells[1] = js(e, "group_name"), cells[2] = votes;
		cells[3] = report_w(d, s);
		report_row(d, 4, frac, cells, false);
	}
	if (!n)
		report_para(d, d->body, report_w(d, "a_none"), 4);
}

static void section_groups(struct report_doc *d)
{
	const struct assign *x = d->data;
	const double frac[] = {0.6, 0.2, 0.2};
	const char *cells[3];
	char count[24], votes[24];
	const json_t *g;
	size_t i;

	if (!json_array_size(x->groups))
		return;
	report_heading(d, report_w(d, "a_groups"));
	cells[0] = report_w(d, "a_group"), cells[1] = report_w(d, "a_count"),
	cells[2] = report_w(d, "a_votes");
	report_row(d, 3, frac, cells, true);
	json_array_foreach(x->groups, i, g)
	{
		snprintf(count, sizeof(count), "%lld",
		         (long long)json_integer_value(json_object_get(g, "count")));
		snprintf(votes, sizeof(votes), "%lld",
		         (long long)json_integer_value(json_object_get(g, "votes")));
		cells[0] = js(g, "group_name"), cells[1] = count, cells[2] = votes;
		report_row(d, 3, frac, cells, false);
	}
}

static void sections(struct report_doc *d)
{
	section_front(d);
	section_workshops(d);
	section_ideas(d, "problem", "a_problems");
	section_ideas(d, "idea", "a_ideas");
	section_groups(d);
	section_ideas(d, NULL, "a_plan");
}

/* The process's name in lang, else nb, sv, en; NULL when unknown. */
static char *process_name(struct ka_store *st, int64_t pid, const char *lang)
{
	static const char *const order[] = {"nb", "sv", "en"};
	json_t *p = NULL, *n;
	struct ka_diag quiet;
	const char *s;
	char *out = NULL;
	size_t i;

	ka_diag_init(&quiet, NULL);
	if (!pid || ka_process_get(st, pid, &p, &quiet))
		return NULL;
	n = json_object_get(p, "name");
	s = json_string_value(json_object_get(n, lang));
	for (i = 0; (!s || !*s) && i < 3; i++)
		s = json_string_value(json_object_get(n, order[i]));
	if (s)
		out = ka_xstrdup(s);
	json_decref(p);
	return out;
}

static int gather(struct assign *x, struct ka_store *st, const struct ka_actor *actor, int64_t id,
                  struct ka_diag *diag)
{
	char etag[KA_RES_ETAG_LEN];
	struct ka_res_query q = {id, NULL, NULL, 500, 0};
	int64_t total;
	int err = ka_res_get(st, actor, &ka_res_hb_assignments, id, &x->a, etag, diag);

	if (!err)
		err = ka_res_list(st, actor, &ka_res_hb_workshops, &q, &x->workshops, &total, diag);
	if (!err)
		err = ka_res_list(st, actor, &ka_res_hb_ideas, &q, &x->ideas, &total, diag);
	if (!err)
		err = ka_assignment_idea_groups(st, id, &x->groups, diag);
	if (!err)
		x->process = process_name(
		    st, json_integer_value(json_object_get(x->a, "process_id")), x->lang);
	return err;
}

int ka_report_assignment_pdf(struct ka_buf *out, struct ka_store *st, const struct ka_actor *actor,
                             int64_t assignment_id, const char *lang, int *pages,
                             struct ka_diag *diag)
{
	struct report_doc d;
	struct assign x;
	int err;

	memset(&x, 0, sizeof(x));
	if (!lang || (strcmp(lang, "nb") && strcmp(lang, "sv") && strcmp(lang, "en")))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "lang", "lang must be nb, sv or en");
	memcpy(x.lang, lang, 3);
	ka_date_today(x.date);
	err = gather(&x, st, actor, assignment_id, diag);
	if (!err) {
		memset(&d, 0, sizeof(d));
		d.lang = x.lang, d.name = js(x.a, "title"), d.date = x.date, d.title = "a_title";
		d.data = &x;
		d.sections = sections;
		err = report_doc_render(out, &d, pages, diag);
	}
	json_decref(x.a);
	json_decref(x.workshops);
	json_decref(x.ideas);
	json_decref(x.groups);
	free(x.process);
	return err;
}
