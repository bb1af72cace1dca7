/*
 * Governance of map versions (governance.h): who may submit, approve,
 * reject and comment (ka_gov_check, a pure function of the facts), and
 * applying an action in one transaction: the facts are read in the same
 * transaction as the write, so a role or a tree changed in between cannot
 * slip through; the version, the process, the approvals row, training
 * tasks and the audit rows change together.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/cols.h"
#include "kartla/date.h"
#include "kartla/governance.h"
#include "kartla/notify.h"
#include "kartla/portfolio.h"
#include "kartla/process.h"
#include "kartla/readconf.h"
#include "mapver_int.h"
#include "kartla/banned.h"

static const char *const action_names[] = {"submit", "approve", "reject", "comment"};

const char *ka_gov_action_name(enum ka_gov_action a)
{
	return (unsigned)a < 4 ? action_names[a] : "?";
}

static bool is_state(const char *state, const char *want)
{
	return state && !strcmp(state, want);
}

static int check_decision(const struct ka_gov_facts *f, enum ka_gov_action a, int64_t vid,
                          struct ka_diag *diag)
{
	bool owner = (f->roles & KA_ROLE_OWNER) != 0;

	/* The owner decides; an administrator only while the process has no owner. */
	if (!owner && !(f->is_admin && !f->has_owner) && f->has_owner)
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only the process owner approves or rejects");
	if (!owner && !(f->is_admin && !f->has_owner))
		return ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                   "only the process owner (or, while the process has "
		                   "no owner, an administrator) approves or rejects");
	if (!is_state(f->state, "submitted"))
		return ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
		                   "version %" PRId64 " is %s: only submitted versions are %s", vid,
		                   f->state ? f->state : "",
		                   a == KA_GOV_APPROVE ? "approved" : "rejected");
	/* Segregation of duties, whatever the tree looks like now. */
	if (f->is_submitter && !(owner && f->owners_approve_own))
		return ka_diag_set(
		    diag, KA_ERR_PERM, 0, 0, NULL,
		    "you submitted this version: nobody approves or rejects their own "
		    "submission (segregation of duties; the workspace setting "
		    "owners_approve_own can allow process owners to)");
	return 0;
}

int ka_gov_check(const struct ka_gov_facts *f, enum ka_gov_action a, int64_t version_id,
                 struct ka_diag *diag)
{
	switch (a) {
	case KA_GOV_SUBMIT:
		if (!f->is_admin &&
		    !(f->roles & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE | KA_ROLE_FACILITATOR)))
			return ka_diag_set(
			    diag, KA_ERR_PERM, 0, 0, NULL,
			    "only the process owner, responsible/leader, a facilitator "
			    "or an administrator submits a version");
		if (!is_state(f->state, "draft") && !is_state(f->state, "rejected"))
			return ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
			                   "version %" PRId64 " is %s: only drafts and rejected "
			                   "versions are submitted",
			                   version_id, f->state ? f->state : "");
		return 0;
	case KA_GOV_APPROVE:
	case KA_GOV_REJECT:
		return check_decision(f, a, version_id, diag);
	case KA_GOV_COMMENT:
		if (!f->roles && !f->is_admin)
			return ka_diag_set(
			    diag, KA_ERR_PERM, 0, 0, NULL,
			    "only people with a role on the process (an advisor, say) "
			    "or an administrator comment on its maps");
		return 0;
	}
	return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL, "unknown governance action");
}

int ka_gov_owners_approve_own(struct ka_store *st, bool *out, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*out = false;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT value FROM settings WHERE key = 'owners_approve_own'", NULL,
	                    0, &r, diag);
	if (!err && r.nrows == 1 && ka_rows_at(&r, 0, 0)->type == KA_VAL_TEXT)
		*out = !strcmp(ka_rows_at(&r, 0, 0)->s, "true");
	ka_rows_release(&r);
	return err;
}

/* ---- the process row (KA_PROCESS_COLS), as the processes API shows it (for the audit log) ---- */

static int load_proc(struct ka_store *st, int64_t pid, struct ka_rows *r, struct ka_diag *diag)
{
	int err = ka_process_load_rows(st, pid, r, diag);

	if (!err && r->nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such process %" PRId64,
		                  pid);
	return err;
}

