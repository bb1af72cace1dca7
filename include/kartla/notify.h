/*
 * E-mail notifications through an outbox (lib/notify).
 *
 * A message is queued with ka_notify_queue_*() INSIDE the write transaction
 * of the change that caused it, so that it exists exactly when the change
 * does. The outbox row keeps what the message is about (kind + params as
 * JSON), the recipient's address and language (resolved when queued: the
 * person's own notification language, else the workspace language, else
 * English); the text is rendered when it is sent, with the public URL the
 * server runs under.
 *
 * Sending is a loop of small transactions (ka_notify_run_once, called by
 * the server's worker thread): claim one due message (state 'sending' with
 * a lease), send it outside any transaction through a struct
 * ka_notify_sender, mark it sent, or on failure put it back with an
 * exponential back-off (attempts, next_at, last_error). A crash between a
 * successful send and the mark leaves the message claimed until its lease
 * passes; then it is sent again: at worst that one message twice, never
 * any other, and never none.
 *
 * Preferences per person (user): immediately (default), a daily digest
 * (the items wait in state 'digest'; once a day one message lists them) or
 * off (nothing is queued).
 *
 * Ownership: strings in the structs passed in are borrowed; out structs own
 * their strings until their *_release. json_t results are new references.
 */
#ifndef KARTLA_NOTIFY_H
#define KARTLA_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kartla/actor.h"
#include "kartla/buf.h"
#include "kartla/err.h"
#include "kartla/store.h"

enum ka_notify_kind {
	KA_NOTIFY_APPROVAL_WAITING, /* "approval_waiting": a version waits for you (owner) */
	KA_NOTIFY_APPROVED,         /* "approved": your submission was approved */
	KA_NOTIFY_REJECTED,         /* "rejected": your submission was rejected (comment) */
	KA_NOTIFY_REVIEW_DUE,       /* "review_due": a review date is near or past */
	KA_NOTIFY_ACTION_DUE,       /* "action_due": a risk action is due or overdue */
	KA_NOTIFY_VERSION_APPROVED, /* "version_approved": a process you have a role in */
	KA_NOTIFY_ROLE_GIVEN,       /* "role_given": you were given a role */
	KA_NOTIFY_ASSIGNMENT_GIVEN, /* "assignment_given": you were given a mapping assignment */
	KA_NOTIFY_DIGEST,           /* "digest": the day's items in one message */
	KA_NOTIFY_PLAN_ITEM_DUE,    /* "plan_item_due": an activity-plan item is due or overdue */
	KA_NOTIFY_READ_REMINDER, /* "read_reminder": a version waits for your read confirmation */
	KA_NOTIFY_KIND_COUNT
};

/* The kind's name as stored ("approval_waiting", ...); "?" out of range. */
const char *ka_notify_kind_name(enum ka_notify_kind k);
/* The kind by name; -1 when unknown. */
int ka_notify_kind_parse(const char *name);

/* What a message is about. All strings borrowed, each may be NULL. */
struct ka_notify_msg {
	enum ka_notify_kind kind;
	const char *subject; /* the thing's name: process, role or action title */
	/* The name in each language where it has one (processes, roles); preferred to subject. */
	const char *subject_nb, *subject_sv, *subject_en;
	const char *detail; /* more: the process a role or action belongs to, a version number */
	const char *detail_nb, *detail_sv, *detail_en; /* the detail by language, preferred */
	const char *comment;                           /* the decision's comment */
	const char *due;                               /* YYYY-MM-DD */
	const char *link; /* a path inside Kartla ("/processes/12"), joined to the public URL */
	const char
	    *dedup; /* a key queued at most once per recipient (the periodic scan), or NULL */
};

/*
 * Queue `m` for person `person_id` / user `user_id` (their address: the
 * account's e-mail, else the person's). Nothing is queued (and 0 returned)
 * for someone without an address, a disabled account, preference 'off', or
 * a dedup key already queued. Must run inside the caller's write
 * transaction; KA_ERR_USAGE outside one.
 */
int ka_notify_queue_person(struct ka_store *st, int64_t person_id, const struct ka_notify_msg *m,
                           struct ka_diag *diag);
