/*
 * `kartla risk matrix|list|plan`: the risk analysis of a workspace from the
 * command line (docs/cli.md): the matrix (text, JSON, SVG), the risk list
 * (text, JSON, CSV) and the internal-control plan (text, JSON, CSV, HTML),
 * read through the same library calls as the server (lib/risk_store.c).
 * Reads only; the database must be migrated to schema version 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "kartla/risk.h"
#include "kartla/schema.h"
#include "kartla/store.h"
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
	char path[4096];
	struct stat sb;
	struct ka_diag d;
	int err, version = 0;

	if (!stat(url, &sb) && S_ISDIR(sb.st_mode)) {
		snprintf(path, sizeof(path), "sqlite:%s/kartla.db", url);
		url = path;
	}
	ka_diag_init(&d, NULL);
	err = ka_store_open_flags(st, url, KA_STORE_OPEN_EXISTING, &d);
	if (err) {
		fprintf(stderr, "kartla: risk: %s\n", d.message[0] ? d.message : ka_strerror(err));
		return err == KA_ERR_USAGE ? CLI_EXIT_USAGE : CLI_EXIT_INPUT;
	}
	err = ka_store_schema_version(*st, &version);
	if (err || version < 3) { /* the risk tables came with version 3 */
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

static const char *s_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

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
		abort();
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

static void list_out(struct ka_buf *b, const json_t *items, int residual, int csv)
{
	size_t i;

	if (csv)
		ka_buf_adds(
		    b, "id,process,element_id,orphan,title,category,owner,unit,likelihood,"
		       "consequence,value,colour,scale,current_scale,decision,review_date\r\n");
	for (i = 0; i < json_array_size(items); i++) {
		const json_t *r = json_array_get(items, i);
		const json_t *sc = json_object_get(r, residual ? "residual" : "inherent");
		char id[24], l[8] = "", c[8] = "", v[8] = "";

		snprintf(id, sizeof(id), "%lld",
		         (long long)json_integer_value(json_object_get(r, "id")));
		if (json_is_object(sc)) {
			snprintf(l, sizeof(l), "%lld",
			         (long long)json_integer_value(json_object_get(sc, "likelihood")));
			snprintf(c, sizeof(c), "%lld",
			         (long long)json_integer_value(json_object_get(sc, "consequence")));
			snprintf(v, sizeof(v), "%lld",
			         (long long)json_integer_value(json_object_get(sc, "value")));
		}
		if (csv) {
			ka_risk_csv_field(b, id, false);
			ka_risk_csv_field(b, s_of(r, "process"), false);
			ka_risk_csv_field(b, s_of(r, "element_id"), false);
			ka_risk_csv_field(
			    b, json_is_true(json_object_get(r, "orphan")) ? "yes" : "", false);
			ka_risk_csv_field(b, s_of(r, "title"), false);
			ka_risk_csv_field(b, s_of(r, "category"), false);
			ka_risk_csv_field(b, s_of(r, "owner"), false);
			ka_risk_csv_field(b, s_of(r, "effective_unit"), false);
			ka_risk_csv_field(b, l, false);
			ka_risk_csv_field(b, c, false);
			ka_risk_csv_field(b, v, false);
			ka_risk_csv_field(b, s_of(sc, "colour"), false);
			ka_risk_csv_field(b, s_of(sc, "scale"), false);
			ka_risk_csv_field(b,
			                  !json_is_object(sc) ? ""
			                  : json_is_true(json_object_get(sc, "current_scale"))
			                      ? "yes"
			                      : "no",
			                  false);
			ka_risk_csv_field(b, s_of(r, "decision"), false);
			ka_risk_csv_field(b, s_of(r, "review_date"), true);
			continue;
		}
		ka_buf_addf(b, "%5s  R%-3s %-6s %-5s ", id, *v ? v : "-",
		            *v ? s_of(sc, "colour") : "", *v ? s_of(sc, "scale") : "");
		pad(b, s_of(r, "process"), 20);
		ka_buf_addc(b, ' ');
		pad(b, s_of(r, "element_id"), 16);
		ka_buf_addf(
		    b, " %s%s%s\n", s_of(r, "title"),
		    json_is_true(json_object_get(r, "orphan")) ? "  [orphaned element]" : "",
		    json_is_object(sc) && !json_is_true(json_object_get(sc, "current_scale"))
		        ? "  [earlier scale]"
		        : "");
	}
	if (!csv)
		ka_buf_addf(b, "%zu risk(s)\n", json_array_size(items));
}

