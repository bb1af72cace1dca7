/*
 * The portfolio schema and its migrations, for SQLite and PostgreSQL.
 *
 * Tables are written once, in the common subset of both dialects, with
 * tokens for what differs (@ID@, @INT@, @REAL@, @BLOB@, @STRICT@, @NOW@);
 * full-text search, which really differs, has DDL per dialect. A migration
 * is a list of statements run in one transaction, after which its number is
 * recorded in `schema_version`. Released migrations are never edited: a
 * change is a new migration appended to the list.
 *
 * This file is data (the DDL of every released version, the search sources,
 * the table list) and only grows; it may pass 800 lines because splitting a
 * version's statements across files would hide what one migration does.
 * The code that runs it is in schema_run.c.
 */
#include <stdio.h>
#include <string.h>

#include "kartla/buf.h"
#include "kartla/schema.h"
#include "schema_int.h"
#include "store_int.h"
#include "kartla/banned.h"

/* Every foreign key, so that a restore can insert rows in any order and check at commit. */
#define FK " DEFERRABLE INITIALLY IMMEDIATE"

/* ---- version 1: the whole portfolio of issue 3 ---- */

static const char *const v1_common[] = {
    /* Workspace settings: one JSON value per key. */
    "CREATE TABLE settings ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL,"
    " updated_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",

    /* Accounts and security. */
    "CREATE TABLE users ("
    " id @ID@,"
    " login TEXT NOT NULL UNIQUE,"
    " display_name TEXT NOT NULL,"
    " email TEXT,"
    " password_hash TEXT," /* argon2id string from libsodium; NULL: no password login */
    " is_admin @INT@ NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),"
    " disabled @INT@ NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT)@STRICT@",

    "CREATE TABLE sessions ("
    " id @ID@,"
    " token_hash TEXT NOT NULL UNIQUE," /* hash of the cookie value, never the value */
    " user_id @INT@ NOT NULL REFERENCES users (id) ON DELETE CASCADE" FK ","
    " csrf_token TEXT NOT NULL,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " expires_at TEXT NOT NULL,"
    " last_seen_at TEXT,"
    " ip TEXT,"
    " user_agent TEXT)@STRICT@",
    "CREATE INDEX sessions_user ON sessions (user_id)",
    "CREATE INDEX sessions_expires ON sessions (expires_at)",

    "CREATE TABLE api_tokens ("
    " id @ID@,"
    " user_id @INT@ NOT NULL REFERENCES users (id) ON DELETE CASCADE" FK ","
    " name TEXT NOT NULL,"
    " token_hash TEXT NOT NULL UNIQUE,"
    " prefix TEXT NOT NULL DEFAULT ''," /* first characters, to tell tokens apart */
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " expires_at TEXT,"
    " last_used_at TEXT,"
    " revoked_at TEXT)@STRICT@",
    "CREATE INDEX api_tokens_user ON api_tokens (user_id)",

    "CREATE TABLE login_attempts ("
    " id @ID@,"
    " login TEXT NOT NULL,"
    " ip TEXT NOT NULL,"
    " at TEXT NOT NULL DEFAULT @NOW@,"
    " success @INT@ NOT NULL CHECK (success IN (0, 1)))@STRICT@",
    "CREATE INDEX login_attempts_login ON login_attempts (login, at)",
    "CREATE INDEX login_attempts_ip ON login_attempts (ip, at)",

    /* Organisation. */
    "CREATE TABLE units ("
    " id @ID@,"
    " parent_id @INT@ REFERENCES units (id) ON DELETE RESTRICT" FK ","
    " code TEXT,"
    " name TEXT NOT NULL,"
    " sort_order @INT@ NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT)@STRICT@",
    "CREATE UNIQUE INDEX units_name ON units (COALESCE(parent_id, 0), name)",
    "CREATE INDEX units_parent ON units (parent_id)",

    "CREATE TABLE people ("
    " id @ID@,"
    " name TEXT NOT NULL,"
    " email TEXT,"
    " title TEXT," /* job title */
    " unit_id @INT@ REFERENCES units (id) ON DELETE SET NULL" FK ","
    " user_id @INT@ UNIQUE REFERENCES users (id) ON DELETE SET NULL" FK ","
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT)@STRICT@",
    "CREATE INDEX people_unit ON people (unit_id)",

    /* The handbook (before roles: a role's description is a page). */
    "CREATE TABLE handbook_pages ("
    " id @ID@,"
    " parent_id @INT@ REFERENCES handbook_pages (id) ON DELETE RESTRICT" FK ","
    " slug TEXT NOT NULL,"
    " title TEXT NOT NULL,"
    " markdown TEXT NOT NULL DEFAULT '',"
    " visibility TEXT NOT NULL DEFAULT 'everyone'"
    "  CHECK (visibility IN ('everyone', 'signed_in', 'facilitators')),"
    " sort_order @INT@ NOT NULL DEFAULT 0,"
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT,"
    " updated_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ")@STRICT@",
    "CREATE UNIQUE INDEX handbook_pages_slug ON handbook_pages (COALESCE(parent_id, 0), slug)",
    "CREATE INDEX handbook_pages_parent ON handbook_pages (parent_id)",

    "CREATE TABLE attachments ("
    " id @ID@,"
    " page_id @INT@ NOT NULL REFERENCES handbook_pages (id) ON DELETE CASCADE" FK ","
    " name TEXT NOT NULL,"
    " mime TEXT NOT NULL,"
    " size @INT@ NOT NULL CHECK (size >= 0),"
    " bytes @BLOB@ NOT NULL,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " created_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " UNIQUE (page_id, name))@STRICT@",

    /* Role schemes (university, municipality, generic presets) and their roles. */
    "CREATE TABLE role_schemes ("
    " id @ID@,"
    " key TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " preset TEXT NOT NULL DEFAULT 'custom'"
    "  CHECK (preset IN ('university', 'municipality', 'generic', 'custom')),"
    " is_active @INT@ NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),"
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",

    "CREATE TABLE roles ("
    " id @ID@,"
    " scheme_id @INT@ NOT NULL REFERENCES role_schemes (id) ON DELETE CASCADE" FK ","
    " key TEXT NOT NULL,"
    " name_nb TEXT,"
    " name_sv TEXT,"
    " name_en TEXT,"
    " level TEXT CHECK (level IN ('strategic', 'tactical', 'operational')),"
    /* What the role may do, whatever it is called: drives permissions. */
    " kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('owner', 'responsible', 'team',"
    "  'advisor', 'resource', 'facilitator', 'steward', 'other')),"
    " description_page_id @INT@ REFERENCES handbook_pages (id) ON DELETE SET NULL" FK ","
    " sort_order @INT@ NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " UNIQUE (scheme_id, key),"
    " CHECK (COALESCE(name_nb, name_sv, name_en) IS NOT NULL))@STRICT@",

    /* The process architecture. */
    "CREATE TABLE processes ("
    " id @ID@,"
    " parent_id @INT@ REFERENCES processes (id) ON DELETE RESTRICT" FK ","
    " outline TEXT," /* "1.2.3" */
    " sort_order @INT@ NOT NULL DEFAULT 0,"
    " type TEXT NOT NULL CHECK (type IN ('core', 'support', 'management')),"
    " name_nb TEXT,"
    " name_sv TEXT,"
    " name_en TEXT,"
    " status TEXT NOT NULL DEFAULT 'draft'"
    "  CHECK (status IN ('draft', 'in_review', 'approved', 'retired')),"
    " review_interval_days @INT@ CHECK (review_interval_days > 0),"
    " next_review_date TEXT,"
    " specification TEXT NOT NULL DEFAULT '{}'," /* the approved specification (JSON) */
    " version @INT@ NOT NULL DEFAULT 1,"         /* bumped on every change: the ETag */
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT,"
    " created_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " CHECK (COALESCE(name_nb, name_sv, name_en) IS NOT NULL))@STRICT@",
    "CREATE UNIQUE INDEX processes_name_nb ON processes (COALESCE(parent_id, 0), name_nb)",
    "CREATE UNIQUE INDEX processes_name_sv ON processes (COALESCE(parent_id, 0), name_sv)",
    "CREATE UNIQUE INDEX processes_name_en ON processes (COALESCE(parent_id, 0), name_en)",
    "CREATE INDEX processes_parent ON processes (parent_id)",
    "CREATE INDEX processes_review ON processes (next_review_date)",

    "CREATE TABLE role_assignments ("
    " id @ID@,"
    " person_id @INT@ NOT NULL REFERENCES people (id) ON DELETE CASCADE" FK ","
    " role_id @INT@ NOT NULL REFERENCES roles (id) ON DELETE RESTRICT" FK ","
    " scope TEXT NOT NULL CHECK (scope IN ('process', 'unit', 'organisation')),"
    " process_id @INT@ REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " unit_id @INT@ REFERENCES units (id) ON DELETE CASCADE" FK ","
    " from_date TEXT NOT NULL,"
    " to_date TEXT,"
    " mandate_source TEXT," /* e.g. the delegation regulation */
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " CHECK ((scope = 'process' AND process_id IS NOT NULL AND unit_id IS NULL)"
    "  OR (scope = 'unit' AND unit_id IS NOT NULL AND process_id IS NULL)"
    "  OR (scope = 'organisation' AND process_id IS NULL AND unit_id IS NULL)),"
    " CHECK (to_date IS NULL OR to_date >= from_date))@STRICT@",
    "CREATE INDEX role_assignments_person ON role_assignments (person_id)",
    "CREATE INDEX role_assignments_role ON role_assignments (role_id)",
    "CREATE INDEX role_assignments_process ON role_assignments (process_id)",
    "CREATE INDEX role_assignments_unit ON role_assignments (unit_id)",

    /* Maps as versions: BPMN text, checker findings, the proposed specification. */
    "CREATE TABLE map_versions ("
    " id @ID@,"
    " process_id @INT@ NOT NULL REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " variant TEXT NOT NULL CHECK (variant IN ('as_is', 'to_be')),"
    " number @INT@ NOT NULL CHECK (number > 0),"
    " state TEXT NOT NULL DEFAULT 'draft'"
    "  CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'superseded')),"
    " bpmn TEXT NOT NULL,"
    " findings TEXT NOT NULL DEFAULT '[]'," /* JSON array from the checker */
    " specification TEXT,"                  /* JSON proposed with this version; NULL: unchanged */
    " author_id @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " submitted_at TEXT,"
    " decided_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " decided_at TEXT,"
    " comment TEXT,"
    " version @INT@ NOT NULL DEFAULT 1,"
    " UNIQUE (process_id, variant, number))@STRICT@",
    /* Only one approved (current) version per process and variant. */
    "CREATE UNIQUE INDEX map_versions_current ON map_versions (process_id, variant)"
    " WHERE state = 'approved'",

    /* Index rows derived from a version's BPMN on save. */
    "CREATE TABLE map_elements ("
    " id @ID@,"
    " version_id @INT@ NOT NULL REFERENCES map_versions (id) ON DELETE CASCADE" FK ","
    " element_id TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " name TEXT,"
    " lane_id TEXT,"
    " lane TEXT,"           /* the lane's name */
    " process_time @REAL@," /* seconds, from the Kartla extensions */
    " wait_time @REAL@,"
    " UNIQUE (version_id, element_id))@STRICT@",

    /* Governance: every submit, approval, rejection and comment on a version. */
    "CREATE TABLE approvals ("
    " id @ID@,"
    " version_id @INT@ NOT NULL REFERENCES map_versions (id) ON DELETE CASCADE" FK ","
    " action TEXT NOT NULL"
    "  CHECK (action IN ('submit', 'approve', 'reject', 'withdraw', 'comment')),"
    " actor_id @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " at TEXT NOT NULL DEFAULT @NOW@,"
    " comment TEXT)@STRICT@",
    "CREATE INDEX approvals_version ON approvals (version_id)",

    "CREATE TABLE training_tasks ("
    " id @ID@,"
    " process_id @INT@ NOT NULL REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " version_id @INT@ REFERENCES map_versions (id) ON DELETE SET NULL" FK ","
    " role_id @INT@ REFERENCES roles (id) ON DELETE CASCADE" FK ","
    " person_id @INT@ REFERENCES people (id) ON DELETE CASCADE" FK ","
    " title TEXT NOT NULL,"
    " due_date TEXT,"
    " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " done_at TEXT)@STRICT@",
    "CREATE INDEX training_tasks_process ON training_tasks (process_id)",

    /* Networks and teams, their members and meetings. */
    "CREATE TABLE networks ("
    " id @ID@,"
    " kind TEXT NOT NULL DEFAULT 'network' CHECK (kind IN ('network', 'team')),"
    " name TEXT NOT NULL UNIQUE,"
    " purpose TEXT,"
    " process_id @INT@ REFERENCES processes (id) ON DELETE SET NULL" FK ","
    " unit_id @INT@ REFERENCES units (id) ON DELETE SET NULL" FK ","
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",

    "CREATE TABLE network_members ("
    " id @ID@,"
    " network_id @INT@ NOT NULL REFERENCES networks (id) ON DELETE CASCADE" FK ","
    " person_id @INT@ NOT NULL REFERENCES people (id) ON DELETE CASCADE" FK ","
    " role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('lead', 'member')),"
    " joined_on TEXT,"
    " UNIQUE (network_id, person_id))@STRICT@",
    "CREATE INDEX network_members_person ON network_members (person_id)",

    "CREATE TABLE meetings ("
    " id @ID@,"
    " network_id @INT@ NOT NULL REFERENCES networks (id) ON DELETE CASCADE" FK ","
    " held_on TEXT NOT NULL,"
    " place TEXT,"
    " agenda TEXT,"
    " minutes TEXT,"
    " decisions TEXT,"
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",
    "CREATE INDEX meetings_network ON meetings (network_id, held_on)",

    /* Courses, which roles require them, and who took what. */
    "CREATE TABLE courses ("
    " id @ID@,"
    " key TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " description TEXT,"
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",

    "CREATE TABLE role_required_courses ("
    " id @ID@,"
    " role_id @INT@ NOT NULL REFERENCES roles (id) ON DELETE CASCADE" FK ","
    " course_id @INT@ NOT NULL REFERENCES courses (id) ON DELETE CASCADE" FK ","
    " UNIQUE (role_id, course_id))@STRICT@",

    "CREATE TABLE training_records ("
    " id @ID@,"
    " person_id @INT@ NOT NULL REFERENCES people (id) ON DELETE CASCADE" FK ","
    " course_id @INT@ NOT NULL REFERENCES courses (id) ON DELETE RESTRICT" FK ","
    " completed_on TEXT NOT NULL,"
    " note TEXT,"
    " UNIQUE (person_id, course_id, completed_on))@STRICT@",
    "CREATE INDEX training_records_course ON training_records (course_id)",

    /* Mapping assignments (the template as JSON), workshops, problems and ideas. */
    "CREATE TABLE assignments ("
    " id @ID@,"
    " process_id @INT@ REFERENCES processes (id) ON DELETE SET NULL" FK ","
    " title TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'planned'"
    "  CHECK (status IN ('planned', 'ongoing', 'analysed', 'documented', 'closed')),"
    " body TEXT NOT NULL DEFAULT '{}'," /* owner, facilitators, scope, dates, ... */
    " start_date TEXT,"
    " due_date TEXT,"
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT,"
    " created_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ")@STRICT@",
    "CREATE INDEX assignments_process ON assignments (process_id)",

    "CREATE TABLE workshops ("
    " id @ID@,"
    " assignment_id @INT@ NOT NULL REFERENCES assignments (id) ON DELETE CASCADE" FK ","
    " title TEXT NOT NULL,"
    " held_on TEXT,"
    " place TEXT,"
    " facilitator_id @INT@ REFERENCES people (id) ON DELETE SET NULL" FK ","
    " notes TEXT,"
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",
    "CREATE INDEX workshops_assignment ON workshops (assignment_id)",

    "CREATE TABLE ideas ("
    " id @ID@,"
    " assignment_id @INT@ REFERENCES assignments (id) ON DELETE CASCADE" FK ","
    " process_id @INT@ REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " workshop_id @INT@ REFERENCES workshops (id) ON DELETE SET NULL" FK ","
    " kind TEXT NOT NULL CHECK (kind IN ('problem', 'idea')),"
    " text TEXT NOT NULL,"
    " group_name TEXT,"
    " priority @INT@,"
    " votes @INT@ NOT NULL DEFAULT 0 CHECK (votes >= 0),"
    " status TEXT NOT NULL DEFAULT 'open'"
    "  CHECK (status IN ('open', 'planned', 'done', 'rejected')),"
    " created_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",
    "CREATE INDEX ideas_assignment ON ideas (assignment_id)",
    "CREATE INDEX ideas_process ON ideas (process_id)",

    /* The other templates as structured forms (JSON bodies). */
    "CREATE TABLE forms ("
    " id @ID@,"
    " process_id @INT@ REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " template TEXT NOT NULL CHECK (template IN ('process_inventory', 'resource_request',"
    "  'followup_plan', 'activity_plan', 'role_description')),"
    " title TEXT NOT NULL,"
    " body TEXT NOT NULL DEFAULT '{}',"
    " status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),"
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT,"
    " updated_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ")@STRICT@",
    "CREATE INDEX forms_process ON forms (process_id, template)",

    /* Every write: who, when, what, before and after (JSON). */
    "CREATE TABLE audit_log ("
    " id @ID@,"
    " at TEXT NOT NULL DEFAULT @NOW@,"
    " user_id @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " actor TEXT," /* the login at the time, kept when the user is deleted */
    " action TEXT NOT NULL,"
    " object_type TEXT NOT NULL,"
    " object_id TEXT,"
    " before_json TEXT,"
    " after_json TEXT)@STRICT@",
    "CREATE INDEX audit_log_object ON audit_log (object_type, object_id)",
    "CREATE INDEX audit_log_at ON audit_log (at)",

    /* One row per searchable object, kept by triggers; the search index covers it. */
    "CREATE TABLE search_docs ("
    " id @ID@,"
    " kind TEXT NOT NULL,"
    " ref_id @INT@ NOT NULL,"
    " process_id @INT@,"
    " vis @INT@ NOT NULL DEFAULT 0,"
    " title TEXT NOT NULL DEFAULT '',"
    " body TEXT NOT NULL DEFAULT '',"
    " UNIQUE (kind, ref_id))@STRICT@",
};

