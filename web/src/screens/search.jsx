// Search everywhere: processes, activities inside maps, roles, people and
// handbook pages (GET /api/search), with the matched words highlighted.
import { get } from '../api.js';
import { getLang, t } from '../i18n.js';
import { A, Loading, useLoad } from '../common.jsx';

// An activity says which process it belongs to ("Aktivitet i Behandle byggesøknad").
const kindOf = (h) => (h.type === 'element' && h.process_name ? t('Activity in {process}', { process: h.process_name }) : kindName(h.type));

const kindName = (k) => ({ process: t('Process'), element: t('Activity'), role: t('Role'), person: t('Person'), page: t('Page') })[k] || k;

function hrefOf(h) {
  if (h.type === 'process') return `/process/${h.id}`;
  if (h.type === 'element') return `/process/${h.process_id}`;
  if (h.type === 'page') return `/handbook/${h.id}`;
  if (h.type === 'role') return '/org/roles';
  return '/org/people';
}

// A handbook page's snippet is cut from its Markdown: the heading marks and
// emphasis stars are markup a reader should not see ("## Mandat … **viktig**").
const plain = (s) =>
  s
    .replace(/(^|\s)#{1,6}(?=\s)/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/\s{2,}/g, ' ');

function Snippet({ text: raw, words }) {
  if (!raw) return null;
  const text = plain(raw);
  if (!words?.length) return <span>{text}</span>;
  const re = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return <span>{text.split(re).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part))}</span>;
}

export function Search({ q }) {
  const [d, error] = useLoad(
    () => (q.trim() ? get(`/api/search?q=${encodeURIComponent(q)}&lang=${getLang()}&limit=50`) : Promise.resolve({ items: [], total: 0 })),
    [q],
  );
  return (
    <div>
      <h1>{t('Search')}</h1>
      {!d ? (
        <Loading error={error} />
      ) : (
        <>
          <p role="status">{q ? t('{n} hits for “{q}”', { n: d.total, q }) : t('Type words in the search box.')}</p>
          <ol class="hits">
            {d.items.map((h) => (
              <li key={`${h.type}${h.id}`}>
                <span class={`kind kind-${h.type}`}>{kindOf(h)}</span> <A to={hrefOf(h)}>{h.title}</A>
                <div class="snippet">
                  <Snippet text={h.snippet} words={h.match} />
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
