/*
 * The modelling-rule checker behind `kartla check` (and the server's check
 * endpoint): the rules facilitators are trained in plus the well-known
 * structural BPMN lint rules, run over a ka_map. Each rule has a stable
 * kebab-case id, a default severity and a message in English, Norwegian
 * (bokmål) and Swedish; docs/rules.md describes every rule.
 *
 * Ownership: a finding borrows its element, id and name from the checked map
 * (keep the map alive while using the findings); its message is owned by the
 * findings and freed by ka_findings_release().
 */
#ifndef KARTLA_CHECK_H
#define KARTLA_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/model.h"

enum ka_severity { KA_SEV_OFF = 0, KA_SEV_INFO, KA_SEV_WARNING, KA_SEV_ERROR, KA_SEV__COUNT };

enum ka_lang { KA_LANG_EN = 0, KA_LANG_NB, KA_LANG_SV, KA_LANG__COUNT };

/* "off", "info", "warning" or "error". */
const char *ka_severity_name(enum ka_severity sev);
/* Parses a severity name; 0 or KA_ERR_USAGE. */
int ka_severity_parse(const char *s, enum ka_severity *out);

/* "en", "nb" or "sv". */
const char *ka_lang_code(enum ka_lang lang);
/* Parses a language code; 0 or KA_ERR_USAGE. */
int ka_lang_parse(const char *s, enum ka_lang *out);

/* Number of rules; rule numbers run from 0 to count - 1 in a fixed order. */
size_t ka_check_rule_count(void);
/* Stable id of rule number i (static string). */
const char *ka_check_rule_id(size_t i);
/* Default severity of rule number i. */
enum ka_severity ka_check_rule_default(size_t i);
/* Rule number of `id`, or -1 when no rule has that id. */
long ka_check_rule_find(const char *id);

/*
 * The language of a map's names that have no translation (the map's
 * language): the one rule the live check (POST /api/check), the findings
 * stored with a map version and `kartla check` share. The process's
 * language (`process_lang`: the one language the process is named in, NULL
 * when it has none or several), else the workspace's (`workspace_lang`, NULL
 * or "" when not set), else `fallback` (what the caller was told: the
 * reader's language, or --map-lang / --lang). Codes other than nb, sv and en
 * are passed over. A translated name is in its translation's language.
 */
enum ka_lang ka_check_map_lang(const char *process_lang, const char *workspace_lang,
                               enum ka_lang fallback);

/*
 * What to check and how to say it. Initialise with ka_check_config_init()
 * (every rule at its default severity, English; names in the messages'
 * language until `names` is set), then
 * override per rule directly or from a rules file. Release with
 * ka_check_config_release().
 */
struct ka_check_config {
	enum ka_lang lang;     /* of the messages (the reader's) */
	enum ka_lang names;    /* of names without a translation: ka_check_map_lang();
	                        * KA_LANG__COUNT (the default): the same as lang */
	signed char *severity; /* per rule number: -1 = default, else an enum ka_severity */
	size_t nrules;
	/*
	 * Maps with at least this many model elements are checked by two threads,
	 * each taking the next rule (the same findings in the same order, sooner).
	 * 0 (as ka_check_config_init() leaves it): KA_CHECK_THREADS_FROM; SIZE_MAX: never.
	 */
	size_t threads_from;
};

#define KA_CHECK_THREADS_FROM 20000

void ka_check_config_init(struct ka_check_config *cfg);
void ka_check_config_release(struct ka_check_config *cfg);
/* Sets the severity of one rule (KA_SEV_OFF switches it off); KA_ERR_NOT_FOUND if unknown. */
int ka_check_config_set(struct ka_check_config *cfg, const char *rule_id, enum ka_severity sev);
/* Effective severity of rule number i. */
enum ka_severity ka_check_config_severity(const struct ka_check_config *cfg, size_t i);

/*
 * Applies a rules file held in memory (`file` names it in messages). The
 * format, one setting a line (docs/rules.md):
 *
 *     # comment
 *     rule-id = off | info | warning | error
 *     *       = off            (every rule; later lines override)
 *
 * On a mistake returns KA_ERR_USAGE with file, line, column and what is wrong
 * in `diag`; cfg may then hold the settings of the lines before the mistake.
 */
int ka_check_config_parse(struct ka_check_config *cfg, const char *data, size_t len,
                          const char *file, struct ka_diag *diag);

/* Reads and applies a rules file; KA_ERR_IO / KA_ERR_TOO_BIG when it cannot be read. */
int ka_check_config_load(struct ka_check_config *cfg, const char *path, struct ka_diag *diag);

struct ka_finding {
	const char *rule; /* rule id (static) */
	enum ka_severity severity;
	const struct ka_el *el;   /* the element concerned (borrowed from the map) */
	const char *element_id;   /* "" when the element has no id (borrowed) */
	const char *element_name; /* label in the chosen language, "" when none (borrowed) */
	unsigned long line;       /* line of the element's start tag */
	char *message;            /* in the chosen language (owned) */
	size_t seq;               /* order of reporting, the last sort key */
};

struct ka_findings {
	struct ka_finding *v;
	size_t n, alloc;
	size_t counts[KA_SEV__COUNT]; /* findings per severity */
};

void ka_findings_init(struct ka_findings *f);
void ka_findings_release(struct ka_findings *f);

/*
 * Runs every enabled rule over `m` and appends the findings to `out` (which
 * must be initialised), sorted by document order of the element, then rule
 * id. `cfg` NULL means defaults in English. Returns 0; findings are not
 * errors of the call.
 */
int ka_check_run(const struct ka_map *m, const struct ka_check_config *cfg,
                 struct ka_findings *out);

/*
 * Appends the findings as a JSON object (two-space indented, keys in fixed
 * order, UTF-8): {"file", "lang", "counts": {"error", "warning", "info"},
 * "findings": [{"rule", "severity", "element", "name", "line", "message"}]}.
 */
int ka_findings_write_json(const struct ka_findings *f, const char *file, enum ka_lang lang,
                           struct ka_buf *out);

/*
 * The findings as a new JSON object (the caller decrefs), keys in the order
 * of ka_findings_write_json: {"file" (only when `file` is not NULL), "lang",
 * "counts": {"error", "warning", "info"}, "findings": [{"rule", "severity",
 * "element", "name", "line", "message"}]}. The typed results stay the
 * source: callers that answer or store JSON build it here, never by
 * parsing the text writer's output.
 */
json_t *ka_check_findings_to_json(const struct ka_findings *f, const char *file, enum ka_lang lang);

/*
 * Adds to each finding of `json` (as ka_check_findings_to_json made it from
 * `f`, the findings of `m` under configuration `made`, NULL: the default)
 * "messages": {"nb", "sv", "en"}: its message in every language, by running
 * the same rules with the same names language again worded in each language
 * (a finding's words name elements in that language, so they are rendered
 * while the map is at hand, and stored with it). Readers show
 * messages[their language] and fall back to "message".
 */
void ka_check_findings_add_langs(json_t *json, const struct ka_map *m, const struct ka_findings *f,
                                 const struct ka_check_config *made);

/* Appends "N errors, N warnings, N notes" (or its translation) without a newline. */
int ka_findings_summary(const struct ka_findings *f, enum ka_lang lang, struct ka_buf *out);

#endif