/* SQLite: an FTS5 index over search_docs (external content), kept in step by triggers. */
static const char *const v1_sqlite[] = {
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_docs',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN"
    " INSERT INTO search_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN"
    " INSERT INTO search_fts (search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN"
    " INSERT INTO search_fts (search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END",
};

/* PostgreSQL: a stored tsvector (title weighted A, body B) with a GIN index. */
static const char *const v1_pg[] = {
    "ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS"
    " (setweight(to_tsvector('simple', title), 'A') ||"
    " setweight(to_tsvector('simple', body), 'B')) STORED",
    "CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
};

/* ---- version 2: search and votes ---- */

/*
 * Version 2: the element rows of superseded versions leave the index (their
 * search documents go with them through the delete trigger), so search needs
 * no per-hit check that a version is still alive; from now on the approval
 * that supersedes a version deletes its rows (server/api_maps.c). And votes
 * on ideas are per person.
 */
static const char *const v2_common[] = {
    "DELETE FROM map_elements WHERE version_id IN"
    " (SELECT id FROM map_versions WHERE state = 'superseded')",
    /* One vote per person and idea (ideas.votes stays the count). */
    "CREATE TABLE idea_votes ("
    " id @ID@,"
    " idea_id @INT@ NOT NULL REFERENCES ideas (id) ON DELETE CASCADE" FK ","
    " user_id @INT@ NOT NULL REFERENCES users (id) ON DELETE CASCADE" FK ","
    " at TEXT NOT NULL DEFAULT @NOW@,"
    " UNIQUE (idea_id, user_id))@STRICT@",
    "CREATE INDEX idea_votes_user ON idea_votes (user_id)",
};

