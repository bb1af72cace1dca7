// Administration: accounts (create, rename, grant admin, disable) and the
// workspace settings (anonymous reading, the active role scheme).
import { useState } from 'preact/hooks';
import { all, del, get, patch, post } from '../api.js';
import { t } from '../i18n.js';
import { A, Field, FormError, Loading, fmtDate, useLoad } from '../common.jsx';
import { CrudList } from '../crud.jsx';
import { RiskScaleSettings } from '../panels/risk_scale.jsx';

export function Admin({ me, tab }) {
  if (!me.is_admin) return <p>{t('This needs an administrator.')}</p>;
  return (
    <div>
      <h1>{t('Administration')}</h1>
      <nav class="tabs" aria-label={t('Administration sections')}>
        <A to="/admin/users" aria-current={tab === 'users' ? 'page' : undefined}>
          {t('Users')}
        </A>
        <A to="/admin/settings" aria-current={tab === 'settings' ? 'page' : undefined}>
          {t('Settings')}
        </A>
      </nav>
      {tab === 'users' ? <Users /> : <Settings />}
    </div>
  );
}

function SetPassword({ user, onDone }) {
  const [pw, setPw] = useState('');
  const [err, setErr] = useState(null);
  const [done, setDone] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      await patch(`/api/users/${user.id}`, { password: pw });
      setPw('');
      setDone(true);
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-label={t('Set the password of {login}', { login: user.login })}>
      <h3>{t('Set the password of {login}', { login: user.login })}</h3>
      <Field label={t('New password')} name="password" type="password" autocomplete="new-password" value={pw} onInput={setPw} error={err} required />
      <FormError error={err} fields={['password']} />
      {done && (
        <p class="status" role="status">
          {t('The password is set, and the account is signed out everywhere.')}
        </p>
      )}
      <button type="submit" class="primary">
        {t('Save')}
      </button>{' '}
      <button type="button" onClick={onDone}>
        {t('Close')}
      </button>
    </form>
  );
}

