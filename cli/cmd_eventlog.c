/*
 * `kartla eventlog` (also `kartla log`): measured lead time from an event
 * log — stats, variants, dfg, activities, and conformance against a map.
 * Text for people, --format json (or --json) for programs, csv for lists.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kartla/eventlog.h"
#include "kartla/eventlog_map.h"
#include "kartla/eventlog_stats.h"
#include "kartla/banned.h"

#define MAX_FIXES 256

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

struct args {
	const char *cmd;
	const char *log_path, *map_path;
	struct ka_eventlog_opts ro;
	struct ka_eventlog_calendar cal;
	enum fmt fmt;
	size_t top;
	struct ka_eventlog_map_fix fixes[MAX_FIXES];
	size_t nfixes;
	char *fix_copies[MAX_FIXES];
	const char *method; /* conformance: "token_replay" (default) or "dfg" */
};

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: kartla eventlog stats|variants|dfg|activities LOG [options]\n"
	        "       kartla eventlog conformance LOG MAP.bpmn [--map ACTIVITY=ELEMENT_ID]... "
	        "[--method token_replay|dfg] [options]\n"
	        "\n"
	        "LOG is XES (.xes, .xes.gz) or CSV (plain or gzip); the format is recognised.\n"
	        "  --format text|json|csv   output (csv for variants, dfg, activities); --json\n"
	        "  --top N                  list at most N variants, edges, deviations (text: 10;\n"
	        "                           stats JSON: 20; other JSON: all)\n"
	        "  --basis calendar|working lead times in calendar (default) or working time\n"
	        "  --hours-per-day H        working day length (7.5)\n"
	        "  --days-per-week D        working days from Monday (5)\n"
	        "  --day-start HH:MM        start of the working day (08:00)\n"
	        "  --holidays none|no|se    Norwegian or Swedish public holidays off\n"
	        "  --tz +HH:MM              offset of timestamps without one (and of the\n"
	        "                           working day and months); default UTC\n"
	        "  --csv-case COL, --csv-activity COL, --csv-time COL, --csv-start COL,\n"
	        "  --csv-resource COL       CSV columns by header name or number from 1\n"
	        "  --delimiter C            CSV delimiter (detected: , ; tab |); 'tab' for tab\n"
	        "  --encoding auto|utf-8|windows-1252\n"
	        "  --skip-bad               skip bad rows/events, count them, and go on\n"
	        "  --max-events N           refuse logs with more events (67108864)\n"
	        "  --method token_replay|dfg  conformance method (token_replay)\n"
	        "\n"
	        "Exit status: 0 ok, 2 the log or map could not be read, 3 output failed,\n"
	        "64 usage. See docs/eventlog.md.\n");
}

static int parse_tz(const char *s, int *minutes)
{
	int64_t ms;
	char buf[40];

	if (!strcmp(s, "UTC") || !strcmp(s, "Z")) {
		*minutes = 0;
		return 0;
	}
	/* reuse the timestamp parser: the offset of a fixed instant */
	if (snprintf(buf, sizeof(buf), "1970-01-01T00:00:00%s", s) >= (int)sizeof(buf) ||
	    (s[0] != '+' && s[0] != '-') || ka_eventlog_parse_time(&ms, buf, strlen(buf), 0))
		return -1;
	*minutes = (int)(-ms / 60000);
	return 0;
}

static int parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int add_fix(struct args *a, const char *v)
{
	const char *eq = strrchr(v, '=');
	char *copy;

	if (!eq || eq == v || a->nfixes == MAX_FIXES)
		return -1;
	copy = strdup(v);
	if (!copy)
		return -1;
	copy[eq - v] = '\0';
	a->fix_copies[a->nfixes] = copy;
	a->fixes[a->nfixes].activity = copy;
	a->fixes[a->nfixes].element_id = copy + (eq - v) + 1;
	a->nfixes++;
	return 0;
}

/* One option at argv[*i]; 1 consumed, 0 not an option, -1 bad (message printed).
 * Over 80 lines on purpose: one flat list of every option reads better than pieces. */