/* ---- version 3: risk analysis (issue 5) ---- */

static const char *const v3_common[] = {
    /*
     * Risk scales: one immutable row per scale the workspace has had. The
     * newest row is the current scale; every score names the row it was
     * made on, so changing the scale never rescales a stored score.
     */
    "CREATE TABLE risk_scales ("
    " id @ID@,"
    " key TEXT NOT NULL," /* the preset it came from ("se4", "no5") or "custom" */
    " size @INT@ NOT NULL CHECK (size BETWEEN 3 AND 6),"
    " definition TEXT NOT NULL," /* JSON: labels, thresholds, acceptance (lib/risk_scale.c) */
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " created_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ")@STRICT@",

    /* Risks of a process, optionally on one map element (by BPMN element id). */
    "CREATE TABLE risks ("
    " id @ID@,"
    " process_id @INT@ NOT NULL REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " element_id TEXT," /* NULL: the whole process */
    " title TEXT NOT NULL,"
    " event TEXT,"
    " cause TEXT,"
    " consequence TEXT,"
    " category TEXT,"
    " controls TEXT," /* existing controls */
    " owner_id @INT@ REFERENCES people (id) ON DELETE SET NULL" FK ","
    " unit_id @INT@ REFERENCES units (id) ON DELETE SET NULL" FK ","
    /*
     * The inherent score: likelihood and consequence levels on a scale; the
     * consequence *level* is `impact` (the text column `consequence` says what
     * would happen). R = L x C is computed, never stored.
     */
    " scale_id @INT@ REFERENCES risk_scales (id) ON DELETE RESTRICT" FK ","
    " likelihood @INT@ CHECK (likelihood BETWEEN 1 AND 6),"
    " impact @INT@ CHECK (impact BETWEEN 1 AND 6),"
    " assessed_at TEXT,"
    " decision TEXT CHECK (decision IN ('accept', 'act')),"
    " decision_rationale TEXT,"
    " decided_by @INT@ REFERENCES people (id) ON DELETE SET NULL" FK ","
    " decided_at TEXT,"
    /* residual score after actions */
    " residual_scale_id @INT@ REFERENCES risk_scales (id) ON DELETE RESTRICT" FK ","
    " residual_likelihood @INT@ CHECK (residual_likelihood BETWEEN 1 AND 6),"
    " residual_impact @INT@ CHECK (residual_impact BETWEEN 1 AND 6),"
    " residual_assessed_at TEXT,"
    " review_date TEXT,"
    " source_workshop TEXT,"
    " source_date TEXT,"
    " source_facilitator_id @INT@ REFERENCES people (id) ON DELETE SET NULL" FK ","
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT,"
    " created_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " CHECK ((likelihood IS NULL) = (impact IS NULL) AND (likelihood IS NULL) = (scale_id IS "
    "NULL)),"
    " CHECK ((residual_likelihood IS NULL) = (residual_impact IS NULL)"
    "  AND (residual_likelihood IS NULL) = (residual_scale_id IS NULL)))@STRICT@",
    "CREATE INDEX risks_process ON risks (process_id)",
    "CREATE INDEX risks_owner ON risks (owner_id)",
    "CREATE INDEX risks_unit ON risks (unit_id)",

    /* Actions on a risk. */
    "CREATE TABLE risk_actions ("
    " id @ID@,"
    " risk_id @INT@ NOT NULL REFERENCES risks (id) ON DELETE CASCADE" FK ","
    " title TEXT NOT NULL,"
    " responsible_id @INT@ REFERENCES people (id) ON DELETE SET NULL" FK ","
    " due_date TEXT,"
    " status TEXT NOT NULL DEFAULT 'planned'"
    "  CHECK (status IN ('planned', 'ongoing', 'done', 'cancelled')),"
    " cost @REAL@ CHECK (cost >= 0),"
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT)@STRICT@",
    "CREATE INDEX risk_actions_risk ON risk_actions (risk_id)",
    "CREATE INDEX risk_actions_due ON risk_actions (due_date)",

    /* Every assessment ever made (inherent or residual), with the scale it was made on. */
    "CREATE TABLE risk_scores ("
    " id @ID@,"
    " risk_id @INT@ NOT NULL REFERENCES risks (id) ON DELETE CASCADE" FK ","
    " kind TEXT NOT NULL CHECK (kind IN ('inherent', 'residual')),"
    " scale_id @INT@ NOT NULL REFERENCES risk_scales (id) ON DELETE RESTRICT" FK ","
    " likelihood @INT@ NOT NULL CHECK (likelihood BETWEEN 1 AND 6),"
    " impact @INT@ NOT NULL CHECK (impact BETWEEN 1 AND 6),"
    " at TEXT NOT NULL DEFAULT @NOW@,"
    " user_id @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ")@STRICT@",
    "CREATE INDEX risk_scores_risk ON risk_scores (risk_id, id)",
};

