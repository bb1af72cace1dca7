/*
 * BPMN 2.0 reader: XML tree -> typed model. Three passes over the tree:
 * build elements (types, ids, containment), resolve references (links,
 * lanes, DI), then decode DI geometry (bpmn_di.c) and Kartla extension data
 * (bpmn_ext.c).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/bpmn.h"
#include "model_int.h"
#include "kartla/banned.h"

#define CACHE_SIZE 1024

/* Memo of name lookups, keyed by the interned name pointers of the XML tree. */
struct type_memo {
	const char *ns, *local;
	const struct ka_type *type;
};

struct ref_memo {
	const char *owner, *attr;
	int is_ref;
};

/* A duplicate id found in repair mode: `loser` gets a new id once all ids are known. */
struct dup {
	struct ka_el *loser;
	const struct ka_el *winner;
};

/* is_model_ns() of an interned namespace pointer: a document has only a few. */
struct ns_memo {
	const char *ns;
	int known, is_model;
};

struct reader {
	struct ns_memo model_ns[8];
	struct dup *dups;
	size_t ndups, allocdups;
	unsigned dup_counter;
	struct type_memo types[CACHE_SIZE];
	struct ref_memo refs[CACHE_SIZE];
	struct ka_map *m;
	const struct ka_read_opts *opts;
	struct ka_diag *diag;
	const char *target_ns;
	size_t first_di; /* index of the first diagram, when has_di */
	int has_di;
};

void ka_read_opts_init(struct ka_read_opts *o)
{
	memset(o, 0, sizeof(*o));
	ka_xml_limits_default(&o->limits);
}

static const char *kind_label(const struct ka_xml_node *n)
{
	return n->name->local;
}

const char *ka_bpmn_read_near_id(const struct ka_xml_node *n)
{
	for (; n; n = n->parent) {
		const char *id = ka_xml_attr(n, NULL, "id");

		if (id)
			return id;
	}
	return NULL;
}

static unsigned evdef_bit(const char *l);

__attribute__((format(printf, 7, 0))) static void
vnote(struct ka_map *m, const struct ka_read_opts *opts, const char *code, unsigned long line,
      unsigned long col, const char *id, const char *fmt, va_list ap)
{
	struct ka_map_repair *rp;
	struct ka_diag d;

	m->nwarnings++;
	ka_diag_init(&d, m->file);
	ka_diag_vset(&d, 0, line, col, id, fmt, ap);
	if (m->nrepairs == m->allocrepairs) {
		m->allocrepairs = m->allocrepairs ? 2 * m->allocrepairs : 8;
		m->repairs = ka_xreallocarray(m->repairs, m->allocrepairs, sizeof(*m->repairs));
	}
	rp = &m->repairs[m->nrepairs++];
	rp->code = code;
	rp->element_id = id ? ka_arena_strdup(&m->doc.arena, id) : NULL;
	rp->message = ka_arena_strdup(&m->doc.arena, d.message);
	rp->line = line;
	if (!opts)
		return;
	if (opts->warn)
		opts->warn(opts->warn_ctx, &d);
	if (opts->note)
		opts->note(opts->note_ctx, code, &d);
}

void ka_bpmn_note(struct ka_map *m, const struct ka_read_opts *opts, const char *code,
                  unsigned long line, unsigned long col, const char *id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(m, opts, code, line, col, id, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 4, 5))) static void
warn(struct reader *r, const struct ka_xml_node *n, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt); /* the format stays the message's msgid (msgcat.h) */
	vnote(r->m, r->opts, code, n->line, n->column, ka_bpmn_read_near_id(n), fmt, ap);
	va_end(ap);
}

static const char *ns_in_scope(const struct ka_xml_node *n, const char *prefix, size_t plen);

/*
 * The prefix to write Kartla repair attributes on node n with: the root's
 * Kartla prefix unless an inner element rebinds it, then a fresh one
 * declared on n itself.
 */
static const char *kartla_prefix_at(struct reader *r, struct ka_xml_node *n)
{
	const char *p = ka_xml_root_prefix(&r->m->doc, KA_NS_KARTLA, "kartla");
	const char *uri = ns_in_scope(n, p, strlen(p));
	char cand[32];
	unsigned k;

	if (uri && !strcmp(uri, KA_NS_KARTLA))
		return p;
	for (k = 1;; k++) {
		snprintf(cand, sizeof(cand), "kartla%u", k);
		if (!ns_in_scope(n, cand, strlen(cand)))
			break;
	}
	return ka_xml_declare(&r->m->doc, n, cand, KA_NS_KARTLA);
}

static struct ka_el *new_el(struct reader *r, struct ka_xml_node *n, const struct ka_type *t,
                            struct ka_el *parent)
{
	struct ka_el *el = ka_arena_alloc_small(&r->m->doc.arena, sizeof(*el));

	el->type = t;
	el->kind = t->kind;
	el->xml = n;
	el->parent = parent;
	el->index = r->m->els.n;
	n->user = el;
	ka_elvec_push(&r->m->els, el);
	return el;
}

