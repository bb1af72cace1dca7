/*
 * Creating and editing map versions (mapver.h): the checks before the
 * transaction (the process, the editor's rights, the variant, the proposed
 * specification, the strict read of the BPMN and the checker), then one
 * write transaction with the version row, its element index and the audit
 * row. The BPMN is read outside the transaction, so a large map never
 * holds the write lock while it parses, and a retried transaction does not
 * parse it again.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/check.h"
#include "kartla/date.h"
#include "kartla/portfolio.h"
#include "mapver_int.h"
#include "kartla/banned.h"

/* What the checks before the transaction prepared. */
struct prepared {
	struct ka_map *map; /* NULL when the BPMN does not change */
	char *findings;     /* JSON text, with map */
	char *spec;         /* JSON text of a proposed specification, or NULL */
	char *repaired;     /* the BPMN to store instead of the upload, or NULL */
	const char *bpmn;   /* what to store: repaired or the upload (NULL: unchanged) */
};

static void prepared_release(struct prepared *p)
{
	free(p->repaired);
	ka_map_free(p->map);
	free(p->findings);
	free(p->spec);
}

struct editor_ctx {
	const struct ka_actor *actor;
	int64_t pid;
	enum ka_lang names; /* out: the language of the map's untranslated names */
};

static int editor_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct editor_ctx *c = vctx;
	char today[KA_DATE_LEN];
	unsigned mask = 0;
	int err;

	err = mapver_process_exists(st, c->pid, diag);
	if (!err && !c->actor->is_admin) {
		ka_date_today(today);
		err = ka_portfolio_roles(st, c->pid, c->actor->user_id, today, &mask, diag);
		if (!err && !(mask & (KA_ROLE_OWNER | KA_ROLE_RESPONSIBLE | KA_ROLE_FACILITATOR)))
			err =
			    ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
			                "only the process owner, responsible/leader, a facilitator "
			                "or an administrator may change process %" PRId64,
			                c->pid);
	}
	if (!err)
		err = ka_mapver_map_lang(st, c->pid, KA_LANG__COUNT, &c->names, diag);
	return err;
}

/* The reader's diagnostic as the error of the field "bpmn". */
int mapver_bpmn_fail(int err, const struct ka_diag *rd, struct ka_diag *diag)
{
	if (err == KA_ERR_TOO_BIG)
		return ka_diag_set_nested(diag, KA_ERR_INVALID, 0, 0, "bpmn",
		                          "the map is too large: %s", rd);
	if (err != KA_ERR_XML && err != KA_ERR_BPMN && err != KA_ERR_REF && err != KA_ERR_LIMIT)
		err = KA_ERR_BPMN;
	return ka_diag_set_nested(diag, err, 0, 0, "bpmn", NULL, rd);
}

/* Everything that can be refused before the transaction, in the API's order. */
static int prepare(struct ka_store *st, const struct ka_actor *actor, int64_t pid,
                   const struct ka_mapver_in *in, bool update, struct prepared *p,
                   struct ka_diag *diag)
{
	struct editor_ctx ec = {actor, pid, KA_LANG_EN};
	struct ka_check_config cfg;
	struct ka_findings f;
	struct ka_diag rd;
	json_t *j;
	int err;

	memset(p, 0, sizeof(*p));
	err = mapver_read(st, editor_fn, &ec, diag);
	if (err)
		return err;
	if (update && in->variant)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "variant",
		                   "the variant of a version cannot change");
	if (in->variant && strcmp(in->variant, "as_is") && strcmp(in->variant, "to_be"))
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "variant",
		                   "variant must be 'as_is' or 'to_be'");
	if (in->spec) {
		err = ka_spec_validate(in->spec, diag);
		if (err)
			return err;
		p->spec = json_dumps(in->spec, JSON_COMPACT);
	}
	if (!in->bpmn)
		return 0;
	if (!in->bpmn_len)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "bpmn", "the map is empty");
	ka_diag_init(&rd, "map.bpmn");
	err = ka_map_import(&p->map, NULL, in->bpmn, in->bpmn_len, KA_MAPVER_BPMN_MAX, in->strict,
	                    in->report, &p->repaired, &rd);
	p->bpmn = p->repaired ? p->repaired : in->bpmn;
	if (err)
		return mapver_bpmn_fail(err, &rd, diag);
	/* Names judged in the map's language, as the live check does; messages in it too, and
	 * stored worded in every language. */
	ka_check_config_init(&cfg);
	cfg.lang = ec.names;
	cfg.names = ec.names;
	ka_findings_init(&f);
	ka_check_run(p->map, &cfg, &f);
	j = ka_check_findings_to_json(&f, NULL, cfg.lang);
	ka_check_findings_add_langs(j, p->map, &f, &cfg);
	p->findings = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	ka_findings_release(&f);
	ka_check_config_release(&cfg);
	return 0;
}

