/*
 * The demo workspace that `kartla serve` seeds into a new database: a
 * Norwegian university (Universitetet i Nordby) and a Swedish municipality
 * (Norrby kommun), written straight into the tables of schema.c in one
 * transaction. The workspace is data, not code: lib/demo/workspace.json
 * (embedded at build time) lists the rows in order, with references between
 * them by key and dates relative to today; this file only plays it. Texts
 * are bokmål, Swedish and English as the users would write them; maps are
 * the two example maps (embedded) and lane maps generated from their steps.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kartla/alloc.h"
#include "kartla/arena.h"
#include "kartla/date.h"
#include "kartla/demo.h"
#include "kartla/handbook.h"
#include "kartla/org.h"
#include "kartla/risk_store.h"
#include "kartla/banned.h"

extern const unsigned char demo_worked_example_bpmn[];
extern const unsigned char demo_building_permit_bpmn[];
extern const unsigned char demo_workspace_json[];
extern const size_t demo_workspace_json_len;

#define MAX_KEYS  128 /* rows with a key in workspace.json */
#define MAX_DATES 16  /* distinct relative dates in workspace.json */
#define MAX_COLS  32  /* columns of one row */

static const struct ka_demo_login logins[] = {
    {"eier", "Kari Nordmann", "prosesseier, utdanning (universitetet)"},
    {"ansvarlig", "Ola Hansen", "prosessansvarlig, studentklager og opptak"},
    {"radgiver", "Ingrid Berg", "prosessrådgiver, Det humanistiske fakultet"},
    {"agare", "Anna Lindqvist", "processägare, bygglov och leverantörsfakturor (kommunen)"},
    {"ledare", "Erik Johansson", "processledare, bygglov"},
    {"handledare", "Maria Svensson", "processhandledare (sees the method handbook)"},
    {"reader", "Sam Taylor", "reader, no role"},
};

const struct ka_demo_login *ka_demo_logins(size_t *n)
{
	*n = sizeof(logins) / sizeof(logins[0]);
	return logins;
}

/* The ids of keyed rows and the texts that ${...} placeholders stand for. */
struct ctx {
	const char *hash;
	struct ka_arena texts; /* "${date-30}T10:00:00Z" and the like, composed */
	struct {
		char name[32];
		int64_t id;
	} keys[MAX_KEYS];
	size_t nkeys;
	struct {
		int64_t offset;
		char date[KA_DATE_LEN];
	} dates[MAX_DATES];
	size_t ndates;
};

/* A demo step's own id: a letter or '_', then letters, digits, '_' and '-' (an XML NCName). */
static bool demo_id_ok(const char *id)
{
	size_t i;

	if (!id[0] || !(isalpha((unsigned char)id[0]) || id[0] == '_') || strlen(id) > 80)
		return false;
	for (i = 1; id[i]; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '_' && id[i] != '-')
			return false;
	return true;
}

static int key_set(struct ctx *c, const char *name, int64_t id, struct ka_diag *diag)
{
	if (c->nkeys == MAX_KEYS || strlen(name) >= sizeof(c->keys[0].name))
		return ka_store_fail(diag, KA_ERR_LIMIT, "demo workspace: too many keys at '%s'",
		                     name);
	snprintf(c->keys[c->nkeys].name, sizeof(c->keys[0].name), "%s", name);
	c->keys[c->nkeys++].id = id;
	return 0;
}

static int key_get(const struct ctx *c, const char *name, int64_t *id, struct ka_diag *diag)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (!strcmp(c->keys[i].name, name)) {
			*id = c->keys[i].id;
			return 0;
		}
	return ka_store_fail(diag, KA_ERR_NOT_FOUND, "demo workspace: no row with key '%s'", name);
}

/*
 * "${date}", "${date+60}", "${date-14}": the date that many days from today;
 * `spec` is what follows "${date" up to and including the "}".
 */
static int date_of(struct ctx *c, const char *spec, size_t len, const char **out,
                   struct ka_diag *diag)
{
	int64_t offset = 0;
	size_t i;

