/*
 * Map versions of a process: BPMN text for its as-is or to-be variant, read
 * strictly and checked on save (the findings are stored with the version),
 * with the element index rows derived from it (ka_mapver_index, the one
 * writer of map_elements), links of call activities to child processes,
 * listing, the current (approved) version and comparing two versions.
 * Governance (submit, approve, reject, comment) is in governance.h.
 *
 * Every function here runs its own transaction (a write transaction with
 * retries for writes, a read-only one for reads) unless noted, checks
 * permissions and states, and writes the audit row of a write. Errors are
 * a negative enum ka_err with the message in diag->message and the
 * offending field (a JSON field or query parameter name) in
 * diag->element_id.
 *
 * Ownership: a struct ka_mapver owns its strings (ka_mapver_release);
 * json_t results are new references the caller decrefs.
 */
#ifndef KARTLA_MAPVER_H
#define KARTLA_MAPVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/check.h"
#include "kartla/err.h"
#include "kartla/model.h"
#include "kartla/store.h"

#define KA_MAPVER_BPMN_MAX (8u * 1024u * 1024u) /* bytes of BPMN accepted */

/* One row of map_versions. Strings are owned; NULL where the column is NULL. */
struct ka_mapver {
	int64_t id, process_id, number;
	int64_t author_id, decided_by; /* 0: none */
	int64_t version;               /* the row's version counter: the ETag "v<N>" */
	char *variant, *state;
	char *findings;      /* the checker's {"lang","counts","findings"} as stored */
	char *specification; /* JSON object text */
	char *created_at, *submitted_at, *decided_at, *comment;
	char *bpmn;
	size_t bpmn_len;
};

/*
 * The language of the names process `pid`'s maps leave untranslated
 * (ka_check_map_lang: the one language the process is named in, else the
 * workspace's language setting, else `fallback`; a fallback of
 * KA_LANG__COUNT: the first language the process is named in, nb, sv, en,
 * else en); pid 0: no process. In
 * the caller's transaction; KA_ERR_NOT_FOUND (field "process") when there
 * is no such process. Every path that checks a stored or drawn map uses it.
 */
int ka_mapver_map_lang(struct ka_store *st, int64_t pid, enum ka_lang fallback, enum ka_lang *out,
                       struct ka_diag *diag);

/*
 * The live check of a map being drawn (POST /api/check): reads `bpmn` as
 * on save and answers the findings as ka_check_findings_to_json without a
 * file name (new reference in *out), messages in `reader`'s language,
 * untranslated names judged in ka_mapver_map_lang's (process `pid`, 0 for
 * none). Stores nothing. Errors: KA_ERR_INVALID (field "bpmn") for an empty
 * or too large map, the reader's error (field "bpmn") for one that does
 * not read, KA_ERR_NOT_FOUND (field "process").
 */
int ka_mapver_check(json_t **out, struct ka_store *st, int64_t pid, const char *bpmn, size_t len,
                    enum ka_lang reader, struct ka_diag *diag);

void ka_mapver_init(struct ka_mapver *v);
void ka_mapver_release(struct ka_mapver *v);

/*
 * The version as the API answers it: {id, process_id, variant, number,
 * state, author_id, created_at, submitted_at, decided_by, decided_at,
 * comment, version, counts}; with_body adds bpmn, findings and
 * specification.
 */
json_t *ka_mapver_to_json(const struct ka_mapver *v, bool with_body);

/* Pairs of (element id, what it calls), owned; from ka_mapver_full_json. */
struct ka_mapver_calls {
	char **v; /* 2 * n strings */
	size_t n;
};
void ka_mapver_calls_release(struct ka_mapver_calls *c);

/*
 * ka_mapver_to_json with the body and "model" (the BPMN read again; left
 * out when it no longer reads), and the map's calls of collapsed
 * sub-processes and call activities into *calls (may be NULL). Pure: the
 * part of an answer that follows from the row alone (the server caches it).
 */
json_t *ka_mapver_full_json(const struct ka_mapver *v, struct ka_mapver_calls *calls);

/*
 * What other rows say about version `version_id` of process `process_id`:
 * *links, [{element_id, called, process_id}] for the `n` calls (pairs of
 * element id and called name or id; process_id null when no direct child
 * of the process matches), and *approvals, [{action, actor_id, actor (the
 * login), actor_name (the display name), at, comment}] oldest first. Runs a
 * read transaction unless one is open.
 */
int ka_mapver_extras(struct ka_store *st, int64_t process_id, int64_t version_id,
                     const char *const *calls, size_t n, json_t **links, json_t **approvals,
                     struct ka_diag *diag);

struct ka_import_report;