static int is_model_ns(const char *ns)
{
	return ns && (!strcmp(ns, KA_NS_BPMN) || !strcmp(ns, KA_NS_BPMNDI) ||
	              !strcmp(ns, KA_NS_DC) || !strcmp(ns, KA_NS_DI));
}

static int is_model_ns_memo(struct reader *r, const char *ns)
{
	struct ns_memo *e = &r->model_ns[((uintptr_t)ns >> 4) & 7];

	if (!e->known || e->ns != ns) {
		e->ns = ns;
		e->known = 1;
		e->is_model = is_model_ns(ns);
	}
	return e->is_model;
}

/* Gives `el` a fresh id "<id>_dupN", keeping the old one in kartla:originalId. */
static void rename_duplicate(struct reader *r, struct ka_el *el, const struct ka_el *other)
{
	const char *id = el->id;
	struct ka_buf b;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	do {
		ka_buf_reset(&b);
		ka_buf_addf(&b, "%s_dup%u", id, r->dup_counter++);
	} while (ka_idmap_get(r->m->ids, b.data));
	ka_xml_set_attr(&r->m->doc, el->xml, KA_NS_KARTLA, kartla_prefix_at(r, el->xml),
	                "originalId", id);
	ka_xml_set_attr(&r->m->doc, el->xml, NULL, NULL, "id", b.data);
	ka_buf_release(&b);
	el->id = ka_xml_attr(el->xml, NULL, "id");
	ka_idmap_put(r->m->ids, el);
	warn(r, el->xml, "bpmn.duplicate_id",
	     "duplicate id '%s' (also on <%s> at line %lu) renamed to '%s'", id,
	     other->xml->name->local, (unsigned long)other->xml->line, el->id);
}

static int register_id(struct reader *r, struct ka_el *el)
{
	struct ka_el *prev;
	const char *id = ka_xml_attr(el->xml, NULL, "id");

	if (!id)
		return 0;
	el->id = id;
	if (!*id)
		return ka_diag_set(r->diag, KA_ERR_BPMN, el->xml->line, el->xml->column, NULL,
		                   "<%s> has an empty id", el->xml->name->local);
	prev = ka_idmap_put(r->m->ids, el);
	if (!prev)
		return 0;
	if (!r->opts->repair)
		return ka_diag_set(r->diag, KA_ERR_REF, el->xml->line, el->xml->column, id,
		                   "duplicate id '%s' (first used by <%s> at line %lu)", id,
		                   prev->xml->name->local, (unsigned long)prev->xml->line);
	if (r->ndups == r->allocdups) {
		r->allocdups = r->allocdups ? r->allocdups * 2 : 8;
		r->dups = ka_xreallocarray(r->dups, r->allocdups, sizeof(*r->dups));
	}
	/*
	 * Keep the id on the element that references most likely mean: a modelled
	 * element (process, task, ...) wins over a supporting one (globalTask,
	 * ioSpecification); otherwise the first in document order keeps it. The
	 * loser is renamed after pass 1, when every id in the file is known.
	 */
	if (prev->kind == KA_K_OTHER && el->kind != KA_K_OTHER) {
		ka_idmap_replace(r->m->ids, el);
		r->dups[r->ndups].loser = prev;
		r->dups[r->ndups].winner = el;
	} else {
		r->dups[r->ndups].loser = el;
		r->dups[r->ndups].winner = prev;
	}
	r->ndups++;
	return 0;
}

static size_t memo_slot(const void *a, const void *b)
{
	uintptr_t h = ((uintptr_t)a >> 3) * 31u + ((uintptr_t)b >> 3);

	return (size_t)(h ^ (h >> 10)) & (CACHE_SIZE - 1);
}

static const struct ka_type *find_type(struct reader *r, const char *ns, const char *local)
{
	struct type_memo *e = &r->types[memo_slot(ns, local)];

	if (e->local != local || e->ns != ns) {
		e->ns = ns;
		e->local = local;
		e->type = ka_type_find(ns, local);
	}
	return e->type;
}

