/*
 * The process description document's data: ka_report_gather reads the
 * process, its map, risks, lead time and history through the library's own
 * functions (kartla/process.h, mapver.h, risk_store.h, lt_store.h) and
 * keeps them typed in a struct ka_report for the renderer (report_pdf.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kartla/alloc.h"
#include "kartla/bpmn.h"
#include "kartla/buf.h"
#include "kartla/date.h"
#include "kartla/lt_store.h"
#include "kartla/mapver.h"
#include "kartla/process.h"
#include "kartla/report.h"
#include "kartla/resource.h"
#include "kartla/resource_org.h"
#include "kartla/risk_store.h"
#include "kartla/banned.h"

void ka_report_init(struct ka_report *r)
{
	memset(r, 0, sizeof(*r));
	ka_risk_list_init(&r->risks);
}

void ka_report_release(struct ka_report *r)
{
	size_t i;

	free(r->name);
	free(r->type);
	free(r->status);
	free(r->next_review);
	free(r->outline);
	free(r->map_state);
	json_decref(r->spec);
	if (r->map)
		ka_map_free(r->map);
	for (i = 0; i < r->nroles; i++)
		free(r->roles[i].name);
	free(r->roles);
	for (i = 0; i < r->nraci; i++) {
		free(r->raci[i].activity);
		free(r->raci[i].r);
		free(r->raci[i].a);
		free(r->raci[i].c);
		free(r->raci[i].i);
	}
	free(r->raci);
	for (i = 0; i < r->nholders; i++) {
		free(r->holders[i].role);
		free(r->holders[i].person);
		free(r->holders[i].from);
		free(r->holders[i].to);
		free(r->holders[i].names[0]);
		free(r->holders[i].names[1]);
		free(r->holders[i].names[2]);
	}
	free(r->holders);
	ka_risk_list_release(&r->risks);
	json_decref(r->leadtime);
	json_decref(r->versions);
	json_decref(r->history);
	ka_report_init(r);
}

static char *dup_or_null(const char *s)
{
	return s ? ka_xstrdup(s) : NULL;
}

static char *str_of(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? ka_xstrdup(s) : NULL;
}

/* The name in lang, else nb, sv, en. */
static char *name_of(const json_t *p, const char *lang)
{
	const json_t *n = json_object_get(p, "name");
	static const char *const order[] = {"nb", "sv", "en"};
	const char *s = json_string_value(json_object_get(n, lang));
	size_t i;

	for (i = 0; (!s || !*s) && i < 3; i++)
		s = json_string_value(json_object_get(n, order[i]));
	return ka_xstrdup(s ? s : "");
}

static int process_part(struct ka_report *r, struct ka_store *st, int64_t id, struct ka_diag *diag)
{
	json_t *p = NULL;
	int err = ka_process_get(st, id, &p, diag);

	if (err)
		return err;
	r->name = name_of(p, r->lang);
	r->type = str_of(p, "type");
	r->status = str_of(p, "status");
	r->next_review = str_of(p, "next_review_date");
	r->outline = str_of(p, "outline");
	r->spec = json_object_get(p, "specification");
	if (json_is_object(r->spec))
		json_incref(r->spec);
	else
		r->spec = json_object();
	json_decref(p);
	return 0;
}

/* The approved as-is map, else the newest version; 0 with r->map NULL when none. */
static int map_part(struct ka_report *r, struct ka_store *st, int64_t id, struct ka_diag *diag)
{
	struct ka_read_opts ro;
	struct ka_diag quiet;
	struct ka_mapver v;
	int64_t vid = 0, rowver, total;
	int err;

	err = ka_mapver_list(st, id, NULL, 50, 0, &r->versions, &total, diag);
	if (err)
		return err;
	ka_diag_init(&quiet, NULL);
	if (ka_mapver_current(st, id, "as_is", &vid, &rowver, &quiet) &&
	    json_array_size(r->versions))
		vid = json_integer_value(json_object_get(json_array_get(r->versions, 0), "id"));
	if (!vid)
		return 0;
	ka_mapver_init(&v);
	err = ka_mapver_get(st, id, vid, &v, diag);
	if (!err) {
		r->map_id = v.id;
		r->map_number = v.number;
		r->map_state = dup_or_null(v.state);
		ka_read_opts_init(&ro);
		ro.repair = true;
		/* a map that cannot be read is left out of the document, not an error */
		if (ka_bpmn_read(&r->map, v.bpmn, v.bpmn_len, "map", &ro, &quiet))
			r->map = NULL;
	}
	ka_mapver_release(&v);
	return err;
}

