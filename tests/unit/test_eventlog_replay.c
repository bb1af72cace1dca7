/*
 * Unit tests for token-based replay (lib/eventlog/eventlog_replay.c) on
 * hand-built maps: a sequence, an exclusive choice, a parallel split and
 * join, an inclusive split and join, a loop, a boundary event, a skipped
 * step and swapped steps, each
 * with the produced / consumed / missing / remaining tokens worked out by
 * hand from the net described at the top of eventlog_replay.c (the initial
 * token counts as produced, the final one as consumed; start and end
 * events are silent transitions).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kartla/bpmn.h"
#include "kartla/eventlog.h"
#include "kartla/eventlog_map.h"
#include "kartla/eventlog_stats.h"

#define HEAD                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                             \
	"<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\" "             \
	"targetNamespace=\"urn:t\"><process id=\"p\">"
#define TAIL           "</process></definitions>"
#define TASK(id)       "<task id=\"" id "\" name=\"" id "\"/>"
#define FLOW(id, a, b) "<sequenceFlow id=\"" id "\" sourceRef=\"" a "\" targetRef=\"" b "\"/>"

struct run {
	struct ka_eventlog *log;
	struct ka_map *map;
	struct ka_eventlog_calendar cal;
	struct ka_eventlog_stats s;
	struct ka_eventlog_mapping m;
	struct ka_eventlog_replay r;
};

/* Replays `csv` (case,activity,timestamp) on `bpmn`. */
static void replay(struct run *x, const char *bpmn, const char *csv)
{
	struct ka_read_opts ro;
	struct ka_diag d;

	memset(x, 0, sizeof(*x));
	ka_diag_init(&d, "mem");
	ka_read_opts_init(&ro);
	if (ka_bpmn_read(&x->map, bpmn, strlen(bpmn), "map", &ro, &d))
		fail_msg("map: %lu:%lu: %s", d.line, d.column, d.message);
	if (ka_eventlog_read_mem(&x->log, csv, strlen(csv), "log", NULL, &d))
		fail_msg("log: %s", d.message);
	ka_eventlog_calendar_init(&x->cal);
	assert_int_equal(ka_eventlog_calendar_prepare(&x->cal, &d), 0);
	assert_int_equal(ka_eventlog_stats_compute(&x->s, x->log, &x->cal, &d), 0);
	assert_int_equal(ka_eventlog_map_match(&x->m, x->log, x->map, NULL, 0, &d), 0);
	assert_int_equal(ka_eventlog_replay_compute(&x->r, &x->s, x->map, &x->m, &d), 0);
}

static void done(struct run *x)
{
	ka_eventlog_replay_release(&x->r);
	ka_eventlog_mapping_release(&x->m);
	ka_eventlog_stats_release(&x->s);
	ka_eventlog_calendar_release(&x->cal);
	ka_eventlog_free(x->log);
	ka_map_free(x->map);
}

/* The variant of case `id` (every case of these logs is its own variant). */
static size_t variant_of(const struct run *x, const char *id)
{
	size_t v;

	for (v = 0; v < x->s.nvariants; v++)
		if (!strcmp(x->log->cases[x->s.variants[v].example_case].id, id))
			return v;
	fail_msg("no case %s", id);
	return 0;
}

static void expect(const struct run *x, const char *id, unsigned p, unsigned c, unsigned m,
                   unsigned r)
{
	size_t v = variant_of(x, id);
	double f = 0.5 * (1 - (double)m / c) + 0.5 * (1 - (double)r / p);

	if (x->r.variant_pcmr[v][0] != p || x->r.variant_pcmr[v][1] != c ||
	    x->r.variant_pcmr[v][2] != m || x->r.variant_pcmr[v][3] != r)
		fail_msg("case %s: p %llu c %llu m %llu r %llu, expected %u %u %u %u", id,
		         (unsigned long long)x->r.variant_pcmr[v][0],
		         (unsigned long long)x->r.variant_pcmr[v][1],
		         (unsigned long long)x->r.variant_pcmr[v][2],
		         (unsigned long long)x->r.variant_pcmr[v][3], p, c, m, r);
	assert_true(fabs(x->r.variant_fitness[v] - f) < 1e-12);
}

static const struct ka_eventlog_replay_act *act(const struct run *x, const char *name)
{
	uint32_t a;

	for (a = 0; a < x->log->nactivities; a++)
		if (!strcmp(x->log->activities[a], name))
			return &x->r.acts[a];
	fail_msg("no activity %s", name);
	return NULL;
}

