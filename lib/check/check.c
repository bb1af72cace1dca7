/*
 * The checker's framework: the list of rules (gathered from the themed
 * check_rules_*.c tables), configuration and rules files, the per-run
 * context with the flow graph every graph rule walks, reporting, sorting
 * and JSON output of findings. The rules themselves live in check_rules_*.c
 * and their wording machinery in check_i18n.c.
 *
 * BPMN semantics decided here, once, for every rule: which flow nodes are
 * in scope (those of processes and sub-processes; choreographies and
 * conversations are not checked), which may lack incoming flows (start and
 * boundary events, link catch events, instantiating gateways and receive
 * tasks) or outgoing flows (end events, link throw events, compensation
 * boundary events), and which stand outside the sequence flow altogether
 * (event sub-processes, compensation handlers, the content of ad-hoc
 * sub-processes).
 */
#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/check.h"
#include "check_int.h"
#include "kartla/banned.h"

static const struct ka_check_table *const tables[] = {
    &ka_check_rules_events,    &ka_check_rules_flow,  &ka_check_rules_gateways,
    &ka_check_rules_structure, &ka_check_rules_names, &ka_check_rules_di,
    &ka_check_rules_import,
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

const struct ka_check_rule *ka_check_rule_at(size_t i)
{
	size_t t;

	for (t = 0; t < NTABLES; t++) {
		if (i < tables[t]->n)
			return &tables[t]->rules[i];
		i -= tables[t]->n;
	}
	return NULL;
}

size_t ka_check_rule_count(void)
{
	size_t t, n = 0;

	for (t = 0; t < NTABLES; t++)
		n += tables[t]->n;
	return n;
}

const char *ka_check_rule_id(size_t i)
{
	const struct ka_check_rule *r = ka_check_rule_at(i);

	return r ? r->id : NULL;
}

enum ka_severity ka_check_rule_default(size_t i)
{
	const struct ka_check_rule *r = ka_check_rule_at(i);

	return r ? r->severity : KA_SEV_OFF;
}

long ka_check_rule_find(const char *id)
{
	size_t i, n = ka_check_rule_count();

	for (i = 0; i < n; i++)
		if (!strcmp(ka_check_rule_at(i)->id, id))
			return (long)i;
	return -1;
}

static const char *const severity_names[KA_SEV__COUNT] = {"off", "info", "warning", "error"};

const char *ka_severity_name(enum ka_severity sev)
{
	return (unsigned)sev < KA_SEV__COUNT ? severity_names[sev] : "?";
}

int ka_severity_parse(const char *s, enum ka_severity *out)
{
	unsigned i;

	for (i = 0; i < KA_SEV__COUNT; i++) {
		if (!strcmp(s, severity_names[i])) {
			*out = (enum ka_severity)i;
			return 0;
		}
	}
	return KA_ERR_USAGE;
}

static const char *const lang_codes[KA_LANG__COUNT] = {"en", "nb", "sv"};

const char *ka_lang_code(enum ka_lang lang)
{
	return (unsigned)lang < KA_LANG__COUNT ? lang_codes[lang] : "en";
}

int ka_lang_parse(const char *s, enum ka_lang *out)
{
	unsigned i;

	for (i = 0; i < KA_LANG__COUNT; i++) {
		if (!strcmp(s, lang_codes[i])) {
			*out = (enum ka_lang)i;
			return 0;
		}
	}
	return KA_ERR_USAGE;
}

enum ka_lang ka_check_map_lang(const char *process_lang, const char *workspace_lang,
                               enum ka_lang fallback)
{
	enum ka_lang l;

	if (process_lang && !ka_lang_parse(process_lang, &l))
		return l;
	if (workspace_lang && !ka_lang_parse(workspace_lang, &l))
		return l;
	return (unsigned)fallback < KA_LANG__COUNT ? fallback : KA_LANG_EN;
}

/* ---- configuration ---------------------------------------------------- */

void ka_check_config_init(struct ka_check_config *cfg)
{
	cfg->lang = KA_LANG_EN;
	cfg->names = KA_LANG__COUNT; /* as lang */
	cfg->threads_from = 0;       /* KA_CHECK_THREADS_FROM */
	cfg->nrules = ka_check_rule_count();
	cfg->severity = ka_xmalloc(cfg->nrules ? cfg->nrules : 1);
	memset(cfg->severity, -1, cfg->nrules);
}

void ka_check_config_release(struct ka_check_config *cfg)
{
	free(cfg->severity);
	cfg->severity = NULL;
	cfg->nrules = 0;
}

int ka_check_config_set(struct ka_check_config *cfg, const char *rule_id, enum ka_severity sev)
{
	long i = ka_check_rule_find(rule_id);

	if (i < 0 || (size_t)i >= cfg->nrules)
		return KA_ERR_NOT_FOUND;
	cfg->severity[i] = (signed char)sev;
	return 0;
}

enum ka_severity ka_check_config_severity(const struct ka_check_config *cfg, size_t i)
{
	if (cfg && i < cfg->nrules && cfg->severity[i] >= 0)
		return (enum ka_severity)cfg->severity[i];
	return ka_check_rule_default(i);
}

/* Edit distance, for "did you mean" (short ids only). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

static const char *closest_rule(const char *id)
{
	size_t i, n = ka_check_rule_count(), best = 4;
	const char *found = NULL;

	for (i = 0; i < n; i++) {
		size_t d = distance(id, ka_check_rule_at(i)->id);

		if (d < best) {
			best = d;
			found = ka_check_rule_at(i)->id;
		}
	}
	return found;
}

static int is_id_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '-' || ch == '_' || ch == '*' || ch == '.';
}

/* One line "id = severity"; p..end without the newline. */
static int parse_line(struct ka_check_config *cfg, const char *line, const char *end,
                      unsigned long lineno, unsigned long *first, struct ka_diag *diag)
{
	const char *p = line, *id0, *sev0;
	char id[80], sevname[32];
	enum ka_severity sev;
	size_t idlen, sevlen, i;
	long r;

#define COL(ptr) ((unsigned long)((ptr)-line) + 1)
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return 0;
	id0 = p;
	while (p < end && is_id_char(*p))
		p++;
	idlen = (size_t)(p - id0);
	if (!idlen)
		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(p), NULL,
		                   "expected a rule id at the start of the line "
		                   "(a line reads 'rule-id = off|info|warning|error')");
	if (idlen >= sizeof(id))
		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(id0), NULL,
		                   "rule id is too long (%zu characters)", idlen);
	memcpy(id, id0, idlen);
	id[idlen] = 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || (*p != '=' && *p != ':'))
		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(p), NULL,
		                   "expected '=' after the rule id '%s' (a line reads "
		                   "'rule-id = off|info|warning|error')",
		                   id);
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	sev0 = p;
	while (p < end && isalpha((unsigned char)*p))
		p++;
	sevlen = (size_t)(p - sev0);
	if (!sevlen)
		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(p), NULL,
		                   "expected a severity for '%s': off, info, warning or error", id);
	if (sevlen >= sizeof(sevname))
		sevlen = sizeof(sevname) - 1;
	memcpy(sevname, sev0, sevlen);
	sevname[sevlen] = 0;
	if (ka_severity_parse(sevname, &sev))
		return ka_diag_set(
		    diag, KA_ERR_USAGE, lineno, COL(sev0), NULL,
		    "unknown severity '%s' for '%s': use off, info, warning or error", sevname, id);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p != '#')
		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(p), NULL,
		                   "unexpected text after the severity of '%s' (comments start "
		                   "with '#')",
		                   id);
	if (!strcmp(id, "*")) {
		for (i = 0; i < cfg->nrules; i++)
			cfg->severity[i] = (signed char)sev;
		return 0;
	}
	r = ka_check_rule_find(id);
	if (r < 0 || (size_t)r >= cfg->nrules) {
		const char *near = closest_rule(id);

		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(id0), NULL,
		                   "unknown rule '%s'%s%s%s (the rule ids are listed in "
		                   "docs/rules.md and by 'kartla check --list-rules')",
		                   id, near ? ": did you mean '" : "", near ? near : "",
		                   near ? "'?" : "");
	}
	if (first[r])
		return ka_diag_set(diag, KA_ERR_USAGE, lineno, COL(id0), NULL,
		                   "rule '%s' is already set at line %lu", id, first[r]);
	first[r] = lineno;
	cfg->severity[r] = (signed char)sev;
	return 0;
