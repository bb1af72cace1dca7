/*
 * The handbook's rules (kartla/handbook.h): who may read a page (the one
 * visibility rule, in SQL and in C), who may write one, titles and slugs,
 * the search rows' levels, and the Markdown: cmark in safe mode (no raw
 * HTML, no dangerous URLs) and the fixed outline of role descriptions.
 * Reading and writing pages, attachments and role descriptions is in
 * handbook_page.c.
 */
#include <cmark.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kartla/handbook.h"
#include "kartla/resource.h"
#include "kartla/text.h"
#include "kartla/tree.h"
#include "kartla/banned.h"

/* clang-format off */
#define LEVEL(col) "(CASE " col " WHEN 'everyone' THEN 0 WHEN 'signed_in' THEN 1 ELSE 2 END)"

/* Every page's effective level: the highest visibility from its root down to it. */
#define EFFECTIVE \
	"WITH RECURSIVE eff(id, lvl) AS (" \
	"SELECT id, " LEVEL("visibility") " FROM handbook_pages WHERE parent_id IS NULL" \
	" UNION ALL SELECT p.id, CASE WHEN " LEVEL("p.visibility") " > e.lvl" \
	" THEN " LEVEL("p.visibility") " ELSE e.lvl END" \
	" FROM handbook_pages p JOIN eff e ON p.parent_id = e.id)"
/* clang-format on */

const char ka_handbook_readable_where[] = "id IN (" EFFECTIVE " SELECT id FROM eff WHERE lvl <= ?)";

const char ka_handbook_form_where[] =
    "(template <> 'role_description' OR NOT EXISTS (SELECT 1 FROM roles r"
    " WHERE forms.title = 'role:' || CAST(r.id AS TEXT) AND r.description_page_id IN"
    " (" EFFECTIVE " SELECT id FROM eff WHERE lvl > ?)))";

const char ka_handbook_index_vis_sql[] = EFFECTIVE
    " UPDATE search_docs SET vis = (SELECT lvl FROM eff WHERE eff.id = search_docs.ref_id)"
    " WHERE kind = 'page' AND CAST(? AS BIGINT) > 0 AND ref_id IN (SELECT id FROM eff)"
    " AND vis <> (SELECT lvl FROM eff WHERE eff.id = search_docs.ref_id)";

int ka_handbook_reader_level(struct ka_store *st, const struct ka_actor *actor, enum ka_vis *out,
                             struct ka_diag *diag)
{
	int level = 0, err = ka_res_vis_level(st, actor, &level, diag);

	*out = (enum ka_vis)level;
	return err;
}

int ka_handbook_page_level(struct ka_store *st, int64_t page_id, enum ka_vis *out,
                           struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, EFFECTIVE " SELECT lvl FROM eff WHERE id = ?",
	                    (struct ka_val[]){ka_int(page_id)}, 1, &r, diag);
	if (!err && !r.nrows)
		err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, NULL, "no such page %" PRId64,
		                  page_id);
	if (!err)
		*out = (enum ka_vis)ka_rows_at(&r, 0, 0)->i;
	ka_rows_release(&r);
	return err;
}

int ka_handbook_can_read(struct ka_store *st, const struct ka_actor *actor, int64_t page_id,
                         bool *ok, struct ka_diag *diag)
{
	enum ka_vis reader, page;
	int err;

	*ok = false;
	err = ka_handbook_page_level(st, page_id, &page, diag);
	if (err == KA_ERR_NOT_FOUND)
		return 0;
	if (!err)
		err = ka_handbook_reader_level(st, actor, &reader, diag);
	if (!err)
		*ok = page <= reader;
	return err;
}

int ka_handbook_index_vis(struct ka_store *st, struct ka_diag *diag)
{
	return ka_store_exec(st, ka_handbook_index_vis_sql, (struct ka_val[]){ka_int(1)}, 1, NULL,
	                     diag);
}

int ka_handbook_page_may_write(struct ka_store *st, const struct ka_actor *actor, int64_t page_id,
                               struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	if (actor->is_admin)
		return 0;
	ka_rows_init(&r);
	err = ka_store_exec(st, "SELECT id FROM roles WHERE description_page_id = ? LIMIT 1",
	                    (struct ka_val[]){ka_int(page_id)}, 1, &r, diag);
	if (!err && r.nrows)
		err = ka_diag_set(diag, KA_ERR_PERM, 0, 0, NULL,
		                  "page %" PRId64 " is the description of role %" PRId64
		                  ": only administrators change it, through "
		                  "PUT /api/roles/%" PRId64 "/description",
		                  page_id, ka_rows_at(&r, 0, 0)->i, ka_rows_at(&r, 0, 0)->i);
	ka_rows_release(&r);
	return err;
}