/* s -> A -> B -> C -> e */
static const char seq_map[] = HEAD "<startEvent id=\"s\"/>" TASK("A") TASK("B")
    TASK("C") "<endEvent id=\"e\"/>" FLOW("f1", "s", "A") FLOW("f2", "A", "B") FLOW("f3", "B", "C")
        FLOW("f4", "C", "e") TAIL;

static void test_sequence(void **state)
{
	struct run x;

	(void)state;
	replay(&x, seq_map,
	       "case,activity,timestamp\n"
	       "ok,A,2024-01-01 08:00\nok,B,2024-01-01 09:00\nok,C,2024-01-01 10:00\n"
	       "skip,A,2024-01-02 08:00\nskip,C,2024-01-02 10:00\n"
	       "swap,A,2024-01-03 08:00\nswap,C,2024-01-03 09:00\nswap,B,2024-01-03 10:00\n");
	/* ok: 1 initial + s, A, B, C, e one each; consumed the same + the final token */
	expect(&x, "ok", 6, 6, 0, 0);
	/* skip: C lacks the token B makes (1 missing); A's token is left (1 remaining) */
	expect(&x, "skip", 5, 5, 1, 1);
	/* swap: C before B: 1 missing, and B's token is left at the end */
	expect(&x, "swap", 6, 6, 1, 1);
	assert_int_equal(x.r.cases, 3);
	assert_int_equal(x.r.cases_fitting, 1);
	assert_int_equal(x.r.produced, 17);
	assert_int_equal(x.r.consumed, 17);
	assert_int_equal(x.r.missing, 2);
	assert_int_equal(x.r.remaining, 2);
	assert_true(fabs(x.r.fitness - (1 - 2.0 / 17)) < 1e-12);
	assert_int_equal(act(&x, "C")->fired, 3);
	assert_int_equal(act(&x, "C")->skipped, 2);
	assert_int_equal(act(&x, "C")->out_of_order, 1); /* in "swap", B came later */
	assert_int_equal(act(&x, "B")->skipped, 0);
	assert_int_equal(act(&x, "A")->skipped, 0);
	done(&x);
}

/* s -> A -> x (XOR) -> B | C -> j (XOR) -> D -> e */
static const char xor_map[] =
    HEAD "<startEvent id=\"s\"/>" TASK("A") "<exclusiveGateway id=\"x\"/>" TASK("B") TASK(
        "C") "<exclusiveGateway id=\"j\"/>" TASK("D") "<endEvent id=\"e\"/>" FLOW("f1", "s", "A")
        FLOW("f2", "A", "x") FLOW("f3", "x", "B") FLOW("f4", "x", "C") FLOW("f5", "B", "j")
            FLOW("f6", "C", "j") FLOW("f7", "j", "D") FLOW("f8", "D", "e") TAIL;

static void test_xor(void **state)
{
	struct run x;

	(void)state;
	replay(&x, xor_map,
	       "case,activity,timestamp\n"
	       "c,A,2024-01-01 08:00\nc,C,2024-01-01 09:00\nc,D,2024-01-01 10:00\n"
	       "both,A,2024-01-02 08:00\nboth,B,2024-01-02 09:00\nboth,C,2024-01-02 10:00\n"
	       "both,D,2024-01-02 11:00\n");
	/* s, A, x, C, the join's merge and j, D, e: 8 firings of one token each */
	expect(&x, "c", 9, 9, 0, 0);
	/* both branches: C finds the choice made (1 missing); one branch's token is left */
	expect(&x, "both", 10, 10, 1, 1);
	assert_int_equal(act(&x, "C")->skipped, 1);
	assert_int_equal(act(&x, "C")->out_of_order, 0);
	done(&x);
}

/* s -> A -> g (AND) -> B, C -> h (AND) -> D -> e */
static const char and_map[] =
    HEAD "<startEvent id=\"s\"/>" TASK("A") "<parallelGateway id=\"g\"/>" TASK("B") TASK(
        "C") "<parallelGateway id=\"h\"/>" TASK("D") "<endEvent id=\"e\"/>" FLOW("f1", "s", "A")
        FLOW("f2", "A", "g") FLOW("f3", "g", "B") FLOW("f4", "g", "C") FLOW("f5", "B", "h")
            FLOW("f6", "C", "h") FLOW("f7", "h", "D") FLOW("f8", "D", "e") TAIL;

static void test_and(void **state)
{
	struct run x;

	(void)state;
	replay(&x, and_map,
	       "case,activity,timestamp\n"
	       "cb,A,2024-01-01 08:00\ncb,C,2024-01-01 09:00\ncb,B,2024-01-01 10:00\n"
	       "cb,D,2024-01-01 11:00\n"
	       "noc,A,2024-01-02 08:00\nnoc,B,2024-01-02 09:00\nnoc,D,2024-01-02 10:00\n");
	/* any order of B and C fits: the split produces 2, the join consumes 2 */
	expect(&x, "cb", 10, 10, 0, 0);
	/* C never done: D lacks the join's token (1 missing); the tokens before C and
	 * between B and the join remain */
	expect(&x, "noc", 8, 7, 1, 2);
	assert_int_equal(act(&x, "D")->skipped, 1);
	done(&x);
}

