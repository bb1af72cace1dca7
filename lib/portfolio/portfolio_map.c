/*
 * What a map version contributes to the portfolio: the strict read and
 * the checker's findings on save, and the element index rows (id, type,
 * name, lane, times, what a collapsed sub-process or call activity calls)
 * from which search, reports and links to child processes are derived.
 */
#include <stdlib.h>
#include <string.h>

#include "kartla/alloc.h"
#include "kartla/bpmn.h"
#include "kartla/check.h"
#include "kartla/import.h"
#include "kartla/portfolio.h"
#include "kartla/banned.h"

static bool indexed(const struct ka_el *el)
{
	if (!el->id)
		return false;
	if (el->type->flags & KA_TF_FLOW_NODE)
		return true;
	switch (el->kind) {
	case KA_K_LANE:
	case KA_K_PARTICIPANT:
	case KA_K_DATA_OBJECT_REF:
	case KA_K_DATA_STORE_REF:
		return true;
	default:
		return false;
	}
}

/* calledElement (attribute or a tool's extension), or kartla:process. */
static const char *called_of(const struct ka_el *el)
{
	const struct ka_xml_node *ext, *x;
	const char *s;

	if (el->kind != KA_K_CALL_ACTIVITY && el->kind != KA_K_SUB_PROCESS)
		return NULL;
	s = ka_xml_attr(el->xml, KA_NS_KARTLA, "process");
	if (s && *s)
		return s;
	if (el->kind != KA_K_CALL_ACTIVITY)
		return NULL;
	s = ka_xml_attr(el->xml, NULL, "calledElement");
	if (s && *s)
		return s;
	ext = ka_xml_child(el->xml, KA_NS_BPMN, "extensionElements");
	for (x = ext ? ext->first : NULL; x; x = x->next) {
		if (x->type != KA_XML_ELEMENT || strcmp(x->name->local, "calledElement"))
			continue;
		s = ka_xml_attr(x, NULL, "processId");
		if (s && *s)
			return s;
	}
	return NULL;
}

void ka_map_rows_build(const struct ka_map *m, struct ka_map_rows *out)
{
	size_t i, n = 0;

	out->v = ka_xcalloc(m->els.n ? m->els.n : 1, sizeof(*out->v));
	for (i = 0; i < m->els.n; i++) {
		const struct ka_el *el = m->els.v[i];
		struct ka_map_row *r;

		if (!indexed(el))
			continue;
		r = &out->v[n++];
		r->element_id = el->id;
		r->type = el->type->local;
		r->name = el->name;
		r->lane_id = el->lane ? el->lane->id : NULL;
		r->lane = el->lane ? el->lane->name : NULL;
		if (el->ext && el->ext->process_time.set) {
			r->has_process_time = true;
			r->process_time = el->ext->process_time.value;
		}
		if (el->ext && el->ext->wait_time.set) {
			r->has_wait_time = true;
			r->wait_time = el->ext->wait_time.value;
		}
		r->called = called_of(el);
	}
	out->n = n;
}

void ka_map_rows_release(struct ka_map_rows *rows)
{
	free(rows->v);
	rows->v = NULL;
	rows->n = 0;
}

int ka_map_load(struct ka_map **out, struct ka_findings *findings, const char *bpmn, size_t len,
                size_t max_bytes, struct ka_diag *diag)
{
	struct ka_read_opts opts;
	int err;

	*out = NULL;
	ka_read_opts_init(&opts);
	opts.limits.max_bytes = max_bytes;
	opts.repair = true;
	err = ka_bpmn_read(out, bpmn, len, "map.bpmn", &opts, diag);
	if (err || !findings)
		return err;
	return ka_check_run(*out, NULL, findings);
}

int ka_map_import(struct ka_map **out, struct ka_findings *findings, const char *data, size_t len,
                  size_t max_bytes, bool strict, struct ka_import_report *rep, char **text,
                  struct ka_diag *diag)
{
	struct ka_read_opts opts;
	struct ka_buf b;
	int err;

	*out = NULL;
	*text = NULL;
	ka_read_opts_init(&opts);
	opts.limits.max_bytes = max_bytes;
	opts.repair = !strict;
	err = ka_import_read(out, data, len, "map.bpmn", &opts, rep, diag);
	if (err)
		return err;
	if ((*out)->nrepairs || ka_import_sniff(data, len, NULL) != KA_IMPORT_BPMN ||
	    !ka_import_text_ok(data, len)) {
		ka_buf_init(&b, KA_BUF_UNLIMITED);
		err = ka_bpmn_write(*out, &b);
		if (!err)
			err = ka_buf_error(&b);
		if (err) {
			ka_buf_release(&b);
			ka_map_free(*out);
			*out = NULL;
			return ka_diag_set(diag, err, 0, 0, NULL,
			                   "the repaired map cannot be written");
		}
		*text = ka_buf_detach(&b, NULL);
	}
	return findings ? ka_check_run(*out, NULL, findings) : 0;
}
