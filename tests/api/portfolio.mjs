// Shared pieces of the portfolio API tests: a small BPMN map generator and
// direct SQL for fixtures.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
/** A map with a start, tasks in lanes (with optional Kartla times) and an end, no DI. */
export function bpmn({ tasks = [{ id: 'T1', name: 'Register application', lane: 'L1' }], lanes = { L1: 'Case officer', L2: 'Expert' }, call = null } = {}) {
  const nodes = ['S', ...tasks.map((t) => t.id), ...(call ? [call.id] : []), 'E'];
  const laneOf = (id) => (tasks.find((t) => t.id === id) || {}).lane || 'L1';
  const laneXml = Object.entries(lanes)
    .map(
      ([id, name]) =>
        `<bpmn:lane id="${id}" name="${name}">${nodes
          .filter((n) => laneOf(n) === id)
          .map((n) => `<bpmn:flowNodeRef>${n}</bpmn:flowNodeRef>`)
          .join('')}</bpmn:lane>`,
    )
    .join('');
  const taskXml = tasks
    .map((t) => {
      // t.tr: the name's translations, {nb: ..., sv: ...} (MIWG i18n)
      const tr = Object.entries(t.tr || {})
        .map(([l, x]) => `<i18n:translation xml:lang="${l}">${x}</i18n:translation>`)
        .join('');
      const ext =
        t.pt || t.wt || tr
          ? `<bpmn:extensionElements>${tr}${t.pt ? `<kartla:processTime value="${t.pt}"/>` : ''}${t.wt ? `<kartla:waitTime value="${t.wt}"/>` : ''}</bpmn:extensionElements>`
          : '';
      return `<bpmn:userTask id="${t.id}" name="${t.name}">${ext}</bpmn:userTask>`;
    })
    .join('');
  const callXml = call ? `<bpmn:callActivity id="${call.id}" name="${call.name}" calledElement="${call.called}"/>` : '';
  const flows = nodes
    .slice(1)
    .map((n, i) => `<bpmn:sequenceFlow id="F${i}" sourceRef="${nodes[i]}" targetRef="${n}"/>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:kartla="urn:kartla:bpmn:1.0" xmlns:i18n="http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0" id="D" targetNamespace="urn:test">
<bpmn:process id="P" isExecutable="false"><bpmn:laneSet id="LS">${laneXml}</bpmn:laneSet>
<bpmn:startEvent id="S" name="Application received"/>${taskXml}${callXml}<bpmn:endEvent id="E" name="Decision sent"/>${flows}</bpmn:process>
</bpmn:definitions>`;
}

/**
 * Runs SQL straight against a test server's database (SQLite file or
 * PostgreSQL), for fixtures that have no API of their own here (role
 * assignments) and for checking the audit log. Returns the rows as text.
 */
export function sql(srv, statement) {
  if (srv.dbUrl) return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', srv.dbUrl, '-c', statement], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', path.join(srv.dir, 'kartla.db'), statement], { encoding: 'utf8' }).trim();
}
