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

#endif