#undef COL
}

int ka_check_config_parse(struct ka_check_config *cfg, const char *data, size_t len,
                          const char *file, struct ka_diag *diag)
{
	unsigned long lineno = 0, *first = ka_xcalloc(cfg->nrules + 1, sizeof(*first));
	size_t pos = 0;
	int err = 0;

	if (diag)
		diag->file = file;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		pos = 3; /* byte-order mark */
	while (pos < len && !err) {
		const char *line = data + pos, *nl = memchr(line, '\n', len - pos);
		const char *end = nl ? nl : data + len;

		lineno++;
		pos = (size_t)(end - data) + 1;
		if (end > line && end[-1] == '\r')
			end--;
		if (memchr(line, 0, (size_t)(end - line))) {
			err = ka_diag_set(diag, KA_ERR_USAGE, lineno, 1, NULL,
			                  "the line holds a NUL byte: a rules file is plain text");
			break;
		}
		err = parse_line(cfg, line, end, lineno, first, diag);
	}
	free(first);
	return err;
}

int ka_check_config_load(struct ka_check_config *cfg, const char *path, struct ka_diag *diag)
{
	struct ka_buf b;
	int err;

	ka_buf_init(&b, 1024 * 1024);
	err = ka_buf_read_file(&b, path);
	if (err == KA_ERR_TOO_BIG)
		ka_diag_set(diag, err, 0, 0, NULL, "rules file is over 1 MiB");
	else if (err)
		ka_diag_set(diag, err, 0, 0, NULL, "cannot read the rules file");
	else
		err = ka_check_config_parse(cfg, b.data, b.len, path, diag);
	if (diag)
		diag->file = path;
	ka_buf_release(&b);
	return err;
}

