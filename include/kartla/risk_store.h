/*
 * The stored risk register (docs/risk.md): the workspace's scales, risks
 * with their scores, score history and actions, read into the typed values
 * of kartla/risk.h and written with their rules: field shapes, people and
 * units that exist, element ids of the process's current map, scores on
 * the current scale, decisions against the acceptance criteria, who may
 * write (the editors of the process: owner, responsible/leader,
 * facilitators, administrators; facilitators and administrators set the
 * scale), optimistic concurrency and the audit log. Shared by the server
 * and `kartla risk`.
 *
 * Functions named *_load, *_insert, *_current_id, *_map_version,
 * *_element_exists and *_query run inside the caller's transaction (or
 * autocommit); the others run their own: a read transaction for reads, a
 * write transaction retried on KA_ERR_BUSY for writes.
 *
 * Errors: KA_ERR_NOT_FOUND (no such process, risk, action or scale),
 * KA_ERR_INVALID (a bad field, named in diag->element_id), KA_ERR_PERM,
 * KA_ERR_AUTH, KA_ERR_STALE (if_match is not the current version), and the
 * store's codes. `if_match` is the version the caller last read, or -1 for
 * "any". A message is always in diag.
 *
 * Ownership: lists and json_t answers are the caller's (ka_risk_list_release,
 * json_decref); scales sets are released with ka_risk_scales_release.
 */
#ifndef KARTLA_RISK_STORE_H
#define KARTLA_RISK_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/risk.h"
#include "kartla/store.h"

/* ---- scales ---- */

/* Every scale the workspace has had, and which is current. */
int ka_risk_store_scales_load(struct ka_store *st, struct ka_risk_scales *out,
                              struct ka_diag *diag);
/* One scale by row id; KA_ERR_NOT_FOUND when there is none. */
int ka_risk_store_scale_get(struct ka_store *st, int64_t id, struct ka_risk_scale *out,
                            struct ka_diag *diag);
/* Inserts a new current scale (inside the caller's transaction); *id is its row id. */
int ka_risk_store_scale_insert(struct ka_store *st, const struct ka_risk_scale *s, int64_t user_id,
                               int64_t *id, struct ka_diag *diag);
/*
 * The row id of the current scale, inserting the default preset first when
 * the workspace has none (inside the caller's transaction).
 */
int ka_risk_store_scale_current_id(struct ka_store *st, int64_t *id, struct ka_diag *diag);
/*
 * Sets a new current scale: a preset by key (`preset`) or a scale as JSON
 * (`scale`, see ka_risk_scale_from_json), exactly one of them. Facilitators
 * and administrators only. *id and *out are the stored scale.
 */
int ka_risk_store_scale_set(struct ka_store *st, const struct ka_actor *actor, const char *preset,
                            const json_t *scale, int64_t *id, struct ka_risk_scale *out,
                            struct ka_diag *diag);

/* ---- maps ---- */

/*
 * The map version a process's risks are checked against: the approved
 * as-is version, else the newest as-is version; 0 when the process has no
 * map. An element id is valid when that version's index has it.
 */
int ka_risk_store_map_version(struct ka_store *st, int64_t process_id, int64_t *version_id,
                              struct ka_diag *diag);
int ka_risk_store_element_exists(struct ka_store *st, int64_t version_id, const char *element_id,
                                 bool *exists, struct ka_diag *diag);

/* ---- reading risks ---- */

/*
 * Appends the risks matching `f` to `out` (classified with `scales`,
 * actions overdue against `today`, YYYY-MM-DD), sorted by f->sort.
 */
int ka_risk_store_query(struct ka_store *st, const struct ka_risk_scales *scales,
                        const struct ka_risk_filter *f, const char *today, struct ka_risk_list *out,
                        struct ka_diag *diag);
/*
 * Readers: `actor` NULL is the system (the CLI); an anonymous actor
 * (user_id 0) reads the register only when the workspace setting
 * anonymous_risk is on, else KA_ERR_AUTH.
 *
 * The register for a list, a matrix or a plan: the scales (optional: NULL)
 * and the risks matching `f`, as of today. KA_ERR_NOT_FOUND when
 * f->process_id names no process.
 */