/* s -> A -> m (XOR merge) -> B -> x (XOR) -> m | C -> e */
static const char loop_map[] =
    HEAD "<startEvent id=\"s\"/>" TASK("A") "<exclusiveGateway id=\"m\"/>" TASK(
        "B") "<exclusiveGateway id=\"x\"/>" TASK("C") "<endEvent id=\"e\"/>" FLOW("f1", "s", "A")
        FLOW("f2", "A", "m") FLOW("f3", "m", "B") FLOW("f4", "B", "x") FLOW("f5", "x", "m")
            FLOW("f6", "x", "C") FLOW("f7", "C", "e") TAIL;

static void test_loop(void **state)
{
	struct run x;

	(void)state;
	replay(&x, loop_map,
	       "case,activity,timestamp\n"
	       "twice,A,2024-01-01 08:00\ntwice,B,2024-01-01 09:00\ntwice,B,2024-01-01 10:00\n"
	       "twice,C,2024-01-01 11:00\n"
	       "once,A,2024-01-02 08:00\nonce,B,2024-01-02 09:00\nonce,C,2024-01-02 10:00\n");
	/* s, A, merge, m, B, x (back), merge, m, B, x (on), C, e: 12 firings */
	expect(&x, "twice", 13, 13, 0, 0);
	expect(&x, "once", 9, 9, 0, 0);
	assert_int_equal(x.r.cases_fitting, 2);
	done(&x);
}

/* s -> A -> B -> e, with a boundary event on A leading to R -> e2 */
static const char boundary_map[] = HEAD "<startEvent id=\"s\"/>" TASK("A") TASK("B") TASK(
    "R") "<endEvent id=\"e\"/>"
         "<endEvent id=\"e2\"/><boundaryEvent id=\"t\" attachedToRef=\"A\"><timerEventDefinition/>"
         "</boundaryEvent>" FLOW("f1", "s", "A") FLOW("f2", "A", "B") FLOW("f3", "B", "e")
             FLOW("f4", "t", "R") FLOW("f5", "R", "e2") TAIL;

static void test_boundary(void **state)
{
	struct run x;

	(void)state;
	replay(&x, boundary_map,
	       "case,activity,timestamp\n"
	       "normal,A,2024-01-01 08:00\nnormal,B,2024-01-01 09:00\n"
	       "timer,A,2024-01-02 08:00\ntimer,R,2024-01-02 09:00\n");
	/* A goes to its "done" place; a silent step takes the normal flow: s, A, done, B, e */
	expect(&x, "normal", 6, 6, 0, 0);
	/* the boundary event (silent) takes the other: s, A, t, R, e2 */
	expect(&x, "timer", 6, 6, 0, 0);
	done(&x);
}

/* s -> A -> o (OR) -> B | C -> j (OR) -> D -> e */
static const char or_map[] =
    HEAD "<startEvent id=\"s\"/>" TASK("A") "<inclusiveGateway id=\"o\"/>" TASK("B") TASK(
        "C") "<inclusiveGateway id=\"j\"/>" TASK("D") "<endEvent id=\"e\"/>" FLOW("f1", "s", "A")
        FLOW("f2", "A", "o") FLOW("f3", "o", "B") FLOW("f4", "o", "C") FLOW("f5", "B", "j")
            FLOW("f6", "C", "j") FLOW("f7", "j", "D") FLOW("f8", "D", "e") TAIL;

static void test_or(void **state)
{
	struct run x;

	(void)state;
	replay(&x, or_map,
	       "case,activity,timestamp\n"
	       "both,A,2024-01-01 08:00\nboth,B,2024-01-01 09:00\nboth,C,2024-01-01 10:00\n"
	       "both,D,2024-01-01 11:00\n"
	       "one,A,2024-01-02 08:00\none,B,2024-01-02 09:00\none,D,2024-01-02 10:00\n");
	/* the split takes both branches (the case does C later), the join both tokens */
	expect(&x, "both", 10, 10, 0, 0);
	/* the split takes B's branch only, the join that one token */
	expect(&x, "one", 8, 8, 0, 0);
	done(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sequence), cmocka_unit_test(test_xor),
	    cmocka_unit_test(test_and),      cmocka_unit_test(test_loop),
	    cmocka_unit_test(test_boundary), cmocka_unit_test(test_or),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
