/*
 * The audit log: every write through the API records who did it, when,
 * what, and the object before and after, in the same transaction as the
 * write itself (so a rolled-back write leaves no entry).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "http.h"
#include "kartla/banned.h"

int http_audit(struct ka_store *st, const struct http_actor *actor, const char *action,
               const char *object_type, int64_t object_id, const json_t *before,
               const json_t *after, struct ka_diag *diag)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char id[32];
	int err;

	snprintf(id, sizeof(id), "%" PRId64, object_id);
	err = ka_store_exec(
	    st,
	    "INSERT INTO audit_log (user_id, actor, action, object_type, object_id, "
	    "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    (struct ka_val[]){actor && actor->user_id ? ka_int(actor->user_id) : ka_null(),
	                      ka_text(actor && actor->name[0] ? actor->name : NULL),
	                      ka_text(action), ka_text(object_type), ka_text(id), ka_text(b),
	                      ka_text(a)},
	    7, NULL, diag);
	free(b);
	free(a);
	return err;
}