/* The code point of the UTF-8 sequence at p (0xFFFD when malformed); *len its bytes. */
int ka_handbook_title_check(const char *title, const char *field, struct ka_diag *diag)
{
	uint32_t c = 0;

	if (!title || ka_text_name_ok(title, &c))
		return 0;
	return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, field,
	                   "field '%s' must not contain control, invisible or "
	                   "direction-changing characters (U+%04X)",
	                   field, (unsigned)c);
}

int ka_handbook_html(const char *markdown, struct ka_buf *out)
{
	const char *md = markdown ? markdown : "";
	char *html =
	    cmark_markdown_to_html(md, strlen(md), CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
	int err;

	if (!html)
		return KA_ERR_LIMIT;
	err = ka_buf_adds(out, html);
	free(html);
	return err;
}

/* The fixed outline's headings in English, bokmål and Swedish (KA_HANDBOOK_LANG_*). */
static const struct {
	const char *field, *heading[3];
} outline[] = {
    {"summary", {"Summary", "Sammendrag", "Sammanfattning"}},
    {"mandate_source", {"Mandate source", "Grunnlag for mandatet", "Grund för mandatet"}},
    {"mandate_and_tasks", {"Mandate and tasks", "Mandat og oppgaver", "Mandat och uppgifter"}},
    {"local_responsibility", {"Local responsibility", "Lokalt ansvar", "Lokalt ansvar"}},
    {"partners", {"Partners", "Samarbeidspartnere", "Samarbetspartner"}},
    {"arenas_and_meetings", {"Arenas and meetings", "Arenaer og møter", "Arenor och möten"}},
    {"competence_requirements", {"Competence requirements", "Kompetansekrav", "Kompetenskrav"}},
};

static const char *const desc_title[3] = {"Role description", "Rollebeskrivelse",
                                          "Rollbeskrivning"};

static int lang_index(const char *lang)
{
	if (lang && !strcmp(lang, "nb"))
		return 1;
	if (lang && !strcmp(lang, "sv"))
		return 2;
	return 0;
}

const char *ka_handbook_role_title(const char *lang)
{
	return desc_title[lang_index(lang)];
}

int ka_handbook_role_markdown(const char *role_name, const char *lang, const json_t *desc,
                              struct ka_buf *out)
{
	size_t i;
	int l = lang_index(lang);
	int err = ka_buf_addf(out, "# %s\n", role_name);

	for (i = 0; !err && i < sizeof(outline) / sizeof(outline[0]); i++) {
		const json_t *v = json_object_get(desc, outline[i].field);
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		err = ka_buf_addf(out, "\n## %s\n\n%s\n", outline[i].heading[l], *s ? s : "—");
	}
	return err;
}

void ka_handbook_slugify(char *out, size_t outsz, const char *title)
{
	size_t n = 0;
	int dash = 0;
	const unsigned char *s = (const unsigned char *)(title ? title : "");

	if (!outsz)
		return;
	for (; *s && n + 1 < outsz; s++) {
		unsigned char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (dash && n && n + 2 < outsz)
				out[n++] = '-';
			dash = 0;
			/* never cut a UTF-8 sequence: stop before one that does not fit */
			if (c >= 0xc0) {
				size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

				if (n + len >= outsz)
					break;
			}
			out[n++] = (char)c;
		} else {
			dash = 1;
		}
	}
	out[n] = '\0';
	if (!n && outsz > 4) {
		out[0] = 'p', out[1] = 'a', out[2] = 'g', out[3] = 'e', out[4] = '\0';
	}
}

static bool slug_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || *p == '-')
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p >= 0x80))
			return false;
	return true;
}

/* KA_ERR_INVALID when page `self` would be placed under itself or its own sub-page. */
int ka_handbook_page_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                           json_t *obj, struct ka_diag *diag)
{
	const json_t *slug = json_object_get(obj, "slug"),
	             *parent = json_object_get(obj, "parent_id"),
	             *title = json_object_get(obj, "title");
	int64_t self = before ? json_integer_value(json_object_get(before, "id")) : 0;
	int err = 0;

	if (before)
		err = ka_handbook_page_may_write(st, actor, self, diag);
	if (!err && json_is_string(title))
		err = ka_handbook_title_check(json_string_value(title), "title", diag);
	if (err)
		return err;
	if (!before && (!slug || json_is_null(slug))) {
		char s[128];

		ka_handbook_slugify(s, sizeof(s), json_string_value(title));
		json_object_set_new(obj, "slug", json_string(s));
	} else if (json_is_string(slug) && !slug_ok(json_string_value(slug))) {
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "slug",
		                   "a slug is lower-case letters, digits and '-' (not first)");
	} else if (json_is_null(slug)) {
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "slug", "a page keeps a slug");
	}
	if (!self || !json_is_integer(parent))
		return 0;
	return ka_tree_check_parent(st, KA_TREE_PAGES, self, json_integer_value(parent), "page",
	                            diag);
}
