// The workspace-wide lists that used to be on everyone's my page: every
// process with a review date (traffic lights) and everything overdue in the
// workspace (GET /api/reviews). The menu links here only for those whose role
// covers the workspace (administrators, facilitators, stewards: all of it;
// owners: their area, ?owner=<their person id>).
import { get } from '../api.js';
import { t } from '../i18n.js';
import { A, Light, Loading, fmtDate, nameOf, useLoad } from '../common.jsx';

/* What an overdue item is, as the API says it, in words. */
const OVERDUE_KIND = {
  assignment: 'mapping assignment',
  training_task: 'training',
  risk_action: 'risk action',
  activity: 'action in the activity plan',
};

const target = (o) =>
  o.kind === 'assignment' ? `/assignments/${o.id}` : o.kind === 'risk_action' ? `/process/${o.process_id}/risk` : `/process/${o.process_id}`;

export function Reviews({ me }) {
  const [d, error] = useLoad(async () => {
    const mine = await get('/api/me/overview');
    if (!mine.sees?.workspace) return { mine };
    return { mine, r: await get(`/api/reviews?limit=500${mine.sees.all ? '' : `&owner=${mine.person.id}`}`) };
  }, [me.id]);
  if (!d) return <Loading error={error} />;
  const { r, mine } = d;
  if (!mine.sees?.workspace) return <p class="muted">{t('Your role does not cover the workspace-wide lists.')}</p>;
  return (
    <div class="reviews">
      <h1>{t('Reviews and overdue items')}</h1>
      <p class="lead">{t('All processes with a review date, and everything overdue in the workspace.')}</p>
      <section aria-labelledby="h-all-reviews">
        <h2 id="h-all-reviews">{t('Reviews due')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Process')}</th>
              <th scope="col">{t('Owner')}</th>
              <th scope="col">{t('Next review')}</th>
              <th scope="col">{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((x) => (
              <tr key={x.id}>
                <td>
                  <A to={`/process/${x.id}`}>
                    {x.outline} {nameOf(x.name)}
                  </A>
                </td>
                <td>{x.owner || '—'}</td>
                <td>{fmtDate(x.next_review_date)}</td>
                <td>
                  <Light light={x.light} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="h-overdue">
        <h2 id="h-overdue">{t('Overdue items')}</h2>
        {r.overdue.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Kind')}</th>
                <th scope="col">{t('Title')}</th>
                <th scope="col">{t('Due')}</th>
              </tr>
            </thead>
            <tbody>
              {r.overdue.map((o, i) => (
                <tr key={i}>
                  <td>{OVERDUE_KIND[o.kind] ? t(OVERDUE_KIND[o.kind]) : o.kind}</td>
                  <td>{o.process_id || o.kind === 'assignment' ? <A to={target(o)}>{o.title || '—'}</A> : o.title || '—'}</td>
                  <td>{fmtDate(o.due_date)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('Nothing is overdue.')}</p>
        )}
      </section>
    </div>
  );
}
