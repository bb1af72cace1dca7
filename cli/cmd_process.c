/*
 * `kartla process list|show|history|approve|reject`: the process
 * architecture of a workspace from the command line (docs/cli.md), through
 * the same library calls as the server's /api/processes
 * (kartla/process.h) and the governance of map versions
 * (kartla/governance.h, as a named account: --as LOGIN). Text for people,
 * --json for scripts (the API's JSON).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kartla/actor.h"
#include "kartla/governance.h"
#include "kartla/process.h"
#include "kartla/report.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla process list [--db URL] [--json] [--lang nb|sv|en] [--tree]\n"
	           "                           [--parent ID|root] [--status S] [--type T]\n"
	           "       kartla process show ID [--db URL] [--json] [--lang nb|sv|en]\n"
	           "       kartla process history ID [--db URL] [--json] [--limit N]\n"
	           "       kartla process report ID --pdf OUT.pdf [--db URL] [--lang nb|sv|en]\n"
	           "  --db is a database URL, file or data directory (default $KARTLA_DB).\n");
}

struct opts {
	const char *action, *arg, *url, *lang, *parent, *status, *type, *limit, *as, *comment;
	const char *variant, *version, *output, *pdf;
	int json, tree;
};

static bool is_decision(const char *action)
{
	return !strcmp(action, "approve") || !strcmp(action, "reject");
}

/* The combinations parse_args accepts; -1 after a message. */
static int check_args(const struct opts *o)
{
	if (!o->action || (strcmp(o->action, "list") && strcmp(o->action, "show") &&
	                   strcmp(o->action, "history") && strcmp(o->action, "export") &&
	                   strcmp(o->action, "report") && !is_decision(o->action))) {
		fprintf(
		    stderr, "kartla: process: %s%s%s\n", o->action ? "unknown action '" : "",
		    o->action
		        ? o->action
		        : "give an action: list, show, history, export, report, approve or reject",
		    o->action ? "' (list, show, history, export, report, approve or reject)" : "");
		return -1;
	}
	if (strcmp(o->action, "export") && (o->variant || o->version || o->output)) {
		fprintf(stderr, "kartla: process %s: --variant, --version and -o are for export\n",
		        o->action);
		return -1;
	}
	if (!strcmp(o->action, "report") != !!o->pdf) {
		fprintf(stderr, "kartla: process %s: %s\n", o->action,
		        o->pdf ? "--pdf is for report" : "give --pdf OUT.pdf");
		return -1;
	}
	if (is_decision(o->action) && !o->as) {
		fprintf(stderr, "kartla: process %s: give --as LOGIN, the account that decides\n",
		        o->action);
		return -1;
	}
	if (!is_decision(o->action) && (o->as || o->comment)) {
		fprintf(stderr,
		        "kartla: process %s: --as and --comment are for approve and reject\n",
		        o->action);
		return -1;
	}
	if (strcmp(o->lang, "nb") && strcmp(o->lang, "sv") && strcmp(o->lang, "en")) {
		fprintf(stderr, "kartla: process: --lang must be nb, sv or en\n");
		return -1;
	}
	if (!strcmp(o->action, "list") == !!o->arg) {
		fprintf(stderr, "kartla: process %s: %s\n", o->action,
		        o->arg                   ? "takes no argument"
		        : is_decision(o->action) ? "give the map version id"
		                                 : "give the process id");
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int i, bad = 0;

	memset(o, 0, sizeof(*o));
	o->lang = "nb";
	for (i = 1; i < argc && !bad; i++) {
		const char *a = argv[i], *v;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "--json")) {
			o->json = 1;
		} else if (!strcmp(a, "--tree")) {
			o->tree = 1;
		} else if ((v = cli_option_value(argc, argv, &i, "--db", &bad))) {
			o->url = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--lang", &bad))) {
			o->lang = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--parent", &bad))) {
			o->parent = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--status", &bad))) {
			o->status = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--type", &bad))) {
			o->type = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--limit", &bad))) {
			o->limit = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--variant", &bad))) {
			o->variant = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--version", &bad))) {
			o->version = v;
		} else if ((v = cli_option_value(argc, argv, &i, "-o", &bad))) {
			o->output = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--pdf", &bad))) {
			o->pdf = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--as", &bad))) {
			o->as = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--comment", &bad))) {
			o->comment = v;
		} else if (bad) {
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "kartla: process: unknown option '%s'\n", a);
			return -1;
		} else if (!o->action) {
			o->action = a;
		} else if (!o->arg) {
			o->arg = a;
		} else {
			fprintf(stderr, "kartla: process: unexpected argument '%s'\n", a);
			return -1;
		}
	}
	if (bad)
		return -1;
	return check_args(o);
}

