/*
 * A stored log beside its process's map: the user's corrections of the
 * activity -> element matching (per process), conformance against a map
 * version and the proposal of estimates as a new draft version. The rows
 * are read in one read transaction; the log and the map are read and
 * analysed after it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/bpmn.h"
#include "kartla/buf.h"
#include "kartla/eventlog_map.h"
#include "kartla/eventlog_stats.h"
#include "kartla/leadtime.h"
#include "kartla/logdb.h"
#include "kartla/mapver.h"
#include "kartla/process.h"
#include "logdb_int.h"
#include "kartla/banned.h"

#define ACTIVITY_MAX 1000
#define ELEMENT_MAX  200

/* ---- the chosen map version ---- */

struct version {
	int64_t id, number;
	char *bpmn;
	size_t len;
};

static void version_release(struct version *v)
{
	free(v->bpmn);
	memset(v, 0, sizeof(*v));
}

/* As-is version `number` of the process (0: the approved one, else the newest). *found. */
static int version_load(struct ka_store *st, int64_t pid, int64_t number, struct version *out,
                        bool *found, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	memset(out, 0, sizeof(*out));
	*found = false;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id, number, bpmn FROM map_versions"
	                    " WHERE process_id = ? AND variant = 'as_is' AND (number = ? OR ? = 0)"
	                    " ORDER BY CASE WHEN state = 'approved' THEN 0 ELSE 1 END, number DESC"
	                    " LIMIT 1",
	                    (struct ka_val[]){ka_int(pid), ka_int(number), ka_int(number)}, 3, &r,
	                    diag);
	if (!err && r.nrows == 1) {
		const struct ka_val *b = ka_rows_at(&r, 0, 2);
		out->id = ka_rows_at(&r, 0, 0)->i;
		out->number = ka_rows_at(&r, 0, 1)->i;
		out->len = b->len;
		out->bpmn = ka_xmalloc(b->len + 1);
		memcpy(out->bpmn, b->s, b->len);
		out->bpmn[b->len] = '\0';
		*found = true;
	}
	ka_rows_release(&r);
	return err;
}

static int version_missing(int64_t pid, int64_t number, struct ka_diag *diag)
{
	if (number)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, "version",
		                   "process %" PRId64 " has no as-is map version %" PRId64, pid,
		                   number);
	return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, "version",
	                   "process %" PRId64 " has no as-is map yet", pid);
}

static int map_read(const struct version *v, struct ka_map **map, struct ka_diag *diag)
{
	struct ka_read_opts ro;

	ka_read_opts_init(&ro);
	ro.repair = true;
	return ka_bpmn_read(map, v->bpmn, v->len, "bpmn", &ro, diag);
}

/* ---- the stored corrections ---- */

static int mapping_rows(struct ka_store *st, int64_t pid, struct ka_rows *r, struct ka_diag *diag)
{
	return ka_store_exec(st,
	                     "SELECT activity, element_id FROM event_log_mappings"
	                     " WHERE process_id = ? ORDER BY activity",
	                     (struct ka_val[]){ka_int(pid)}, 1, r, diag);
}

static json_t *mapping_json(const struct ka_rows *r)
{
	json_t *m = json_object();
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const struct ka_val *e = ka_rows_at(r, i, 1);
		json_object_set_new(m, ka_rows_at(r, i, 0)->s,
		                    e->type == KA_VAL_TEXT ? json_string(e->s) : json_null());
	}
	return json_pack("{s:o}", "mapping", m);
}

struct mapping_tx {
	const struct ka_actor *actor;
	int64_t pid;
	const json_t *mapping;
	json_t *out;
};

static int mapping_get_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct mapping_tx *t = ctx;
	struct ka_rows r;
	int err = logdb_process_exists(st, t->pid, diag);

	ka_rows_init(&r);
	if (!err)
		err = mapping_rows(st, t->pid, &r, diag);
	if (!err)
		t->out = mapping_json(&r);
	ka_rows_release(&r);
	return err;
}