/* The calls of the map's collapsed sub-processes and call activities, borrowed from it. */
static const char **calls_of(const struct ka_map *m, size_t *n)
{
	struct ka_map_rows mr = {NULL, 0};
	const char **calls;
	size_t i;

	ka_map_rows_build(m, &mr);
	calls = ka_xreallocarray(NULL, 2 * mr.n + 1, sizeof(*calls));
	*n = 0;
	for (i = 0; i < mr.n; i++)
		if (mr.v[i].called) {
			calls[2 * *n] = mr.v[i].element_id;
			calls[2 * *n + 1] = mr.v[i].called;
			(*n)++;
		}
	ka_map_rows_release(&mr);
	return calls;
}

struct write_ctx {
	const struct ka_actor *actor;
	int64_t pid, vid, if_match;
	const struct ka_mapver_in *in;
	const struct prepared *p;
	struct ka_mapver *out;
	json_t **links;
	int64_t reverted_from; /* a revert: the version the draft starts from (0: none) */
};

static int audit(struct ka_store *st, const struct write_ctx *c, const char *action,
                 const json_t *before, struct ka_diag *diag)
{
	json_t *after = ka_mapver_to_json(c->out, false);
	int err;

	/* A revert says where the draft came from. */
	if (c->reverted_from)
		json_object_set_new(after, "reverted_from", json_integer(c->reverted_from));
	err = ka_audit_write(st, c->actor, action, "map_version", c->vid, before, after, diag);

	json_decref(after);
	return err;
}

static int reload(struct ka_store *st, const struct write_ctx *c, struct ka_diag *diag)
{
	bool found;
	int err = mapver_load(st, c->pid, c->vid, c->out, &found, diag);

	if (!err && !found)
		err = ka_store_fail(diag, KA_ERR_DB, "map version %" PRId64 " vanished", c->vid);
	return err;
}

static int create_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_ctx *c = vctx;
	const char *variant = c->in->variant ? c->in->variant : "as_is";
	const char **calls;
	struct ka_rows r;
	size_t n;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT COALESCE(MAX(number), 0) + 1 FROM map_versions"
	                    " WHERE process_id = ? AND variant = ?",
	                    (struct ka_val[]){ka_int(c->pid), ka_text(variant)}, 2, &r, diag);
	if (!err)
		err = ka_store_exec(
		    st,
		    "INSERT INTO map_versions (process_id, variant, number, bpmn, findings,"
		    " specification, author_id) VALUES (?, ?, ?, ?, ?,"
		    " COALESCE(?, (SELECT specification FROM processes WHERE id = ?)), ?) "
		    "RETURNING id",
		    (struct ka_val[]){ka_int(c->pid), ka_text(variant),
		                      ka_int(ka_rows_at(&r, 0, 0)->i), ka_text(c->p->bpmn),
		                      ka_text(c->p->findings), ka_text(c->p->spec), ka_int(c->pid),
		                      c->actor->user_id ? ka_int(c->actor->user_id) : ka_null()},
		    8, &r, diag);
	if (!err) {
		c->vid = ka_rows_at(&r, 0, 0)->i;
		err = ka_mapver_index(st, c->vid, c->p->map, diag);
	}
	ka_rows_release(&r);
	if (!err)
		err = reload(st, c, diag);
	if (!err && c->links) {
		json_decref(*c->links);
		*c->links = json_array();
		calls = calls_of(c->p->map, &n);
		err = mapver_links(st, c->pid, calls, n, *c->links, diag);
		free(calls);
	}
	return err ? err : audit(st, c, "create", NULL, diag);
}