/* ---- version 4: event logs stored with a process (lib/logdb) ---- */

static const char *const v4_common[] = {
    /*
     * An uploaded event log: the file as sent (gzip-compressed when it was not),
     * the read options it was read with, and the analysis computed once at upload
     * (calendar time) as JSON {stats, variants, activities, dfg}.
     */
    "CREATE TABLE event_logs ("
    " id @ID@,"
    " process_id @INT@ NOT NULL REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " name TEXT NOT NULL,"
    " format TEXT NOT NULL CHECK (format IN ('csv', 'xes')),"
    " bytes @INT@ NOT NULL CHECK (bytes >= 0)," /* size of the file as uploaded */
    " data @BLOB@ NOT NULL,"                    /* the file, gzip-compressed */
    " options TEXT NOT NULL,"                   /* JSON: the read options */
    " skipped @INT@ NOT NULL DEFAULT 0,"
    " cases @INT@ NOT NULL,"
    " events @INT@ NOT NULL,"
    " activities @INT@ NOT NULL,"
    " analysis TEXT NOT NULL," /* JSON, computed at upload */
    " uploaded_at TEXT NOT NULL DEFAULT @NOW@,"
    " uploaded_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ")@STRICT@",
    "CREATE INDEX event_logs_process ON event_logs (process_id)",

    /* The user's corrections of the activity -> element matching of a process's logs. */
    "CREATE TABLE event_log_mappings ("
    " id @ID@,"
    " process_id @INT@ NOT NULL REFERENCES processes (id) ON DELETE CASCADE" FK ","
    " activity TEXT NOT NULL,"
    " element_id TEXT," /* NULL: deliberately not mapped */
    " updated_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " UNIQUE (process_id, activity))@STRICT@",
};