/* ---- model helpers shared by the rules -------------------------------- */

bool ka_check_is(const struct ka_el *el, const char *local)
{
	return el->xml && !strcmp(el->xml->name->local, local);
}

bool ka_check_in_choreography(const struct ka_el *el)
{
	const struct ka_el *p;

	for (p = el->parent; p; p = p->parent)
		if (ka_check_is(p, "choreography") || p->kind == KA_K_CHOREOGRAPHY_ACTIVITY)
			return true;
	return false;
}

bool ka_check_attr_true(const struct ka_el *el, const char *attr)
{
	const char *v = ka_xml_attr(el->xml, NULL, attr);

	return v && (!strcmp(v, "true") || !strcmp(v, "1"));
}

bool ka_check_is_link(const struct ka_el *el)
{
	return (el->kind == KA_K_CATCH_EVENT || el->kind == KA_K_THROW_EVENT) &&
	       (el->evdefs & KA_EV_LINK);
}

const char *ka_check_link_name(const struct ka_el *el)
{
	const struct ka_xml_node *d = ka_xml_child(el->xml, KA_NS_BPMN, "linkEventDefinition");
	const char *n = d ? ka_xml_attr(d, NULL, "name") : NULL;

	if (n && *n)
		return n;
	return el->name ? el->name : "";
}

bool ka_check_decision(const struct ka_el *gw)
{
	return gw->kind == KA_K_GATEWAY &&
	       (gw->gateway == KA_GW_EXCLUSIVE || gw->gateway == KA_GW_INCLUSIVE ||
	        gw->gateway == KA_GW_COMPLEX) &&
	       gw->outgoing.n >= 2;
}

