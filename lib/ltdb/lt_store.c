/*
 * Lead-time analysis of stored map versions: the BPMN of one version (and
 * of the version it is compared with) read in one read transaction, then
 * analysed outside it.
 */
#include <inttypes.h>
#include <string.h>

#include "kartla/lt_store.h"
#include "kartla/banned.h"

/* The BPMN of version vid of process pid into row 0 of `rows`; NOT_FOUND naming `field`. */
static int read_version(struct ka_store *st, int64_t pid, int64_t vid, const char *field,
                        struct ka_rows *rows, struct ka_diag *diag)
{
	int err = ka_store_exec(st, "SELECT bpmn FROM map_versions WHERE id = ? AND process_id = ?",
	                        (struct ka_val[]){ka_int(vid), ka_int(pid)}, 2, rows, diag);

	if (!err && rows->nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, field,
		                  "no map version %" PRId64 " of process %" PRId64, vid, pid);
	return err;
}

static int read_versions(struct ka_store *st, int64_t pid, int64_t vid, int64_t compare,
                         struct ka_rows *a, struct ka_rows *b, struct ka_diag *diag)
{
	int err = read_version(st, pid, vid, "bpmn", a, diag);

	if (!err && compare)
		err = read_version(st, pid, compare, "compare", b, diag);
	return err;
}

int ka_lt_store_run(struct ka_store *st, int64_t process_id, int64_t version_id,
                    const struct ka_lt_request *q, json_t **json, struct ka_buf *svg,
                    struct ka_diag *diag)
{
	struct ka_rows a, b;
	bool own = !ka_store_in_tx(st);
	int err = 0;

	*json = NULL;
	ka_rows_init(&a);
	ka_rows_init(&b);
	if (own && (err = ka_store_begin_read(st)))
		err = ka_store_fail(diag, err, "cannot begin a read: %s", ka_store_errmsg(st));
	if (!err)
		err = read_versions(st, process_id, version_id, q->compare, &a, &b, diag);
	if (own && !err)
		err = ka_store_commit(st);
	else if (own && ka_store_in_tx(st))
		ka_store_rollback(st);
	if (!err) {
		const struct ka_val *x = ka_rows_at(&a, 0, 0),
		                    *y = q->compare ? ka_rows_at(&b, 0, 0) : NULL;

		err = ka_lt_request_run(q, x->s, x->len, "bpmn", y ? y->s : NULL, y ? y->len : 0,
		                        "compare", json, svg, diag);
	}
	if (!err && *json) {
		json_object_set_new(*json, "version_id", json_integer(version_id));
		if (q->compare)
			json_object_set_new(*json, "compare_version_id", json_integer(q->compare));
	}
	ka_rows_release(&a);
	ka_rows_release(&b);
	return err;
}
