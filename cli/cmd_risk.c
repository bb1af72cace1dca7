/*
 * `kartla risk matrix|list|plan`: the risk analysis of a workspace from the
 * command line (docs/cli.md): the matrix (text, JSON, SVG), the risk list
 * (text, JSON, CSV) and the internal-control plan (text, JSON, CSV, HTML),
 * read through the same library calls as the server (kartla/risk_store.h).
 * Reads only; the database must be migrated to schema version 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kartla/date.h"
#include "kartla/risk_store.h"
#include "kartla/schema.h"
#include "kartla/settings.h"
#include "kartla/store.h"
#include "kartla/alloc.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: kartla risk matrix|list|plan --db URL-or-DATADIR [--process ID] [--unit ID]\n"
	    "                   [--format text|json|csv|svg|html] [--residual] [--lang nb|sv|en]\n"
	    "  matrix: text (default), json or svg; list: text (default), json or csv;\n"
	    "  plan: text (default), json, csv or html. --residual: the text matrix and\n"
	    "  the list show residual scores. Without --db, $KARTLA_DB is used; a directory\n"
	    "  means its kartla.db (the data directory of kartla serve).\n");
}

struct opts {
	const char *action, *url, *format, *lang;
	int64_t process_id, unit_id;
	int residual;
	int lang_given; /* --lang was given: process names in that language too */
	int plan_rule;  /* enum ka_risk_plan_rule: the workspace's setting */
	char org[KA_SETTING_ORGANISATION_MAX + 1]; /* the setting organisation, for the plan */
};

static int parse_id(const char *flag, const char *s, int64_t *out)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;

	if (!s || !*s || *end || v <= 0) {
		fprintf(stderr, "kartla: risk: %s needs a positive id\n", flag);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->url = getenv("KARTLA_DB");
	o->lang = "en";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--format") || !strcmp(a, "--lang")) {
			if (!next) {
				fprintf(stderr, "kartla: risk: %s needs a value\n", a);
				return -1;
			}
			*(!strcmp(a, "--db")       ? &o->url
			  : !strcmp(a, "--format") ? &o->format
			                           : &o->lang) = next;
			o->lang_given |= !strcmp(a, "--lang");
			i++;
		} else if (!strcmp(a, "--process") || !strcmp(a, "--unit")) {
			if (parse_id(a, next,
			             !strcmp(a, "--process") ? &o->process_id : &o->unit_id))
				return -1;
			i++;
		} else if (!strcmp(a, "--residual")) {
			o->residual = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "kartla: risk: unknown option '%s'\n", a);
			return -1;
		} else if (!o->action) {
			o->action = a;
		} else {
			fprintf(stderr, "kartla: risk: unexpected argument '%s'\n", a);
			return -1;
		}
	}
	if (!o->action || (strcmp(o->action, "matrix") && strcmp(o->action, "list") &&
	                   strcmp(o->action, "plan"))) {
		fprintf(stderr, "kartla: risk: %s%s%s\n", o->action ? "unknown action '" : "",
		        o->action ? o->action : "give an action: matrix, list or plan",
		        o->action ? "' (matrix, list or plan)" : "");
		return -1;
	}
	if (!o->format)
		o->format = "text";
	{
		static const char *const ok[][5] = {{"matrix", "text", "json", "svg", NULL},
		                                    {"list", "text", "json", "csv", NULL},
		                                    {"plan", "text", "json", "csv", "html"}};
		size_t r, c;
		int found = 0;

		for (r = 0; r < 3; r++)
			for (c = 1; c < 5 && !strcmp(ok[r][0], o->action); c++)
				found |= ok[r][c] && !strcmp(ok[r][c], o->format);
		if (!found) {
			fprintf(stderr, "kartla: risk %s: format '%s' is not one of %s\n",
			        o->action, o->format,
			        !strcmp(o->action, "matrix") ? "text, json, svg"
			        : !strcmp(o->action, "list") ? "text, json, csv"
			                                     : "text, json, csv, html");
			return -1;
		}
	}
	if (strcmp(o->lang, "nb") && strcmp(o->lang, "sv") && strcmp(o->lang, "en")) {
		fprintf(stderr, "kartla: risk: --lang must be nb, sv or en\n");
		return -1;
	}
	if (!o->url || !*o->url) {
		fprintf(stderr, "kartla: risk: no database: give --db URL or set KARTLA_DB\n");
		return -1;
	}
	return 0;
}

