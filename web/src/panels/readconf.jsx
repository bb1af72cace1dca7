// Read confirmation of approved versions (GET /api/me/read-confirmations and
// friends): on my page, my open "read and understood" tasks with a link to
// the changes and a button; on a process's versions, for its owner, leader
// and administrators, who has confirmed each approved version and a button
// that sends reminders now. The server decides who may see what; the panel
// asks only when the signed-in user holds such a role (the server's rule,
// mirrored as canEditProcess does), so others see no failing request.
import { useState } from 'preact/hooks';
import { all, get, post } from '../api.js';
import { t } from '../i18n.js';
import { A, FormError, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';

/** My page's card: my open tasks, newest first. */
export function MyReadConfirmations() {
  const [d, error, reload] = useLoad(() => get('/api/me/read-confirmations'), []);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(null);
  const confirm = async (id) => {
    setErr(null);
    setBusy(id);
    try {
      await post(`/api/read-confirmations/${id}/confirm`, {});
      reload();
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="card readconf" aria-labelledby="h-readconf">
      <h2 id="h-readconf">{t('New versions to read')}</h2>
      {!d ? (
        <Loading error={error} />
      ) : d.items.length ? (
        <ul>
          {d.items.map((x) => (
            <li key={x.id} data-readconf={x.id}>
              <A to={x.link}>
                {x.outline} {nameOf(x.process)} — {t('version {n}', { n: x.version_number })}
              </A>{' '}
              <span class="muted">{t('approved {date}', { date: fmtDate(x.approved_at || x.created_at) })}</span>
              {x.reminder && <span class="badge reminder">{t('Reminder')}</span>}{' '}
              <button
                type="button"
                disabled={busy === x.id}
                onClick={() => confirm(x.id)}
                aria-label={t('Confirm that you have read and understood {name}, version {n}', { name: nameOf(x.process), n: x.version_number })}
              >
                {t('Read and understood')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('You have nothing to confirm.')}</p>
      )}
      <FormError error={err} />
    </section>
  );
}

/** One approved version's status for its owner; nothing for those who may not see it. */
function VersionStatus({ pid, v }) {
  const [d, error, reload] = useLoad(
    () => get(`/api/processes/${pid}/versions/${v.id}/read-confirmations`).catch((e) => (e.status === 403 ? null : Promise.reject(e))),
    [pid, v.id],
  );
  const [note, setNote] = useState(null);
  const [err, setErr] = useState(null);
  if (!d) return error ? <Loading error={error} /> : null; // loading, or not for me (403)
  const open = d.items.filter((x) => !x.confirmed_at);
  const remind = async () => {
    setErr(null);
    try {
      const r = await post(`/api/processes/${pid}/versions/${v.id}/read-confirmations/remind`, {});
      setNote(t('{n} reminders sent.', { n: r.reminded }));
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <section class="readconf-status" data-version={v.id} aria-label={t('Read confirmations')}>
      <h3>{t('Read confirmations')}</h3>
      <p>
        <strong>{t('Version {n}: {c} of {m} confirmed', { n: v.number, c: d.confirmed, m: d.total })}</strong>
      </p>
      {!d.total ? (
        <p class="muted">{t('No one was asked to confirm this version.')}</p>
      ) : open.length ? (
        <>
          <p>{t('Not confirmed yet:')}</p>
          <ul>
            {open.map((x) => (
              <li key={x.id}>
                {x.person}
                {x.reminded_at && <span class="muted"> · {t('reminded {date}', { date: fmtDate(x.reminded_at) })}</span>}
                {x.reminder && <span class="badge reminder">{t('Reminder')}</span>}
              </li>
            ))}
          </ul>
          <button type="button" onClick={remind}>
            {t('Send reminders now')}
          </button>{' '}
          {note && (
            <span class="muted" role="status">
              {note}
            </span>
          )}
        </>
      ) : (
        <p class="muted">{t('Everyone has confirmed.')}</p>
      )}
      <FormError error={err} />
    </section>
  );
}

/**
 * Whether `me` may see who has confirmed (the server's rule): administrators,
 * and holders of an owner or responsible/leader role on the process or an
 * ancestor, or organisation-wide.
 */
async function canSeeStatus(me, pid) {
  if (me.anonymous) return false;
  if (me.is_admin) return true;
  const [people, roles, tree] = await Promise.all([all('/api/people'), all('/api/roles'), get('/api/processes?tree=1')]);
  const person = people.find((p) => p.user_id === me.id);
  if (!person) return false;
  const ras = await all(`/api/role-assignments?person_id=${person.id}`);
  const kind = new Map(roles.map((r) => [r.id, r.kind]));
  const parent = new Map();
  const walk = (xs) =>
    xs.forEach((p) => {
      parent.set(p.id, p.parent_id);
      walk(p.children || []);
    });
  walk(tree.items);
  const chain = new Set();
  for (let p = pid; p; p = parent.get(p)) chain.add(p);
  const today = new Date().toISOString().slice(0, 10);
  return ras.some(
    (a) =>
      ['owner', 'responsible'].includes(kind.get(a.role_id)) &&
      a.from_date <= today &&
      (!a.to_date || a.to_date >= today) &&
      (a.scope === 'organisation' || (a.scope === 'process' && chain.has(a.process_id))),
  );
}

/** The process's versions tab: the confirmation status of its approved versions. */
export function VersionConfirmations({ pid, versions, me }) {
  const [may] = useLoad(() => canSeeStatus(me, pid).catch(() => false), [pid, me.id]);
  const approved = versions.filter((v) => v.state === 'approved');
  if (!may || !approved.length) return null;
  return approved.map((v) => <VersionStatus key={v.id} pid={pid} v={v} />);
}
