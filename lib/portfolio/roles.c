/*
 * Role schemes (roles.h): the presets of domain.md §1 (the Norwegian
 * university model, the Swedish municipality model and a generic one),
 * installing one into the store as an editable role scheme, the active
 * scheme, and who counts as a facilitator.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kartla/resource_org.h"
#include "kartla/roles.h"
#include "kartla/banned.h"

static const struct ka_roles_preset_role university[] = {
    {"process_owner", "prosesseier", "processägare", "process owner", "strategic", "owner"},
    {"process_responsible", "prosessansvarlig", "processansvarig", "process responsible",
     "tactical", "responsible"},
    {"process_advisor", "prosessrådgiver", NULL, "process advisor", "operational", "advisor"},
    {"domain_resource", "fagressurs", "medarbetare", "domain resource", "operational", "resource"},
};

static const struct ka_roles_preset_role municipality[] = {
    {"process_owner", "prosesseier", "processägare", "process owner", "strategic", "owner"},
    {"process_leader", "prosessleder", "processledare", "process leader", "tactical",
     "responsible"},
    {"process_team", "prosessteam", "processteam", "process team", "operational", "team"},
    {"process_facilitator", "prosessveileder", "processhandledare", "process facilitator",
     "operational", "facilitator"},
    {"model_steward", "modellansvarlig", "modellansvarig", "model steward", "tactical", "steward"},
};

static const struct ka_roles_preset_role generic[] = {
    {"owner", "eier", "ägare", "owner", "strategic", "owner"},
    {"responsible", "ansvarlig", "ansvarig", "responsible", "tactical", "responsible"},
    {"team_member", "teammedlem", "teammedlem", "team member", "operational", "team"},
    {"facilitator", "veileder", "handledare", "facilitator", "operational", "facilitator"},
    {"reader", "leser", "läsare", "reader", NULL, "other"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct ka_roles_preset presets[] = {
    {"university", "University (prosesseier, prosessansvarlig, prosessrådgiver, fagressurs)",
     university, N(university)},
    {"municipality",
     "Municipality (processägare, processledare, processteam, processhandledare, "
     "modellansvarig)",
     municipality, N(municipality)},
    {"generic", "Generic (owner, responsible, team member, facilitator, reader)", generic,
     N(generic)},
};

/* The facilitator's required courses (domain.md §1). */
static const struct {
	const char *key, *name;
} facilitator_courses[] = {
    {"method", "Method training"},
    {"documentation", "Documentation training (rules, symbols, process structure, drawing tool)"},
    {"risk_analysis", "Risk-analysis method"},
};

const struct ka_roles_preset *ka_roles_presets(size_t *n)
{
	*n = N(presets);
	return presets;
}

const struct ka_roles_preset *ka_roles_preset_find(const char *key)
{
	size_t i;

	for (i = 0; key && i < N(presets); i++)
		if (!strcmp(presets[i].key, key))
			return &presets[i];
	return NULL;
}

