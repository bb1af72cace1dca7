// Mapping assignments: the list and the assignment form, workshops, and the
// problems-and-ideas board (add quickly during a workshop, group, vote, turn
// an item into an activity-plan item).
import { useState } from 'preact/hooks';
import { all, del, get, patch, post } from '../api.js';
import { t, getLang } from '../i18n.js';
import { formatNumber, numberError, parseNumber } from '../duration.js';
import { A, Field, FormError, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';
import { CrudList } from '../crud.jsx';
import { flatten } from '../parts.jsx';
import { DotsInput, Workshops } from '../panels/workshops.jsx';

export const assignmentStatus = (s) =>
  ({ planned: t('Planned'), ongoing: t('Ongoing'), analysed: t('Analysed'), documented: t('Documented'), closed: t('Closed') })[s] || s;

export function Assignments({ me }) {
  const [tree, error] = useLoad(() => get('/api/processes?tree=1'), []);
  if (!tree) return <Loading error={error} />;
  const procs = flatten(tree.items);
  const pm = new Map(procs.map((p) => [p.id, p]));
  return (
    <div>
      <h1>{t('Mapping assignments')}</h1>
      <CrudList
        title={t('Assignments')}
        path="/api/assignments"
        canCreate
        columns={[
          [t('Title'), (a) => <A to={`/assignments/${a.id}`}>{a.title}</A>],
          [t('Process'), (a) => nameOf(pm.get(a.process_id)?.name)],
          [t('Status'), (a) => assignmentStatus(a.status)],
          [t('Due'), (a) => fmtDate(a.due_date)],
        ]}
        fields={[
          { name: 'title', label: t('Title'), required: true },
          { name: 'process_id', label: t('Process'), ref: true, options: procs.map((p) => [p.id, `${p.outline} ${nameOf(p.name)}`]) },
          { name: 'start_date', label: t('Start'), type: 'date' },
          { name: 'due_date', label: t('Due'), type: 'date' },
        ]}
      />
    </div>
  );
}

const FIELD_LABELS = () => ({
  process: t('Process'),
  ordering_owner: t('Ordered by (owner)'),
  facilitators: t('Facilitators'),
  background: t('Background'),
  scope: t('Scope'),
  out_of_scope: t('Outside the scope'),
  state: t('State to map'),
  depth: t('Depth'),
  participants: t('Participants'),
  start_date: t('Start'),
  end_date: t('End'),
  deliverables: t('Deliverables'),
  analyses: t('Analyses'),
  goals: t('Goals'),
  values: t('Values'),
  effects: t('Effects'),
});
const ENUM_LABELS = () => ({
  as_is: t('As-is'),
  to_be: t('To-be'),
  both: t('Both'),
  overview: t('Overview map'),
  detailed: t('Detailed map'),
  risk: t('Risk analysis'),
  lead_time: t('Lead-time analysis'),
});

/**
 * A list whose items come from a fixed set (the analyses): a check box per
 * item, labelled in the UI language. `value` is the items one a line, as
 * the form keeps every list.
 */
function EnumSet({ name, label, options, labels, value, onInput }) {
  const on = String(value || '')
    .split('\n')
    .filter(Boolean);
  const toggle = (x) => onInput((on.includes(x) ? on.filter((y) => y !== x) : [...on, x]).join('\n'));
  return (
    <fieldset class="enum-set">
      <legend>{label}</legend>
      {options.map((x) => (
        <label key={x}>
          <input type="checkbox" name={`${name}-${x}`} checked={on.includes(x)} onChange={() => toggle(x)} /> {labels[x] || x}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The assignment form: one field per property of the mapping_assignment
 * template (text, choice, date, or a list one item a line). The server
 * validates; its message shows at the field it names (body.<field>).
 */
function AssignmentForm({ a, schema, onSaved }) {
  const props = schema?.properties || {};
  const body = a.body || {};
  const unknown = Object.keys(body).filter((k) => !(k in props));
  const [form, setForm] = useState(() =>
    Object.fromEntries(
      Object.entries(props).map(([k, p]) => [
        k,
        p.type === 'array' ? (body[k] || []).join('\n') : typeof body[k] === 'number' ? formatNumber(body[k], getLang()) : (body[k] ?? ''),
      ]),
    ),
  );
  const [err, setErr] = useState(null);
  const labels = FIELD_LABELS();
  const enums = ENUM_LABELS();
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    const out = {};
    for (const [k, p] of Object.entries(props)) {
      const v = form[k];
      if (p.type === 'array') {
        const items = String(v)
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean);
        if (items.length) out[k] = items;
      } else if (v !== '' && (p.type === 'number' || p.type === 'integer')) {
        // "0,25" or "0.25": a decimal comma in nb and sv.
        const n = parseNumber(v);
        if (Number.isNaN(n)) return setErr({ field: k, message: numberError(String(v).trim(), getLang()) });
        if (n !== null) out[k] = n;
      } else if (v !== '') out[k] = v;
    }
    try {
      await patch(`/api/assignments/${a.id}`, { body: out }, { headers: { 'if-match': `"v${a.version}"` } });
      onSaved();
    } catch (x) {
      setErr(x.field?.startsWith('body.') ? Object.assign(x, { field: x.field.slice(5).replace(/\[\d+\]$/, '') }) : x);
    }
  };
  return (
    <form class="panel" onSubmit={save} aria-label={t('Assignment')}>
      {unknown.length > 0 && (
        <p class="muted">{t('Not in the template, removed when saved: {f}', { f: unknown.map((k) => `${k}: ${JSON.stringify(body[k])}`).join('; ') })}</p>
      )}
      <div class="form-grid">
        {Object.entries(props).map(([k, p]) =>
          p.type === 'array' && p.items?.enum ? (
            <EnumSet
              key={k}
              name={k}
              label={labels[k] || k}
              options={p.items.enum}
              labels={enums}
              value={form[k]}
              onInput={(v) => setForm({ ...form, [k]: v })}
            />
          ) : (
            <Field
              key={k}
              label={labels[k] || k}
              name={k}
              value={form[k]}
              onInput={(v) => setForm({ ...form, [k]: v })}
              error={err}
              type={p.format === 'date' ? 'date' : 'text'}
              inputMode={p.type === 'number' || p.type === 'integer' ? 'decimal' : undefined}
              textarea={p.type === 'array' || (p.type === 'string' && !p.enum && !p.format)}
              rows={3}
            >
              {p.enum
                ? [
                    <option key="" value="">
                      –
                    </option>,
                    ...p.enum.map((x) => (
                      <option key={x} value={x}>
                        {enums[x] || x}
                      </option>
                    )),
                  ]
                : undefined}
            </Field>
          ),
        )}
      </div>
      <p class="muted">{t('Lists: one item a line.')}</p>
      <FormError error={err} fields={Object.keys(props)} />
      <button type="submit" class="primary">
        {t('Save')}
      </button>
    </form>
  );
}

const NEXT = { planned: 'ongoing', ongoing: 'analysed', analysed: 'documented', documented: 'closed' };

export function Assignment({ id }) {
  const [d, error, reload] = useLoad(async () => {
    const [a, workshops, ideas, groups, tpl] = await Promise.all([
      get(`/api/assignments/${id}`),
      all(`/api/assignments/${id}/workshops`),
      all(`/api/assignments/${id}/ideas`),
      get(`/api/assignments/${id}/idea-groups`),
      get('/api/templates/mapping_assignment').catch(() => null),
    ]);
    return { a, workshops, ideas, groups: groups.items, schema: tpl?.schema };
  }, [id]);
  const [text, setText] = useState('');
  const [kind, setKind] = useState('problem');
  const [group, setGroup] = useState('');
  const [err, setErr] = useState(null);
  const [editing, setEditing] = useState(false);
  const [over, setOver] = useState(null); // the group heading a dragged idea is over
  if (!d) return <Loading error={error} />;
  const { a } = d;
  const act = async (fn) => {
    setErr(null);
    try {
      await fn();
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  const add = (e) => {
    e.preventDefault();
    act(async () => {
      await post(`/api/assignments/${id}/ideas`, { kind, text, ...(group ? { group_name: group } : {}) });
      // both cleared: a group left filled in glued the next idea to it
      setText('');
      setGroup('');
    });
  };
  const regroup = (ideaId, g) => act(() => patch(`/api/ideas/${ideaId}`, { group_name: g || null }));
  const dropProps = (g) => ({
    onDragOver: (e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setOver(g);
    },
    onDragLeave: () => setOver(null),
    onDrop: (e) => {
      e.preventDefault();
      setOver(null);
      const ideaId = Number(e.dataTransfer.getData('text/x-kartla-idea'));
      if (ideaId) regroup(ideaId, g);
    },
  });
  const groups = [...new Set(d.ideas.map((i) => i.group_name || ''))];
  const body = a.body || {};
  return (
    <div>
      <h1>{a.title}</h1>
      <p class="meta">
        {assignmentStatus(a.status)} · {fmtDate(a.start_date)} – {fmtDate(a.due_date)}{' '}
        {NEXT[a.status] && (
          <button type="button" onClick={() => act(() => post(`/api/assignments/${id}/status`, { status: NEXT[a.status] }))}>
            {t('Move to “{s}”', { s: assignmentStatus(NEXT[a.status]) })}
          </button>
        )}{' '}
        <a class="button" href={`/api/assignments/${id}/report.pdf?lang=${getLang()}`} target="_blank" rel="noopener">
          {t('Assignment report (PDF)')}
        </a>
      </p>
      <section class="card">
        <div class="titlebar">
          <h2>{t('Assignment')}</h2>
          {d.schema && (
            <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing ? 'true' : 'false'}>
              {editing ? t('Close') : t('Edit')}
            </button>
          )}
        </div>
        {editing ? (
          <AssignmentForm
            a={a}
            schema={d.schema}
            onSaved={() => {
              setEditing(false);
              reload();
            }}
          />
        ) : (
          <dl class="spec">
            {Object.entries(body).map(([k, v]) => (
              <div key={k}>
                <dt>{FIELD_LABELS()[k] || k.replace(/_/g, ' ')}</dt>
                <dd>{Array.isArray(v) ? v.map((x) => ENUM_LABELS()[x] || x).join(', ') : ENUM_LABELS()[v] || String(v)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <Workshops id={id} workshops={d.workshops} reload={reload} />
      <p>
        <A to={`/assignments/${id}/plan`}>{t('Activity plan')}</A>
      </p>
      <section aria-labelledby="h-board">
        <h2 id="h-board">{t('Problems and ideas')}</h2>
        <form class="quick-add" onSubmit={add} aria-label={t('Add a problem or idea')}>
          <Field label={t('Kind')} name="kind" value={kind} onInput={setKind} error={err}>
            <option value="problem">{t('Problem')}</option>
            <option value="idea">{t('Idea')}</option>
          </Field>
          <Field label={t('Text')} name="text" value={text} onInput={setText} error={err} required />
          <Field label={t('Group')} name="group_name" value={group} onInput={setGroup} error={err} list="idea-groups" />
          <datalist id="idea-groups">
            {groups.filter(Boolean).map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <button type="submit" class="primary">
            {t('Add')}
          </button>
        </form>
        <FormError error={err} fields={['kind', 'text', 'group_name']} />
        <div class="board">
          {groups.map((g) => (
            <div class="column" key={g}>
              <h3 class={over === g ? 'drop-over' : undefined} {...dropProps(g)}>
                {g || t('Ungrouped')}{' '}
                <span class="muted">
                  {t('{n} votes', {
                    n:
                      d.groups.find((x) => x.group_name === g)?.votes ??
                      d.ideas.filter((i) => (i.group_name || '') === g).reduce((s, i) => s + i.votes + (i.dots || 0), 0),
                  })}
                </span>
              </h3>
              <ul>
                {d.ideas
                  .filter((i) => (i.group_name || '') === g)
                  .map((i) => (
                    <li
                      key={i.id}
                      class={`idea idea-${i.kind}`}
                      draggable="true"
                      onDragStart={(e) => {
                        e.dataTransfer.setData('text/x-kartla-idea', String(i.id));
                        e.dataTransfer.effectAllowed = 'move';
                      }}
                    >
                      <span class="kind">{i.kind === 'problem' ? t('Problem') : t('Idea')}</span> {i.text}
                      <div class="idea-actions">
                        <button type="button" class="vote" onClick={() => act(() => post(`/api/ideas/${i.id}/vote`, {}))}>
                          ▲ {i.votes}
                          <span class="sr-only"> {t('Vote for “{x}”', { x: i.text })}</span>
                        </button>
                        {i.votes > 0 && (
                          <button type="button" class="unvote" onClick={() => act(() => del(`/api/ideas/${i.id}/vote`))}>
                            ▼<span class="sr-only"> {t('Take back a vote for “{x}”', { x: i.text })}</span>
                          </button>
                        )}
                        <span class="total" title={t('{d} dots + {v} votes', { d: i.dots || 0, v: i.votes })}>
                          {t('Total {n}', { n: (i.dots || 0) + i.votes })}
                        </span>
                        <label class="sr-only" for={`mv-${i.id}`}>
                          {t('Move “{x}” to group', { x: i.text })}
                        </label>
                        <select id={`mv-${i.id}`} class="small" value={i.group_name || ''} onChange={(e) => regroup(i.id, e.currentTarget.value)}>
                          {groups.map((x) => (
                            <option key={x} value={x}>
                              {x || t('Ungrouped')}
                            </option>
                          ))}
                        </select>
                        <label class="sr-only" for={`grp-${i.id}`}>
                          {t('Group')}
                        </label>
                        <input
                          id={`grp-${i.id}`}
                          class="small"
                          value={i.group_name || ''}
                          placeholder={t('Group')}
                          onChange={(e) => act(() => patch(`/api/ideas/${i.id}`, { group_name: e.currentTarget.value || null }))}
                        />
                        <DotsInput idea={i} workshops={d.workshops} act={act} />
                        {i.status === 'open' ? (
                          <button type="button" onClick={() => act(() => post(`/api/ideas/${i.id}/activity-plan`, {}))}>
                            {t('To activity plan')}
                          </button>
                        ) : (
                          <span class="muted">{i.status === 'planned' ? t('In the activity plan') : i.status}</span>
                        )}
                      </div>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
