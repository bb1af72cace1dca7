/*
 * Notifications queued by resource writes (resource_int.h), inside the
 * write's transaction: a new role assignment, people newly named in a
 * mapping assignment.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/notify.h"
#include "resource_int.h"
#include "kartla/banned.h"

static const char *text_or_null(const struct ka_val *v)
{
	return v->type == KA_VAL_TEXT ? v->s : NULL;
}

int res_notify_role_assignment(struct ka_store *st, const struct ka_actor *actor,
                               const json_t *before, const json_t *after, struct ka_diag *diag)
{
	json_int_t person = json_integer_value(json_object_get(after, "person_id"));
	json_int_t pid = json_integer_value(json_object_get(after, "process_id"));
	char link[64];
	struct ka_rows r;
	int err;

	if (before || !person)
		return 0;
	if (pid)
		snprintf(link, sizeof(link), "/#/process/%" PRId64, (int64_t)pid);
	else
		snprintf(link, sizeof(link), "/#/");
	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    "SELECT r.name_nb, r.name_sv, r.name_en, r.key,"
	    " p.name_nb, p.name_sv, p.name_en, u.name"
	    " FROM roles r LEFT JOIN processes p ON p.id = ?"
	    " LEFT JOIN units u ON u.id = ? WHERE r.id = ?"
	    " AND NOT EXISTS (SELECT 1 FROM people WHERE id = ? AND user_id = ?)",
	    (struct ka_val[]){ka_int(pid),
	                      ka_int(json_integer_value(json_object_get(after, "unit_id"))),
	                      ka_int(json_integer_value(json_object_get(after, "role_id"))),
	                      ka_int((int64_t)person), ka_int(actor->user_id)},
	    5, &r, diag);
	if (!err && r.nrows == 1) {
		struct ka_notify_msg m = {.kind = KA_NOTIFY_ROLE_GIVEN,
		                          .subject = text_or_null(ka_rows_at(&r, 0, 3)),
		                          .subject_nb = text_or_null(ka_rows_at(&r, 0, 0)),
		                          .subject_sv = text_or_null(ka_rows_at(&r, 0, 1)),
		                          .subject_en = text_or_null(ka_rows_at(&r, 0, 2)),
		                          .detail = text_or_null(ka_rows_at(&r, 0, 7)),
		                          .detail_nb = text_or_null(ka_rows_at(&r, 0, 4)),
		                          .detail_sv = text_or_null(ka_rows_at(&r, 0, 5)),
		                          .detail_en = text_or_null(ka_rows_at(&r, 0, 6)),
		                          .link = link};

		err = ka_notify_queue_person(st, (int64_t)person, &m, diag);
	}
	ka_rows_release(&r);
	return err;
}

/* Whether `name` is among the names a mapping assignment's body gives (text or list fields). */
static bool names(const json_t *body, const char *name)
{
	static const char *const fields[] = {"ordering_owner", "facilitators", "participants"};
	size_t i, k;
	json_t *v;

	for (i = 0; body && i < sizeof(fields) / sizeof(fields[0]); i++) {
		const json_t *f = json_object_get(body, fields[i]);

		if (json_is_string(f) && !strcmp(json_string_value(f), name))
			return true;
		json_array_foreach((json_t *)f, k,
		                   v) if (json_is_string(v) &&
		                          !strcmp(json_string_value(v), name)) return true;
	}
	return false;
}

int res_notify_mapping_assignment(struct ka_store *st, const struct ka_actor *actor,
                                  const json_t *before, const json_t *after, struct ka_diag *diag)
{
	const json_t *body = json_object_get(after, "body");
	const json_t *old = before ? json_object_get(before, "body") : NULL;
	char link[64];
	struct ka_rows r;
	size_t i;
	int err;

	if (!json_is_object(body))
		return 0;
	snprintf(link, sizeof(link), "/#/assignments/%" PRId64,
	         (int64_t)json_integer_value(json_object_get(after, "id")));
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT id, name FROM people WHERE user_id IS NULL OR user_id <> ?"
	                    " ORDER BY id",
	                    (struct ka_val[]){ka_int(actor->user_id)}, 1, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		const char *name = ka_rows_at(&r, i, 1)->s;
		struct ka_notify_msg m = {
		    .kind = KA_NOTIFY_ASSIGNMENT_GIVEN,
		    .subject = json_string_value(json_object_get(after, "title")),
		    .due = json_string_value(json_object_get(after, "due_date")),
		    .link = link};

		if (names(body, name) && !names(old, name))
			err = ka_notify_queue_person(st, ka_rows_at(&r, i, 0)->i, &m, diag);
	}
	ka_rows_release(&r);
	return err;
}