/* The name in `lang`, else the first of nb, sv, en that is set. */
static const char *name_of(const json_t *p, const char *lang)
{
	const json_t *n = json_object_get(p, "name");
	static const char *const order[] = {"nb", "sv", "en"};
	const char *s = json_string_value(json_object_get(n, lang));
	size_t i;

	for (i = 0; !s && i < 3; i++)
		s = json_string_value(json_object_get(n, order[i]));
	return s ? s : "";
}

static const char *s_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static void print_line(const json_t *p, const char *lang, int depth)
{
	printf("%-10s %6" PRId64 "  %-9s  %*s%s\n", s_of(p, "outline"),
	       (int64_t)json_integer_value(json_object_get(p, "id")), s_of(p, "status"), 2 * depth,
	       "", name_of(p, lang));
}

static void print_tree(const json_t *items, const char *lang, int depth)
{
	const json_t *p;
	size_t i;

	json_array_foreach(items, i, p)
	{
		print_line(p, lang, depth);
		print_tree(json_object_get(p, "children"), lang, depth + 1);
	}
}

static int list(struct ka_store *st, const struct opts *o, struct ka_diag *d)
{
	struct ka_process_filter f = {-1, o->status, o->type, INT64_MAX / 2, 0};
	json_t *items = NULL, *out;
	int64_t total = 0;
	size_t i;
	int err;

	if (o->parent && !strcmp(o->parent, "root"))
		f.parent = 0;
	else if (o->parent && cli_parse_id("process list", "--parent", o->parent, &f.parent))
		return KA_ERR_USAGE;
	err = o->tree ? ka_process_tree(st, &items, d) : ka_process_list(st, &f, &items, &total, d);
	if (err)
		return err;
	if (o->json) {
		out = o->tree ? json_pack("{s:o}", "items", items)
		              : json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
		err = cli_print_json("process list", out) ? KA_ERR_IO : 0;
		json_decref(out);
		return err;
	}
	printf("%-10s %6s  %-9s  %s\n", "OUTLINE", "ID", "STATUS", "NAME");
	if (o->tree)
		print_tree(items, o->lang, 0);
	else
		for (i = 0; i < json_array_size(items); i++)
			print_line(json_array_get(items, i), o->lang, 0);
	json_decref(items);
	return fflush(stdout) ? KA_ERR_IO : 0;
}

static void print_value(const char *key, const json_t *v)
{
	const json_t *x;
	size_t i;

	if (json_is_string(v)) {
		printf("  %s: %s\n", key, json_string_value(v));
		return;
	}
	printf("  %s:\n", key);
	json_array_foreach(v, i, x)
	{
		if (json_is_string(x)) {
			printf("    - %s\n", json_string_value(x));
			continue;
		}
		printf("    - %s (target %s, %s, %s)\n", s_of(x, "name"), s_of(x, "target"),
		       s_of(x, "frequency"), s_of(x, "status"));
	}
}