static int role_add(struct ka_report *r, const char *name)
{
	struct ka_report_role *n;
	size_t i;

	if (!name || !*name)
		return 0;
	for (i = 0; i < r->nroles; i++)
		if (!strcmp(r->roles[i].name, name)) {
			r->roles[i].activities++;
			return 0;
		}
	n = ka_xreallocarray(r->roles, r->nroles + 1, sizeof(*n));
	r->roles = n;
	n[r->nroles].name = ka_xstrdup(name);
	n[r->nroles].activities = 1;
	r->nroles++;
	return 0;
}

/* Appends `role` to the ", "-joined list *s. */
static int join_add(char **s, const char *role)
{
	size_t a = *s ? strlen(*s) : 0, b = strlen(role);
	char *n = ka_xrealloc(*s, a + b + 3);

	if (a) {
		memcpy(n + a, ", ", 2);
		a += 2;
	}
	memcpy(n + a, role, b + 1);
	*s = n;
	return 0;
}

/* Roles (lanes and RACI roles) and the RACI of every named activity of the map. */
static int roles_part(struct ka_report *r)
{
	const struct ka_map *m = r->map;
	size_t i, k;
	int err = 0;

	for (i = 0; m && i < m->els.n && !err; i++) {
		const struct ka_el *e = m->els.v[i];
		struct ka_report_raci *x;

		if (!(e->type && (e->type->flags & KA_TF_ACTIVITY)))
			continue;
		err = role_add(r, e->lane ? e->lane->name : NULL);
		if (err || !e->ext || !e->ext->nraci)
			continue;
		x = ka_xreallocarray(r->raci, r->nraci + 1, sizeof(*x));
		r->raci = x;
		x += r->nraci++;
		memset(x, 0, sizeof(*x));
		x->activity = ka_xstrdup(e->name ? e->name : e->id ? e->id : "");
		for (k = 0; k < e->ext->nraci && !err; k++) {
			const struct ka_raci *c = &e->ext->raci[k];
			char **slot = c->value == 'R'   ? &x->r
			              : c->value == 'A' ? &x->a
			              : c->value == 'C' ? &x->c
			                                : &x->i;

			if (c->role)
				err = join_add(slot, c->role);
		}
	}
	return err;
}

static const char *process_filter(const void *ctx, const char *name)
{
	return strcmp(name, "process_id") ? NULL : ctx;
}

/* The role's name in lang, else nb, sv, en. */
static char *role_name(const json_t *role, const char *lang)
{
	static const char *const keys[] = {"name_nb", "name_sv", "name_en"};
	char k[8];
	const char *s;
	size_t i;

	snprintf(k, sizeof(k), "name_%s", lang);
	s = json_string_value(json_object_get(role, k));
	for (i = 0; (!s || !*s) && i < 3; i++)
		s = json_string_value(json_object_get(role, keys[i]));
	return ka_xstrdup(s ? s : "");
}

/* The people in the process's roles, as the actor may see them. */
static int holders_part(struct ka_report *r, struct ka_store *st, const struct ka_actor *actor,
                        int64_t id, struct ka_diag *diag)
{
	char pid[24], etag[KA_RES_ETAG_LEN];
	struct ka_res_query q = {0, process_filter, pid, 200, 0};
	json_t *items = NULL, *a;
	int64_t total;
	size_t i;
	int err;

	snprintf(pid, sizeof(pid), "%lld", (long long)id);
	err = ka_res_list(st, actor, &ka_res_org_role_assignments, &q, &items, &total, diag);
	if (err)
		return err;
	r->holders = ka_xcalloc(json_array_size(items) + 1, sizeof(*r->holders));
	json_array_foreach(items, i, a)
	{
		struct ka_report_holder *h = &r->holders[r->nholders];
		json_t *role = NULL, *person = NULL;
		struct ka_diag quiet;

		ka_diag_init(&quiet, NULL);
		if (ka_res_get(st, actor, &ka_res_org_roles,
		               json_integer_value(json_object_get(a, "role_id")), &role, etag,
		               &quiet))
			continue;
		if (!ka_res_get(st, actor, &ka_res_org_people,
		                json_integer_value(json_object_get(a, "person_id")), &person, etag,
		                &quiet))
			h->person = str_of(person, "name");
		h->role = role_name(role, r->lang);
		h->names[0] = str_of(role, "name_nb");
		h->names[1] = str_of(role, "name_sv");
		h->names[2] = str_of(role, "name_en");
		h->from = str_of(a, "from_date");
		h->to = str_of(a, "to_date");
		r->nholders++;
		json_decref(role);
		json_decref(person);
	}
	json_decref(items);
	return 0;
}

