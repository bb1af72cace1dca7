#!/usr/bin/env python3
"""db-fill.py DB: puts a bit of every kind of workspace data into a migrated SQLite database.

Written with Python's own sqlite3 module, independently of libkartla, for the
`kartla db` tests: unicode, NULLs, reals, a blob with NUL bytes, a gap in the
ids, and a unit whose parent has a higher id than itself.
"""
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA foreign_keys = ON")
x = db.execute
x("INSERT INTO settings (key, value) VALUES ('workspace', ?)", ('{"name": "Høgskolen i Årdal"}',))
x("INSERT INTO users (login, display_name, password_hash, is_admin) VALUES"
  " ('anna', 'Anna Ås', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', 1),"
  " ('bo', 'Bo Öst', NULL, 0), ('cay', 'Cay', NULL, 0)")
x("DELETE FROM users WHERE login = 'bo'")
x("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)"
  " VALUES ('h1', 1, 'c1', '2030-01-01T00:00:00Z')")
x("INSERT INTO units (name) VALUES ('Studieavdelingen')")
x("INSERT INTO units (name) VALUES ('Universitetet')")
x("UPDATE units SET parent_id = 2 WHERE id = 1")
x("INSERT INTO people (name, email, unit_id, user_id) VALUES ('Anna Ås', 'anna@example.org', 1, 1)")
x("INSERT INTO people (name, title) VALUES ('Åsa Öberg', 'Processhandledare')")
x("INSERT INTO handbook_pages (slug, title, markdown, visibility) VALUES"
  " ('metode', 'Metodehåndbok', ?, 'facilitators')", ('# Metode\n\n"Sitat" og \\ og \t tab',))
x("INSERT INTO attachments (page_id, name, mime, size, bytes) VALUES (1, 'a.pdf',"
  " 'application/pdf', 9, ?)", (b'%PDF\x00\xff\x80\n\x00',))
x("INSERT INTO role_schemes (key, name, preset, is_active) VALUES ('uni', 'Universitet', 'university', 1)")
x("INSERT INTO roles (scheme_id, key, name_nb, name_sv, name_en, level, kind, description_page_id)"
  " VALUES (1, 'owner', 'Prosesseier', 'Processägare', 'Process owner', 'strategic', 'owner', 1)")
x("INSERT INTO processes (type, name_nb, outline) VALUES ('core', 'Søknad om opptak', '1')")
x("INSERT INTO processes (type, name_nb, parent_id, outline, review_interval_days,"
  " next_review_date, specification) VALUES ('core', 'Registrere søknad', 1, '1.1', 365,"
  " '2025-09-01', ?)", ('{"purpose": "Få alle søknader registrert", "inputs": ["søknad"]}',))
x("INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date, mandate_source)"
  " VALUES (1, 1, 'process', 1, '2024-08-01', 'Delegasjonsreglementet § 3')")
x("INSERT INTO map_versions (process_id, variant, number, state, bpmn, author_id, findings)"
  " VALUES (1, 'as_is', 1, 'approved', '<definitions id=\"d\"/>', 1, '[]')")
x("INSERT INTO map_elements (version_id, element_id, type, name, lane, process_time, wait_time)"
  " VALUES (1, 'Task_1', 'task', 'Registrere søknad', 'Opptak', 600.5, 0.1)")
x("INSERT INTO approvals (version_id, action, actor_id, comment) VALUES (1, 'approve', 1, 'Godkjent')")
x("INSERT INTO networks (name, kind) VALUES ('Prosessveiledernettverket', 'network')")
x("INSERT INTO network_members (network_id, person_id, role) VALUES (1, 2, 'lead')")
x("INSERT INTO meetings (network_id, held_on, agenda) VALUES (1, '2025-02-03', 'Erfaringsutbyte')")
x("INSERT INTO courses (key, name) VALUES ('method', 'Metodekurs')")
x("INSERT INTO role_required_courses (role_id, course_id) VALUES (1, 1)")
x("INSERT INTO training_records (person_id, course_id, completed_on) VALUES (2, 1, '2024-11-20')")
x("INSERT INTO assignments (process_id, title, status, body) VALUES (1, 'Kartlegging av opptak',"
  " 'ongoing', '{\"scope\": \"overview\"}')")
x("INSERT INTO workshops (assignment_id, title, held_on, facilitator_id) VALUES (1, 'Workshop 1', '2025-03-01', 2)")
x("INSERT INTO ideas (assignment_id, workshop_id, kind, text, group_name, priority, votes)"
  " VALUES (1, 1, 'problem', 'Dobbeltregistrering', 'IT', 1, 4)")
x("INSERT INTO forms (process_id, template, title, body) VALUES (1, 'followup_plan', 'Oppfølging', '{}')")
x("INSERT INTO audit_log (user_id, actor, action, object_type, object_id, after_json)"
  " VALUES (1, 'anna', 'create', 'process', '1', '{\"name\": \"Søknad\"}')")
db.commit()
