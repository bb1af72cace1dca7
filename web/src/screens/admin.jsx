// Administration: accounts (create, rename, grant admin, disable) and the
// workspace settings (anonymous reading, the active role scheme).
import { useState } from 'preact/hooks';
import { all, get, patch, post } from '../api.js';
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
      <FormError error={err} />
      <RiskScaleSettings />
    </section>
  );
}