/* Pass 1: elements, ids, containment. */
static int build(struct reader *r, struct ka_xml_node *n, struct ka_el *parent)
{
	const struct ka_type *t;
	struct ka_xml_node *c;
	struct ka_el *el = NULL;
	int err;

	if (!is_model_ns_memo(r, n->name->ns))
		return 0; /* foreign content: kept in the tree, not modelled */
	t = find_type(r, n->name->ns, n->name->local);
	if (!t && r->opts->repair) {
		/* A vendor's element in a BPMN namespace: kept in the tree as it is, not modelled.
		 */
		warn(r, n, "bpmn.unknown_element",
		     "unknown element <%s%s%s> in a BPMN namespace kept as it is",
		     n->name->prefix ? n->name->prefix : "", n->name->prefix ? ":" : "",
		     n->name->local);
		return 0;
	}
	if (!t) {
		const char *what = !strcmp(n->name->ns, KA_NS_BPMN)     ? "BPMN 2.0 model"
		                   : !strcmp(n->name->ns, KA_NS_BPMNDI) ? "BPMN 2.0 DI"
		                                                        : "OMG DD";
		return ka_diag_set(r->diag, KA_ERR_BPMN, n->line, n->column,
		                   ka_bpmn_read_near_id(n),
		                   "unknown element <%s%s%s> in the %s namespace",
		                   n->name->prefix ? n->name->prefix : "",
		                   n->name->prefix ? ":" : "", n->name->local, what);
	}
	if (t->flags & (KA_TF_FREE | KA_TF_REF | KA_TF_TEXT))
		return 0;
	if (!strcmp(t->ns, KA_NS_DC) || !strcmp(t->ns, KA_NS_DI))
		return 0; /* geometry, decoded in pass 3 */
	el = new_el(r, n, t, parent);
	err = register_id(r, el);
	if (err)
		return err;
	el->name = ka_xml_attr(n, NULL, "name");
	if (el->kind == KA_K_GATEWAY) {
		if (!strcmp(n->name->local, "exclusiveGateway"))
			el->gateway = KA_GW_EXCLUSIVE;
		else if (!strcmp(n->name->local, "inclusiveGateway"))
			el->gateway = KA_GW_INCLUSIVE;
		else if (!strcmp(n->name->local, "parallelGateway"))
			el->gateway = KA_GW_PARALLEL;
		else if (!strcmp(n->name->local, "complexGateway"))
			el->gateway = KA_GW_COMPLEX;
		else
			el->gateway = KA_GW_EVENT_BASED;
	}
	if (el->kind == KA_K_PROCESS && parent && parent->kind == KA_K_DEFINITIONS)
		ka_elvec_push(&r->m->processes, el);
	if (el->kind == KA_K_PARTICIPANT)
		ka_elvec_push(&r->m->participants, el);
	if (el->kind == KA_K_DI_DIAGRAM) {
		ka_elvec_push(&r->m->diagrams, el);
		if (!r->has_di) {
			r->has_di = 1;
			r->first_di = el->index;
		}
	}
	if (parent && (parent->type->flags & KA_TF_CONTAINER)) {
		el->container = parent;
		el->process = parent->kind == KA_K_PROCESS ? parent : parent->process;
	} else if (parent) {
		el->process = parent->process;
		if (parent->kind == KA_K_PROCESS)
			el->process = parent;
	}
	if (el->kind == KA_K_EVENT_DEFINITION && parent && (parent->type->flags & KA_TF_EVENT))
		parent->nevdefs++;
	for (c = n->first; c; c = c->next) {
		if (c->type != KA_XML_ELEMENT)
			continue;
		err = build(r, c, el);
		if (err)
			return err;
	}
	return 0;
}

static const char *const any_owner_refs[] = {"activityRef",
                                             "attachedToRef",
                                             "calledChoreographyRef",
                                             "calledCollaborationRef",
                                             "categoryValueRef",
                                             "correlationKeyRef",
                                             "correlationPropertyRef",
                                             "dataObjectRef",
                                             "dataStoreRef",
                                             "default",
                                             "definitionalCollaborationRef",
                                             "errorRef",
                                             "escalationRef",
                                             "initiatingParticipantRef",
                                             "innerConversationNodeRef",
                                             "innerMessageFlowRef",
                                             "innerParticipantRef",
                                             "inputDataRef",
                                             "itemRef",
                                             "itemSubjectRef",
                                             "messageRef",
                                             "noneBehaviorEventRef",
                                             "oneBehaviorEventRef",
                                             "operationRef",
                                             "outerConversationNodeRef",
                                             "outerMessageFlowRef",
                                             "outerParticipantRef",
                                             "outputDataRef",
                                             "parameterRef",
                                             "partitionElementRef",
                                             "processRef",
                                             "signalRef",
                                             "sourceRef",
                                             "targetRef",
                                             NULL};

struct owned_ref {
	const char *attr;
	const char *owners; /* space-separated element names */
};

static const struct owned_ref owned_refs[] = {{"type", " correlationProperty resourceParameter "},
                                              {"import", " itemDefinition "},
                                              {"definition", " extension "},
                                              {"evaluatesToTypeRef", " formalExpression "},
                                              {"structureRef", " error escalation signal "},
                                              {"bpmnElement", " BPMNShape BPMNEdge BPMNPlane "},
                                              {"sourceElement", " BPMNEdge "},
                                              {"targetElement", " BPMNEdge "},
                                              {"labelStyle", " BPMNLabel "},
                                              {"choreographyActivityShape", " BPMNShape "},
                                              {NULL, NULL}};