static int option(struct args *a, int argc, char **argv, int *i)
{
	const char *v;
	int bad = 0;
	double d;

	if (!strcmp(argv[*i], "--json"))
		return a->fmt = FMT_JSON, 1;
	if (!strcmp(argv[*i], "--skip-bad"))
		return a->ro.skip_bad = true, 1;
#define OPT(name) ((v = cli_option_value(argc, argv, i, name, &bad)) || bad)
	if (OPT("--format")) {
		if (bad || (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "csv")))
			goto bad;
		a->fmt = !strcmp(v, "json") ? FMT_JSON : !strcmp(v, "csv") ? FMT_CSV : FMT_TEXT;
	} else if (OPT("--top")) {
		if (bad || parse_num(v, 0, 1e9, &d) || d != (double)(size_t)d)
			goto bad;
		a->top = (size_t)d;
	} else if (OPT("--basis")) {
		if (bad || (strcmp(v, "calendar") && strcmp(v, "working")))
			goto bad;
		a->cal.working = !strcmp(v, "working");
	} else if (OPT("--hours-per-day")) {
		if (bad || parse_num(v, 0.01, 24, &a->cal.hours_per_day))
			goto bad;
	} else if (OPT("--days-per-week")) {
		if (bad || parse_num(v, 1, 7, &d) || d != (int)d)
			goto bad;
		a->cal.days_per_week = (int)d;
	} else if (OPT("--day-start")) {
		int h, m;
		char extra;
		if (bad || sscanf(v, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 ||
		    m > 59)
			goto bad;
		a->cal.day_start_min = h * 60 + m;
	} else if (OPT("--holidays")) {
		if (bad || (strcmp(v, "none") && strcmp(v, "no") && strcmp(v, "se")))
			goto bad;
		a->cal.holidays = !strcmp(v, "no")   ? KA_EVENTLOG_HOL_NO
		                  : !strcmp(v, "se") ? KA_EVENTLOG_HOL_SE
		                                     : KA_EVENTLOG_HOL_NONE;
	} else if (OPT("--tz")) {
		if (bad || parse_tz(v, &a->ro.tz_minutes))
			goto bad;
		a->cal.tz_minutes = a->ro.tz_minutes;
	} else if (OPT("--csv-case")) {
		a->ro.csv_case = v;
	} else if (OPT("--csv-activity")) {
		a->ro.csv_activity = v;
	} else if (OPT("--csv-time")) {
		a->ro.csv_time = v;
	} else if (OPT("--csv-start")) {
		a->ro.csv_start = v;
	} else if (OPT("--csv-resource")) {
		a->ro.csv_resource = v;
	} else if (OPT("--delimiter")) {
		if (bad || (strlen(v) != 1 && strcmp(v, "tab")))
			goto bad;
		a->ro.csv_delimiter = !strcmp(v, "tab") ? '\t' : v[0];
	} else if (OPT("--encoding")) {
		if (bad || (strcmp(v, "auto") && strcmp(v, "utf-8") && strcmp(v, "windows-1252")))
			goto bad;
		a->ro.encoding = !strcmp(v, "utf-8")          ? KA_EVENTLOG_ENC_UTF8
		                 : !strcmp(v, "windows-1252") ? KA_EVENTLOG_ENC_CP1252
		                                              : KA_EVENTLOG_ENC_AUTO;
	} else if (OPT("--max-events")) {
		if (bad || parse_num(v, 1, 4e9, &d) || d != (double)(size_t)d)
			goto bad;
		a->ro.max_events = (size_t)d;
	} else if (OPT("--method")) {
		if (bad || (strcmp(v, "token_replay") && strcmp(v, "dfg")))
			goto bad;
		a->method = v;
	} else if (OPT("--map")) {
		if (bad || add_fix(a, v))
			goto bad;
	} else {
		return 0;
	}
#undef OPT
	if (bad)
		return -1;
	return 1;
bad:
	if (!bad)
		fprintf(stderr, "kartla: eventlog: invalid option value '%s' (see --help)\n", v);
	return -1;
}

