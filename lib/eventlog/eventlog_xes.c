/*
 * The XES reader (IEEE 1849-2016): streams the document through expat and
 * keeps, per event, concept:name, time:timestamp, lifecycle:transition and
 * org:resource; the trace's concept:name is the case id. Attributes are
 * read on events and traces only (not inside <global>, nor nested in other
 * attributes); the keys of other event attributes are listed, their values
 * are not kept. DOCTYPE and entity declarations are refused, as in lib/xml.
 * A trace's events are held until </trace>, where start and complete
 * events of the same activity are paired (first start to first complete).
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kartla/alloc.h"
#include "kartla/buf.h"
#include "eventlog_int.h"
#include "kartla/banned.h"

#define XES_CHUNK      (256u * 1024u)
#define XES_MAX_VALUE  4096
#define XES_MAX_KEYS   32
#define XES_MAX_KEYLEN 64

struct xes {
	struct ka_eventlog *log;
	const struct ka_eventlog_opts *o;
	struct ka_diag *d;
	XML_Parser p;
	int err;
	unsigned depth, trace_depth, event_depth, global_depth;
	unsigned long ntraces;
	/* current trace */
	char case_id[XES_MAX_VALUE];
	bool has_case_id;
	struct el_event *tev; /* the trace's events */
	size_t ntev, tev_alloc;
	/* current event; names are interned only when it is good */
	struct el_event ev;
	char act[XES_MAX_VALUE], res[XES_MAX_VALUE];
	bool has_act, has_time, ev_bad;
	struct ka_diag ev_diag;
	char keys[XES_MAX_KEYS][XES_MAX_KEYLEN];
	size_t nkeys;
	struct el_time_cache tc; /* events of a trace mostly share a day */
};

static void stop(struct xes *x, int err, const char *fmt, const char *arg)
{
	if (x->err)
		return;
	x->err = ka_diag_set(x->d, err, XML_GetCurrentLineNumber(x->p),
	                     XML_GetCurrentColumnNumber(x->p) + 1, NULL, fmt, arg);
	XML_StopParser(x->p, XML_FALSE);
}

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

static bool is_attribute_element(const char *l)
{
	static const char *const names[] = {"string",  "date", "int",  "float",
	                                    "boolean", "id",   "list", "container"};
	size_t i;

	if (!strchr("sdifblc", l[0])) /* none of them (most elements are string and date) */
		return false;
	if (!strcmp(l, "string") || !strcmp(l, "date"))
		return true;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(l, names[i]))
			return true;
	return false;
}

static void event_bad(struct xes *x, const char *fmt, const char *arg)
{
	if (x->ev_bad)
		return;
	x->ev_bad = true;
	ka_diag_set(&x->ev_diag, KA_ERR_INVALID, XML_GetCurrentLineNumber(x->p),
	            XML_GetCurrentColumnNumber(x->p) + 1, NULL, fmt, arg);
}

static void note_key(struct xes *x, const char *key)
{
	size_t i;

	for (i = 0; i < x->nkeys; i++)
		if (!strcmp(x->keys[i], key))
			return;
	if (x->nkeys < XES_MAX_KEYS && strlen(key) < XES_MAX_KEYLEN)
		snprintf(x->keys[x->nkeys++], XES_MAX_KEYLEN, "%s", key);
}

