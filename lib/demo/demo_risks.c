/*
 * The demo workspace's risk analyses: the municipality first scored on the
 * Swedish 4x4 scale and then moved the workspace to the Norwegian 5x5
 * preset, so one risk is still shown on its earlier scale; a handful of
 * risks on map elements (building permit, student complaints, admission,
 * supplier invoices) and one on a whole process, with score history and
 * actions, one action overdue. Written straight into the tables of schema
 * version 2 inside ka_demo_seed's transaction.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/demo.h"
#include "kartla/risk_store.h"
#include "kartla/banned.h"

struct demo_risk {
	int64_t process_id;
	const char *element_id, *title, *event, *cause, *consequence, *category, *controls;
	int64_t owner_id, unit_id;
	int64_t scale_id;
	int l, c;         /* inherent */
	int first_l;      /* an earlier assessment on the same scale (0: none) */
	int res_l, res_c; /* residual (0: none) */
	const char *decision, *rationale;
	int64_t decided_by;
	const char *review_date, *workshop, *workshop_date;
	int64_t facilitator_id;
};

struct demo_action {
	const char *title;
	int64_t responsible_id;
	const char *due_date, *status;
	double cost; /* < 0: none */
};

static struct ka_val opt_int(int64_t v)
{
	return v ? ka_int(v) : ka_null();
}

static int score(struct ka_store *st, int64_t risk, const char *kind, int64_t scale, int l, int c,
                 const char *at, const char *hm, int64_t user, struct ka_diag *diag)
{
	char ts[32];

	snprintf(ts, sizeof(ts), "%sT%s:00Z", at, hm);
	return ka_store_exec(st,
	                     "INSERT INTO risk_scores (risk_id, kind, scale_id, likelihood, impact,"
	                     " at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                     (struct ka_val[]){ka_int(risk), ka_text(kind), ka_int(scale),
	                                       ka_int(l), ka_int(c), ka_text(ts), opt_int(user)},
	                     7, NULL, diag);
}

static int add_risk(struct ka_store *st, const struct ka_demo_risk_ids *ids,
                    const struct demo_risk *r, const char *assessed, const struct demo_action *acts,
                    size_t nacts, struct ka_diag *diag)
{
	struct ka_rows rows;
	char at[32];
	int64_t id = 0;
	size_t i;
	int err;

	snprintf(at, sizeof(at), "%sT10:00:00Z", assessed);
	ka_rows_init(&rows);
	err = ka_store_exec(
	    st,
	    "INSERT INTO risks (process_id, element_id, title, event, cause, consequence, category,"
	    " controls, owner_id, unit_id, scale_id, likelihood, impact, assessed_at, decision,"
	    " decision_rationale, decided_by, decided_at, residual_scale_id, residual_likelihood,"
	    " residual_impact, residual_assessed_at, review_date, source_workshop, source_date,"
	    " source_facilitator_id, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)"
	    " RETURNING id",
	    (struct ka_val[]){
	        ka_int(r->process_id),
	        ka_text(r->element_id),
	        ka_text(r->title),
	        ka_text(r->event),
	        ka_text(r->cause),
	        ka_text(r->consequence),
	        ka_text(r->category),
	        ka_text(r->controls),
	        opt_int(r->owner_id),
	        opt_int(r->unit_id),
	        ka_int(r->scale_id),
	        ka_int(r->l),
	        ka_int(r->c),
	        ka_text(at),
	        ka_text(r->decision),
	        ka_text(r->rationale),
	        opt_int(r->decided_by),
	        ka_text(r->decision ? assessed : NULL),
	        r->res_l ? ka_int(r->scale_id) : ka_null(),
	        r->res_l ? ka_int(r->res_l) : ka_null(),
	        r->res_l ? ka_int(r->res_c) : ka_null(),
	        ka_text(r->res_l ? at : NULL),
	        ka_text(r->review_date),
	        ka_text(r->workshop),
	        ka_text(r->workshop_date),
	        opt_int(r->facilitator_id),
	        opt_int(ids->user_facilitator),
	    },
	    27, &rows, diag);
	if (!err)
		id = ka_rows_at(&rows, 0, 0)->i;
	ka_rows_release(&rows);
	if (!err && r->first_l)
		err = score(st, id, "inherent", r->scale_id, r->first_l, r->c, assessed, "09:30",
		            ids->user_facilitator, diag);
	if (!err)
		err = score(st, id, "inherent", r->scale_id, r->l, r->c, assessed, "10:00",
		            ids->user_facilitator, diag);
	if (!err && r->res_l)
		err = score(st, id, "residual", r->scale_id, r->res_l, r->res_c, assessed, "10:00",
		            ids->user_facilitator, diag);
	for (i = 0; !err && i < nacts; i++)
		err = ka_store_exec(
		    st,
		    "INSERT INTO risk_actions (risk_id, title, responsible_id, due_date,"
		    " status, cost) VALUES (?, ?, ?, ?, ?, ?)",
		    (struct ka_val[]){ka_int(id), ka_text(acts[i].title),
		                      opt_int(acts[i].responsible_id), ka_text(acts[i].due_date),
		                      ka_text(acts[i].status),
		                      acts[i].cost >= 0 ? ka_real(acts[i].cost) : ka_null()},
		    6, NULL, diag);
	return err;
}