static int ref_attr_lookup(const struct ka_xml_node *n, const struct ka_xml_attr *a)
{
	size_t i;

	if (!strcmp(n->name->ns, KA_NS_BPMN)) {
		for (i = 0; any_owner_refs[i]; i++)
			if (!strcmp(any_owner_refs[i], a->name->local))
				return 1;
	}
	for (i = 0; owned_refs[i].attr; i++) {
		if (!strcmp(owned_refs[i].attr, a->name->local)) {
			char key[80];

			snprintf(key, sizeof(key), " %s ", n->name->local);
			return strstr(owned_refs[i].owners, key) != NULL;
		}
	}
	return 0;
}

static int is_ref_attr(struct reader *r, const struct ka_xml_node *n, const struct ka_xml_attr *a)
{
	struct ref_memo *e;

	if (a->name->ns)
		return 0;
	e = &r->refs[memo_slot(n->name->local, a->name->local)];
	if (e->owner != n->name->local || e->attr != a->name->local) {
		e->owner = n->name->local;
		e->attr = a->name->local;
		e->is_ref = ref_attr_lookup(n, a);
	}
	return e->is_ref;
}

/* Namespace URI bound to `prefix` in scope at node n. */
static const char *ns_in_scope(const struct ka_xml_node *n, const char *prefix, size_t plen)
{
	for (; n; n = n->parent) {
		size_t i;

		for (i = 0; i < n->nnsdecls; i++) {
			const char *p = n->nsdecls[i].prefix;

			if (p && strlen(p) == plen && !strncmp(p, prefix, plen))
				return n->nsdecls[i].uri;
		}
	}
	return NULL;
}

/* Resolves an id reference written at node n; NULL when it cannot be resolved. */
static struct ka_el *resolve(struct reader *r, const struct ka_xml_node *n, const char *value)
{
	struct ka_el *el = ka_map_find(r->m, value);
	const char *colon;

	if (el)
		return el;
	colon = strchr(value, ':');
	if (colon && r->target_ns) {
		const char *uri = ns_in_scope(n, value, (size_t)(colon - value));

		if (uri && !strcmp(uri, r->target_ns))
			return ka_map_find(r->m, colon + 1);
	}
	return NULL;
}

/* s without surrounding whitespace: s itself when it has none, else a trimmed arena copy. */
static const char *trim_copy(struct reader *r, const char *s)
{
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	if (!len || !strchr(" \t\r\n", s[len - 1]))
		return s;
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	return ka_arena_strndup(&r->m->doc.arena, s, len);
}

static int dangling(struct reader *r, struct ka_xml_node *n, const char *what, const char *value)
{
	if (!r->opts->repair)
		return ka_diag_set(r->diag, KA_ERR_REF, n->line, n->column, ka_bpmn_read_near_id(n),
		                   "%s '%s' of <%s> refers to no element in this file", what, value,
		                   kind_label(n));
	warn(r, n, "bpmn.dangling_ref", "dangling %s '%s' kept aside in kartla:unresolved", what,
	     value);
	return 0;
}

static void link_attr(struct ka_el *el, const char *attr, struct ka_el *to)
{
	switch (attr[0]) {
	case 's':
		if (!strcmp(attr, "sourceRef") || !strcmp(attr, "sourceElement"))
			el->source = to;
		break;
	case 't':
		if (!strcmp(attr, "targetRef") || !strcmp(attr, "targetElement"))
			el->target = to;
		break;
	case 'a':
		if (!strcmp(attr, "attachedToRef"))
			el->attached_to = to;
		break;
	case 'd':
		if (!strcmp(attr, "default"))
			el->default_flow = to;
		else if (!strcmp(attr, "dataObjectRef") || !strcmp(attr, "dataStoreRef"))
			el->ref = to;
		break;
	case 'p':
		if (!strcmp(attr, "processRef")) {
			el->ref = to;
			if (to->kind == KA_K_PROCESS && !to->participant)
				to->participant = el;
		}
		break;
	case 'b':
		if (!strcmp(attr, "bpmnElement")) {
			el->ref = to;
			if (!to->di && el->kind != KA_K_DI_PLANE)
				to->di = el;
		}
		break;
	default:
		break;
	}
}

static void link_ref_element(struct ka_el *el, int leaf_lane, const char *local, struct ka_el *to)
{
	if (!strcmp(local, "flowNodeRef") && el->kind == KA_K_LANE) {
		if (leaf_lane) {
			if (!to->lane)
				to->lane = el;
			to->nlanes++;
		}
	} else if (el->kind == KA_K_DATA_ASSOCIATION) {
		if (!strcmp(local, "sourceRef") && !el->source)
			el->source = to;
		else if (!strcmp(local, "targetRef"))
			el->target = to;
	} else if (!strcmp(local, "eventDefinitionRef")) {
		el->nevdefs++;
		if (to->xml->name->ns && !strcmp(to->xml->name->ns, KA_NS_BPMN))
			el->evdefs |= evdef_bit(to->xml->name->local);
	}
}

