/*
 * Stored event logs: upload (read and analysed before the transaction, the
 * file kept gzip-compressed), list, one log with its figures, delete. The
 * mapping, conformance and the proposal are in logdb_map.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "kartla/cols.h"
#include "kartla/eventlog_stats.h"
#include "kartla/logdb.h"
#include "kartla/process.h"
#include "logdb_int.h"
#include "kartla/banned.h"

/* What a log answers as (ka_logdb_upload's object). */
#define LOG_COLUMNS                                                                                \
	"l.id", "l.process_id", "l.name", "l.format", "l.bytes", "l.uploaded_at",                  \
	    "u.display_name", "l.skipped", "l.cases", "l.events", "l.activities", "l.options",     \
	    "l.analysis"
#define LOG_COLS KA_COLS_SQL(LOG_COLUMNS)
enum log_col {
	LC_ID,
	LC_PROCESS_ID,
	LC_NAME,
	LC_FORMAT,
	LC_BYTES,
	LC_UPLOADED_AT,
	LC_UPLOADED_BY,
	LC_SKIPPED,
	LC_CASES,
	LC_EVENTS,
	LC_ACTIVITIES,
	LC_OPTIONS,
	LC_ANALYSIS,
	LC_COUNT
};
KA_COLS_CHECK(LOG_COLUMNS, LC_COUNT);
#define LOG_FROM " FROM event_logs l LEFT JOIN users u ON u.id = l.uploaded_by"

void ka_logdb_upload_init(struct ka_logdb_upload *in)
{
	memset(in, 0, sizeof(*in));
}

static json_t *row_json(const struct ka_rows *r, size_t i)
{
	const struct ka_val *by = ka_rows_at(r, i, LC_UPLOADED_BY);

	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:o, s:I, s:I, s:I, s:I}", "id",
	                 (json_int_t)ka_rows_at(r, i, LC_ID)->i, "process_id",
	                 (json_int_t)ka_rows_at(r, i, LC_PROCESS_ID)->i, "name",
	                 ka_rows_at(r, i, LC_NAME)->s, "format", ka_rows_at(r, i, LC_FORMAT)->s,
	                 "bytes", (json_int_t)ka_rows_at(r, i, LC_BYTES)->i, "uploaded_at",
	                 ka_rows_at(r, i, LC_UPLOADED_AT)->s, "uploaded_by",
	                 by->type == KA_VAL_TEXT ? json_string(by->s) : json_null(), "skipped",
	                 (json_int_t)ka_rows_at(r, i, LC_SKIPPED)->i, "cases",
	                 (json_int_t)ka_rows_at(r, i, LC_CASES)->i, "events",
	                 (json_int_t)ka_rows_at(r, i, LC_EVENTS)->i, "activities",
	                 (json_int_t)ka_rows_at(r, i, LC_ACTIVITIES)->i);
}

void logdb_row_release(struct logdb_row *r)
{
	json_decref(r->json);
	json_decref(r->options);
	json_decref(r->analysis);
	free(r->data);
	memset(r, 0, sizeof(*r));
}

int logdb_row_load(struct ka_store *st, int64_t id, bool with_data, struct logdb_row *out,
                   struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	memset(out, 0, sizeof(*out));
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT " LOG_COLS LOG_FROM " WHERE l.id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no event log %" PRId64, id);
	if (!err) {
		out->id = id;
		out->process_id = ka_rows_at(&r, 0, LC_PROCESS_ID)->i;
		out->json = row_json(&r, 0);
		out->options = json_loads(ka_rows_at(&r, 0, LC_OPTIONS)->s, 0, NULL);
		out->analysis = json_loads(ka_rows_at(&r, 0, LC_ANALYSIS)->s, 0, NULL);
		if (!out->options || !out->analysis)
			err =
			    ka_store_fail(diag, KA_ERR_DB, "event log %" PRId64 " is damaged", id);
	}
	if (!err && with_data) {
		err = ka_store_exec(st, "SELECT data FROM event_logs WHERE id = ?",
		                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
		if (!err && r.nrows == 1) {
			const struct ka_val *v = ka_rows_at(&r, 0, 0);
			out->len = v->len;
			out->data = ka_xmalloc(v->len + 1);
			memcpy(out->data, v->s, v->len);
		}
	}
	ka_rows_release(&r);
	if (err)
		logdb_row_release(out);
	return err;
}

/* The read options of an upload as stored, and back. */
static json_t *options_json(const struct ka_logdb_upload *in)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:i, s:b}", "case", in->col_case,
	                 "activity", in->col_activity, "timestamp", in->col_time, "start",
	                 in->col_start, "resource", in->col_resource, "tz_minutes", in->tz_minutes,
	                 "skip_bad", in->skip_bad);
}

