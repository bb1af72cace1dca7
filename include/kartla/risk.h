/*
 * Risk analysis (domain.md §4), the pure part: risk scales (size 3-6,
 * labels per level in nb/sv/en, colour thresholds, acceptance criteria,
 * the presets Swedish 4x4 and Norwegian 5x5), scoring R = L x C, colour
 * classification, risks as typed values (struct ka_risk with its scores
 * and actions, struct ka_risk_list), the risk matrix (counts per cell,
 * inherent and residual) as JSON and SVG, and the internal-control plan
 * (red risks and their actions, per unit) as JSON, CSV and printable HTML.
 *
 * Nothing here touches the database: kartla/risk_store.h (lib/riskdb)
 * reads and writes the register and fills these structures, so that the
 * server and the CLI give the same answers.
 *
 * Ownership: every json_t returned is a new reference the caller releases
 * with json_decref(); buffers are the caller's. Label strings returned by
 * ka_risk_label() are borrowed from the scale. A struct ka_risk_list owns
 * every string and array of its risks (one arena); a struct ka_risk_plan
 * borrows the risks of the list it was built from.
 */
#ifndef KARTLA_RISK_H
#define KARTLA_RISK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/arena.h"
#include "kartla/buf.h"
#include "kartla/err.h"

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
json_t *ka_risk_matrix_to_json(const struct ka_risk_scale *s, const struct ka_risk_matrix *m);
/*
 * The matrix as a standalone SVG document: two heat maps side by side
 * (inherent, residual), likelihood upwards, consequence to the right,
 * cells coloured by the scale's thresholds, each with its count. Labels in
 * `lang` (nb, sv, en).
 */
int ka_risk_matrix_svg(const struct ka_risk_scale *s, const struct ka_risk_matrix *m,
                       const char *lang, struct ka_buf *out);

/* ---- the workspace's scales ---- */

/* Every scale a workspace has had (oldest first), and which is current. */
struct ka_risk_scales {
	size_t n;
	int64_t *ids;                 /* owned */
	struct ka_risk_scale *scales; /* owned */
	int64_t current_id;           /* 0 when the workspace never set one: the default preset */
	struct ka_risk_scale current;
};

void ka_risk_scales_release(struct ka_risk_scales *s);
/* The scale with row id `id`, or NULL. */
const struct ka_risk_scale *ka_risk_scales_get(const struct ka_risk_scales *s, int64_t id);
/* {"id": id or null, "scale": {...}}: one scale as the API answers it. */
json_t *ka_risk_scale_entry_to_json(int64_t id, const struct ka_risk_scale *s);
/* {"items": [entry...], "current_id": id or null}. */
json_t *ka_risk_scales_to_json(const struct ka_risk_scales *s);
/* {"items": [{"key", "scale"}...]}: the presets. */
json_t *ka_risk_presets_to_json(void);

/* ---- risks as values ---- */

/*
 * One assessment (inherent or residual) as stored: on the scale it was made
 * on. Strings borrowed from the list that holds the risk.
 */
struct ka_risk_score {
	bool set; /* false: not assessed (JSON null) */
	int64_t likelihood, consequence;
	int value;               /* L x C */
	int colour;              /* enum ka_risk_colour on the score's scale; -1: scale unknown */
	int64_t scale_id;        /* the risk_scales row */
	const char *scale;       /* that scale's key; NULL when unknown */
	bool current_scale;      /* made on the workspace's current scale */
	const char *assessed_at; /* NULL when not recorded */
};

/* One action of a risk. Ids 0 and NULL strings are JSON null. */
struct ka_risk_action {
	int64_t id, risk_id;
	const char *title;
	int64_t responsible_id;
	const char *responsible; /* the person's name */
	const char *due_date;
	const char *status; /* planned, ongoing, done, cancelled */
	bool has_cost;
	double cost;
	bool overdue; /* open (planned, ongoing) and due before the day of the query */
	int64_t version;
	const char *created_at, *updated_at;
};

/* One re-assessment in a risk's score history. */
struct ka_risk_assessment {
	const char *kind; /* "inherent" or "residual" */
	int64_t likelihood, consequence, scale_id;
	int colour;        /* on that scale; -1 when unknown */
	const char *scale; /* key; NULL when unknown */
	const char *at;
	const char *by; /* login; NULL when unknown */
};

/*
 * A risk of the register with the names it refers to. Ids 0 and NULL
 * strings are JSON null. The effective unit is the risk's unit, else its
 * owner's.
 */