	if (len > 1) {
		char num[16], *end;

		if (len > sizeof(num) || (spec[0] != '+' && spec[0] != '-'))
			return ka_store_fail(diag, KA_ERR_INVALID,
			                     "demo workspace: bad date '%.*s'", (int)len, spec);
		memcpy(num, spec, len - 1);
		num[len - 1] = '\0';
		offset = strtoll(num, &end, 10);
		if (*end)
			return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad date '%s'",
			                     num);
	}
	for (i = 0; i < c->ndates; i++)
		if (c->dates[i].offset == offset)
			break;
	if (i == c->ndates) {
		if (i == MAX_DATES)
			return ka_store_fail(diag, KA_ERR_LIMIT, "demo workspace: too many dates");
		c->dates[i].offset = offset;
		ka_date_today_plus(c->dates[i].date, offset);
		c->ndates++;
	}
	*out = c->dates[i].date;
	return 0;
}

/* A string of the data: "@key", "${...}" or itself. */
static int text_value(struct ctx *c, const char *s, struct ka_val *out, struct ka_diag *diag)
{
	const char *t = s;
	int64_t id = 0;
	int err = 0;

	if (s[0] == '@') {
		err = key_get(c, s + 1, &id, diag);
		*out = ka_int(id);
		return err;
	}
	if (!strncmp(s, "${date", 6) && strchr(s, '}')) {
		const char *close = strchr(s, '}');

		err = date_of(c, s + 6, (size_t)(close - (s + 6)) + 1, &t, diag);
		if (!err && close[1]) { /* a time after the date */
			char *both = ka_arena_alloc(&c->texts, strlen(t) + strlen(close + 1) + 1);

			memcpy(both, t, strlen(t));
			memcpy(both + strlen(t), close + 1, strlen(close + 1));
			t = both;
		}
	} else if (!strcmp(s, "${password_hash}"))
		t = c->hash;
	else if (!strcmp(s, "${demo_password}"))
		t = KA_DEMO_PASSWORD;
	else if (!strncmp(s, "${", 2))
		err = ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: unknown '%s'", s);
	*out = ka_text(t);
	return err;
}

/* Replaces the placeholders in the strings of a JSON object or array, in place. */
static int resolve_json(struct ctx *c, json_t *v, struct ka_diag *diag)
{
	struct ka_val tv;
	const char *k;
	json_t *x;
	size_t i;
	int err = 0;

	if (json_is_object(v)) {
		json_object_foreach(v, k, x)
		{
			if (json_is_string(x) &&
			    !(err = text_value(c, json_string_value(x), &tv, diag)))
				err = tv.type == KA_VAL_INT
				          ? json_object_set_new(v, k, json_integer(tv.i))
				          : json_object_set_new(v, k, json_string(tv.s));
			else if (!err)
				err = resolve_json(c, x, diag);
			if (err)
				return err < 0 ? err : KA_ERR_INVALID;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			if (json_is_string(x) &&
			    !(err = text_value(c, json_string_value(x), &tv, diag)))
				err = tv.type == KA_VAL_INT
				          ? json_array_set_new(v, i, json_integer(tv.i))
				          : json_array_set_new(v, i, json_string(tv.s));
			else if (!err)
				err = resolve_json(c, x, diag);
			if (err)
				return err < 0 ? err : KA_ERR_INVALID;
		}
	}
	return 0;
}

/* One value of a row; objects and arrays become JSON text owned by *text (freed by the caller). */
static int row_value(struct ctx *c, json_t *v, struct ka_val *out, char **text,
                     struct ka_diag *diag)
{
	int err;

	*text = NULL;
	switch (json_typeof(v)) {
	case JSON_NULL:
		*out = ka_null();
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		*out = ka_int(json_is_true(v));
		return 0;
	case JSON_INTEGER:
		*out = ka_int(json_integer_value(v));
		return 0;
	case JSON_REAL:
		*out = ka_real(json_real_value(v));
		return 0;
	case JSON_STRING:
		return text_value(c, json_string_value(v), out, diag);
	default:
		err = resolve_json(c, v, diag);
		if (err)
			return err;
		*text = json_dumps(v, JSON_COMPACT);
		*out = ka_text(*text);
		return 0;
	}
}

static bool identifier_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return i > 0 && i < 64;
}

/* Runs one statement, keeping the id it returns under `key` (when not NULL). */
static int exec_keyed(struct ka_store *st, struct ctx *c, const char *key, const char *sql,
                      const struct ka_val *p, size_t n, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, sql, p, n, &r, diag);
	if (!err && key)
		err = r.nrows && r.vals[0].type == KA_VAL_INT
		          ? key_set(c, key, r.vals[0].i, diag)
		          : ka_store_fail(diag, KA_ERR_DB, "demo workspace: no id for '%s'", key);
	ka_rows_release(&r);
	return err;
}

