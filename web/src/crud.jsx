// A generic list-with-create-form on one of the API's collections: the
// columns shown, the fields of the create form, and the server's 422 shown
// next to the field it names.
import { useState } from 'preact/hooks';
import { all, post } from './api.js';
import { t, getLang } from './i18n.js';
import { numberError, parseNumber } from './duration.js';
import { Field, FormError, Loading, useLoad } from './common.jsx';

/**
 * path: collection URL; columns: [[label, row => node]]; fields: [{name,
 * label, type?, options?: [[value, label]], required?}]; canCreate: bool.
 */
export function CrudList({ title, path, columns, fields = [], canCreate, toBody, empty, level = 'h2', onCreated }) {
  const H = level;
  const [rows, error, reload] = useLoad(() => all(path), [path]);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({});
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    const body = {};
    for (const f of fields) {
      const v = form[f.name];
      if (v === undefined || v === '') continue;
      if (f.type === 'number') {
        // "0,25" or "0.25": a decimal comma in nb and sv.
        const n = parseNumber(v);
        if (Number.isNaN(n)) return setErr({ field: f.name, message: numberError(String(v).trim(), getLang()) });
        body[f.name] = n;
      } else body[f.name] = f.ref ? Number(v) : v;
    }
    try {
      await post(path.split('?')[0], toBody ? toBody(body) : body);
      setForm({});
      setOpen(false);
      reload();
      onCreated && onCreated();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <section class="crud">
      <div class="titlebar">
        <H>{title}</H>
        {canCreate && fields.length > 0 && (
          <button type="button" onClick={() => setOpen(!open)} aria-expanded={open ? 'true' : 'false'}>
            {t('Add')}
            <span class="sr-only">: {title}</span>
          </button>
        )}
      </div>
      {open && (
        <form class="panel" onSubmit={submit} aria-label={`${t('Add')}: ${title}`}>
          {fields.map((f) => (
            <Field
              key={f.name}
              label={f.label}
              name={f.name}
              type={f.type === 'number' ? 'text' : f.type || 'text'}
              inputMode={f.type === 'number' ? 'decimal' : undefined}
              textarea={f.textarea}
              value={form[f.name] ?? ''}
              onInput={(v) => setForm({ ...form, [f.name]: v })}
              error={err}
              required={f.required}
            >
              {f.options
                ? [
                    <option key="" value="">
                      –
                    </option>,
                    ...f.options.map(([v, l]) => (
                      <option key={v} value={v}>
                        {l}
                      </option>
                    )),
                  ]
                : undefined}
            </Field>
          ))}
          <FormError error={err} fields={fields.map((f) => f.name)} />
          <button type="submit" class="primary">
            {t('Save')}
          </button>
        </form>
      )}
      {!rows ? (
        <Loading error={error} />
      ) : rows.length ? (
        <table>
          <thead>
            <tr>
              {columns.map(([label]) => (
                <th scope="col" key={label}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                {columns.map(([label, fn]) => (
                  <td key={label}>{fn(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{empty || t('Nothing here yet.')}</p>
      )}
    </section>
  );
}
