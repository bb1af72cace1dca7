/*
 * The portfolio's domain rules above storage: the process specification
 * (which fields exist and their types), the numbered outline of the
 * architecture, review traffic lights, who holds which kind of role on a
 * process, what a map version contributes to the index (element rows and
 * links to child processes), and comparing two versions.
 *
 * The server uses these; the CLI may later. Functions that talk to the
 * database take a struct ka_store inside the caller's transaction.
 *
 * Ownership: json_t results are new references (caller decrefs); strings
 * in result structs point into the map they were derived from.
 */
#ifndef KARTLA_PORTFOLIO_H
#define KARTLA_PORTFOLIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/check.h"
#include "kartla/date.h"
#include "kartla/err.h"
#include "kartla/model.h"
#include "kartla/store.h"

/* ---- process specification (portfolio_process.c) ---- */

/*
 * Checks a specification object (domain.md §2): known fields only, each of
 * its type (text, list of texts, or list of indicator objects). On failure
 * returns KA_ERR_INVALID with the offending field ("purpose",
 * "indicators[2].target") in diag->element_id and a message.
 */
int ka_spec_validate(const json_t *spec, struct ka_diag *diag);

/* The specification field names, NULL-terminated (for documentation and tests). */
const char *const *ka_spec_fields(void);

/*
 * Numbered outline: given n processes (id, parent id or 0, sort order),
 * fills out[i] ("2.1.3", at most KA_OUTLINE_MAX bytes) for each. Siblings
 * are numbered from 1 by (sort order, id). A process whose parent is not
 * in the list, or that sits on a cycle, is numbered as a root.
 */
#define KA_OUTLINE_MAX 64
struct ka_outline_in {
	int64_t id, parent_id, sort_order;
};
void ka_outline_compute(const struct ka_outline_in *in, size_t n, char (*out)[KA_OUTLINE_MAX]);
/* strcmp for outlines: numerically per component ("2.10" after "2.9"). */
int ka_outline_cmp(const char *a, const char *b);

/*
 * The review traffic light for a next review date (YYYY-MM-DD...) on
 * `today`: "red" when the date has passed, "yellow" within 10 % of the
 * interval (at least one day) before it, "green" otherwise; NULL when
 * there is no date or it does not parse. Sets *days_left when not NULL.
 */
const char *ka_review_light(const char *next_review, int64_t interval_days, const char *today,
                            int64_t *days_left);

/* Kinds of role a user holds on a process (bits), from role_assignments. */
enum {
	KA_ROLE_OWNER = 1 << 0,
	KA_ROLE_RESPONSIBLE = 1 << 1,
	KA_ROLE_TEAM = 1 << 2,
	KA_ROLE_ADVISOR = 1 << 3,
	KA_ROLE_RESOURCE = 1 << 4,
	KA_ROLE_FACILITATOR = 1 << 5,
	KA_ROLE_STEWARD = 1 << 6
};

/*
 * The role kinds `user_id` holds on process `process_id` on `today`
 * (YYYY-MM-DD): assignments to the process or any ancestor, and
 * organisation-wide ones, active on that date (from <= today <= to),
 * through people.user_id. Fills *mask with KA_ROLE_* bits.
 */
int ka_portfolio_roles(struct ka_store *st, int64_t process_id, int64_t user_id, const char *today,
                       unsigned *mask, struct ka_diag *diag);
/* Whether anyone holds the owner role on the process (or an ancestor) on `today`. */
int ka_portfolio_has_owner(struct ka_store *st, int64_t process_id, const char *today, bool *has,
                           struct ka_diag *diag);

/* ---- map versions (portfolio_map.c) ---- */

/* One index row of a map version. Strings borrowed from the map. */
struct ka_map_row {
	const char *element_id, *type, *name, *lane_id, *lane;
	bool has_process_time, has_wait_time;
	double process_time, wait_time; /* seconds */
	const char *called;             /* collapsed sub-process / call activity: what it calls */
};

struct ka_map_rows {
	struct ka_map_row *v;
	size_t n;
};

/*
 * The elements of a map worth indexing (flow nodes, lanes, pools, data
 * objects and stores with an id), in document order. `called` is the call
 * activity's calledElement (attribute, or a <calledElement processId>
 * extension), or a kartla:process attribute on a sub-process or call
 * activity.
 */
void ka_map_rows_build(const struct ka_map *m, struct ka_map_rows *out);
void ka_map_rows_release(struct ka_map_rows *rows);

/*
 * Reads BPMN text (at most max_bytes), repairing what other tools get wrong
 * (ka_read_opts.repair: the repairs are findings of rule import-repair) and,
 * when `findings` is not NULL (initialised by the caller), appends the
 * checker's findings with default rules in English
 * (ka_check_findings_to_json makes them JSON). On a read failure returns the
 * reader's code with its diagnostic in diag.
 */
int ka_map_load(struct ka_map **out, struct ka_findings *findings, const char *bpmn, size_t len,
                size_t max_bytes, struct ka_diag *diag);

/*
 * Reads an uploaded file (BPMN from any tool, Visio or draw.io as their
 * readers arrive: ka_import_read) like ka_map_load, strictly when `strict`
 * (today's refusals), else repairing and listing every repair in `rep` (may
 * be NULL). *text is the BPMN to store: NULL when the upload itself is clean
 * UTF-8 BPMN (stored byte for byte), else the repaired map written out (owned,
 * free()). On failure *out and *text are NULL.
 */
struct ka_import_report;
int ka_map_import(struct ka_map **out, struct ka_findings *findings, const char *data, size_t len,
                  size_t max_bytes, bool strict, struct ka_import_report *rep, char **text,
                  struct ka_diag *diag);

/* ---- comparing versions (portfolio_diff.c) ---- */

/*
 * Compares two maps, matching elements by id: {"added": [...], "removed":
 * [...], "renamed": [{id, from, to}, and {id, lang, from, to} for a translation
 * into nb, sv or en], "moved": [{id, name, from_lane, to_lane}], "times":
 * [{id, name, field, from, to}]} where times are in seconds (null when unset).
 * Either map may be NULL (then all elements of the other are added or removed).
 */
json_t *ka_map_diff(const struct ka_map *from, const struct ka_map *to);

/*
 * Compares two specification objects (either may be NULL: empty): a list
 * of {field, from, to} for every field whose value differs, in field order.
 */
json_t *ka_spec_diff(const json_t *from, const json_t *to);

#endif
