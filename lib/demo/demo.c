/*
 * The demo workspace that `kartla serve` seeds into a new database: a
 * Norwegian university (Universitetet i Nordby) and a Swedish municipality
 * (Norrby kommun), written straight into the tables of schema.c in one
 * transaction. Texts are bokmål, Swedish and English as the users would
 * write them; maps are the two example maps (embedded) and generated lane maps.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "kartla/date.h"
#include "kartla/demo.h"
#include "kartla/handbook.h"
#include "kartla/org.h"
#include "kartla/banned.h"

extern const unsigned char demo_worked_example_bpmn[];
extern const unsigned char demo_building_permit_bpmn[];

#define MIN  60.0
#define HOUR 3600.0
#define DAY  86400.0

static const struct ka_demo_login logins[] = {
    {"eier", "Kari Nordmann", "prosesseier, utdanning (universitetet)"},
    {"ansvarlig", "Ola Hansen", "prosessansvarlig, studentklager og opptak"},
    {"radgiver", "Ingrid Berg", "prosessrådgiver, Det humanistiske fakultet"},
    {"agare", "Anna Lindqvist", "processägare, bygglov och leverantörsfakturor (kommunen)"},
    {"ledare", "Erik Johansson", "processledare, bygglov"},
    {"handledare", "Maria Svensson", "processhandledare (sees the method handbook)"},
    {"reader", "Sam Taylor", "reader, no role"},
};

const struct ka_demo_login *ka_demo_logins(size_t *n)
{
	*n = sizeof(logins) / sizeof(logins[0]);
	return logins;
}

struct ctx {
	const char *hash;
	char today[11], past[11], soon[11], overdue[11], year_ago[11];
};

/* Runs an INSERT ... RETURNING id (or any statement when id is NULL). */
static int ins(struct ka_store *st, int64_t *id, const char *sql, const struct ka_val *p, size_t n,
               struct ka_diag *diag)
{
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st, sql, p, n, &r, diag);
	if (!err && id)
		*id = r.nrows && r.vals[0].type == KA_VAL_INT ? r.vals[0].i : 0;
	ka_rows_release(&r);
	return err;
}

#define P(...) ((const struct ka_val[]){__VA_ARGS__})
#define N(...) (sizeof((const struct ka_val[]){__VA_ARGS__}) / sizeof(struct ka_val))
#define INS0(id, sql)                                                                              \
	do {                                                                                       \
		if ((err = ins(st, id, sql, NULL, 0, diag)))                                       \
			goto out;                                                                  \
	} while (0)
#define INS(id, sql, ...)                                                                          \
	do {                                                                                       \
		if ((err = ins(st, id, sql, P(__VA_ARGS__), N(__VA_ARGS__), diag)))                \
			goto out;                                                                  \
	} while (0)

static int64_t user(struct ka_store *st, const struct ctx *c, size_t i, struct ka_diag *diag,
                    int *errp)
{
	int64_t id = 0;

	*errp =
	    ins(st, &id,
	        "INSERT INTO users (login, display_name, email, password_hash)"
	        " VALUES (?, ?, ?, ?) RETURNING id",
	        P(ka_text(logins[i].login), ka_text(logins[i].name), ka_null(), ka_text(c->hash)),
	        4, diag);
	return id;
}

static int64_t person(struct ka_store *st, const char *name, const char *email, const char *title,
                      int64_t unit, int64_t user_id, struct ka_diag *diag, int *errp)
{
	int64_t id = 0;

	*errp = ins(st, &id,
	            "INSERT INTO people (name, email, title, unit_id, user_id)"
	            " VALUES (?, ?, ?, ?, ?) RETURNING id",
	            P(ka_text(name), ka_text(email), ka_text(title),
	              unit ? ka_int(unit) : ka_null(), user_id ? ka_int(user_id) : ka_null()),
	            5, diag);
	return id;
}

static int64_t process(struct ka_store *st, int64_t parent, const char *outline, const char *type,
                       const char *nb, const char *sv, const char *en, const char *status,
                       const char *next_review, const char *spec, struct ka_diag *diag, int *errp)
{
	int64_t id = 0;

	*errp = ins(st, &id,
	            "INSERT INTO processes (parent_id, outline, type, name_nb, name_sv, name_en,"
	            " status, review_interval_days, next_review_date, specification)"
	            " VALUES (?, ?, ?, ?, ?, ?, ?, 365, ?, ?) RETURNING id",
	            P(parent ? ka_int(parent) : ka_null(), ka_text(outline), ka_text(type),
	              ka_text(nb), ka_text(sv), ka_text(en), ka_text(status), ka_text(next_review),
	              ka_text(spec ? spec : "{}")),
	            9, diag);
	return id;
}

static int64_t map_version(struct ka_store *st, int64_t process_id, int number, const char *state,
                           const char *bpmn, int64_t author, struct ka_diag *diag, int *errp)
{
	int64_t id = 0;

	*errp = ins(st, &id,
	            "INSERT INTO map_versions (process_id, variant, number, state, bpmn, author_id,"
	            " submitted_at, decided_at)"
	            " VALUES (?, 'as_is', ?, ?, ?, ?,"
	            " CASE WHEN ? <> 'draft' THEN '2026-01-15T10:00:00Z' END,"
	            " CASE WHEN ? IN ('approved', 'superseded') THEN '2026-01-20T09:00:00Z' END)"
	            " RETURNING id",
	            P(ka_int(process_id), ka_int(number), ka_text(state), ka_text(bpmn),
	              author ? ka_int(author) : ka_null(), ka_text(state), ka_text(state)),
	            7, diag);
	if (!*errp)
		*errp = ka_demo_index_map(st, id, bpmn, diag);
	return id;
}