/* Whether c is a reference child (<incoming>, <flowNodeRef>, ...) of its element. */
static int is_ref_child(struct reader *r, const struct ka_xml_node *c)
{
	const struct ka_type *t;

	if (c->type != KA_XML_ELEMENT || !c->name->ns || strcmp(c->name->ns, KA_NS_BPMN))
		return 0;
	t = find_type(r, c->name->ns, c->name->local);
	return t && (t->flags & KA_TF_REF);
}

/*
 * Pass 2: references of one element (attributes and ref-element children).
 * `found`, when not NULL, holds what prefind_main() looked up for them, one
 * entry per reference in this order; an entry of NULL is looked up here again.
 */
static int resolve_el(struct reader *r, struct ka_el *el, struct ka_el *const *found)
{
	struct ka_xml_node *n = el->xml, *c, *next;
	int leaf_lane = el->kind == KA_K_LANE && !ka_xml_child(n, KA_NS_BPMN, "childLaneSet");
	struct ka_buf unresolved; /* "name=value" pairs moved aside in repair mode */
	size_t i;
	int err = 0;

	ka_buf_init(&unresolved, KA_BUF_UNLIMITED);

	for (i = 0; i < n->nattrs; i++) {
		const struct ka_xml_attr *a = &n->attrs[i];
		struct ka_el *to;

		if (!is_ref_attr(r, n, a) || !*a->value)
			continue;
		to = found ? *found++ : NULL;
		if (!to)
			to = resolve(r, n, a->value);
		if (to) {
			link_attr(el, a->name->local, to);
			continue;
		}
		err = dangling(r, n, a->name->local, a->value);
		if (err)
			goto out;
		ka_buf_addf(&unresolved, "%s%s=%s", unresolved.len ? " " : "", a->name->local,
		            a->value);
		ka_xml_remove_attr(n, NULL, a->name->local);
		i--;
	}
	for (c = n->first; c; c = next) {
		const char *value;
		struct ka_el *to;

		next = c->next;
		if (!is_ref_child(r, c))
			continue;
		to = found ? *found++ : NULL;
		value = trim_copy(r, ka_xml_text(&r->m->doc, c));
		if (!*value)
			continue;
		if (!to)
			to = resolve(r, c, value);
		if (to) {
			link_ref_element(el, leaf_lane, c->name->local, to);
			continue;
		}
		err = dangling(r, c, c->name->local, value);
		if (err)
			goto out;
		ka_xml_unlink(c);
		ka_buf_addf(&unresolved, "%s%s=%s", unresolved.len ? " " : "", c->name->local,
		            value);
	}
	if (unresolved.len) {
		const char *old = ka_xml_attr(n, KA_NS_KARTLA, "unresolved");

		if (old && *old) {
			/* Already repaired once (a file we wrote): keep what was set aside before.
			 */
			struct ka_buf both;

			ka_buf_init(&both, KA_BUF_UNLIMITED);
			ka_buf_addf(&both, "%s %s", old, unresolved.data);
			ka_xml_set_attr(&r->m->doc, n, KA_NS_KARTLA, kartla_prefix_at(r, n),
			                "unresolved", both.data);
			ka_buf_release(&both);
		} else {
			ka_xml_set_attr(&r->m->doc, n, KA_NS_KARTLA, kartla_prefix_at(r, n),
			                "unresolved", unresolved.data);
		}
	}
out:
	ka_buf_release(&unresolved);
	return err;
}

int ka_bpmn_read_bool(struct ka_diag *diag, const struct ka_xml_node *n, const char *attr,
                      bool *val, bool *has)
{
	const char *v = ka_xml_attr(n, NULL, attr);

	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*val = true;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*val = false;
	else
		return ka_diag_set(diag, KA_ERR_BPMN, n->line, n->column, ka_bpmn_read_near_id(n),
		                   "attribute '%s' of <%s> is '%s', not true or false", attr,
		                   n->name->local, v);
	if (has)
		*has = true;
	return 0;
}

/* The KA_EV_* bit of an event definition element name, 0 if none. */
static unsigned evdef_bit(const char *l)
{
	static const struct {
		const char *name;
		unsigned bit;
	} defs[] = {
	    {"messageEventDefinition", KA_EV_MESSAGE},
	    {"timerEventDefinition", KA_EV_TIMER},
	    {"errorEventDefinition", KA_EV_ERROR},
	    {"escalationEventDefinition", KA_EV_ESCALATION},
	    {"signalEventDefinition", KA_EV_SIGNAL},
	    {"conditionalEventDefinition", KA_EV_CONDITIONAL},
	    {"linkEventDefinition", KA_EV_LINK},
	    {"compensateEventDefinition", KA_EV_COMPENSATE},
	    {"cancelEventDefinition", KA_EV_CANCEL},
	    {"terminateEventDefinition", KA_EV_TERMINATE},
	};
	size_t i;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (!strcmp(l, defs[i].name))
			return defs[i].bit;
	return 0;
}

static void event_bits(struct ka_el *ev)
{
	struct ka_xml_node *c;

	for (c = ev->xml->first; c; c = c->next)
		if (c->type == KA_XML_ELEMENT && c->name->ns && !strcmp(c->name->ns, KA_NS_BPMN))
			ev->evdefs |= evdef_bit(c->name->local);
}

