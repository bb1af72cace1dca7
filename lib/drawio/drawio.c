/*
 * ka_drawio_to_bpmn: a diagrams.net (draw.io) file into BPMN text.
 *
 * The file is an <mxfile> of <diagram> pages (or one bare <mxGraphModel>).
 * A page holds its <mxGraphModel> as XML, or compressed as text (base64 of
 * raw deflate of the URL-encoded XML). Both the file and every inflated page
 * are read with the project's XML reader (no DOCTYPE or entities, depth and
 * size caps); inflating stops at DIO_MAX_PAGE_BYTES per page and
 * DIO_MAX_TOTAL_BYTES for the file. Each page becomes its own process (or
 * collaboration of pools) and its own BPMNDiagram.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/drawio.h"
#include "drawio_int.h"
#include "kartla/banned.h"

#define NS_DECLS                                                                                   \
	"xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "                                   \
	"xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" "                               \
	"xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" "                                     \
	"xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" "                                     \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""

struct file_state {
	const char *file;
	struct ka_import_report *rep;
	struct ka_diag *diag;
	size_t inflated; /* bytes inflated so far, for the whole-file cap */
};

/* Fails naming the page: "page 2 "Name": ..." at the <diagram> element. */
static int page_fail(struct file_state *fs, const struct ka_xml_node *at, unsigned index,
                     const char *name, int err, const char *msg)
{
	return ka_diag_set(fs->diag, err, at ? at->line : 0, at ? at->column : 0, NULL,
	                   "page %u \"%.100s\": %.380s", index, name, msg);
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

/* Translates one page's <mxGraphModel>. */
static int convert_model(struct file_state *fs, const struct ka_xml_node *model, unsigned index,
                         const char *name, struct ka_buf *out, struct ka_buf *di)
{
	struct dio_page pg;
	int err;

	memset(&pg, 0, sizeof pg);
	ka_arena_init(&pg.arena);
	pg.file = fs->file;
	pg.name = name;
	pg.index = index;
	pg.rep = fs->rep;
	err = dio_page_read(&pg, model, fs->diag);
	if (!err)
		dio_page_write(&pg, out, di);
	free(pg.cells);
	ka_arena_release(&pg.arena);
	return err;
}

/* Inflates and parses a compressed page, then translates it. */
static int convert_compressed(struct file_state *fs, struct ka_xml_doc *outer,
                              const struct ka_xml_node *dgm, unsigned index, const char *name,
                              struct ka_buf *out, struct ka_buf *di)
{
	const char *text = ka_xml_text(outer, dgm);
	size_t left = DIO_MAX_TOTAL_BYTES - fs->inflated;
	struct ka_buf xml;
	struct ka_xml_doc doc;
	struct ka_xml_limits lim;
	struct ka_diag inner;
	char why[256];
	int err;

	ka_buf_init(&xml, KA_BUF_UNLIMITED);
	ka_xml_doc_init(&doc);
	err =
	    dio_decompress(&xml, text, strlen(text),
	                   left < DIO_MAX_PAGE_BYTES ? left : DIO_MAX_PAGE_BYTES, why, sizeof why);
	if (err) {
		err = page_fail(fs, dgm, index, name, err, why);
		goto out;
	}
	fs->inflated += xml.len;
	ka_xml_limits_default(&lim);
	ka_diag_init(&inner, fs->file);
	err = ka_xml_parse(&doc, xml.data, xml.len, &lim, &inner);
	if (err) {
		char detail[700];

		snprintf(detail, sizeof detail, "line %lu, column %lu of the diagram: %s",
		         inner.line, inner.column, inner.message);
		err = page_fail(fs, dgm, index, name, err, detail);
		goto out;
	}
	if (strcmp(doc.root->name->local, "mxGraphModel")) {
		snprintf(why, sizeof why, "the diagram is <%.60s>, not <mxGraphModel>",
		         doc.root->name->local);
		err = page_fail(fs, dgm, index, name, KA_ERR_XML, why);
		goto out;
	}
	err = convert_model(fs, doc.root, index, name, out, di);
out:
	ka_xml_doc_release(&doc);
	ka_buf_release(&xml);
	return err;
}

static int convert_pages(struct file_state *fs, struct ka_xml_doc *doc, struct ka_buf *out,
                         struct ka_buf *di)
{
	const struct ka_xml_node *root = doc->root;
	unsigned index = 0;
	int err = 0;

	if (!strcmp(root->name->local, "mxGraphModel"))
		return convert_model(fs, root, 1, "Page-1", out, di);
	for (const struct ka_xml_node *d = root->first; d && !err; d = d->next) {
		const struct ka_xml_node *model;
		const char *name;
		char fallback[32];

		if (d->type != KA_XML_ELEMENT || strcmp(d->name->local, "diagram"))
			continue;
		index++;
		name = ka_xml_attr(d, NULL, "name");
		if (!name || !*name) {
			snprintf(fallback, sizeof fallback, "Page-%u", index);
			name = ka_arena_strdup(&doc->arena, fallback);
		}
		model = ka_xml_child(d, NULL, "mxGraphModel");
		if (model) {
			err = convert_model(fs, model, index, name, out, di);
		} else if (!blank(ka_xml_text(doc, d))) {
			err = convert_compressed(fs, doc, d, index, name, out, di);
		} else {
			char where[160];

			snprintf(where, sizeof where, "page \"%.100s\"", name);
			ka_import_note(fs->rep, "drawio.empty_page", where, "page %u is empty",
			               index);
		}
	}
	if (!err && !index)
		err = ka_diag_set(fs->diag, KA_ERR_BPMN, root->line, root->column, NULL,
		                  "a draw.io file without any <diagram> page");
	return err;
}

int ka_drawio_to_bpmn(struct ka_buf *out, const char *data, size_t len, const char *file,
                      struct ka_import_report *rep, struct ka_diag *diag)
{
	struct file_state fs = {.file = file, .rep = rep, .diag = diag};
	struct ka_xml_doc doc;
	struct ka_xml_limits lim;
	struct ka_buf di;
	int err;

	ka_xml_doc_init(&doc);
	ka_buf_init(&di, KA_BUF_UNLIMITED);
	ka_xml_limits_default(&lim);
	err = ka_xml_parse(&doc, data, len, &lim, diag);
	if (err)
		goto out;
	if (strcmp(doc.root->name->local, "mxfile") &&
	    strcmp(doc.root->name->local, "mxGraphModel")) {
		err = ka_diag_set(diag, KA_ERR_BPMN, doc.root->line, doc.root->column, NULL,
		                  "not a draw.io file: the root element is <%.60s>",
		                  doc.root->name->local);
		goto out;
	}
	ka_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions " NS_DECLS
	                 " id=\"drawio__definitions\" targetNamespace=\"urn:kartla:drawio\""
	                 " exporter=\"Kartla draw.io import\" exporterVersion=\"1\">\n");
	err = convert_pages(&fs, &doc, out, &di);
	if (err)
		goto out;
	ka_buf_add(out, di.data, di.len);
	ka_buf_adds(out, "</definitions>\n");
	err = ka_buf_error(out);
	if (!err)
		err = ka_buf_error(&di);
	if (err)
		ka_diag_set(diag, err, 0, 0, NULL, "the BPMN text of %s is too large", file);
out:
	ka_buf_release(&di);
	ka_xml_doc_release(&doc);
	return err;
}