/* ---- version 5: search as people type ---- */

/*
 * The folded text of a search document: lower case (ASCII; PostgreSQL under
 * the "C" collation so that no locale lowers more than SQLite does), the
 * letters of the Nordic languages and their neighbours without diacritics
 * (æ→ae, ø→o, å→a, ä→a, ö→o, é→e, ß→ss, ...). Frozen with migration 5:
 * ka_search_fold() (lib/search/search_fold.c) folds a query the same way and
 * tests/unit/test_search.c checks the two agree on every letter listed here.
 */
#define FOLD_OPEN1                                                                                 \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace("
#define FOLD_CLOSE1                                                                                        \
	", 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'À', 'a'), 'Á', "     \
	"'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'ā', 'a'), 'Ā', 'a'), 'æ', 'ae'), 'Æ'," \
	" 'ae'), 'ç', 'c'), 'Ç', 'c'), 'č', 'c'), 'Č', 'c'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), "     \
	"'ë', 'e')"
#define FOLD_OPEN2                                                                                 \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace("
#define FOLD_CLOSE2                                                                                        \
	", 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', "     \
	"'i'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ð', 'd'), 'Ð', 'd'), 'ñ', 'n'), 'Ñ', " \
	"'n'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ø', 'o'), 'Ò', 'o'), 'Ó', " \
	"'o')"
#define FOLD_OPEN3                                                                                 \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(" \
	"replace(replace("
#define FOLD_CLOSE3                                                                                        \
	", 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', "     \
	"'u'), 'Ù', 'u'), 'Ú', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'þ', " \
	"'th'), 'Þ', 'th'), 'ß', 'ss'), 'œ', 'oe'), 'Œ', 'oe'), 'š', 's'), 'Š', 's'), 'ž', 'z'), "  \
	"'Ž', 'z')"

/* The three in one (PostgreSQL); SQLite's parser takes only some 30 nested calls. */
#define FOLD_SQL(x)                                                                                \
	"lower(" FOLD_OPEN3 FOLD_OPEN2 FOLD_OPEN1 x FOLD_CLOSE1 FOLD_CLOSE2 FOLD_CLOSE3 "@C@)"

/* Both: a map element's names by language, {"": name, "nb": ..., "sv": ...}, for search titles. */
static const char *const v5_common[] = {
    "ALTER TABLE map_elements ADD COLUMN names TEXT",
};

/*
 * SQLite: the folded text as a virtual column (computed when read; in three
 * steps, fold_a and fold_b on the way) and an FTS5 trigram index that keeps
 * it as written, so that a query word of three or more letters matches
 * anywhere inside a word ("soknad" in "byggesøknad").
 */
static const char *const v5_sqlite[] = {
    "ALTER TABLE search_docs ADD COLUMN fold_a TEXT GENERATED ALWAYS AS (" FOLD_OPEN1
    "title || ' ' || body" FOLD_CLOSE1 ") VIRTUAL",
    "ALTER TABLE search_docs ADD COLUMN fold_b TEXT GENERATED ALWAYS AS (" FOLD_OPEN2
    "fold_a" FOLD_CLOSE2 ") VIRTUAL",
    "ALTER TABLE search_docs ADD COLUMN fold TEXT GENERATED ALWAYS AS ("
    "lower(" FOLD_OPEN3 "fold_b" FOLD_CLOSE3 ")) VIRTUAL",
    /* its own copy of the folded text: read back for ranking without folding again */
    "CREATE VIRTUAL TABLE search_tri USING fts5(fold, tokenize='trigram')",
    "INSERT INTO search_tri (rowid, fold) SELECT id, fold FROM search_docs",
    "CREATE TRIGGER search_docs_tri_ai AFTER INSERT ON search_docs BEGIN"
    " INSERT INTO search_tri (rowid, fold) VALUES (new.id, new.fold); END",
    "CREATE TRIGGER search_docs_tri_ad AFTER DELETE ON search_docs BEGIN"
    " DELETE FROM search_tri WHERE rowid = old.id; END",
    "CREATE TRIGGER search_docs_tri_au AFTER UPDATE ON search_docs BEGIN"
    " DELETE FROM search_tri WHERE rowid = old.id;"
    " INSERT INTO search_tri (rowid, fold) VALUES (new.id, new.fold); END",
};

