/*
 * Rendering a notification (notify.h): the subject, the plain text and the
 * HTML in the recipient's language from the kind and the stored params,
 * and composing the whole MIME message around them.
 *
 * Templates hold {s} (the subject thing), {d} (" (detail)" or nothing) and
 * {due}; values are HTML-escaped in the HTML part and never interpreted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kartla/notify.h"
#include "kartla/banned.h"

enum { L_NB, L_SV, L_EN, L_COUNT };

struct tmpl {
	const char *subject, *body;
};

/* [kind][language]: subject line and the sentence of the body. */
static const struct tmpl tmpls[KA_NOTIFY_KIND_COUNT][L_COUNT] = {
    [KA_NOTIFY_APPROVAL_WAITING] =
        {{"Godkjenning venter på deg: {s}",
          "En ny versjon av prosessen {s}{d} er sendt inn og venter på din godkjenning."},
         {"Godkännande väntar på dig: {s}",
          "En ny version av processen {s}{d} har skickats in och väntar på ditt godkännande."},
         {"Approval waits for you: {s}",
          "A new version of the process {s}{d} has been submitted and waits for your "
          "approval."}},
    [KA_NOTIFY_APPROVED] = {{"Innsendingen din er godkjent: {s}",
                             "Versjonen du sendte inn av prosessen {s}{d}, er godkjent."},
                            {"Ditt förslag har godkänts: {s}",
                             "Versionen du skickade in av processen {s}{d} har godkänts."},
                            {"Your submission was approved: {s}",
                             "The version you submitted of the process {s}{d} was approved."}},
    [KA_NOTIFY_REJECTED] = {{"Innsendingen din er avvist: {s}",
                             "Versjonen du sendte inn av prosessen {s}{d}, er avvist."},
                            {"Ditt förslag har avvisats: {s}",
                             "Versionen du skickade in av processen {s}{d} har avvisats."},
                            {"Your submission was rejected: {s}",
                             "The version you submitted of the process {s}{d} was rejected."}},
    [KA_NOTIFY_REVIEW_DUE] =
        {{"Gjennomgang innen {due}: {s}", "Prosessen {s}{d} skal gjennomgås innen {due}."},
         {"Granskning senast {due}: {s}", "Processen {s}{d} ska granskas senast {due}."},
         {"Review due {due}: {s}", "The process {s}{d} is due for review on {due}."}},
    [KA_NOTIFY_ACTION_DUE] =
        {{"Tiltak med frist {due}: {s}",
          "Risikotiltaket {s}{d}, som du er ansvarlig for, har frist {due}."},
         {"Åtgärd med förfallodatum {due}: {s}",
          "Riskåtgärden {s}{d}, som du är ansvarig för, ska vara klar senast {due}."},
         {"Action due {due}: {s}",
          "The risk action {s}{d}, which you are responsible for, is due on {due}."}},
    [KA_NOTIFY_PLAN_ITEM_DUE] =
        {{"Tiltak i handlingsplanen med frist {due}: {s}",
          "Tiltaket {s}{d} i handlingsplanen, som du er ansvarlig for, har frist {due}."},
         {"Åtgärd i handlingsplanen med förfallodatum {due}: {s}",
          "Åtgärden {s}{d} i handlingsplanen, som du är ansvarig för, ska vara klar senast "
          "{due}."},
         {"Activity-plan item due {due}: {s}",
          "The activity-plan item {s}{d}, which you are responsible for, is due on {due}."}},
    [KA_NOTIFY_READ_REMINDER] =
        {{"Påminnelse: bekreft at du har lest {s}",
          "En ny versjon av prosessen {s}{d}, der du har en rolle, venter på at du bekrefter "
          "at du har lest og forstått endringene."},
         {"Påminnelse: bekräfta att du har läst {s}",
          "En ny version av processen {s}{d}, där du har en roll, väntar på att du bekräftar "
          "att du har läst och förstått ändringarna."},
         {"Reminder: confirm that you have read {s}",
          "A new version of the process {s}{d}, in which you have a role, waits for you to "
          "confirm that you have read and understood the changes."}},
    [KA_NOTIFY_VERSION_APPROVED] =
        {{"Ny versjon godkjent: {s}",
          "En ny versjon av prosessen {s}{d}, der du har en rolle, er godkjent. Les "
          "gjennom endringene."},
         {"Ny version godkänd: {s}",
          "En ny version av processen {s}{d}, där du har en roll, har godkänts. Läs "
          "igenom ändringarna."},
         {"New version approved: {s}",
          "A new version of the process {s}{d}, in which you have a role, was approved. "
          "Please read the changes."}},
    [KA_NOTIFY_ROLE_GIVEN] = {{"Du har fått en rolle: {s}", "Du har fått rollen {s}{d}."},
                              {"Du har fått en roll: {s}", "Du har fått rollen {s}{d}."},
                              {"You were given a role: {s}", "You were given the role {s}{d}."}},
    [KA_NOTIFY_ASSIGNMENT_GIVEN] = {{"Du har fått et kartleggingsoppdrag: {s}",
                                     "Du har fått kartleggingsoppdraget {s}{d}."},
                                    {"Du har fått ett kartläggningsuppdrag: {s}",
                                     "Du har fått kartläggningsuppdraget {s}{d}."},
                                    {"You were given a mapping assignment: {s}",
                                     "You were given the mapping assignment {s}{d}."}},
    [KA_NOTIFY_DIGEST] =
        {{"Kartla: {s} varsler", "Dette har skjedd i Kartla siden forrige oppsummering:"},
         {"Kartla: {s} aviseringar", "Det här har hänt i Kartla sedan din förra sammanfattning:"},
         {"Kartla: {s} notifications", "This happened in Kartla since your last summary:"}},
};