/* {"table": T, "key": K, "row": {column: value, ...}}: INSERT INTO T ... (RETURNING id). */
static int insert_row(struct ka_store *st, struct ctx *c, json_t *step, struct ka_diag *diag)
{
	const char *table = json_string_value(json_object_get(step, "table"));
	const char *key = json_string_value(json_object_get(step, "key"));
	json_t *row = json_object_get(step, "row"), *v;
	struct ka_val vals[MAX_COLS];
	char *texts[MAX_COLS] = {0};
	struct ka_buf sql;
	const char *col;
	size_t n = 0, i;
	int err = 0;

	if (!table || !identifier_ok(table) || !json_is_object(row) ||
	    json_object_size(row) > MAX_COLS)
		return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad row step");
	ka_buf_init(&sql, KA_BUF_UNLIMITED);
	ka_buf_addf(&sql, "INSERT INTO %s (", table);
	json_object_foreach(row, col, v)
	{
		if (!identifier_ok(col)) {
			err = ka_store_fail(diag, KA_ERR_INVALID,
			                    "demo workspace: bad column in %s", table);
			goto out;
		}
		ka_buf_addf(&sql, "%s%s", n ? ", " : "", col);
		err = row_value(c, v, &vals[n], &texts[n], diag);
		n++;
		if (err)
			goto out;
	}
	ka_buf_adds(&sql, ") VALUES (");
	for (i = 0; i < n; i++)
		ka_buf_adds(&sql, i ? ", ?" : "?");
	ka_buf_adds(&sql, key ? ") RETURNING id" : ")");
	err = exec_keyed(st, c, key, sql.data, vals, n, diag);
out:
	for (i = 0; i < n; i++)
		free(texts[i]);
	ka_buf_release(&sql);
	return err;
}

/* {"do": "users"}: the demo accounts (logins[]) as keys user0, user1, ... */
static int do_users(struct ka_store *st, struct ctx *c, struct ka_diag *diag)
{
	char key[16];
	size_t i;
	int err = 0;

	for (i = 0; !err && i < sizeof(logins) / sizeof(logins[0]); i++) {
		snprintf(key, sizeof(key), "user%zu", i);
		err =
		    exec_keyed(st, c, key,
		               "INSERT INTO users (login, display_name, email, password_hash)"
		               " VALUES (?, ?, ?, ?) RETURNING id",
		               (struct ka_val[]){ka_text(logins[i].login), ka_text(logins[i].name),
		                                 ka_null(), ka_text(c->hash)},
		               4, diag);
	}
	return err;
}

/*
 * {"do": "role_description", "role": "@r", "page": "@p", "name": N, "lang": L, "fields": {...}}:
 * stored as the organisation API stores one: the structured fields as a
 * role_description form keyed by the role, and the page's Markdown made from them.
 */
static int do_role_description(struct ka_store *st, struct ctx *c, json_t *step,
                               struct ka_diag *diag)
{
	const char *name = json_string_value(json_object_get(step, "name"));
	json_t *desc = json_object_get(step, "fields");
	struct ka_val role, page;
	struct ka_buf md;
	char title[32], *body;
	int err;