int ka_demo_seed_risks(struct ka_store *st, const struct ka_demo_risk_ids *ids,
                       struct ka_diag *diag)
{
	struct ka_risk_scale se4, no5;
	struct ka_rows r;
	int64_t s_old = 0, s_new = 0;
	char when[32];
	int err;

	ka_risk_preset("se4", &se4);
	ka_risk_preset("no5", &no5);
	err = ka_risk_store_scale_insert(st, &se4, ids->user_facilitator, &s_old, diag);
	if (!err)
		err = ka_risk_store_scale_insert(st, &no5, ids->user_facilitator, &s_new, diag);
	if (err)
		return err;
	/* the 4x4 scale a year ago, the move to 5x5 on the morning of the last workshop */
	ka_rows_init(&r);
	snprintf(when, sizeof(when), "%sT09:00:00Z", ids->year_ago);
	err = ka_store_exec(st, "UPDATE risk_scales SET created_at = ? WHERE id = ?",
	                    (struct ka_val[]){ka_text(when), ka_int(s_old)}, 2, &r, diag);
	snprintf(when, sizeof(when), "%sT08:00:00Z", ids->past);
	if (!err)
		err = ka_store_exec(st, "UPDATE risk_scales SET created_at = ? WHERE id = ?",
		                    (struct ka_val[]){ka_text(when), ka_int(s_new)}, 2, &r, diag);
	ka_rows_release(&r);
	if (err)
		return err;

