// Sign in: login name and password; the server's message (wrong password,
// too many attempts) is shown beside the form.
import { useState } from 'preact/hooks';
import { post, get } from '../api.js';
import { t } from '../i18n.js';
import { Field, FormError, LangSwitch } from '../common.jsx';

export function Login({ onLogin, anonymous }) {
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
    <main class="login" id="main">
      <div class="login-box">
        <h1>Kartla</h1>
        <p class="lead">{t('Process management: maps, roles and the handbook.')}</p>
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
