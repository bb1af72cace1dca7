/*
 * Internals of the checker shared by check.c, check_i18n.c and the
 * check_rules_*.c files: the rule table row, the per-run context, reporting,
 * the flow graph and the BPMN-semantics helpers every rule agrees on.
 */
#ifndef KARTLA_CHECK_INT_H
#define KARTLA_CHECK_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "kartla/check.h"

/* A rule may word its finding in up to this many ways (message variants). */
#define KA_CHECK_VARIANTS 4

struct ka_check_ctx;

/*
 * One rule: a table row. Templates may use {Def} / {def} (the element's kind
 * with the definite article, capitalised or not), {kind} (indefinite), {name}
 * (its label), {ref} (another element, by label or id), {refkind}, {n}, {max}
 * and {text} (see struct ka_check_args).
 */
struct ka_check_rule {
	const char *id;
	enum ka_severity severity;
	void (*run)(struct ka_check_ctx *c);
	const char *msg[KA_CHECK_VARIANTS][KA_LANG__COUNT];
};

struct ka_check_table {
	const struct ka_check_rule *rules;
	size_t n;
};

/* The rule tables, one per theme (check_rules_<theme>.c). */
extern const struct ka_check_table ka_check_rules_events;
extern const struct ka_check_table ka_check_rules_flow;
extern const struct ka_check_table ka_check_rules_gateways;
extern const struct ka_check_table ka_check_rules_structure;
extern const struct ka_check_table ka_check_rules_names;
extern const struct ka_check_table ka_check_rules_di;
extern const struct ka_check_table ka_check_rules_import;

/* Rule number i (the tables in order), NULL past the end. */
const struct ka_check_rule *ka_check_rule_at(size_t i);

/*
 * Per-element facts computed once per run (indexed by ka_el.index), written
 * for the flow nodes in scope only (ka_check_in_scope): on a big map most
 * elements are DI shapes and edges, and a page of this array that nothing
 * writes is never read either, so it costs no page fault.
 */
struct ka_check_node {
	bool exempt;           /* legitimately outside the sequence flow (see check.c) */
	bool start_like;       /* may lack incoming flows */
	bool end_like;         /* may lack outgoing flows */
	struct ka_elvec succ;  /* flow successors: flow targets, boundary events, link catches */
	struct ka_elvec bound; /* boundary events attached to this activity */
};

/* Per-container facts (processes and sub-processes), indexed by ka_el.index. */
struct ka_check_scope {
	bool is_container; /* a process or sub-process holding flow nodes */
	bool adhoc;        /* ad-hoc sub-process: no start, end or flows needed */
	size_t nstart, nend, nnodes;
};

struct ka_check_ctx {
	const struct ka_map *m;
	enum ka_lang lang;  /* of the messages */
	enum ka_lang names; /* of names without a translation */
	struct ka_findings *out;
	const struct ka_check_rule *rule; /* the rule running */
	enum ka_severity sev;             /* its effective severity */
	struct ka_check_node *node;       /* m->els.n entries */
	struct ka_check_scope *scope;     /* m->els.n entries; written for containers only */
	uint64_t *in_scope;               /* bit i: els.v[i] is a flow node in scope */
	size_t *containers;               /* indexes of the processes and sub-processes */
	size_t ncontainers;
	size_t seq;
};

/* Whether m->els.v[i] is a flow node of a process or sub-process (not of a choreography). */
static inline bool ka_check_in_scope(const struct ka_check_ctx *c, size_t i)
{
	return (c->in_scope[i / 64] >> (i % 64)) & 1;
}

struct ka_check_args {
	const struct ka_el *ref; /* another element, named in {ref} */
	long n, max;             /* {n} and {max} */
	const char *text;        /* {text}: a name or word the message quotes */
};

/* Reports a finding of the running rule on `el`, worded by message variant `variant`. */
void ka_check_report(struct ka_check_ctx *c, const struct ka_el *el, int variant,
                     const struct ka_check_args *a);

/* Helpers on the model, shared by the rules. */
bool ka_check_attr_true(const struct ka_el *el, const char *attr);
bool ka_check_is_link(const struct ka_el *el);
/* The name pairing a link event: its linkEventDefinition's name, else the event's; may be "". */
const char *ka_check_link_name(const struct ka_el *el);
/* True when el's local element name is `local`. */
bool ka_check_is(const struct ka_el *el, const char *local);
/* True inside a choreography (out of scope for the rules). */
bool ka_check_in_choreography(const struct ka_el *el);
/* True for a gateway with 2+ ways out, declared Diverging, with a default, or event-based. */
bool ka_check_gateway_splits(const struct ka_el *gw);
/* True for an exclusive, inclusive or complex gateway with two or more outgoing flows. */
bool ka_check_decision(const struct ka_el *gw);
/* The DI shape of a sub-process says isExpanded="false". */
bool ka_check_collapsed(const struct ka_el *el);
/* Label in the run's language, trimmed of surrounding white space into buf. */
const char *ka_check_label(const struct ka_check_ctx *c, const struct ka_el *el, char *buf,
                           size_t bufsz);

/* Messages (check_i18n.c). */
void ka_check_format(struct ka_buf *out, const char *tmpl, enum ka_lang lang,
                     const struct ka_el *el, const char *name, const struct ka_check_args *a);
const char *ka_check_kind_noun(enum ka_lang lang, const struct ka_el *el, bool definite);

/* Outcome of the verb + object judgement on an activity name (check_naming.c). */
enum ka_check_naming { KA_NAMING_OK = 0, KA_NAMING_NO_VERB, KA_NAMING_NO_OBJECT };
/* Judges `name` as a name in `lang`. */
enum ka_check_naming ka_check_verb_object(enum ka_lang lang, const char *name);

/*
 * Words already judged verb or not, for judging many names in a row: a map
 * repeats a few dozen verbs thousands of times, and each dictionary search
 * costs more than the rest of the judgement. Direct-mapped, checked against
 * the word's bytes; zero-filled means empty. Owned by the caller.
 */
#define KA_VERB_MEMO 256
struct ka_verb_memo {
	struct ka_verb_memo_entry {
		unsigned char lang1; /* enum ka_lang + 1; 0: empty */
		unsigned char len;
		unsigned char verb; /* 0 or 1 */
		unsigned char noun; /* 0: not known yet, 1: no, 2: yes */
		char word[28];
	} e[KA_VERB_MEMO];
};
/* ka_check_verb_object with `memo` (may be NULL) remembering the verb look-ups. */
enum ka_check_naming ka_check_verb_object_memo(struct ka_verb_memo *memo, enum ka_lang lang,
                                               const char *name);

/*
 * The language of an i18n translation's xml:lang ("nb", "nb-NO", "no", "sv-SE",
 * "en-GB"...): 0 and *out, or -1 for a language the checker does not judge (nn, de...).
 */
int ka_check_translation_lang(const char *xml_lang, enum ka_lang *out);

#endif
