/*
 * Process rules above storage: the specification's fields and types, the
 * numbered outline of the architecture, review traffic lights and dates,
 * and which kinds of role a user holds on a process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartla/alloc.h"
#include "kartla/date.h"
#include "kartla/portfolio.h"
#include "kartla/banned.h"

/* ---- specification ---- */

enum spec_type { SPEC_TEXT, SPEC_LIST, SPEC_INDICATORS };

/* The fields, once: the validator's table and the list of names are made from it. */
#define SPEC_FIELDS(X)                                                                             \
	X("level", SPEC_TEXT)                                                                      \
	X("owner", SPEC_TEXT)                                                                      \
	X("responsible", SPEC_TEXT)                                                                \
	X("team", SPEC_LIST)                                                                       \
	X("purpose", SPEC_TEXT)                                                                    \
	X("customer", SPEC_TEXT)                                                                   \
	X("customer_needs", SPEC_TEXT)                                                             \
	X("trigger", SPEC_TEXT)                                                                    \
	X("result", SPEC_TEXT)                                                                     \
	X("scope", SPEC_TEXT)                                                                      \
	X("out_of_scope", SPEC_TEXT)                                                               \
	X("inputs", SPEC_LIST)                                                                     \
	X("outputs", SPEC_LIST)                                                                    \
	X("suppliers", SPEC_LIST)                                                                  \
	X("interfaces", SPEC_LIST)                                                                 \
	X("governing_documents", SPEC_LIST)                                                        \
	X("systems", SPEC_LIST)                                                                    \
	X("roles", SPEC_LIST)                                                                      \
	X("indicators", SPEC_INDICATORS)                                                           \
	X("risks", SPEC_LIST)

#define SPEC_ENTRY(n, t) {n, t},
#define SPEC_NAME(n, t)  n,

static const struct {
	const char *name;
	enum spec_type type;
} spec_fields[] = {SPEC_FIELDS(SPEC_ENTRY)};

static const char *const spec_names[] = {SPEC_FIELDS(SPEC_NAME) NULL};

#define NSPEC         (sizeof(spec_fields) / sizeof(spec_fields[0]))
#define SPEC_TEXT_MAX 20000
#define SPEC_LIST_MAX 500

const char *const *ka_spec_fields(void)
{
	return spec_names;
}

static int bad(struct ka_diag *diag, const char *field, const char *msg)
{
	return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field, "field '%s' %s", field, msg);
}

static int check_text(struct ka_diag *diag, const char *field, const json_t *v)
{
	if (!json_is_string(v))
		return bad(diag, field, "must be a string");
	if (json_string_length(v) > SPEC_TEXT_MAX)
		return bad(diag, field, "is too long (at most 20000 bytes)");
	return 0;
}

static const char *const indicator_fields[] = {"name", "target", "frequency", "responsible",
                                               "status"};

static int check_indicator(struct ka_diag *diag, const char *base, size_t i, const json_t *v)
{
	char field[192];
	const char *key;
	json_t *x;
	size_t k;

	snprintf(field, sizeof(field), "%.150s[%zu]", base, i);
	if (!json_is_object(v))
		return bad(diag, field,
		           "must be an object with name, target, frequency, "
		           "responsible and status");
	json_object_foreach((json_t *)v, key, x)
	{
		char sub[256];

		for (k = 0; k < sizeof(indicator_fields) / sizeof(indicator_fields[0]); k++)
			if (!strcmp(key, indicator_fields[k]))
				break;
		snprintf(sub, sizeof(sub), "%s.%.50s", field, key);
		if (k == sizeof(indicator_fields) / sizeof(indicator_fields[0]))
			return bad(diag, sub,
			           "is not an indicator field (name, target, frequency, "
			           "responsible, status)");
		if (check_text(diag, sub, x))
			return KA_ERR_INVALID;
		if (!strcmp(key, "status") && strcmp(json_string_value(x), "green") &&
		    strcmp(json_string_value(x), "yellow") && strcmp(json_string_value(x), "red"))
			return bad(diag, sub, "must be green, yellow or red");
	}
	x = json_object_get(v, "name");
	if (!x || !json_string_length(x)) {
		char sub[256];

		snprintf(sub, sizeof(sub), "%s.name", field);
		return bad(diag, sub, "is required");
	}
	return 0;
}

