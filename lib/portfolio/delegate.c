/*
 * Role delegation by the holder of an owner-kind role (delegate.h). The
 * delegated assignment copies the delegator's scope and cannot outlast the
 * delegator's own assignment.
 */
#include <string.h>

#include "kartla/audit.h"
#include "kartla/date.h"
#include "kartla/delegate.h"
#include "kartla/banned.h"

enum { F_USER, F_KIND, F_SCHEME, F_SCOPE, F_PROC, F_UNIT, F_FROM, F_TO };

struct dctx {
	const struct ka_actor *actor;
	const struct ka_delegate_in *in;
	json_t *out;
};

static int check_dates(const char *from, const char *to, const struct ka_rows *r,
                       struct ka_diag *diag)
{
	const struct ka_val *dto = ka_rows_at(r, 0, F_TO);
	int64_t d;

	if (ka_date_diff(&d, from, from))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "from_date",
		                   "from_date must be a date (YYYY-MM-DD)");
	if (to && ka_date_diff(&d, from, to))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "to_date",
		                   "to_date must be a date (YYYY-MM-DD)");
	if (to && strcmp(to, from) < 0)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "to_date",
		                   "to_date must not be before from_date");
	if (dto->type == KA_VAL_TEXT && (!to || strcmp(to, dto->s) > 0))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "to_date",
		                   "a delegation cannot last beyond your own role (until %s)",
		                   dto->s);
	return 0;
}

/* The delegator's assignment: must be the actor's own, owner-kind and current. */
static int load_from(struct ka_store *st, const struct dctx *c, const char *today,
                     struct ka_rows *r, struct ka_diag *diag)
{
	const struct ka_val *uid, *to;
	int err =
	    ka_store_exec(st,
	                  "SELECT p.user_id, r.kind, r.scheme_id, a.scope, a.process_id,"
	                  " a.unit_id, a.from_date, a.to_date FROM role_assignments a"
	                  " JOIN people p ON p.id = a.person_id JOIN roles r ON r.id = a.role_id"
	                  " WHERE a.id = ?",
	                  (struct ka_val[]){ka_int(c->in->from_assignment)}, 1, r, diag);

	if (err)
		return err;
	if (!r->nrows)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                   "role assignment %lld not found",
		                   (long long)c->in->from_assignment);
	uid = ka_rows_at(r, 0, F_USER);
	if (uid->type != KA_VAL_INT || uid->i != c->actor->user_id)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "you can delegate only from a role you hold yourself");
	if (strcmp(ka_rows_at(r, 0, F_KIND)->s, "owner"))
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only the holder of an owner role can delegate it");
	to = ka_rows_at(r, 0, F_TO);
	if (strcmp(ka_rows_at(r, 0, F_FROM)->s, today) > 0 ||
	    (to->type == KA_VAL_TEXT && strcmp(to->s, today) < 0))
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "the role you delegate from is not held today");
	return 0;
}

static int check_target(struct ka_store *st, const struct dctx *c, const struct ka_rows *from,
                        struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM people WHERE id = ?",
	                    (struct ka_val[]){ka_int(c->in->person_id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "person_id", "no such person");
	ka_rows_release(&r);
	if (!err)
		err = ka_store_exec(st, "SELECT id FROM roles WHERE id = ? AND scheme_id = ?",
		                    (struct ka_val[]){ka_int(c->in->role_id),
		                                      ka_int(ka_rows_at(from, 0, F_SCHEME)->i)},
		                    2, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "role_id",
		                  "the role must be one of your role's scheme");
	ka_rows_release(&r);
	return err;
}

static int delegate_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct dctx *c = vctx;
	char today[KA_DATE_LEN];
	const char *from, *to;
	struct ka_rows r, ins;
	int err;

	json_decref(c->out); /* a retried transaction starts again */
	c->out = NULL;
	ka_rows_init(&r);
	ka_rows_init(&ins);
	ka_date_today(today);
	err = load_from(st, c, today, &r, diag);
	if (!err)
		err = check_target(st, c, &r, diag);
	if (err)
		goto out;
	from = c->in->from_date ? c->in->from_date : today;
	to = c->in->to_date
	         ? c->in->to_date
	         : (ka_rows_at(&r, 0, F_TO)->type == KA_VAL_TEXT ? ka_rows_at(&r, 0, F_TO)->s
	                                                         : NULL);
	err = check_dates(from, to, &r, diag);
	if (err)
		goto out;
	err = ka_store_exec(
	    st,
	    "INSERT INTO role_assignments (person_id, role_id, scope, process_id, unit_id,"
	    " from_date, to_date, mandate_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    (struct ka_val[]){ka_int(c->in->person_id), ka_int(c->in->role_id),
	                      ka_text(ka_rows_at(&r, 0, F_SCOPE)->s), *ka_rows_at(&r, 0, F_PROC),
	                      *ka_rows_at(&r, 0, F_UNIT), ka_text(from),
	                      to ? ka_text(to) : ka_null(), ka_text(c->in->mandate_source)},
	    8, &ins, diag);
	if (err)
		goto out;
	c->out = json_pack("{s:I, s:I, s:I, s:s, s:o, s:o, s:s, s:o, s:s, s:I}", "id",
	                   (json_int_t)ka_rows_at(&ins, 0, 0)->i, "person_id",
	                   (json_int_t)c->in->person_id, "role_id", (json_int_t)c->in->role_id,
	                   "scope", ka_rows_at(&r, 0, F_SCOPE)->s, "process_id",
	                   ka_rows_at(&r, 0, F_PROC)->type == KA_VAL_INT
	                       ? json_integer(ka_rows_at(&r, 0, F_PROC)->i)
	                       : json_null(),
	                   "unit_id",
	                   ka_rows_at(&r, 0, F_UNIT)->type == KA_VAL_INT
	                       ? json_integer(ka_rows_at(&r, 0, F_UNIT)->i)
	                       : json_null(),
	                   "from_date", from, "to_date", to ? json_string(to) : json_null(),
	                   "mandate_source", c->in->mandate_source, "delegated_from",
	                   (json_int_t)c->in->from_assignment);
	err = ka_audit_write(st, c->actor, "delegate", "role_assignment", ka_rows_at(&ins, 0, 0)->i,
	                     NULL, c->out, diag);
out:
	ka_rows_release(&r);
	ka_rows_release(&ins);
	return err;
}

int ka_delegate_role(struct ka_store *st, const struct ka_actor *actor,
                     const struct ka_delegate_in *in, json_t **out, struct ka_diag *diag)
{
	struct dctx c = {actor, in, NULL};
	const char *m = in->mandate_source;
	int err;

	*out = NULL;
	if (!actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in to delegate a role");
	if (!m || !*m || strlen(m) > KA_DELEGATE_MANDATE_MAX)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "mandate_source",
		                   "name the mandate source (at most 500 characters)");
	err = ka_store_transact(st, delegate_fn, &c, KA_STORE_ATTEMPTS, diag);
	if (!err)
		*out = c.out;
	else
		json_decref(c.out);
	return err;
}