static void print_process(const json_t *p, const char *lang)
{
	const json_t *parent = json_object_get(p, "parent_id"),
	             *cur = json_object_get(p, "current");
	const json_t *interval = json_object_get(p, "review_interval_days"), *v;
	static const char *const langs[] = {"nb", "sv", "en"};
	const char *key;
	size_t i;

	printf("process %" PRId64 ": %s\n", (int64_t)json_integer_value(json_object_get(p, "id")),
	       name_of(p, lang));
	for (i = 0; i < 3; i++)
		if (json_is_string(json_object_get(json_object_get(p, "name"), langs[i])))
			printf("name (%s): %s\n", langs[i],
			       s_of(json_object_get(p, "name"), langs[i]));
	printf("outline: %s\n", s_of(p, "outline"));
	if (json_is_integer(parent))
		printf("parent: %" PRId64 "\n", (int64_t)json_integer_value(parent));
	else
		printf("parent: none (top level)\n");
	printf("type: %s\nstatus: %s\n", s_of(p, "type"), s_of(p, "status"));
	if (json_is_integer(interval))
		printf("review interval: %" PRId64 " days\n",
		       (int64_t)json_integer_value(interval));
	printf("next review: %s\n", json_is_string(json_object_get(p, "next_review_date"))
	                                ? s_of(p, "next_review_date")
	                                : "not set");
	json_object_foreach((json_t *)cur, key, v) if (json_is_object(v))
	    printf("current %s map: version %" PRId64 " (number %" PRId64 ")\n", key,
	           (int64_t)json_integer_value(json_object_get(v, "id")),
	           (int64_t)json_integer_value(json_object_get(v, "number")));
	printf("version: %" PRId64 "\nspecification:%s\n",
	       (int64_t)json_integer_value(json_object_get(p, "version")),
	       json_object_size(json_object_get(p, "specification")) ? "" : " empty");
	json_object_foreach(json_object_get(p, "specification"), key, v) print_value(key, v);
}

static int show(struct ka_store *st, const struct opts *o, struct ka_diag *d)
{
	json_t *p = NULL;
	int64_t id;
	int err;

	if (cli_parse_id("process show", "the process", o->arg, &id))
		return KA_ERR_USAGE;
	err = ka_process_get(st, id, &p, d);
	if (err)
		return err;
	if (o->json)
		err = cli_print_json("process show", p) ? KA_ERR_IO : 0;
	else {
		print_process(p, o->lang);
		err = fflush(stdout) ? KA_ERR_IO : 0;
	}
	json_decref(p);
	return err;
}

static int history(struct ka_store *st, const struct opts *o, struct ka_diag *d)
{
	json_t *items = NULL, *e;
	int64_t id, total, limit = 50;
	size_t i;
	int err;

	if (cli_parse_id("process history", "the process", o->arg, &id) ||
	    (o->limit && cli_parse_id("process history", "--limit", o->limit, &limit)))
		return KA_ERR_USAGE;
	err = ka_process_history(st, id, limit, 0, &items, &total, d);
	if (err)
		return err;
	if (o->json) {
		json_t *out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);

		err = cli_print_json("process history", out) ? KA_ERR_IO : 0;
		json_decref(out);
		return err;
	}
	json_array_foreach(items, i, e)
	{
		printf("%s  %-12s %-8s %s %" PRId64 "\n", s_of(e, "at"),
		       json_is_string(json_object_get(e, "actor")) ? s_of(e, "actor") : "-",
		       s_of(e, "action"), s_of(e, "object_type"),
		       (int64_t)json_integer_value(json_object_get(e, "object_id")));
	}
	json_decref(items);
	return fflush(stdout) ? KA_ERR_IO : 0;
}

/*
 * The BPMN of a process's approved map (--variant, default as_is) or of
 * one of its versions (--version), to standard output or atomically to -o.
 */
