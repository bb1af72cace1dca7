/*
 * The checker's library API: the rule table (ids, messages in all three
 * languages with the same placeholders), rules files (settings and precise
 * file:line:column errors), severity overrides, languages, deterministic
 * sorting and JSON, and the verb + object heuristic per language.
 * Usage: test_check_api CASES_DIR
 */
#include <ctype.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kartla/bpmn.h"
#include "kartla/check.h"
#include "check_int.h"

static const char *cases_dir;

static struct ka_map *load_case(const char *rule, const char *file)
{
	char path[4096];
	struct ka_map *m = NULL;
	struct ka_diag d;

	snprintf(path, sizeof(path), "%s/%s/%s", cases_dir, rule, file);
	ka_diag_init(&d, path);
	assert_int_equal(ka_bpmn_read_file(&m, strdup(path), NULL, &d), 0);
	return m;
}

static void free_case(struct ka_map *m)
{
	free((char *)m->file);
	ka_map_free(m);
}

static size_t count_rule(const struct ka_findings *f, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += !strcmp(f->v[i].rule, rule);
	return n;
}

/* ---- the rule table --------------------------------------------------- */

/* The sorted set of {placeholders} of a template, as one string. */
static void placeholders(const char *t, char *out, size_t outsz)
{
	char names[16][16];
	size_t n = 0, i, j;

	out[0] = 0;
	for (; (t = strchr(t, '{')); t++) {
		const char *e = strchr(t, '}');

		assert_non_null(e);
		assert_true(e - t - 1 < 16 && n < 16);
		memcpy(names[n], t + 1, (size_t)(e - t - 1));
		names[n][e - t - 1] = 0;
		for (j = 0; j < n && strcmp(names[j], names[n]); j++)
			;
		if (j == n)
			n++;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char tmp[16];

				memcpy(tmp, names[i], 16);
				memcpy(names[i], names[j], 16);
				memcpy(names[j], tmp, 16);
			}
	for (i = 0; i < n; i++) {
		strncat(out, names[i], outsz - strlen(out) - 1);
		strncat(out, " ", outsz - strlen(out) - 1);
	}
}

static void rule_table(void **state)
{
	size_t i, j, n = ka_check_rule_count();
	static const char *const known[] = {"Def",     "def", "kind", "name", "ref",
	                                    "refkind", "n",   "max",  "text", NULL};

	(void)state;
	assert_true(n >= 30);
	for (i = 0; i < n; i++) {
		const struct ka_check_rule *r = ka_check_rule_at(i);
		const char *p;
		int v;

		assert_non_null(r);
		assert_string_equal(ka_check_rule_id(i), r->id);
		assert_int_equal(ka_check_rule_find(r->id), (long)i);
		assert_true(r->severity >= KA_SEV_INFO && r->severity <= KA_SEV_ERROR);
		/* kebab-case: lower-case words joined by single hyphens */
		assert_true(islower((unsigned char)r->id[0]));
		for (p = r->id; *p; p++)
			assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			            (*p == '-' && p[1] && p[1] != '-'));
		for (j = 0; j < i; j++)
			assert_string_not_equal(r->id, ka_check_rule_id(j));
		assert_non_null(r->msg[0][KA_LANG_EN]);
		for (v = 0; v < KA_CHECK_VARIANTS; v++) {
			char en[256], other[256];
			const char *t;
			int l;

			if (!r->msg[v][KA_LANG_EN])
				continue;
			placeholders(r->msg[v][KA_LANG_EN], en, sizeof(en));
			for (l = 0; l < KA_LANG__COUNT; l++) {
				assert_non_null(r->msg[v][l]);
				placeholders(r->msg[v][l], other, sizeof(other));
				if (strcmp(en, other))
					fail_msg(
					    "%s variant %d (%s): placeholders '%s' vs English '%s'",
					    r->id, v, ka_lang_code((enum ka_lang)l), other, en);
			}
			for (t = r->msg[v][KA_LANG_EN]; (t = strchr(t, '{')); t++) {
				size_t k, len = (size_t)(strchr(t, '}') - t - 1);

				for (k = 0; known[k]; k++)
					if (strlen(known[k]) == len &&
					    !strncmp(known[k], t + 1, len))
						break;
				if (!known[k])
					fail_msg("%s: unknown placeholder in '%s'", r->id, t);
			}
		}
	}
	assert_int_equal(ka_check_rule_find("no-such-rule"), -1);
	assert_null(ka_check_rule_id(n));
}