bool ka_check_gateway_splits(const struct ka_el *gw)
{
	const char *dir = ka_xml_attr(gw->xml, NULL, "gatewayDirection");

	if (gw->kind != KA_K_GATEWAY)
		return false;
	if (gw->outgoing.n >= 2 || gw->gateway == KA_GW_EVENT_BASED)
		return true;
	if (dir && !strcmp(dir, "Diverging"))
		return true;
	return gw->default_flow != NULL;
}

bool ka_check_collapsed(const struct ka_el *el)
{
	return el->di && el->di->has_is_expanded && !el->di->is_expanded;
}

const char *ka_check_label(const struct ka_check_ctx *c, const struct ka_el *el, char *buf,
                           size_t bufsz)
{
	const char *s = ka_el_label(el, ka_lang_code(c->lang));
	size_t o = 0;
	int space = 0;

	for (; *s && o + 1 < bufsz; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < bufsz)
			buf[o++] = ' ';
		space = 0;
		buf[o++] = (char)ch;
	}
	if (*s) { /* cut short: do not leave half a UTF-8 sequence at the end */
		size_t lead = o;

		while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0) {
			unsigned char b = (unsigned char)buf[lead - 1];
			size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;

			if (o - (lead - 1) < need)
				o = lead - 1;
		}
	}
	buf[o] = 0;
	return buf;
}

/* ---- the per-run context ---------------------------------------------- */

static bool scope_container(const struct ka_el *c)
{
	return c && (c->kind == KA_K_PROCESS || c->kind == KA_K_SUB_PROCESS);
}

static bool compensation_boundary(const struct ka_el *el)
{
	return el->kind == KA_K_BOUNDARY_EVENT && el->evdefs == KA_EV_COMPENSATE;
}

/* A link throw event leads on to the catch events of the same name on its level. */
static void link_throws_to_catches(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	const struct ka_el **catches = NULL;
	size_t i, j, n = 0;

	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];

		if (ka_check_in_scope(c, i) && el->kind == KA_K_CATCH_EVENT &&
		    (el->evdefs & KA_EV_LINK)) {
			catches = ka_xreallocarray(catches, n + 1, sizeof(*catches));
			catches[n++] = el;
		}
	}
	for (i = 0; i < m->els.n && n; i++) {
		struct ka_el *el = m->els.v[i];
		const char *name;

		if (!ka_check_in_scope(c, i) || el->kind != KA_K_THROW_EVENT ||
		    !(el->evdefs & KA_EV_LINK))
			continue;
		name = ka_check_link_name(el);
		if (!*name)
			continue;
		for (j = 0; j < n; j++)
			if (catches[j]->container == el->container &&
			    !strcmp(ka_check_link_name(catches[j]), name))
				ka_elvec_push(&c->node[i].succ, (struct ka_el *)catches[j]);
	}
	free(catches);
}