	if (!name || !json_is_object(desc) || !json_is_string(json_object_get(step, "role")) ||
	    !json_is_string(json_object_get(step, "page")))
		return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad role description");
	err = text_value(c, json_string_value(json_object_get(step, "role")), &role, diag);
	if (!err)
		err = text_value(c, json_string_value(json_object_get(step, "page")), &page, diag);
	if (err)
		return err;
	ka_buf_init(&md, KA_BUF_UNLIMITED);
	/* the headings in the page's language ("nb", "sv"; none: English) */
	err = ka_handbook_role_markdown(name, json_string_value(json_object_get(step, "lang")),
	                                desc, &md);
	body = json_dumps(desc, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(title, sizeof(title), "role:%" PRId64, role.i);
	if (!err)
		err = exec_keyed(st, c, NULL, "UPDATE handbook_pages SET markdown = ? WHERE id = ?",
		                 (struct ka_val[]){ka_text(md.data), page}, 2, diag);
	if (!err)
		err = exec_keyed(st, c, NULL,
		                 "INSERT INTO forms (template, title, body, status)"
		                 " VALUES ('role_description', ?, ?, 'approved')",
		                 (struct ka_val[]){ka_text(title), ka_text(body)}, 2, diag);
	free(body);
	ka_buf_release(&md);
	return err;
}

/* A generated lane map: {"lane_map": KEY, "name": N, "lanes": [...], "steps": [...]}. */
static int lane_map(struct ka_buf *out, json_t *spec, struct ka_diag *diag)
{
	const char *lanes[16];
	struct ka_demo_step steps[32];
	json_t *jl = json_object_get(spec, "lanes"), *js = json_object_get(spec, "steps"), *x;
	size_t nl = json_array_size(jl), ns = json_array_size(js), i;

	if (!nl || nl > 16 || !ns || ns > 32 || !json_string_value(json_object_get(spec, "name")))
		return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad lane map");
	for (i = 0; i < nl; i++)
		lanes[i] = json_string_value(json_array_get(jl, i));
	json_array_foreach(js, i, x)
	{
		steps[i].id = json_string_value(json_object_get(x, "id"));
		steps[i].name = json_string_value(json_object_get(x, "name"));
		steps[i].lane = (unsigned)json_integer_value(json_object_get(x, "lane"));
		steps[i].process_time = json_number_value(json_object_get(x, "process_time"));
		steps[i].wait_time = json_number_value(json_object_get(x, "wait_time"));
		steps[i].nb = json_string_value(json_object_get(x, "nb"));
		steps[i].sv = json_string_value(json_object_get(x, "sv"));
		if (!steps[i].name || steps[i].lane >= nl ||
		    (steps[i].id && !demo_id_ok(steps[i].id)))
			return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad step %zu",
			                     i);
	}
	ka_demo_lane_map(out, json_string_value(json_object_get(spec, "lane_map")),
	                 json_string_value(json_object_get(spec, "name")), lanes, nl, steps, ns);
	return 0;
}

/*
 * {"do": "map_version", "key": K, "process": "@p", "number": N, "state": S,
 *  "author": "@u", "bpmn": {"embedded": NAME} or a lane map}: the version and its index rows.
 */
static int do_map_version(struct ka_store *st, struct ctx *c, json_t *step, struct ka_diag *diag)
{
	json_t *spec = json_object_get(step, "bpmn");
	const char *embedded = json_string_value(json_object_get(spec, "embedded"));
	const char *state = json_string_value(json_object_get(step, "state"));
	const char *key = json_string_value(json_object_get(step, "key"));
	struct ka_val process, author;
	struct ka_buf b;
	const char *bpmn = NULL;
	int err;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	err = text_value(c, json_string_value(json_object_get(step, "process")), &process, diag);
	if (!err)
		err = text_value(c, json_string_value(json_object_get(step, "author")), &author,
		                 diag);
	if (!err && embedded && !strcmp(embedded, "worked_example"))
		bpmn = (const char *)demo_worked_example_bpmn;
	else if (!err && embedded && !strcmp(embedded, "building_permit"))
		bpmn = (const char *)demo_building_permit_bpmn;
	else if (!err && !(err = lane_map(&b, spec, diag)))
		bpmn = b.data;
	if (!err && (!bpmn || !state))
		err = ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad map version");
	if (!err)
		err = exec_keyed(
		    st, c, key ? key : "map",
		    "INSERT INTO map_versions (process_id, variant, number, state, bpmn, author_id,"
		    " submitted_at, decided_at)"
		    " VALUES (?, 'as_is', ?, ?, ?, ?,"
		    " CASE WHEN ? <> 'draft' THEN '2026-01-15T10:00:00Z' END,"
		    " CASE WHEN ? IN ('approved', 'superseded') THEN '2026-01-20T09:00:00Z' END)"
		    " RETURNING id",
		    (struct ka_val[]){
		        process, ka_int(json_integer_value(json_object_get(step, "number"))),
		        ka_text(state), ka_text(bpmn), author, ka_text(state), ka_text(state)},
		    7, diag);
	if (!err)
		err = ka_demo_index_map(st, c->keys[c->nkeys - 1].id, bpmn, diag);
	ka_buf_release(&b);
	return err;
}