int ka_notify_queue_user(struct ka_store *st, int64_t user_id, const struct ka_notify_msg *m,
                         struct ka_diag *diag);
/*
 * Queue `m` for every person holding a role of kind `role_kind` ("owner",
 * "responsible", NULL: any) on process `process_id` or an ancestor on
 * `today` (organisation-wide assignments only when `org_wide`), except the
 * user `except_user` (0: nobody), each person once.
 */
int ka_notify_queue_role(struct ka_store *st, int64_t process_id, const char *role_kind,
                         bool org_wide, const char *today, int64_t except_user,
                         const struct ka_notify_msg *m, struct ka_diag *diag);

/* ---- preferences (notify_prefs.c) ---- */

enum ka_notify_mode { KA_NOTIFY_IMMEDIATE, KA_NOTIFY_DAILY, KA_NOTIFY_OFF };

/* "immediate", "digest", "off". */
const char *ka_notify_mode_name(enum ka_notify_mode m);

/*
 * The signed-in actor's preferences as new JSON {mode, language (or null),
 * email (or null)}; KA_ERR_AUTH when anonymous.
 */
int ka_notify_prefs_get(struct ka_store *st, const struct ka_actor *actor, json_t **out,
                        struct ka_diag *diag);
/*
 * Changes them from `in` ({mode?, language?}; unknown keys, a wrong mode or
 * a language other than nb, sv, en, null: KA_ERR_INVALID naming the field),
 * audited, in its own transaction; *out as ka_notify_prefs_get.
 */
int ka_notify_prefs_put(struct ka_store *st, const struct ka_actor *actor, const json_t *in,
                        json_t **out, struct ka_diag *diag);

/* ---- rendering (notify_render.c) ---- */

/* A rendered message. Owned strings; release with ka_notify_mail_release. */
struct ka_notify_mail {
	char *subject, *text, *html;
};

void ka_notify_mail_release(struct ka_notify_mail *m);

/*
 * Renders a message of `kind` in `lang` ("nb", "sv", "en"; others: en)
 * from its stored params (a JSON object as ka_notify_queue_* store them;
 * for a digest {items: [{kind, params}]}) with links under `base_url` (no
 * trailing slash). HTML-escapes every value in the HTML part. KA_ERR_INVALID
 * for params that are not a JSON object.
 */
int ka_notify_render(struct ka_notify_mail *out, enum ka_notify_kind kind, const char *lang,
                     const char *params, const char *base_url);

/*
 * The whole RFC 5322 message (CRLF line ends): From, To, Subject (RFC 2047
 * encoded when not ASCII), Date (from `now`), Message-ID, MIME-Version and a
 * multipart/alternative body with the text and HTML parts in base64.
 * Appends to `out`. KA_ERR_INVALID for an address with CR, LF, '<' or '>'.
 */
int ka_notify_compose(struct ka_buf *out, const char *from, const char *to,
                      const struct ka_notify_mail *m, int64_t id, time_t now);

/* ---- sending (notify_send.c) ---- */

/*
 * How a message leaves: send `len` bytes of `data` (a composed message)
 * from `from` to `to`; 0 on success, else non-zero with a reason in err.
 * The SMTP sender is ka_notify_smtp_*; unit tests pass a fake.
 */
struct ka_notify_sender {
	int (*send)(void *ctx, const char *from, const char *to, const char *data, size_t len,
	            char *err, size_t errsz);
	void *ctx;
};

struct ka_notify_config {
	const char *from;        /* the sender address (borrowed) */
	const char *base_url;    /* links (borrowed), no trailing slash */
	unsigned backoff_ms;     /* first retry after this; doubled per attempt */
	unsigned backoff_max_ms; /* the longest wait between attempts */
	unsigned lease_s;        /* how long a claim holds before another may take it */
	unsigned batch;          /* messages sent per ka_notify_run_once at most */
	unsigned
	    scan_every_s;     /* the periodic scan (review dates, due actions) at most this often */
	unsigned review_days; /* a review date this near (or past) is announced */
	unsigned action_days; /* a risk action due this near (or overdue) is announced */
};