int ka_risk_store_list(struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_risk_filter *f, struct ka_risk_scales *scales,
                       struct ka_risk_list *out, struct ka_diag *diag);
/* One risk (out->n == 1), with its score history when `history`. */
int ka_risk_store_get(struct ka_store *st, const struct ka_actor *actor, int64_t id, bool history,
                      struct ka_risk_list *out, struct ka_diag *diag);
/* The markers of a process's current map (ka_risk_markers_to_json) as a new JSON object. */
int ka_risk_store_markers(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                          json_t **out, struct ka_diag *diag);
/*
 * Open actions past their due date across the risks matching `f`
 * (ka_risk_overdue_to_json) as a new JSON object. A workspace-wide list:
 * only roles that cover the workspace (ka_mypage_sees) read it;
 * administrators, facilitators and stewards all of it, a process owner
 * only the processes they own (inherited from a parent process).
 * KA_ERR_AUTH anonymous, KA_ERR_PERM anyone else; NULL is the system.
 */
int ka_risk_store_overdue(struct ka_store *st, const struct ka_actor *actor,
                          const struct ka_risk_filter *f, json_t **out, struct ka_diag *diag);
/*
 * The internal-control plan over the risks matching `f`: *l the risks
 * (release with ka_risk_list_release), *p the plan built from them by the
 * workspace's rule (setting risk_plan_rule; release with
 * ka_risk_plan_release, before *l), and `org` the organisation's name for a
 * printed plan (setting organisation, else the root unit's name, else "").
 */
int ka_risk_store_plan(struct ka_store *st, const struct ka_actor *actor,
                       const struct ka_risk_filter *f, struct ka_risk_list *l,
                       struct ka_risk_plan *p, char *org, size_t orgsz, struct ka_diag *diag);

/* ---- writing ---- */

/*
 * Creates a risk on process `process_id` (id 0) or patches risk `id` from
 * the JSON object `body` (the fields of docs/api.md "Risks"; scores as
 * {"likelihood","consequence"} on the current scale; null clears a field).
 * The written risk is in `out` (out->n == 1). On KA_ERR_STALE *version is
 * the current version.
 */
int ka_risk_store_save(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                       int64_t id, const json_t *body, int64_t if_match, struct ka_risk_list *out,
                       int64_t *version, struct ka_diag *diag);
/* Deletes a risk with its actions and history. */
int ka_risk_store_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                         int64_t if_match, int64_t *version, struct ka_diag *diag);
/*
 * Creates an action on risk `risk_id` (id 0) or patches action `id` from
 * `body` ({"title","responsible_id","due_date","status","cost"}). *out is
 * the action row as JSON ({"id","risk_id","title","responsible_id",
 * "due_date","status","cost","version"}); *version its version (the
 * current one on KA_ERR_STALE).
 */
int ka_risk_store_action_save(struct ka_store *st, const struct ka_actor *actor, int64_t risk_id,
                              int64_t id, const json_t *body, int64_t if_match, json_t **out,
                              int64_t *version, struct ka_diag *diag);
int ka_risk_store_action_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                int64_t if_match, int64_t *version, struct ka_diag *diag);

/* ---- categories (lib/riskdb/risk_store_category.c) ---- */

/*
 * The workspace's managed risk categories, a risk's `category` being one's
 * code: {"items":[{"id","code","name":{"nb","sv","en"},"sort_order",
 * "version"}]} by sort_order, then id, as a new object. Anyone who may read
 * the register reads them.
 */
int ka_risk_store_categories(struct ka_store *st, const struct ka_actor *actor, json_t **out,
                             struct ka_diag *diag);
/*
 * Creates (id 0) or patches category `id` from `body` {"code" (create only:
 * 1-40 of a-z 0-9 _ -, unique, never changed), "name":{"nb","sv","en"}
 * (each 1-100 bytes; all three on create, any on patch), "sort_order"}.
 * Administrators only. *out the category as JSON (as in the list).
 */
int ka_risk_store_category_save(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                const json_t *body, int64_t if_match, json_t **out,
                                struct ka_diag *diag);
/* Deletes a category no risk uses (else KA_ERR_CONFLICT). Administrators only. */
int ka_risk_store_category_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                  int64_t if_match, struct ka_diag *diag);

#endif