/*
 * PostgreSQL: the folded text stored, and a pg_trgm GIN index on it that
 * serves LIKE '%word%'. CREATE EXTENSION needs the CREATE privilege on the
 * database (pg_trgm is a trusted extension); without it the migration goes on
 * without the index and the same LIKE scans the table (slower, same hits).
 */
static const char *const v5_pg[] = {
    "ALTER TABLE search_docs ADD COLUMN fold text GENERATED ALWAYS AS (" FOLD_SQL(
        "title || ' ' || body") ") STORED",
    "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm;"
    " EXCEPTION WHEN OTHERS THEN"
    " RAISE NOTICE 'pg_trgm unavailable (%): search inside words scans the table', SQLERRM;"
    " END $$",
    "DO $$ DECLARE s text; BEGIN"
    " SELECT n.nspname INTO s FROM pg_extension e"
    " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';"
    " IF s IS NOT NULL THEN"
    " EXECUTE format('CREATE INDEX search_docs_fold ON search_docs USING GIN (fold "
    "%I.gin_trgm_ops)', s);"
    " END IF; END $$",
};

/* ---- version 6: read confirmation of approved versions (issue 13 §4, lib/portfolio/readconf.c)
 * ---- */

static const char *const v6_readconf[] = {
    /*
     * A "read and understood" task: one per approved version and person holding
     * a role on the process when it was approved. confirmed_by is the account
     * that confirmed; reminded_at and reminders count the reminders sent.
     */
    "CREATE TABLE read_confirmations ("
    " id @ID@,"
    " version_id @INT@ NOT NULL REFERENCES map_versions (id) ON DELETE CASCADE" FK ","
    " person_id @INT@ NOT NULL REFERENCES people (id) ON DELETE CASCADE" FK ","
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " confirmed_at TEXT,"
    " confirmed_by @INT@ REFERENCES users (id) ON DELETE SET NULL" FK ","
    " reminded_at TEXT,"
    " reminders @INT@ NOT NULL DEFAULT 0 CHECK (reminders >= 0),"
    " UNIQUE (version_id, person_id))@STRICT@",
    "CREATE INDEX read_confirmations_person ON read_confirmations (person_id)",
    "CREATE INDEX read_confirmations_open ON read_confirmations (confirmed_at)",
};

/* ---- version 7: e-mail notifications (lib/notify) ---- */

static const char *const v7_notify[] = {
    /*
     * The outbox: a message is queued in the same transaction as the change
     * that caused it and rendered when sent (kind + params + lang). state:
     * queued (waits for next_at), sending (claimed until lease_until; a crash
     * leaves it to be claimed again once the lease has passed), digest (waits
     * for the recipient's daily digest), digested (went out in one), sent.
     */
    "CREATE TABLE outbox ("
    " id @ID@,"
    " kind TEXT NOT NULL,"
    " user_id @INT@ REFERENCES users (id) ON DELETE CASCADE" FK ","
    " person_id @INT@ REFERENCES people (id) ON DELETE CASCADE" FK ","
    " to_addr TEXT NOT NULL,"
    " lang TEXT NOT NULL CHECK (lang IN ('nb', 'sv', 'en')),"
    " params TEXT NOT NULL DEFAULT '{}'," /* JSON: what the message is about */
    " state TEXT NOT NULL DEFAULT 'queued'"
    "  CHECK (state IN ('queued', 'sending', 'digest', 'digested', 'sent')),"
    " attempts @INT@ NOT NULL DEFAULT 0,"
    " next_at TEXT NOT NULL,"
    " lease_until TEXT,"
    " last_error TEXT,"
    " dedup TEXT UNIQUE," /* the periodic scan's key: queued at most once */
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " sent_at TEXT)@STRICT@",
    "CREATE INDEX outbox_due ON outbox (state, next_at)",
    "CREATE INDEX outbox_user ON outbox (user_id, state)",

    /* Per-person preferences; no row: immediately, in the workspace language. */
    "CREATE TABLE notify_prefs ("
    " user_id @INT@ PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE" FK ","
    " mode TEXT NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'digest', 'off')),"
    " language TEXT CHECK (language IN ('nb', 'sv', 'en')),"
    " last_digest TEXT," /* the day (YYYY-MM-DD) the last digest was queued */
    " updated_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",
};

#define NAMES3                                                                                     \
	"trim(COALESCE(NEW.name_nb, '') || ' ' || COALESCE(NEW.name_sv, '') || ' ' || "            \
	"COALESCE(NEW.name_en, ''))"

static const struct ka_schema_search_source search_sources[] = {
    {"processes", "process", "name_nb, name_sv, name_en, specification", "NEW.id", "0", NAMES3,
     /* the specification's string values, not its keys */
     "COALESCE((SELECT group_concat(value, ' ') FROM json_tree(NEW.specification)"
     " WHERE type = 'text'), '')",
     "COALESCE((SELECT string_agg(v #>> '{}', ' ') FROM"
     " jsonb_path_query(NEW.specification::jsonb, 'strict $.**') AS v"
     " WHERE jsonb_typeof(v) = 'string'), '')"},
    {"map_elements", "element", "name",
     "(SELECT process_id FROM map_versions WHERE id = NEW.version_id)", "0",
     "COALESCE(NEW.name, '')", "''", NULL},
    {"roles", "role", "key, name_nb, name_sv, name_en", "NULL", "0", NAMES3 " || ' ' || NEW.key",
     "''", NULL},
    {"people", "person", "name, title", "NULL", "0", "NEW.name", "COALESCE(NEW.title, '')", NULL},
    {"handbook_pages", "page", "title, markdown, visibility", "NULL",
     "CASE NEW.visibility WHEN 'everyone' THEN 0 WHEN 'signed_in' THEN 1 ELSE 2 END", "NEW.title",
     "substr(NEW.markdown, 1, 200000)", NULL},
};

/* ---- version 8: sign-in with OpenID Connect ---- */

/*
 * users.oidc_subject: the value of the configured claim (--oidc-claim) that
 * signs this account in through the provider (NULL: none). oidc_states: one
 * row per sign-in begun and not yet finished (the state's hash, the nonce and
 * the PKCE verifier), deleted when the provider sends the browser back
 * (single use) or when expired.
 */