static int parse_args(struct args *a, int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL};
	int i, npos = 0, r;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 1;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			r = option(a, argc, argv, &i);
			if (r < 0)
				return -1;
			if (r == 0) {
				fprintf(stderr, "kartla: eventlog: unknown option '%s'\n", argv[i]);
				return -1;
			}
			continue;
		}
		if (npos == 2) {
			fprintf(stderr, "kartla: eventlog: unexpected argument '%s'\n", argv[i]);
			return -1;
		}
		pos[npos++] = argv[i];
	}
	if (!strcmp(a->cmd, "conformance")) {
		size_t l0;
		if (npos != 2) {
			fprintf(stderr, "kartla: eventlog conformance needs LOG and MAP.bpmn\n");
			return -1;
		}
		l0 = strlen(pos[0]);
		if (l0 > 5 && !strcmp(pos[0] + l0 - 5, ".bpmn")) { /* MAP LOG also accepted */
			const char *t = pos[0];
			pos[0] = pos[1];
			pos[1] = t;
		}
		a->map_path = pos[1];
	} else if (npos != 1) {
		fprintf(stderr, "kartla: eventlog %s needs one LOG\n", a->cmd);
		return -1;
	}
	a->log_path = pos[0];
	return 0;
}

/* "26.3 h (1.1 d)": hours, and days of 24 hours or of a working day. */
static void fmt_dur(char *out, size_t n, double s, const struct ka_eventlog_calendar *cal)
{
	double day = cal->working ? cal->hours_per_day * 3600 : 86400;

	if (s < 3600)
		snprintf(out, n, "%.1f min", s / 60);
	else
		snprintf(out, n, "%.1f h (%.1f %s)", s / 3600, s / day,
		         cal->working ? "working days" : "days");
}

static void text_stats(FILE *f, const struct ka_eventlog_stats *s, const struct args *a)
{
	const struct ka_eventlog *log = s->log;
	char d1[64], d2[64], d3[64], d4[64];
	size_t i, rework = 0, top = a->top ? a->top : 10;

	fprintf(f, "Log:         %s (%s", a->log_path,
	        log->format == KA_EVENTLOG_XES ? "XES" : "CSV");
	if (log->format == KA_EVENTLOG_CSV)
		fprintf(f, "; case '%s', activity '%s', timestamp '%s'%s%s%s%s%s%s; %s",
		        log->col_case, log->col_activity, log->col_time,
		        log->col_start ? ", start '" : "", log->col_start ? log->col_start : "",
		        log->col_start ? "'" : "", log->col_resource ? ", resource '" : "",
		        log->col_resource ? log->col_resource : "", log->col_resource ? "'" : "",
		        log->encoding);
	fprintf(f, ")\n");
	if (log->skipped)
		fprintf(f, "Skipped:     %zu bad rows or events\n", log->skipped);
	fprintf(f, "Cases:       %zu\nEvents:      %zu\nActivities:  %u\nVariants:    %zu\n",
	        s->ncases, s->nevents, log->nactivities, s->nvariants);
	fmt_dur(d1, sizeof(d1), s->lead.mean, &a->cal);
	fmt_dur(d2, sizeof(d2), s->lead.median, &a->cal);
	fmt_dur(d3, sizeof(d3), s->lead.p80, &a->cal);
	fmt_dur(d4, sizeof(d4), s->lead.p95, &a->cal);
	fprintf(f,
	        "\nCase lead time (%s time):\n  mean   %s\n  median %s\n  P80    %s\n  P95    %s\n",
	        s->working ? "working" : "calendar", d1, d2, d3, d4);
	for (i = 0; i < KA_EVENTLOG_BINS; i++) {
		fmt_dur(d1, sizeof(d1), s->hist[i].to_s, &a->cal);
		fprintf(f, "  up to %-28s %6zu\n", d1, s->hist[i].count);
	}
	fprintf(f, "\nBottlenecks (by the total waiting before the activity):\n");
	for (i = 0; i < s->nbottlenecks && i < top; i++) {
		const struct ka_eventlog_activity_stats *x = &s->acts[s->bottlenecks[i]];
		fmt_dur(d1, sizeof(d1), x->wait.total, &a->cal);
		fmt_dur(d2, sizeof(d2), x->wait.mean, &a->cal);
		fprintf(f, "  %2zu. %-30s total %s, mean %s\n", i + 1, log->activities[x->activity],
		        d1, d2);
	}
	for (i = 0; i < log->nactivities; i++)
		rework += s->acts[i].repeats;
	fprintf(f, "\nRework:      %zu repeated activity instances\n", rework);
	fprintf(f, "Hand-offs:   %zu of %zu transfers between activities change resource\n",
	        s->handoffs_total, s->transfers_total);
	fprintf(f, "\nMonth      started  finished\n");
	for (i = 0; i < s->nmonths; i++)
		fprintf(f, "%04d-%02d  %8zu  %8zu\n", s->months[i].year, s->months[i].month,
		        s->months[i].started, s->months[i].finished);
}

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void list_variants(FILE *f, const struct ka_eventlog_stats *s, const struct args *a)
{
	size_t i, top = a->top ? a->top : a->fmt == FMT_TEXT ? 10 : 0;
	uint32_t k;

	if (a->fmt == FMT_CSV)
		fprintf(f, "count,share,mean_lead_time_s,activities\n");
	else
		fprintf(f, "%zu variants of %zu cases\n", s->nvariants, s->ncases);
	for (i = 0; i < s->nvariants && (!top || i < top); i++) {
		const struct ka_eventlog_variant *v = &s->variants[i];
		if (a->fmt == FMT_CSV) {
			struct ka_buf b;
			fprintf(f, "%zu,%.6f,%.3f,", v->count, v->share, v->mean_lead_s);
			ka_buf_init(&b, KA_BUF_UNLIMITED);
			for (k = 0; k < v->len; k++)
				ka_buf_addf(&b, "%s%s", k ? ";" : "",
				            s->log->activities[v->acts[k]]);
			csv_field(f, b.data);
			fputc('\n', f);
			ka_buf_release(&b);
			continue;
		}
		fprintf(f, "%5zu  %5.1f%%  ", v->count, v->share * 100);
		for (k = 0; k < v->len; k++)
			fprintf(f, "%s%s", k ? " > " : "", s->log->activities[v->acts[k]]);
		fputc('\n', f);
	}
}

