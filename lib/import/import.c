/*
 * ka_import_read: sniff, translate other formats into BPMN text, read the BPMN.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kartla/alloc.h"
#include "kartla/import.h"
#include "kartla/msgcat.h"
#include "kartla/banned.h"

static int has_suffix(const char *name, const char *suffix)
{
	size_t a, b;

	if (!name)
		return 0;
	a = strlen(name);
	b = strlen(suffix);
	return a >= b && !strcasecmp(name + a - b, suffix);
}

/* The first element's name after the XML declaration, comments and PIs. */
static int first_element_is(const char *data, size_t len, const char *tag)
{
	size_t i = 0, n = strlen(tag);

	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
	    (unsigned char)data[2] == 0xBF)
		i = 3;
	while (i < len) {
		while (i < len &&
		       (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
			i++;
		if (i + 1 >= len || data[i] != '<')
			return 0;
		if (data[i + 1] == '?' || data[i + 1] == '!') {
			const char *end = memchr(data + i, '>', len - i);

			if (!end)
				return 0;
			i = (size_t)(end - data) + 1;
			continue;
		}
		i++;
		/* allow a prefix: <p:tag */
		for (size_t j = i; j < len && j < i + 64; j++) {
			if (data[j] == ':') {
				i = j + 1;
				break;
			}
			if (data[j] == ' ' || data[j] == '>' || data[j] == '/')
				break;
		}
		return len - i >= n && !memcmp(data + i, tag, n) &&
		       (len - i == n || strchr(" \t\r\n>/", data[i + n]));
	}
	return 0;
}

enum ka_import_format ka_import_sniff(const char *data, size_t len, const char *name)
{
	static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		return KA_IMPORT_VSDX;
	if (len >= 8 && !memcmp(data, ole2, 8))
		return KA_IMPORT_VSD;
	if (first_element_is(data, len, "mxfile") || first_element_is(data, len, "mxGraphModel"))
		return KA_IMPORT_DRAWIO;
	if (first_element_is(data, len, "VisioDocument"))
		return KA_IMPORT_VDX;
	if (len > 0 && (memchr(data, '<', len < 1024 ? len : 1024) || has_suffix(name, ".bpmn")))
		return KA_IMPORT_BPMN;
	return KA_IMPORT_UNKNOWN;
}

const char *ka_import_format_name(enum ka_import_format f)
{
	switch (f) {
	case KA_IMPORT_BPMN:
		return "bpmn";
	case KA_IMPORT_VSDX:
		return "vsdx";
	case KA_IMPORT_VDX:
		return "vdx";
	case KA_IMPORT_VSD:
		return "vsd";
	case KA_IMPORT_DRAWIO:
		return "drawio";
	default:
		return "unknown";
	}
}

/* Every repair the BPMN reader makes lands in the report, then goes on to the caller's note. */
struct collect {
	struct ka_import_report *rep;
	const struct ka_read_opts *caller;
};

static void collect_note(void *ctx, const char *code, const struct ka_diag *d)
{
	struct collect *c = ctx;

	ka_import_note_at(c->rep, code, d->line, d->element_id[0] ? d->element_id : NULL, "%s",
	                  d->message);
	if (c->rep && c->rep->n && d->msgid) { /* the reader's own message, to translate */
		c->rep->notes[c->rep->n - 1].msgid = d->msgid;
		c->rep->notes[c->rep->n - 1].params = d->params;
	}
	if (c->caller && c->caller->note)
		c->caller->note(c->caller->note_ctx, code, d);
}

/* A copy of the caller's options (or the defaults) whose notes also land in c->rep. */
static void collecting(struct ka_read_opts *o, struct collect *c, const struct ka_read_opts *opts,
                       struct ka_import_report *rep)
{
	if (opts)
		*o = *opts;
	else
		ka_read_opts_init(o);
	c->rep = rep;
	c->caller = opts;
	o->note = collect_note;
	o->note_ctx = c;
}

int ka_import_read(struct ka_map **out, const char *data, size_t len, const char *file,
                   const struct ka_read_opts *opts, struct ka_import_report *rep,
                   struct ka_diag *diag)
{
	enum ka_import_format f = ka_import_sniff(data, len, file);
	struct ka_read_opts o;
	struct collect c;
	struct ka_buf bpmn;
	int err;

	*out = NULL;
	collecting(&o, &c, opts, rep);
	if (f == KA_IMPORT_BPMN || f == KA_IMPORT_UNKNOWN)
		return ka_bpmn_read(out, data, len, file, &o, diag);
	ka_buf_init(&bpmn, KA_BUF_UNLIMITED);
	if (f == KA_IMPORT_DRAWIO)
		err = ka_drawio_to_bpmn(&bpmn, data, len, file, rep, diag);
	else
		err = ka_visio_to_bpmn(&bpmn, data, len, file, rep, diag);
	if (!err)
		err = ka_buf_error(&bpmn);
	if (!err)
		err = ka_bpmn_read(out, bpmn.data, bpmn.len, file, &o, diag);
	ka_buf_release(&bpmn);
	return err;
}

int ka_import_read_file(struct ka_map **out, const char *path, const struct ka_read_opts *opts,
                        struct ka_import_report *rep, struct ka_diag *diag)
{
	size_t cap = opts ? opts->limits.max_bytes : KA_XML_DEFAULT_MAX_BYTES;
	char head[4096];
	struct ka_read_opts o;
	struct collect c;
	struct ka_buf all;
	enum ka_import_format fmt;
	struct stat st;
	ssize_t got;
	int fd, err;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "cannot open file: %s",
		                   strerror(errno));
	do
		got = read(fd, head, sizeof(head));
	while (got < 0 && errno == EINTR);
	close(fd);
	collecting(&o, &c, opts, rep);
	if (got < 0 || (fmt = ka_import_sniff(head, (size_t)got, path)) == KA_IMPORT_BPMN ||
	    fmt == KA_IMPORT_UNKNOWN)
		return ka_bpmn_read_file(out, path, &o, diag); /* streams, and says why it cannot */
	ka_buf_init(&all, cap);
	err = ka_buf_read_file(&all, path);
	if (err == KA_ERR_TOO_BIG && !stat(path, &st))
		err = ka_diag_set(diag, err, 1, 1, NULL,
		                  "file is %lld bytes, over the size cap of %zu bytes",
		                  (long long)st.st_size, cap);
	else if (err == KA_ERR_TOO_BIG)
		err = ka_diag_set(diag, err, 1, 1, NULL, "file is over the size cap of %zu bytes",
		                  cap);
	else if (err)
		err = ka_diag_set(diag, err, 0, 0, NULL, "cannot read file");
	if (!err)
		err = ka_import_read(out, all.data, all.len, path, opts, rep, diag);
	ka_buf_release(&all);
	return err;
}

