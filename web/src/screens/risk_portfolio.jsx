// The portfolio-wide risk page (#/risks): every process's risks with
// filters (category, colour, owner, unit) and sorting, the matrix of the
// filtered risks as the server's SVG, overdue actions, and the
// internal-control plan as CSV (download) and printable HTML.
import { useState } from 'preact/hooks';
import { all, get } from '../api.js';
import { t, getLang } from '../i18n.js';
import { Field, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';
import { COLOURS, colourName, loadScales, query } from '../analysis/risk.js';
import { Matrix, RiskTable, SORTS, categoryCodes, categoryName, loadCategories } from '../panels/risk.jsx';

async function loadBase() {
  const [scales, people, units, cats] = await Promise.all([
    loadScales(),
    all('/api/people'),
    all('/api/units'),
    all(`/api/risks?lang=${getLang()}`),
    loadCategories(),
  ]);
  // Process names in the UI's language for the overdue actions (that list names them in bokmål).
  const processNames = new Map(cats.map((r) => [r.process_id, r.process]));
  // The managed list in its order, then any code a risk has that the list lost.
  return { scales, people, units, processNames, categories: [...new Set([...categoryCodes(), ...cats.map((r) => r.category).filter(Boolean)])] };
}

export function RiskPortfolio() {
  const [base, error] = useLoad(loadBase, []);
  const [f, setF] = useState({ category: '', colour: '', owner_id: '', unit_id: '', sort: '-value' });
  const [list, listError] = useLoad(
    () => get(`/api/risks${query({ ...f, lang: getLang(), limit: 500 })}`),
    [f.category, f.colour, f.owner_id, f.unit_id, f.sort],
  );
  // A workspace-wide list: only for roles that cover the workspace (my page's "sees"; an
  // owner their own area, which the server restricts), else no section.
  const [overdue] = useLoad(async () => {
    const mine = await get('/api/me/overview');
    if (!mine.sees?.workspace) return { items: null };
    // the same filters as the register above it
    return get(`/api/risk-actions/overdue${query({ category: f.category, colour: f.colour, owner_id: f.owner_id, unit_id: f.unit_id, lang: getLang() })}`);
  }, [f.category, f.colour, f.owner_id, f.unit_id]);
  if (!base) return <Loading error={error} />;
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const filter = { category: f.category, colour: f.colour, owner_id: f.owner_id, unit_id: f.unit_id };
  const plan = (format) => `/api/risk-plan${query({ format, lang: getLang() })}`;
  return (
    <div class="risk-portfolio">
      <div class="titlebar">
        <h1>{t('Risks')}</h1>
        <div class="actions">
          <a class="button" href={plan('csv')} download="internal-control-plan.csv" data-testid="plan-csv">
            {t('Internal-control plan (CSV)')}
          </a>
          <a class="button" href={plan('html')} target="_blank" rel="noopener" data-testid="plan-html">
            {t('Internal-control plan (printable)')}
          </a>
        </div>
      </div>
      <p class="muted">
        {t(
          'The risks of every process on the current scale ({name}). The internal-control plan lists, per unit, the risks the workspace’s rule includes (set by an administrator) and their actions.',
          {
            name: nameOf(base.scales.current.name),
          },
        )}
      </p>
      <div class="filters" role="group" aria-label={t('Filter risks')}>
        <Field label={t('Category')} name="f-category" value={f.category} onInput={set('category')}>
          <option value="">{t('All')}</option>
          {base.categories.map((c) => (
            <option key={c} value={c}>
              {categoryName(c)}
            </option>
          ))}
        </Field>
        <Field label={t('Colour')} name="f-colour" value={f.colour} onInput={set('colour')}>
          <option value="">{t('All')}</option>
          {COLOURS.map((c) => (
            <option key={c} value={c}>
              {colourName(c)}
            </option>
          ))}
        </Field>
        <Field label={t('Risk owner')} name="f-owner" value={f.owner_id} onInput={set('owner_id')}>
          <option value="">{t('All')}</option>
          {base.people.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.name}
            </option>
          ))}
        </Field>
        <Field label={t('Unit')} name="f-unit" value={f.unit_id} onInput={set('unit_id')}>
          <option value="">{t('All')}</option>
          {base.units.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {nameOf(u.name)}
            </option>
          ))}
        </Field>
        <Field label={t('Sort by')} name="f-sort" value={f.sort} onInput={set('sort')}>
          {SORTS().map(([k, name]) => (
            <option key={k} value={k}>
              {name}
            </option>
          ))}
        </Field>
      </div>
      {list ? (
        <>
          <p class="muted" role="status" data-testid="risk-count">
            {t('Risks shown: {n}', { n: list.total ?? list.items.length })}
          </p>
          <RiskTable risks={list.items} scales={base.scales} showProcess sort={f.sort} onSort={set('sort')} />
        </>
      ) : (
        <Loading error={listError} />
      )}
      <div class="grid2">
        <section aria-labelledby="h-matrix">
          <h2 id="h-matrix">{t('Risk matrix')}</h2>
          <Matrix filter={filter} />
        </section>
        {overdue?.items !== null && (
          <section aria-labelledby="h-overdue">
            <h2 id="h-overdue">{t('Overdue actions')}</h2>
            {!overdue ? (
              <Loading />
            ) : overdue.items.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('Action')}</th>
                    <th scope="col">{t('Risk')}</th>
                    <th scope="col">{t('Process')}</th>
                    <th scope="col">{t('Responsible')}</th>
                    <th scope="col">{t('Due date')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overdue.items.map((a) => (
                    <tr key={a.id}>
                      <td>{a.title}</td>
                      <td>{a.risk}</td>
                      <td>
                        <a href={`#/process/${a.process_id}/risk`}>{base.processNames.get(a.process_id) || a.process}</a>
                      </td>
                      <td>{a.responsible}</td>
                      <td>{fmtDate(a.due_date)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{t('No overdue actions.')}</p>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