static void plan_text(struct ka_buf *b, const json_t *plan)
{
	const json_t *units = json_object_get(plan, "units");
	size_t u, r, a;

	ka_buf_addf(b, "Internal-control plan: %lld red risk(s), %lld action(s)\n",
	            (long long)json_integer_value(json_object_get(plan, "risks")),
	            (long long)json_integer_value(json_object_get(plan, "actions")));
	for (u = 0; u < json_array_size(units); u++) {
		const json_t *g = json_array_get(units, u), *risks = json_object_get(g, "risks");

		ka_buf_addf(b, "\n%s\n", *s_of(g, "unit") ? s_of(g, "unit") : "(no unit)");
		for (r = 0; r < json_array_size(risks); r++) {
			const json_t *k = json_array_get(risks, r),
			             *acts = json_object_get(k, "actions");

			ka_buf_addf(b, "  R%lld  %s: %s\n",
			            (long long)json_integer_value(
			                json_object_get(json_object_get(k, "inherent"), "value")),
			            s_of(k, "process"), s_of(k, "title"));
			if (!json_array_size(acts))
				ka_buf_adds(b, "        (no action yet)\n");
			for (a = 0; a < json_array_size(acts); a++) {
				const json_t *x = json_array_get(acts, a);

				ka_buf_addf(
				    b, "        - %s; %s; due %s; %s%s\n", s_of(x, "title"),
				    *s_of(x, "responsible") ? s_of(x, "responsible") : "nobody",
				    *s_of(x, "due_date") ? s_of(x, "due_date") : "-",
				    s_of(x, "status"),
				    json_is_true(json_object_get(x, "overdue")) ? " (OVERDUE)"
				                                                : "");
			}
		}
	}
}

static void today_utc(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int cmd_risk(int argc, char **argv)
{
	struct ka_risk_filter f;
	struct ka_risk_scales sc;
	struct ka_store *st = NULL;
	struct ka_diag d;
	struct ka_buf b;
	struct opts o;
	json_t *items = NULL;
	char today[11];
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
	today_utc(today);
	ka_risk_filter_init(&f);
	f.process_id = o.process_id;
	f.unit_id = o.unit_id;
	f.lang = o.lang_given ? o.lang : NULL;
	if (o.residual && !strcmp(o.action, "list"))
		f.sort = "-residual";
	else if (!strcmp(o.action, "list"))
		f.sort = "-value";
	err = ka_risk_scales_load(st, &sc, &d);
	if (!err && o.process_id) {
		struct ka_rows r;

		ka_rows_init(&r);
		err = ka_store_exec(st, "SELECT 1 FROM processes WHERE id = ?",
		                    (struct ka_val[]){ka_int(o.process_id)}, 1, &r, &d);
		if (!err && !r.nrows)
			err = ka_diag_set(&d, KA_ERR_NOT_FOUND, 0, 0, NULL,
			                  "no process with id %lld", (long long)o.process_id);
		ka_rows_release(&r);
		if (err)
			ka_risk_scales_release(&sc);
	}
	if (!err) {
		err = ka_risk_query(st, &sc, &f, today, &items, &d);
		if (err)
			ka_risk_scales_release(&sc);
	}
	ka_store_close(st);
	if (err) {
		fprintf(stderr, "kartla: risk: %s\n", d.message[0] ? d.message : ka_strerror(err));
		return CLI_EXIT_INPUT;
	}
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	status = CLI_EXIT_OK;
	if (!strcmp(o.action, "matrix")) {
		struct ka_risk_matrix m;

		ka_risk_matrix_of(&sc, items, &m);
		if (!strcmp(o.format, "json")) {
			json_t *j = ka_risk_matrix_json(&sc.current, &m);

			status = emit_json(j);
			json_decref(j);
		} else if (!strcmp(o.format, "svg")) {
			ka_risk_matrix_svg(&sc.current, &m, o.lang, &b);
		} else {
			text_matrix(&b, &sc.current, &m, o.residual, o.lang);
		}
	} else if (!strcmp(o.action, "list")) {
		if (!strcmp(o.format, "json"))
			status = emit_json(items);
		else
			list_out(&b, items, o.residual, !strcmp(o.format, "csv"));
	} else {
		json_t *plan = ka_risk_plan(items);

		if (!strcmp(o.format, "json"))
			status = emit_json(plan);
		else if (!strcmp(o.format, "csv"))
			ka_risk_plan_csv(plan, &b);
		else if (!strcmp(o.format, "html"))
			ka_risk_plan_html(plan, o.lang,
			                  !strcmp(o.lang, "nb")   ? "Internkontrollplan"
			                  : !strcmp(o.lang, "sv") ? "Plan för intern kontroll"
			                                          : "Internal-control plan",
			                  &b);
		else
			plan_text(&b, plan);
		json_decref(plan);
	}
	if (!status && b.len)
		status = emit(&b);
	ka_buf_release(&b);
	json_decref(items);
	ka_risk_scales_release(&sc);
	return status;
}
