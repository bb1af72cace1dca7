/*
 * The handbook: Markdown pages in a tree, with attachments and a
 * visibility (everyone / signed in / facilitators), and the role
 * descriptions kept as pages (lib/portfolio/handbook.c, handbook_page.c).
 *
 * Page visibility is ONE rule, used by every path that returns page
 * content (page, list, tree, children, attachments, role descriptions,
 * the search rows): a page is readable by a reader when the page and every
 * one of its ancestors have a visibility at or below the reader's level
 * (ka_handbook_reader_level). A page that is not readable answers
 * KA_ERR_NOT_FOUND, exactly like a page that does not exist.
 *
 * A page that is a role description (roles.description_page_id) is written
 * only by administrators, whatever the endpoint (ka_handbook_page_may_write).
 *
 * Ownership: json_t results are new references owned by the caller; the
 * bytes of a ka_handbook_file are owned by it (ka_handbook_file_release).
 */
#ifndef KARTLA_HANDBOOK_H
#define KARTLA_HANDBOOK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/audit.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/resource.h"
#include "kartla/schema.h"
#include "kartla/store.h"

#define KA_HANDBOOK_MARKDOWN_MAX   (1024 * 1024)
#define KA_HANDBOOK_ATTACHMENT_MAX (5 * 1024 * 1024)

/*
 * An SQL condition on handbook_pages rows (column `id`) with one `?`, the
 * reader's level: "id IN (the ids of the pages readable at that level)".
 * The effective level of a page is the highest visibility on its chain
 * from the root. This is the rule of ka_handbook_can_read() for lists.
 */
extern const char ka_handbook_readable_where[];

/*
 * The same rule for forms rows (one `?`, the reader's level): a role
 * description's form (template role_description, title "role:<id>")
 * carries its page's content and is readable only with its page.
 */
extern const char ka_handbook_form_where[];

/*
 * The reader's level: KA_VIS_EVERYONE for anonymous visitors,
 * KA_VIS_FACILITATORS for administrators and for people who hold a
 * facilitator or steward role today, KA_VIS_SIGNED_IN for other users.
 */
int ka_handbook_reader_level(struct ka_store *st, const struct ka_actor *actor, enum ka_vis *out,
                             struct ka_diag *diag);

/*
 * The effective level of page `page_id` (the highest visibility on its
 * chain from the root); KA_ERR_NOT_FOUND when there is no such page.
 */
int ka_handbook_page_level(struct ka_store *st, int64_t page_id, enum ka_vis *out,
                           struct ka_diag *diag);

/*
 * THE rule: *ok is true when `actor` may read page `page_id` (it exists and
 * its effective level is at most the reader's level). Inside the caller's
 * transaction or none.
 */
int ka_handbook_can_read(struct ka_store *st, const struct ka_actor *actor, int64_t page_id,
                         bool *ok, struct ka_diag *diag);

/*
 * Sets search_docs.vis of every page to its effective level, so that the
 * search (which filters on search_docs.vis) hides a page under a hidden
 * parent too. Run inside every transaction that writes pages; the SQL is
 * also ka_handbook_index_vis_sql (one `?`: any positive integer, ignored).
 */
int ka_handbook_index_vis(struct ka_store *st, struct ka_diag *diag);
extern const char ka_handbook_index_vis_sql[];

/*
 * 0 when `actor` may change, delete or attach files to page `page_id`
 * beyond the facilitator rule: a role description page is written only by
 * administrators (else KA_ERR_PERM). A missing page is 0 (the caller
 * answers 404).
 */
int ka_handbook_page_may_write(struct ka_store *st, const struct ka_actor *actor, int64_t page_id,
                               struct ka_diag *diag);

/*
 * Whether a page title is acceptable: no bidirectional-override,
 * isolate or mark characters and no zero-width characters (they make a
 * title read differently from what it is); KA_ERR_INVALID naming `field`.
 * Body text may contain them.
 */
int ka_handbook_title_check(const char *title, const char *field, struct ka_diag *diag);

/*
 * The extra check of a page write, inside its transaction (create: `before`
 * NULL; patch: the current row): fills in the slug from the title on
 * create (sets "slug" in `obj`), checks the slug and the title, keeps the
 * tree a tree (KA_ERR_INVALID naming "parent_id") and applies
 * ka_handbook_page_may_write() on patch.
 */
int ka_handbook_page_check(struct ka_store *st, const struct ka_actor *actor, const json_t *before,
                           json_t *obj, struct ka_diag *diag);

/*
 * Deletes page `id` through the pages resource (facilitators and
 * administrators; a page with sub-pages is KA_ERR_CONFLICT), a role
 * description page only as an administrator (KA_ERR_PERM). if_match and
 * etag as for ka_res_delete.
 */
