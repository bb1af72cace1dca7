/*
 * The checker over a process's maps (mapver.h): the language of the names
 * a map leaves untranslated, decided for every path the same way
 * (ka_check_map_lang over the process's names and the workspace setting),
 * and the live check of a map being drawn (POST /api/check).
 */
#include <inttypes.h>
#include <string.h>

#include "kartla/mapver.h"
#include "kartla/portfolio.h"
#include "kartla/process.h"
#include "kartla/settings.h"
#include "mapver_int.h"
#include "kartla/banned.h"

/*
 * The one language process row 0 is named in, or NULL when none or several;
 * *first the first it is named in (nb, sv, en), NULL when none.
 */
static const char *process_lang(const struct ka_rows *rows, const char **first)
{
	static const struct {
		int col;
		const char *code;
	} names[] = {{KA_PROCESS_COL_NAME_NB, "nb"},
	             {KA_PROCESS_COL_NAME_SV, "sv"},
	             {KA_PROCESS_COL_NAME_EN, "en"}};
	const char *found = NULL;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct ka_val *v = ka_rows_at(rows, 0, (size_t)names[i].col);

		if (v->type != KA_VAL_TEXT || !v->s || !*v->s)
			continue;
		if (!*first)
			*first = names[i].code;
		else
			found = "";
		if (!found)
			found = names[i].code;
	}
	return found && *found ? found : NULL;
}

int ka_mapver_map_lang(struct ka_store *st, int64_t pid, enum ka_lang fallback, enum ka_lang *out,
                       struct ka_diag *diag)
{
	struct ka_settings set;
	struct ka_rows rows;
	const char *plang = NULL, *first = NULL;
	int err = 0;

	ka_rows_init(&rows);
	if (pid) {
		err = ka_process_load_rows(st, pid, &rows, diag);
		if (!err && rows.nrows != 1)
			err = ka_diag_set(diag, KA_ERR_NOT_FOUND, 0, 0, "process",
			                  "no such process %" PRId64, pid);
		if (!err)
			plang = process_lang(&rows, &first);
	}
	if (!err)
		err = ka_settings_get(&set, st, diag);
	if (!err && (unsigned)fallback >= KA_LANG__COUNT &&
	    (!first || ka_lang_parse(first, &fallback)))
		fallback = KA_LANG_EN;
	if (!err)
		*out = ka_check_map_lang(plang, set.language, fallback);
	ka_rows_release(&rows);
	return err;
}

struct lang_ctx {
	int64_t pid;
	enum ka_lang fallback, out;
};

static int lang_fn(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct lang_ctx *c = vctx;

	return ka_mapver_map_lang(st, c->pid, c->fallback, &c->out, diag);
}

int ka_mapver_check(json_t **out, struct ka_store *st, int64_t pid, const char *bpmn, size_t len,
                    enum ka_lang reader, struct ka_diag *diag)
{
	struct lang_ctx lc = {pid, reader, reader};
	struct ka_check_config cfg;
	struct ka_findings f;
	struct ka_map *map = NULL; /* owned here */
	struct ka_diag rd;
	int err;

	*out = NULL;
	if (!bpmn || !len)
		return ka_diag_set(diag, KA_ERR_INVALID, 0, 0, "bpmn", "the map is empty");
	err = mapver_read(st, lang_fn, &lc, diag);
	if (err)
		return err;
	ka_diag_init(&rd, "map.bpmn");
	err = ka_map_load(&map, NULL, bpmn, len, KA_MAPVER_BPMN_MAX, &rd);
	if (err)
		return mapver_bpmn_fail(err, &rd, diag);
	ka_check_config_init(&cfg);
	cfg.lang = reader;
	cfg.names = lc.out;
	ka_findings_init(&f);
	ka_check_run(map, &cfg, &f);
	/* The typed findings as JSON, without the file name (it is ours, not the user's). */
	*out = ka_check_findings_to_json(&f, NULL, reader);
	ka_findings_release(&f);
	ka_check_config_release(&cfg);
	ka_map_free(map);
	return 0;
}
