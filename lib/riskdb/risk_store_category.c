/*
 * The workspace's managed risk categories (risk_store.h): a stable code and
 * names in nb, sv and en, edited by administrators, each write one audited
 * transaction. A risk's category is one of the codes (checked when a risk
 * is written, ka_risk_store_check_category).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "risk_store_int.h"
#include "kartla/banned.h"

#define CAT_COLS     "id, code, name_nb, name_sv, name_en, sort_order, version"
#define CODE_MAX     40
#define CAT_NAME_MAX 100

static const char *const langs[3] = {"nb", "sv", "en"};

static json_t *cat_json(const struct ka_rows *r, size_t i)
{
	return json_pack("{s:I, s:s, s:{s:s, s:s, s:s}, s:I, s:I}", "id",
	                 (json_int_t)ka_rows_at(r, i, 0)->i, "code", ka_rows_at(r, i, 1)->s, "name",
	                 "nb", ka_rows_at(r, i, 2)->s, "sv", ka_rows_at(r, i, 3)->s, "en",
	                 ka_rows_at(r, i, 4)->s, "sort_order", (json_int_t)ka_rows_at(r, i, 5)->i,
	                 "version", (json_int_t)ka_rows_at(r, i, 6)->i);
}

int ka_risk_store_check_category(struct ka_store *st, const char *field, const char *code,
                                 struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM risk_categories WHERE code = ?",
	                    (struct ka_val[]){ka_text(code)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_risk_store_invalid(diag, field,
		                            "%s: no risk category with the code '%s' (the list is "
		                            "kept under the settings)",
		                            field, code);
	ka_rows_release(&r);
	return err;
}

struct list_ctx {
	const struct ka_actor *actor;
	json_t *items;
};

static int list_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct list_ctx *c = vctx;
	struct ka_rows r;
	size_t i;
	int err = ka_risk_store_may_read(st, c->actor, diag);

	ka_rows_init(&r);
	if (!err)
		err = ka_store_exec(
		    st, "SELECT " CAT_COLS " FROM risk_categories ORDER BY sort_order, id", NULL, 0,
		    &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		json_array_append_new(c->items, cat_json(&r, i));
	ka_rows_release(&r);
	return err;
}

int ka_risk_store_categories(struct ka_store *st, const struct ka_actor *actor, json_t **out,
                             struct ka_diag *diag)
{
	struct list_ctx c = {actor, json_array()};
	int err = ka_risk_store_in_read_tx(st, list_fn, &c, diag);

	*out = NULL;
	if (err) {
		json_decref(c.items);
		return err;
	}
	*out = json_pack("{s:o}", "items", c.items);
	return 0;
}

/* The body's shape: code (create only), name {nb, sv, en}, sort_order; nothing else. */
static int check_body(const json_t *body, bool create, struct ka_diag *diag)
{
	const json_t *code = json_object_get(body, "code"), *name = json_object_get(body, "name");
	const json_t *order = json_object_get(body, "sort_order");
	const char *k, *s;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)body, k, v)
	{
		if (strcmp(k, "code") && strcmp(k, "name") && strcmp(k, "sort_order"))
			return ka_risk_store_invalid(diag, k, "unknown field '%s'", k);
	}
	if (!create && code)
		return ka_risk_store_invalid(diag, "code", "the code of a category never changes");
	if (create) {
		s = json_string_value(code);
		if (!s || !*s || strlen(s) > CODE_MAX ||
		    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(s))
			return ka_risk_store_invalid(
			    diag, "code", "code must be 1-%d characters of a-z, 0-9, _ and -",
			    CODE_MAX);
	}
	if (order && !json_is_integer(order))
		return ka_risk_store_invalid(diag, "sort_order", "sort_order must be an integer");
	if (create && !name)
		return ka_risk_store_invalid(diag, "name", "name {nb, sv, en} is required");
	if (!name)
		return 0;
	if (!json_is_object(name))
		return ka_risk_store_invalid(diag, "name", "name must be an object {nb, sv, en}");
	json_object_foreach((json_t *)name, k, v)
	{
		if (strcmp(k, "nb") && strcmp(k, "sv") && strcmp(k, "en"))
			return ka_risk_store_invalid(diag, "name", "name: unknown language '%s'",
			                             k);
	}
	for (i = 0; i < 3; i++) {
		v = json_object_get(name, langs[i]);
		s = json_string_value(v);
		if (!v && !create)
			continue;
		if (!s || !*s || strlen(s) > CAT_NAME_MAX)
			return ka_risk_store_invalid(diag, "name",
			                             "name.%s must be a text of 1-%d bytes",
			                             langs[i], CAT_NAME_MAX);
	}
	return 0;
}

struct save_tx {
	const struct ka_actor *actor;
	int64_t id, if_match;
	const json_t *body;
	json_t **out;
};

static int read_one(struct ka_store *st, int64_t id, json_t **out, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*out = NULL;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT " CAT_COLS " FROM risk_categories WHERE id = ?",
	                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no risk category %" PRId64,
		                  id);
	if (!err)
		*out = cat_json(&r, 0);
	ka_rows_release(&r);
	return err;
}