/* ka_mapver_create, recording in the audit row the version a revert starts from (0: none). */
static int create(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                  const struct ka_mapver_in *in, int64_t reverted_from, struct ka_mapver *out,
                  json_t **links, struct ka_diag *diag)
{
	struct write_ctx c = {actor, process_id, 0, -1, in, NULL, out, links, reverted_from};
	struct prepared p;
	int err;

	if (links)
		*links = NULL;
	if (!in->bpmn)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "bpmn", "the map is required");
	err = prepare(st, actor, process_id, in, false, &p, diag);
	c.p = &p;
	if (!err)
		err = ka_store_transact(st, create_fn, &c, KA_STORE_ATTEMPTS, diag);
	if (err && links) {
		json_decref(*links);
		*links = NULL;
	}
	prepared_release(&p);
	return err;
}

int ka_mapver_create(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                     const struct ka_mapver_in *in, struct ka_mapver *out, json_t **links,
                     struct ka_diag *diag)
{
	return create(st, actor, process_id, in, 0, out, links, diag);
}

static int update_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct write_ctx *c = vctx;
	const char *state;
	json_t *before;
	int err;
	bool found;

	err = mapver_load(st, c->pid, c->vid, c->out, &found, diag);
	if (!err && !found)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL,
		                  "no such map version %" PRId64, c->vid);
	if (!err && c->if_match >= 0 && c->if_match != c->out->version)
		err = mapver_stale(diag, c->out->version);
	if (err)
		return err;
	state = c->out->state ? c->out->state : "";
	if (strcmp(state, "draft") && strcmp(state, "rejected"))
		return ka_diag_set(diag, KA_ERR_CONFLICT, 0, 0, NULL,
		                   "version %" PRId64 " is %s: only drafts and rejected versions "
		                   "can be edited (post a new version instead)",
		                   c->vid, state);
	before = ka_mapver_to_json(c->out, false);
	err = ka_store_exec(
	    st,
	    "UPDATE map_versions SET state = 'draft', bpmn = COALESCE(?, bpmn),"
	    " findings = COALESCE(?, findings),"
	    " specification = CASE WHEN ? = 1 THEN CAST(? AS TEXT) ELSE specification END,"
	    " version = version + 1 WHERE id = ?",
	    (struct ka_val[]){ka_text(c->p->bpmn), ka_text(c->p->findings), ka_int(c->in->has_spec),
	                      ka_text(c->p->spec), ka_int(c->vid)},
	    5, NULL, diag);
	if (!err && c->p->map)
		err = ka_mapver_index(st, c->vid, c->p->map, diag);
	if (!err)
		err = reload(st, c, diag);
	if (!err)
		err = audit(st, c, "update", before, diag);
	json_decref(before);
	return err;
}

int ka_mapver_update(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                     int64_t version_id, const struct ka_mapver_in *in, int64_t if_match,
                     struct ka_mapver *out, struct ka_diag *diag)
{
	struct write_ctx c = {actor, process_id, version_id, if_match, in, NULL, out, NULL, 0};
	struct prepared p;
	int err;

	err = prepare(st, actor, process_id, in, true, &p, diag);
	c.p = &p;
	if (!err)
		err = ka_store_transact(st, update_fn, &c, KA_STORE_ATTEMPTS, diag);
	prepared_release(&p);
	return err;
}

int ka_mapver_revert(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                     int64_t version_id, struct ka_mapver *out, struct ka_diag *diag)
{
	return ka_mapver_revert_as(st, actor, process_id, version_id, NULL, out, diag);
}

int ka_mapver_revert_as(struct ka_store *st, const struct ka_actor *actor, int64_t process_id,
                        int64_t version_id, const char *variant, struct ka_mapver *out,
                        struct ka_diag *diag)
{
	struct ka_mapver_in in;
	struct ka_mapver old;
	json_t *spec = NULL;
	int err;

	ka_mapver_init(&old);
	err = ka_mapver_get(st, process_id, version_id, &old, diag);
	if (err)
		goto out;
	memset(&in, 0, sizeof(in));
	in.variant = variant ? variant : old.variant;
	if (strcmp(in.variant, "as_is") && strcmp(in.variant, "to_be")) {
		err = ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "variant",
		                  "variant must be 'as_is' or 'to_be'");
		goto out;
	}
	in.bpmn = old.bpmn;
	in.bpmn_len = old.bpmn_len;
	/* The old version's own specification; without one, the process's (as on create). */
	if (old.specification) {
		spec = json_loads(old.specification, 0, NULL);
		in.spec = json_is_object(spec) ? spec : NULL;
		in.has_spec = in.spec != NULL;
	}
	err = create(st, actor, process_id, &in, old.id, out, NULL, diag);
out:
	json_decref(spec);
	ka_mapver_release(&old);
	return err;
}
