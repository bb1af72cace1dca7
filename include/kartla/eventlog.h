/*
 * Event logs: what a case system exported about when each case passed each
 * step, read from XES (IEEE 1849-2016, plain or gzip) or CSV (plain or
 * gzip) into one compact, sorted table of events.
 *
 * Both readers stream: the input is decompressed and parsed in chunks, and
 * only the events themselves are kept (activity, resource and case names
 * are interned once), so memory grows with the number of events, never with
 * the size of the file or of attributes the analysis does not use; the
 * number of events is capped by opts->max_events.
 *
 * Ownership: a ka_eventlog owns every string and array it points at;
 * ka_eventlog_free() releases everything.
 */
#ifndef KARTLA_EVENTLOG_H
#define KARTLA_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kartla/err.h"

/* A timestamp that is not known (an event without a start). */
#define KA_EVENTLOG_NO_TIME INT64_MIN

enum ka_eventlog_format { KA_EVENTLOG_AUTO = 0, KA_EVENTLOG_XES, KA_EVENTLOG_CSV };

enum ka_eventlog_encoding {
	KA_EVENTLOG_ENC_AUTO = 0,
	KA_EVENTLOG_ENC_UTF8,
	KA_EVENTLOG_ENC_CP1252
};

/* XES lifecycle:transition of an event (CSV rows are KA_EVENTLOG_LC_NONE). */
enum ka_eventlog_lifecycle {
	KA_EVENTLOG_LC_NONE = 0, /* no lifecycle attribute: the event completes its activity */
	KA_EVENTLOG_LC_START,
	KA_EVENTLOG_LC_COMPLETE,
	KA_EVENTLOG_LC_OTHER /* schedule, suspend, resume, ...: counted, not an instance */
};

struct ka_eventlog_opts {
	enum ka_eventlog_format format; /* AUTO: XES when the content starts with '<' */
	/* CSV columns by header name or 1-based number; NULL = detect from the header. */
	const char *csv_case, *csv_activity, *csv_time, *csv_start, *csv_resource;
	char csv_delimiter;                 /* 0 = detect among , ; TAB | */
	enum ka_eventlog_encoding encoding; /* AUTO: UTF-8 if valid, else windows-1252 */
	int tz_minutes;    /* offset east of UTC for timestamps that carry none (default 0) */
	bool skip_bad;     /* skip bad events/rows (counted in log->skipped) instead of failing */
	size_t max_events; /* hard cap; 0 = default (KA_EVENTLOG_MAX_EVENTS) */
};

#define KA_EVENTLOG_MAX_EVENTS (64u * 1024u * 1024u)

void ka_eventlog_opts_init(struct ka_eventlog_opts *o);

/*
 * The events, one array per field (a struct of arrays; index = event number): 16 bytes an
 * event for a log of case, activity and time, 20-29 with resources, start times and
 * lifecycles. A field no event has is NULL and reads as its default through the accessors
 * below (start KA_EVENTLOG_NO_TIME, resource 0, lifecycle KA_EVENTLOG_LC_NONE).
 */
struct ka_eventlog_events {
	int64_t *time;      /* ms since the epoch, UTC: when the event happened (completion) */
	int64_t *start;     /* ms; start of the activity instance; NULL: no event has one */
	uint32_t *activity; /* index into log->activities */
	uint32_t *case_ix;  /* index into log->cases */
	uint32_t *resource; /* index into log->resources (0 = no resource, ""); NULL: all 0 */
	uint8_t *lifecycle; /* enum ka_eventlog_lifecycle; NULL: all KA_EVENTLOG_LC_NONE */
};

struct ka_eventlog_case {
	const char *id; /* case identifier as in the log */
	size_t first;   /* index of its first event in log->ev */
	uint32_t n;     /* number of events */
};

struct ka_eventlog_intern;