static void list_dfg(FILE *f, const struct ka_eventlog_stats *s, const struct args *a)
{
	size_t i, top = a->top ? a->top : a->fmt == FMT_TEXT ? 20 : 0;
	char d[64];

	if (a->fmt == FMT_CSV)
		fprintf(f, "from,to,count,mean_s\n");
	else
		fprintf(f, "%zu directly-follows relations (%s time)\n", s->nedges,
		        s->working ? "working" : "calendar");
	for (i = 0; i < s->nedges && (!top || i < top); i++) {
		const struct ka_eventlog_edge *e = &s->edges[i];
		if (a->fmt == FMT_CSV) {
			csv_field(f, s->log->activities[e->from]);
			fputc(',', f);
			csv_field(f, s->log->activities[e->to]);
			fprintf(f, ",%zu,%.3f\n", e->count, e->mean_s);
			continue;
		}
		fmt_dur(d, sizeof(d), e->mean_s, &a->cal);
		fprintf(f, "%6zu  %s -> %s  (mean %s)\n", e->count, s->log->activities[e->from],
		        s->log->activities[e->to], d);
	}
}

static void list_activities(FILE *f, const struct ka_eventlog_stats *s, const struct args *a)
{
	uint32_t i;
	char d1[64], d2[64];

	if (a->fmt == FMT_CSV)
		fprintf(f, "activity,events,instances,cases,rework_cases,repeats,service_mean_s,"
		           "service_median_s,wait_mean_s,wait_median_s,wait_total_s\n");
	for (i = 0; i < s->log->nactivities; i++) {
		const struct ka_eventlog_activity_stats *x = &s->acts[i];
		if (a->fmt == FMT_CSV) {
			csv_field(f, s->log->activities[i]);
			fprintf(f, ",%zu,%zu,%zu,%zu,%zu,%.3f,%.3f,%.3f,%.3f,%.3f\n", x->events,
			        x->instances, x->cases, x->rework_cases, x->repeats,
			        x->service.mean, x->service.median, x->wait.mean, x->wait.median,
			        x->wait.total);
			continue;
		}
		fmt_dur(d1, sizeof(d1), x->wait.mean, &a->cal);
		fmt_dur(d2, sizeof(d2), x->service.mean, &a->cal);
		fprintf(f, "%-32s %6zu events, %zu in rework; mean wait %s", s->log->activities[i],
		        x->events, x->rework_cases, d1);
		if (x->service.n)
			fprintf(f, ", mean service %s", d2);
		fputc('\n', f);
	}
}