static void options_of(const json_t *o, struct ka_eventlog_opts *ro)
{
	ka_eventlog_opts_init(ro);
	ro->csv_case = json_string_value(json_object_get(o, "case"));
	ro->csv_activity = json_string_value(json_object_get(o, "activity"));
	ro->csv_time = json_string_value(json_object_get(o, "timestamp"));
	ro->csv_start = json_string_value(json_object_get(o, "start"));
	ro->csv_resource = json_string_value(json_object_get(o, "resource"));
	ro->tz_minutes = (int)json_integer_value(json_object_get(o, "tz_minutes"));
	ro->skip_bad = json_is_true(json_object_get(o, "skip_bad"));
}

/* A reader's failure as the caller sees it: 422 naming the file's line and column. */
static int read_failed(int err, const struct ka_diag *rd, struct ka_diag *diag)
{
	if (err != KA_ERR_LIMIT && err != KA_ERR_TOO_BIG)
		err = KA_ERR_INVALID;
	return ka_diag_set_nested(diag, err, rd->line, rd->column, "file", NULL, rd);
}

int logdb_row_read(const struct logdb_row *r, struct ka_eventlog **log, struct ka_diag *diag)
{
	struct ka_eventlog_opts ro;
	struct ka_diag rd;
	const char *name = json_string_value(json_object_get(r->json, "name"));
	int err;

	options_of(r->options, &ro);
	ka_diag_init(&rd, name);
	err = ka_eventlog_read_mem(log, r->data, r->len, name, &ro, &rd);
	return err ? read_failed(err, &rd, diag) : 0;
}

int logdb_in_read(struct ka_store *st, int (*fn)(struct ka_store *, void *, struct ka_diag *),
                  void *ctx, struct ka_diag *diag)
{
	int err;

	if (ka_store_in_tx(st))
		return fn(st, ctx, diag);
	err = ka_store_begin_read(st);
	if (err)
		return ka_store_fail(diag, err, "cannot begin a read: %s", ka_store_errmsg(st));
	err = fn(st, ctx, diag);
	if (!err)
		err = ka_store_commit(st);
	else
		ka_store_rollback(st);
	return err;
}

int logdb_process_exists(struct ka_store *st, int64_t pid, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM processes WHERE id = ?",
	                    (struct ka_val[]){ka_int(pid)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no process %" PRId64, pid);
	ka_rows_release(&r);
	return err;
}

/* ---- upload ---- */

/* gzip of `len` bytes (a file that is gzip already is kept as it is). */
static int gzip_of(const void *data, size_t len, struct ka_buf *out)
{
	const unsigned char *p = data;
	z_stream z;
	unsigned char chunk[65536];
	int zr = Z_OK;

	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return ka_buf_add(out, data, len);
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return KA_ERR_IO;
	z.next_in = (unsigned char *)(uintptr_t)data;
	while (zr == Z_OK) {
		size_t n = len > (1u << 30) ? (1u << 30) : len;
		z.avail_in = (uInt)n;
		len -= n;
		do {
			z.next_out = chunk;
			z.avail_out = sizeof(chunk);
			zr = deflate(&z, len ? Z_NO_FLUSH : Z_FINISH);
			if (zr == Z_STREAM_ERROR)
				break;
			ka_buf_add(out, chunk, sizeof(chunk) - z.avail_out);
		} while (z.avail_out == 0);
		if (zr == Z_STREAM_ERROR || (!len && zr != Z_STREAM_END))
			zr = Z_STREAM_ERROR;
		if (!len)
			break;
	}
	deflateEnd(&z);
	return zr == Z_STREAM_END && !ka_buf_error(out) ? 0 : KA_ERR_IO;
}

/* What `kartla log stats|variants|activities|dfg --format json` print, in one object. */
static json_t *analysis_json(const struct ka_eventlog_stats *s)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "stats", ka_eventlog_stats_to_json(s, 20),
	                 "variants", ka_eventlog_variants_to_json(s, KA_LOGDB_TOP), "activities",
	                 ka_eventlog_activities_to_json(s), "dfg", ka_eventlog_dfg_to_json(s, 0));
}

/* The figures of a log on a calendar (*out a new object, as analysis_json). */
static int analyse(const struct ka_eventlog *log, bool working, int tz, json_t **out,
                   struct ka_diag *diag)
{
	struct ka_eventlog_calendar cal;
	struct ka_eventlog_stats s;
	int err;

