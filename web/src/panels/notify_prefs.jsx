// My page's e-mail notification settings (GET/PUT /api/me/notifications):
// immediately, a daily digest or off, and the language of the messages.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { Field, FormError, Loading, useLoad } from '../common.jsx';

const MODES = () => [
  ['immediate', t('Immediately')],
  ['digest', t('Once a day (digest)')],
  ['off', t('Off')],
];
const LANGUAGES = () => [
  ['', t('The workspace language')],
  ['nb', 'Norsk bokmål'],
  ['sv', 'Svenska'],
  ['en', 'English'],
];

export function NotifyPrefs() {
  const [prefs, loadError] = useLoad(() => api('GET', '/api/me/notifications'), []);
  const [edit, setEdit] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  if (!prefs) return <Loading error={loadError} />;
  const cur = edit || { mode: prefs.mode, language: prefs.language || '' };
  const change = (k) => (v) => {
    setEdit({ ...cur, [k]: v });
    setSaved(false);
  };
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await api('PUT', '/api/me/notifications', { mode: cur.mode, language: cur.language || null });
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card" aria-labelledby="h-notify">
      <h2 id="h-notify">{t('E-mail notifications')}</h2>
      <p class="muted">{prefs.email ? t('Sent to {email}.', { email: prefs.email }) : t('Your account has no e-mail address, so nothing is sent.')}</p>
      <form onSubmit={save}>
        <Field label={t('When')} name="mode" value={cur.mode} onInput={change('mode')} error={error}>
          {MODES().map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Field>
        <Field label={t('Language of the messages')} name="language" value={cur.language} onInput={change('language')} error={error}>
          {LANGUAGES().map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Field>
        <FormError error={error} fields={['mode', 'language']} />
        <button type="submit">{t('Save')}</button> {saved && <span role="status">{t('Saved.')}</span>}
      </form>
    </section>
  );
}