/* Defaults: 30 s back-off up to 1 h, 300 s lease, batch 20, scan hourly, 14 and 7 days. */
void ka_notify_config_init(struct ka_notify_config *cfg);

/* The wait before attempt `attempts` + 1 (attempts >= 1), in milliseconds. */
uint64_t ka_notify_backoff_ms(const struct ka_notify_config *cfg, int64_t attempts);

/* A claimed message. Owned strings; release with ka_notify_claim_release. */
struct ka_notify_claim {
	int64_t id, attempts;
	enum ka_notify_kind kind;
	char *to_addr, *lang, *params;
};

void ka_notify_claim_release(struct ka_notify_claim *c);

/*
 * Claims the oldest due message (state 'queued' with next_at <= now, or
 * 'sending' whose lease has passed) in its own transaction: state
 * 'sending', lease_until = now + lease_s, attempts + 1. *found false when
 * none is due.
 */
int ka_notify_claim(struct ka_store *st, const struct ka_notify_config *cfg, time_t now,
                    struct ka_notify_claim *out, bool *found, struct ka_diag *diag);
/* Marks a claimed message sent. */
int ka_notify_mark_sent(struct ka_store *st, int64_t id, time_t now, struct ka_diag *diag);
/* Puts a claimed message back: queued, next_at = now + back-off, last_error = error. */
int ka_notify_mark_failed(struct ka_store *st, const struct ka_notify_config *cfg,
                          const struct ka_notify_claim *c, time_t now, const char *error,
                          struct ka_diag *diag);

/*
 * The periodic scan, in its own transaction: queues review_due for the
 * owners and responsibles of every process whose next review date is
 * within review_days (or past), and action_due for the responsible of
 * every open risk action due within action_days (or overdue), and
 * plan_item_due for the responsible of every planned or ongoing
 * activity-plan item due as near (its "responsible" text matched to a
 * person by name), each at most once per recipient and due date. `today`
 * is YYYY-MM-DD.
 */
int ka_notify_scan(struct ka_store *st, const struct ka_notify_config *cfg, const char *today,
                   struct ka_diag *diag);
/*
 * Turns the waiting digest items of every recipient whose last digest was
 * before `today` into one 'digest' message each (the items become
 * 'digested'). Own transaction.
 */
int ka_notify_digest(struct ka_store *st, const char *today, time_t now, struct ka_diag *diag);

/*
 * One round of the worker: the scan and the digests when `scan` is true,
 * then up to cfg->batch due messages claimed, rendered, sent and marked
 * (none when `sender` is NULL: no relay configured, the messages wait).
 * *sent (may be NULL) counts the messages sent. A sending failure is not
 * an error (the message waits for its next attempt); a database one is.
 */
int ka_notify_run_once(struct ka_store *st, const struct ka_notify_config *cfg,
                       const struct ka_notify_sender *sender, bool scan, time_t now, unsigned *sent,
                       struct ka_diag *diag);

/* Messages waiting to be sent, and those among them that failed at least once. */
int ka_notify_counts(struct ka_store *st, int64_t *queued, int64_t *failed, struct ka_diag *diag);

/* ---- SMTP through libcurl (notify_smtp.c) ---- */

struct ka_notify_smtp;

/*
 * An SMTP relay at `url` (smtp://host[:port] with STARTTLS required unless
 * the host is the loopback; smtps://host[:port]); `user` and `password`
 * (borrowed, copied; may be NULL) for AUTH. KA_ERR_USAGE with the reason
 * for another scheme or a missing host.
 */
int ka_notify_smtp_new(struct ka_notify_smtp **out, const char *url, const char *user,
                       const char *password, struct ka_diag *diag);
void ka_notify_smtp_free(struct ka_notify_smtp *s);
/* A sender that sends through `s` (borrowed for the sender's life). */
struct ka_notify_sender ka_notify_smtp_sender(struct ka_notify_smtp *s);
/*
 * Connects, says EHLO and NOOP (STARTTLS and AUTH as configured), and
 * leaves: 0 when the relay answered, KA_ERR_IO with the reason (refused,
 * timed out, TLS, authentication) otherwise.
 */
int ka_notify_smtp_check(struct ka_notify_smtp *s, struct ka_diag *diag);

#endif