static void prepare(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	size_t i, j, nalloc = 0;

	for (i = 0; i < m->els.n; i++) {
		struct ka_el *el = m->els.v[i];
		struct ka_check_node *n = &c->node[i];
		struct ka_check_scope *s;

		if (el->kind == KA_K_PROCESS || el->kind == KA_K_SUB_PROCESS) {
			c->scope[i].is_container = true;
			c->scope[i].adhoc = ka_check_is(el, "adHocSubProcess");
			if (c->ncontainers == nalloc) {
				nalloc = nalloc ? 2 * nalloc : 16;
				c->containers =
				    ka_xreallocarray(c->containers, nalloc, sizeof(*c->containers));
			}
			c->containers[c->ncontainers++] = i;
		}
		if (!(el->type->flags & KA_TF_FLOW_NODE) || !scope_container(el->container))
			continue;
		c->in_scope[i / 64] |= (uint64_t)1 << (i % 64);
		s = &c->scope[el->container->index];
		s->nnodes++;
		if (el->kind == KA_K_START_EVENT)
			s->nstart++;
		if (el->kind == KA_K_END_EVENT)
			s->nend++;
		n->exempt = (el->kind == KA_K_SUB_PROCESS && el->triggered_by_event) ||
		            ((el->type->flags & KA_TF_ACTIVITY) &&
		             ka_check_attr_true(el, "isForCompensation")) ||
		            ka_check_is(el->container, "adHocSubProcess");
		n->start_like = n->exempt || el->kind == KA_K_START_EVENT ||
		                el->kind == KA_K_BOUNDARY_EVENT ||
		                (el->kind == KA_K_CATCH_EVENT && (el->evdefs & KA_EV_LINK)) ||
		                ((el->kind == KA_K_GATEWAY || ka_check_is(el, "receiveTask")) &&
		                 ka_check_attr_true(el, "instantiate"));
		n->end_like = n->exempt || el->kind == KA_K_END_EVENT ||
		              (el->kind == KA_K_THROW_EVENT && (el->evdefs & KA_EV_LINK)) ||
		              compensation_boundary(el);
	}
	/* the flow graph: sequence flows within one container, host -> boundary, throw -> catch */
	for (i = 0; i < m->els.n; i++) {
		struct ka_el *el = m->els.v[i];
		struct ka_check_node *n = &c->node[i];

		if (!ka_check_in_scope(c, i))
			continue;
		for (j = 0; j < el->outgoing.n; j++) {
			struct ka_el *t = el->outgoing.v[j]->target;

			if (t && ka_check_in_scope(c, t->index) && t->container == el->container)
				ka_elvec_push(&n->succ, t);
		}
		if (el->kind == KA_K_BOUNDARY_EVENT && el->attached_to &&
		    ka_check_in_scope(c, el->attached_to->index)) {
			struct ka_check_node *h = &c->node[el->attached_to->index];

			if (!compensation_boundary(el)) /* compensation is not a path onward */
				ka_elvec_push(&h->succ, el);
			ka_elvec_push(&h->bound, el);
		}
	}
	link_throws_to_catches(c);
}

static void release_ctx(struct ka_check_ctx *c)
{
	size_t i;

	if (!c->node)
		return;
	for (i = 0; i < c->m->els.n; i++) {
		if (!ka_check_in_scope(c, i))
			continue; /* holds no successors; its page was never touched */
		ka_elvec_release(&c->node[i].succ);
		ka_elvec_release(&c->node[i].bound);
	}
	free(c->node);
	free(c->scope);
	free(c->in_scope);
	free(c->containers);
}

void ka_check_report(struct ka_check_ctx *c, const struct ka_el *el, int variant,
                     const struct ka_check_args *a)
{
	struct ka_findings *f = c->out;
	struct ka_finding *x;
	struct ka_check_args none = {NULL, 0, 0, NULL};
	const char *tmpl;
	char name[256];
	struct ka_buf msg;

	if (variant < 0 || variant >= KA_CHECK_VARIANTS || !c->rule->msg[variant][KA_LANG_EN])
		variant = 0;
	tmpl = c->rule->msg[variant][c->lang];
	if (!tmpl)
		tmpl = c->rule->msg[variant][KA_LANG_EN];
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 16;
		f->v = ka_xreallocarray(f->v, f->alloc, sizeof(*f->v));
	}
	ka_buf_init(&msg, KA_BUF_UNLIMITED);
	ka_check_format(&msg, tmpl, c->lang, el, ka_check_label(c, el, name, sizeof(name)),
	                a ? a : &none);
	x = &f->v[f->n++];
	x->rule = c->rule->id;
	x->severity = c->sev;
	x->el = el;
	x->element_id = el->id ? el->id : "";
	x->element_name = ka_el_label(el, ka_lang_code(c->lang));
	x->line = el->xml ? el->xml->line : 0;
	x->message = ka_buf_detach(&msg, NULL);
	x->seq = c->seq++;
	f->counts[c->sev]++;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct ka_finding *a = pa, *b = pb;
	int r;

	if (a->el->index != b->el->index)
		return a->el->index < b->el->index ? -1 : 1;
	r = strcmp(a->rule, b->rule);
	if (r)
		return r;
	r = strcmp(a->message, b->message);
	if (r)
		return r;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * The rules over one context: each worker takes the next rule not yet taken
 * (atomically: on a big map two workers share the list) and reports into its
 * context's findings. The rules only read the map and the prepared facts.
 */
