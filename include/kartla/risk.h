/*
 * Risk analysis (domain.md §4): risk scales (size 3-6, labels per level in
 * nb/sv/en, colour thresholds, acceptance criteria, the presets Swedish 4x4
 * and Norwegian 5x5), scoring R = L x C, colour classification, the risk
 * matrix (counts per cell, inherent and residual) as JSON and SVG, and the
 * internal-control plan (red risks and their actions, per unit) as JSON,
 * CSV and printable HTML.
 *
 * Pure logic lives in risk_scale.c and risk_render.c; risk_store.c reads
 * scales and risks from the portfolio database (schema version 2) so that
 * the server and the CLI give the same answers.
 *
 * Ownership: every json_t returned is a new reference the caller releases
 * with json_decref(); buffers are the caller's. Label strings returned by
 * ka_risk_label() are borrowed from the scale.
 */
#ifndef KARTLA_RISK_H
#define KARTLA_RISK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/buf.h"
#include "kartla/store.h"

#define KA_RISK_SIZE_MIN  3
#define KA_RISK_SIZE_MAX  6
#define KA_RISK_LABEL_MAX 120 /* bytes of one label, with the NUL */
#define KA_RISK_KEY_MAX   32

enum ka_risk_colour { KA_RISK_GREEN = 0, KA_RISK_YELLOW = 1, KA_RISK_RED = 2 };

/* What the acceptance criteria say about a colour. */
enum ka_risk_accept {
	KA_RISK_ACCEPT = 0,   /* may be accepted */
	KA_RISK_CONSIDER = 1, /* may be accepted with a rationale; actions considered */
	KA_RISK_ACT = 2       /* not acceptable without an action */
};

struct ka_risk_label {
	char nb[KA_RISK_LABEL_MAX], sv[KA_RISK_LABEL_MAX], en[KA_RISK_LABEL_MAX];
};

struct ka_risk_scale {
	char key[KA_RISK_KEY_MAX]; /* "se4", "no5" or "custom" */
	int size;                  /* levels on each axis, 3..6 */
	struct ka_risk_label name;
	struct ka_risk_label likelihood[KA_RISK_SIZE_MAX];  /* level 1 first */
	struct ka_risk_label consequence[KA_RISK_SIZE_MAX]; /* level 1 first */
	int yellow;                                         /* R >= yellow is yellow */
	int red;                                            /* R >= red is red */
	enum ka_risk_accept accept[3];                      /* per colour */
};

/* The preset keys ("se4", "no5"), a static array. */
const char *const *ka_risk_preset_keys(size_t *n);
/* Fills `out` with a preset; KA_ERR_NOT_FOUND for an unknown key. */
int ka_risk_preset(const char *key, struct ka_risk_scale *out);
/* The preset used while a workspace has never set a scale ("no5"). */
#define KA_RISK_DEFAULT_PRESET "no5"

/*
 * Reads and validates a scale from JSON: {"key", "name":{nb,sv,en},
 * "size", "likelihood":[{nb,sv,en}, ...size], "consequence":[...],
 * "thresholds":{"yellow","red"}, "acceptance":{"green","yellow","red"}
 * (each "accept" | "consider" | "act")}. "key" and "name" are optional.
 * Unknown fields, wrong types, a size outside 3..6, label arrays of the
 * wrong length, empty labels, thresholds not 2 <= yellow < red <= size^2
 * are KA_ERR_INVALID with the JSON path in `field` and a message in `msg`.
 */
int ka_risk_scale_from_json(const json_t *j, struct ka_risk_scale *out, char *field, size_t fieldsz,
                            char *msg, size_t msgsz);
/* The scale as JSON (the same shape ka_risk_scale_from_json reads). */
json_t *ka_risk_scale_to_json(const struct ka_risk_scale *s);

/* True when 1 <= level <= size. */
bool ka_risk_level_ok(const struct ka_risk_scale *s, int64_t level);
/* R = L x C, or 0 when a level is off the scale. */
int ka_risk_value(const struct ka_risk_scale *s, int64_t l, int64_t c);
enum ka_risk_colour ka_risk_colour_of(const struct ka_risk_scale *s, int r);
enum ka_risk_accept ka_risk_acceptance(const struct ka_risk_scale *s, int r);
/* "green", "yellow", "red"; the parser returns -1 for anything else. */
const char *ka_risk_colour_name(enum ka_risk_colour c);
int ka_risk_colour_parse(const char *s);
/* "accept", "consider", "act"; the parser returns -1 for anything else. */
const char *ka_risk_accept_name(enum ka_risk_accept a);
int ka_risk_accept_parse(const char *s);
/* The label in "nb", "sv" or "en" (anything else: en); borrowed. */
const char *ka_risk_label(const struct ka_risk_label *l, const char *lang);

/* ---- the matrix ---- */

/* Counts per cell: [likelihood - 1][consequence - 1]. */
struct ka_risk_matrix {
	int size;
	int inherent[KA_RISK_SIZE_MAX][KA_RISK_SIZE_MAX];
	int residual[KA_RISK_SIZE_MAX][KA_RISK_SIZE_MAX];
	int n_inherent, n_residual; /* scores placed */
	int unscored;               /* risks without an inherent score */
	int other_inherent;         /* inherent scores made on an earlier scale (not placed) */
	int other_residual;         /* residual scores made on an earlier scale */
};

