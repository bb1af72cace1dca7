/*
 * Domain rules of the organisation: who is a facilitator today, who lacks
 * which required course, dates, and the mapping assignment's status machine.
 */
#include <string.h>

#include "kartla/org.h"
#include "kartla/banned.h"

int ka_org_is_facilitator(struct ka_store *st, int64_t user_id, const char *today, bool *out,
                          struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*out = false;
	if (user_id <= 0)
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT 1 FROM people p JOIN role_assignments ra ON ra.person_id = p.id"
	                    " JOIN roles ro ON ro.id = ra.role_id"
	                    " WHERE p.user_id = ? AND ro.kind IN ('facilitator', 'steward')"
	                    " AND ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	                    " LIMIT 1",
	                    (struct ka_val[]){ka_int(user_id), ka_text(today), ka_text(today)}, 3,
	                    &r, diag);
	if (!err)
		*out = r.nrows > 0;
	ka_rows_release(&r);
	return err;
}

int ka_org_missing_courses(struct ka_store *st, const char *today, struct ka_rows *out,
                           struct ka_diag *diag)
{
	return ka_store_exec(
	    st,
	    "SELECT DISTINCT p.id AS person_id, p.name AS person, ro.id AS role_id,"
	    " COALESCE(ro.name_en, ro.name_nb, ro.name_sv) AS role, c.id AS course_id,"
	    " c.name AS course"
	    " FROM role_assignments ra JOIN people p ON p.id = ra.person_id"
	    " JOIN roles ro ON ro.id = ra.role_id"
	    " JOIN role_required_courses rc ON rc.role_id = ro.id"
	    " JOIN courses c ON c.id = rc.course_id"
	    " WHERE ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	    " AND NOT EXISTS (SELECT 1 FROM training_records t"
	    "  WHERE t.person_id = p.id AND t.course_id = c.id)"
	    " ORDER BY p.name, p.id, ro.id, c.id",
	    (struct ka_val[]){ka_text(today), ka_text(today)}, 2, out, diag);
}

bool ka_enum_has(const char *list, const char *s)
{
	size_t n = strlen(s);

	while (list && *list) {
		const char *bar = strchr(list, '|');
		size_t len = bar ? (size_t)(bar - list) : strlen(list);

		if (len == n && !strncmp(list, s, n))
			return true;
		list = bar ? bar + 1 : NULL;
	}
	return false;
}