/* Opens the workspace read from `url` (a URL, a database file or a data directory). */
static int open_store(const char *url, struct ka_store **st)
{
	int version = 0, status = cli_open_db("risk", url, st);

	if (status)
		return status;
	if (ka_store_schema_version(*st, &version) || version < 3) {
		/* the risk tables came with version 3 */
		fprintf(stderr,
		        "kartla: risk: %s has no risk tables (schema version %d); run 'kartla db "
		        "migrate --db URL' first\n",
		        url, version);
		ka_store_close(*st);
		*st = NULL;
		return CLI_EXIT_INPUT;
	}
	return 0;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int emit(struct ka_buf *b)
{
	if (fwrite(b->data, 1, b->len, stdout) != b->len || fflush(stdout)) {
		fprintf(stderr, "kartla: risk: cannot write the output\n");
		return CLI_EXIT_OUTPUT;
	}
	return CLI_EXIT_OK;
}

static int emit_json(json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct ka_buf b;
	int status;

	if (!text)
		ka_oom(0);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_adds(&b, text);
	ka_buf_addc(&b, '\n');
	free(text);
	status = emit(&b);
	ka_buf_release(&b);
	return status;
}

/* Appends `s` cut or padded to `width` characters (UTF-8 aware, never splits a character). */
static void pad(struct ka_buf *b, const char *s, int width)
{
	int n = 0;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80 && n++ == width)
			break;
		ka_buf_addc(b, *s);
	}
	for (; n < width; n++)
		ka_buf_addc(b, ' ');
}

static void text_matrix(struct ka_buf *b, const struct ka_risk_scale *s,
                        const struct ka_risk_matrix *m, int residual, const char *lang)
{
	int l, c;

	ka_buf_addf(b, "%s risk, scale %s (%dx%d): %d scored\n", residual ? "Residual" : "Inherent",
	            s->key, s->size, s->size, residual ? m->n_residual : m->n_inherent);
	for (l = s->size; l >= 1; l--) {
		ka_buf_addf(b, "L%d ", l);
		pad(b, ka_risk_label(&s->likelihood[l - 1], lang), 24);
		for (c = 1; c <= s->size; c++) {
			int n = residual ? m->residual[l - 1][c - 1] : m->inherent[l - 1][c - 1];
			char cell = "gyr"[ka_risk_colour_of(s, l * c)];

			ka_buf_addf(b, " %c%3d", cell, n);
		}
		ka_buf_addc(b, '\n');
	}
	ka_buf_addf(b, "%-27s", "");
	for (c = 1; c <= s->size; c++)
		ka_buf_addf(b, "   C%d", c);
	ka_buf_adds(b, "\n(g green, y yellow, r red)\n");
	if (residual ? m->other_residual : m->other_inherent)
		ka_buf_addf(b, "%d score(s) on an earlier scale not shown (re-assess them)\n",
		            residual ? m->other_residual : m->other_inherent);
	if (!residual && m->unscored)
		ka_buf_addf(b, "%d risk(s) not scored yet\n", m->unscored);
}