void ka_risk_matrix_init(struct ka_risk_matrix *m, int size);
/* Adds one score; KA_ERR_INVALID (nothing counted) when off the matrix. */
int ka_risk_matrix_add(struct ka_risk_matrix *m, bool residual, int l, int c);
/*
 * {"scale": {...}, "inherent": {"cells":[[...]], "total"}, "residual": {...},
 * "unscored", "other_scale": {"inherent","residual"}}; cells[l-1][c-1].
 */
json_t *ka_risk_matrix_json(const struct ka_risk_scale *s, const struct ka_risk_matrix *m);
/*
 * The matrix as a standalone SVG document: two heat maps side by side
 * (inherent, residual), likelihood upwards, consequence to the right,
 * cells coloured by the scale's thresholds, each with its count. Labels in
 * `lang` (nb, sv, en).
 */
int ka_risk_matrix_svg(const struct ka_risk_scale *s, const struct ka_risk_matrix *m,
                       const char *lang, struct ka_buf *out);

/* ---- the internal-control plan ---- */

/*
 * The plan from risk objects as ka_risk_query() returns them: every risk
 * whose inherent score is red on the scale it was made on, with its
 * actions, grouped by unit (the risk's unit, else its owner's; "" when
 * none), units by name, risks by descending R then title:
 * {"units":[{"unit_id","unit","risks":[risk...]}], "risks": N, "actions": N}.
 */
json_t *ka_risk_plan(const json_t *risks);
/*
 * One CSV line per action (a red risk without actions gets one line with
 * empty action columns), RFC 4180 quoting, a header line first.
 */
int ka_risk_plan_csv(const json_t *plan, struct ka_buf *out);
/* A printable, self-contained HTML page of the plan in `lang`; `title` is escaped. */
int ka_risk_plan_html(const json_t *plan, const char *lang, const char *title, struct ka_buf *out);

/*
 * Appends one CSV field and then "," or (last) CRLF: quoted as RFC 4180 says
 * when it holds a comma, quote, CR or LF; a field starting with = + - @ TAB
 * or CR is quoted with a leading ' so that spreadsheets do not run it as a
 * formula.
 */
void ka_risk_csv_field(struct ka_buf *out, const char *s, bool last);

/* Appends `s` with &, <, >, " and ' escaped (XML and HTML). */
int ka_risk_escape(struct ka_buf *out, const char *s);

/* ---- reading the database (risk_store.c) ---- */

/* Every scale the workspace has had, and which is current. */
struct ka_risk_scales {
	size_t n;
	int64_t *ids;
	struct ka_risk_scale *scales;
	int64_t current_id; /* 0 when the workspace never set one: the default preset */
	struct ka_risk_scale current;
};

int ka_risk_scales_load(struct ka_store *st, struct ka_risk_scales *out, struct ka_diag *diag);
void ka_risk_scales_release(struct ka_risk_scales *s);
/* The scale with row id `id`, or NULL. */
const struct ka_risk_scale *ka_risk_scales_get(const struct ka_risk_scales *s, int64_t id);

/* Inserts a new current scale (inside the caller's transaction); *id is its row id. */
int ka_risk_scale_insert(struct ka_store *st, const struct ka_risk_scale *s, int64_t user_id,
                         int64_t *id, struct ka_diag *diag);
/*
 * The row id of the current scale, inserting the default preset first when
 * the workspace has none (inside the caller's transaction).
 */
int ka_risk_scale_current_id(struct ka_store *st, int64_t *id, struct ka_diag *diag);

/*
 * The map version a process's risks are checked against: the approved
 * as-is version, else the newest as-is version; 0 when the process has no
 * map. An element id is valid when that version's index has it.
 */
int ka_risk_map_version(struct ka_store *st, int64_t process_id, int64_t *version_id,
                        struct ka_diag *diag);
int ka_risk_element_exists(struct ka_store *st, int64_t version_id, const char *element_id,
                           bool *exists, struct ka_diag *diag);

/* Which risks ka_risk_query returns (0 / NULL / -1: no condition). */
struct ka_risk_filter {
	int64_t id;
	int64_t process_id;
	int64_t owner_id;
	int64_t unit_id; /* the risk's unit, else its owner's */
	const char *category;
	int colour; /* enum ka_risk_colour of the inherent score, or -1 */
	int orphan; /* 1 orphaned only, 0 not orphaned only, -1 all */
	/* "id", "title", "value", "residual", "review_date", "process"; "-" prefix descending */
	const char *sort;
	/* the language of "process" (the process's name): "nb", "sv", "en"; NULL: nb, else en, else
	 * sv */
	const char *lang;
};

/* A filter with no conditions, sorted by id. */
void ka_risk_filter_init(struct ka_risk_filter *f);
/* True when `sort` names a sort key ka_risk_query knows. */
bool ka_risk_sort_ok(const char *sort);

/*
 * The risks matching `f` as a new JSON array of objects: every stored
 * field, "process" (name), "element_name", "orphan" (element id not in
 * the current map), "owner", "unit" (names), "inherent" and "residual"
 * ({"likelihood","consequence","value","colour","scale_id","scale",
 * "current_scale","assessed_at"} or null; colour on the score's own scale),
 * "acceptance" of the inherent score, and "actions" (with "overdue"
 * against `today`, YYYY-MM-DD).
 */
int ka_risk_query(struct ka_store *st, const struct ka_risk_scales *scales,
                  const struct ka_risk_filter *f, const char *today, json_t **out,
                  struct ka_diag *diag);

/* The matrix of `risks` (from ka_risk_query) on the current scale. */
void ka_risk_matrix_of(const struct ka_risk_scales *scales, const json_t *risks,
                       struct ka_risk_matrix *m);

#endif