static int course_id(struct ka_store *st, const char *key, const char *name, int64_t *id,
                     struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "INSERT INTO courses (key, name) VALUES (?, ?) ON CONFLICT (key) DO "
	                    "NOTHING",
	                    (struct ka_val[]){ka_text(key), ka_text(name)}, 2, NULL, diag);
	if (!err)
		err = ka_store_exec(st, "SELECT id FROM courses WHERE key = ?",
		                    (struct ka_val[]){ka_text(key)}, 1, &r, diag);
	if (!err && r.nrows != 1)
		err = ka_store_fail(diag, KA_ERR_DB, "course %s vanished", key);
	if (!err)
		*id = ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_roles_preset_install(struct ka_store *st, const char *preset, const char *scheme_key,
                            int64_t *scheme_id, struct ka_diag *diag)
{
	const struct ka_roles_preset *p = ka_roles_preset_find(preset);
	struct ka_rows r;
	size_t i, k;
	int err;

	if (!p)
		return ka_store_fail(diag, KA_ERR_NOT_FOUND, "no role scheme preset '%s'",
		                     preset ? preset : "");
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "INSERT INTO role_schemes (key, name, preset) VALUES (?, ?, ?) "
	                    "ON CONFLICT (key) DO NOTHING RETURNING id",
	                    (struct ka_val[]){ka_text(scheme_key ? scheme_key : p->key),
	                                      ka_text(p->name), ka_text(p->key)},
	                    3, &r, diag);
	if (err)
		goto out;
	if (r.nrows != 1) {
		err = ka_store_fail(diag, KA_ERR_CONFLICT, "the role scheme key '%s' is taken",
		                    scheme_key ? scheme_key : p->key);
		goto out;
	}
	*scheme_id = ka_rows_at(&r, 0, 0)->i;
	for (i = 0; i < p->nroles && !err; i++) {
		const struct ka_roles_preset_role *role = &p->roles[i];

		err = ka_store_exec(
		    st,
		    "INSERT INTO roles (scheme_id, key, name_nb, name_sv, name_en, level, kind, "
		    "sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    (struct ka_val[]){ka_int(*scheme_id), ka_text(role->key),
		                      ka_text(role->name_nb), ka_text(role->name_sv),
		                      ka_text(role->name_en), ka_text(role->level),
		                      ka_text(role->kind), ka_int((int64_t)i + 1)},
		    8, &r, diag);
		if (err || strcmp(role->kind, "facilitator"))
			continue;
		{
			int64_t role_id = ka_rows_at(&r, 0, 0)->i, cid = 0;

			for (k = 0; k < N(facilitator_courses) && !err; k++) {
				err = course_id(st, facilitator_courses[k].key,
				                facilitator_courses[k].name, &cid, diag);
				if (!err)
					err = ka_store_exec(
					    st,
					    "INSERT INTO role_required_courses "
					    "(role_id, course_id) VALUES (?, ?)",
					    (struct ka_val[]){ka_int(role_id), ka_int(cid)}, 2,
					    NULL, diag);
			}
		}
	}
out:
	ka_rows_release(&r);
	return err;
}

json_t *ka_roles_presets_json(void)
{
	json_t *items = json_array();
	size_t i, k;

	for (i = 0; i < N(presets); i++) {
		const struct ka_roles_preset *p = &presets[i];
		json_t *rs = json_array();

		for (k = 0; k < p->nroles; k++) {
			const struct ka_roles_preset_role *r = &p->roles[k];

			json_array_append_new(
			    rs, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s}", "key", r->key,
			                  "name_nb", r->name_nb, "name_sv", r->name_sv, "name_en",
			                  r->name_en, "level", r->level, "kind", r->kind));
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:o}", "key", p->key, "name",
		                                       p->name, "roles", rs));
	}
	return json_pack("{s:o}", "items", items);
}

/* Inside the caller's transaction: scheme id becomes the one active scheme. */
static int activate(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                    struct ka_diag *diag)
{
	char v[32];
	json_t *after;
	int err;

	snprintf(v, sizeof(v), "%" PRId64, id);
	err = ka_store_exec(
	    st, "UPDATE role_schemes SET is_active = CASE WHEN id = ? THEN 1 ELSE 0 END",
	    (struct ka_val[]){ka_int(id)}, 1, NULL, diag);
	if (!err)
		err = ka_store_exec(st,
		                    "INSERT INTO settings (key, value) VALUES ('role_scheme', ?) "
		                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		                    (struct ka_val[]){ka_text(v)}, 1, NULL, diag);
	if (err)
		return err;
	after = json_pack("{s:I}", "active_scheme_id", (json_int_t)id);
	err = ka_audit_write(st, actor, "activate", "role_scheme", id, NULL, after, diag);
	json_decref(after);
	return err;
}

struct preset_tx {
	const struct ka_actor *actor;
	const char *preset, *key;
	bool activate;
	int64_t id;
};