int ka_logdb_mapping_get(struct ka_store *st, int64_t process_id, json_t **out,
                         struct ka_diag *diag)
{
	struct mapping_tx t = {NULL, process_id, NULL, NULL};
	int err = logdb_in_read(st, mapping_get_fn, &t, diag);

	*out = err ? NULL : t.out;
	return err;
}

/* The shape of a mapping: activity -> element id string or null. */
static int mapping_check(const json_t *m, struct ka_diag *diag)
{
	const char *k;
	json_t *v;

	if (!json_is_object(m))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "mapping",
		                   "mapping must be an object of activity: element id or null");
	json_object_foreach((json_t *)m, k, v)
	{
		if (!k[0] || strlen(k) > ACTIVITY_MAX)
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "mapping",
			                   "an activity name must have 1 to %d bytes",
			                   ACTIVITY_MAX);
		if (!json_is_null(v) && (!json_is_string(v) || !json_string_length(v) ||
		                         json_string_length(v) > ELEMENT_MAX)) {
			char f[64];
			snprintf(f, sizeof(f), "mapping.%.50s", k);
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, f,
			                   "the element of '%s' must be an element id or null", k);
		}
	}
	return 0;
}

/* Every element id of the mapping is an activity or event of the chosen map. */
static int mapping_elements(struct ka_store *st, const struct mapping_tx *t, struct ka_diag *diag)
{
	struct version v;
	struct ka_map *map = NULL;
	const char *k;
	json_t *e;
	bool found;
	int err = version_load(st, t->pid, 0, &v, &found, diag);

	if (!err && found)
		err = map_read(&v, &map, diag);
	json_object_foreach((json_t *)t->mapping, k, e)
	{
		const char *id = json_string_value(e);
		struct ka_el *el;
		char f[64];

		if (err || !id)
			continue;
		el = map ? ka_map_find(map, id) : NULL;
		if (el && ka_eventlog_map_matchable(el))
			continue;
		snprintf(f, sizeof(f), "mapping.%.50s", k);
		if (map)
			err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, f,
			                  "the map (version %" PRId64 ") has no activity or event "
			                  "with id '%s' (mapping of '%s')",
			                  v.number, id, k);
		else
			err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, f,
			                  "the process has no as-is map to find '%s' in (mapping "
			                  "of '%s')",
			                  id, k);
	}
	ka_map_free(map);
	version_release(&v);
	return err;
}

static int mapping_put_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct mapping_tx *t = ctx;
	struct ka_rows r;
	json_t *before = NULL;
	const char *k;
	json_t *e;
	int err = logdb_process_exists(st, t->pid, diag);

	ka_rows_init(&r);
	if (!err)
		err = ka_process_may_edit(st, t->actor, t->pid, diag);
	if (!err)
		err = mapping_elements(st, t, diag);
	if (!err)
		err = mapping_rows(st, t->pid, &r, diag);
	if (!err) {
		before = mapping_json(&r);
		err = ka_store_exec(st, "DELETE FROM event_log_mappings WHERE process_id = ?",
		                    (struct ka_val[]){ka_int(t->pid)}, 1, NULL, diag);
	}
	json_object_foreach((json_t *)t->mapping, k, e)
	{
		if (err)
			break;
		err = ka_store_exec(
		    st,
		    "INSERT INTO event_log_mappings (process_id, activity, element_id,"
		    " updated_by) VALUES (?, ?, ?, ?)",
		    (struct ka_val[]){ka_int(t->pid), ka_text(k), ka_text(json_string_value(e)),
		                      t->actor->user_id ? ka_int(t->actor->user_id) : ka_null()},
		    4, NULL, diag);
	}
	if (!err)
		err = mapping_rows(st, t->pid, &r, diag);
	if (!err) {
		json_decref(t->out);
		t->out = mapping_json(&r);
		err = ka_audit_write(st, t->actor, "update", "event_log_mapping", t->pid, before,
		                     t->out, diag);
	}
	json_decref(before);
	ka_rows_release(&r);
	return err;
}

