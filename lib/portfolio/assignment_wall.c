/*
 * The workshop wall of a mapping assignment (kartla/assignment.h): dots a
 * facilitator records per idea and workshop for participants without
 * accounts, and the activity plan as CSV (semicolon, UTF-8 BOM, headings
 * in the reader's language) for a spreadsheet.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/assignment.h"
#include "kartla/resource_hb.h"
#include "kartla/risk.h"
#include "kartla/banned.h"

struct dots_tx {
	const struct ka_actor *actor;
	int64_t idea, workshop, dots;
	json_t *result;
	char etag[KA_RES_ETAG_LEN];
};

static int dots_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct dots_tx *t = vctx;
	struct ka_val p[3] = {ka_int(t->idea), ka_int(t->workshop), ka_int(t->dots)};
	json_t *before = NULL;
	struct ka_rows r;
	int err;

	json_decref(t->result);
	t->result = NULL;
	ka_rows_init(&r);
	err = ka_res_load(&ka_res_hb_ideas_flat, st, t->idea, 2, &before, NULL, NULL, diag);
	if (!err && !before)
		return ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such idea %" PRId64,
		                   t->idea);
	if (!err)
		err = ka_store_exec(
		    st,
		    "SELECT 1 FROM workshops w JOIN ideas i"
		    " ON i.assignment_id = w.assignment_id WHERE i.id = ? AND w.id = ?",
		    p, 2, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "workshop_id",
		                  "workshop %" PRId64 " is not a workshop of the idea's assignment",
		                  t->workshop);
	ka_rows_release(&r);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO idea_dots (idea_id, workshop_id, dots) VALUES (?, ?, ?)"
		    " ON CONFLICT (idea_id, workshop_id) DO UPDATE SET dots = excluded.dots",
		    p, 3, NULL, diag);
	if (!err)
		err = ka_store_exec(st,
		                    "UPDATE ideas SET dots = (SELECT COALESCE(SUM(dots), 0)"
		                    " FROM idea_dots WHERE idea_id = ideas.id) WHERE id = ?",
		                    p, 1, NULL, diag);
	if (!err)
		err = ka_res_load(&ka_res_hb_ideas_flat, st, t->idea, 2, &t->result, NULL, t->etag,
		                  diag);
	if (!err)
		err =
		    ka_audit_write(st, t->actor, "dots", "idea", t->idea, before, t->result, diag);
	json_decref(before);
	return err;
}

int ka_assignment_record_dots(struct ka_store *st, const struct ka_actor *actor, int64_t idea,
                              int64_t workshop, int64_t dots, json_t **out,
                              char etag[KA_RES_ETAG_LEN], struct ka_diag *diag)
{
	struct dots_tx tx;
	int err;

	*out = NULL;
	err = ka_res_can_write(st, actor, KA_RES_PERM_FACILITATOR, diag);
	if (err)
		return err;
	if (dots < 0 || dots > 100000)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "dots", "dots must be 0 to 100000");
	if (workshop <= 0)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "workshop_id",
		                   "workshop_id must be a positive id");
	memset(&tx, 0, sizeof(tx));
	tx.actor = actor;
	tx.idea = idea;
	tx.workshop = workshop;
	tx.dots = dots;
	err = ka_store_transact(st, dots_fn, &tx, KA_STORE_ATTEMPTS, diag);
	if (err) {
		json_decref(tx.result);
		return err;
	}
	snprintf(etag, KA_RES_ETAG_LEN, "%s", tx.etag);
	*out = tx.result;
	return 0;
}

/* ---- the activity plan as CSV ---- */

enum { H_IMPROVEMENT, H_RESPONSIBLE, H_DUE, H_STATUS, H_IDEA, H_N };

static const char *const headings[3][H_N] = {
    {"Forbedring", "Ansvarlig", "Frist", "Status", "Idé"},
    {"Förbättring", "Ansvarig", "Klart senast", "Status", "Idé"},
    {"Improvement", "Responsible", "Due date", "Status", "Idea"},
};

static const char *const statuses[][4] = {
    /* planned, ongoing, done, dropped: the words the UI shows (web/src/i18n*.js) */
    {"Planlagt", "Pågår", "Utført", "Droppet"},
    {"Planerat", "Pågår", "Utförd", "Struken"},
    {"Planned", "Ongoing", "Done", "Dropped"},
};

static int lang_index(const char *lang)
{
	if (lang && !strcmp(lang, "nb"))
		return 0;
	if (lang && !strcmp(lang, "sv"))
		return 1;
	return 2;
}

/* One field, ";" between them as Nordic Excel expects, through the risk plan's cell writer
 * (quoting and the formula-injection guard). */
static void csv_field(struct ka_buf *o, const char *s, bool last)
{
	ka_risk_csv_cell(o, s, ';', last);
}

static const char *status_word(int li, const char *s)
{
	static const char *const keys[] = {"planned", "ongoing", "done", "dropped"};

	for (size_t i = 0; i < 4; i++)
		if (!strcmp(s, keys[i]))
			return statuses[li][i];
	return s;
}

int ka_assignment_plan_csv(struct ka_store *st, int64_t id, const char *lang, struct ka_buf *out,
                           struct ka_diag *diag)
{
	int li = lang_index(lang);
	struct ka_rows r;
	char num[32];
	int err;

	ka_rows_init(&r);
	err = ka_store_begin_read(st);
	if (!err)
		err = ka_store_exec(st, "SELECT 1 FROM assignments WHERE id = ?",
		                    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such assignment %" PRId64,
		                  id);
	ka_rows_release(&r);
	if (!err)
		err = ka_store_exec(
		    st,
		    "SELECT p.improvement, COALESCE(pe.name, ''),"
		    " COALESCE(p.due_date, ''), p.status, p.idea_id"
		    " FROM plan_items p LEFT JOIN people pe ON pe.id = p.responsible_id"
		    " WHERE p.assignment_id = ? ORDER BY COALESCE(p.due_date, '9999'), p.id",
		    (struct ka_val[]){ka_int(id)}, 1, &r, diag);
	if (ka_store_in_tx(st))
		ka_store_rollback(st); /* read only: nothing to commit */
	if (err)
		goto out;
	ka_buf_adds(out, "\xEF\xBB\xBF"); /* the BOM: spreadsheets then read UTF-8 */
	for (int h = 0; h < H_N; h++)
		csv_field(out, headings[li][h], h == H_N - 1);
	for (size_t i = 0; i < r.nrows; i++) {
		csv_field(out, ka_rows_at(&r, i, 0)->s, false);
		csv_field(out, ka_rows_at(&r, i, 1)->s, false);
		csv_field(out, ka_rows_at(&r, i, 2)->s, false);
		csv_field(out, status_word(li, ka_rows_at(&r, i, 3)->s), false);
		num[0] = 0;
		if (ka_rows_at(&r, i, 4)->type == KA_VAL_INT)
			snprintf(num, sizeof(num), "%" PRId64, ka_rows_at(&r, i, 4)->i);
		csv_field(out, num, true);
	}
out:
	ka_rows_release(&r);
	return err;
}
