/* Shared by the files of lib/riskdb: helpers that run inside the caller's transaction. */
#ifndef KARTLA_RISK_STORE_INT_H
#define KARTLA_RISK_STORE_INT_H

#include "kartla/risk_store.h"

/* 0, or KA_ERR_NOT_FOUND "no such process N". */
int ka_risk_store_process_exists(struct ka_store *st, int64_t id, struct ka_diag *diag);

/* Runs fn in a read transaction, or in the caller's transaction when there is one. */
int ka_risk_store_in_read_tx(struct ka_store *st,
                             int (*fn)(struct ka_store *st, void *ctx, struct ka_diag *diag),
                             void *ctx, struct ka_diag *diag);

/*
 * Whether `actor` may read the register (risk_store_access.c): the system
 * (NULL) and signed-in users always; anonymous readers only when the
 * workspace setting anonymous_risk is on (else KA_ERR_AUTH).
 */
int ka_risk_store_may_read(struct ka_store *st, const struct ka_actor *actor, struct ka_diag *diag);

/* ---- the fields of a request (risk_store_check.c) ---- */

enum ka_rf_kind {
	KA_RF_TEXT,
	KA_RF_DATE,
	KA_RF_PERSON,
	KA_RF_UNIT,
	KA_RF_ENUM,
	KA_RF_ELEMENT,
	KA_RF_CATEGORY /* a code of the workspace's risk categories */
};

struct ka_rf {
	const char *name; /* JSON field and column */
	enum ka_rf_kind kind;
	size_t max;        /* strings: bytes */
	const char *extra; /* KA_RF_ENUM: "a|b" */
};

#define KA_RISK_NFIELDS   17
#define KA_ACTION_NFIELDS 4
extern const struct ka_rf ka_risk_store_risk_fields[KA_RISK_NFIELDS];
extern const struct ka_rf ka_risk_store_action_fields[KA_ACTION_NFIELDS];

/* KA_ERR_INVALID with `field` and the message; returns it. */
int ka_risk_store_invalid(struct ka_diag *diag, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The shape of a risk's or an action's body (create: the title is required). */
int ka_risk_store_check_risk(const json_t *body, bool create, struct ka_diag *diag);
int ka_risk_store_check_action(const json_t *body, bool create, struct ka_diag *diag);
/* A JSON field's value as a parameter (integer, string, else NULL). */
struct ka_val ka_risk_store_field_val(const json_t *v);

/* ---- checks inside the transaction ---- */

/* The process's editors (owner, responsible/leader, facilitators) and administrators. */
int ka_risk_store_require_editor(struct ka_store *st, const struct ka_actor *actor, int64_t pid,
                                 struct ka_diag *diag);
/* Signed in, and a facilitator or an administrator. */
int ka_risk_store_require_facilitator(struct ka_store *st, const struct ka_actor *actor,
                                      struct ka_diag *diag);
/* *out = version; KA_ERR_STALE when if_match (>= 0) is another version. */
int ka_risk_store_check_version(int64_t if_match, int64_t version, int64_t *out,
                                struct ka_diag *diag);
/* KA_ERR_INVALID naming `field` when the person (or unit) `id` does not exist. */
int ka_risk_store_check_ref(struct ka_store *st, const char *field, enum ka_rf_kind kind,
                            int64_t id, struct ka_diag *diag);
/* KA_ERR_INVALID naming `field` when `code` is not one of the workspace's risk categories. */
int ka_risk_store_check_category(struct ka_store *st, const char *field, const char *code,
                                 struct ka_diag *diag);
/* KA_ERR_INVALID naming element_id when it is not in the process's current map. */
int ka_risk_store_check_element(struct ka_store *st, int64_t pid, const char *element_id,
                                struct ka_diag *diag);

#endif