/* ---- applying an action ---- */

struct decide_ctx {
	const struct ka_actor *actor;
	int64_t pid, vid, if_match;
	enum ka_gov_action action;
	const char *comment;
	struct ka_mapver *out;
	struct ka_rows proc;
	char now[KA_TIME_LEN], today[KA_DATE_LEN];
};

int ka_gov_facts_read(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                      int64_t version_id, const char *state, const char *today,
                      struct ka_gov_facts *f, struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	memset(f, 0, sizeof(*f));
	f->is_admin = actor->is_admin;
	f->state = state;
	err = ka_portfolio_roles(st, process_id, actor->user_id, today, &f->roles, diag);
	if (!err)
		err = ka_portfolio_has_owner(st, process_id, today, &f->has_owner, diag);
	if (!err)
		err = ka_gov_owners_approve_own(st, &f->owners_approve_own, diag);
	if (err)
		return err;
	/* Any submission of this version by the actor counts, not only the last one. */
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT 1 FROM approvals WHERE version_id = ? AND action = 'submit'"
	                    " AND actor_id = ? LIMIT 1",
	                    (struct ka_val[]){ka_int(version_id), ka_int(actor->user_id)}, 2, &r,
	                    diag);
	f->is_submitter = !err && r.nrows == 1;
	ka_rows_release(&r);
	return err;
}

/* The facts of ka_gov_check, read in the write transaction. */
static int read_facts(struct ka_store *st, struct decide_ctx *c, struct ka_gov_facts *f,
                      struct ka_diag *diag)
{
	return ka_gov_facts_read(st, c->actor, c->pid, c->vid, c->out->state, c->today, f, diag);
}

/* The version (404), If-Match (412), then the rule (403 / 409). */
static int load_and_check(struct ka_store *st, struct decide_ctx *c, struct ka_diag *diag)
{
	struct ka_gov_facts f;
	bool found;
	int err;

	if (c->pid) {
		err = mapver_process_exists(st, c->pid, diag);
		if (err)
			return err;
	}
	err = mapver_load(st, c->pid, c->vid, c->out, &found, diag);
	if (!err && !found)
		return c->pid ? ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                            "no map version %" PRId64 " of process %" PRId64,
		                            c->vid, c->pid)
		              : ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                            "no such map version %" PRId64, c->vid);
	if (err)
		return err;
	c->pid = c->out->process_id;
	if (c->action != KA_GOV_COMMENT && c->if_match >= 0 && c->if_match != c->out->version)
		return mapver_stale(diag, c->out->version);
	err = read_facts(st, c, &f, diag);
	return err ? err : ka_gov_check(&f, c->action, c->vid, diag);
}

static int exec(struct ka_store *st, const char *sql, const struct ka_val *p, size_t n,
                struct ka_diag *diag)
{
	return ka_store_exec(st, sql, p, n, NULL, diag);
}

static int apply_submit(struct ka_store *st, struct decide_ctx *c, struct ka_diag *diag)
{
	int err = exec(st,
	               "UPDATE map_versions SET state = 'submitted', submitted_at = ?,"
	               " comment = NULL, decided_by = NULL, decided_at = NULL,"
	               " version = version + 1 WHERE id = ?",
	               (struct ka_val[]){ka_text(c->now), ka_int(c->vid)}, 2, diag);

	return err ? err
	           : exec(st,
	                  "UPDATE processes SET status = 'in_review', version = version + 1,"
	                  " updated_at = ? WHERE id = ? AND status <> 'in_review'",
	                  (struct ka_val[]){ka_text(c->now), ka_int(c->pid)}, 2, diag);
}

/* One training task (due in 30 days) per person holding a role on the process itself. */
/* The people holding a role on the process itself today. */
#define HOLDER_COLUMNS "person_id", "role_id"
#define HOLDER_COLS    KA_COLS_SQL(HOLDER_COLUMNS)
enum holder_col { HC_PERSON_ID, HC_ROLE_ID, HC_COUNT };
KA_COLS_CHECK(HOLDER_COLUMNS, HC_COUNT);