static const char *const comment_label[L_COUNT] = {"Kommentar:", "Kommentar:", "Comment:"};
static const char *const open_label[L_COUNT] = {"Åpne i Kartla", "Öppna i Kartla",
                                                "Open in Kartla"};
static const char *const footer[L_COUNT] = {
    "Du får denne e-posten på grunn av varslingsinnstillingene dine i Kartla (Min side).",
    "Du får det här meddelandet på grund av dina aviseringsinställningar i Kartla (Min sida).",
    "You get this e-mail because of your notification settings in Kartla (My page)."};

static int lang_index(const char *lang)
{
	if (lang && !strcmp(lang, "nb"))
		return L_NB;
	if (lang && !strcmp(lang, "sv"))
		return L_SV;
	return L_EN;
}

void ka_notify_mail_release(struct ka_notify_mail *m)
{
	free(m->subject);
	free(m->text);
	free(m->html);
	memset(m, 0, sizeof(*m));
}

static void add_html(struct ka_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			ka_buf_adds(b, "&lt;");
			break;
		case '>':
			ka_buf_adds(b, "&gt;");
			break;
		case '&':
			ka_buf_adds(b, "&amp;");
			break;
		case '"':
			ka_buf_adds(b, "&quot;");
			break;
		case '\'':
			ka_buf_adds(b, "&#39;");
			break;
		default:
			ka_buf_addc(b, *s);
		}
	}
}

/* A value: as it is, HTML-escaped, or (subject line) with line breaks as spaces. */
static void add_value(struct ka_buf *b, const char *s, int html)
{
	if (html == 1) {
		add_html(b, s);
		return;
	}
	for (; s && *s; s++)
		ka_buf_addc(b, (*s == '\r' || *s == '\n' || *s == '\t') ? ' ' : *s);
}

static const char *param(const json_t *p, const char *key)
{
	return json_string_value(json_object_get(p, key));
}

/* `key` ("subject", "detail") in language li where it has one, else in any, else plain. */
static const char *by_lang(const json_t *p, const char *key, int li)
{
	static const char *const langs[L_COUNT] = {"nb", "sv", "en"};
	char k[32];
	const char *s;

	snprintf(k, sizeof(k), "%s_%s", key, langs[li]);
	s = param(p, k);
	for (int i = 0; !s && i < L_COUNT; i++) {
		snprintf(k, sizeof(k), "%s_%s", key, langs[i]);
		s = param(p, k);
	}
	return s ? s : param(p, key);
}