static const char *const v8_oidc[] = {
    "ALTER TABLE users ADD COLUMN oidc_subject TEXT",
    "CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_subject)",
    "CREATE TABLE oidc_states ("
    " id @ID@,"
    " state_hash TEXT NOT NULL UNIQUE,"
    " nonce TEXT NOT NULL,"
    " verifier TEXT NOT NULL,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " expires_at TEXT NOT NULL)@STRICT@",
    "CREATE INDEX oidc_states_expires ON oidc_states (expires_at)",
};

/* ---- version 9: the workshop loop (issue 11 section 4) ---- */

/*
 * Workshops get their participants (free-text names, no accounts) and N
 * votes per signed-in participant (NULL: one vote per person and idea, as
 * before); idea_votes.n counts a person's votes on one idea (up to N over
 * the workshop's ideas). idea_dots: the dots a facilitator recorded from a
 * workshop wall per idea and workshop; ideas.dots is their sum, so the
 * board's total is dots + votes. plan_items: the activity plan of an
 * assignment, one row per improvement with a responsible person from the
 * register, a due date and a status.
 */
static const char *const v9_workshops[] = {
    "ALTER TABLE workshops ADD COLUMN participants TEXT",
    "ALTER TABLE workshops ADD COLUMN votes_per_participant @INT@"
    " CHECK (votes_per_participant BETWEEN 1 AND 100)",
    "ALTER TABLE idea_votes ADD COLUMN n @INT@ NOT NULL DEFAULT 1 CHECK (n >= 1)",
    "ALTER TABLE ideas ADD COLUMN dots @INT@ NOT NULL DEFAULT 0 CHECK (dots >= 0)",
    "CREATE TABLE idea_dots ("
    " id @ID@,"
    " idea_id @INT@ NOT NULL REFERENCES ideas (id) ON DELETE CASCADE" FK ","
    " workshop_id @INT@ NOT NULL REFERENCES workshops (id) ON DELETE CASCADE" FK ","
    " dots @INT@ NOT NULL CHECK (dots >= 0),"
    " UNIQUE (idea_id, workshop_id))@STRICT@",
    "CREATE INDEX idea_dots_workshop ON idea_dots (workshop_id)",
    "CREATE TABLE plan_items ("
    " id @ID@,"
    " assignment_id @INT@ NOT NULL REFERENCES assignments (id) ON DELETE CASCADE" FK ","
    " idea_id @INT@ REFERENCES ideas (id) ON DELETE SET NULL" FK ","
    " improvement TEXT NOT NULL,"
    " responsible_id @INT@ REFERENCES people (id) ON DELETE SET NULL" FK ","
    " due_date TEXT,"
    " status TEXT NOT NULL DEFAULT 'planned'"
    "  CHECK (status IN ('planned', 'ongoing', 'done', 'dropped')),"
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@,"
    " updated_at TEXT)@STRICT@",
    "CREATE INDEX plan_items_assignment ON plan_items (assignment_id)",
};

/* ---- version 10: managed risk categories ---- */

/*
 * risk_categories: the workspace's managed, translated list of risk
 * categories (a stable code, names in nb/sv/en, an order). The free-text
 * categories risks had are folded (surrounding whitespace and case) into
 * one entry each, named by the smallest of its spellings (MIN; an admin renames
 * it and adds the translations), and the risks refer to its code.
 */
static const char *const v10_risk_categories[] = {
    "CREATE TABLE risk_categories ("
    " id @ID@,"
    " code TEXT NOT NULL UNIQUE,"
    " name_nb TEXT NOT NULL,"
    " name_sv TEXT NOT NULL,"
    " name_en TEXT NOT NULL,"
    " sort_order @INT@ NOT NULL DEFAULT 0,"
    " version @INT@ NOT NULL DEFAULT 1,"
    " created_at TEXT NOT NULL DEFAULT @NOW@)@STRICT@",
    "INSERT INTO risk_categories (code, name_nb, name_sv, name_en)"
    " SELECT lower(trim(category)), MIN(trim(category)), MIN(trim(category)),"
    " MIN(trim(category)) FROM risks WHERE trim(COALESCE(category, '')) <> ''"
    " GROUP BY lower(trim(category))",
    ("UPDATE risks SET category = CASE WHEN trim(category) = '' THEN NULL"
     " ELSE lower(trim(category)) END WHERE category IS NOT NULL"),
};

/* ---- version 11: a change counter for the in-memory search index ---- */

/*
 * SQLite: search_gen holds one counter that every change of search_docs
 * raises in its own transaction, so that a reader knows from one number
 * whether an in-memory index (search.h, struct ka_search_index) still shows
 * what its transaction sees. SQLite serialises writers, so the one row is no
 * contention. PostgreSQL has no in-memory index (several servers may share
 * the database) and needs no counter.
 */
static const char *const v11_sqlite[] = {
    "CREATE TABLE search_gen (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " gen INTEGER NOT NULL) STRICT",
    "INSERT INTO search_gen (id, gen) VALUES (1, 1)",
    "CREATE TRIGGER search_docs_gen_ai AFTER INSERT ON search_docs BEGIN"
    " UPDATE search_gen SET gen = gen + 1 WHERE id = 1; END",
    "CREATE TRIGGER search_docs_gen_ad AFTER DELETE ON search_docs BEGIN"
    " UPDATE search_gen SET gen = gen + 1 WHERE id = 1; END",
    "CREATE TRIGGER search_docs_gen_au AFTER UPDATE ON search_docs BEGIN"
    " UPDATE search_gen SET gen = gen + 1 WHERE id = 1; END",
};

/* ---- version 12: search documents rewritten only when they change ---- */

/*
 * The search triggers of every source are replaced (schema_run.c, with
 * search_triggers = 2) by ones that leave a search document alone when the
 * source row's update does not change it: an approval updates the process
 * row, whose name and text stay as they were. SQLite: the word and trigram
 * indexes follow a document's update only when its title or body changed (a
 * change of visibility or process alone leaves their rows as they are). No
 * data changes: what the indexes hold is the same.
 */
static const char *const v12_sqlite[] = {
    "DROP TRIGGER search_docs_au",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs"
    " WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN"
    " INSERT INTO search_fts (search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "DROP TRIGGER search_docs_tri_au",
    "CREATE TRIGGER search_docs_tri_au AFTER UPDATE ON search_docs"
    " WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN"
    " DELETE FROM search_tri WHERE rowid = old.id;"
    " INSERT INTO search_tri (rowid, fold) VALUES (new.id, new.fold); END",
};