static int64_t role(struct ka_store *st, int64_t scheme, const char *key, const char *nb,
                    const char *sv, const char *en, const char *level, const char *kind,
                    int64_t page, int sort, struct ka_diag *diag, int *errp)
{
	int64_t id = 0;

	*errp =
	    ins(st, &id,
	        "INSERT INTO roles (scheme_id, key, name_nb, name_sv, name_en, level, kind,"
	        " description_page_id, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	        P(ka_int(scheme), ka_text(key), ka_text(nb), ka_text(sv), ka_text(en),
	          ka_text(level), ka_text(kind), page ? ka_int(page) : ka_null(), ka_int(sort)),
	        9, diag);
	return id;
}

static int64_t page(struct ka_store *st, int64_t parent, const char *slug, const char *title,
                    const char *md, const char *vis, struct ka_diag *diag, int *errp)
{
	int64_t id = 0;

	*errp = ins(st, &id,
	            "INSERT INTO handbook_pages (parent_id, slug, title, markdown, visibility)"
	            " VALUES (?, ?, ?, ?, ?) RETURNING id",
	            P(parent ? ka_int(parent) : ka_null(), ka_text(slug), ka_text(title),
	              ka_text(md), ka_text(vis)),
	            5, diag);
	return id;
}

static int assign(struct ka_store *st, int64_t person_id, int64_t role_id, int64_t process_id,
                  int64_t unit_id, const char *from, const char *mandate, struct ka_diag *diag)
{
	const char *scope = process_id ? "process" : unit_id ? "unit" : "organisation";

	return ins(st, NULL,
	           "INSERT INTO role_assignments (person_id, role_id, scope, process_id, unit_id,"
	           " from_date, mandate_source) VALUES (?, ?, ?, ?, ?, ?, ?)",
	           P(ka_int(person_id), ka_int(role_id), ka_text(scope),
	             process_id ? ka_int(process_id) : ka_null(),
	             unit_id ? ka_int(unit_id) : ka_null(), ka_text(from), ka_text(mandate)),
	           7, diag);
}

/* The fixed outline's fields, in its order (a struct: clang warns about
 * concatenated literals in arrays of strings). */
struct role_desc {
	struct {
		const char *summary, *mandate_source, *mandate_and_tasks, *local_responsibility,
		    *partners, *arenas_and_meetings, *competence_requirements;
	} f;
};

/*
 * A role description in the fixed outline, stored as the organisation API
 * stores one: the structured fields as a role_description form keyed by
 * the role, and the page's Markdown made from them.
 */