static const char *subject(const json_t *p, int li)
{
	const char *s = by_lang(p, "subject", li);

	return s ? s : "?";
}

/* Expands a template into b (html: 1 escape values, 0 text, 2 subject line). */
static void expand(struct ka_buf *b, const char *t, const json_t *p, int li, int html)
{
	const char *d;

	while (*t) {
		if (!strncmp(t, "{s}", 3)) {
			add_value(b, subject(p, li), html);
			t += 3;
		} else if (!strncmp(t, "{d}", 3)) {
			d = by_lang(p, "detail", li);
			if (d) {
				ka_buf_adds(b, " (");
				add_value(b, d, html);
				ka_buf_adds(b, ")");
			}
			t += 3;
		} else if (!strncmp(t, "{due}", 5)) {
			add_value(b, param(p, "due") ? param(p, "due") : "?", html);
			t += 5;
		} else {
			ka_buf_addc(b, *t++);
		}
	}
}

/* One item (the body sentence, the comment, the link) in text and HTML. */
static void item(struct ka_buf *text, struct ka_buf *html, int kind, int li, const json_t *p,
                 const char *base_url)
{
	const char *comment = param(p, "comment"), *link = param(p, "link");

	expand(text, tmpls[kind][li].body, p, li, 0);
	ka_buf_adds(text, "\n");
	ka_buf_adds(html, "<p>");
	expand(html, tmpls[kind][li].body, p, li, 1);
	ka_buf_adds(html, "</p>\n");
	if (comment) {
		ka_buf_addf(text, "\n%s\n", comment_label[li]);
		add_value(text, comment, 0);
		ka_buf_adds(text, "\n");
		ka_buf_addf(html, "<p>%s</p>\n<blockquote>", comment_label[li]);
		add_html(html, comment);
		ka_buf_adds(html, "</blockquote>\n");
	}
	if (link && link[0] == '/') {
		ka_buf_addf(text, "\n%s: %s%s\n", open_label[li], base_url, link);
		ka_buf_adds(html, "<p><a href=\"");
		add_html(html, base_url);
		add_html(html, link);
		ka_buf_addf(html, "\">%s</a></p>\n", open_label[li]);
	}
}

int ka_notify_render(struct ka_notify_mail *out, enum ka_notify_kind kind, const char *lang,
                     const char *params, const char *base_url)
{
	struct ka_buf subj, text, html;
	json_t *p = json_loads(params ? params : "", 0, NULL), *items, *it;
	int li = lang_index(lang), err;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(p) || (unsigned)kind >= KA_NOTIFY_KIND_COUNT) {
		json_decref(p);
		return KA_ERR_INVALID;
	}
	base_url = base_url ? base_url : "";
	ka_buf_init(&subj, 128);
	ka_buf_init(&text, 1024);
	ka_buf_init(&html, 2048);
	ka_buf_adds(&html, "<!DOCTYPE html>\n<html><body>\n");
	if (kind == KA_NOTIFY_DIGEST) {
		items = json_object_get(p, "items");
		/* the count in place of {s}: "Kartla: {s} ..." */
		{
			char n[24];
			json_t *np;

			snprintf(n, sizeof(n), "%zu", json_array_size(items));
			np = json_pack("{s:s}", "subject", n);
			expand(&subj, tmpls[kind][li].subject, np, li, 2);
			json_decref(np);
		}
		expand(&text, tmpls[kind][li].body, p, li, 0);
		ka_buf_adds(&text, "\n");
		ka_buf_adds(&html, "<p>");
		expand(&html, tmpls[kind][li].body, p, li, 1);
		ka_buf_adds(&html, "</p>\n");
		json_array_foreach(items, i, it)
		{
			int k =
			    ka_notify_kind_parse(json_string_value(json_object_get(it, "kind")));
			json_t *ip = json_object_get(it, "params");

			if (k < 0 || k == KA_NOTIFY_DIGEST || !json_is_object(ip))
				continue;
			ka_buf_adds(&text, "\n* ");
			ka_buf_adds(&html, "<hr>\n");
			item(&text, &html, k, li, ip, base_url);
		}
	} else {
		expand(&subj, tmpls[kind][li].subject, p, li, 2);
		item(&text, &html, kind, li, p, base_url);
	}
	ka_buf_addf(&text, "\n-- \n%s\n", footer[li]);
	ka_buf_addf(&html, "<p style=\"color:#666;font-size:small\">%s</p>\n</body></html>\n",
	            footer[li]);
	json_decref(p);
	err = ka_buf_error(&subj)   ? ka_buf_error(&subj)
	      : ka_buf_error(&text) ? ka_buf_error(&text)
	                            : ka_buf_error(&html);
	out->subject = ka_buf_detach(&subj, NULL);
	out->text = ka_buf_detach(&text, NULL);
	out->html = ka_buf_detach(&html, NULL);
	if (err)
		ka_notify_mail_release(out);
	return err;
}

