/*
 * Who reads what of the register (risk_store.h): anonymous readers only
 * with the setting anonymous_risk; the overdue actions only for the roles
 * that cover the workspace (ka_mypage_sees), an owner their own processes;
 * and the internal-control plan by the workspace's rule with the
 * organisation's name for its printed form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/date.h"
#include "kartla/mypage.h"
#include "kartla/settings.h"
#include "risk_store_int.h"
#include "kartla/banned.h"

int ka_risk_store_may_read(struct ka_store *st, const struct ka_actor *actor, struct ka_diag *diag)
{
	struct ka_settings s;
	int err;

	if (!actor || actor->user_id)
		return 0;
	err = ka_settings_get(&s, st, diag);
	if (!err && !s.anonymous_risk)
		err =
		    ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL, "sign in to read the risk register");
	return err;
}

/* The processes `person` owns on `today`, directly or through a parent process. */
static int owned_processes(struct ka_store *st, int64_t person, const char *today,
                           struct ka_rows *out, struct ka_diag *diag)
{
	return ka_store_exec(
	    st,
	    "WITH RECURSIVE chain(pid, aid) AS (SELECT id, id FROM processes UNION ALL"
	    " SELECT c.pid, p.parent_id FROM chain c JOIN processes p ON p.id = c.aid"
	    " WHERE p.parent_id IS NOT NULL)"
	    " SELECT DISTINCT c.pid FROM chain c JOIN role_assignments ra ON ra.scope = 'process'"
	    " AND ra.process_id = c.aid JOIN roles r ON r.id = ra.role_id"
	    " WHERE r.kind = 'owner' AND ra.person_id = ? AND ra.from_date <= ?"
	    " AND (ra.to_date IS NULL OR ra.to_date >= ?)",
	    (struct ka_val[]){ka_int(person), ka_text(today), ka_text(today)}, 3, out, diag);
}

static bool owned(const struct ka_rows *r, int64_t pid)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (ka_rows_at(r, i, 0)->i == pid)
			return true;
	return false;
}

struct overdue_ctx {
	const struct ka_actor *actor;
	const struct ka_risk_filter *f;
	struct ka_risk_list *l;
};

static int overdue_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct overdue_ctx *c = vctx;
	char today[KA_DATE_LEN];
	struct ka_mypage_sees s;
	struct ka_rows own;
	size_t i, n = 0;
	int err;

	ka_date_today(today);
	ka_rows_init(&own);
	memset(&s, 0, sizeof(s));
	s.all = true;
	if (c->actor && !c->actor->user_id)
		return ka_diag_set(diag, KA_ERR_AUTH, 0, 0, NULL,
		                   "sign in to see the overdue risk actions");
	err = c->actor ? ka_mypage_sees(st, c->actor, today, &s, diag) : 0;
	if (!err && !s.workspace)
		err = ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                  "the overdue risk actions are for administrators, facilitators, "
		                  "stewards and process owners");
	if (!err && !s.all)
		err = owned_processes(st, s.person, today, &own, diag);
	if (!err)
		err = ka_risk_store_list(st, c->actor, c->f, NULL, c->l, diag);
	if (!err && !s.all) { /* an owner: only the risks of their processes */
		for (i = 0; i < c->l->n; i++)
			if (owned(&own, c->l->items[i].process_id))
				c->l->items[n++] = c->l->items[i];
		c->l->n = n;
	}
	ka_rows_release(&own);
	return err;
}

int ka_risk_store_overdue(struct ka_store *st, const struct ka_actor *actor,
                          const struct ka_risk_filter *f, json_t **out, struct ka_diag *diag)
{
	struct ka_risk_list l;
	struct overdue_ctx c = {actor, f, &l};
	int err;

	*out = NULL;
	ka_risk_list_init(&l);
	err = ka_risk_store_in_read_tx(st, overdue_fn, &c, diag);
	if (!err)
		*out = ka_risk_overdue_to_json(&l);
	ka_risk_list_release(&l);
	return err;
}

struct plan_ctx {
	const struct ka_actor *actor;
	const struct ka_risk_filter *f;
	struct ka_risk_list *l;
	struct ka_settings s;
	char *org;
	size_t orgsz;
};

static int plan_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct plan_ctx *c = vctx;
	struct ka_rows r;
	int err = ka_settings_get(&c->s, st, diag);

	ka_rows_init(&r);
	if (!err && c->s.organisation[0])
		snprintf(c->org, c->orgsz, "%s", c->s.organisation);
	else if (!err)
		err = ka_store_exec(
		    st, "SELECT name FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1", NULL,
		    0, &r, diag);
	if (!err && r.nrows == 1 && ka_rows_at(&r, 0, 0)->type == KA_VAL_TEXT)
		snprintf(c->org, c->orgsz, "%s", ka_rows_at(&r, 0, 0)->s);
	ka_rows_release(&r);
	if (!err)
		err = ka_risk_store_list(st, c->actor, c->f, NULL, c->l, diag);
	return err;
}

int ka_risk_store_plan(struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_risk_filter *f, struct ka_risk_list *l,
                       struct ka_risk_plan *p, char *org, size_t orgsz, struct ka_diag *diag)
{
	struct plan_ctx c;
	int rule, err;

	memset(&c, 0, sizeof(c));
	memset(p, 0, sizeof(*p));
	c.actor = actor;
	c.f = f;
	c.l = l;
	c.org = org;
	c.orgsz = orgsz;
	if (orgsz)
		org[0] = '\0';
	ka_risk_list_init(l);
	err = ka_risk_store_in_read_tx(st, plan_fn, &c, diag);
	if (err) {
		ka_risk_list_release(l);
		ka_risk_list_init(l);
		return err;
	}
	rule = ka_risk_plan_rule_parse(c.s.risk_plan_rule);
	ka_risk_plan_build(p, l,
	                   rule < 0 ? KA_RISK_PLAN_RED_OR_ACTION : (enum ka_risk_plan_rule)rule);
	return 0;
}