static void event_attribute(struct xes *x, const char *l, const char *key, const char *value)
{
	size_t len = strlen(value);

	if (!strcmp(key, "concept:name")) {
		if (len >= sizeof(x->act)) {
			event_bad(x, "concept:name '%.64s...' is too long", value);
			return;
		}
		memcpy(x->act, value, len + 1);
		x->has_act = true;
	} else if (!strcmp(key, "time:timestamp")) {
		if (strcmp(l, "date") ||
		    el_parse_time_cached(&x->tc, &x->ev.time, value, len, x->o->tz_minutes))
			event_bad(x,
			          "time:timestamp '%s' is invalid: expected an xs:dateTime such "
			          "as 2024-03-01T08:30:00.000+01:00",
			          value);
		else
			x->has_time = true;
	} else if (!strcmp(key, "lifecycle:transition")) {
		x->ev.lifecycle = !strcasecmp(value, "start")      ? KA_EVENTLOG_LC_START
		                  : !strcasecmp(value, "complete") ? KA_EVENTLOG_LC_COMPLETE
		                                                   : KA_EVENTLOG_LC_OTHER;
	} else if (!strcmp(key, "org:resource")) {
		if (len >= sizeof(x->res)) {
			event_bad(x, "org:resource '%.64s...' is too long", value);
			return;
		}
		memcpy(x->res, value, len + 1);
	} else {
		note_key(x, key);
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xes *x = ud;
	const char *l = local(name);

	x->depth++;
	if (x->err)
		return;
	if (x->depth == 1) {
		if (strcmp(l, "log"))
			stop(x, KA_ERR_XML, "root element <%s> is not an XES <log>", name);
		return;
	}
	if (x->global_depth)
		return;
	if (x->depth == 2 &&
	    (!strcmp(l, "global") || !strcmp(l, "classifier") || !strcmp(l, "extension"))) {
		x->global_depth = x->depth;
		return;
	}
	if (!strcmp(l, "trace") && x->depth == 2) {
		x->trace_depth = x->depth;
		x->has_case_id = false;
		x->ntev = 0;
		x->ntraces++;
		return;
	}
	if (!strcmp(l, "event") && x->trace_depth && x->depth == x->trace_depth + 1) {
		x->event_depth = x->depth;
		memset(&x->ev, 0, sizeof(x->ev));
		x->ev.start = KA_EVENTLOG_NO_TIME;
		x->ev.line = (uint32_t)XML_GetCurrentLineNumber(x->p);
		x->has_act = x->has_time = x->ev_bad = false;
		x->act[0] = x->res[0] = '\0';
		return;
	}
	if (is_attribute_element(l)) {
		const char *key = attr(atts, "key"), *value = attr(atts, "value");

		if (!key || !value)
			return;
		if (x->event_depth && x->depth == x->event_depth + 1)
			event_attribute(x, l, key, value);
		else if (x->trace_depth && !x->event_depth && x->depth == x->trace_depth + 1 &&
		         !strcmp(key, "concept:name")) {
			snprintf(x->case_id, sizeof(x->case_id), "%s", value);
			x->has_case_id = true;
		}
	}
}

static void end_event(struct xes *x)
{
	if (!x->ev_bad && !x->has_act)
		event_bad(x, "%s",
		          "event has no concept:name: expected <string key=\"concept:name\">");
	if (!x->ev_bad && !x->has_time)
		event_bad(x, "%s",
		          "event has no time:timestamp: expected <date key=\"time:timestamp\">");
	if (x->ev_bad) {
		if (x->o->skip_bad) {
			el_note_skip(x->log, &x->ev_diag);
			return;
		}
		x->err = ka_diag_set(x->d, KA_ERR_INVALID, x->ev_diag.line, x->ev_diag.column, NULL,
		                     "%s", x->ev_diag.message);
		XML_StopParser(x->p, XML_FALSE);
		return;
	}
	x->ev.activity = el_intern_activity(x->log, x->act, strlen(x->act));
	x->ev.resource = x->res[0] ? el_intern_resource(x->log, x->res, strlen(x->res)) : 0;
	if (x->ntev == x->tev_alloc) {
		x->tev_alloc = x->tev_alloc ? x->tev_alloc * 2 : 64;
		x->tev = ka_xreallocarray(x->tev, x->tev_alloc, sizeof(*x->tev));
	}
	x->tev[x->ntev++] = x->ev;
}

/* Pairs starts with completes of the same activity; 0 or an error already in x->d. */
static int pair_trace(struct xes *x)
{
	size_t i, j;

	for (i = 0; i < x->ntev; i++) {
		struct el_event *c = &x->tev[i];

		if (c->lifecycle != KA_EVENTLOG_LC_COMPLETE)
			continue;
		for (j = 0; j < i; j++) {
			struct el_event *s = &x->tev[j];
			if (s->lifecycle != KA_EVENTLOG_LC_START || s->activity != c->activity ||
			    s->start == 0) /* start == 0 marks a start already paired */
				continue;
			s->start = 0;
			if (s->time > c->time) {
				struct ka_diag sd;
				ka_diag_init(&sd, x->d->file);
				ka_diag_set(
				    &sd, KA_ERR_INVALID, c->line, 1, NULL,
				    "complete event of '%s' is earlier than its start event on "
				    "line %u: expected the start first",
				    x->log->activities[c->activity], s->line);
				if (!x->o->skip_bad) {
					*x->d = sd;
					return KA_ERR_INVALID;
				}
				el_note_skip(x->log, &sd);
				break;
			}
			c->start = s->time;
			break;
		}
	}
	return 0;
}

static void end_trace(struct xes *x)
{
	char gen[32];
	const char *id = x->case_id;
	uint32_t cix;
	size_t i, nstarts;
	int err;

	if (!x->has_case_id) {
		snprintf(gen, sizeof(gen), "trace %lu", x->ntraces);
		id = gen;
	}
	for (i = 0, nstarts = 0; i < x->ntev; i++)
		if (x->tev[i].lifecycle == KA_EVENTLOG_LC_START) {
			x->tev[i].start = 1; /* unpaired start (0 would mean paired) */
			nstarts++;
		}
	err = nstarts ? pair_trace(x) : 0; /* nothing to pair in a trace without starts */
	if (err) {
		x->err = err;
		XML_StopParser(x->p, XML_FALSE);
		return;
	}
	if (!x->ntev)
		return;
	cix = el_intern_case(x->log, id, strlen(id));
	for (i = 0; i < x->ntev; i++) {
		struct el_event *e = &x->tev[i];
		if (e->lifecycle == KA_EVENTLOG_LC_START)
			e->start = KA_EVENTLOG_NO_TIME;
		e->case_ix = cix;
		err = el_add_event(x->log, e, x->d);
		if (err) {
			x->err = err;
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xes *x = ud;

	(void)name;
	if (!x->err) {
		if (x->global_depth == x->depth)
			x->global_depth = 0;
		else if (x->event_depth == x->depth) {
			end_event(x);
			x->event_depth = 0;
		} else if (x->trace_depth == x->depth) {
			end_trace(x);
			x->trace_depth = 0;
		}
	}
	x->depth--;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(ud, KA_ERR_XML, "DOCTYPE declarations are not allowed (<!DOCTYPE %s>)", name);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
	(void)is_param;
	(void)value;
	(void)value_len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	stop(ud, KA_ERR_XML, "entity declarations are not allowed (entity '%s')", name);
}

static void keep_keys(struct xes *x)
{
	struct ka_buf b;
	size_t i;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	for (i = 0; i < x->nkeys; i++)
		ka_buf_addf(&b, "%s%s", i ? "," : "", x->keys[i]);
	x->log->other_keys = ka_arena_strdup(&x->log->priv->arena, b.data);
	ka_buf_release(&b);
}

int el_read_xes(struct ka_eventlog *log, struct el_src *src, const struct ka_eventlog_opts *o,
                struct ka_diag *d)
{
	struct xes x;
	int err = 0;

	memset(&x, 0, sizeof(x));
	x.log = log;
	x.o = o;
	x.d = d;
	ka_diag_init(&x.ev_diag, d->file);
	x.p = XML_ParserCreate(NULL);
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, on_start, on_end);
	XML_SetStartDoctypeDeclHandler(x.p, on_doctype);
	XML_SetEntityDeclHandler(x.p, on_entity);
	XML_SetParamEntityParsing(x.p, XML_PARAM_ENTITY_PARSING_NEVER);
	for (;;) {
		size_t got = 0;
		void *in = XML_GetBuffer(x.p, XES_CHUNK); /* read straight into expat's buffer */

		if (!in)
			ka_oom(XES_CHUNK);
		err = el_src_read(src, in, XES_CHUNK, &got, d);
		if (err)
			break;
		if (XML_ParseBuffer(x.p, (int)got, got == 0) == XML_STATUS_ERROR) {
			if (x.err)
				err = x.err;
			else
				err = ka_diag_set(d, KA_ERR_XML, XML_GetCurrentLineNumber(x.p),
				                  XML_GetCurrentColumnNumber(x.p) + 1, NULL,
				                  "not well-formed XES: %s",
				                  XML_ErrorString(XML_GetErrorCode(x.p)));
			break;
		}
		if (x.err) {
			err = x.err;
			break;
		}
		if (got == 0)
			break;
	}
	if (!err)
		keep_keys(&x);
	XML_ParserFree(x.p);
	free(x.tev);
	return err;
}