static int finish_el(struct reader *r, struct ka_el *el)
{
	int err = 0;

	switch (el->kind) {
	case KA_K_SEQUENCE_FLOW:
		if (el->source && (el->source->type->flags & KA_TF_FLOW_NODE))
			ka_elvec_push(&el->source->outgoing, el);
		if (el->target && (el->target->type->flags & KA_TF_FLOW_NODE))
			ka_elvec_push(&el->target->incoming, el);
		el->has_condition =
		    ka_xml_child(el->xml, KA_NS_BPMN, "conditionExpression") != NULL;
		break;
	case KA_K_BOUNDARY_EVENT:
		el->cancel_activity = true;
		err = ka_bpmn_read_bool(r->diag, el->xml, "cancelActivity", &el->cancel_activity,
		                        NULL);
		break;
	case KA_K_START_EVENT:
		el->is_interrupting = true;
		err = ka_bpmn_read_bool(r->diag, el->xml, "isInterrupting", &el->is_interrupting,
		                        NULL);
		break;
	case KA_K_SUB_PROCESS:
		err = ka_bpmn_read_bool(r->diag, el->xml, "triggeredByEvent",
		                        &el->triggered_by_event, NULL);
		break;
	case KA_K_DI_SHAPE:
	case KA_K_DI_EDGE:
	case KA_K_DI_PLANE:
		err = ka_bpmn_di_decode(r->m, el, r->opts, r->diag);
		break;
	case KA_K_TEXT_ANNOTATION:
		if (!el->name) {
			struct ka_xml_node *t = ka_xml_child(el->xml, KA_NS_BPMN, "text");

			if (t)
				el->name = ka_xml_text(&r->m->doc, t);
		}
		break;
	default:
		break;
	}
	if (err)
		return err;
	if (el->type->flags & KA_TF_EVENT)
		event_bits(el);
	if (!el->participant && el->process)
		el->participant = el->process->participant;
	return ka_ext_read(r->m, el, r->opts, r->diag);
}

/*
 * Looking references up ahead, on a second thread, for big maps: while the
 * main thread resolves the first half of the elements, this one looks up the
 * references of the second half (a cache miss or two each, most of pass 2),
 * in the order resolve_el() takes them. It only reads: the tree nodes of its
 * own elements and the id map, which resolving the first half leaves alone
 * (that edits only the first half's own nodes, through the main thread's
 * arena, and fields of model elements not read here). What it cannot settle
 * without writing (a qualified id, an id with white space around it, a
 * reference to nothing) it leaves NULL, for resolve_el() to do as usual.
 */
struct prefind {
	struct reader r; /* a copy of the reader: memos of its own */
	size_t from, to; /* the elements m->els.v[from..to) */
	struct ka_el **found;
	size_t n, alloc;
	size_t *start; /* per element: its first entry in found; to - from + 1 entries */
	pthread_t thread;
};

static void prefind_push(struct prefind *p, struct ka_el *el)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 4096;
		p->found = ka_xreallocarray(p->found, p->alloc, sizeof(*p->found));
	}
	p->found[p->n++] = el;
}

/* The text of a ref element when it is one piece with no white space around it, else NULL. */
static const char *plain_ref_text(const struct ka_xml_node *c)
{
	if (!c->text || c->first || !c->text_len || strchr(" \t\r\n", c->text[0]) ||
	    strchr(" \t\r\n", c->text[c->text_len - 1]))
		return NULL;
	return c->text;
}

static void *prefind_main(void *arg)
{
	struct prefind *p = arg;
	struct reader *r = &p->r;
	size_t k, i;

	for (k = p->from; k < p->to; k++) {
		const struct ka_xml_node *n = r->m->els.v[k]->xml, *c;

		p->start[k - p->from] = p->n;
		for (i = 0; i < n->nattrs; i++) {
			const struct ka_xml_attr *a = &n->attrs[i];

			if (is_ref_attr(r, n, a) && *a->value)
				prefind_push(p, ka_map_find(r->m, a->value));
		}
		for (c = n->first; c; c = c->next) {
			const char *v;

			if (!is_ref_child(r, c))
				continue;
			v = plain_ref_text(c);
			prefind_push(p, v ? ka_map_find(r->m, v) : NULL);
		}
	}
	p->start[p->to - p->from] = p->n;
	return NULL;
}

/* Starts looking up the second half's references; NULL when the map is small or no thread starts.
 */
static struct prefind *prefind_start(struct reader *r)
{
	size_t n = r->m->els.n;
	size_t from = r->opts->threads_from ? r->opts->threads_from : KA_READ_THREADS_FROM;
	struct prefind *p;