int ka_spec_validate(const json_t *spec, struct ka_diag *diag)
{
	const char *key;
	json_t *v;
	size_t i, k;

	if (!json_is_object(spec))
		return bad(diag, "specification", "must be an object");
	json_object_foreach((json_t *)spec, key, v)
	{
		char field[160];

		for (k = 0; k < NSPEC; k++)
			if (!strcmp(key, spec_fields[k].name))
				break;
		snprintf(field, sizeof(field), "specification.%.100s", key);
		if (k == NSPEC)
			return bad(diag, field, "is not a specification field");
		if (json_is_null(v))
			continue;
		switch (spec_fields[k].type) {
		case SPEC_TEXT:
			if (check_text(diag, field, v))
				return KA_ERR_INVALID;
			break;
		case SPEC_LIST:
		case SPEC_INDICATORS:
			if (!json_is_array(v))
				return bad(diag, field,
				           spec_fields[k].type == SPEC_LIST
				               ? "must be an array of strings"
				               : "must be an array of indicator objects");
			if (json_array_size(v) > SPEC_LIST_MAX)
				return bad(diag, field, "has too many items (at most 500)");
			for (i = 0; i < json_array_size(v); i++) {
				char item[200];

				if (spec_fields[k].type == SPEC_INDICATORS) {
					if (check_indicator(diag, field, i, json_array_get(v, i)))
						return KA_ERR_INVALID;
					continue;
				}
				snprintf(item, sizeof(item), "%s[%zu]", field, i);
				if (check_text(diag, item, json_array_get(v, i)))
					return KA_ERR_INVALID;
			}
			break;
		}
	}
	return 0;
}

/* ---- outline ---- */

struct onode {
	size_t idx;
	int64_t parent, order, id;
};

static int by_parent_order(const void *a, const void *b)
{
	const struct onode *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static size_t find_id(const struct ka_outline_in *in, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (in[i].id == id)
			return i;
	return n;
}

void ka_outline_compute(const struct ka_outline_in *in, size_t n, char (*out)[KA_OUTLINE_MAX])
{
	struct onode *nodes = ka_xcalloc(n ? n : 1, sizeof(*nodes));
	size_t *number = ka_xcalloc(n ? n : 1, sizeof(*number));
	size_t *pidx = ka_xcalloc(n ? n : 1, sizeof(*pidx));
	unsigned char *state = ka_xcalloc(n ? n : 1, 1);
	size_t i, j;

	/* Parents that are unknown or on a cycle count as roots (parent 0). */
	for (i = 0; i < n; i++)
		pidx[i] = in[i].parent_id ? find_id(in, n, in[i].parent_id) : n;
	for (i = 0; i < n; i++) {
		size_t steps = 0;

		for (j = pidx[i]; j < n && steps <= n; j = pidx[j])
			steps++;
		if (steps > n)
			state[i] = 1; /* on or under a cycle */
	}
	for (i = 0; i < n; i++) {
		nodes[i].idx = i;
		nodes[i].id = in[i].id;
		nodes[i].order = in[i].sort_order;
		nodes[i].parent = (pidx[i] < n && !state[i]) ? in[i].parent_id : 0;
		if (nodes[i].parent == 0)
			pidx[i] = n;
	}
	qsort(nodes, n, sizeof(*nodes), by_parent_order);
	for (i = 0; i < n; i++)
		number[nodes[i].idx] = (i > 0 && nodes[i - 1].parent == nodes[i].parent)
		                           ? number[nodes[i - 1].idx] + 1
		                           : 1;
	for (i = 0; i < n; i++) {
		/* Build from the root down: collect the chain, then print. */
		size_t chain[64], depth = 0, k;
		size_t len = 0;

		for (j = i; j < n && depth < 64; j = pidx[j])
			chain[depth++] = j;
		out[i][0] = '\0';
		for (k = depth; k-- > 0;) {
			int w = snprintf(out[i] + len, KA_OUTLINE_MAX - len, "%s%zu",
			                 k + 1 == depth ? "" : ".", number[chain[k]]);
			if (w < 0 || (size_t)w >= KA_OUTLINE_MAX - len)
				break;
			len += (size_t)w;
		}
	}
	free(nodes);
	free(number);
	free(pidx);
	free(state);
}

int ka_outline_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);

		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (ea == a && eb == b && !*ea && !*eb)
			break;
	}
	return (*a != 0) - (*b != 0);
}