static void names_and_codes(void **state)
{
	enum ka_severity s;
	enum ka_lang l;

	(void)state;
	assert_int_equal(ka_severity_parse("warning", &s), 0);
	assert_int_equal(s, KA_SEV_WARNING);
	assert_int_equal(ka_severity_parse("off", &s), 0);
	assert_int_equal(s, KA_SEV_OFF);
	assert_int_equal(ka_severity_parse("Error", &s), KA_ERR_USAGE);
	assert_int_equal(ka_severity_parse("", &s), KA_ERR_USAGE);
	assert_string_equal(ka_severity_name(KA_SEV_ERROR), "error");
	assert_string_equal(ka_severity_name(KA_SEV_INFO), "info");
	assert_int_equal(ka_lang_parse("sv", &l), 0);
	assert_int_equal(l, KA_LANG_SV);
	assert_int_equal(ka_lang_parse("no", &l), KA_ERR_USAGE);
	assert_string_equal(ka_lang_code(KA_LANG_NB), "nb");
}

/* ---- rules files -------------------------------------------------------- */

static int parse(struct ka_check_config *cfg, const char *text, struct ka_diag *d)
{
	ka_diag_init(d, NULL);
	return ka_check_config_parse(cfg, text, strlen(text), "rules.txt", d);
}