static void text_conformance(FILE *f, const struct ka_eventlog_conformance *c,
                             const struct ka_eventlog_stats *s, const struct ka_eventlog_mapping *m,
                             const struct args *a)
{
	size_t i, top = a->top ? a->top : 10;
	uint32_t k;

	fprintf(f, "Cases fitting the map: %zu of %zu (%.1f%%); fitness %.3f (directly-follows)\n",
	        c->cases_fitting, c->cases,
	        c->cases ? 100.0 * (double)c->cases_fitting / (double)c->cases : 0, c->fitness);
	for (k = 0; k < m->nacts; k++)
		if (!m->act_el[k])
			fprintf(f, "Unmapped log activity: %s\n", s->log->activities[k]);
	for (i = 0; i < m->nunused_els; i++)
		fprintf(f, "Map activity not in the log: %s (%s)\n",
		        ka_el_label(m->unused_els[i], NULL), m->unused_els[i]->id);
	fprintf(f, "\nDeviations (cases):\n");
	for (i = 0; i < c->ndevs && i < top; i++) {
		const struct ka_eventlog_deviation *d = &c->devs[i];
		static const char *const kinds[] = {"skipped", "out of order", "not allowed",
		                                    "ends early"};
		fprintf(f, "%6zu  %s -> %s: %s%s%s%s\n", d->cases,
		        d->from == KA_EVENTLOG_START ? "(start)" : s->log->activities[d->from],
		        d->to == KA_EVENTLOG_END ? "(end)" : s->log->activities[d->to],
		        kinds[d->kind], d->skipped && *d->skipped ? " (" : "",
		        d->skipped ? d->skipped : "", d->skipped && *d->skipped ? ")" : "");
	}
}

/* Token replay as text: the figures, then the activities done without their tokens. */
static void text_replay(FILE *f, const struct ka_eventlog_replay *r,
                        const struct ka_eventlog_stats *s, const struct ka_eventlog_mapping *m)
{
	uint32_t k;
	size_t i, n = 0;

	fprintf(f,
	        "Cases fitting the map: %zu of %zu (%.1f%%); fitness %.3f (token replay: "
	        "produced %llu, consumed %llu, missing %llu, remaining %llu)\n",
	        r->cases_fitting, r->cases,
	        r->cases ? 100.0 * (double)r->cases_fitting / (double)r->cases : 0, r->fitness,
	        (unsigned long long)r->produced, (unsigned long long)r->consumed,
	        (unsigned long long)r->missing, (unsigned long long)r->remaining);
	for (k = 0; k < m->nacts; k++)
		if (!m->act_el[k])
			fprintf(f, "Unmapped log activity: %s\n", s->log->activities[k]);
	for (i = 0; i < m->nunused_els; i++)
		fprintf(f, "Map activity not in the log: %s (%s)\n",
		        ka_el_label(m->unused_els[i], NULL), m->unused_els[i]->id);
	fprintf(f, "\nActivities done without their tokens (instances):\n");
	for (k = 0; k < r->nacts; k++)
		if (m->act_el[k] && r->acts[k].skipped) {
			fprintf(f, "%6zu  %s: %zu skipped a step, %zu out of order\n",
			        r->acts[k].skipped, s->log->activities[k],
			        r->acts[k].skipped - r->acts[k].out_of_order,
			        r->acts[k].out_of_order);
			n++;
		}
	if (!n)
		fprintf(f, "  none\n");
}

static int emit_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	int ok = s && fputs(s, stdout) >= 0 && fputc('\n', stdout) != EOF;

	free(s);
	json_decref(j);
	return ok ? 0 : -1;
}

