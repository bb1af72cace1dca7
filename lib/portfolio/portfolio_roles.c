/*
 * The role scheme presets of domain.md §1: the Norwegian university model,
 * the Swedish municipality model and a generic one, and installing one into
 * the store as an editable role scheme.
 */
#include <string.h>

#include "kartla/org.h"
#include "kartla/banned.h"

static const struct ka_role_preset_role university[] = {
    {"process_owner", "prosesseier", "processägare", "process owner", "strategic", "owner"},
    {"process_responsible", "prosessansvarlig", "processansvarig", "process responsible",
     "tactical", "responsible"},
    {"process_advisor", "prosessrådgiver", NULL, "process advisor", "operational", "advisor"},
    {"domain_resource", "fagressurs", "medarbetare", "domain resource", "operational", "resource"},
};

static const struct ka_role_preset_role municipality[] = {
    {"process_owner", "prosesseier", "processägare", "process owner", "strategic", "owner"},
    {"process_leader", "prosessleder", "processledare", "process leader", "tactical",
     "responsible"},
    {"process_team", "prosessteam", "processteam", "process team", "operational", "team"},
    {"process_facilitator", "prosessveileder", "processhandledare", "process facilitator",
     "operational", "facilitator"},
    {"model_steward", "modellansvarlig", "modellansvarig", "model steward", "tactical", "steward"},
};

static const struct ka_role_preset_role generic[] = {
    {"owner", "eier", "ägare", "owner", "strategic", "owner"},
    {"responsible", "ansvarlig", "ansvarig", "responsible", "tactical", "responsible"},
    {"team_member", "teammedlem", "teammedlem", "team member", "operational", "team"},
    {"facilitator", "veileder", "handledare", "facilitator", "operational", "facilitator"},
    {"reader", "leser", "läsare", "reader", NULL, "other"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct ka_role_preset presets[] = {
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

const struct ka_role_preset *ka_role_presets(size_t *n)
{
	*n = N(presets);
	return presets;
}

const struct ka_role_preset *ka_role_preset_find(const char *key)
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

int ka_role_preset_install(struct ka_store *st, const char *preset, const char *scheme_key,
                           int64_t *scheme_id, struct ka_diag *diag)
{
	const struct ka_role_preset *p = ka_role_preset_find(preset);
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
		const struct ka_role_preset_role *role = &p->roles[i];

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