static void rules_file_settings(void **state)
{
	struct ka_check_config cfg;
	struct ka_diag d;
	size_t i, n = ka_check_rule_count();
	long dead = ka_check_rule_find("dead-end"), label = ka_check_rule_find("label-required");

	(void)state;
	ka_check_config_init(&cfg);
	assert_int_equal(cfg.nrules, n);
	for (i = 0; i < n; i++)
		assert_int_equal(ka_check_config_severity(&cfg, i), ka_check_rule_default(i));
	assert_int_equal(parse(&cfg,
	                       "\xEF\xBB\xBF# house rules\r\n"
	                       "\n"
	                       "   dead-end = off   # we allow endless loops\r\n"
	                       "label-required: error\n"
	                       "\t\n",
	                       &d),
	                 0);
	assert_int_equal(ka_check_config_severity(&cfg, (size_t)dead), KA_SEV_OFF);
	assert_int_equal(ka_check_config_severity(&cfg, (size_t)label), KA_SEV_ERROR);
	assert_int_equal(ka_check_config_severity(&cfg, 0), ka_check_rule_default(0));
	ka_check_config_release(&cfg);

	ka_check_config_init(&cfg);
	assert_int_equal(parse(&cfg, "* = off\nunreachable = warning\n", &d), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(ka_check_config_severity(&cfg, i),
		                 !strcmp(ka_check_rule_id(i), "unreachable") ? KA_SEV_WARNING
		                                                             : KA_SEV_OFF);
	assert_int_equal(ka_check_config_set(&cfg, "dead-end", KA_SEV_INFO), 0);
	assert_int_equal(ka_check_config_severity(&cfg, (size_t)dead), KA_SEV_INFO);
	assert_int_equal(ka_check_config_set(&cfg, "dead-ends", KA_SEV_INFO), KA_ERR_NOT_FOUND);
	ka_check_config_release(&cfg);
}

struct bad_case {
	const char *text;
	unsigned long line, column;
	const char *message_part;
};

static void rules_file_errors(void **state)
{
	static const struct bad_case cases[] = {
	    {"dead-end = off\nlabel-requird = off\n", 2, 1,
	     "unknown rule 'label-requird': did you mean 'label-required'?"},
	    {"dead-end = sometimes\n", 1, 12,
	     "unknown severity 'sometimes' for 'dead-end': use off, info, warning or error"},
	    {"# ok\ndead-end off\n", 2, 10, "expected '=' after the rule id 'dead-end'"},
	    {"dead-end =\n", 1, 11, "expected a severity for 'dead-end'"},
	    {"  = error\n", 1, 3, "expected a rule id at the start of the line"},
	    {"dead-end = off warning\n", 1, 16, "unexpected text after the severity"},
	    {"dead-end = off\n\ndead-end = error\n", 3, 1,
	     "rule 'dead-end' is already set at line 1"},
	    {"zzzzzzzzzzzz = off\n", 1, 1, "unknown rule 'zzzzzzzzzzzz' (the rule ids"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ka_check_config cfg;
		struct ka_diag d;
		char msg[1024];

		ka_check_config_init(&cfg);
		assert_int_equal(parse(&cfg, cases[i].text, &d), KA_ERR_USAGE);
		ka_diag_format(&d, msg, sizeof(msg));
		if (d.line != cases[i].line || d.column != cases[i].column ||
		    !strstr(d.message, cases[i].message_part) || strncmp(msg, "rules.txt:", 10))
			fail_msg("case %zu: got '%s' (line %lu col %lu)", i, msg, d.line, d.column);
		ka_check_config_release(&cfg);
	}
	{
		struct ka_check_config cfg;
		struct ka_diag d;
		static const char nul[] = "dead-end = off\nx\0y = off\n";

		ka_check_config_init(&cfg);
		ka_diag_init(&d, NULL);
		assert_int_equal(ka_check_config_parse(&cfg, nul, sizeof(nul) - 1, "r", &d),
		                 KA_ERR_USAGE);
		assert_int_equal(d.line, 2);
		assert_non_null(strstr(d.message, "NUL"));
		assert_int_equal(ka_check_config_load(&cfg, "/nonexistent/rules.txt", &d),
		                 KA_ERR_IO);
		assert_string_equal(d.file, "/nonexistent/rules.txt");
		ka_check_config_release(&cfg);
	}
}

/* ---- running ---------------------------------------------------------- */

static void severity_override(void **state)
{
	struct ka_map *m = load_case("no-disconnected", "fail.bpmn");
	struct ka_check_config cfg;
	struct ka_findings f;

	(void)state;
	ka_check_config_init(&cfg);
	ka_findings_init(&f);
	ka_check_run(m, &cfg, &f);
	assert_int_equal(count_rule(&f, "no-disconnected"), 1);
	assert_int_equal(f.counts[KA_SEV_ERROR], 1);
	ka_findings_release(&f);

	assert_int_equal(ka_check_config_set(&cfg, "no-disconnected", KA_SEV_INFO), 0);
	ka_check_run(m, &cfg, &f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].severity, KA_SEV_INFO);
	assert_int_equal(f.counts[KA_SEV_ERROR], 0);
	assert_int_equal(f.counts[KA_SEV_INFO], 1);
	ka_findings_release(&f);

	assert_int_equal(ka_check_config_set(&cfg, "no-disconnected", KA_SEV_OFF), 0);
	ka_check_run(m, &cfg, &f);
	assert_int_equal(f.n, 0);
	ka_findings_release(&f);
	ka_check_config_release(&cfg);
	free_case(m);
}

static void finding_fields_and_languages(void **state)
{
	static const char *const expect[KA_LANG__COUNT] = {"The process has no start event",
	                                                   "Prosessen mangler starthendelse",
	                                                   "Processen saknar starthändelse"};
	struct ka_map *m = load_case("start-event-required", "fail.bpmn");
	int l;

	(void)state;
	for (l = 0; l < KA_LANG__COUNT; l++) {
		struct ka_check_config cfg;
		struct ka_findings f;

		ka_check_config_init(&cfg);
		cfg.lang = (enum ka_lang)l;
		/* the English names are no verbs in Norwegian or Swedish */
		assert_int_equal(ka_check_config_set(&cfg, "activity-verb-object", KA_SEV_OFF), 0);
		ka_findings_init(&f);
		ka_check_run(m, &cfg, &f);
		assert_int_equal(f.n, 1);
		assert_string_equal(f.v[0].rule, "start-event-required");
		assert_int_equal(f.v[0].severity, KA_SEV_ERROR);
		assert_string_equal(f.v[0].element_id, "Process_1");
		assert_string_equal(f.v[0].element_name, "");
		assert_int_equal(f.v[0].line, 4);
		assert_ptr_equal(f.v[0].el, ka_map_find(m, "Process_1"));
		if (strncmp(f.v[0].message, expect[l], strlen(expect[l])))
			fail_msg("%s: '%s'", ka_lang_code((enum ka_lang)l), f.v[0].message);
		ka_findings_release(&f);
		ka_check_config_release(&cfg);
	}
	free_case(m);
}

static void summary(void **state)
{
	struct ka_findings f;
	struct ka_buf b;

	(void)state;
	ka_findings_init(&f);
	f.counts[KA_SEV_ERROR] = 1;
	f.counts[KA_SEV_WARNING] = 2;
	ka_buf_init(&b, 0);
	ka_findings_summary(&f, KA_LANG_EN, &b);
	assert_string_equal(b.data, "1 error, 2 warnings, 0 notes");
	ka_buf_reset(&b);
	ka_findings_summary(&f, KA_LANG_NB, &b);
	assert_string_equal(b.data, "1 feil, 2 advarsler, 0 merknader");
	ka_buf_reset(&b);
	f.counts[KA_SEV_WARNING] = 1;
	ka_findings_summary(&f, KA_LANG_SV, &b);
	assert_string_equal(b.data, "1 fel, 1 varning, 0 noteringar");
	ka_buf_release(&b);
}

/* Sorted by element document order, then rule id; same map, same bytes. */
static void order_and_json(void **state)
{
	struct ka_map *m = load_case("sequence-flow-crossing-sub-process", "fail.bpmn");
	struct ka_findings f, g;
	struct ka_buf a, b;
	json_t *j, *arr;
	json_error_t err;
	size_t i;

	(void)state;
	ka_findings_init(&f);
	ka_findings_init(&g);
	ka_check_run(m, NULL, &f);
	ka_check_run(m, NULL, &g);
	assert_true(f.n >= 3);
	for (i = 1; i < f.n; i++) {
		const struct ka_finding *x = &f.v[i - 1], *y = &f.v[i];

		assert_true(x->el->index < y->el->index ||
		            (x->el->index == y->el->index && strcmp(x->rule, y->rule) <= 0));
	}
	ka_buf_init(&a, 0);
	ka_buf_init(&b, 0);
	assert_int_equal(ka_findings_write_json(&f, "x.bpmn", KA_LANG_EN, &a), 0);
	assert_int_equal(ka_findings_write_json(&g, "x.bpmn", KA_LANG_EN, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	j = json_loads(a.data, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "file")), "x.bpmn");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "counts"), "error")),
	                 (json_int_t)f.counts[KA_SEV_ERROR]);
	arr = json_object_get(j, "findings");
	assert_int_equal(json_array_size(arr), f.n);
	for (i = 0; i < f.n; i++) {
		json_t *o = json_array_get(arr, i);

		assert_string_equal(json_string_value(json_object_get(o, "rule")), f.v[i].rule);
		assert_string_equal(json_string_value(json_object_get(o, "element")),
		                    f.v[i].element_id);
		assert_string_equal(json_string_value(json_object_get(o, "message")),
		                    f.v[i].message);
		assert_int_equal(json_integer_value(json_object_get(o, "line")), f.v[i].line);
	}
	json_decref(j);
	ka_buf_release(&a);
	ka_buf_release(&b);
	ka_findings_release(&f);
	ka_findings_release(&g);
	free_case(m);
}