struct ka_eventlog {
	/* After reading: events grouped by case (cases in order of first appearance) and
	 * sorted by time within a case, ties in file order. */
	struct ka_eventlog_events ev;
	size_t nevents, events_alloc; /* events_alloc: room in each array of ev */
	struct ka_eventlog_case *cases;
	size_t ncases, cases_alloc;
	const char **activities; /* activities[i]: name of activity i */
	uint32_t nactivities;
	const char **resources; /* resources[0] is "" */
	uint32_t nresources;
	size_t skipped;          /* events or rows skipped with skip_bad */
	char skipped_first[256]; /* the first skip's diagnostic, "" when none */

	enum ka_eventlog_format format;
	bool has_lifecycle; /* some event carries lifecycle:transition */
	bool has_start;     /* some event has a start time */
	/* What the CSV reader detected or was told (NULL / 0 for XES). */
	char delimiter;
	const char *encoding; /* "utf-8" or "windows-1252" */
	const char *col_case, *col_activity, *col_time, *col_start, *col_resource;
	/* Attribute keys seen on events besides the ones interpreted (XES), comma-separated. */
	const char *other_keys;

	struct ka_eventlog_intern *priv; /* interning tables and arena */
};

/* Event i's start time (KA_EVENTLOG_NO_TIME when it has none). */
static inline int64_t ka_eventlog_event_start(const struct ka_eventlog *log, size_t i)
{
	return log->ev.start ? log->ev.start[i] : KA_EVENTLOG_NO_TIME;
}

/* Event i's resource (0 when it has none). */
static inline uint32_t ka_eventlog_event_resource(const struct ka_eventlog *log, size_t i)
{
	return log->ev.resource ? log->ev.resource[i] : 0;
}

/* Event i's lifecycle transition. */
static inline enum ka_eventlog_lifecycle ka_eventlog_event_lifecycle(const struct ka_eventlog *log,
                                                                     size_t i)
{
	return log->ev.lifecycle ? (enum ka_eventlog_lifecycle)log->ev.lifecycle[i]
	                         : KA_EVENTLOG_LC_NONE;
}

/* Whether event i completes an activity instance (no lifecycle, or "complete"). */
static inline bool ka_eventlog_event_completes(const struct ka_eventlog *log, size_t i)
{
	enum ka_eventlog_lifecycle lc = ka_eventlog_event_lifecycle(log, i);
	return lc == KA_EVENTLOG_LC_NONE || lc == KA_EVENTLOG_LC_COMPLETE;
}

/*
 * Reads a log from `path` (gzip is recognised by its magic bytes). On error
 * *out is NULL and `diag` names file, line, column and what was expected:
 * KA_ERR_IO (unreadable, truncated or corrupt gzip), KA_ERR_XML (not
 * well-formed XES, DOCTYPE), KA_ERR_INVALID (a bad row or event),
 * KA_ERR_USAGE (columns that cannot be found), KA_ERR_LIMIT (over
 * max_events). Free the log with ka_eventlog_free.
 */
int ka_eventlog_read_file(struct ka_eventlog **out, const char *path,
                          const struct ka_eventlog_opts *opts, struct ka_diag *diag);

/* The same from `len` bytes in memory (`name` is used in messages, borrowed). */
int ka_eventlog_read_mem(struct ka_eventlog **out, const void *data, size_t len, const char *name,
                         const struct ka_eventlog_opts *opts, struct ka_diag *diag);

void ka_eventlog_free(struct ka_eventlog *log);

/*
 * Parses a timestamp: ISO 8601 ("2024-03-01T08:30:00.123+01:00", "Z" or
 * no offset), "YYYY-MM-DD HH:MM[:SS]", "DD.MM.YYYY[ HH:MM[:SS]]",
 * "YYYY/MM/DD[ HH:MM[:SS]]" and a bare date. Without an offset the time is
 * taken as local time at `tz_minutes` east of UTC. 0 or KA_ERR_INVALID.
 */
int ka_eventlog_parse_time(int64_t *ms, const char *s, size_t len, int tz_minutes);

/* Formats ms since the epoch as "YYYY-MM-DDTHH:MM:SSZ" (seconds truncated). */
void ka_eventlog_format_time(char out[32], int64_t ms);

#endif