/* ---- the MIME message ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_b64(struct ka_buf *b, const unsigned char *s, size_t n, size_t line)
{
	size_t i, col = 0;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		ka_buf_addc(b, b64[(v >> 18) & 63]);
		ka_buf_addc(b, b64[(v >> 12) & 63]);
		ka_buf_addc(b, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		ka_buf_addc(b, i + 2 < n ? b64[v & 63] : '=');
		col += 4;
		if (line && col >= line && i + 3 < n) {
			ka_buf_adds(b, "\r\n");
			col = 0;
		}
	}
}

/* RFC 2047 encoded words of at most 45 input bytes each, never splitting a UTF-8 sequence. */
static void add_encoded_subject(struct ka_buf *b, const char *s)
{
	size_t n = strlen(s), at = 0;

	if (!n) {
		ka_buf_adds(b, "=?UTF-8?B?"
		               "?=");
		return;
	}
	while (at < n) {
		size_t len = n - at > 45 ? 45 : n - at;

		while (len > 1 && at + len < n && ((unsigned char)s[at + len] & 0xC0) == 0x80)
			len--;
		if (at)
			ka_buf_adds(b, "\r\n ");
		ka_buf_adds(b, "=?UTF-8?B?");
		add_b64(b, (const unsigned char *)s + at, len, 0);
		ka_buf_adds(b, "?=");
		at += len;
	}
}

static bool addr_ok(const char *a)
{
	return a && *a && !strpbrk(a, "\r\n<>\"") && strchr(a, '@');
}

int ka_notify_compose(struct ka_buf *out, const char *from, const char *to,
                      const struct ka_notify_mail *m, int64_t id, time_t now)
{
	char date[64], boundary[64];
	const char *domain;
	struct tm tm;

	if (!addr_ok(from) || !addr_ok(to))
		return KA_ERR_INVALID;
	domain = strrchr(from, '@') + 1;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(boundary, sizeof(boundary), "kartla-%lld-%lld", (long long)id, (long long)now);
	ka_buf_addf(out, "From: Kartla <%s>\r\nTo: <%s>\r\nSubject: ", from, to);
	add_encoded_subject(out, m->subject ? m->subject : "");
	ka_buf_addf(out,
	            "\r\nDate: %s\r\nMessage-ID: <outbox-%lld.%lld@%s>\r\n"
	            "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"
	            "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
	            date, (long long)id, (long long)now, domain, boundary);
	ka_buf_addf(out,
	            "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	            "Content-Transfer-Encoding: base64\r\n\r\n",
	            boundary);
	add_b64(out, (const unsigned char *)m->text, strlen(m->text), 76);
	ka_buf_addf(out,
	            "\r\n--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
	            "Content-Transfer-Encoding: base64\r\n\r\n",
	            boundary);
	add_b64(out, (const unsigned char *)m->html, strlen(m->html), 76);
	ka_buf_addf(out, "\r\n--%s--\r\n", boundary);
	return ka_buf_error(out);
}
