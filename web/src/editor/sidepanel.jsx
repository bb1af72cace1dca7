// The editor's side panel: an element's Kartla data — its names in the
// workspace languages (editor/namefields.jsx), process and wait time, %C&A,
// value-adding, RACI per lane and role, and a branch's probability.
import { useRef, useState } from 'preact/hooks';
import { t, getLang } from '../i18n.js';
import { kartlaGet, kartlaSet } from '../bpmn.js';
import { roleName } from '../parts.jsx';
import { formatDuration, parseDuration } from '../duration.js';
import { NumberField } from '../inputs.jsx';
import { NameFields } from './namefields.jsx';

const isActivity = (bo) =>
  /^bpmn:(Task|UserTask|ManualTask|ServiceTask|SendTask|ReceiveTask|ScriptTask|BusinessRuleTask|SubProcess|CallActivity)$/.test(bo?.$type);
const isBranch = (bo) => bo?.$type === 'bpmn:SequenceFlow' && /^bpmn:(ExclusiveGateway|InclusiveGateway)$/.test(bo.sourceRef?.$type);

/* The element kinds a person reads in the panel's heading, in the UI language. */
const KINDS = {
  'bpmn:Task': 'Task',
  'bpmn:UserTask': 'User task',
  'bpmn:ManualTask': 'Manual task',
  'bpmn:ServiceTask': 'Service task',
  'bpmn:SendTask': 'Send task',
  'bpmn:ReceiveTask': 'Receive task',
  'bpmn:ScriptTask': 'Script task',
  'bpmn:BusinessRuleTask': 'Business rule task',
  'bpmn:SubProcess': 'Sub-process',
  'bpmn:CallActivity': 'Call activity',
  'bpmn:StartEvent': 'Start event',
  'bpmn:EndEvent': 'End event',
  'bpmn:IntermediateCatchEvent': 'Intermediate event',
  'bpmn:IntermediateThrowEvent': 'Intermediate event',
  'bpmn:BoundaryEvent': 'Boundary event',
  'bpmn:ExclusiveGateway': 'Exclusive gateway',
  'bpmn:ParallelGateway': 'Parallel gateway',
  'bpmn:InclusiveGateway': 'Inclusive gateway',
  'bpmn:EventBasedGateway': 'Event-based gateway',
  'bpmn:ComplexGateway': 'Complex gateway',
  'bpmn:SequenceFlow': 'Sequence flow',
  'bpmn:MessageFlow': 'Message flow',
  'bpmn:Association': 'Association',
  'bpmn:DataObjectReference': 'Data object',
  'bpmn:DataStoreReference': 'Data store',
  'bpmn:TextAnnotation': 'Text annotation',
  'bpmn:Group': 'Group',
  'bpmn:Participant': 'Pool',
  'bpmn:Lane': 'Lane',
  'bpmn:Process': 'Process',
  'bpmn:Collaboration': 'Collaboration',
};
/** An element's kind as a person reads it ("Simbana", not "Lane"). */
export const kindName = (type) => (KINDS[type] ? t(KINDS[type]) : (type || '').replace(/^bpmn:/, ''));

/** An ISO 8601 duration of the map as people read it in the UI language ("3 dagar"). */
const shownDuration = (iso) => (iso ? (formatDuration(iso, getLang()) ?? iso) : '');

/*
 * A time of an activity: one value, or three points (min / most likely / max),
 * typed as people write it ("3 dagar", "2 timmar 30 min", "1,5 h", "PT2H";
 * web/src/duration.js) and stored as ISO 8601. What the user types is kept as a
 * draft until the field is left (change), so a re-render meanwhile (a check
 * result arriving) never resets the text under the cursor; three points are
 * written to the model only when all three are filled (or all emptied), never
 * half, which the server would reject. A text that is no duration stays in its
 * field, marked (aria-invalid, the message in the UI language), and is reported
 * through onInvalid so the check panel counts it and save is refused.
 */