int ka_import_answer(json_t **out, const char *data, size_t len, const char *name, bool strict,
                     size_t max_bytes, struct ka_diag *diag)
{
	struct ka_import_report rep;
	struct ka_read_opts opts;
	struct ka_map *m = NULL;
	struct ka_buf b;
	int err;

	*out = NULL;
	ka_read_opts_init(&opts);
	opts.limits.max_bytes = max_bytes;
	opts.repair = !strict;
	ka_import_report_init(&rep);
	ka_buf_init(&b, KA_BUF_UNLIMITED);
	if (len > max_bytes)
		err = ka_diag_set(diag, KA_ERR_TOO_BIG, 1, 1, NULL,
		                  "file is %zu bytes, over the size cap of %zu bytes", len,
		                  max_bytes);
	else
		err = ka_import_read(&m, data, len, name ? name : "import", &opts, &rep, diag);
	if (!err)
		err = ka_bpmn_write(m, &b);
	if (!err)
		err = ka_buf_error(&b);
	if (!err)
		*out = json_pack("{s:s%, s:s, s:o}", "bpmn", b.data, b.len, "format",
		                 ka_import_format_name(ka_import_sniff(data, len, name)), "repairs",
		                 ka_import_report_to_json(&rep));
	if (!err && !*out)
		err = ka_diag_set(diag, KA_ERR_IO, 0, 0, NULL, "out of memory");
	ka_buf_release(&b);
	ka_map_free(m);
	ka_import_report_free(&rep);
	return err;
}

bool ka_import_text_ok(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return false;
		if (i + n >= len)
			return false;
		for (k = 1; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		/* overlong three-byte forms, surrogates and beyond U+10FFFF */
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return false;
		i += n + 1;
	}
	return true;
}

json_t *ka_import_report_to_json(const struct ka_import_report *rep)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; rep && i < rep->n; i++) {
		const struct ka_import_note *n = &rep->notes[i];

		static const char *const langs[] = {"nb", "sv"};
		json_t *msgs = json_object();
		char text[1024];

		for (size_t l = 0; l < 2; l++) {
			ka_msg_render(text, sizeof(text), langs[l], n->msgid, &n->params,
			              n->message);
			json_object_set_new(msgs, langs[l], json_string(text));
		}
		json_object_set_new(msgs, "en", json_string(n->message));
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "code", n->code, "where",
		                 n->where, "message", n->message, "messages", msgs, "line",
		                 n->line ? json_integer((json_int_t)n->line) : json_null(),
		                 "element_id",
		                 n->element_id ? json_string(n->element_id) : json_null()));
	}
	return a;
}
