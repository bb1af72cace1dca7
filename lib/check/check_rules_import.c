/*
 * What the reader repaired: a map read from another tool's file (the default
 * of the CLI, the API and the editor's import) may have had dangling
 * references, duplicate ids, bytes that were not UTF-8, impossible drawing
 * sizes or vendor elements. Each repair is a finding, so it is stored with
 * the version and shown in the check panel: nothing is repaired silently.
 */
#include <string.h>

#include "check_int.h"
#include "kartla/banned.h"

/* The message variant of a reader's code (see the rule's templates below). */
static int variant_of(const char *code)
{
	if (!strcmp(code, "bpmn.dangling_ref"))
		return 0;
	if (!strcmp(code, "bpmn.duplicate_id"))
		return 1;
	if (!strncmp(code, "bpmn.bounds_", 12))
		return 3;
	return 2;
}

static void import_repair(struct ka_check_ctx *c)
{
	const struct ka_map *m = c->m;
	size_t i;

	for (i = 0; i < m->nrepairs; i++) {
		const struct ka_map_repair *r = &m->repairs[i];
		const struct ka_el *el = r->element_id ? ka_map_find(m, r->element_id) : NULL;
		struct ka_check_args a = {NULL, 0, 0, r->message};

		if (!strcmp(r->code, "bpmn.unknown_kartla_element"))
			continue; /* a newer Kartla's data, kept: not a defect of the file */
		if (!el)
			el = m->definitions;
		if (!el)
			continue;
		ka_check_report(c, el, variant_of(r->code), &a);
		if (r->line)
			c->out->v[c->out->n - 1].line = r->line;
	}
}

static const struct ka_check_rule rules[] = {
    {"import-repair",
     KA_SEV_WARNING,
     import_repair,
     {{"{Def} referred to something that is not in the file; the reference was kept aside "
       "when the map was read ({text})",
       "{Def} viste til noe som ikke finnes i fila; henvisningen ble lagt til side da kartet "
       "ble lest inn ({text})",
       "{Def} hänvisade till något som inte finns i filen; hänvisningen lades åt sidan när "
       "kartan lästes in ({text})"},
      {"{Def} had an id that another element also had; it was renamed when the map was read "
       "({text})",
       "{Def} hadde en id som et annet element også hadde; den fikk ny id da kartet ble lest "
       "inn ({text})",
       "{Def} hade ett id som ett annat element också hade; det fick nytt id när kartan "
       "lästes in ({text})"},
      {"Repaired when the map was read: {text}", "Reparert da kartet ble lest inn: {text}",
       "Reparerat när kartan lästes in: {text}"},
      {"The drawing of {def} had a missing or negative size; it was repaired when the map "
       "was read ({text})",
       "Tegningen av {def} manglet størrelse eller hadde negativ størrelse; den ble reparert "
       "da kartet ble lest inn ({text})",
       "Ritningen av {def} saknade storlek eller hade negativ storlek; den reparerades när "
       "kartan lästes in ({text})"}}},
};

const struct ka_check_table ka_check_rules_import = {rules, sizeof(rules) / sizeof(rules[0])};
