/*
 * The drawing model, the master-name mapping and the per-page resolution
 * (containment, flowchart Start/End by flows, notes on what is not mapped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kartla/alloc.h"
#include "visio_int.h"
#include "kartla/banned.h"

void vs_drawing_free(struct vs_drawing *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct vs_page *p = &d->pages[i];

		for (size_t j = 0; j < p->n; j++) {
			free(p->shapes[j].vid);
			free(p->shapes[j].name);
			free(p->shapes[j].master);
		}
		free(p->shapes);
		free(p->name);
	}
	free(d->pages);
	d->pages = NULL;
	d->n = d->cap = 0;
}

struct vs_page *vs_page_add(struct vs_drawing *d, const char *name)
{
	struct vs_page *p;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 4;
		d->pages = ka_xreallocarray(d->pages, d->cap, sizeof *d->pages);
	}
	p = &d->pages[d->n++];
	memset(p, 0, sizeof *p);
	p->name = vs_text_fold(name ? name : "", (size_t)-1);
	p->width = 11 * VS_PX_PER_INCH;
	p->height = 8.5 * VS_PX_PER_INCH;
	return p;
}

struct vs_shape *vs_shape_add(struct vs_page *p, const char *vid)
{
	struct vs_shape *s;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->shapes = ka_xreallocarray(p->shapes, p->cap, sizeof *p->shapes);
	}
	s = &p->shapes[p->n++];
	memset(s, 0, sizeof *s);
	s->vid = ka_xstrdup(vid);
	s->src = s->dst = s->container = s->pool = s->attached = -1;
	return s;
}

/* Bytes in the valid UTF-8 sequence at s (XML characters only), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80             ? 1
	             : (s[0] & 0xE0) == 0xC0 ? 2
	             : (s[0] & 0xF0) == 0xE0 ? 3
	             : (s[0] & 0xF8) == 0xF0 ? 4
	                                     : 0;
	unsigned long cp;

	if (!len || len > n)
		return 0;
	cp = len == 1 ? s[0] : s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

char *vs_text_fold(const char *s, size_t n)
{
	char *out, *o;
	int space = 0;

	if (n == (size_t)-1)
		n = strlen(s);
	out = ka_xmalloc(3 * n + 1); /* each bad byte may become U+FFFD (3 bytes) */
	o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t len = utf8_len((const unsigned char *)s + i, n - i);

		if (len > 1 &&
		    !(c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))) {
			if (space && o != out)
				*o++ = ' ';
			space = 0;
			memcpy(o, s + i, len);
			o += len;
			i += len - 1;
			continue;
		}
		if (len == 0) { /* not UTF-8: the replacement character */
			if (space && o != out)
				*o++ = ' ';
			space = 0;
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			continue;
		}

		/* U+2028 LINE SEPARATOR and U+2029, which Visio writes for soft breaks */
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			i += 2;
			c = ' ';
		}
		if (c < 0x20 || c == ' ' || c == 0x7F) {
			space = 1;
			continue;
		}
		if (space && o != out)
			*o++ = ' ';
		space = 0;
		*o++ = (char)c;
	}
	*o = '\0';
	if (o == out) {
		free(out);
		return NULL;
	}
	return out;
}