static void list_csv(struct ka_buf *b, const struct ka_risk *r, const struct ka_risk_score *sc,
                     const char *id, const char *l, const char *c, const char *v)
{
	ka_risk_csv_field(b, id, false);
	ka_risk_csv_field(b, nz(r->process), false);
	ka_risk_csv_field(b, nz(r->element_id), false);
	ka_risk_csv_field(b, r->orphan ? "yes" : "", false);
	ka_risk_csv_field(b, nz(r->title), false);
	ka_risk_csv_field(b, nz(r->category), false);
	ka_risk_csv_field(b, nz(r->owner), false);
	ka_risk_csv_field(b, nz(r->effective_unit), false);
	ka_risk_csv_field(b, l, false);
	ka_risk_csv_field(b, c, false);
	ka_risk_csv_field(b, v, false);
	ka_risk_csv_field(b, sc->set && sc->colour >= 0 ? ka_risk_colour_name(sc->colour) : "",
	                  false);
	ka_risk_csv_field(b, sc->set ? nz(sc->scale) : "", false);
	ka_risk_csv_field(b, !sc->set ? "" : sc->current_scale ? "yes" : "no", false);
	ka_risk_csv_field(b, nz(r->decision), false);
	ka_risk_csv_field(b, nz(r->review_date), true);
}

static void list_out(struct ka_buf *b, const struct ka_risk_list *items, int residual, int csv)
{
	size_t i;

	if (csv)
		ka_buf_adds(
		    b, "id,process,element_id,orphan,title,category,owner,unit,likelihood,"
		       "consequence,value,colour,scale,current_scale,decision,review_date\r\n");
	for (i = 0; i < items->n; i++) {
		const struct ka_risk *r = &items->items[i];
		const struct ka_risk_score *sc = residual ? &r->residual : &r->inherent;
		const char *colour =
		    sc->set && sc->colour >= 0 ? ka_risk_colour_name(sc->colour) : "";
		char id[24], l[24] = "", c[24] = "", v[24] = "";

		snprintf(id, sizeof(id), "%lld", (long long)r->id);
		if (sc->set) {
			snprintf(l, sizeof(l), "%lld", (long long)sc->likelihood);
			snprintf(c, sizeof(c), "%lld", (long long)sc->consequence);
			snprintf(v, sizeof(v), "%d", sc->value);
		}
		if (csv) {
			list_csv(b, r, sc, id, l, c, v);
			continue;
		}
		ka_buf_addf(b, "%5s  R%-3s %-6s %-5s ", id, *v ? v : "-", *v ? colour : "",
		            *v ? nz(sc->scale) : "");
		pad(b, nz(r->process), 20);
		ka_buf_addc(b, ' ');
		pad(b, nz(r->element_id), 16);
		ka_buf_addf(b, " %s%s%s\n", nz(r->title), r->orphan ? "  [orphaned element]" : "",
		            sc->set && !sc->current_scale ? "  [earlier scale]" : "");
	}
	if (!csv)
		ka_buf_addf(b, "%zu risk(s)\n", items->n);
}

static void plan_text(struct ka_buf *b, const struct ka_risk_plan *plan)
{
	size_t u, r, a;

	ka_buf_addf(b, "Internal-control plan: %zu risk(s), %zu action(s)\n", plan->nrisks,
	            plan->nactions);
	for (u = 0; u < plan->nunits; u++) {
		const struct ka_risk_plan_unit *g = &plan->units[u];

		ka_buf_addf(b, "\n%s\n", *g->unit ? g->unit : "(no unit)");
		for (r = 0; r < g->n; r++) {
			const struct ka_risk *k = g->risks[r];

			ka_buf_addf(b, "  R%d  %s: %s\n", k->inherent.value, nz(k->process),
			            nz(k->title));
			if (!k->nactions)
				ka_buf_adds(b, "        (no action yet)\n");
			for (a = 0; a < k->nactions; a++) {
				const struct ka_risk_action *x = &k->actions[a];

				ka_buf_addf(b, "        - %s; %s; due %s; %s%s\n", nz(x->title),
				            x->responsible && *x->responsible ? x->responsible
				                                              : "nobody",
				            x->due_date && *x->due_date ? x->due_date : "-",
				            nz(x->status), x->overdue ? " (OVERDUE)" : "");
			}
		}
	}
}