static int training_tasks(struct ka_store *st, struct decide_ctx *c, struct ka_diag *diag)
{
	char due[KA_DATE_LEN], title[400];
	struct ka_rows r;
	size_t i;
	int err;

	ka_date_add(due, c->today, 30);
	snprintf(title, sizeof(title), "Training: %.300s, approved version %" PRId64,
	         ka_process_row_name(&c->proc, 0), c->out->number);
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT DISTINCT " HOLDER_COLS " FROM role_assignments"
	                    " WHERE scope = 'process' AND process_id = ? AND from_date <= ?"
	                    " AND (to_date IS NULL OR to_date >= ?)"
	                    " ORDER BY person_id, role_id",
	                    (struct ka_val[]){ka_int(c->pid), ka_text(c->today), ka_text(c->today)},
	                    3, &r, diag);
	for (i = 0; !err && i < r.nrows; i++)
		err = exec(st,
		           "INSERT INTO training_tasks (process_id, version_id, role_id,"
		           " person_id, title, due_date) VALUES (?, ?, ?, ?, ?, ?)",
		           (struct ka_val[]){ka_int(c->pid), ka_int(c->vid),
		                             ka_int(ka_rows_at(&r, i, HC_ROLE_ID)->i),
		                             ka_int(ka_rows_at(&r, i, HC_PERSON_ID)->i),
		                             ka_text(title), ka_text(due)},
		           6, diag);
	ka_rows_release(&r);
	return err;
}

static int apply_approve(struct ka_store *st, struct decide_ctx *c, struct ka_diag *diag)
{
	const struct ka_val *interval =
	    ka_rows_at(&c->proc, 0, KA_PROCESS_COL_REVIEW_INTERVAL_DAYS);
	const char *variant = c->out->variant ? c->out->variant : "";
	char next[KA_DATE_LEN];
	int err;

	if (interval->type == KA_VAL_INT)
		ka_date_add(next, c->today, interval->i);
	/* The superseded version's element rows leave the search index. */
	err = exec(st,
	           "DELETE FROM map_elements WHERE version_id IN (SELECT id FROM map_versions"
	           " WHERE process_id = ? AND variant = ? AND state = 'approved')",
	           (struct ka_val[]){ka_int(c->pid), ka_text(variant)}, 2, diag);
	if (!err)
		err = exec(st,
		           "UPDATE map_versions SET state = 'superseded', version = version + 1"
		           " WHERE process_id = ? AND variant = ? AND state = 'approved'",
		           (struct ka_val[]){ka_int(c->pid), ka_text(variant)}, 2, diag);
	if (!err)
		err = exec(st,
		           "UPDATE map_versions SET state = 'approved', decided_by = ?,"
		           " decided_at = ?, comment = ?, version = version + 1 WHERE id = ?",
		           (struct ka_val[]){ka_int(c->actor->user_id), ka_text(c->now),
		                             ka_text(c->comment), ka_int(c->vid)},
		           4, diag);
	if (!err)
		err =
		    exec(st,
		         "UPDATE processes SET status = 'approved',"
		         " specification = COALESCE(?, specification),"
		         " next_review_date = COALESCE(?, next_review_date),"
		         " version = version + 1, updated_at = ? WHERE id = ?",
		         (struct ka_val[]){ka_text(c->out->specification),
		                           interval->type == KA_VAL_INT ? ka_text(next) : ka_null(),
		                           ka_text(c->now), ka_int(c->pid)},
		         4, diag);
	if (!err)
		err = training_tasks(st, c, diag);
	/* "Read and understood" tasks for everyone with a role on the process but the approver. */
	return err ? err
	           : ka_readconf_create(st, c->pid, c->vid, c->actor->user_id, c->today, c->now,
	                                NULL, diag);
}

static int apply_reject(struct ka_store *st, struct decide_ctx *c, struct ka_diag *diag)
{
	int err = exec(st,
	               "UPDATE map_versions SET state = 'rejected', decided_by = ?, decided_at = ?,"
	               " comment = ?, version = version + 1 WHERE id = ?",
	               (struct ka_val[]){ka_int(c->actor->user_id), ka_text(c->now),
	                                 ka_text(c->comment), ka_int(c->vid)},
	               4, diag);

	/* Back to approved when a current version remains, else in review or draft. */
	return err ? err
	           : exec(st,
	                  "UPDATE processes SET status = CASE WHEN EXISTS (SELECT 1 FROM"
	                  " map_versions WHERE process_id = ? AND state = 'approved')"
	                  " THEN 'approved' WHEN EXISTS (SELECT 1 FROM map_versions"
	                  " WHERE process_id = ? AND state = 'submitted') THEN 'in_review'"
	                  " ELSE 'draft' END, version = version + 1, updated_at = ? WHERE id = ?",
	                  (struct ka_val[]){ka_int(c->pid), ka_int(c->pid), ka_text(c->now),
	                                    ka_int(c->pid)},
	                  4, diag);
}

