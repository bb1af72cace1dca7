// My page: what is mine through my roles and assignments, from one answer
// (GET /api/me/overview): versions waiting for my decision, my reviews, my
// submissions and their outcome with the owner's comment, comments to answer,
// my risk actions, my courses, my mapping assignments and my processes by
// role. Nothing workspace-wide: those lists live on their own page (/reviews),
// linked here only when my role covers them.
//
// The page is a list of section components (SECTIONS), one a line, each
// given the overview `d` and `me`: a new panel is one import and one line.
import { get } from '../api.js';
import { t } from '../i18n.js';
import { A, Light, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';
import { roleName, stateName } from '../parts.jsx';
import { MyReadConfirmations } from '../panels/readconf.jsx';
import { NotifyPrefs } from '../panels/notify_prefs.jsx';

/* Why an assignment is on my page, as the API says it, in words. */
const ASSIGNMENT_AS = {
  ordering_owner: 'as the ordering owner',
  facilitator: 'as facilitator',
  participant: 'as participant',
  creator: 'created by you',
};

const procLabel = (x) => `${x.outline ? `${x.outline} ` : ''}${nameOf(x.name)}`;

function Section({ id, title, empty, items, children }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length ? children : <p class="muted">{empty}</p>}
    </section>
  );
}

function Approvals({ d }) {
  return (
    <Section id="h-approvals" title={t('Waiting for my approval')} empty={t('Nothing is waiting for you.')} items={d.approvals}>
      <ul>
        {d.approvals.map((w) => (
          <li key={w.version_id}>
            <A to={`/process/${w.process_id}/approve/${w.version_id}`}>
              {procLabel(w)} — {t('version {n}', { n: w.number })}
            </A>{' '}
            <span class="muted">{t('submitted by {name} {date}', { name: w.submitted_by || '—', date: fmtDate(w.submitted_at) })}</span>
            {w.note && <blockquote class="note">{w.note}</blockquote>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Reviews({ d }) {
  return (
    <Section id="h-reviews" title={t('My reviews')} empty={t('You have no process to review.')} items={d.reviews}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('Process')}</th>
            <th scope="col">{t('Next review')}</th>
            <th scope="col">{t('Status')}</th>
          </tr>
        </thead>
        <tbody>
          {d.reviews.map((r) => (
            <tr key={r.id} class={r.light === 'red' ? 'overdue' : undefined}>
              <td>
                <A to={`/process/${r.id}`}>{procLabel(r)}</A> <span class="muted">{r.kind === 'owner' ? t('as owner') : t('as responsible')}</span>
              </td>
              <td>
                {fmtDate(r.next_review_date)}
                {r.days_left < 0 && <span class="badge overdue"> {t('{n} days overdue', { n: -r.days_left })}</span>}
              </td>
              <td>
                <Light light={r.light} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Outcome({ s }) {
  if (s.state === 'submitted') return <span class="muted">{t('Waiting for a decision')}</span>;
  if (!s.decision) return <span class="muted">{stateName(s.state)}</span>;
  const who = { name: s.decided_by || '—', date: fmtDate(s.decided_at) };
  return (
    <>
      <strong class={s.decision === 'reject' ? 'rejected' : 'approved'}>
        {s.decision === 'reject' ? t('Rejected by {name} {date}', who) : t('Approved by {name} {date}', who)}
      </strong>
      {s.decision_comment && <blockquote class={`decision ${s.decision}`}>{s.decision_comment}</blockquote>}
    </>
  );
}

function Submissions({ d }) {
  return (
    <Section id="h-submissions" title={t('My submissions')} empty={t('You have submitted nothing yet.')} items={d.submissions}>
      <ul>
        {d.submissions.map((s) => (
          <li key={s.version_id}>
            <A to={`/process/${s.process_id}/version/${s.version_id}`}>
              {procLabel(s)} — {t('version {n}', { n: s.number })}
            </A>{' '}
            <Outcome s={s} />
            {s.note && <p class="muted">{t('Your note: {note}', { note: s.note })}</p>}
            {(s.state === 'rejected' || s.state === 'draft') && <A to={`/process/${s.process_id}/edit/${s.version_id}`}>{t('Edit and submit again')}</A>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Comments({ d }) {
  return (
    <Section id="h-comments" title={t('Comments to answer')} empty={t('No comments are waiting for your answer.')} items={d.comments}>
      <ul>
        {d.comments.map((c, i) => (
          <li key={i}>
            <A to={`/process/${c.process_id}/version/${c.version_id}`}>{procLabel(c)}</A>{' '}
            <span class="muted">
              {t('{name} on version {n}', { name: c.commenter || '—', n: c.number })}, {fmtDate(c.at)}
            </span>
            <blockquote>{c.comment}</blockquote>
          </li>
        ))}
      </ul>
    </Section>
  );
}

const Due = ({ x }) => (
  <span class={x.overdue ? 'badge overdue' : 'muted'}>
    {t('due {date}', { date: fmtDate(x.due_date) || '—' })}
    {x.overdue ? ` (${t('overdue')})` : ''}
  </span>
);

function Actions({ d }) {
  return (
    <Section id="h-actions" title={t('My risk actions')} empty={t('You are responsible for no open risk action.')} items={d.actions}>
      <ul>
        {d.actions.map((a) => (
          <li key={a.id}>
            <A to={`/process/${a.process_id}/risk`}>{a.title}</A> <Due x={a} /> <span class="muted">{t('risk: {title}', { title: a.risk_title })}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Courses({ d }) {
  return (
    <Section id="h-courses" title={t('My courses')} empty={t('No training is missing.')} items={d.courses}>
      <ul>
        {d.courses.map((c) => (
          <li key={c.id}>
            <A to={`/process/${c.process_id}`}>{c.title}</A> <Due x={c} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Assignments({ d }) {
  return (
    <Section id="h-mapping" title={t('My mapping assignments')} empty={t('You have no open mapping assignment.')} items={d.assignments}>
      <ul>
        {d.assignments.map((m) => (
          <li key={m.id}>
            <A to={`/assignments/${m.id}`}>{m.title}</A> <span class="muted">{ASSIGNMENT_AS[m.as] ? t(ASSIGNMENT_AS[m.as]) : ''}</span> <Due x={m} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Processes({ d }) {
  return (
    <Section id="h-roles" title={t('My processes')} empty={t('You hold no role on a process.')} items={d.roles}>
      {d.roles.map((g, i) => (
        <div key={i}>
          <h3>
            {roleName(g.role)}
            {g.scope === 'unit' && <span class="muted"> {t('through {unit}', { unit: g.unit })}</span>}
          </h3>
          {g.scope === 'organisation' ? (
            <p>
              <A to="/processes">{t('The whole organisation')}</A>
            </p>
          ) : (
            <ul>
              {g.processes.map((p) => (
                <li key={p.id}>
                  <A to={`/process/${p.id}`}>{procLabel(p)}</A>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Section>
  );
}

function WorkspaceLists({ d }) {
  if (!d.sees?.workspace) return null;
  return (
    <section class="card" aria-labelledby="h-workspace">
      <h2 id="h-workspace">{t('Workspace lists')}</h2>
      <p>
        <A to="/reviews">{t('All reviews and overdue items')}</A>
      </p>
    </section>
  );
}

/* One section a line, in the order shown (kept so by prettier-ignore, for easy merges). */
// prettier-ignore
const SECTIONS = [
  Approvals,
  MyReadConfirmations,
  Reviews,
  Submissions,
  Comments,
  Actions,
  Courses,
  Assignments,
  Processes,
  WorkspaceLists,
  NotifyPrefs,
];

export function MyPage({ me }) {
  const [d, error] = useLoad(() => get('/api/me/overview'), [me.id]);
  if (!d) return <Loading error={error} />;
  return (
    <div class="mypage">
      <h1>{t('My page')}</h1>
      <p class="lead">{t('Welcome, {name}.', { name: d.person?.name || me.display_name || me.login })}</p>
      <div class="cards">
        {SECTIONS.map((S, i) => (
          <S key={i} d={d} me={me} />
        ))}
      </div>
    </div>
  );
}
