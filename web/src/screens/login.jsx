// Sign in: with the organisation's identity provider first when the server has
// one (GET /api/health → oidc {name, local_passwords}), then the login name and
// password (behind "Local sign-in" when passwords are for administrators only).
// A failed provider sign-in comes back as #/login?oidc_error=CODE and is said
// here in the UI language. The server's message (wrong password, too many
// attempts) is shown beside the form.
import { useEffect, useState } from 'preact/hooks';
import { post, get } from '../api.js';
import { t } from '../i18n.js';
import { OIDC_ERRORS } from '../i18n_oidc.js';
import { Field, FormError, LangSwitch } from '../common.jsx';

function oidcError() {
  const q = location.hash.split('?')[1];
  return q ? new URLSearchParams(q).get('oidc_error') : null;
}

function PasswordForm({ onLogin }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/api/login', { login, password });
      onLogin(await get('/api/me'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={t('Sign in')}>
      <Field label={t('Login name')} name="login" value={login} onInput={setLogin} error={error} autocomplete="username" required />
      <Field
        label={t('Password')}
        name="password"
        type="password"
        value={password}
        onInput={setPassword}
        error={error}
        autocomplete="current-password"
        required
      />
      <FormError error={error} fields={['login', 'password']} />
      <button type="submit" class="primary" disabled={busy}>
        {t('Sign in')}
      </button>
    </form>
  );
}

export function Login({ onLogin, anonymous }) {
  const [oidc, setOidc] = useState(undefined);
  const failed = oidcError();
  useEffect(() => {
    get('/api/health').then(
      (h) => setOidc(h.oidc || null),
      () => setOidc(null),
    );
  }, []);
  return (
    <main class="login" id="main">
      <div class="login-box">
        <h1>Kartla</h1>
        <p class="lead">{t('Process management: maps, roles and the handbook.')}</p>
        {failed && (
          <div class="error" role="alert" data-oidc-error={failed}>
            <strong>{t('Sign-in failed: nobody is signed in.')}</strong> {t(OIDC_ERRORS[failed] || OIDC_ERRORS.provider_unavailable)}
          </div>
        )}
        {oidc && (
          <p>
            <a class="button primary oidc-signin" href="/api/auth/oidc/login">
              {t('Sign in with {name}', { name: oidc.name })}
            </a>
          </p>
        )}
        {oidc === undefined ? null : oidc && !oidc.local_passwords ? (
          <details class="local-signin">
            <summary>{t('Local sign-in (administrators)')}</summary>
            <PasswordForm onLogin={onLogin} />
          </details>
        ) : (
          <>
            {oidc && <p class="muted">{t('or with a Kartla password')}</p>}
            <PasswordForm onLogin={onLogin} />
          </>
        )}
        {anonymous && (
          <p>
            <a href="#/">{t('Read without signing in')}</a>
          </p>
        )}
        <LangSwitch />
      </div>
    </main>
  );
}