/* The approvals row, the version again, and the audit rows of the version and the process. */
static int record(struct ka_store *st, struct decide_ctx *c, const json_t *before,
                  const json_t *pbefore, struct ka_diag *diag)
{
	const char *a = ka_gov_action_name(c->action);
	json_t *after = NULL;
	bool found;
	int err;

	err = exec(st,
	           "INSERT INTO approvals (version_id, action, actor_id, at, comment)"
	           " VALUES (?, ?, ?, ?, ?)",
	           (struct ka_val[]){ka_int(c->vid), ka_text(a),
	                             c->actor->user_id ? ka_int(c->actor->user_id) : ka_null(),
	                             ka_text(c->now), ka_text(c->comment)},
	           5, diag);
	if (!err)
		err = mapver_load(st, c->pid, c->vid, c->out, &found, diag);
	if (err)
		return err;
	if (c->action == KA_GOV_COMMENT) {
		after = json_pack("{s:s}", "comment", c->comment);
		err = ka_audit_write(st, c->actor, a, "map_version", c->vid, NULL, after, diag);
		json_decref(after);
		return err;
	}
	after = ka_mapver_to_json(c->out, false);
	err = ka_audit_write(st, c->actor, a, "map_version", c->vid, before, after, diag);
	json_decref(after);
	if (!err)
		err = load_proc(st, c->pid, &c->proc, diag);
	if (err)
		return err;
	after = ka_process_row_json(&c->proc, 0);
	if (!json_equal(after, pbefore))
		err = ka_audit_write(st, c->actor, a, "process", c->pid, pbefore, after, diag);
	json_decref(after);
	return err;
}

/* ---- notifications, queued in the decision's transaction (notify.h) ---- */

static const char *proc_name(const struct ka_rows *p, int col)
{
	const struct ka_val *v = ka_rows_at(p, 0, (size_t)col);

	return v->type == KA_VAL_TEXT ? v->s : NULL;
}

static int notify(struct ka_store *st, struct decide_ctx *c, struct ka_diag *diag)
{
	char link[96], number[32];
	struct ka_notify_msg m = {.subject_nb = proc_name(&c->proc, KA_PROCESS_COL_NAME_NB),
	                          .subject_sv = proc_name(&c->proc, KA_PROCESS_COL_NAME_SV),
	                          .subject_en = proc_name(&c->proc, KA_PROCESS_COL_NAME_EN),
	                          .detail = number,
	                          .comment = c->comment,
	                          .link = link};
	struct ka_rows r;
	int err;

	snprintf(number, sizeof(number), "v%" PRId64, c->out->number);
	if (c->action == KA_GOV_SUBMIT) {
		snprintf(link, sizeof(link), "/#/process/%" PRId64 "/approve/%" PRId64, c->pid,
		         c->vid);
		m.kind = KA_NOTIFY_APPROVAL_WAITING;
		return ka_notify_queue_role(st, c->pid, "owner", false, c->today, c->actor->user_id,
		                            &m, diag);
	}
	if (c->action != KA_GOV_APPROVE && c->action != KA_GOV_REJECT)
		return 0;
	snprintf(link, sizeof(link), "/#/process/%" PRId64 "/version/%" PRId64, c->pid, c->vid);
	/* the submitter of the decided submission */
	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    "SELECT actor_id FROM approvals WHERE version_id = ? AND action = 'submit'"
	    " AND actor_id IS NOT NULL ORDER BY id DESC LIMIT 1",
	    (struct ka_val[]){ka_int(c->vid)}, 1, &r, diag);
	m.kind = c->action == KA_GOV_APPROVE ? KA_NOTIFY_APPROVED : KA_NOTIFY_REJECTED;
	if (!err && r.nrows == 1 && ka_rows_at(&r, 0, 0)->i != c->actor->user_id)
		err = ka_notify_queue_user(st, ka_rows_at(&r, 0, 0)->i, &m, diag);
	ka_rows_release(&r);
	if (err || c->action != KA_GOV_APPROVE)
		return err;
	/* everyone with a role on the process: a new version to read */
	m.kind = KA_NOTIFY_VERSION_APPROVED;
	m.comment = NULL;
	return ka_notify_queue_role(st, c->pid, NULL, false, c->today, c->actor->user_id, &m, diag);
}