/* ---- dates and review lights ---- */

const char *ka_review_light(const char *next_review, int64_t interval_days, const char *today,
                            int64_t *days_left)
{
	int64_t left, margin;

	if (!next_review || ka_date_diff(&left, today, next_review))
		return NULL;
	if (days_left)
		*days_left = left;
	margin = interval_days > 0 ? (interval_days + 9) / 10 : 1;
	if (left < 0)
		return "red";
	if (left <= margin)
		return "yellow";
	return "green";
}

/* ---- roles ---- */

static const struct {
	const char *kind;
	unsigned bit;
} kinds[] = {
    {"owner", KA_ROLE_OWNER},       {"responsible", KA_ROLE_RESPONSIBLE},
    {"team", KA_ROLE_TEAM},         {"advisor", KA_ROLE_ADVISOR},
    {"resource", KA_ROLE_RESOURCE}, {"facilitator", KA_ROLE_FACILITATOR},
    {"steward", KA_ROLE_STEWARD},
};

#define ANCESTORS                                                                                  \
	"WITH RECURSIVE anc(id) AS (SELECT CAST(? AS BIGINT) UNION ALL"                            \
	" SELECT p.parent_id FROM processes p JOIN anc ON p.id = anc.id"                           \
	" WHERE p.parent_id IS NOT NULL) "

int ka_portfolio_roles(struct ka_store *st, int64_t process_id, int64_t user_id, const char *today,
                       unsigned *mask, struct ka_diag *diag)
{
	struct ka_rows r;
	size_t i, k;
	int err;

	*mask = 0;
	ka_rows_init(&r);
	err = ka_store_exec(
	    st,
	    ANCESTORS "SELECT DISTINCT r.kind FROM role_assignments ra"
	              " JOIN roles r ON r.id = ra.role_id"
	              " JOIN people pe ON pe.id = ra.person_id"
	              " WHERE pe.user_id = ? AND ra.from_date <= ?"
	              " AND (ra.to_date IS NULL OR ra.to_date >= ?)"
	              " AND (ra.scope = 'organisation' OR (ra.scope = 'process'"
	              " AND ra.process_id IN (SELECT id FROM anc)))",
	    (struct ka_val[]){ka_int(process_id), ka_int(user_id), ka_text(today), ka_text(today)},
	    4, &r, diag);
	for (i = 0; !err && i < r.nrows; i++) {
		const struct ka_val *v = ka_rows_at(&r, i, 0);

		for (k = 0; v->type == KA_VAL_TEXT && k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!strcmp(v->s, kinds[k].kind))
				*mask |= kinds[k].bit;
	}
	ka_rows_release(&r);
	return err;
}

int ka_portfolio_has_owner(struct ka_store *st, int64_t process_id, const char *today, bool *has,
                           struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	*has = false;
	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    ANCESTORS "SELECT COUNT(*) FROM role_assignments ra"
	                              " JOIN roles r ON r.id = ra.role_id"
	                              " WHERE r.kind = 'owner' AND ra.scope = 'process'"
	                              " AND ra.process_id IN (SELECT id FROM anc)"
	                              " AND ra.from_date <= ?"
	                              " AND (ra.to_date IS NULL OR ra.to_date >= ?)",
	                    (struct ka_val[]){ka_int(process_id), ka_text(today), ka_text(today)},
	                    3, &r, diag);
	if (!err && r.nrows == 1)
		*has = ka_rows_at(&r, 0, 0)->i > 0;
	ka_rows_release(&r);
	return err;
}
