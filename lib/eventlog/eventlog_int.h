/* Internal to lib/eventlog: the input source, interning and the log builder. */
#ifndef KARTLA_EVENTLOG_INT_H
#define KARTLA_EVENTLOG_INT_H

#include <stdio.h>
#include <zlib.h>

#include "kartla/arena.h"
#include "kartla/eventlog.h"

/* Bytes of a file or memory block, inflated when they are gzip. */
struct el_src {
	const char *name;
	FILE *f;
	const unsigned char *mem;
	size_t memlen, mempos;
	int fd;            /* >= 0: a plain range of a file read with pread (el_src_open_range) */
	uint64_t off, end; /* that range: next offset and end */
	bool gz, zinit, zend, in_eof;
	z_stream z;
	unsigned char in[65536];
	size_t inlen;
	char peek[512]; /* bytes read ahead to recognise the format, handed out first */
	size_t peeklen, peekpos;
};

int el_src_open_file(struct el_src *s, const char *path, struct ka_diag *diag);
void el_src_open_mem(struct el_src *s, const void *data, size_t len, const char *name);
/* Reads up to n bytes; *got == 0 at the end. 0 or KA_ERR_IO (truncated/corrupt gzip). */
int el_src_read(struct el_src *s, char *buf, size_t n, size_t *got, struct ka_diag *diag);
void el_src_close(struct el_src *s);
/* After a first read: true when `s` is plain (not gzip) bytes of a known total `*size` (a
 * regular file or memory) that el_src_open_range can read in parts. */
bool el_src_splittable(const struct el_src *s, uint64_t *size);
/* Opens bytes [from, to) of the plain file or memory of `whole` (borrowed; it must stay open)
 * as a source of their own, for another thread. */
void el_src_open_range(struct el_src *s, const struct el_src *whole, uint64_t from, uint64_t to);
/* Reads the first bytes ahead (they are still returned by el_src_read). */
int el_src_peek(struct el_src *s, struct ka_diag *diag);

struct el_table {
	/* (32 bits of the name's hash) << 32 | (index + 1); 0 = empty. The stored hash places
	 * a name when the table grows and is compared before the name, so neither reads the
	 * names (scattered over the arena) but for the one that matches. */
	uint64_t *slots;
	size_t nslots;
};

struct ka_eventlog_intern {
	struct ka_arena arena;
	struct el_table acts, res, cases;
	const char **case_ids;
	uint32_t ncase_ids;
	size_t max_events;
	/* Whether the events so far are grouped by case (case indices never decrease) and in
	 * time order within each case, kept as they are added so that el_finish need not
	 * read them again; the last event's case and time. */
	bool unordered;
	uint32_t last_case;
	int64_t last_time;
};

/* Arrays that may grow large (events, samples) in their own anonymous mappings: they grow
 * with mremap, without copying, and are given 2 MB pages where the kernel allows. `p` NULL
 * (or old_n 0) makes a new one; aborts when out of memory like ka_xmalloc. Free with
 * el_big_free and the same n and size. */
void *el_big_grow(void *p, size_t old_n, size_t n, size_t size);
void el_big_free(void *p, size_t n, size_t size);

/* A new, empty log (the CSV reader makes one per thread and merges them). */
struct ka_eventlog *el_log_new(const struct ka_eventlog_opts *o);
/* Appends the events of `part` (read from the input after `log`'s) to `log`, re-interning its
 * names; `part` is left empty. The caller checks that the sum stays within max_events. */
void el_log_append(struct ka_eventlog *log, struct ka_eventlog *part);

/* The last date seen by the timestamp parser: many events share a day. */
struct el_time_cache {
	char date[10];
	bool valid;
	int64_t days;
};
/* ka_eventlog_parse_time with a cache of the date part (same results). */
int el_parse_time_cached(struct el_time_cache *tc, int64_t *ms, const char *s, size_t len,
                         int tz_minutes);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t el_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Interns a name; returns its index (adding it when new). */
uint32_t el_intern_activity(struct ka_eventlog *log, const char *s, size_t len);
uint32_t el_intern_resource(struct ka_eventlog *log, const char *s, size_t len);
uint32_t el_intern_case(struct ka_eventlog *log, const char *s, size_t len);
/* One event as a reader fills it before adding it to the log's arrays. */
struct el_event {
	int64_t time, start; /* start KA_EVENTLOG_NO_TIME when none */
	uint32_t activity, resource, case_ix;
	uint32_t line;     /* for messages */
	uint8_t lifecycle; /* enum ka_eventlog_lifecycle */
};

/* Appends an event; KA_ERR_LIMIT past max_events. */
int el_add_event(struct ka_eventlog *log, const struct el_event *ev, struct ka_diag *d);
/* Groups events by case and sorts each case by time, then file order. */
void el_finish(struct ka_eventlog *log);

/* Records a skipped bad item: copies the first message, counts, resets diag. */
void el_note_skip(struct ka_eventlog *log, struct ka_diag *d);

int el_read_xes(struct ka_eventlog *log, struct el_src *src, const struct ka_eventlog_opts *o,
                struct ka_diag *d);
int el_read_csv(struct ka_eventlog *log, struct el_src *src, const struct ka_eventlog_opts *o,
                struct ka_diag *d);

#endif