function TimeField({ label, el, modeler, type, onChange, inputErrors, onInvalid }) {
  const cur = kartlaGet(el.businessObject, type);
  const [three, setThree] = useState(!!(cur && cur.min));
  const drafts = useRef({});
  const [, redraw] = useState(0);
  const setDrafts = (d) => {
    drafts.current = d;
    redraw((x) => x + 1);
  };
  const key = (k) => `${el.id}|${type}.${k}`;
  const val = (k) => drafts.current[k] ?? inputErrors[key(k)]?.text ?? shownDuration(cur && cur[k]);
  const type_ = (k, v) => setDrafts({ ...drafts.current, [k]: v });
  // '' for an empty field, the ISO text, or undefined after marking the field.
  const parse = (k, v) => {
    if (!String(v).trim()) {
      onInvalid(key(k), null);
      return '';
    }
    const r = parseDuration(v, getLang());
    onInvalid(key(k), r.error ? { element: el.id, field: `${type}.${k}`, text: v, short: r.error, message: `${label}: ${r.error}` } : null);
    return r.error ? undefined : r.iso;
  };
  const set = (k, v) => {
    const now = kartlaGet(el.businessObject, type);
    if (!three) {
      const d = parse(k, v);
      if (d === undefined) return setDrafts({ ...drafts.current, [k]: v });
      kartlaSet(modeler, el, type, d ? { value: d } : null);
      setDrafts({});
      return onChange();
    }
    const next = { ...drafts.current, [k]: v };
    const attrs = {};
    for (const f of ['min', 'mostLikely', 'max']) {
      const text = next[f] ?? inputErrors[key(f)]?.text ?? shownDuration(now && now[f]);
      attrs[f] = f === k ? parse(f, text) : inputErrors[key(f)] ? undefined : parseDuration(text, getLang()).iso || '';
    }
    if (Object.values(attrs).includes(undefined)) return setDrafts(next);
    const filled = Object.values(attrs).filter(Boolean).length;
    if (filled === 1 || filled === 2) return setDrafts(next);
    kartlaSet(modeler, el, type, filled ? attrs : null);
    setDrafts({});
    return onChange();
  };
  const id = `${type}-${el.id}`;
  const input = (k, text) => {
    const bad = inputErrors[key(k)];
    return (
      <div class="field" key={k}>
        <label for={`${id}-${k}`}>{text}</label>
        <input
          id={`${id}-${k}`}
          name={`${type}.${k}`}
          value={val(k)}
          autocomplete="off"
          aria-invalid={bad ? 'true' : undefined}
          aria-describedby={bad ? `${id}-${k}-err` : undefined}
          onInput={(e) => type_(k, e.currentTarget.value)}
          onChange={(e) => set(k, e.currentTarget.value)}
          placeholder={shownDuration('PT2H30M')}
        />
        {bad && (
          <span class="field-error" id={`${id}-${k}-err`} role="alert">
            {bad.short}
          </span>
        )}
      </div>
    );
  };
  return (
    <fieldset class="time">
      <legend>{label}</legend>
      <label class="inline">
        <input type="checkbox" checked={three} onChange={(e) => setThree(e.currentTarget.checked)} /> {t('min / most likely / max')}
      </label>
      {three
        ? ['min', 'mostLikely', 'max'].map((k) => input(k, { min: t('Minimum'), mostLikely: t('Most likely'), max: t('Maximum') }[k]))
        : input('value', t('Time, e.g. 3 days, 2 hours 30 min or PT2H'))}
    </fieldset>
  );
}