function Users() {
  const [err, setErr] = useState(null);
  const [n, setN] = useState(0);
  const [pwUser, setPwUser] = useState(null);
  const toggle = async (u, field) => {
    setErr(null);
    try {
      await patch(`/api/users/${u.id}`, { [field]: !u[field] });
      setN(n + 1);
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <>
      <FormError error={err} />
      {pwUser && <SetPassword key={pwUser.id} user={pwUser} onDone={() => setPwUser(null)} />}
      <CrudList
        key={n}
        title={t('Users')}
        path="/api/users"
        canCreate
        columns={[
          [t('Login name'), (u) => u.login],
          [t('Name'), (u) => u.display_name],
          [
            t('Administrator'),
            (u) => (
              <label>
                <input type="checkbox" checked={u.is_admin} onChange={() => toggle(u, 'is_admin')} />{' '}
                <span class="sr-only">
                  {t('Administrator')} {u.login}
                </span>
              </label>
            ),
          ],
          [
            t('Disabled'),
            (u) => (
              <label>
                <input type="checkbox" checked={u.disabled} onChange={() => toggle(u, 'disabled')} />{' '}
                <span class="sr-only">
                  {t('Disabled')} {u.login}
                </span>
              </label>
            ),
          ],
          [t('Created'), (u) => fmtDate(u.created_at)],
          [
            t('Password'),
            (u) => (
              <button type="button" class="link" onClick={() => setPwUser(u)}>
                {t('Set password')}
                <span class="sr-only"> {u.login}</span>
              </button>
            ),
          ],
        ]}
        fields={[
          { name: 'login', label: t('Login name'), required: true },
          { name: 'display_name', label: t('Name'), required: true },
          { name: 'email', label: t('E-mail'), type: 'email' },
          { name: 'password', label: t('Password'), type: 'password', required: true },
        ]}
      />
    </>
  );
}

function Settings() {
  const [d, error, reload] = useLoad(() => Promise.all([get('/api/settings'), all('/api/role-schemes')]), []);
  const [err, setErr] = useState(null);
  if (!d) return <Loading error={error} />;
  const [s, schemes] = d;
  const act = async (fn) => {
    setErr(null);
    try {
      await fn();
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <section class="panel">
      <h2>{t('Settings')}</h2>
      <label class="inline">
        <input type="checkbox" checked={s.anonymous_read} onChange={(e) => act(() => patch('/api/settings', { anonymous_read: e.currentTarget.checked }))} />{' '}
        {t('Anyone may read the portal without signing in')}
      </label>
      <h3>{t('Active role scheme')}</h3>
      <ul>
        {schemes.map((x) => (
          <li key={x.id}>
            {x.name}{' '}
            {x.is_active ? (
              <strong>({t('active')})</strong>
            ) : (
              <button type="button" onClick={() => act(() => post(`/api/role-schemes/${x.id}/activate`, {}))}>
                {t('Activate')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <label>
        {t('Default language')}{' '}
        <select name="language" value={s.language || ''} onChange={(e) => act(() => patch('/api/settings', { language: e.currentTarget.value || null }))}>
          <option value="">{t("Each browser's own")}</option>
          <option value="nb">Norsk bokmål</option>
          <option value="sv">Svenska</option>
          <option value="en">English</option>
        </select>
      </label>
      <p class="muted">{t('Used until a user chooses a language in the header.')}</p>
      <label>
        {t('Remind about read confirmation after (days, 0 = never)')}{' '}
        <input
          type="number"
          name="read_confirmation_reminder_days"
          min="0"
          max="365"
          value={s.read_confirmation_reminder_days}
          onChange={(e) =>
            e.currentTarget.value !== '' && act(() => patch('/api/settings', { read_confirmation_reminder_days: Number(e.currentTarget.value) }))
          }
        />
      </label>
      <p class="muted">{t('People with a role on a process confirm each approved version; those who have not get a reminder after this many days.')}</p>
      <label class="inline">
        <input
          type="checkbox"
          name="anonymous_risk"
          checked={s.anonymous_risk}
          onChange={(e) => act(() => patch('/api/settings', { anonymous_risk: e.currentTarget.checked }))}
        />{' '}
        {t('Anonymous readers may also read the risk register')}
      </label>
      <label>
        {t('The internal-control plan holds')}{' '}
        <select name="risk_plan_rule" value={s.risk_plan_rule} onChange={(e) => act(() => patch('/api/settings', { risk_plan_rule: e.currentTarget.value }))}>
          <option value="red">{t('red risks only')}</option>
          <option value="red_or_action">{t('red risks and every risk with a decided action')}</option>
          <option value="all">{t('every risk')}</option>
        </select>
      </label>
      <label>
        {t('Organisation name on printed plans (empty: the top unit’s name)')}{' '}
        <input
          name="organisation"
          maxLength={200}
          defaultValue={s.organisation || ''}
          onChange={(e) => act(() => patch('/api/settings', { organisation: e.currentTarget.value.trim() || null }))}
        />
      </label>
      <FormError error={err} />
      <RiskCategories />
      <RiskScaleSettings />
    </section>
  );
}

/** The workspace's managed risk categories: code and names in nb, sv, en (issue 11 §8). */
function RiskCategories() {
  const [list, error, reload] = useLoad(() => get('/api/risk-categories'), []);
  const [err, setErr] = useState(null);
  const empty = { code: '', nb: '', sv: '', en: '' };
  const [f, setF] = useState(empty);
  if (!list) return <Loading error={error} />;
  const act = async (fn) => {
    setErr(null);
    try {
      await fn();
      reload();
      return true;
    } catch (x) {
      setErr(x);
      return false;
    }
  };
  const rename = (c, lang, v) => v.trim() && v !== c.name[lang] && act(() => patch(`/api/risk-categories/${c.id}`, { name: { [lang]: v.trim() } }));
  const add = async (e) => {
    e.preventDefault();
    const body = { code: f.code.trim(), name: { nb: f.nb.trim(), sv: f.sv.trim(), en: f.en.trim() }, sort_order: list.items.length + 1 };
    if (await act(() => post('/api/risk-categories', body))) setF(empty);
  };
  const names = [
    ['nb', t('Name (bokmål)')],
    ['sv', t('Name (Swedish)')],
    ['en', t('Name (English)')],
  ];
  return (
    <section aria-labelledby="h-risk-categories" class="risk-categories">
      <h3 id="h-risk-categories">{t('Risk categories')}</h3>
      <p class="muted">{t('The code is stable: risks refer to it. The names are shown in each reader’s language.')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('Code')}</th>
            {names.map(([l, label]) => (
              <th scope="col" key={l}>
                {label}
              </th>
            ))}
            <th scope="col">
              <span class="sr-only">{t('Delete')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((c) => (
            <tr key={`${c.id}-${c.version}`}>
              <td>
                <code>{c.code}</code>
              </td>
              {names.map(([l, label]) => (
                <td key={l}>
                  <input aria-label={`${label} ${c.code}`} defaultValue={c.name[l]} maxLength={100} onChange={(e) => rename(c, l, e.currentTarget.value)} />
                </td>
              ))}
              <td>
                <button type="button" onClick={() => act(() => del(`/api/risk-categories/${c.id}`))}>
                  {t('Delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="form-grid" onSubmit={add} aria-label={t('Add category')}>
        <Field label={t('Code')} name="code" value={f.code} onInput={(v) => setF({ ...f, code: v })} error={err} required />
        {names.map(([l, label]) => (
          <Field key={l} label={label} name={`name.${l}`} value={f[l]} onInput={(v) => setF({ ...f, [l]: v })} error={err} required />
        ))}
        <button type="submit" class="primary">
          {t('Add category')}
        </button>
      </form>
      <FormError error={err} fields={['code', 'name']} />
    </section>
  );
}
