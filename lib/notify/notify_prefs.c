/*
 * Per-person notification preferences (notify.h): immediately, a daily
 * digest or off, and the language messages are written in.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/notify.h"
#include "notify_int.h"
#include "kartla/banned.h"

static const char *const mode_names[] = {"immediate", "digest", "off"};

const char *ka_notify_mode_name(enum ka_notify_mode m)
{
	return (unsigned)m < 3 ? mode_names[m] : "?";
}

static int load(struct ka_store *st, int64_t uid, json_t **out, struct ka_diag *diag)
{
	struct ka_rows r;
	const struct ka_val *mode, *lang, *email;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT np.mode, np.language, COALESCE(NULLIF(u.email, ''),"
	                    " (SELECT MIN(email) FROM people WHERE user_id = u.id AND email <> ''))"
	                    " FROM users u LEFT JOIN notify_prefs np ON np.user_id = u.id"
	                    " WHERE u.id = ?",
	                    (struct ka_val[]){ka_int(uid)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "no such account");
	if (!err) {
		mode = ka_rows_at(&r, 0, 0);
		lang = ka_rows_at(&r, 0, 1);
		email = ka_rows_at(&r, 0, 2);
		*out = json_pack(
		    "{s:s, s:o, s:o}", "mode", mode->type == KA_VAL_TEXT ? mode->s : "immediate",
		    "language", lang->type == KA_VAL_TEXT ? json_string(lang->s) : json_null(),
		    "email", email->type == KA_VAL_TEXT ? json_string(email->s) : json_null());
	}
	ka_rows_release(&r);
	return err;
}

int ka_notify_prefs_get(struct ka_store *st, const struct ka_actor *actor, json_t **out,
                        struct ka_diag *diag)
{
	int err;

	*out = NULL;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL,
		                   "sign in to see your notifications");
	err = ka_store_begin_read(st);
	if (err)
		return ka_store_fail(diag, err, "could not read: %s", ka_store_errmsg(st));
	err = load(st, actor->user_id, out, diag);
	ka_store_rollback(st);
	return err;
}

struct put_ctx {
	const struct ka_actor *actor;
	const char *mode;
	bool has_mode, has_lang;
	const char *lang; /* NULL: follow the workspace */
	json_t **out;
};

static int put_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct put_ctx *c = vctx;
	json_t *before = NULL;
	char now[KA_TIME_LEN];
	int err;

	ka_date_now(now);
	err = load(st, c->actor->user_id, &before, diag);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO notify_prefs (user_id, mode, language, updated_at) VALUES (?, ?, "
		    "?, ?)"
		    " ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode,"
		    " language = excluded.language, updated_at = excluded.updated_at",
		    (struct ka_val[]){
		        ka_int(c->actor->user_id),
		        ka_text(c->has_mode ? c->mode
		                            : json_string_value(json_object_get(before, "mode"))),
		        ka_text(c->has_lang
		                    ? c->lang
		                    : json_string_value(json_object_get(before, "language"))),
		        ka_text(now)},
		    4, NULL, diag);
	if (!err)
		err = load(st, c->actor->user_id, c->out, diag);
	if (!err)
		err = ka_audit_write(st, c->actor, "update", "notify_prefs", c->actor->user_id,
		                     before, *c->out, diag);
	json_decref(before);
	if (err) {
		json_decref(*c->out);
		*c->out = NULL;
	}
	return err;
}

/* Reads {mode?, language?} into c; KA_ERR_INVALID naming the field. */
static int parse(struct put_ctx *c, const json_t *in, struct ka_diag *diag)
{
	const char *key;
	json_t *v;

	if (!json_is_object(in))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, NULL, "expected a JSON object");
	json_object_foreach((json_t *)in, key, v)
	{
		if (!strcmp(key, "mode")) {
			c->mode = json_string_value(v);
			c->has_mode = true;
			if (!c->mode || (strcmp(c->mode, "immediate") &&
			                 strcmp(c->mode, "digest") && strcmp(c->mode, "off")))
				return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "mode",
				                   "mode must be immediate, digest or off");
		} else if (!strcmp(key, "language")) {
			c->has_lang = true;
			c->lang = json_string_value(v);
			if (!json_is_null(v) && !notify_lang_valid(c->lang))
				return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "language",
				                   "language must be nb, sv, en or null (the "
				                   "workspace language)");
		} else if (strcmp(key, "email")) {
			return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, key,
			                   "unknown field (mode and language may be changed)");
		}
	}
	return 0;
}

int ka_notify_prefs_put(struct ka_store *st, const struct ka_actor *actor, const json_t *in,
                        json_t **out, struct ka_diag *diag)
{
	struct put_ctx c = {.actor = actor, .out = out};
	int err;

	*out = NULL;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL,
		                   "sign in to change your notifications");
	err = parse(&c, in, diag);
	return err ? err : ka_store_transact(st, put_fn, &c, KA_STORE_ATTEMPTS, diag);
}