static int run_conformance(const struct args *a, const struct ka_eventlog_stats *s)
{
	struct ka_read_opts ro;
	struct ka_map *map = NULL;
	struct ka_eventlog_mapping m;
	struct ka_eventlog_conformance c;
	struct ka_eventlog_replay r;
	struct ka_diag d;
	int err;

	ka_read_opts_init(&ro);
	ro.repair = true;
	err = ka_bpmn_read_file(&map, a->map_path, &ro, &d);
	if (err) {
		cli_print_diag(NULL, &d);
		return cli_exit_status(err);
	}
	ka_diag_init(&d, a->map_path);
	err = ka_eventlog_map_match(&m, s->log, map, a->fixes, a->nfixes, &d);
	if (err) {
		cli_print_diag(NULL, &d);
		ka_map_free(map);
		return cli_exit_status(err);
	}
	if (a->fmt == FMT_JSON) {
		json_t *j = NULL;
		err = ka_eventlog_check_json(&j, s, map, &m, a->method, a->top, &d);
		if (!err)
			err = emit_json(j) ? KA_ERR_IO : 0;
	} else if (a->method && !strcmp(a->method, "dfg")) {
		ka_eventlog_conformance_compute(&c, s, map, &m, &d);
		text_conformance(stdout, &c, s, &m, a);
		ka_eventlog_conformance_release(&c);
	} else if (!(err = ka_eventlog_replay_compute(&r, s, map, &m, &d))) {
		text_replay(stdout, &r, s, &m);
		ka_eventlog_replay_release(&r);
	}
	ka_eventlog_mapping_release(&m);
	ka_map_free(map);
	if (err == KA_ERR_IO)
		return CLI_EXIT_OUTPUT;
	if (err) {
		cli_print_diag(NULL, &d);
		return cli_exit_status(err);
	}
	return CLI_EXIT_OK;
}

static int run(struct args *a)
{
	struct ka_eventlog *log = NULL;
	struct ka_eventlog_stats s;
	struct ka_diag d;
	int err, status = CLI_EXIT_OK;

	ka_diag_init(&d, NULL);
	err = ka_eventlog_calendar_prepare(&a->cal, &d);
	if (err) {
		fprintf(stderr, "kartla: eventlog: %s\n", d.message);
		return CLI_EXIT_USAGE;
	}
	err = ka_eventlog_read_file(&log, a->log_path, &a->ro, &d);
	if (err) {
		cli_print_diag(NULL, &d);
		return cli_exit_status(err);
	}
	if (log->skipped)
		fprintf(stderr, "kartla: warning: skipped %zu bad rows or events; the first: %s\n",
		        log->skipped, log->skipped_first);
	ka_eventlog_stats_compute(&s, log, &a->cal, &d);
	if (!strcmp(a->cmd, "conformance")) {
		status = run_conformance(a, &s);
	} else if (a->fmt == FMT_JSON) {
		json_t *j = !strcmp(a->cmd, "stats")
		                ? ka_eventlog_stats_to_json(&s, a->top ? a->top : 20)
		            : !strcmp(a->cmd, "variants") ? ka_eventlog_variants_to_json(&s, a->top)
		            : !strcmp(a->cmd, "dfg")      ? ka_eventlog_dfg_to_json(&s, a->top)
		                                          : ka_eventlog_activities_to_json(&s);
		status = emit_json(j) ? CLI_EXIT_OUTPUT : CLI_EXIT_OK;
	} else if (!strcmp(a->cmd, "stats")) {
		text_stats(stdout, &s, a);
	} else if (!strcmp(a->cmd, "variants")) {
		list_variants(stdout, &s, a);
	} else if (!strcmp(a->cmd, "dfg")) {
		list_dfg(stdout, &s, a);
	} else {
		list_activities(stdout, &s, a);
	}
	if (status == CLI_EXIT_OK && fflush(stdout))
		status = CLI_EXIT_OUTPUT;
	ka_eventlog_stats_release(&s);
	ka_eventlog_free(log);
	return status;
}

int cmd_eventlog(int argc, char **argv)
{
	static const char *const cmds[] = {"stats", "variants", "dfg", "activities", "conformance"};
	struct args a;
	size_t i;
	int status;

	memset(&a, 0, sizeof(a));
	ka_eventlog_opts_init(&a.ro);
	ka_eventlog_calendar_init(&a.cal);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i]))
			a.cmd = cmds[i];
	if (!a.cmd) {
		fprintf(stderr, "kartla: eventlog: unknown subcommand '%s'\n", argv[1]);
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	status = parse_args(&a, argc, argv);
	if (status) {
		status = status > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
		goto out;
	}
	if (a.fmt == FMT_CSV && (!strcmp(a.cmd, "stats") || !strcmp(a.cmd, "conformance"))) {
		fprintf(stderr,
		        "kartla: eventlog %s: --format csv is for variants, dfg and "
		        "activities\n",
		        a.cmd);
		status = CLI_EXIT_USAGE;
		goto out;
	}
	status = run(&a);
out:
	for (i = 0; i < a.nfixes; i++)
		free(a.fix_copies[i]);
	ka_eventlog_calendar_release(&a.cal);
	return status;
}