static int preset_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct preset_tx *t = vctx;
	json_t *after;
	int err;

	err = ka_roles_preset_install(st, t->preset, t->key, &t->id, diag);
	if (err)
		return err;
	after = json_pack("{s:s, s:s}", "preset", t->preset, "key", t->key ? t->key : t->preset);
	err = ka_audit_write(st, t->actor, "create", "role_scheme", t->id, NULL, after, diag);
	json_decref(after);
	if (!err && t->activate)
		err = activate(st, t->actor, t->id, diag);
	return err;
}

int ka_roles_preset_create(struct ka_store *st, const struct ka_actor *actor, const char *preset,
                           const char *scheme_key, bool activate_it, struct ka_res_result *out,
                           struct ka_diag *diag)
{
	struct preset_tx t = {actor, preset, scheme_key, activate_it, 0};
	int err;

	memset(out, 0, sizeof(*out));
	err = ka_res_can_write(st, actor, KA_RES_PERM_ADMIN, diag);
	if (err)
		return err;
	if (!ka_roles_preset_find(preset))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "preset",
		                   "preset must be one of university, municipality, generic");
	err = ka_store_transact(st, preset_fn, &t, KA_STORE_ATTEMPTS, diag);
	if (err == KA_ERR_CONFLICT)
		return ka_diag_set(diag, err, 0, 0, "key", "the role scheme key '%s' is taken",
		                   scheme_key ? scheme_key : preset);
	if (!err)
		err =
		    ka_res_load(&ka_res_org_schemes, st, t.id, 2, &out->obj, NULL, out->etag, diag);
	if (!err && !out->obj)
		err = ka_store_fail(diag, KA_ERR_DB, "role scheme %" PRId64 " vanished", t.id);
	if (err)
		return err == KA_ERR_BUSY ? err : KA_ERR_DB;
	out->id = t.id;
	return 0;
}

struct activate_tx {
	const struct ka_actor *actor;
	int64_t id;
	bool missing;
};

static int activate_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct activate_tx *t = vctx;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT 1 FROM role_schemes WHERE id = ?",
	                    (struct ka_val[]){ka_int(t->id)}, 1, &r, diag);
	if (!err && !r.nrows) {
		t->missing = true;
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                  "no such role_scheme %" PRId64, t->id);
	}
	ka_rows_release(&r);
	return err ? err : activate(st, t->actor, t->id, diag);
}

int ka_roles_scheme_activate(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                             struct ka_res_result *out, struct ka_diag *diag)
{
	struct activate_tx t = {actor, id, false};
	int err;

	memset(out, 0, sizeof(*out));
	err = ka_res_can_write(st, actor, KA_RES_PERM_ADMIN, diag);
	if (err)
		return err;
	err = ka_store_transact(st, activate_fn, &t, KA_STORE_ATTEMPTS, diag);
	if (err && !t.missing && err == KA_ERR_CONFLICT)
		return ka_diag_set(diag, err, 0, 0, NULL,
		                   "the change conflicts with existing data");
	if (err && !t.missing)
		return err == KA_ERR_BUSY ? err : KA_ERR_DB;
	if (err)
		return err;
	out->id = id;
	return ka_res_get(st, actor, &ka_res_org_schemes, id, &out->obj, out->etag, diag);
}

int ka_roles_is_facilitator(struct ka_store *st, int64_t user_id, const char *today, bool *out,
                            struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*out = false;
	if (user_id <= 0)
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT 1 FROM people p JOIN role_assignments ra ON ra.person_id = p.id"
	                    " JOIN roles ro ON ro.id = ra.role_id"
	                    " WHERE p.user_id = ? AND ro.kind IN ('facilitator', 'steward')"
	                    " AND ra.from_date <= ? AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	                    " LIMIT 1",
	                    (struct ka_val[]){ka_int(user_id), ka_text(today), ka_text(today)}, 3,
	                    &r, diag);
	if (!err)
		*out = r.nrows > 0;
	ka_rows_release(&r);
	return err;
}