static int has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static int evdef_of(const char *n)
{
	static const struct {
		const char *word;
		int def;
	} w[] = {
	    {"message", VS_EV_MESSAGE},
	    {"timer", VS_EV_TIMER},
	    {"signal", VS_EV_SIGNAL},
	    {"error", VS_EV_ERROR},
	    {"escalation", VS_EV_ESCALATION},
	    {"conditional", VS_EV_CONDITIONAL},
	    {"compensat", VS_EV_COMPENSATE},
	    {"terminate", VS_EV_TERMINATE},
	    {"link", VS_EV_LINK},
	    {"cancel", VS_EV_CANCEL},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (has(n, w[i].word))
			return w[i].def;
	return VS_EV_NONE;
}

static int tasktype_of(const char *n)
{
	if (has(n, "user"))
		return VS_TT_USER;
	if (has(n, "service"))
		return VS_TT_SERVICE;
	if (has(n, "send"))
		return VS_TT_SEND;
	if (has(n, "receive"))
		return VS_TT_RECEIVE;
	if (has(n, "manual"))
		return VS_TT_MANUAL;
	if (has(n, "script"))
		return VS_TT_SCRIPT;
	if (has(n, "rule"))
		return VS_TT_RULE;
	return VS_TT_TASK;
}

static int gateway_of(const char *n)
{
	if (has(n, "event"))
		return VS_GW_EVENT;
	if (has(n, "parallel"))
		return VS_GW_PAR;
	if (has(n, "inclusive"))
		return VS_GW_INCL;
	if (has(n, "complex"))
		return VS_GW_COMPLEX;
	return VS_GW_EXCL;
}

/* The lowercased name without Visio's ".NN" copy counter. */
static void normalise(char *out, size_t outsz, const char *name)
{
	size_t n = 0, dot;

	for (; name[n] && n + 1 < outsz; n++)
		out[n] = (char)((name[n] >= 'A' && name[n] <= 'Z') ? name[n] + 32 : name[n]);
	out[n] = '\0';
	dot = n;
	while (dot > 0 && out[dot - 1] >= '0' && out[dot - 1] <= '9')
		dot--;
	if (dot > 0 && dot < n && out[dot - 1] == '.')
		out[dot - 1] = '\0';
}

static int map_connector(const char *n)
{
	if (has(n, "message flow") || !strcmp(n, "message"))
		return VS_MSG;
	if (has(n, "association"))
		return VS_ASSOC;
	if (has(n, "sequence flow") || has(n, "connector") || has(n, "flow") ||
	    !strcmp(n, "line") || has(n, "arrow"))
		return VS_SEQ;
	return VS_NONE;
}

static int map_event(const char *n, int *evdef)
{
	*evdef = evdef_of(n);
	if (has(n, "start/end") || has(n, "terminator"))
		return VS_TERMINAL;
	if (has(n, "start"))
		return VS_START;
	if (has(n, "end"))
		return VS_END;
	if (has(n, "intermediate") || has(n, "boundary") || has(n, "event"))
		return has(n, "throw") ? VS_INTER_THROW : VS_INTER_CATCH;
	return VS_NONE;
}

int vs_map_master(const char *name, int *evdef, int *tasktype)
{
	char n[128];
	int k;

	*evdef = VS_EV_NONE;
	*tasktype = VS_TT_TASK;
	if (!name)
		return VS_NONE;
	normalise(n, sizeof n, name);
	if ((k = map_connector(n)) != VS_NONE)
		return k;
	if (has(n, "gateway"))
		return gateway_of(n);
	if (!strcmp(n, "decision"))
		return VS_GW_EXCL;
	if (has(n, "data store") || has(n, "database") || has(n, "stored data"))
		return VS_DATA_STORE;
	if (has(n, "data object") || !strcmp(n, "document") || !strcmp(n, "data") ||
	    has(n, "multiple documents"))
		return VS_DATA_OBJECT;
	if (has(n, "annotation"))
		return VS_ANNOTATION;
	if (has(n, "phase") || has(n, "separator"))
		return VS_PHASE;
	/* "Pool / Lane" (Visio's BPMN stencil) is a pool; one inside a pool becomes a lane */
	if (has(n, "pool") || has(n, "cff container"))
		return VS_POOL;
	if (has(n, "lane") || has(n, "functional band"))
		return VS_LANE;
	if (has(n, "call activity"))
		return VS_CALL;
	if (has(n, "sub-process") || has(n, "subprocess") || has(n, "sub process") ||
	    has(n, "predefined process"))
		return VS_SUBPROCESS;
	if (has(n, "task") || !strcmp(n, "process") || !strcmp(n, "activity")) {
		*tasktype = tasktype_of(n);
		return VS_TASK;
	}
	return map_event(n, evdef);
}

void vs_map_property(struct vs_shape *s, const char *row, const char *value)
{
	char v[128];

	if (!row || !value || !*value)
		return;
	if (!strncasecmp(row, "Bpmn", 4))
		row += 4;
	normalise(v, sizeof v, value);
	if (!strcasecmp(row, "TriggerOrResult") || !strcasecmp(row, "Trigger") ||
	    !strcasecmp(row, "Result")) {
		if (s->kind >= VS_START && s->kind <= VS_TERMINAL)
			s->evdef = evdef_of(v);
	} else if (!strcasecmp(row, "EventType")) {
		if (s->kind >= VS_START && s->kind <= VS_TERMINAL && has(v, "non-interrupting"))
			s->non_interrupting = 1;
		if (s->kind >= VS_START && s->kind <= VS_TERMINAL) {
			if (has(v, "start"))
				s->kind = VS_START;
			else if (has(v, "end"))
				s->kind = VS_END;
			else if (has(v, "throw"))
				s->kind = VS_INTER_THROW;
			else if (has(v, "intermediate") || has(v, "boundary"))
				s->kind = VS_INTER_CATCH;
		}
	} else if (!strcasecmp(row, "GatewayType")) {
		if (s->kind >= VS_GW_EXCL && s->kind <= VS_GW_COMPLEX)
			s->kind = gateway_of(v);
	} else if (!strcasecmp(row, "TaskType")) {
		if (s->kind == VS_TASK)
			s->tasktype = tasktype_of(v);
	}
}