static const struct ka_schema_migration migrations[] = {
    {1, "initial portfolio schema", v1_common, v1_sqlite, v1_pg,
     sizeof(v1_common) / sizeof(v1_common[0]), sizeof(v1_sqlite) / sizeof(v1_sqlite[0]),
     sizeof(v1_pg) / sizeof(v1_pg[0]), 1},
    {2, "superseded versions leave the search index; votes per person", v2_common, NULL, NULL,
     sizeof(v2_common) / sizeof(v2_common[0]), 0, 0, 0},
    {3, "risk analysis", v3_common, NULL, NULL, sizeof(v3_common) / sizeof(v3_common[0]), 0, 0, 0},
    {4, "event logs stored with a process", v4_common, NULL, NULL,
     sizeof(v4_common) / sizeof(v4_common[0]), 0, 0, 0},
    {5, "search regardless of diacritics and inside words", v5_common, v5_sqlite, v5_pg,
     sizeof(v5_common) / sizeof(v5_common[0]), sizeof(v5_sqlite) / sizeof(v5_sqlite[0]),
     sizeof(v5_pg) / sizeof(v5_pg[0]), 0},
    {6, "read confirmation of approved versions", v6_readconf, NULL, NULL,
     sizeof(v6_readconf) / sizeof(v6_readconf[0]), 0, 0, 0},
    {7, "e-mail notifications: outbox and preferences", v7_notify, NULL, NULL,
     sizeof(v7_notify) / sizeof(v7_notify[0]), 0, 0, 0},
    {8, "sign-in with OpenID Connect", v8_oidc, NULL, NULL, sizeof(v8_oidc) / sizeof(v8_oidc[0]), 0,
     0, 0},
    {9, "the workshop loop: participants, N votes, recorded dots, activity-plan items",
     v9_workshops, NULL, NULL, sizeof(v9_workshops) / sizeof(v9_workshops[0]), 0, 0, 0},
    {10, "managed risk categories", v10_risk_categories, NULL, NULL,
     sizeof(v10_risk_categories) / sizeof(v10_risk_categories[0]), 0, 0, 0},
    {11, "a change counter for the in-memory search index", NULL, v11_sqlite, NULL, 0,
     sizeof(v11_sqlite) / sizeof(v11_sqlite[0]), 0, 0},
    {12, "search documents rewritten only when they change", NULL, v12_sqlite, NULL, 0,
     sizeof(v12_sqlite) / sizeof(v12_sqlite[0]), 0, 2},
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == KA_SCHEMA_VERSION,
               "one migration per schema version");

static const struct ka_schema_table tables[] = {
    {"settings", "key", 0, 1},
    {"users", "id", 1, 1},
    {"sessions", "id", 1, 1},
    {"api_tokens", "id", 1, 1},
    {"login_attempts", "id", 1, 1},
    {"units", "id", 1, 1},
    {"people", "id", 1, 1},
    {"handbook_pages", "id", 1, 1},
    {"attachments", "id", 1, 1},
    {"role_schemes", "id", 1, 1},
    {"roles", "id", 1, 1},
    {"processes", "id", 1, 1},
    {"role_assignments", "id", 1, 1},
    {"map_versions", "id", 1, 1},
    {"map_elements", "id", 1, 1},
    {"approvals", "id", 1, 1},
    {"training_tasks", "id", 1, 1},
    {"networks", "id", 1, 1},
    {"network_members", "id", 1, 1},
    {"meetings", "id", 1, 1},
    {"courses", "id", 1, 1},
    {"role_required_courses", "id", 1, 1},
    {"training_records", "id", 1, 1},
    {"assignments", "id", 1, 1},
    {"workshops", "id", 1, 1},
    {"ideas", "id", 1, 1},
    {"idea_votes", "id", 1, 2},
    {"forms", "id", 1, 1},
    {"audit_log", "id", 1, 1},
    {"risk_scales", "id", 1, 3},
    {"risks", "id", 1, 3},
    {"risk_actions", "id", 1, 3},
    {"risk_scores", "id", 1, 3},
    {"event_logs", "id", 1, 4},
    {"event_log_mappings", "id", 1, 4},
    {"read_confirmations", "id", 1, 6},
    {"outbox", "id", 1, 7},
    {"notify_prefs", "user_id", 0, 7},
    {"oidc_states", "id", 1, 8},
    {"idea_dots", "id", 1, 9},
    {"plan_items", "id", 1, 9},
    {"risk_categories", "id", 1, 10},
};

const struct ka_schema_migration *ka_schema_migrations(size_t *n)
{
	*n = sizeof(migrations) / sizeof(migrations[0]);
	return migrations;
}

const struct ka_schema_search_source *ka_schema_search_sources(size_t *n)
{
	*n = sizeof(search_sources) / sizeof(search_sources[0]);
	return search_sources;
}

const struct ka_schema_table *ka_schema_tables(size_t *n)
{
	*n = sizeof(tables) / sizeof(tables[0]);
	return tables;
}

const struct ka_schema_table *ka_schema_table_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (!strcmp(tables[i].name, name))
			return &tables[i];
	return NULL;
}

/* ---- full-text search ---- */

#define SEARCH_MAX_WORDS 16
#define SEARCH_MAX_WORD  200

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

int ka_store_search_match(enum ka_dialect d, const char *text, struct ka_buf *out)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	int words = 0, err = 0;

	ka_buf_reset(out);
	while (*s && words < SEARCH_MAX_WORDS && !err) {
		const unsigned char *w;
		size_t len;

		while (*s && !word_byte(*s))
			s++;
		w = s;
		while (word_byte(*s))
			s++;
		len = (size_t)(s - w);
		if (!len || len > SEARCH_MAX_WORD)
			continue;
		/* Only letters, digits and non-ASCII bytes: nothing to escape in either syntax. */
		if (d == KA_DIALECT_PG)
			err = ka_buf_addf(out, "%s'%.*s':*", words ? " & " : "", (int)len,
			                  (const char *)w);
		else
			err = ka_buf_addf(out, "%s\"%.*s\"*", words ? " " : "", (int)len,
			                  (const char *)w);
		words++;
	}
	if (!err && !words)
		err = KA_ERR_INVALID;
	return err;
}