	ka_eventlog_calendar_init(&cal);
	cal.working = working;
	cal.tz_minutes = tz;
	err = ka_eventlog_calendar_prepare(&cal, diag);
	if (!err)
		err = ka_eventlog_stats_compute(&s, log, &cal, diag);
	if (!err) {
		*out = analysis_json(&s);
		ka_eventlog_stats_release(&s);
	}
	ka_eventlog_calendar_release(&cal);
	return err;
}

struct upload_tx {
	const struct ka_actor *actor;
	int64_t pid;
	const struct ka_logdb_upload *in;
	const struct ka_eventlog *log;
	const char *options, *analysis;
	const struct ka_buf *gz;
	json_t *out;
};

static int may_edit(struct ka_store *st, const struct ka_actor *actor, int64_t pid,
                    struct ka_diag *diag)
{
	int err = logdb_process_exists(st, pid, diag);

	return err ? err : ka_process_may_edit(st, actor, pid, diag);
}

static int may_edit_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	const struct upload_tx *t = ctx;

	return may_edit(st, t->actor, t->pid, diag);
}

static int upload_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct upload_tx *t = ctx;
	const struct ka_eventlog *log = t->log;
	struct logdb_row row;
	struct ka_rows r;
	int64_t id;
	int err = may_edit(st, t->actor, t->pid, diag);

	ka_rows_init(&r);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO event_logs (process_id, name, format, bytes, data, options, "
		    "skipped,"
		    " cases, events, activities, analysis, uploaded_by)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){ka_int(t->pid), ka_text(t->in->name),
		                      ka_text(log->format == KA_EVENTLOG_XES ? "xes" : "csv"),
		                      ka_int((int64_t)t->in->len), ka_blob(t->gz->data, t->gz->len),
		                      ka_text(t->options), ka_int((int64_t)log->skipped),
		                      ka_int((int64_t)log->ncases), ka_int((int64_t)log->nevents),
		                      ka_int((int64_t)log->nactivities), ka_text(t->analysis),
		                      t->actor->user_id ? ka_int(t->actor->user_id) : ka_null()},
		    12, &r, diag);
	if (err) {
		ka_rows_release(&r);
		return err;
	}
	id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	err = logdb_row_load(st, id, false, &row, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "create", "event_log", id, NULL, row.json, diag);
	if (!err) {
		json_decref(t->out);
		t->out = json_incref(row.json);
	}
	logdb_row_release(&row);
	return err;
}

static int check_upload(const struct ka_logdb_upload *in, struct ka_diag *diag)
{
	size_t max = in->max_bytes ? in->max_bytes : KA_LOGDB_MAX_BYTES, i;

	if (!in->name || !in->name[0] || strlen(in->name) > KA_LOGDB_NAME_MAX)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "name",
		                   "name must be a file name of 1 to %d bytes", KA_LOGDB_NAME_MAX);
	for (i = 0; in->name[i]; i++)
		if ((unsigned char)in->name[i] < 0x20 || in->name[i] == 0x7f)
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "name",
			                   "name must not hold control characters");
	if (in->len > max)
		return ka_diag_set(diag, KA_ERR_TOO_BIG, 0, 0, "file",
		                   "the log is %zu bytes; at most %zu bytes are accepted", in->len,
		                   max);
	if (!in->len)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "file", "%s: the file is empty",
		                   in->name);
	return 0;
}

/* Reads and analyses the upload (no database). */
static int prepare(const struct ka_logdb_upload *in, struct ka_eventlog **log, char **options,
                   char **analysis, struct ka_buf *gz, struct ka_diag *diag)
{
	struct ka_eventlog_opts ro;
	struct ka_diag rd;
	json_t *o = options_json(in), *a = NULL;
	int err;

	ka_eventlog_opts_init(&ro);
	options_of(o, &ro);
	ka_diag_init(&rd, in->name);
	err = ka_eventlog_read_mem(log, in->data, in->len, in->name, &ro, &rd);
	if (err) {
		json_decref(o);
		return read_failed(err, &rd, diag);
	}
	err = analyse(*log, false, in->tz_minutes, &a, diag);
	if (!err && gzip_of(in->data, in->len, gz))
		err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot compress the log");
	if (!err) {
		*options = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		*analysis = json_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(15));
		if (!*options || !*analysis)
			ka_oom(0);
	}
	json_decref(o);
	json_decref(a);
	return err;
}