int ka_logdb_mapping_put(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                         const json_t *mapping, json_t **out, struct ka_diag *diag)
{
	struct mapping_tx t = {actor, process_id, mapping, NULL};
	int err = mapping_check(mapping, diag);

	if (!err)
		err = ka_store_transact(st, mapping_put_fn, &t, KA_STORE_ATTEMPTS, diag);
	*out = err ? NULL : t.out;
	if (err)
		json_decref(t.out);
	return err;
}

/* ---- conformance and proposal ---- */

struct check_tx {
	const struct ka_actor *actor; /* set: the caller must be an editor (proposal) */
	int64_t log_id, number;
	struct logdb_row row;
	struct version v;
	struct ka_rows fixes;
};

static int check_load_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct check_tx *t = ctx;
	bool found;
	int err = logdb_row_load(st, t->log_id, true, &t->row, diag);

	if (!err && t->actor)
		err = ka_process_may_edit(st, t->actor, t->row.process_id, diag);
	if (!err)
		err = version_load(st, t->row.process_id, t->number, &t->v, &found, diag);
	if (!err && !found)
		err = version_missing(t->row.process_id, t->number, diag);
	if (!err)
		err = mapping_rows(st, t->row.process_id, &t->fixes, diag);
	return err;
}

/* Everything a check needs, read and computed. Release with analysis_release. */
struct analysis {
	struct check_tx t;
	struct ka_eventlog *log;
	struct ka_map *map;
	struct ka_eventlog_calendar cal;
	struct ka_eventlog_stats s;
	bool has_stats;
	struct ka_eventlog_mapping m;
	bool has_mapping;
};

static void analysis_release(struct analysis *a)
{
	if (a->has_mapping)
		ka_eventlog_mapping_release(&a->m);
	if (a->has_stats)
		ka_eventlog_stats_release(&a->s);
	ka_eventlog_calendar_release(&a->cal);
	ka_map_free(a->map);
	ka_eventlog_free(a->log);
	logdb_row_release(&a->t.row);
	version_release(&a->t.v);
	ka_rows_release(&a->t.fixes);
}

/* The stored corrections that apply to this log and this map. */
static int match(struct analysis *a, struct ka_diag *diag)
{
	struct ka_eventlog_map_fix *fx = ka_xcalloc(a->t.fixes.nrows + 1, sizeof(*fx));
	size_t i, n = 0;
	uint32_t k;
	int err;

	for (i = 0; i < a->t.fixes.nrows; i++) {
		const char *act = ka_rows_at(&a->t.fixes, i, 0)->s;
		const struct ka_val *e = ka_rows_at(&a->t.fixes, i, 1);
		struct ka_el *el = e->type == KA_VAL_TEXT ? ka_map_find(a->map, e->s) : NULL;

		for (k = 0; k < a->log->nactivities; k++)
			if (!strcmp(a->log->activities[k], act))
				break;
		if (k == a->log->nactivities ||
		    (e->type == KA_VAL_TEXT && (!el || !ka_eventlog_map_matchable(el))))
			continue; /* not in this log, or an element this version lacks */
		fx[n].activity = act;
		fx[n].element_id = e->type == KA_VAL_TEXT ? e->s : NULL;
		n++;
	}
	err = ka_eventlog_map_match(&a->m, a->log, a->map, fx, n, diag);
	a->has_mapping = !err;
	free(fx);
	return err;
}

static int analysis_run(struct ka_store *st, const struct ka_actor *actor, int64_t log_id,
                        const struct ka_logdb_check *q, struct analysis *a, struct ka_diag *diag)
{
	const char *basis = q->basis ? q->basis : "calendar";
	int err;

	memset(a, 0, sizeof(*a));
	ka_rows_init(&a->t.fixes);
	ka_eventlog_calendar_init(&a->cal);
	a->t.actor = actor;
	a->t.log_id = log_id;
	a->t.number = q->version;
	if (strcmp(basis, "calendar") && strcmp(basis, "working"))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "basis",
		                   "basis must be calendar or working");
	if (q->version < 0)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "version",
		                   "version must be a map version number");
	err = logdb_in_read(st, check_load_fn, &a->t, diag);
	if (!err)
		err = logdb_row_read(&a->t.row, &a->log, diag);
	if (!err)
		err = map_read(&a->t.v, &a->map, diag);
	if (!err) {
		a->cal.working = !strcmp(basis, "working");
		a->cal.tz_minutes =
		    (int)json_integer_value(json_object_get(a->t.row.options, "tz_minutes"));
		err = ka_eventlog_calendar_prepare(&a->cal, diag);
	}
	if (!err)
		err = ka_eventlog_stats_compute(&a->s, a->log, &a->cal, diag);
	a->has_stats = !err;
	if (!err)
		err = match(a, diag);
	return err;
}