	if (n < 2 || n < from) /* small: a thread costs more than it saves */
		return NULL;
	p = ka_xcalloc(1, sizeof(*p));
	p->r = *r;
	p->from = n / 2;
	p->to = n;
	p->start = ka_xreallocarray(NULL, p->to - p->from + 1, sizeof(*p->start));
	if (pthread_create(&p->thread, NULL, prefind_main, p)) {
		free(p->start);
		free(p);
		return NULL;
	}
	return p;
}

static void prefind_free(struct prefind *p)
{
	if (!p)
		return;
	free(p->found);
	free(p->start);
	free(p);
}

/*
 * Pass 3 on two threads, for big maps. The elements from the first diagram on
 * are mostly DI shapes and edges, whose finishing is decoding their geometry
 * and nothing else. While the main thread finishes the elements before (the
 * process part: flows into the incoming and outgoing lists, Kartla data), a
 * second thread decodes that DI quietly from the front of the rest, with its
 * waypoints in an arena of its own; the main thread, done with its part,
 * takes the rest from the back, in chunks claimed through one atomic word,
 * until the two meet. A quiet decode changes nothing but the element, and
 * what it cannot do (an element that is not DI alone, or one the usual decode
 * would repair, note or refuse) is left in a list; the main thread finishes
 * those afterwards in document order, so every note and message comes as
 * from one thread. The thread's arena joins the map's.
 */
#define DI_CHUNK 256

struct di_half {
	size_t *left; /* indexes left for finish_el(), in the order met */
	size_t nleft, alloc;
};

struct di_finisher {
	struct ka_map *m;
	_Atomic uint64_t range; /* the unclaimed m->els.v[lo..hi): lo << 32 | hi */
	struct ka_arena arena;  /* the thread's */
	struct di_half front;   /* the thread's */
	pthread_t thread;
};

/* Whether finishing el is decoding its DI (if any) and nothing else (see finish_el). */
static int di_alone(const struct ka_el *el)
{
	switch (el->kind) {
	case KA_K_DI_DIAGRAM:
	case KA_K_DI_PLANE:
	case KA_K_DI_SHAPE:
	case KA_K_DI_EDGE:
	case KA_K_DI_LABEL:
	case KA_K_DI_LABEL_STYLE:
		return !el->process && !ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements");
	default:
		return 0;
	}
}

/* Claims up to DI_CHUNK unclaimed elements from the front or the back into [*from, *to); 0 when
 * none is left. */
static int di_claim(struct di_finisher *f, int back, size_t *from, size_t *to)
{
	uint64_t r = atomic_load(&f->range), nr;
	size_t lo, hi, n;

	do {
		lo = (size_t)(r >> 32);
		hi = (size_t)(r & 0xFFFFFFFFu);
		if (lo >= hi)
			return 0;
		n = hi - lo < DI_CHUNK ? hi - lo : DI_CHUNK;
		nr = back ? ((uint64_t)lo << 32 | (hi - n)) : ((uint64_t)(lo + n) << 32 | hi);
	} while (!atomic_compare_exchange_weak(&f->range, &r, nr));
	*from = back ? hi - n : lo;
	*to = back ? hi : lo + n;
	return 1;
}

static void di_leave(struct di_half *h, size_t i)
{
	if (h->nleft == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 64;
		h->left = ka_xreallocarray(h->left, h->alloc, sizeof(*h->left));
	}
	h->left[h->nleft++] = i;
}

/* Decodes the claimed chunks quietly; what it cannot do goes to h. */
static void di_work(struct di_finisher *f, int back, struct ka_arena *arena, struct di_half *h)
{
	size_t from, to, k;

	while (di_claim(f, back, &from, &to)) {
		for (k = from; k < to; k++) {
			struct ka_el *el = f->m->els.v[k];
			int decode = el->kind == KA_K_DI_SHAPE || el->kind == KA_K_DI_EDGE ||
			             el->kind == KA_K_DI_PLANE;

			if (!di_alone(el) || (decode && ka_bpmn_di_decode_quiet(f->m, el, arena)))
				di_leave(h, k);
		}
	}
}

static void *di_finish_main(void *arg)
{
	struct di_finisher *f = arg;

	di_work(f, 0, &f->arena, &f->front);
	return NULL;
}

/* Starts the second thread of pass 3; NULL when the map is small, has no diagram or no thread
 * starts. */
static struct di_finisher *di_finish_start(struct reader *r)
{
	size_t n = r->m->els.n;
	size_t from = r->opts->threads_from ? r->opts->threads_from : KA_READ_THREADS_FROM;
	struct di_finisher *f;