/* A name in `lang` from the body, else the stored one (patch). */
static const char *name_of(const json_t *body, const json_t *before, const char *lang)
{
	const char *s = json_string_value(json_object_get(json_object_get(body, "name"), lang));

	return s ? s : json_string_value(json_object_get(json_object_get(before, "name"), lang));
}

static int save_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct save_tx *t = vctx;
	const json_t *order = json_object_get(t->body, "sort_order");
	json_t *before = NULL;
	int64_t id = t->id, v = -1;
	struct ka_rows r;
	int err = 0;

	ka_rows_init(&r);
	if (id) {
		err = read_one(st, id, &before, diag);
		if (!err)
			err = ka_risk_store_check_version(
			    t->if_match, json_integer_value(json_object_get(before, "version")), &v,
			    diag);
		if (!err)
			err = ka_store_exec(
			    st,
			    "UPDATE risk_categories SET name_nb = ?, name_sv = ?, name_en = ?,"
			    " sort_order = ?, version = version + 1 WHERE id = ?",
			    (struct ka_val[]){ka_text(name_of(t->body, before, "nb")),
			                      ka_text(name_of(t->body, before, "sv")),
			                      ka_text(name_of(t->body, before, "en")),
			                      ka_int(order ? json_integer_value(order)
			                                   : json_integer_value(json_object_get(
			                                         before, "sort_order"))),
			                      ka_int(id)},
			    5, NULL, diag);
	} else {
		const char *code = json_string_value(json_object_get(t->body, "code"));

		err = ka_store_exec(st, "SELECT 1 FROM risk_categories WHERE code = ?",
		                    (struct ka_val[]){ka_text(code)}, 1, &r, diag);
		if (!err && r.nrows)
			err = ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, "code",
			                  "a risk category with the code '%s' exists", code);
		ka_rows_release(&r);
		if (!err)
			err = ka_store_exec(
			    st,
			    "INSERT INTO risk_categories (code, name_nb, name_sv, name_en, "
			    "sort_order)"
			    " VALUES (?, ?, ?, ?, ?) RETURNING id",
			    (struct ka_val[]){ka_text(code), ka_text(name_of(t->body, NULL, "nb")),
			                      ka_text(name_of(t->body, NULL, "sv")),
			                      ka_text(name_of(t->body, NULL, "en")),
			                      ka_int(order ? json_integer_value(order) : 0)},
			    5, &r, diag);
		if (!err)
			id = ka_rows_at(&r, 0, 0)->i;
	}
	ka_rows_release(&r);
	if (!err)
		err = read_one(st, id, t->out, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, t->id ? "update" : "create", "risk_category", id,
		                     before, *t->out, diag);
	json_decref(before);
	return err;
}

int ka_risk_store_category_save(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                const json_t *body, int64_t if_match, json_t **out,
                                struct ka_diag *diag)
{
	struct save_tx t = {actor, id, if_match, body, out};
	int err;

	*out = NULL;
	if (!actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only an administrator edits the risk categories");
	if (!json_is_object(body))
		return ka_risk_store_invalid(diag, "", "the body must be a JSON object");
	err = check_body(body, !id, diag);
	if (!err)
		err = ka_store_transact(st, save_fn, &t, KA_STORE_ATTEMPTS, diag);
	if (err) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

static int delete_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct save_tx *t = vctx;
	json_t *before = NULL;
	struct ka_rows r;
	int64_t v;
	int err = read_one(st, t->id, &before, diag);

	ka_rows_init(&r);
	if (!err)
		err = ka_risk_store_check_version(
		    t->if_match, json_integer_value(json_object_get(before, "version")), &v, diag);
	if (!err)
		err = ka_store_exec(
		    st, "SELECT COUNT(*) FROM risks WHERE category = ?",
		    (struct ka_val[]){ka_text(json_string_value(json_object_get(before, "code")))},
		    1, &r, diag);
	if (!err && ka_rows_at(&r, 0, 0)->i > 0)
		err = ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
		                  "%" PRId64 " risk(s) have this category: give them another first",
		                  ka_rows_at(&r, 0, 0)->i);
	ka_rows_release(&r);
	if (!err)
		err = ka_store_exec(st, "DELETE FROM risk_categories WHERE id = ?",
		                    (struct ka_val[]){ka_int(t->id)}, 1, NULL, diag);
	if (!err)
		err = ka_audit_write(st, t->actor, "delete", "risk_category", t->id, before, NULL,
		                     diag);
	json_decref(before);
	return err;
}

int ka_risk_store_category_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                  int64_t if_match, struct ka_diag *diag)
{
	struct save_tx t = {actor, id, if_match, NULL, NULL};

	if (!actor->is_admin)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only an administrator edits the risk categories");
	return ka_store_transact(st, delete_fn, &t, KA_STORE_ATTEMPTS, diag);
}
