/*
 * The audit log (audit.h): every write on a person's behalf records who did
 * it, when, what, and the object before and after, in the same transaction
 * as the write itself.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/audit.h"
#include "kartla/banned.h"

int ka_audit_write(struct ka_store *st, const struct ka_actor *actor, const char *action,
                   const char *object_type, int64_t object_id, const json_t *before,
                   const json_t *after, struct ka_diag *diag)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char id[32];
	int err;

	snprintf(id, sizeof(id), "%" PRId64, object_id);
	err = ka_store_exec(
	    st,
	    "INSERT INTO audit_log (user_id, actor, action, object_type, object_id, "
	    "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    (struct ka_val[]){actor && actor->user_id ? ka_int(actor->user_id) : ka_null(),
	                      ka_text(actor && actor->name && actor->name[0] ? actor->name : NULL),
	                      ka_text(action), ka_text(object_type), ka_text(id), ka_text(b),
	                      ka_text(a)},
	    7, NULL, diag);
	free(b);
	free(a);
	return err;
}

static json_t *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? json_string(v->s) : json_null();
}

static json_t *json_or_null(const struct ka_val *v)
{
	json_t *j = v->type == KA_VAL_TEXT ? json_loads(v->s, 0, NULL) : NULL;

	return j ? j : json_null();
}

/* A column of the audit row being read. */
#define COL(name) ka_rows_at(rows, i, KA_AUDIT_COL_##name)

json_t *ka_audit_items_json(const struct ka_rows *rows)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < rows->nrows; i++) {
		const struct ka_val *user = COL(USER_ID), *oid = COL(OBJECT_ID);

		json_array_append_new(
		    items,
		    json_pack(
		        "{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "id",
		        (json_int_t)COL(ID)->i, "at", text_or_null(COL(AT)), "user_id",
		        user->type == KA_VAL_INT ? json_integer(user->i) : json_null(), "actor",
		        text_or_null(COL(ACTOR)), "action", text_or_null(COL(ACTION)),
		        "object_type", text_or_null(COL(OBJECT_TYPE)), "object_id",
		        (json_int_t)(oid->type == KA_VAL_TEXT ? strtoll(oid->s, NULL, 10) : 0),
		        "before", json_or_null(COL(BEFORE_JSON)), "after",
		        json_or_null(COL(AFTER_JSON))));
	}
	return items;
}

#undef COL

int ka_audit_items_add_names(struct ka_store *st, json_t *items, struct ka_diag *diag)
{
	json_t *names = json_object(), *it; /* user id (text) -> display name, asked once each */
	size_t i;
	int err = 0;

	json_array_foreach(items, i, it)
	{
		json_t *uid = json_object_get(it, "user_id"), *name;
		char key[24];

		if (!json_is_integer(uid)) {
			json_object_set_new(it, "actor_name", json_null());
			continue;
		}
		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT, json_integer_value(uid));
		name = json_object_get(names, key);
		if (!name) {
			struct ka_rows rows;

			ka_rows_init(&rows);
			err = ka_store_exec(st, "SELECT display_name FROM users WHERE id = ?",
			                    (struct ka_val[]){ka_int(json_integer_value(uid))}, 1,
			                    &rows, diag);
			if (!err)
				json_object_set_new(names, key,
				                    rows.nrows
				                        ? text_or_null(ka_rows_at(&rows, 0, 0))
				                        : json_null());
			ka_rows_release(&rows);
			if (err)
				break;
			name = json_object_get(names, key);
		}
		json_object_set(it, "actor_name", name);
	}
	json_decref(names);
	return err;
}

/* NULL parameters match everything: one statement for every combination of filters. */
#define AUDIT_WHERE                                                                                \
	" FROM audit_log WHERE (CAST(? AS TEXT) IS NULL OR object_type = ?)"                       \
	" AND (CAST(? AS TEXT) IS NULL OR object_id = ?)"                                          \
	" AND (CAST(? AS BIGINT) IS NULL OR user_id = ?)"

static int list_in_tx(struct ka_store *st, const struct ka_audit_filter *f, json_t **items,
                      int64_t *total, struct ka_diag *diag)
{
	char oid[32];
	struct ka_val type = ka_text(f->object_type), obj = ka_null(), user = ka_null();
	struct ka_rows rows;
	int err;

	if (f->object_id > 0) {
		snprintf(oid, sizeof(oid), "%" PRId64, f->object_id);
		obj = ka_text(oid);
	}
	if (f->user_id > 0)
		user = ka_int(f->user_id);
	ka_rows_init(&rows);
	err = ka_store_exec(st, "SELECT COUNT(*)" AUDIT_WHERE,
	                    (struct ka_val[]){type, type, obj, obj, user, user}, 6, &rows, diag);
	if (!err) {
		*total = ka_rows_at(&rows, 0, 0)->i;
		err = ka_store_exec(
		    st, "SELECT " KA_AUDIT_COLS AUDIT_WHERE " ORDER BY id DESC LIMIT ? OFFSET ?",
		    (struct ka_val[]){type, type, obj, obj, user, user, ka_int(f->limit),
		                      ka_int(f->offset)},
		    8, &rows, diag);
	}
	if (!err) {
		*items = ka_audit_items_json(&rows);
		err = ka_audit_items_add_names(st, *items, diag);
	}
	ka_rows_release(&rows);
	return err;
}

int ka_audit_list(struct ka_store *st, const struct ka_audit_filter *f, json_t **items,
                  int64_t *total, struct ka_diag *diag)
{
	int err;

	*items = NULL;
	*total = 0;
	if (ka_store_in_tx(st))
		return list_in_tx(st, f, items, total, diag);
	err = ka_store_begin_read(st);
	if (err)
		return err;
	err = list_in_tx(st, f, items, total, diag);
	if (err) {
		ka_store_rollback(st);
		return err;
	}
	return ka_store_commit(st);
}
