// Administration: the workspace's risk scale. Choose a preset (Swedish 4×4,
// Norwegian 5×5) or edit size, labels per level in nb/sv/en, colour
// thresholds and acceptance per colour; PUT /api/risk-scale makes a new
// current scale (stored scores keep the scale they were made on).
import { useState } from 'preact/hooks';
import { get, put } from '../api.js';
import { t, getLang } from '../i18n.js';
import { formatNumber, numberError, parseNumber } from '../duration.js';
import { Field, FormError, Loading, nameOf, useLoad } from '../common.jsx';
import { COLOURS, acceptanceName, colourName } from '../analysis/risk.js';

const LANG_NAMES = [
  ['nb', 'bokmål'],
  ['sv', 'svenska'],
  ['en', 'English'],
];

function resize(list, n) {
  const out = list.slice(0, n);
  while (out.length < n) out.push({ nb: '', sv: '', en: '' });
  return out;
}

export function RiskScaleSettings() {
  const [d, error, reload] = useLoad(() => Promise.all([get('/api/risk-scale'), get('/api/risk-scale/presets')]), []);
  const [edit, setEdit] = useState(null);
  const [err, setErr] = useState(null);
  const [status, setStatus] = useState('');
  if (!d) return <Loading error={error} />;
  const [cur, presets] = d;
  const save = async (body) => {
    setErr(null);
    setStatus('');
    try {
      await put('/api/risk-scale', body);
      setEdit(null);
      setStatus(t('The risk scale is saved. Stored scores keep the scale they were made on until they are re-assessed.'));
      reload();
    } catch (x) {
      setErr(x);
    }
  };
  const sc = cur.scale;
  const start = () => setEdit(JSON.parse(JSON.stringify(sc)));
  const setSize = (n) => {
    const size = Number(n);
    setEdit({
      ...edit,
      size: Number.isFinite(size) ? size : edit.size,
      likelihood: resize(edit.likelihood, size >= 1 && size <= 9 ? size : edit.likelihood.length),
      consequence: resize(edit.consequence, size >= 1 && size <= 9 ? size : edit.consequence.length),
    });
  };
  const setLabel = (axis, i, l, v) => {
    const list = edit[axis].map((x, j) => (j === i ? { ...x, [l]: v } : x));
    setEdit({ ...edit, [axis]: list });
  };
  return (
    <section class="panel risk-scale" aria-labelledby="h-risk-scale">
      <h3 id="h-risk-scale">{t('Risk scale')}</h3>
      <p>
        {t('Current scale: {name}, {n} × {n} levels; yellow from R = {y}, red from R = {r}.', {
          name: nameOf(sc.name),
          n: sc.size,
          y: sc.thresholds.yellow,
          r: sc.thresholds.red,
        })}
      </p>
      <div class="actions" role="group" aria-label={t('Presets')}>
        {presets.items.map((p) => (
          <button type="button" key={p.key} data-preset={p.key} onClick={() => save({ preset: p.key })}>
            {t('Use {name}', { name: nameOf(p.scale.name) })}
          </button>
        ))}
        {!edit && (
          <button type="button" onClick={start}>
            {t('Edit the scale')}
          </button>
        )}
      </div>
      {status && (
        <p class="status" role="status">
          {status}
        </p>
      )}
      {edit && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            // Thresholds as typed ("12", "12,5" in nb/sv): numbers again, or the field marked.
            const th = {};
            for (const c of ['yellow', 'red']) {
              const v = edit.thresholds[c];
              th[c] = typeof v === 'number' ? v : parseNumber(v);
              if (th[c] === null || Number.isNaN(th[c])) return setErr({ field: `scale.thresholds.${c}`, message: numberError(String(v).trim(), getLang()) });
            }
            save({ scale: { ...edit, thresholds: { ...edit.thresholds, ...th } } });
          }}
          aria-label={t('Edit the scale')}
        >
          <div class="form-grid">
            <Field label={t('Levels (3–6)')} name="scale.size" type="number" min="3" max="6" value={String(edit.size)} onInput={setSize} error={err} />
            <Field
              label={t('Yellow from R =')}
              name="scale.thresholds.yellow"
              inputMode="decimal"
              autocomplete="off"
              value={typeof edit.thresholds.yellow === 'number' ? formatNumber(edit.thresholds.yellow, getLang()) : edit.thresholds.yellow}
              onInput={(v) => setEdit({ ...edit, thresholds: { ...edit.thresholds, yellow: v } })}
              error={err}
            />
            <Field
              label={t('Red from R =')}
              name="scale.thresholds.red"
              inputMode="decimal"
              autocomplete="off"
              value={typeof edit.thresholds.red === 'number' ? formatNumber(edit.thresholds.red, getLang()) : edit.thresholds.red}
              onInput={(v) => setEdit({ ...edit, thresholds: { ...edit.thresholds, red: v } })}
              error={err}
            />
          </div>
          <fieldset>
            <legend>{t('Acceptance per colour')}</legend>
            <div class="form-grid">
              {COLOURS.map((c) => (
                <Field
                  key={c}
                  label={colourName(c)}
                  name={`scale.acceptance.${c}`}
                  value={edit.acceptance[c]}
                  onInput={(v) => setEdit({ ...edit, acceptance: { ...edit.acceptance, [c]: v } })}
                  error={err}
                >
                  {['accept', 'consider', 'act'].map((a) => (
                    <option key={a} value={a}>
                      {acceptanceName(a)}
                    </option>
                  ))}
                </Field>
              ))}
            </div>
          </fieldset>
          {['likelihood', 'consequence'].map((axis) => (
            <fieldset key={axis}>
              <legend>{axis === 'likelihood' ? t('Likelihood levels') : t('Consequence levels')}</legend>
              <table class="scale-labels">
                <thead>
                  <tr>
                    <th scope="col">{t('Level')}</th>
                    {LANG_NAMES.map(([l, n]) => (
                      <th scope="col" key={l}>
                        {n}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {edit[axis].map((lv, i) => (
                    <tr key={i}>
                      <th scope="row">{i + 1}</th>
                      {LANG_NAMES.map(([l, n]) => {
                        const name = `scale.${axis}[${i}].${l}`;
                        const bad = err && err.field === name;
                        return (
                          <td key={l}>
                            <input
                              aria-label={`${axis === 'likelihood' ? t('Likelihood') : t('Consequence')} ${i + 1} (${n})`}
                              name={name}
                              value={lv[l] || ''}
                              aria-invalid={bad ? 'true' : undefined}
                              onInput={(e) => setLabel(axis, i, l, e.currentTarget.value)}
                            />
                            {bad && (
                              <span class="field-error" role="alert">
                                {err.message}
                              </span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          ))}
          <FormError error={err} fields={err?.field && err.field.startsWith('scale.') ? [err.field] : []} />
          <div class="actions">
            <button type="submit" class="primary">
              {t('Save the scale')}
            </button>
            <button
              type="button"
              onClick={() => {
                setEdit(null);
                setErr(null);
              }}
            >
              {t('Cancel')}
            </button>
          </div>
        </form>
      )}
      {!edit && <FormError error={err} />}
    </section>
  );
}