struct ka_risk {
	int64_t id, process_id;
	const char *element_id, *title, *event, *cause, *consequence, *category, *controls;
	int64_t owner_id, unit_id;
	const char *decision, *decision_rationale;
	int64_t decided_by;
	const char *decided_at, *review_date, *source_workshop, *source_date;
	int64_t source_facilitator_id;
	int64_t version;
	const char *created_at, *updated_at;
	const char *process; /* the process's name */
	const char *owner;
	int64_t effective_unit_id;
	const char *effective_unit, *decided_by_name, *source_facilitator, *element_name;
	/* the element's names by language as JSON text, {"": name, "nb": ...}; NULL when none */
	const char *element_names;
	/* the category's names in nb, sv, en (ka_risk_category_name); NULL when none */
	const char *category_names[3];
	bool orphan; /* element_id is not in the process's current map */
	struct ka_risk_score inherent, residual;
	int acceptance; /* enum ka_risk_accept of the inherent score; -1 when not scored */
	struct ka_risk_action *actions;
	size_t nactions;
	bool has_history; /* history was read (one risk) */
	struct ka_risk_assessment *history;
	size_t nhistory;
};

/*
 * The risk's category as a reader of `lang` (nb, sv, en; else en) reads it:
 * its managed name in that language, else the code; "" when it has none.
 * Borrowed from the risk.
 */
const char *ka_risk_category_name(const struct ka_risk *k, const char *lang);

/* Risks with everything they point at, owned by the list's arena. */
struct ka_risk_list {
	struct ka_arena arena;
	struct ka_risk *items;
	size_t n;
};

void ka_risk_list_init(struct ka_risk_list *l);
void ka_risk_list_release(struct ka_risk_list *l);
/* A copy of `s` owned by the list (NULL stays NULL). */
const char *ka_risk_list_str(struct ka_risk_list *l, const char *s);

/* Which risks the register returns (0 / NULL / -1: no condition). */
struct ka_risk_filter {
	int64_t id;
	int64_t process_id;
	int64_t owner_id;
	int64_t unit_id; /* the risk's unit, else its owner's */
	const char *category;
	int colour; /* enum ka_risk_colour of the inherent score, or -1 */
	int orphan; /* 1 orphaned only, 0 not orphaned only, -1 all */
	/* "id", "title", "value", "residual", "review_date", "process", "category"; "-" descending
	 */
	const char *sort;
	/* the language of "process" (the process's name): "nb", "sv", "en"; NULL: nb, else en, else
	 * sv */
	const char *lang;
};

/* A filter with no conditions, sorted by id. */
void ka_risk_filter_init(struct ka_risk_filter *f);
/* True when `sort` names a sort key the register knows. */
bool ka_risk_sort_ok(const char *sort);
/* Whether `r` passes the filter's colour and orphan conditions. */
bool ka_risk_filter_match(const struct ka_risk_filter *f, const struct ka_risk *r);
/* Sorts the list's items by `sort` (as in the filter; NULL: by id); ties by id. */
void ka_risk_list_sort(struct ka_risk_list *l, const char *sort);

/*
 * The risk as JSON: every stored field, "process" (name), "element_name"
 * (the map's default name), "element_names" ({"": default, "nb": ..., "sv":
 * ...} from the map's translations, or null: the reader's language is picked
 * by the UI), "orphan", "owner", "effective_unit" (names), "inherent" and "residual"
 * ({"likelihood","consequence","value","colour","scale_id","scale",
 * "current_scale","assessed_at"} or null), "acceptance", "actions", and
 * "history" when it was read.
 */
json_t *ka_risk_to_json(const struct ka_risk *r);
/* The risks as a JSON array; from..to (exclusive, clamped) of the list. */
json_t *ka_risk_list_to_json(const struct ka_risk_list *l, size_t from, size_t to);
json_t *ka_risk_action_to_json(const struct ka_risk_action *a);
/*
 * Open actions past their due date across the list:
 * {"items":[action + "risk", "process_id", "process", "unit"], "total"}.
 */
json_t *ka_risk_overdue_to_json(const struct ka_risk_list *l);
/*
 * The markers of a process's map: {"process_id", "map_version_id" (or
 * null), "elements":[{"element_id","element_name","element_names","count","max_value",
 * "colour","risks":[id...]}], "orphans":[id...], "process_level"}.
 */
json_t *ka_risk_markers_to_json(const struct ka_risk_list *l, int64_t process_id,
                                int64_t map_version_id);

/* The matrix of the list on the current scale (of size `size`). */
void ka_risk_matrix_of(struct ka_risk_matrix *m, int size, const struct ka_risk_list *l);