static int describe_role(struct ka_store *st, int64_t role_id, int64_t page_id, const char *name,
                         const struct role_desc *rd, struct ka_diag *diag)
{
	static const char *const keys[7] = {
	    "summary",  "mandate_source",      "mandate_and_tasks",      "local_responsibility",
	    "partners", "arenas_and_meetings", "competence_requirements"};
	json_t *desc = json_object();
	struct ka_buf md;
	char title[32], *body;
	size_t i;
	int err;

	const char *const fields[7] = {rd->f.summary,
	                               rd->f.mandate_source,
	                               rd->f.mandate_and_tasks,
	                               rd->f.local_responsibility,
	                               rd->f.partners,
	                               rd->f.arenas_and_meetings,
	                               rd->f.competence_requirements};

	for (i = 0; i < 7; i++)
		json_object_set_new(desc, keys[i], json_string(fields[i]));
	ka_buf_init(&md, KA_BUF_UNLIMITED);
	err = ka_handbook_role_markdown(name, desc, &md);
	body = json_dumps(desc, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(title, sizeof(title), "role:%" PRId64, role_id);
	if (!err)
		err = ins(st, NULL, "UPDATE handbook_pages SET markdown = ? WHERE id = ?",
		          P(ka_text(md.data), ka_int(page_id)), 2, diag);
	if (!err)
		err = ins(st, NULL,
		          "INSERT INTO forms (template, title, body, status)"
		          " VALUES ('role_description', ?, ?, 'approved')",
		          P(ka_text(title), ka_text(body)), 2, diag);
	free(body);
	json_decref(desc);
	ka_buf_release(&md);
	return err;
}

static const struct role_desc desc_owner = {
    {"Prosesseier svarer for prosessen fra ende til ende.",
     "Delegasjonsreglementet: rektor delegerer hvert funksjonsområde til en direktør.",
     "Svarer for innhold, rammer, etterlevelse og internkontroll; godkjenner og beslutter"
     " endringer som prosessansvarlig foreslår; sørger for opplæring i vedtatte endringer.",
     "Delegerer prosessansvaret og følger opp at prosessen virker ved alle enheter.",
     "Prosessansvarlig, fakultetsledelsen, tjenesteeiere for fagsystemene.",
     "Årlig gjennomgang av prosessen; styringsmøter med prosessansvarlig hvert kvartal.",
     "Ledererfaring; kjennskap til prosessmodellen og internkontroll."}};

static const struct role_desc desc_resp = {
    {"Prosessansvarlig er ekspert på prosessen fra ende til ende.", "Delegert fra prosesseier.",
     "Følger opp mål og etterlevelse, evaluerer, forbereder endringsforslag og koordinerer"
     " nettverket av prosessrådgivere.",
     "Bistår enhetene med opplæring av rollene i prosessen.",
     "Prosesseier, prosessrådgivere, andre prosessansvarlige i prosessansvarlig-teamet.",
     "Prosessnettverket (to ganger per semester); teamet av prosessansvarlige.",
     "God kjennskap til regelverket; gjennomført samlingene for nye prosessansvarlige."}};

static const struct role_desc desc_facilitator = {
    {"Processhandledaren är metodexpert och oberoende av enskilda processer.",
     "Utsedd av modellansvarig enligt kommunstyrelsens beslut.",
     "Hjälper ägare och ledare att planera, genomföra, analysera och dokumentera"
     " kartläggningar; leder workshoppar; gör riskanalyser och ledtidsanalyser på kartorna.",
     "Kartlägger aktivt processer i den egna förvaltningen.",
     "Processägare, processledare, modellansvarig.", "Processhandledarnätverket sex gånger per år.",
     "Metodutbildning, dokumentationsutbildning och kursen i riskanalysmetoden."}};

#define CHK(x)                                                                                     \
	do {                                                                                       \
		x;                                                                                 \
		if (err)                                                                           \
			goto out;                                                                  \
	} while (0)

/* Specifications with the fields and types ka_spec_validate() accepts (portfolio_process.c). */
static const char spec_complaints[] =
    "{\"purpose\":\"Sikre at klager fra studenter behandles forsvarlig, likt og innen fristen"
    " i universitets- og høyskoleloven.\","
    "\"customer\":\"Studenter som klager på vedtak eller forhold ved studiet\","
    "\"customer_needs\":\"Rask, begrunnet og rettferdig behandling av klagen\","
    "\"trigger\":\"Begynner når en klage fra en student kommer inn\","
    "\"result\":\"Slutter når studenten har fått svar og saken er arkivert\","
    "\"scope\":\"Klager på vedtak om opptak, eksamen og tilrettelegging\","
    "\"out_of_scope\":\"Varsling og klager fra ansatte\","
    "\"inputs\":[\"Klage med vedlegg\"],\"outputs\":[\"Vedtak i klagesaken\"],"
    "\"governing_documents\":[\"Universitets- og høyskoleloven\",\"Forvaltningsloven\"],"
    "\"systems\":[\"ePhorte (sak og arkiv)\",\"FS (Felles studentsystem)\"],"
    "\"indicators\":[{\"name\":\"Andel klager behandlet innen tre uker\",\"target\":\"90 %\","
    "\"frequency\":\"Hvert semester\",\"status\":\"yellow\"}],"
    "\"risks\":[\"Fristoversittelse\",\"Feil i begrunnelse\"]}";

static const char spec_admission[] =
    "{\"purpose\":\"Ta opp kvalifiserte søkere til studieprogrammene etter forskriften.\","
    "\"customer\":\"Søkere til studier\",\"trigger\":\"Begynner når søknadsfristen går ut\","
    "\"result\":\"Slutter når søkerne har fått svar på søknaden om opptak\","
    "\"governing_documents\":[\"Forskrift om opptak til høgre utdanning\"],"
    "\"systems\":[\"FS\",\"Søknadsweb\"]}";

static const char spec_invoices[] = "{\"purpose\":\"Betala leverantörsfakturor rätt och i tid.\","
                                    "\"customer\":\"Leverantörer och attesterande chefer\","
                                    "\"trigger\":\"Börjar när en leverantörsfaktura kommer in\","
                                    "\"result\":\"Slutar när fakturan är betald och bokförd\","
                                    "\"systems\":[\"Ekonomisystemet\",\"E-fakturaportalen\"],"
                                    "\"risks\":[\"Dubbelbetalning\",\"Fakturabedrägeri\"]}";

static const char spec_permit[] =
    "{\"purpose\":\"Pröva ansökningar om bygglov enligt plan- och bygglagen.\","
    "\"customer\":\"Sökande (byggherrar) och grannar\","
    "\"trigger\":\"Börjar när en ansökan om bygglov kommer in\","
    "\"result\":\"Slutar när beslutet har delgetts sökanden\","
    "\"governing_documents\":[\"Plan- och bygglagen (PBL)\"],"
    "\"systems\":[\"Ärendehanteringssystemet\"]}";

static const char *const lanes_complaints[] = {"Saksbehandler", "Klagenemnda", "Studieleder"};
static const struct ka_demo_step steps_complaints[] = {
    {"Register complaint", 0, 15 * MIN, 1 * DAY, "Registrere klage", "Registrera klagomål"},
    {"Assess complaint", 0, 2 * HOUR, 5 * DAY, "Vurdere klagen", "Bedöma klagomålet"},
    {"Request statement", 2, 45 * MIN, 7 * DAY, "Innhente uttalelse", "Begära yttrande"},
    {"Decide complaint in appeals board", 1, 1 * HOUR, 14 * DAY, "Behandle klagen i klagenemnda",
     "Pröva klagomålet i överklagandenämnden"},
    {"Send answer to student", 0, 20 * MIN, 1 * DAY, "Sende svar til studenten",
     "Skicka svar till studenten"},
};

static const char *const lanes_admission[] = {"Opptakskontoret", "Fagmiljøet"};
static const struct ka_demo_step steps_admission[] = {
    {"Check documentation", 0, 20 * MIN, 3 * DAY, "Kontrollere dokumentasjon",
     "Kontrollera dokumentation"},
    {"Assess prior learning", 1, 90 * MIN, 10 * DAY, "Vurdere realkompetanse",
     "Bedöma reell kompetens"},
    {"Select applicants", 0, 5 * MIN, 2 * DAY, "Rangere søkere", "Rangordna sökande"},
    {"Send offer of admission", 0, 5 * MIN, 1 * DAY, "Sende tilbud om studieplass",
     "Skicka antagningsbesked"},
};
/* The submitted new version: documentation is checked digitally, ranking is automatic. */
static const struct ka_demo_step steps_admission2[] = {
    {"Check documentation digitally", 0, 10 * MIN, 1 * DAY, "Kontrollere dokumentasjon digitalt",
     "Kontrollera dokumentation digitalt"},
    {"Assess prior learning", 1, 90 * MIN, 7 * DAY, "Vurdere realkompetanse",
     "Bedöma reell kompetens"},
    {"Send offer of admission", 0, 5 * MIN, 1 * DAY, "Sende tilbud om studieplass",
     "Skicka antagningsbesked"},
};

static const char *const lanes_invoices[] = {"Ekonomiassistent", "Beställare", "Attestant"};
static const struct ka_demo_step steps_invoices[] = {
    {"Receive invoice", 0, 5 * MIN, 0.5 * DAY, "Motta faktura", "Ta emot faktura"},
    {"Assign account codes", 1, 10 * MIN, 3 * DAY, "Kontere faktura", "Kontera faktura"},
    {"Approve invoice", 2, 5 * MIN, 4 * DAY, "Attestere faktura", "Attestera faktura"},
    {"Pay invoice", 0, 2 * MIN, 2 * DAY, "Betale faktura", "Betala faktura"},
};

static int seed(struct ka_store *st, const struct ctx *c, struct ka_diag *diag)
{
	int64_t u[7], uni, hf, sa, kom, sbf, bl, eko;
	int64_t pe_kari, pe_ola, pe_ingrid, pe_per, pe_anna, pe_erik, pe_maria, pe_lars, pe_sofia,
	    pe_sam;
	int64_t hb_root, hb_model, hb_method, hb_intern, pg_owner, pg_resp, pg_fac;
	int64_t s_uni, s_kom, r_eier, r_ansv, r_radg, r_fag, r_agare, r_ledare, r_team, r_handl,
	    r_modell;
	int64_t p_edu, p_compl, p_adm, p_credit, p_sbk, p_permit, p_fin, p_inv;
	int64_t v_adm2 = 0, net = 0, c_met = 0, c_dok = 0, c_risk = 0, c_ws = 0, asg = 0, ws = 0;
	struct ka_buf b;
	size_t i;
	int err = 0;

	ka_buf_init(&b, KA_BUF_UNLIMITED);
	for (i = 0; i < 7; i++)
		CHK(u[i] = user(st, c, i, diag, &err));

	/* Units. */
	INS0(
	    &uni,
	    "INSERT INTO units (code, name) VALUES ('UiN', 'Universitetet i Nordby') RETURNING id");
	INS(&hf,
	    "INSERT INTO units (parent_id, code, name, sort_order) VALUES (?, 'HF',"
	    " 'Det humanistiske fakultet', 1) RETURNING id",
	    ka_int(uni));
	INS(&sa,
	    "INSERT INTO units (parent_id, code, name, sort_order) VALUES (?, 'SA',"
	    " 'Studieavdelingen', 2) RETURNING id",
	    ka_int(uni));
	INS(&kom, "INSERT INTO units (code, name) VALUES (?, 'Norrby kommun') RETURNING id",
	    ka_text("NK"));
	INS(&sbf,
	    "INSERT INTO units (parent_id, code, name) VALUES (?, 'SBF',"
	    " 'Samhällsbyggnadsförvaltningen') RETURNING id",
	    ka_int(kom));
	INS(&bl,
	    "INSERT INTO units (parent_id, code, name) VALUES (?, 'BL', 'Bygglovsenheten')"
	    " RETURNING id",
	    ka_int(sbf));
	INS(&eko,
	    "INSERT INTO units (parent_id, code, name) VALUES (?, 'EKO', 'Ekonomiavdelningen')"
	    " RETURNING id",
	    ka_int(kom));

	/* People. */
	CHK(pe_kari = person(st, "Kari Nordmann", "kari.nordmann@uin.example", "Utdanningsdirektør",
	                     uni, u[0], diag, &err));
	CHK(pe_ola = person(st, "Ola Hansen", "ola.hansen@uin.example", "Seniorrådgiver", sa, u[1],
	                    diag, &err));
	CHK(pe_ingrid = person(st, "Ingrid Berg", "ingrid.berg@uin.example", "Studiekonsulent", hf,
	                       u[2], diag, &err));
	CHK(pe_per = person(st, "Per Ødegård", "per.odegard@uin.example", "Førstekonsulent", hf, 0,
	                    diag, &err));
	CHK(pe_anna = person(st, "Anna Lindqvist", "anna.lindqvist@norrby.example",
	                     "Förvaltningschef", sbf, u[3], diag, &err));
	CHK(pe_erik = person(st, "Erik Johansson", "erik.johansson@norrby.example", "Bygglovschef",
	                     bl, u[4], diag, &err));
	CHK(pe_maria = person(st, "Maria Svensson", "maria.svensson@norrby.example",
	                      "Verksamhetsutvecklare", kom, u[5], diag, &err));
	CHK(pe_lars = person(st, "Lars Åberg", "lars.aberg@norrby.example", "Controller", eko, 0,
	                     diag, &err));
	CHK(pe_sofia = person(st, "Sofia Karlsson", "sofia.karlsson@norrby.example",
	                      "Kvalitetsstrateg", kom, 0, diag, &err));
	CHK(pe_sam = person(st, "Sam Taylor", "sam.taylor@uin.example", "Visiting researcher", hf,
	                    u[6], diag, &err));

	/* Handbook: open pages, one for signed-in users, the method handbook for facilitators. */
	CHK(hb_root = page(st, 0, "handbok", "Håndbok for prosessarbeid",
	                   "# Håndbok for prosessarbeid\n\nHvordan vi jobber med prosesser ved"
	                   " Universitetet i Nordby og i Norrby kommun.\n",
	                   "everyone", diag, &err));
	CHK(hb_model = page(st, hb_root, "prosessmodellen", "Prosessmodellen: seks steg",
	                    "1. Kartlegge prosesser (inventering)\n2. Utpeke prosesseier\n"
	                    "3. Utpeke prosessansvarlig\n4. Beskrive nåsituasjonen (kartlegging)\n"
	                    "5. Sette mål og oppfølgingsplan\n6. Styre og utvikle\n",
	                    "everyone", diag, &err));
	CHK(pg_owner = page(st, hb_root, "rolle-prosesseier", "Rollebeskrivelse: prosesseier",
	                    "## Sammendrag og mandatkilde\nProsesseier utpekes gjennom"
	                    " delegasjonsreglementet.\n\n## Mandat og oppgaver\nSvarer for"
	                    " prosessen fra ende til ende, godkjenner og beslutter endringer.\n",
	                    "everyone", diag, &err));
	CHK(pg_resp =
	        page(st, hb_root, "rolle-prosessansvarlig", "Rollebeskrivelse: prosessansvarlig",
	             "## Mandat og oppgaver\nForbereder endringsforslag, følger opp mål og"
	             " etterlevelse og koordinerer rådgivernettverket.\n",
	             "everyone", diag, &err));
	CHK(pg_fac =
	        page(st, hb_root, "roll-processhandledare", "Rollbeskrivning: processhandledare",
	             "## Uppdrag\nMetodexpert som hjälper ägare och ledare att planera,"
	             " genomföra, analysera och dokumentera kartläggningar; leder workshoppar"
	             " och gör riskanalyser och ledtidsanalyser.\n",
	             "everyone", diag, &err));
	CHK(hb_method = page(st, hb_root, "metodhandbok", "Metodhandbok för processhandledare",
	                     "# Metodhandbok\n\nMallar och checklistor för workshoppar:"
	                     " kartläggningsuppdrag, riskanalys (sannolikhet × konsekvens) och"
	                     " ledtidsanalys. Hemligt kodord för test: zebrafink.\n",
	                     "facilitators", diag, &err));
	CHK(hb_intern = page(st, hb_root, "internt", "Interne rutiner for prosessnettverket",
	                     "Møteplan og kontaktinformasjon for nettverket. Kodeord: lundefugl.\n",
	                     "signed_in", diag, &err));
	(void)hb_model;
	(void)hb_method;
	(void)hb_intern;

	/* Role schemes with the two presets. */
	INS0(&s_uni,
	     "INSERT INTO role_schemes (key, name, preset, is_active) VALUES ('universitet',"
	     " 'Universitetsmodellen', 'university', 1) RETURNING id");
	INS(&s_kom,
	    "INSERT INTO role_schemes (key, name, preset, is_active) VALUES (?,"
	    " 'Kommunmodellen', 'municipality', 0) RETURNING id",
	    ka_text("kommun"));
	CHK(r_eier = role(st, s_uni, "prosesseier", "prosesseier", "processägare", "process owner",
	                  "strategic", "owner", pg_owner, 1, diag, &err));
	CHK(r_ansv =
	        role(st, s_uni, "prosessansvarlig", "prosessansvarlig", "processledare",
	             "process responsible", "tactical", "responsible", pg_resp, 2, diag, &err));
	CHK(r_radg = role(st, s_uni, "prosessradgiver", "prosessrådgiver", NULL, "process advisor",
	                  "operational", "advisor", 0, 3, diag, &err));
	CHK(r_fag = role(st, s_uni, "fagressurs", "fagressurs", "medarbetare", "domain resource",
	                 "operational", "resource", 0, 4, diag, &err));
	CHK(r_agare = role(st, s_kom, "processagare", "prosesseier", "processägare",
	                   "process owner", "strategic", "owner", 0, 1, diag, &err));
	CHK(r_ledare = role(st, s_kom, "processledare", "prosessansvarlig", "processledare",
	                    "process leader", "tactical", "responsible", 0, 2, diag, &err));
	CHK(r_team = role(st, s_kom, "processteam", NULL, "processteam", "process team",
	                  "operational", "team", 0, 3, diag, &err));
	CHK(r_handl =
	        role(st, s_kom, "processhandledare", NULL, "processhandledare",
	             "process facilitator", "operational", "facilitator", pg_fac, 4, diag, &err));
	CHK(r_modell = role(st, s_kom, "modellansvarig", NULL, "modellansvarig", "model steward",
	                    "tactical", "steward", 0, 5, diag, &err));
	if ((err = describe_role(st, r_eier, pg_owner, "Prosesseier", &desc_owner, diag)) ||
	    (err = describe_role(st, r_ansv, pg_resp, "Prosessansvarlig", &desc_resp, diag)) ||
	    (err =
	         describe_role(st, r_handl, pg_fac, "Processhandledare", &desc_facilitator, diag)))
		goto out;

	/* The university's processes. */
	CHK(p_edu = process(st, 0, "1", "core", "Utdanning", "Utbildning", "Education", "approved",
	                    c->soon, NULL, diag, &err));
	CHK(p_compl = process(st, p_edu, "1.1", "core", "Behandle studentklager",
	                      "Handlägga studentklagomål", "Handle student complaints", "approved",
	                      c->overdue, spec_complaints, diag, &err));
	CHK(p_adm =
	        process(st, p_edu, "1.2", "core", "Opptak av studenter", "Antagning av studenter",
	                "Student admission", "in_review", c->soon, spec_admission, diag, &err));
	CHK(p_credit = process(st, p_edu, "1.3", "core", "Behandle søknad om godskriving",
	                       "Handlägga ansökan om tillgodoräknande",
	                       "Handle application for credit transfer", "approved", c->soon, NULL,
	                       diag, &err));
	/* The municipality's. */
	CHK(p_sbk =
	        process(st, 0, "2", "core", "Samfunnsutvikling og byggesak", "Samhällsbyggnad",
	                "Community planning and building", "approved", c->soon, NULL, diag, &err));
	CHK(p_permit = process(st, p_sbk, "2.1", "core", "Behandle byggesøknad",
	                       "Handlägga ansökan om bygglov", "Handle building permit application",
	                       "approved", c->soon, spec_permit, diag, &err));
	CHK(p_fin = process(st, 0, "3", "support", "Økonomi", "Ekonomi", "Finance", "approved",
	                    c->soon, NULL, diag, &err));
	CHK(p_inv = process(st, p_fin, "3.1", "support", "Behandle leverandørfakturaer",
	                    "Hantera leverantörsfakturor", "Handle supplier invoices", "draft",
	                    c->soon, spec_invoices, diag, &err));

	/* Maps. */
	ka_buf_reset(&b);
	ka_demo_lane_map(&b, "complaints", "Behandle studentklager", lanes_complaints, 3,
	                 steps_complaints, 5);
	CHK(map_version(st, p_compl, 1, "approved", b.data, u[1], diag, &err));
	ka_buf_reset(&b);
	ka_demo_lane_map(&b, "admission", "Opptak av studenter", lanes_admission, 2,
	                 steps_admission, 4);
	CHK(map_version(st, p_adm, 1, "approved", b.data, u[1], diag, &err));
	ka_buf_reset(&b);
	ka_demo_lane_map(&b, "admission2", "Opptak av studenter", lanes_admission, 2,
	                 steps_admission2, 3);
	CHK(v_adm2 = map_version(st, p_adm, 2, "submitted", b.data, u[1], diag, &err));
	INS(NULL,
	    "INSERT INTO approvals (version_id, action, actor_id, comment) VALUES (?, 'submit',"
	    " ?, ?)",
	    ka_int(v_adm2), ka_int(u[1]),
	    ka_text("Digital dokumentkontroll og automatisk rangering: kortere ventetid."));
	CHK(map_version(st, p_credit, 1, "approved", (const char *)demo_worked_example_bpmn, u[1],
	                diag, &err));
	CHK(map_version(st, p_permit, 1, "approved", (const char *)demo_building_permit_bpmn, u[4],
	                diag, &err));
	ka_buf_reset(&b);
	ka_demo_lane_map(&b, "invoices", "Hantera leverantörsfakturor", lanes_invoices, 3,
	                 steps_invoices, 4);
	CHK(map_version(st, p_inv, 1, "draft", b.data, u[4], diag, &err));

	/* Role assignments. */
	const char *deleg = "Delegasjonsreglementet for Universitetet i Nordby, § 4";
	const char *kf = "Kommunstyrelsens beslut om processorganisation, KS 2025/112";
	if ((err = assign(st, pe_kari, r_eier, p_edu, 0, "2024-01-01", deleg, diag)) ||
	    (err = assign(st, pe_kari, r_eier, p_compl, 0, "2024-01-01", deleg, diag)) ||
	    (err = assign(st, pe_kari, r_eier, p_adm, 0, "2024-01-01", deleg, diag)) ||
	    (err = assign(st, pe_kari, r_eier, p_credit, 0, "2024-01-01", deleg, diag)) ||
	    (err = assign(st, pe_ola, r_ansv, p_compl, 0, "2024-02-01", "Delegert fra prosesseier",
	                  diag)) ||
	    (err = assign(st, pe_ola, r_ansv, p_adm, 0, "2024-02-01", "Delegert fra prosesseier",
	                  diag)) ||
	    (err = assign(st, pe_ingrid, r_radg, 0, hf, "2024-03-01",
	                  "Utpekt av fakultetsdirektøren", diag)) ||
	    (err = assign(st, pe_per, r_fag, p_compl, 0, "2024-03-01", "Linjeledelsen", diag)) ||
	    (err = assign(st, pe_anna, r_agare, p_permit, 0, "2025-01-01", kf, diag)) ||
	    (err = assign(st, pe_anna, r_agare, p_inv, 0, "2025-01-01", kf, diag)) ||
	    (err = assign(st, pe_erik, r_ledare, p_permit, 0, "2025-02-01", kf, diag)) ||
	    (err = assign(st, pe_lars, r_team, p_inv, 0, "2025-02-01", kf, diag)) ||
	    (err = assign(st, pe_maria, r_handl, 0, 0, "2025-01-15", kf, diag)) ||
	    (err = assign(st, pe_lars, r_handl, 0, 0, "2025-09-01", kf, diag)) ||
	    (err = assign(st, pe_sofia, r_modell, 0, 0, "2025-01-01", kf, diag)))
		goto out;
	(void)pe_sam;

	/* The facilitators' network: six meetings a year; two held, one coming. */
	INS(&net,
	    "INSERT INTO networks (kind, name, purpose, unit_id) VALUES ('network',"
	    " 'Processhandledarnätverket', 'Erfarenhetsutbyte sex gånger per år', ?) RETURNING id",
	    ka_int(kom));
	INS(NULL,
	    "INSERT INTO network_members (network_id, person_id, role) VALUES (?, ?, 'lead'),"
	    " (?, ?, 'member'), (?, ?, 'member')",
	    ka_int(net), ka_int(pe_sofia), ka_int(net), ka_int(pe_maria), ka_int(net),
	    ka_int(pe_lars));
	INS(NULL,
	    "INSERT INTO meetings (network_id, held_on, place, agenda, minutes, decisions)"
	    " VALUES (?, ?, 'Stadshuset, rum Ängen', ?, ?, ?)",
	    ka_int(net), ka_text(c->year_ago),
	    ka_text("1. Nytt i metodhandboken 2. Riskanalys i praktiken"),
	    ka_text("Maria visade riskanalysen av bygglovsprocessen."),
	    ka_text("Mallen för riskanalys uppdateras till 4×4-skalan."));
	INS(NULL,
	    "INSERT INTO meetings (network_id, held_on, place, agenda, minutes, decisions)"
	    " VALUES (?, ?, 'Teams', ?, ?, ?)",
	    ka_int(net), ka_text(c->past), ka_text("1. Ledtidsanalys av leverantörsfakturor"),
	    ka_text("Flödeseffektiviteten i fakturaflödet är cirka 1 %."),
	    ka_text("Lars genomför kursen i riskanalys före nästa träff."));
	INS(NULL,
	    "INSERT INTO meetings (network_id, held_on, place, agenda) VALUES (?, ?,"
	    " 'Stadshuset, rum Ängen', ?)",
	    ka_int(net), ka_text(c->soon),
	    ka_text("1. Workshopledning 2. Erfarenheter från bygglov"));

	/* Courses: three required for facilitators; Lars lacks the risk-analysis course. */
	INS0(&c_met,
	     "INSERT INTO courses (key, name, description) VALUES ('metod',"
	     " 'Metodutbildning', 'Processkartläggning enligt kommunens modell') RETURNING id");
	INS(&c_dok,
	    "INSERT INTO courses (key, name, description) VALUES (?,"
	    " 'Dokumentationsutbildning', 'Regler, symboler, processtruktur och ritverktyget')"
	    " RETURNING id",
	    ka_text("dokumentation"));
	INS(&c_risk,
	    "INSERT INTO courses (key, name, description) VALUES (?,"
	    " 'Riskanalysmetoden', 'Sannolikhet, konsekvens och åtgärder') RETURNING id",
	    ka_text("riskanalys"));
	INS(&c_ws,
	    "INSERT INTO courses (key, name, description) VALUES (?, 'Workshopledning',"
	    " 'Valfri kurs') RETURNING id",
	    ka_text("workshopledning"));
	INS(NULL,
	    "INSERT INTO role_required_courses (role_id, course_id) VALUES (?, ?), (?, ?), (?, ?)",
	    ka_int(r_handl), ka_int(c_met), ka_int(r_handl), ka_int(c_dok), ka_int(r_handl),
	    ka_int(c_risk));
	INS(NULL,
	    "INSERT INTO training_records (person_id, course_id, completed_on) VALUES"
	    " (?, ?, '2025-02-10'), (?, ?, '2025-03-05'), (?, ?, '2025-04-22'),"
	    " (?, ?, '2025-05-14'), (?, ?, '2025-10-01'), (?, ?, '2025-10-15')",
	    ka_int(pe_maria), ka_int(c_met), ka_int(pe_maria), ka_int(c_dok), ka_int(pe_maria),
	    ka_int(c_risk), ka_int(pe_maria), ka_int(c_ws), ka_int(pe_lars), ka_int(c_met),
	    ka_int(pe_lars), ka_int(c_dok));

	/* A mapping assignment for supplier invoices, with a workshop, problems and ideas. */
	INS(&asg,
	    "INSERT INTO assignments (process_id, title, status, body, start_date, due_date,"
	    " created_by) VALUES (?, 'Kartläggning av leverantörsfakturaflödet', 'ongoing', ?,"
	    " ?, ?, ?) RETURNING id",
	    ka_int(p_inv),
	    ka_text("{\"process\":\"Hantera leverantörsfakturor\",\"ordering_owner\":\"Anna "
	            "Lindqvist\",\"facilitators\":[\"Maria Svensson\","
	            "\"Lars Åberg\"],\"scope\":\"Från mottagen faktura till betalning\","
	            "\"state\":\"as_is\",\"depth\":\"detailed\",\"participants\":["
	            "\"Ekonomiassistenter\","
	            "\"Beställare\",\"Attestanter\"],\"deliverables\":[\"Nulägeskarta\","
	            "\"Processbeskrivning\",\"Problem och idéer\"],\"analyses\":[\"risk\","
	            "\"lead_time\"],\"goals\":\"Kortare ledtid och färre påminnelseavgifter\"}"),
	    ka_text(c->past), ka_text(c->soon), ka_int(u[3]));
	INS(&ws,
	    "INSERT INTO workshops (assignment_id, title, held_on, place, facilitator_id, notes)"
	    " VALUES (?, 'Workshop 1: översiktskarta', ?, 'Stadshuset', ?, ?) RETURNING id",
	    ka_int(asg), ka_text(c->past), ka_int(pe_maria),
	    ka_text("Översiktskartan ritades med sju steg och tre simbanor."));
	INS(NULL,
	    "INSERT INTO ideas (assignment_id, process_id, workshop_id, kind, text, group_name,"
	    " priority, votes) VALUES"
	    " (?, ?, ?, 'problem', 'Fakturor ligger länge hos attestanten', 'Väntetider', 1, 6),"
	    " (?, ?, ?, 'problem', 'Felaktiga referenser på fakturan', 'Kvalitet', 2, 4),"
	    " (?, ?, ?, 'problem', 'Påminnelseavgifter varje månad', 'Väntetider', 1, 5),"
	    " (?, ?, ?, 'idea', 'Automatisk påminnelse till attestanten efter två dagar',"
	    " 'Väntetider', 1, 7),"
	    " (?, ?, ?, 'idea', 'Kräv beställarreferens i e-fakturan', 'Kvalitet', 2, 3)",
	    ka_int(asg), ka_int(p_inv), ka_int(ws), ka_int(asg), ka_int(p_inv), ka_int(ws),
	    ka_int(asg), ka_int(p_inv), ka_int(ws), ka_int(asg), ka_int(p_inv), ka_int(ws),
	    ka_int(asg), ka_int(p_inv), ka_int(ws));

	/* Risk analyses on the maps (lib/demo_risks.c). */
	{
		const struct ka_demo_risk_ids rids = {
		    p_compl, p_adm,    p_permit, p_inv,   p_credit,   pe_kari,    pe_ola,
		    pe_erik, pe_anna,  pe_maria, pe_lars, bl,         eko,        sa,
		    u[5],    c->today, c->past,  c->soon, c->overdue, c->year_ago};

		if ((err = ka_demo_seed_risks(st, &rids, diag)))
			goto out;
	}

	INS(NULL, "INSERT INTO settings (key, value) VALUES ('demo_workspace', ?)",
	    ka_text("{\"seeded\":true,\"password\":\"" KA_DEMO_PASSWORD "\"}"));
	INS0(NULL, "INSERT INTO audit_log (actor, action, object_type, object_id, after_json)"
	           " VALUES ('kartla', 'seed', 'workspace', NULL, '{\"demo\":true}')");
out:
	ka_buf_release(&b);
	return err;
}

static int seed_tx(struct ka_store *st, void *vctx, struct ka_diag *diag)
{
	struct ctx *c = vctx;
	struct ka_rows r;
	int err;

	ka_rows_init(&r);
	err = ka_store_exec(st,
	                    "SELECT (SELECT count(*) FROM processes) + (SELECT count(*) FROM units)"
	                    " + (SELECT count(*) FROM people)"
	                    " + (SELECT count(*) FROM settings WHERE key = 'demo_workspace')",
	                    NULL, 0, &r, diag);
	if (!err && r.nrows == 1 && r.vals[0].i != 0)
		err = 1; /* not new: roll back, nothing seeded */
	ka_rows_release(&r);
	if (!err)
		err = seed(st, c, diag);
	return err;
}

int ka_demo_seed(struct ka_store *st, const char *password_hash, bool *seeded, struct ka_diag *diag)
{
	struct ctx c;
	int err;

	*seeded = false;
	c.hash = password_hash;
	ka_date_today_plus(c.today, 0);
	ka_date_today_plus(c.past, -30);
	ka_date_today_plus(c.soon, 60);
	ka_date_today_plus(c.overdue, -14);
	ka_date_today_plus(c.year_ago, -200);
	err = ka_store_transact(st, seed_tx, &c, 5, diag);
	if (err == 1)
		return 0;
	if (!err)
		*seeded = true;
	return err;
}