/* ---- verb + object ---------------------------------------------------- */

struct naming_case {
	enum ka_lang lang;
	const char *name;
	enum ka_check_naming expect;
};

static void verb_object(void **state)
{
	static const struct naming_case cases[] = {
	    {KA_LANG_EN, "Register application", KA_NAMING_OK},
	    {KA_LANG_EN, "register   the\napplication", KA_NAMING_OK},
	    {KA_LANG_EN, "Application registration", KA_NAMING_NO_VERB},
	    {KA_LANG_EN, "Vacation approval", KA_NAMING_NO_VERB},
	    {KA_LANG_EN, "Register", KA_NAMING_NO_OBJECT},
	    {KA_LANG_EN, "Follow up case", KA_NAMING_OK},
	    {KA_LANG_EN, "Follow up", KA_NAMING_NO_OBJECT},
	    {KA_LANG_EN, "Manually approve vacation", KA_NAMING_OK},
	    {KA_LANG_EN, "1.2 Send invoice", KA_NAMING_OK},
	    {KA_LANG_EN, "Prioritize requests", KA_NAMING_OK},
	    {KA_LANG_EN, "Task 1", KA_NAMING_NO_VERB},
	    {KA_LANG_EN, "12", KA_NAMING_OK},
	    {KA_LANG_NB, "Registrere søknad", KA_NAMING_OK},
	    {KA_LANG_NB, "Ta imot søknad", KA_NAMING_OK},
	    {KA_LANG_NB, "Følge opp saken", KA_NAMING_OK},
	    {KA_LANG_NB, "Åpne sak", KA_NAMING_OK},
	    {KA_LANG_NB, "Journalføre vedtak", KA_NAMING_OK},
	    {KA_LANG_NB, "Saksbehandle klage", KA_NAMING_OK},
	    {KA_LANG_NB, "Sammenstille tilbud", KA_NAMING_OK}, /* -e infinitive, not listed */
	    {KA_LANG_NB, "Søknad registreres", KA_NAMING_NO_VERB},
	    {KA_LANG_NB, "Registrering av søknad", KA_NAMING_NO_VERB},
	    {KA_LANG_NB, "Kunde sender søknad", KA_NAMING_NO_VERB},
	    {KA_LANG_NB, "Vurdere", KA_NAMING_NO_OBJECT},
	    {KA_LANG_SV, "Ta emot ansökan", KA_NAMING_OK},
	    {KA_LANG_SV, "Registrera ärende", KA_NAMING_OK},
	    {KA_LANG_SV, "Bedöma ansökan", KA_NAMING_OK},
	    {KA_LANG_SV, "Överlämna ärende", KA_NAMING_OK}, /* upper-case Ö, -a infinitive */
	    {KA_LANG_SV, "Ansökan registreras", KA_NAMING_NO_VERB},
	    {KA_LANG_SV, "Faktura skickas", KA_NAMING_NO_VERB},
	    {KA_LANG_SV, "Kontroll av underlag", KA_NAMING_NO_VERB},
	    {KA_LANG_SV, "Registrering av ärende", KA_NAMING_NO_VERB},
	    {KA_LANG_SV, "Godkänna", KA_NAMING_NO_OBJECT},
	    {KA_LANG_SV, "Följa upp", KA_NAMING_NO_OBJECT},
	    /* imperatives from the dictionaries' conjugations (issue 11 §3) */
	    {KA_LANG_SV, "Begär komplettering", KA_NAMING_OK},
	    {KA_LANG_SV, "Bedöm risk", KA_NAMING_OK},
	    {KA_LANG_SV, "Granska beslutsunderlag", KA_NAMING_OK},
	    {KA_LANG_SV, "Kundförfrågan", KA_NAMING_NO_VERB},
	    {KA_LANG_SV, "Beslut om bidrag", KA_NAMING_NO_VERB},
	    {KA_LANG_NB, "Vurder søknad", KA_NAMING_OK},
	    {KA_LANG_NB, "Send vedtak", KA_NAMING_OK},
	    {KA_LANG_NB, "Søknadsbehandling", KA_NAMING_NO_VERB},
	    {KA_LANG_NB, "Vurder", KA_NAMING_NO_OBJECT},
	    {KA_LANG_EN, "Review application", KA_NAMING_OK},
	    {KA_LANG_EN, "Summarise findings", KA_NAMING_OK}, /* en_GB spelling */
	    {KA_LANG_EN, "Customer inquiry", KA_NAMING_NO_VERB},
	    {KA_LANG_EN, "Order processing", KA_NAMING_NO_VERB},
	    {KA_LANG_EN, "Invoice received", KA_NAMING_NO_VERB},
	    {KA_LANG_EN, "Order supplies", KA_NAMING_OK},
	    {KA_LANG_EN, "Reply to customer", KA_NAMING_OK}, /* -ly, but a verb */
	    /* a Swedish name is no English verb, and the other way round */
	    {KA_LANG_EN, "Granska beslutsunderlag", KA_NAMING_NO_VERB},
	    {KA_LANG_SV, "Review application", KA_NAMING_NO_VERB},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum ka_check_naming got = ka_check_verb_object(cases[i].lang, cases[i].name);

		if (got != cases[i].expect)
			fail_msg("%s '%s': got %d, expected %d", ka_lang_code(cases[i].lang),
			         cases[i].name, got, cases[i].expect);
	}
}