	{
		const struct demo_risk permit = {
		    ids->p_permit,
		    "Task_Check",
		    "Ofullständig ansökan upptäcks sent",
		    "Kompletteringsbehovet upptäcks först vid bedömningen",
		    "Ingen checklista för fullständighet vid registreringen",
		    "Handläggningstiden överskrids och avgiften sätts ned",
		    "legal",
		    "Stickprov av nya ärenden varje vecka",
		    ids->pe_erik,
		    ids->u_bl,
		    s_new,
		    4,
		    4,
		    3,
		    2,
		    3,
		    "act",
		    "Lagkrav på handläggningstid: inte acceptabelt",
		    ids->pe_anna,
		    ids->soon,
		    "Riskworkshop bygglov",
		    ids->past,
		    ids->pe_maria};
		const struct demo_action permit_acts[] = {
		    {"Inför checklista för fullständighet vid registrering", ids->pe_erik,
		     ids->overdue, "ongoing", 20000},
		    {"E-tjänst med obligatoriska fält och bilagor", ids->pe_maria, ids->soon,
		     "planned", 150000},
		};
		const struct demo_risk appeal = {
		    ids->p_permit,
		    "Task_Decide",
		    "Beslut överklagas på grund av formfel",
		    "Länsstyrelsen upphäver ett beslut",
		    "Mallar som inte följer ändrad lagstiftning",
		    "Ärendet börjar om; förtroendet för nämnden skadas",
		    "legal",
		    "Jurist granskar alla avslagsbeslut",
		    ids->pe_erik,
		    ids->u_bl,
		    s_new,
		    2,
		    5,
		    0,
		    0,
		    0,
		    "accept",
		    "Befintlig juristgranskning räcker",
		    ids->pe_anna,
		    ids->soon,
		    "Riskworkshop bygglov",
		    ids->past,
		    ids->pe_maria};
		const struct demo_risk complaints = {
		    ids->p_compl,
		    "Task_complaints_3",
		    "Klagefristen overskrides i klagenemnda",
		    "Klagen behandles ikke innen fristen",
		    "Klagenemnda møtes for sjelden",
		    "Studenten får ikke svar i tide; saken kan gå til Sivilombudet",
		    "operational",
		    "Fristoversikt i saksbehandlingssystemet",
		    ids->pe_ola,
		    ids->u_sa,
		    s_new,
		    4,
		    4,
		    0,
		    2,
		    4,
		    "act",
		    "Fristbrudd er ikke akseptabelt",
		    ids->pe_kari,
		    ids->soon,
		    "Risikoverksted studentklager",
		    ids->past,
		    0};
		const struct demo_action complaints_acts[] = {
		    {"Fast møteplan for klagenemnda hver tredje uke", ids->pe_ola, ids->soon,
		     "planned", -1},
		};
		const struct demo_risk ranking = {
		    ids->p_adm,
		    "Task_admission_2",
		    "Feil i rangering av søkere",
		    "En kvalifisert søker får ikke tilbud",
		    "Manuell poengberegning i regneark",
		    "Klage, omgjøring og svekket omdømme",
		    "IT",
		    "Manuell kontroll av rangeringslisten før tilbud sendes",
		    ids->pe_ola,
		    ids->u_sa,
		    s_new,
		    2,
		    5,
		    0,
		    0,
		    0,
		    "accept",
		    "Kontrollen fanger feilene; ny versjon av kartet"
		    " automatiserer rangeringen",
		    ids->pe_kari,
		    ids->soon,
		    NULL,
		    NULL,
		    0};
		const struct demo_risk invoices = {
		    ids->p_inv,
		    "Task_invoices_2",
		    "Påminnelseavgifter när attesten dröjer",
		    "Fakturor betalas efter förfallodagen",
		    "Attestanten ser inte fakturan i tid",
		    "Påminnelseavgifter och dröjsmålsränta varje månad",
		    "operational",
		    NULL,
		    ids->pe_lars,
		    ids->u_eko,
		    s_old,
		    3,
		    3,
		    0,
		    0,
		    0,
		    "act",
		    NULL,
		    ids->pe_anna,
		    ids->soon,
		    NULL,
		    NULL,
		    0};
		const struct demo_action invoices_acts[] = {
		    {"Automatisk påminnelse till attestanten efter två dagar", ids->pe_lars,
		     ids->soon, "planned", 5000},
		};
		const struct demo_risk credit = {ids->p_credit,
		                                 NULL,
		                                 "Inconsistent decisions on credit transfer",
		                                 "Similar applications get different decisions",
		                                 "No shared precedent register",
		                                 "Unequal treatment of students and more appeals",
		                                 "operational",
		                                 NULL,
		                                 ids->pe_kari,
		                                 0,
		                                 s_new,
		                                 3,
		                                 2,
		                                 0,
		                                 0,
		                                 0,
		                                 NULL,
		                                 NULL,
		                                 0,
		                                 ids->soon,
		                                 NULL,
		                                 NULL,
		                                 0};

		err = add_risk(st, ids, &permit, ids->past, permit_acts, 2, diag);
		if (!err)
			err = add_risk(st, ids, &appeal, ids->past, NULL, 0, diag);
		if (!err)
			err = add_risk(st, ids, &complaints, ids->past, complaints_acts, 1, diag);
		if (!err)
			err = add_risk(st, ids, &ranking, ids->past, NULL, 0, diag);
		if (!err)
			err = add_risk(st, ids, &invoices, ids->year_ago, invoices_acts, 1, diag);
		if (!err)
			err = add_risk(st, ids, &credit, ids->past, NULL, 0, diag);
	}
	return err;
}
