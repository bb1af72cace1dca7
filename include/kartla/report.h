/*
 * The process description document (lib/report): everything a facilitator
 * hands over about one process — specification, roles, the map, RACI per
 * activity, risks with their actions, the lead-time figures, the version
 * and approval history — gathered through the library's own functions into
 * a struct ka_report (report.c), then rendered as an A4 PDF with cairo and
 * pango (report_pdf.c), the map drawn as vector graphics from its BPMN DI
 * (report_map.c). Nothing is stored.
 *
 * Ownership: a struct ka_report owns everything it points at
 * (ka_report_release); the PDF bytes are appended to the caller's buffer.
 */
#ifndef KARTLA_REPORT_H
#define KARTLA_REPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/model.h"
#include "kartla/risk.h"
#include "kartla/store.h"

/* One role of the map: a lane or a RACI role, with how many activities it has. */
struct ka_report_role {
	char *name;
	size_t activities;
};

/* One role assignment of the process: the role and the person holding it. */
struct ka_report_holder {
	char *role, *person, *from, *to;
	char *names[3]; /* the role's names in nb, sv, en, to match a map's RACI roles */
};

/* One activity's RACI: the role names holding each letter, joined by ", ". */
struct ka_report_raci {
	char *activity;
	char *r, *a, *c, *i;
};

struct ka_report {
	char lang[3];  /* "nb", "sv" or "en": the document's language */
	char date[11]; /* the day it was made (YYYY-MM-DD) */
	char *name;    /* the process's name in lang (else another) */
	char *type, *status, *next_review, *outline;
	json_t *spec;   /* the specification object (never NULL) */
	int64_t map_id; /* the map version shown; 0: none */
	int64_t map_number;
	char *map_state;    /* of that version */
	struct ka_map *map; /* its model, or NULL when the process has no map */
	struct ka_report_role *roles;
	size_t nroles;
	struct ka_report_raci *raci;
	size_t nraci;
	struct ka_report_holder *holders; /* the people in the process's roles */
	size_t nholders;
	struct ka_risk_list risks;
	json_t *leadtime; /* the analysis (ka_lt_store_run), or NULL when it could not run */
	json_t *versions; /* map versions, newest first (ka_mapver_list items) */
	json_t *history;  /* audit entries, newest first (ka_process_history items) */
};

/*
 * Names the people behind the RACI roles: every role of r->raci that one of
 * r->holders' roles is called (in any of its languages, ignoring ASCII case)
 * becomes "role (Person, Person)". ka_report_gather calls it.
 */
void ka_report_raci_people(struct ka_report *r);

void ka_report_init(struct ka_report *r);
void ka_report_release(struct ka_report *r);

/*
 * Gathers the document of process `process_id` in language `lang` ("nb",
 * "sv", "en"; anything else is KA_ERR_USAGE naming "lang") as `actor`
 * sees it (the people in its roles are read with the actor's rights) into *out
 * (initialised by the call; release it also on failure). The map is the
 * approved as-is version, else the newest version of any state.
 * KA_ERR_NOT_FOUND ("process") for an unknown process. Reads only.
 */
int ka_report_gather(struct ka_report *out, struct ka_store *st, const struct ka_actor *actor,
                     int64_t process_id, const char *lang, struct ka_diag *diag);

/*
 * Renders `r` as an A4 PDF appended to `out`; *pages (when not NULL) is the
 * number of pages. KA_ERR_IO when cairo fails.
 */
int ka_report_pdf(struct ka_buf *out, const struct ka_report *r, int *pages, struct ka_diag *diag);

/*
 * ka_report_gather then ka_report_pdf: the document of process
 * `process_id` as `actor` sees it, in `lang`, appended to `out` as PDF.
 */
int ka_report_process_pdf(struct ka_buf *out, struct ka_store *st, const struct ka_actor *actor,
                          int64_t process_id, const char *lang, int *pages, struct ka_diag *diag);

/*
 * The mapping assignment's report, a smaller second document: the
 * assignment, its workshops, problems and ideas with groups and votes, and
 * the activity plan (the ideas planned or done), as `actor` may read them,
 * in `lang`, appended to `out` as an A4 PDF. KA_ERR_NOT_FOUND for an
 * assignment the actor cannot see; KA_ERR_USAGE ("lang").
 */
int ka_report_assignment_pdf(struct ka_buf *out, struct ka_store *st, const struct ka_actor *actor,
                             int64_t assignment_id, const char *lang, int *pages,
                             struct ka_diag *diag);

/* The document's words in `lang` (nb, sv, en; else en); static storage. */
const char *ka_report_word(const char *lang, const char *key);

#endif
