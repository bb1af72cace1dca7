// Role delegation by an owner (issue 11 §11): whoever holds a current
// owner-kind role delegates from it (POST /api/role-assignments/{id}/delegate)
// to a person, choosing a role of the same scheme and the mandate source from
// the sources already in use in the workspace (or typing a new one).
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { t } from '../i18n.js';
import { Field, FormError } from '../common.jsx';
import { roleName } from '../parts.jsx';
import { rolePickerOptions } from '../rolepick.js';

const today = () => new Date().toISOString().slice(0, 10);
const held = (a) => a.from_date <= today() && (!a.to_date || a.to_date >= today());

/** `r` is the organisation screen's data (people, roles, assignments, processes, units). */
export function DelegatePanel({ me, r, assignments, onDone }) {
  const mine = r.people.find((p) => p.user_id === me.id);
  const role = new Map(r.roles.map((x) => [x.id, x]));
  const own = mine ? assignments.filter((a) => a.person_id === mine.id && role.get(a.role_id)?.kind === 'owner' && held(a)) : [];
  const sources = [...new Set(assignments.map((a) => a.mandate_source).filter((s) => s && s.trim()))].sort();
  const [from, setFrom] = useState(own[0] ? String(own[0].id) : '');
  const [person, setPerson] = useState('');
  const [roleId, setRoleId] = useState('');
  const [source, setSource] = useState(sources[0] || '');
  const [other, setOther] = useState('');
  const [err, setErr] = useState(null);
  const [done, setDone] = useState(false);
  if (!own.length) return <p class="muted">{t('You hold no role you can delegate.')}</p>;
  const fromA = own.find((a) => String(a.id) === from) || own[0];
  const scheme = role.get(fromA.role_id)?.scheme_id;
  const roleOptions = rolePickerOptions(r.roles.filter((x) => x.scheme_id === scheme));
  const where = (a) =>
    a.scope === 'process'
      ? r.processes.find((p) => p.id === a.process_id)?.outline || ''
      : a.scope === 'unit'
        ? r.units.find((u) => u.id === a.unit_id)?.name || ''
        : t('The organisation');
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    setDone(false);
    try {
      await post(`/api/role-assignments/${fromA.id}/delegate`, {
        person_id: Number(person),
        role_id: Number(roleId),
        mandate_source: source === '' ? other : source,
      });
      setDone(true);
      onDone?.();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <form class="panel delegate" onSubmit={submit} aria-labelledby="h-delegate">
      <h2 id="h-delegate">{t('Delegate a role')}</h2>
      <Field label={t('Role you hold')} name="from" value={from} onInput={setFrom}>
        {own.map((a) => (
          <option key={a.id} value={String(a.id)}>
            {`${roleName(role.get(a.role_id))} – ${where(a)}`}
          </option>
        ))}
      </Field>
      <Field label={t('Delegate to')} name="person_id" value={person} onInput={setPerson} error={err} required>
        <option value="">–</option>
        {r.people
          .filter((p) => p.id !== mine.id)
          .map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.name}
            </option>
          ))}
      </Field>
      <Field label={t('Role')} name="role_id" value={roleId} onInput={setRoleId} error={err} required>
        <option value="">–</option>
        {roleOptions.map(([id, label]) => (
          <option key={id} value={String(id)}>
            {label}
          </option>
        ))}
      </Field>
      <Field label={t('Mandate source')} name="mandate_source" value={source} onInput={setSource} error={err}>
        {sources.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
        <option value="">{t('(other: type below)')}</option>
      </Field>
      {source === '' && <Field label={t('Mandate source')} name="mandate_other" value={other} onInput={setOther} />}
      <FormError error={err} fields={['person_id', 'role_id', 'mandate_source']} />
      <button type="submit" class="primary">
        {t('Delegate')}
      </button>
      {done && (
        <p role="status" class="ok">
          {t('Delegated.')}
        </p>
      )}
    </form>
  );
}