struct rule_worker {
	struct ka_check_ctx c; /* its own rule, severity, findings and sequence */
	const struct ka_check_config *cfg;
	atomic_size_t *next; /* the next rule to take */
	pthread_t thread;
};

static void *run_rules(void *arg)
{
	struct rule_worker *w = arg;
	size_t k, n = ka_check_rule_count();

	/*
	 * Last rule first: the naming and diagram rules at the end of the table read
	 * every element's text or geometry and are the longest on a big map; taken
	 * first, the other worker fills the time with the short ones.
	 */
	while ((k = atomic_fetch_add(w->next, 1)) < n) {
		size_t i = n - 1 - k;
		enum ka_severity sev = ka_check_config_severity(w->cfg, i);

		if (sev == KA_SEV_OFF)
			continue;
		w->c.rule = ka_check_rule_at(i);
		w->c.sev = sev;
		w->c.rule->run(&w->c);
	}
	return NULL;
}

/*
 * Moves the findings of `from` to the end of `to`. The sort that follows puts
 * them where one thread would have: by element, rule and message, and then in
 * the order the rule made them (a rule runs whole on one worker).
 */
static void move_findings(struct ka_findings *to, struct ka_findings *from)
{
	size_t k;

	if (!from->n) {
		ka_findings_release(from);
		return;
	}
	if (to->n + from->n > to->alloc) {
		to->alloc = to->n + from->n;
		to->v = ka_xreallocarray(to->v, to->alloc, sizeof(*to->v));
	}
	memcpy(to->v + to->n, from->v, from->n * sizeof(*from->v));
	to->n += from->n;
	for (k = 0; k < KA_SEV__COUNT; k++)
		to->counts[k] += from->counts[k];
	free(from->v);
	memset(from, 0, sizeof(*from));
}

int ka_check_run(const struct ka_map *m, const struct ka_check_config *cfg, struct ka_findings *out)
{
	struct ka_check_ctx c;
	struct rule_worker main_w, second;
	struct ka_findings second_found;
	atomic_size_t next = 0;
	int two = 0;
	size_t first = out->n;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.lang = cfg ? cfg->lang : KA_LANG_EN;
	c.names = cfg && (unsigned)cfg->names < KA_LANG__COUNT ? cfg->names : c.lang;
	/* A map that says its language (xml:lang on definitions, as the editor writes it) is in it.
	 */
	if (m->definitions && m->definitions->xml) {
		const char *l = ka_xml_attr(m->definitions->xml, KA_NS_XML, "lang");
		enum ka_lang ml;

		if (l && !ka_check_translation_lang(l, &ml))
			c.names = ml;
	}
	c.out = out;
	c.seq = out->n;
	c.node = ka_xcalloc_big(m->els.n ? m->els.n : 1, sizeof(*c.node));
	c.scope = ka_xcalloc_big(m->els.n ? m->els.n : 1, sizeof(*c.scope));
	c.in_scope = ka_xcalloc(m->els.n / 64 + 1, sizeof(*c.in_scope));
	prepare(&c);
	main_w.c = c;
	main_w.cfg = cfg;
	main_w.next = &next;
	if (m->els.n >= 2 &&
	    m->els.n >= (cfg && cfg->threads_from ? cfg->threads_from : KA_CHECK_THREADS_FROM)) {
		second = main_w;
		ka_findings_init(&second_found);
		second.c.out = &second_found;
		second.c.seq = 0;
		two = !pthread_create(&second.thread, NULL, run_rules, &second);
	}
	run_rules(&main_w);
	if (two) {
		pthread_join(second.thread, NULL);
		move_findings(out, &second_found);
	}
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), finding_cmp);
	release_ctx(&c);
	return 0;
}

/* ---- findings --------------------------------------------------------- */

void ka_findings_init(struct ka_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void ka_findings_release(struct ka_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].message);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return ka_buf_add(data, buffer, size) ? -1 : 0;
}