static int decide_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct decide_ctx *c = vctx;
	json_t *before = NULL, *pbefore = NULL;
	int err;

	ka_date_now(c->now);
	ka_date_today(c->today);
	err = load_and_check(st, c, diag);
	if (!err)
		err = load_proc(st, c->pid, &c->proc, diag);
	if (err)
		return err;
	before = ka_mapver_to_json(c->out, false);
	pbefore = ka_process_row_json(&c->proc, 0);
	switch (c->action) {
	case KA_GOV_SUBMIT:
		err = apply_submit(st, c, diag);
		break;
	case KA_GOV_APPROVE:
		err = apply_approve(st, c, diag);
		break;
	case KA_GOV_REJECT:
		err = apply_reject(st, c, diag);
		break;
	case KA_GOV_COMMENT:
		break;
	}
	if (!err)
		err = record(st, c, before, pbefore, diag);
	if (!err)
		err = notify(st, c, diag);
	json_decref(before);
	json_decref(pbefore);
	return err;
}

int ka_gov_decide(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                  int64_t version_id, enum ka_gov_action action, const char *comment,
                  int64_t if_match, struct ka_mapver *out, struct ka_diag *diag)
{
	struct decide_ctx c;
	int err;

	if ((unsigned)action > KA_GOV_COMMENT)
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, NULL, "unknown governance action");
	if ((action == KA_GOV_REJECT || action == KA_GOV_COMMENT) &&
	    (!comment || !comment[strspn(comment, " \t\r\n")]))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "comment", "a %s needs a comment",
		                   action == KA_GOV_REJECT ? "rejection" : "comment");
	memset(&c, 0, sizeof(c));
	c.actor = actor;
	c.pid = process_id;
	c.vid = version_id;
	c.if_match = if_match;
	c.action = action;
	c.comment = comment;
	c.out = out;
	ka_rows_init(&c.proc);
	err = ka_store_transact(st, decide_fn, &c, KA_STORE_ATTEMPTS, diag);
	ka_rows_release(&c.proc);
	return err;
}

/* ---- what the actor may do (for the screens) ---- */

struct may_ctx {
	const struct ka_actor *actor;
	int64_t pid, vid;
	struct ka_gov_may *out;
};

static int may_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct may_ctx *c = vctx;
	struct ka_gov_facts f;
	struct ka_diag scratch;
	struct ka_mapver v;
	char today[KA_DATE_LEN];
	bool found;
	int err;

	ka_date_today(today);
	ka_mapver_init(&v);
	err = mapver_load(st, c->pid, c->vid, &v, &found, diag);
	if (!err && !found)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                  "no map version %" PRId64 " of process %" PRId64, c->vid, c->pid);
	if (!err && c->actor->user_id)
		err =
		    ka_gov_facts_read(st, c->actor, v.process_id, c->vid, v.state, today, &f, diag);
	if (!err && c->actor->user_id) {
		ka_diag_init(&scratch, NULL);
		c->out->decide = ka_gov_check(&f, KA_GOV_APPROVE, c->vid, &scratch) == 0;
		c->out->submit = ka_gov_check(&f, KA_GOV_SUBMIT, c->vid, &scratch) == 0;
		c->out->comment = ka_gov_check(&f, KA_GOV_COMMENT, c->vid, &scratch) == 0;
		c->out->is_submitter = f.is_submitter;
	}
	ka_mapver_release(&v);
	return err;
}

int ka_gov_may_do(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                  int64_t version_id, struct ka_gov_may *out, struct ka_diag *diag)
{
	struct may_ctx c = {actor, process_id, version_id, out};

	memset(out, 0, sizeof(*out));
	return mapver_read(st, may_fn, &c, diag);
}
