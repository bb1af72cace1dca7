/*
 * `kartla search QUERY`: full-text search over a workspace from the command
 * line (docs/cli.md), through ka_search_run like GET /api/search. By
 * default as an administrator sees it (whoever holds the database can read
 * it all); --as LOGIN searches with that account's visibility.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kartla/actor.h"
#include "kartla/search.h"
#include "kartla/banned.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: kartla search QUERY [--db URL] [--type KIND] [--lang nb|sv|en]\n"
	           "                    [--limit N] [--offset N] [--as LOGIN] [--json]\n"
	           "  KIND: process, element, role, person or page. --lang: the language of\n"
	           "  the titles and process names of the hits. --db is a database URL, file or\n"
	           "  data directory (default $KARTLA_DB).\n");
}

struct opts {
	const char *query, *url, *type, *lang, *as, *limit, *offset;
	int json;
};

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
		} else if ((v = cli_option_value(argc, argv, &i, "--db", &bad))) {
			o->url = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--type", &bad))) {
			o->type = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--lang", &bad))) {
			o->lang = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--as", &bad))) {
			o->as = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--limit", &bad))) {
			o->limit = v;
		} else if ((v = cli_option_value(argc, argv, &i, "--offset", &bad))) {
			o->offset = v;
		} else if (bad) {
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "kartla: search: unknown option '%s'\n", a);
			return -1;
		} else if (!o->query) {
			o->query = a;
		} else {
			fprintf(stderr,
			        "kartla: search: give the query as one argument (quote it)\n");
			return -1;
		}
	}
	if (bad)
		return -1;
	if (!o->query) {
		fprintf(stderr, "kartla: search: give a query\n");
		return -1;
	}
	if (strcmp(o->lang, "nb") && strcmp(o->lang, "sv") && strcmp(o->lang, "en")) {
		fprintf(stderr, "kartla: search: --lang must be nb, sv or en\n");
		return -1;
	}
	return 0;
}

/* --limit (1 to 500, as the API) or --offset (0 to 1000000000). */
static int parse_count(const char *flag, const char *s, int64_t min, int64_t *out)
{
	int64_t max = min ? 500 : 1000000000;
	char *end;
	long long v;

	if (!s)
		return 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || v < min || v > max) {
		fprintf(stderr,
		        "kartla: search: %s must be a number from %" PRId64 " to %" PRId64 "\n",
		        flag, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static void print_hits(json_t *items, int64_t total)
{
	json_t *h;
	size_t i;

	json_array_foreach(items, i, h)
	{
		/* the title is in o->lang already; an element's process too */
		const char *pname = json_string_value(json_object_get(h, "process_name"));

		printf("%-8s %6" PRId64 "  %s", json_string_value(json_object_get(h, "type")),
		       (int64_t)json_integer_value(json_object_get(h, "id")),
		       json_string_value(json_object_get(h, "title")));
		if (pname && strcmp(json_string_value(json_object_get(h, "type")), "process"))
			printf("  (process: %s)", pname);
		printf("\n         %s\n", json_string_value(json_object_get(h, "snippet")));
	}
	printf("%zu of %" PRId64 " hit(s)\n", json_array_size(items), total);
}

int cmd_search(int argc, char **argv)
{
	struct ka_actor actor = {0, true, NULL};
	char login[KA_ACTOR_NAME_MAX];
	struct ka_search_query q = {0};
	struct ka_store *st = NULL;
	json_t *items = NULL;
	struct ka_diag d;
	struct opts o;
	int64_t total = 0;
	int r, err;

	r = parse_args(argc, argv, &o);
	if (r)
		return r > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	q.text = o.query;
	q.kind = o.type;
	q.lang = o.lang;
	q.limit = 20;
	if (parse_count("--limit", o.limit, 1, &q.limit) ||
	    parse_count("--offset", o.offset, 0, &q.offset))
		return CLI_EXIT_USAGE;
	r = cli_open_db("search", o.url, &st);
	if (r)
		return r;
	ka_diag_init(&d, NULL);
	err = o.as ? ka_actor_by_login(st, o.as, &actor, login, &d) : 0;
	if (!err)
		err = ka_search_run(st, &actor, &q, &items, &total, &d);
	if (err) {
		fprintf(stderr, "kartla: search: %s\n",
		        d.message[0] ? d.message : ka_strerror(err));
		ka_store_close(st);
		return cli_exit_status(err);
	}
	if (o.json) {
		json_t *out = json_pack("{s:o, s:I, s:s}", "items", items, "total",
		                        (json_int_t)total, "q", o.query);

		r = cli_print_json("search", out);
		json_decref(out);
	} else {
		print_hits(items, total);
		json_decref(items);
		r = fflush(stdout) ? CLI_EXIT_OUTPUT : CLI_EXIT_OK;
	}
	ka_store_close(st);
	return r;
}