json_t *ka_check_findings_to_json(const struct ka_findings *f, const char *file, enum ka_lang lang)
{
	json_t *root = json_object(), *counts = json_object(), *arr = json_array();
	size_t i;

	if (file)
		json_object_set_new(root, "file", json_string(file));
	json_object_set_new(root, "lang", json_string(ka_lang_code(lang)));
	json_object_set_new(counts, "error", json_integer((json_int_t)f->counts[KA_SEV_ERROR]));
	json_object_set_new(counts, "warning", json_integer((json_int_t)f->counts[KA_SEV_WARNING]));
	json_object_set_new(counts, "info", json_integer((json_int_t)f->counts[KA_SEV_INFO]));
	json_object_set_new(root, "counts", counts);
	for (i = 0; i < f->n; i++) {
		const struct ka_finding *x = &f->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "rule", json_string(x->rule));
		json_object_set_new(o, "severity", json_string(ka_severity_name(x->severity)));
		json_object_set_new(o, "element", json_string(x->element_id));
		json_object_set_new(o, "name", json_string(x->element_name));
		json_object_set_new(o, "line", json_integer((json_int_t)x->line));
		json_object_set_new(o, "message", json_string(x->message));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "findings", arr);
	return root;
}

int ka_findings_write_json(const struct ka_findings *f, const char *file, enum ka_lang lang,
                           struct ka_buf *out)
{
	json_t *root = ka_check_findings_to_json(f, file ? file : "", lang);
	int rc;

	rc = json_dump_callback(root, dump_cb, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc && !ka_buf_error(out))
		return KA_ERR_TOO_BIG;
	ka_buf_addc(out, '\n');
	return ka_buf_error(out);
}

/* The message in `o` of the k-th finding of the same rule on the same element as `x`, or NULL. */
static const char *message_like(const struct ka_findings *o, const struct ka_finding *x, size_t k)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->v[i].el == x->el && !strcmp(o->v[i].rule, x->rule) && k-- == 0)
			return o->v[i].message;
	return NULL;
}

void ka_check_findings_add_langs(json_t *json, const struct ka_map *m, const struct ka_findings *f,
                                 const struct ka_check_config *made)
{
	static const enum ka_lang langs[] = {KA_LANG_NB, KA_LANG_SV, KA_LANG_EN};
	enum { NL = sizeof(langs) / sizeof(langs[0]) };
	json_t *list = json_object_get(json, "findings");
	struct ka_findings other[NL];
	struct ka_check_config cfg;
	enum ka_lang names = made && (unsigned)made->names < KA_LANG__COUNT
	                         ? made->names
	                         : (made ? made->lang : KA_LANG_EN);

	if (!json_is_array(list) || json_array_size(list) != f->n || !m)
		return;
	/* The same rules and names language, worded in each language. */
	for (size_t l = 0; l < NL; l++) {
		ka_findings_init(&other[l]);
		ka_check_config_init(&cfg);
		if (made)
			memcpy(cfg.severity, made->severity,
			       cfg.nrules < made->nrules ? cfg.nrules : made->nrules);
		cfg.lang = langs[l];
		cfg.names = names;
		ka_check_run(m, &cfg, &other[l]);
		ka_check_config_release(&cfg);
	}
	for (size_t i = 0; i < f->n; i++) {
		json_t *o = json_array_get(list, i), *msgs = json_object();
		size_t k = 0;

		for (size_t j = 0; j < i; j++) /* the same rule on the same element before it */
			k += f->v[j].el == f->v[i].el && !strcmp(f->v[j].rule, f->v[i].rule);
		for (size_t l = 0; l < NL; l++) {
			const char *t = message_like(&other[l], &f->v[i], k);

			json_object_set_new(msgs, ka_lang_code(langs[l]),
			                    json_string(t ? t : f->v[i].message));
		}
		json_object_set_new(o, "messages", msgs);
	}
	for (size_t l = 0; l < NL; l++)
		ka_findings_release(&other[l]);
}