/* Writes the output of o->action in o->format into b (or stdout for JSON); an exit status. */
static int output(const struct opts *o, const struct ka_risk_scales *sc,
                  const struct ka_risk_list *l, struct ka_buf *b)
{
	int status = CLI_EXIT_OK;

	if (!strcmp(o->action, "matrix")) {
		struct ka_risk_matrix m;

		ka_risk_matrix_of(&m, sc->current.size, l);
		if (!strcmp(o->format, "json")) {
			json_t *j = ka_risk_matrix_to_json(&sc->current, &m);

			status = emit_json(j);
			json_decref(j);
		} else if (!strcmp(o->format, "svg")) {
			ka_risk_matrix_svg(&sc->current, &m, o->lang, b);
		} else {
			text_matrix(b, &sc->current, &m, o->residual, o->lang);
		}
	} else if (!strcmp(o->action, "list")) {
		if (!strcmp(o->format, "json")) {
			json_t *j = ka_risk_list_to_json(l, 0, l->n);

			status = emit_json(j);
			json_decref(j);
		} else {
			list_out(b, l, o->residual, !strcmp(o->format, "csv"));
		}
	} else {
		struct ka_risk_plan plan;

		ka_risk_plan_build(&plan, l, (enum ka_risk_plan_rule)o->plan_rule);
		if (!strcmp(o->format, "json")) {
			json_t *j = ka_risk_plan_to_json(&plan);

			status = emit_json(j);
			json_decref(j);
		} else if (!strcmp(o->format, "csv")) {
			ka_risk_plan_csv(&plan, o->lang, b);
		} else if (!strcmp(o->format, "html")) {
			/* a file of its own: the stylesheet inline */
			char today[KA_DATE_LEN];

			ka_date_today(today);
			ka_risk_plan_html(&plan, o->lang, ka_risk_plan_title(o->lang), o->org,
			                  today, NULL, b);
		} else {
			plan_text(b, &plan);
		}
		ka_risk_plan_release(&plan);
	}
	return status;
}

int cmd_risk(int argc, char **argv)
{
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	struct ka_risk_list l;
	struct ka_store *st = NULL;
	struct ka_diag d;
	struct ka_buf b;
	struct opts o;
	int err, status;

	err = parse_args(argc, argv, &o);
	if (err) {
		if (err < 0)
			usage(stderr);
		return err < 0 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	status = open_store(o.url, &st);
	if (status)
		return status;
	ka_diag_init(&d, NULL);
	ka_risk_filter_init(&f);
	f.process_id = o.process_id;
	f.unit_id = o.unit_id;
	f.lang = o.lang_given ? o.lang : NULL;
	if (o.residual && !strcmp(o.action, "list"))
		f.sort = "-residual";
	else if (!strcmp(o.action, "list"))
		f.sort = "-value";
	err = ka_risk_store_list(st, NULL, &f, &sc, &l, &d);
	if (!err) {
		struct ka_settings set;
		int rule;

		err = ka_settings_get(&set, st, &d);
		rule = ka_risk_plan_rule_parse(set.risk_plan_rule);
		o.plan_rule = rule < 0 ? KA_RISK_PLAN_RED_OR_ACTION : rule;
		snprintf(o.org, sizeof(o.org), "%s", set.organisation);
		if (err) {
			ka_risk_list_release(&l);
			ka_risk_scales_release(&sc);
		}
	}
	ka_store_close(st);
	if (err == KA_ERR_NOT_FOUND && o.process_id)
		ka_diag_set(&d, err, 0, 0, NULL, "no process with id %lld",
		            (long long)o.process_id);
	if (err) {
		fprintf(stderr, "kartla: risk: %s\n", d.message[0] ? d.message : ka_strerror(err));
		return CLI_EXIT_INPUT;
	}
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	status = output(&o, &sc, &l, &b);
	if (!status && b.len)
		status = emit(&b);
	ka_buf_release(&b);
	ka_risk_list_release(&l);
	ka_risk_scales_release(&sc);
	return status;
}