/* What a create or an update brings. Borrowed. */
struct ka_mapver_in {
	const char *variant; /* "as_is" / "to_be"; NULL: as_is on create, unchanged on update */
	const char *bpmn;    /* NULL: unchanged (update only) */
	size_t bpmn_len;
	const json_t *spec; /* a proposed specification object; NULL with has_spec: none */
	bool has_spec;
	/*
	 * false (default): what other tools get wrong is repaired (ka_map_import),
	 * the repaired map is stored and each repair is a finding; true: refused.
	 */
	bool strict;
	struct ka_import_report *report; /* when not NULL, receives every repair */
};

/*
 * Reads in->bpmn strictly and runs the checker, then, in one transaction,
 * adds version N+1 of the variant as a draft by `actor` (a process editor:
 * admin, owner, responsible or facilitator, else KA_ERR_PERM), writes its
 * index rows and the audit row. Without a specification the version
 * carries a copy of the process's. Fills *out with the new row and *links
 * (may be NULL) with its links to child processes. KA_ERR_NOT_FOUND for an
 * unknown process; KA_ERR_INVALID ("variant", "specification.<field>",
 * "bpmn"), or the reader's KA_ERR_XML / KA_ERR_BPMN / KA_ERR_REF /
 * KA_ERR_LIMIT with field "bpmn" and the reader's located message.
 */
int ka_mapver_create(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                     const struct ka_mapver_in *in, struct ka_mapver *out, json_t **links,
                     struct ka_diag *diag);

/*
 * Edits a draft or rejected version (it becomes a draft): the BPMN (read,
 * checked and indexed again) and/or the specification. `if_match` is the
 * version counter the client read, or -1 for no check (KA_ERR_STALE when it
 * differs; *out then holds the current row). KA_ERR_CONFLICT when the
 * version is submitted, approved or superseded.
 */
int ka_mapver_update(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                     int64_t version_id, const struct ka_mapver_in *in, int64_t if_match,
                     struct ka_mapver *out, struct ka_diag *diag);

/*
 * Revert: starts a new draft of the same variant from version `version_id`
 * (any state) of process `process_id`, with its BPMN and its specification,
 * by `actor` under the rules of ka_mapver_create (a process editor; the
 * audit row is that of a created version, with "reverted_from": the old
 * version's id). The old version is unchanged.
 * KA_ERR_NOT_FOUND for an unknown version.
 */
int ka_mapver_revert(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                     int64_t version_id, struct ka_mapver *out, struct ka_diag *diag);
/*
 * As ka_mapver_revert, but the draft is of `variant` ("as_is" or "to_be";
 * NULL: the old version's): a to-be draft can start from any version.
 * KA_ERR_INVALID (field "variant") for another variant.
 */
int ka_mapver_revert_as(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                        int64_t version_id, const char *variant, struct ka_mapver *out,
                        struct ka_diag *diag);

/* One version of a process (with its BPMN); KA_ERR_NOT_FOUND. */
int ka_mapver_get(struct ka_store *st, int64_t process_id, int64_t version_id,
                  struct ka_mapver *out, struct ka_diag *diag);

/*
 * A page of a process's versions (variant NULL: both), newest first per
 * variant, as a JSON array of ka_mapver_to_json(.., false) in *items, and
 * the number of matching versions in *total. KA_ERR_USAGE ("variant") for
 * an unknown variant, KA_ERR_NOT_FOUND for an unknown process.
 */
int ka_mapver_list(struct ka_store *st, int64_t process_id, const char *variant, int64_t limit,
                   int64_t offset, json_t **items, int64_t *total, struct ka_diag *diag);

/*
 * The approved version of a variant: its id and row version counter.
 * KA_ERR_USAGE ("variant"); KA_ERR_NOT_FOUND when the process does not
 * exist or has no approved map of that variant yet.
 */
int ka_mapver_current(struct ka_store *st, int64_t process_id, const char *variant,
                      int64_t *version_id, int64_t *rowver, struct ka_diag *diag);

/*
 * Compares versions `from` and `to` of a process: ka_map_diff of the two
 * maps plus "specification" (ka_spec_diff; a version without its own
 * specification stands for the process's), "from" and "to" (the versions
 * without body). KA_ERR_NOT_FOUND (field "from" or "to").
 */
int ka_mapver_compare(struct ka_store *st, int64_t process_id, int64_t from, int64_t to,
                      json_t **out, struct ka_diag *diag);

/*
 * The one writer of a version's element index (map_elements, and through
 * the schema's triggers the search documents): replaces the version's rows
 * with one per indexed element of `map` (flow nodes, lanes, pools, data
 * references), whose name holds the element's name and every translation
 * (i18n:translation) so that search finds it in nb, sv and en ("Register
 * application / Registrere søknad / Registrera ansökan"); the lane likewise.
 * Runs inside the caller's write transaction.
 */
int ka_mapver_index(struct ka_store *st, int64_t version_id, const struct ka_map *map,
                    struct ka_diag *diag);

#endif