int ka_handbook_page_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                            const char *if_match, char etag[KA_RES_ETAG_LEN], struct ka_diag *diag);

/*
 * GET of a page: the page row (id, parent_id, slug, title, markdown,
 * visibility, sort_order, updated_at, version, created_at), its readable
 * children, its attachments and its HTML, as a new object in *out, and its
 * version. KA_ERR_NOT_FOUND when absent or not readable. Own read
 * transaction.
 */
int ka_handbook_page_get(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                         json_t **out, int64_t *version, struct ka_diag *diag);

/* Every page the reader may read, nested, as a new array of {id, slug, title, visibility,
 * children}. */
int ka_handbook_tree(struct ka_store *st, const struct ka_actor *actor, json_t **out,
                     struct ka_diag *diag);

/* ---- attachments ---- */

/* An attachment to add (borrowed) or one read (owned). */
struct ka_handbook_file {
	const char *name;
	const char *content_type; /* one of the allowed types (static) */
	unsigned char *bytes;
	size_t len;
};

void ka_handbook_file_release(struct ka_handbook_file *f);

/*
 * Adds a file to page `page_id` (the actor must be a facilitator or an
 * administrator, and an administrator for a role description page): the
 * name has no '/', '\\', '"' or control characters, no invisible or
 * direction-changing ones (ka_handbook_title_check) and does not start
 * with '.', the type is one of the allowed ones, at most
 * KA_HANDBOOK_ATTACHMENT_MAX bytes (KA_ERR_TOO_BIG), a name unique on the
 * page (KA_ERR_CONFLICT). On success f->content_type points at the static
 * allowed type and *id is the new attachment's id. Own transaction.
 */
int ka_handbook_attachment_add(struct ka_store *st, const struct ka_actor *actor, int64_t page_id,
                               struct ka_handbook_file *f, int64_t *id, struct ka_diag *diag);

/* Reads attachment `id` if its page is readable (else KA_ERR_NOT_FOUND). */
int ka_handbook_attachment_get(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                               struct ka_handbook_file *out, struct ka_diag *diag);

/*
 * Deletes attachment `id` through the attachments resource (facilitators
 * and administrators), and one of a role description page only as an
 * administrator (KA_ERR_PERM). if_match and etag as for ka_res_delete.
 */
int ka_handbook_attachment_delete(struct ka_store *st, const struct ka_actor *actor, int64_t id,
                                  const char *if_match, char etag[KA_RES_ETAG_LEN],
                                  struct ka_diag *diag);

/* ---- role descriptions ---- */

/*
 * A role's description: {role_id, page_id, fields, markdown, html} in *out
 * and its page's version. KA_ERR_NOT_FOUND when the role does not exist,
 * has no description, or its page is not readable by `actor`.
 */
int ka_handbook_role_get(struct ka_store *st, const struct ka_actor *actor, int64_t role_id,
                         json_t **out, int64_t *version, struct ka_diag *diag);

/*
 * Writes a role's description from `fields` (validated as template
 * role_description): the page (created on first write, slug role-<id>)
 * gets the fixed outline, the fields are kept in a role_description form.
 * Administrators only (KA_ERR_PERM). `if_match` is the page version the
 * client saw, or -1 when it gave none (0 matches a role without a
 * description yet; any other value that is not the version never matches),
 * and then *current gets the current version;
 * KA_ERR_STALE when it does not match. Own transaction with audit entry.
 */
int ka_handbook_role_put(struct ka_store *st, const struct ka_actor *actor, int64_t role_id,
                         const json_t *fields, int64_t if_match, int64_t *current,
                         struct ka_diag *diag);

/* ---- Markdown ---- */

/*
 * Markdown to HTML with cmark in safe mode: raw HTML is dropped and links
 * or images to javascript:, vbscript:, file: and data: (other than images)
 * are emptied. Appends to `out`.
 */
int ka_handbook_html(const char *markdown, struct ka_buf *out);

/*
 * The Markdown of a role description page from its fields (the fixed
 * outline: summary and mandate source, mandate and tasks, local
 * responsibility, partners, arenas and meetings, competence requirements).
 * `desc` is an object validated as template role_description. The headings
 * are in `lang` ("nb", "sv"; anything else, NULL included: English), the
 * language of the role scheme the page is written for.
 */
int ka_handbook_role_markdown(const char *role_name, const char *lang, const json_t *desc,
                              struct ka_buf *out);

/* "Role description" in `lang` (as above): the start of the page's title. Static. */
const char *ka_handbook_role_title(const char *lang);

/* A URL slug from a title: lower case ASCII letters, digits and '-', UTF-8 kept. */
void ka_handbook_slugify(char *out, size_t outsz, const char *title);

#endif