static bool holder_is(const struct ka_report_holder *h, const char *role, size_t len)
{
	size_t k;

	if (!h->person || !*h->person)
		return false;
	if (strlen(h->role) == len && !strncasecmp(h->role, role, len))
		return true;
	for (k = 0; k < 3; k++)
		if (h->names[k] && strlen(h->names[k]) == len &&
		    !strncasecmp(h->names[k], role, len))
			return true;
	return false;
}

/* The ", "-joined roles of *slot, each followed by the people holding it. */
static void slot_people(const struct ka_report *r, char **slot)
{
	struct ka_buf b;
	const char *p = *slot, *end;
	size_t i, n;

	if (!p)
		return;
	ka_buf_init(&b, 0);
	for (; *p; p = *end ? end + 2 : end) {
		end = strstr(p, ", ");
		if (!end)
			end = p + strlen(p);
		ka_buf_add(&b, p, (size_t)(end - p));
		for (i = 0, n = 0; i < r->nholders; i++) {
			if (!holder_is(&r->holders[i], p, (size_t)(end - p)))
				continue;
			ka_buf_adds(&b, n++ ? ", " : " (");
			ka_buf_adds(&b, r->holders[i].person);
		}
		if (n)
			ka_buf_addc(&b, ')');
		if (*end)
			ka_buf_adds(&b, ", ");
	}
	free(*slot);
	*slot = ka_buf_detach(&b, NULL);
}

void ka_report_raci_people(struct ka_report *r)
{
	size_t i;

	for (i = 0; i < r->nraci; i++) {
		slot_people(r, &r->raci[i].r);
		slot_people(r, &r->raci[i].a);
		slot_people(r, &r->raci[i].c);
		slot_people(r, &r->raci[i].i);
	}
}

static void leadtime_part(struct ka_report *r, struct ka_store *st, int64_t id)
{
	struct ka_lt_request_raw w;
	struct ka_lt_request q;
	struct ka_diag quiet;

	if (!r->map_id)
		return;
	memset(&w, 0, sizeof(w));
	w.has_runs = true; /* the analytic figures only: the document is the same every time */
	ka_diag_init(&quiet, NULL);
	if (ka_lt_request_check(&q, &w, KA_ERR_USAGE, &quiet) ||
	    ka_lt_store_run(st, id, r->map_id, &q, &r->leadtime, NULL, &quiet))
		r->leadtime = NULL; /* a map the analysis cannot use: the section says so */
}

int ka_report_gather(struct ka_report *out, struct ka_store *st, const struct ka_actor *actor,
                     int64_t process_id, const char *lang, struct ka_diag *diag)
{
	struct ka_risk_filter f;
	int64_t total;
	int err;

	ka_report_init(out);
	if (!lang || (strcmp(lang, "nb") && strcmp(lang, "sv") && strcmp(lang, "en")))
		return ka_diag_set(diag, KA_ERR_USAGE, 0, 0, "lang", "lang must be nb, sv or en");
	memcpy(out->lang, lang, 3);
	ka_date_today(out->date);
	err = process_part(out, st, process_id, diag);
	if (!err)
		err = map_part(out, st, process_id, diag);
	if (!err)
		err = roles_part(out);
	if (!err)
		err = holders_part(out, st, actor, process_id, diag);
	if (!err)
		ka_report_raci_people(out);
	if (!err) {
		ka_risk_filter_init(&f);
		f.process_id = process_id;
		f.lang = out->lang;
		/* With the reader's rights: a reader who may not see the register (an anonymous
		 * one, unless the workspace publishes it) gets the document without risks. */
		err = ka_risk_store_list(st, actor, &f, NULL, &out->risks, diag);
		if (err == KA_ERR_AUTH || err == KA_ERR_PERM) {
			ka_diag_init(diag, NULL);
			err = 0;
		}
	}
	if (!err)
		leadtime_part(out, st, process_id);
	if (!err)
		err = ka_process_history(st, process_id, 30, 0, &out->history, &total, diag);
	return err;
}
