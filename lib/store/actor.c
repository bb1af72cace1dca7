/* The account behind a login name as a struct ka_actor (actor.h), for the CLI. */
#include <stdio.h>

#include "kartla/actor.h"
#include "kartla/banned.h"

int ka_actor_by_login(struct ka_store *st, const char *login, struct ka_actor *out,
                      char name[KA_ACTOR_NAME_MAX], struct ka_diag *diag)
{
	bool own = !ka_store_in_tx(st);
	struct ka_rows r;
	int err;

	out->user_id = 0;
	out->is_admin = false;
	out->name = NULL;
	ka_rows_init(&r);
	err = own ? ka_store_begin_read(st) : 0;
	if (!err)
		err = ka_store_exec(st,
		                    "SELECT id, is_admin, login FROM users WHERE login = ?"
		                    " AND disabled = 0",
		                    (struct ka_val[]){ka_text(login)}, 1, &r, diag);
	if (own && ka_store_in_tx(st))
		ka_store_rollback(st);
	if (!err && r.nrows != 1)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, "login",
		                  "no enabled account with the login '%.100s'", login);
	if (!err) {
		out->user_id = ka_rows_at(&r, 0, 0)->i;
		out->is_admin = ka_rows_at(&r, 0, 1)->i != 0;
		snprintf(name, KA_ACTOR_NAME_MAX, "%s", ka_rows_at(&r, 0, 2)->s);
		out->name = name;
	}
	ka_rows_release(&r);
	return err;
}