static void map_lang(void **state)
{
	(void)state;
	assert_int_equal(ka_check_map_lang("sv", "nb", KA_LANG_EN), KA_LANG_SV);
	assert_int_equal(ka_check_map_lang(NULL, "nb", KA_LANG_EN), KA_LANG_NB);
	assert_int_equal(ka_check_map_lang(NULL, "", KA_LANG_SV), KA_LANG_SV);
	assert_int_equal(ka_check_map_lang("xx", NULL, KA_LANG_NB), KA_LANG_NB);
	assert_int_equal(ka_check_map_lang(NULL, NULL, KA_LANG__COUNT), KA_LANG_EN);
}

static void translation_lang(void **state)
{
	enum ka_lang l = KA_LANG_EN;

	(void)state;
	assert_int_equal(ka_check_translation_lang("nb-NO", &l), 0);
	assert_int_equal(l, KA_LANG_NB);
	assert_int_equal(ka_check_translation_lang("no", &l), 0);
	assert_int_equal(l, KA_LANG_NB);
	assert_int_equal(ka_check_translation_lang("SV", &l), 0);
	assert_int_equal(l, KA_LANG_SV);
	assert_int_equal(ka_check_translation_lang("en_GB", &l), 0);
	assert_int_equal(l, KA_LANG_EN);
	assert_int_equal(ka_check_translation_lang("nn", &l), -1);
	assert_int_equal(ka_check_translation_lang("e", &l), -1);
	assert_int_equal(ka_check_translation_lang("", &l), -1);
	assert_int_equal(ka_check_translation_lang("svx", &l), -1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rule_table),
	    cmocka_unit_test(names_and_codes),
	    cmocka_unit_test(rules_file_settings),
	    cmocka_unit_test(rules_file_errors),
	    cmocka_unit_test(severity_override),
	    cmocka_unit_test(finding_fields_and_languages),
	    cmocka_unit_test(summary),
	    cmocka_unit_test(order_and_json),
	    cmocka_unit_test(verb_object),
	    cmocka_unit_test(map_lang),
	    cmocka_unit_test(translation_lang),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_check_api CASES_DIR\n");
		return 2;
	}
	cases_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