int ka_logdb_conformance(struct ka_store *st, int64_t log_id, const struct ka_logdb_check *q,
                         json_t **out, struct ka_diag *diag)
{
	struct analysis a;
	int err = analysis_run(st, NULL, log_id, q, &a, diag);

	*out = NULL;
	if (!err)
		err = ka_eventlog_check_json(out, &a.s, a.map, &a.m, q->method, KA_LOGDB_TOP, diag);
	if (!err) {
		json_object_set_new(*out, "log_id", json_integer(log_id));
		json_object_set_new(*out, "version", json_integer(a.t.v.number));
		json_object_set_new(*out, "version_id", json_integer(a.t.v.id));
	}
	analysis_release(&a);
	return err;
}

int ka_logdb_propose(struct ka_store *st, const struct ka_actor *actor, int64_t log_id,
                     const struct ka_logdb_check *q, int64_t *number, struct ka_diag *diag)
{
	struct analysis a;
	struct ka_mapver_in in;
	struct ka_mapver nv;
	struct ka_buf b;
	int err = analysis_run(st, actor, log_id, q, &a, diag);

	*number = 0;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_mapver_init(&nv);
	if (!err) {
		ka_eventlog_propose(a.map, &a.s, &a.m);
		if (ka_bpmn_write(a.map, &b))
			err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot write the map");
	}
	if (!err) {
		memset(&in, 0, sizeof(in));
		in.variant = "as_is";
		in.bpmn = b.data;
		in.bpmn_len = b.len;
		err = ka_mapver_create(st, actor, a.t.row.process_id, &in, &nv, NULL, diag);
	}
	if (!err)
		*number = nv.number;
	ka_mapver_release(&nv);
	ka_buf_release(&b);
	analysis_release(&a);
	return err;
}

/* The analysis request of the estimate-based endpoint with its defaults, in `basis`. */
static int leadtime_request(struct ka_lt_request *lq, const char *basis, struct ka_diag *diag)
{
	struct ka_lt_request_raw w;

	memset(&w, 0, sizeof(w));
	w.basis = basis ? basis : "calendar";
	return ka_lt_request_check(lq, &w, KA_ERR_USAGE, diag);
}

int ka_logdb_leadtime(struct ka_store *st, int64_t log_id, const struct ka_logdb_check *q,
                      json_t **out, struct ka_diag *diag)
{
	struct analysis a;
	struct ka_lt_request lq;
	struct ka_buf b, svg;
	size_t n = 0;
	int err = analysis_run(st, NULL, log_id, q, &a, diag);

	*out = NULL;
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	ka_buf_init(&svg, KA_BUF_UNLIMITED);
	if (!err)
		err = leadtime_request(&lq, q->basis, diag);
	if (!err) {
		n = ka_eventlog_propose(a.map, &a.s, &a.m);
		if (ka_bpmn_write(a.map, &b))
			err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot write the map");
	}
	if (!err)
		err = ka_lt_request_run(&lq, b.data, b.len, "bpmn", NULL, 0, NULL, out, &svg, diag);
	if (!err && *out) {
		json_object_set_new(*out, "version_id", json_integer(a.t.v.id));
		json_object_set_new(*out, "source", json_string("measured"));
		json_object_set_new(*out, "log_id", json_integer(log_id));
		json_object_set_new(*out, "version", json_integer(a.t.v.number));
		json_object_set_new(*out, "estimated_activities", json_integer((json_int_t)n));
	}
	ka_buf_release(&svg);
	ka_buf_release(&b);
	analysis_release(&a);
	return err;
}
