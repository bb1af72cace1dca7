/*
 * The demo workspace: a Norwegian university and a Swedish municipality
 * with units, people, both role schemes filled in, processes with maps
 * (lanes, process and wait times), a pending approval, a process overdue
 * for review, a facilitator network with meetings, training records with
 * a missing required course, a mapping assignment with problems and ideas,
 * and handbook pages of every visibility. Also the generator of simple
 * lane maps that the demo and the server benchmark share.
 */
#ifndef KARTLA_DEMO_H
#define KARTLA_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/store.h"

/* Every demo account has this password (documented in README.md). */
#define KA_DEMO_PASSWORD "kartla-demo"

struct ka_demo_login {
	const char *login, *name, *what;
};

/* The demo accounts, for printing at first start. Static storage. */
const struct ka_demo_login *ka_demo_logins(size_t *n);

/*
 * Seeds the demo workspace in one transaction when the workspace holds no
 * process, unit or person yet (otherwise does nothing: *seeded false).
 * `password_hash` (argon2id, made by the caller) is stored for every demo
 * account. Safe to call on every start.
 */
int ka_demo_seed(struct ka_store *st, const char *password_hash, bool *seeded,
                 struct ka_diag *diag);

/*
 * One step of a generated map: a task in lane `lane` with times in seconds;
 * `name` in English, with optional bokmål and Swedish translations.
 */
struct ka_demo_step {
	const char *id; /* the task's id, or NULL: Task_<key>_<index> */
	const char *name;
	unsigned lane;
	double process_time, wait_time;
	const char *nb, *sv; /* NULL: none */
};

/*
 * Appends a complete BPMN document (one pool, the given lanes, start event,
 * the steps in order, end event, with diagram) to `out`. `key` makes the
 * ids unique (letters, digits, '_').
 */
void ka_demo_lane_map(struct ka_buf *out, const char *key, const char *name,
                      const char *const *lanes, size_t nlanes, const struct ka_demo_step *steps,
                      size_t nsteps);

/*
 * Reads `bpmn` strictly, stores the checker's findings on map version
 * `version_id` and writes its map_elements rows with the one index writer,
 * ka_mapver_index (mapver.h), inside the caller's transaction. KA_ERR_BPMN
 * etc. for a map that does not read.
 */
int ka_demo_index_map(struct ka_store *st, int64_t version_id, const char *bpmn,
                      struct ka_diag *diag);

/*
 * The server benchmark's workspace (bench/server): `processes` processes
 * (one function area per 100) named from a small nb/sv vocabulary, each with
 * an approved generated lane map of about elements/processes indexed
 * elements, and `submitted` small submitted versions each waiting for
 * approval. One transaction; meant for an empty database.
 */
int ka_demo_bench_seed(struct ka_store *st, int processes, int elements, int submitted,
                       struct ka_diag *diag);

#endif