/* ---- the internal-control plan ---- */

struct ka_risk_plan_unit {
	int64_t unit_id;              /* 0: no unit */
	const char *unit;             /* "" when none; borrowed */
	const struct ka_risk **risks; /* borrowed from the list; by descending R, then title */
	size_t n;
};

/*
 * Which risks the plan holds (the workspace setting risk_plan_rule):
 * red inherent scores only; red ones and every risk with a decided action
 * (the decision "act", or an action that is not cancelled); or all risks.
 */
enum ka_risk_plan_rule {
	KA_RISK_PLAN_RED = 0,
	KA_RISK_PLAN_RED_OR_ACTION = 1, /* the default */
	KA_RISK_PLAN_ALL = 2
};

/* "red", "red_or_action", "all" to the rule; -1 for anything else. */
int ka_risk_plan_rule_parse(const char *s);
/* Whether the rule puts `r` in the plan. */
bool ka_risk_plan_includes(enum ka_risk_plan_rule rule, const struct ka_risk *r);

/*
 * The plan: every risk the rule includes, with its actions, grouped by
 * effective unit ("" when none), units by name then id, risks by
 * descending R (unscored last), then title. Borrows the risks of the list
 * it was built from.
 */
struct ka_risk_plan {
	struct ka_risk_plan_unit *units; /* owned */
	size_t nunits;
	size_t nrisks, nactions;
};

void ka_risk_plan_build(struct ka_risk_plan *p, const struct ka_risk_list *l,
                        enum ka_risk_plan_rule rule);
void ka_risk_plan_release(struct ka_risk_plan *p);
/* {"units":[{"unit_id","unit","risks":[risk...]}], "risks": N, "actions": N}. */
json_t *ka_risk_plan_to_json(const struct ka_risk_plan *p);
/*
 * The plan as CSV for the reader's spreadsheet (lib/risk/risk_csv.c): a
 * UTF-8 byte-order mark, then one line per action (a risk without actions
 * gets one line with empty action columns), headings and enumerations
 * (decision, status, overdue) in `lang`. nb and sv: ";" between cells and a
 * decimal comma (what Norwegian and Swedish Excel read); en (and anything
 * else): "," and a decimal point. RFC 4180 quoting, CRLF line ends, every
 * cell through the formula guard of ka_risk_csv_cell().
 */
int ka_risk_plan_csv(const struct ka_risk_plan *p, const char *lang, struct ka_buf *out);

/* How a CSV file is written for a language (ka_risk_csv_style). */
struct ka_risk_csv_style {
	const char *lang; /* "nb", "sv" or "en"; static */
	char sep;         /* ';' for nb and sv, ',' for en */
	char decimal;     /* ',' for nb and sv, '.' for en */
};

void ka_risk_csv_style(struct ka_risk_csv_style *st, const char *lang);
/* `v` with `decimals` decimals and `decimal` as the decimal mark, into t[n]. */
void ka_risk_csv_number(char *t, size_t n, double v, int decimals, char decimal);
/* A stored enumeration value (decision, action status, "yes") in `lang`; others unchanged. */
const char *ka_risk_csv_value(const char *key, const char *lang);

/*
 * A printable HTML page of the plan in `lang`; `title` is escaped. `org`
 * (the organisation's name) and `date` are printed under the title when not
 * NULL or empty, and again in the page footer of every printed page. With
 * `css_href` NULL the page is self-contained (its stylesheet inline, for
 * files); otherwise it links that stylesheet (the server, whose Content
 * Security Policy refuses inline styles) and holds no inline style.
 */
int ka_risk_plan_html(const struct ka_risk_plan *p, const char *lang, const char *title,
                      const char *org, const char *date, const char *css_href, struct ka_buf *out);
/* The plan page's stylesheet (static text). */
const char *ka_risk_plan_css(void);
/* The plan's title in `lang` ("Internal-control plan", ...). */
const char *ka_risk_plan_title(const char *lang);

/*
 * Appends one CSV cell and then `sep` or (last) CRLF: quoted as RFC 4180
 * says when it holds `sep`, a quote, CR or LF; a cell starting
 * with = + - @ TAB or CR is quoted with a leading ' so that spreadsheets do
 * not run it as a formula.
 */
void ka_risk_csv_cell(struct ka_buf *out, const char *s, char sep, bool last);
/* ka_risk_csv_cell with ',' as the separator. */
void ka_risk_csv_field(struct ka_buf *out, const char *s, bool last);

#endif