	if (n < 2 || n < from || n > UINT32_MAX || !r->has_di || !r->first_di)
		return NULL;
	f = ka_xcalloc(1, sizeof(*f));
	f->m = r->m;
	atomic_init(&f->range, (uint64_t)r->first_di << 32 | n);
	ka_arena_init(&f->arena);
	if (pthread_create(&f->thread, NULL, di_finish_main, f)) {
		free(f);
		return NULL;
	}
	return f;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Pass 3: every element's DI geometry, flow lists and Kartla data. */
static int finish_all(struct reader *r)
{
	struct ka_map *m = r->m;
	struct di_finisher *f = di_finish_start(r);
	struct di_half back = {NULL, 0, 0};
	size_t i, upto = f ? r->first_di : m->els.n;
	int err = 0;

	for (i = 0; i < upto && !err; i++)
		err = finish_el(r, m->els.v[i]);
	if (!f)
		return err;
	if (!err)
		di_work(f, 1, &m->doc.arena, &back);
	else
		atomic_store(&f->range, 0); /* nothing more to claim: the thread stops soon */
	pthread_join(f->thread, NULL);
	ka_arena_adopt(&m->doc.arena, &f->arena);
	/* what neither could do (few, usually none), in document order */
	for (i = 0; i < back.nleft; i++)
		di_leave(&f->front, back.left[i]);
	if (f->front.nleft)
		qsort(f->front.left, f->front.nleft, sizeof(*f->front.left), size_cmp);
	for (i = 0; i < f->front.nleft && !err; i++)
		err = finish_el(r, m->els.v[f->front.left[i]]);
	free(back.left);
	free(f->front.left);
	free(f);
	return err;
}

/* Builds the model over m->doc (already parsed). */
static int build_model(struct ka_map *m, const struct ka_read_opts *opts, struct ka_diag *diag)
{
	struct ka_xml_node *root = m->doc.root;
	struct reader *r;
	size_t i;
	int err;

	if (!root->name->ns || strcmp(root->name->ns, KA_NS_BPMN) ||
	    strcmp(root->name->local, "definitions"))
		return ka_diag_set(diag, KA_ERR_BPMN, root->line, root->column, NULL,
		                   "root element is <%s%s%s>%s%s; expected <definitions> in the "
		                   "BPMN 2.0 namespace %s",
		                   root->name->prefix ? root->name->prefix : "",
		                   root->name->prefix ? ":" : "", root->name->local,
		                   root->name->ns ? " in namespace " : " without a namespace",
		                   root->name->ns ? root->name->ns : "", KA_NS_BPMN);
	r = ka_xcalloc(1, sizeof(*r));
	r->m = m;
	r->opts = opts;
	r->diag = diag;
	r->target_ns = ka_xml_attr(root, NULL, "targetNamespace");
	m->ids = ka_idmap_new(m->doc.nelements / 4 + 16);
	r->dup_counter = 2;
	err = build(r, root, NULL);
	if (!err)
		m->definitions = m->els.v[0];
	for (i = 0; i < r->ndups && !err; i++)
		rename_duplicate(r, r->dups[i].loser, r->dups[i].winner);
	if (!err) {
		struct prefind *p = prefind_start(r);
		size_t half = p ? p->from : m->els.n;

		for (i = 0; i < half && !err; i++)
			err = resolve_el(r, m->els.v[i], NULL);
		if (p)
			pthread_join(p->thread, NULL);
		for (; i < m->els.n && !err; i++)
			err = resolve_el(r, m->els.v[i],
			                 p->found ? p->found + p->start[i - half] : NULL);
		prefind_free(p);
	}
	if (!err)
		err = finish_all(r);
	free(r->dups);
	free(r);
	return err;
}

static int read_common(struct ka_map **out, const char *data, size_t len, const char *path,
                       const char *file, const struct ka_read_opts *opts, struct ka_diag *diag)
{
	struct ka_read_opts defopts;
	struct ka_xml_recode rc;
	struct ka_map *m;
	unsigned flags;
	int err;

	*out = NULL;
	if (!opts) {
		ka_read_opts_init(&defopts);
		opts = &defopts;
	}
	m = ka_xcalloc(1, sizeof(*m));
	m->file = file;
	ka_xml_doc_init(&m->doc);
	flags = opts->repair ? KA_XML_RECODE_CP1252 : 0;
	if (path)
		err = ka_xml_parse_file_ex(&m->doc, path, &opts->limits, flags, &rc, diag);
	else
		err = ka_xml_parse_ex(&m->doc, data, len, &opts->limits, flags, &rc, diag);
	if (!err && rc.from)
		ka_bpmn_note(m, opts, "xml.not_utf8", rc.line, 1, NULL,
		             "not valid UTF-8 from line %lu on: read as %s", rc.line, rc.from);
	if (!err)
		err = build_model(m, opts, diag);
	if (err) {
		ka_map_free(m);
		return err;
	}
	*out = m;
	return 0;
}

int ka_bpmn_read(struct ka_map **out, const char *data, size_t len, const char *file,
                 const struct ka_read_opts *opts, struct ka_diag *diag)
{
	return read_common(out, data, len, NULL, file, opts, diag);
}

int ka_bpmn_read_file(struct ka_map **out, const char *path, const struct ka_read_opts *opts,
                      struct ka_diag *diag)
{
	return read_common(out, NULL, 0, path, path, opts, diag);
}

int ka_bpmn_write(const struct ka_map *m, struct ka_buf *out)
{
	return ka_xml_write(&m->doc, out);
}