static int export_map(struct ka_store *st, const struct opts *o, struct ka_diag *d)
{
	int64_t id, vid = 0, rowver;
	struct ka_mapver v;
	int err;

	if (cli_parse_id("process export", "the process", o->arg, &id) ||
	    (o->version && cli_parse_id("process export", "--version", o->version, &vid)))
		return KA_ERR_USAGE;
	err = vid ? 0
	          : ka_mapver_current(st, id, o->variant ? o->variant : "as_is", &vid, &rowver, d);
	ka_mapver_init(&v);
	if (!err)
		err = ka_mapver_get(st, id, vid, &v, d);
	if (!err && o->output && strcmp(o->output, "-")) {
		if (ka_write_file_atomic(o->output, v.bpmn, v.bpmn_len)) {
			fprintf(stderr, "kartla: process export: cannot write %s\n", o->output);
			err = KA_ERR_IO;
		}
	} else if (!err &&
	           (fwrite(v.bpmn, 1, v.bpmn_len, stdout) != v.bpmn_len || fflush(stdout))) {
		fprintf(stderr, "kartla: process export: cannot write the output\n");
		err = KA_ERR_IO;
	}
	ka_mapver_release(&v);
	return err;
}

/*
 * The process description document as a PDF (kartla/report.h), written
 * atomically to --pdf, as the system sees the workspace (the operator holds
 * the database).
 */
static int report(struct ka_store *st, const struct opts *o, struct ka_diag *d)
{
	struct ka_actor system = {0, true, NULL};
	struct ka_buf pdf;
	int64_t id;
	int err;

	if (cli_parse_id("process report", "the process", o->arg, &id))
		return KA_ERR_USAGE;
	ka_buf_init(&pdf, 0);
	err = ka_report_process_pdf(&pdf, st, &system, id, o->lang, NULL, d);
	if (!err && ka_write_file_atomic(o->pdf, pdf.data, pdf.len)) {
		fprintf(stderr, "kartla: process report: cannot write %s\n", o->pdf);
		err = KA_ERR_IO;
	}
	ka_buf_release(&pdf);
	return err;
}

/* approve / reject VERSION_ID as the account --as, through ka_gov_decide. */
static int decide(struct ka_store *st, const struct opts *o, struct ka_diag *d)
{
	enum ka_gov_action a = !strcmp(o->action, "approve") ? KA_GOV_APPROVE : KA_GOV_REJECT;
	char login[KA_ACTOR_NAME_MAX];
	struct ka_actor actor;
	struct ka_mapver v;
	int64_t id;
	int err;

	if (cli_parse_id(o->action, "the map version", o->arg, &id))
		return KA_ERR_USAGE;
	err = ka_actor_by_login(st, o->as, &actor, login, d);
	if (err)
		return err;
	ka_mapver_init(&v);
	err = ka_gov_decide(st, &actor, 0, id, a, o->comment, -1, &v, d);
	if (!err && o->json) {
		json_t *j = ka_mapver_to_json(&v, false);

		err = cli_print_json("process", j) ? KA_ERR_IO : 0;
		json_decref(j);
	} else if (!err) {
		printf("map version %" PRId64 " (number %" PRId64 ", %s) of process %" PRId64
		       ": %s by %s\n",
		       v.id, v.number, v.variant ? v.variant : "", v.process_id,
		       v.state ? v.state : "", login);
		err = fflush(stdout) ? KA_ERR_IO : 0;
	}
	ka_mapver_release(&v);
	return err;
}

int cmd_process(int argc, char **argv)
{
	struct ka_store *st = NULL;
	struct ka_diag d;
	struct opts o;
	int r, err;

	r = parse_args(argc, argv, &o);
	if (r)
		return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	r = cli_open_db("process", o.url, &st);
	if (r)
		return r;
	ka_diag_init(&d, NULL);
	err = !strcmp(o.action, "list")      ? list(st, &o, &d)
	      : !strcmp(o.action, "show")    ? show(st, &o, &d)
	      : !strcmp(o.action, "history") ? history(st, &o, &d)
	      : !strcmp(o.action, "export")  ? export_map(st, &o, &d)
	      : !strcmp(o.action, "report")  ? report(st, &o, &d)
	                                     : decide(st, &o, &d);
	ka_store_close(st);
	if (err == KA_ERR_IO)
		return CLI_EXIT_OUTPUT;
	if (err && d.message[0])
		fprintf(stderr, "kartla: process %s: %s\n", o.action, d.message);
	return err ? cli_exit_status(err) : CLI_EXIT_OK;
}