int ka_logdb_upload(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                    const struct ka_logdb_upload *in, json_t **out, struct ka_diag *diag)
{
	struct upload_tx t = {actor, process_id, in, NULL, NULL, NULL, NULL, NULL};
	struct ka_eventlog *log = NULL;
	char *options = NULL, *analysis = NULL;
	struct ka_buf gz;
	int err;

	*out = NULL;
	ka_buf_init(&gz, KA_BUF_UNLIMITED);
	err = check_upload(in, diag);
	/* who may upload is known before a large file is read */
	if (!err)
		err = logdb_in_read(st, may_edit_fn, &t, diag);
	if (!err)
		err = prepare(in, &log, &options, &analysis, &gz, diag);
	if (!err) {
		t.log = log;
		t.options = options;
		t.analysis = analysis;
		t.gz = &gz;
		err = ka_store_transact(st, upload_fn, &t, KA_STORE_ATTEMPTS, diag);
	}
	if (!err)
		*out = t.out;
	else
		json_decref(t.out);
	ka_eventlog_free(log);
	free(options);
	free(analysis);
	ka_buf_release(&gz);
	return err;
}

/* ---- reads ---- */

struct list_tx {
	int64_t pid;
	json_t *out;
};

static int list_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct list_tx *t = ctx;
	struct ka_rows r;
	json_t *a;
	size_t i;
	int err = logdb_process_exists(st, t->pid, diag);

	ka_rows_init(&r);
	if (!err)
		err = ka_store_exec(
		    st, "SELECT " LOG_COLS LOG_FROM " WHERE l.process_id = ? ORDER BY l.id DESC",
		    (struct ka_val[]){ka_int(t->pid)}, 1, &r, diag);
	if (!err) {
		a = json_array();
		for (i = 0; i < r.nrows; i++)
			json_array_append_new(a, row_json(&r, i));
		t->out = json_pack("{s:o}", "logs", a);
	}
	ka_rows_release(&r);
	return err;
}

int ka_logdb_list(struct ka_store *st, int64_t process_id, json_t **out, struct ka_diag *diag)
{
	struct list_tx t = {process_id, NULL};
	int err = logdb_in_read(st, list_fn, &t, diag);

	*out = err ? NULL : t.out;
	return err;
}

struct get_tx {
	int64_t id;
	bool with_data;
	struct logdb_row row;
};

static int get_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct get_tx *t = ctx;

	return logdb_row_load(st, t->id, t->with_data, &t->row, diag);
}

int ka_logdb_get(struct ka_store *st, int64_t log_id, const char *basis, json_t **out,
                 struct ka_diag *diag)
{
	struct get_tx t;
	struct ka_eventlog *log = NULL;
	json_t *a = NULL;
	int err = 0;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	t.id = log_id;
	if (basis && strcmp(basis, "calendar") && strcmp(basis, "working"))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "basis",
		                   "basis must be calendar or working");
	t.with_data = basis && !strcmp(basis, "working");
	err = logdb_in_read(st, get_fn, &t, diag);
	if (!err && t.with_data) {
		err = logdb_row_read(&t.row, &log, diag);
		if (!err)
			err = analyse(
			    log, true,
			    (int)json_integer_value(json_object_get(t.row.options, "tz_minutes")),
			    &a, diag);
	} else if (!err) {
		a = json_incref(t.row.analysis);
	}
	if (!err) {
		*out = json_deep_copy(a);
		json_object_set(*out, "log", t.row.json);
	}
	json_decref(a);
	ka_eventlog_free(log);
	logdb_row_release(&t.row);
	return err;
}

/* ---- delete ---- */

struct delete_tx {
	const struct ka_actor *actor;
	int64_t id;
};

static int delete_fn(struct ka_store *st, void *ctx, struct ka_diag *diag)
{
	struct delete_tx *t = ctx;
	struct logdb_row row;
	int err = logdb_row_load(st, t->id, false, &row, diag);

	if (err)
		return err;
	err = ka_process_may_edit(st, t->actor, row.process_id, diag);
	if (!err)
		err = ka_store_exec(st, "DELETE FROM event_logs WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "delete", "event_log", t->id, row.json, NULL,
		                     diag);
	logdb_row_release(&row);
	return err;
}

int ka_logdb_delete(struct ka_store *st, const struct ka_actor *actor, int64_t log_id,
                    struct ka_diag *diag)
{
	struct delete_tx t = {actor, log_id};

	return ka_store_transact(st, delete_fn, &t, KA_STORE_ATTEMPTS, diag);
}
