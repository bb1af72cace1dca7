// The handbook: the page tree, a page (its HTML from the server, which
// renders Markdown with cmark in safe mode), a Markdown editor with preview,
// new pages from a template, and restricted pages (signed-in, facilitators).
import { useState } from 'preact/hooks';
import { all, get, patch, post } from '../api.js';
import { t } from '../i18n.js';
import { A, Field, FormError, Loading, fmtDate, go, useLoad } from '../common.jsx';
import { preview } from '../markdown.js';

const tplName = (k) =>
  ({
    process_inventory: t('Process inventory'),
    process_specification: t('Process specification'),
    resource_request: t('Resource request'),
    mapping_assignment: t('Mapping assignment'),
    followup_plan: t('Follow-up plan'),
    activity_plan: t('Activity plan'),
    role_description: t('Role description'),
  })[k] || k.replace(/_/g, ' ');

const visName = (v) => ({ everyone: t('Everyone'), signed_in: t('Signed-in users'), facilitators: t('Facilitators') })[v] || v;

function Tree({ items, cur }) {
  return (
    <ul class="tree">
      {items.map((p) => (
        <li key={p.id}>
          <A to={`/handbook/${p.id}`} aria-current={cur === p.id ? 'page' : undefined}>
            {p.title}
          </A>
          {p.visibility !== 'everyone' && <span class="badge">{visName(p.visibility)}</span>}
          {p.children?.length ? <Tree items={p.children} cur={cur} /> : null}
        </li>
      ))}
    </ul>
  );
}

const HEADINGS = () => ({
  summary: t('Summary'),
  mandate_source: t('Mandate source'),
  mandate_and_tasks: t('Mandate and tasks'),
  local_responsibility: t('Local responsibility'),
  partners: t('Partners'),
  arenas_and_meetings: t('Arenas and meetings'),
  competence_requirements: t('Competence requirements'),
  purpose: t('Purpose'),
  scope: t('Scope'),
  goals: t('Goals'),
  background: t('Background'),
  participants: t('Participants'),
});

/** A Markdown skeleton from one of the API's templates: a heading per field. */
function fromTemplate(tpl) {
  const props = tpl.schema?.properties || {};
  return Object.entries(props)
    .map(([k, s]) => `## ${s.title || HEADINGS()[k] || k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())}\n\n`)
    .join('');
}

function PageEditor({ page, parentId, templates, onSaved }) {
  const [title, setTitle] = useState(page?.title || '');
  const [md, setMd] = useState(page?.markdown || '');
  const [vis, setVis] = useState(page?.visibility || 'everyone');
  const [err, setErr] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      const body = { title, markdown: md, visibility: vis };
      const r = page
        ? await patch(`/api/handbook/pages/${page.id}`, body, { headers: { 'if-match': `"v${page.version}"` } })
        : await post('/api/handbook/pages', { ...body, ...(parentId ? { parent_id: parentId } : {}) });
      onSaved(r);
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <form class="panel md-editor" onSubmit={save} aria-label={page ? t('Edit page') : t('New page')}>
      {!page && templates?.length > 0 && (
        <div class="field">
          <label for="tpl">{t('Start from a template')}</label>
          <select
            id="tpl"
            onChange={(e) => {
              const tp = templates.find((x) => x.key === e.currentTarget.value);
              if (tp) {
                setMd(fromTemplate(tp));
                if (!title) setTitle(tplName(tp.key));
              }
            }}
          >
            <option value="">–</option>
            {templates.map((tp) => (
              <option key={tp.key} value={tp.key}>
                {tplName(tp.key)}
              </option>
            ))}
          </select>
        </div>
      )}
      <Field label={t('Title')} name="title" value={title} onInput={setTitle} error={err} required />
      <Field label={t('Who may read it')} name="visibility" value={vis} onInput={setVis} error={err}>
        {['everyone', 'signed_in', 'facilitators'].map((v) => (
          <option key={v} value={v}>
            {visName(v)}
          </option>
        ))}
      </Field>
      <div class="md-split">
        <Field label={t('Text (Markdown)')} name="markdown" textarea value={md} onInput={setMd} error={err} rows={16} />
        <div>
          <h3>{t('Preview')}</h3>
          <div class="md-preview" dangerouslySetInnerHTML={{ __html: preview(md) }} />
        </div>
      </div>
      <FormError error={err} fields={['title', 'visibility', 'markdown']} />
      <button type="submit" class="primary">
        {t('Save')}
      </button>
    </form>
  );
}

export function Handbook({ id, me }) {
  const anon = !!me?.anonymous;
  const [d, error, reload] = useLoad(async () => {
    const [tree, page, templates] = await Promise.all([
      get('/api/handbook/tree'),
      id ? get(`/api/handbook/pages/${id}`) : null,
      anon
        ? []
        : get('/api/templates')
            .then((x) => x.items)
            .catch(() => []),
    ]);
    return { tree: tree.items, page, templates };
  }, [id]);
  const [mode, setMode] = useState(null);
  if (!d) return <Loading error={error} />;
  const { page } = d;
  return (
    <div class="handbook">
      <div class="titlebar">
        <h1>{t('Handbook')}</h1>
        {!anon && (
          <button type="button" onClick={() => setMode(mode === 'new' ? null : 'new')}>
            {t('New page')}
          </button>
        )}
      </div>
      <div class="split">
        <nav aria-label={t('Pages')}>
          <Tree items={d.tree} cur={id} />
        </nav>
        <div>
          {mode === 'new' && (
            <PageEditor
              parentId={id}
              templates={d.templates}
              onSaved={(p) => {
                setMode(null);
                go(`/handbook/${p.id}`);
              }}
            />
          )}
          {mode === 'edit' && page && (
            <PageEditor
              page={page}
              onSaved={() => {
                setMode(null);
                reload();
              }}
            />
          )}
          {page && mode !== 'edit' && (
            <article>
              <h2>{page.title}</h2>
              <p class="meta">
                {visName(page.visibility)} · {fmtDate(page.updated_at || page.created_at)}{' '}
                {!anon && (
                  <button type="button" onClick={() => setMode('edit')}>
                    {t('Edit')}
                  </button>
                )}
              </p>
              <div class="md-preview" dangerouslySetInnerHTML={{ __html: page.html }} />
              {page.attachments?.length > 0 && (
                <ul>
                  {page.attachments.map((x) => (
                    <li key={x.id}>
                      <a href={`/api/attachments/${x.id}`}>{x.name}</a>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          )}
          {!page && !mode && <p class="muted">{t('Choose a page.')}</p>}
        </div>
      </div>
    </div>
  );
}