export function SidePanel({ el, modeler, names, roles, tick, onChange, inputErrors, onInvalid }) {
  if (!el) return <p class="muted">{t('Select an element to edit its Kartla data.')}</p>;
  const bo = el.businessObject;
  const ca = kartlaGet(bo, 'CompleteAccurate');
  const va = kartlaGet(bo, 'ValueAdding');
  const pr = kartlaGet(bo, 'Probability');
  const raci = kartlaGet(bo, 'Raci');
  // RACI: one row per lane of the map (role = the lane's name, by convention) and
  // per role of the process's role scheme; one entry per letter, so R and A can
  // both be held. Swedish shows HUKI (U = R, H = A, K = C, I = I).
  const entries = raci?.responsibilities || [];
  // A lane's row is its entries by lane id (the lane's name is shown in the UI
  // language, the stored role may be in another); a role's row by name.
  const inRow = (r, row) => (row.lane && r.lane ? r.lane === row.lane : r.role === row.role);
  const has = (row, letter) => entries.some((r) => inRow(r, row) && r.value === letter);
  const lanes = modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:Lane' && e.businessObject.name);
  const rows = lanes.map((l) => ({ role: l.businessObject.name, lane: l.id }));
  for (const r of roles) {
    const name = roleName(r);
    if (!rows.some((x) => x.role === name)) rows.push({ role: name });
  }
  const toggleRaci = (row, letter, on) => {
    const moddle = modeler.get('moddle');
    const list = entries.filter((r) => !(inRow(r, row) && r.value === letter)).map((r) => ({ role: r.role, lane: r.lane, value: r.value }));
    if (on) list.push({ role: row.role, lane: row.lane, value: letter });
    const resp = list.map((r) => moddle.create('kartla:Responsibility', Object.fromEntries(Object.entries(r).filter(([, v]) => v))));
    kartlaSet(modeler, el, 'Raci', list.length ? { responsibilities: resp } : null);
    onChange();
  };
  const letters =
    getLang() === 'sv'
      ? [
          ['R', 'U'],
          ['A', 'H'],
          ['C', 'K'],
          ['I', 'I'],
        ]
      : [
          ['R', 'R'],
          ['A', 'A'],
          ['C', 'C'],
          ['I', 'I'],
        ];
  return (
    <div class="sidepanel" data-tick={tick}>
      <h3>
        {kindName(bo.$type)} <span class="muted">{el.id}</span>
      </h3>
      <NameFields el={el} names={names} onChange={onChange} />
      {isActivity(bo) && (
        <>
          <TimeField
            key={`p${el.id}`}
            label={t('Process time')}
            el={el}
            modeler={modeler}
            type="ProcessTime"
            onChange={onChange}
            inputErrors={inputErrors}
            onInvalid={onInvalid}
          />
          <TimeField
            key={`w${el.id}`}
            label={t('Wait time')}
            el={el}
            modeler={modeler}
            type="WaitTime"
            onChange={onChange}
            inputErrors={inputErrors}
            onInvalid={onInvalid}
          />
          <NumberField
            key={`ca${el.id}`}
            id="el-ca"
            name="completeAccurate"
            label={t('Complete and accurate (%C&A)')}
            lo={0}
            hi={100}
            value={ca?.percent ?? null}
            pending={inputErrors[`${el.id}|completeAccurate`]}
            onInvalid={(m, text) =>
              onInvalid(
                `${el.id}|completeAccurate`,
                m && { element: el.id, field: 'completeAccurate', text, short: m, message: `${t('Complete and accurate (%C&A)')}: ${m}` },
              )
            }
            onValue={(v) => {
              kartlaSet(modeler, el, 'CompleteAccurate', v === null ? null : { percent: v });
              onChange();
            }}
          />
          <div class="field">
            <label for="el-va">{t('Value-adding')}</label>
            <select
              id="el-va"
              name="valueAdding"
              value={va ? String(va.value) : ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                kartlaSet(modeler, el, 'ValueAdding', v === '' ? null : { value: v === 'true' });
                onChange();
              }}
            >
              <option value="">{t('(not set)')}</option>
              <option value="true">{t('Yes')}</option>
              <option value="false">{t('No')}</option>
            </select>
          </div>
          {rows.length > 0 && (
            <fieldset class="raci">
              <legend>{getLang() === 'sv' ? 'HUKI' : 'RACI'}</legend>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('Role')}</th>
                    {letters.map(([v, shown]) => (
                      <th scope="col" key={v}>
                        {shown}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.role}>
                      <th scope="row">{row.role}</th>
                      {letters.map(([v, shown]) => (
                        <td key={v}>
                          <input
                            type="checkbox"
                            checked={has(row, v)}
                            aria-label={`${row.role}: ${shown}`}
                            onChange={(e) => toggleRaci(row, v, e.currentTarget.checked)}
                          />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          )}
        </>
      )}
      {isBranch(bo) && (
        <NumberField
          key={`pr${el.id}`}
          id="el-prob"
          name="probability"
          label={t('Probability (0–1)')}
          lo={0}
          hi={1}
          value={pr?.value ?? null}
          pending={inputErrors[`${el.id}|probability`]}
          onInvalid={(m, text) =>
            onInvalid(`${el.id}|probability`, m && { element: el.id, field: 'probability', text, short: m, message: `${t('Probability (0–1)')}: ${m}` })
          }
          onValue={(v) => {
            kartlaSet(modeler, el, 'Probability', v === null ? null : { value: v });
            onChange();
          }}
        />
      )}
    </div>
  );
}