/*
 * {"do": "risk_scale", "key": K, "preset": "se4", "created_at": T, "created_by": "@u"}:
 * a risk scale from the library's presets, as the risk API stores one, made at T.
 */
static int do_risk_scale(struct ka_store *st, struct ctx *c, json_t *step, struct ka_diag *diag)
{
	const char *key = json_string_value(json_object_get(step, "key"));
	const char *preset = json_string_value(json_object_get(step, "preset"));
	const char *at = json_string_value(json_object_get(step, "created_at"));
	const char *by = json_string_value(json_object_get(step, "created_by"));
	struct ka_risk_scale scale;
	struct ka_val user, when;
	int64_t id = 0;
	int err;

	if (!key || !preset || !at || !by || ka_risk_preset(preset, &scale))
		return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: bad risk scale");
	err = text_value(c, by, &user, diag);
	if (!err)
		err = text_value(c, at, &when, diag);
	if (!err)
		err = ka_risk_store_scale_insert(st, &scale, user.i, &id, diag);
	if (!err)
		err = exec_keyed(st, c, NULL, "UPDATE risk_scales SET created_at = ? WHERE id = ?",
		                 (struct ka_val[]){when, ka_int(id)}, 2, diag);
	return err ? err : key_set(c, key, id, diag);
}

static int play(struct ka_store *st, struct ctx *c, json_t *steps, struct ka_diag *diag)
{
	json_t *step;
	size_t i;
	int err = 0;

	json_array_foreach(steps, i, step)
	{
		const char *what = json_string_value(json_object_get(step, "do"));

		if (!what)
			err = insert_row(st, c, step, diag);
		else if (!strcmp(what, "users"))
			err = do_users(st, c, diag);
		else if (!strcmp(what, "role_description"))
			err = do_role_description(st, c, step, diag);
		else if (!strcmp(what, "map_version"))
			err = do_map_version(st, c, step, diag);
		else if (!strcmp(what, "risk_scale"))
			err = do_risk_scale(st, c, step, diag);
		else
			err = ka_store_fail(diag, KA_ERR_INVALID,
			                    "demo workspace: unknown step '%s'", what);
		if (err) {
			if (diag && !diag->element_id[0])
				snprintf(diag->element_id, sizeof(diag->element_id), "steps[%zu]",
				         i);
			return err;
		}
	}
	return 0;
}

static int seed_tx(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct ctx *c = vctx;
	json_error_t jerr;
	struct ka_rows r;
	json_t *doc;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT (SELECT count(*) FROM processes) + (SELECT count(*) FROM units)"
	                    " + (SELECT count(*) FROM people)"
	                    " + (SELECT count(*) FROM settings WHERE key = 'demo_workspace')",
	                    NULL, 0, &r, diag);
	if (!err && r.nrows == 1 && r.vals[0].i != 0)
		err = 1; /* not new: roll back, nothing seeded */
	ka_rows_release(&r);
	if (err)
		return err;
	c->nkeys = c->ndates = 0; /* a retried transaction starts again */
	ka_arena_release(&c->texts);
	ka_arena_init(&c->texts);
	doc = json_loadb((const char *)demo_workspace_json, demo_workspace_json_len,
	                 JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return ka_store_fail(diag, KA_ERR_INVALID, "demo workspace: %d:%d: %s", jerr.line,
		                     jerr.column, jerr.text);
	err = play(st, c, json_object_get(doc, "steps"), diag);
	/* the demo accounts get their person's address (example.org): e-mail notifications */
	if (!err)
		err = ka_store_exec(st,
		                    "UPDATE users SET email = (SELECT MIN(email) FROM people"
		                    " WHERE people.user_id = users.id) WHERE email IS NULL",
		                    NULL, 0, NULL, diag);
	json_decref(doc);
	return err;
}

int ka_demo_seed(struct ka_store *st, const char *password_hash, bool *seeded, struct ka_diag *diag)
{
	struct ctx *c = ka_xcalloc(1, sizeof(*c));
	int err;

	*seeded = false;
	c->hash = password_hash;
	ka_arena_init(&c->texts);
	err = ka_store_transact(st, seed_tx, c, KA_STORE_ATTEMPTS, diag);
	ka_arena_release(&c->texts);
	free(c);
	if (err == 1)
		return 0;
	if (!err)
		*seeded = true;
	return err;
}
