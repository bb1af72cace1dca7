// Process architecture: the hierarchy as a tree, and an overview of the
// function areas grouped core / support / management.
import { useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { A, Field, FormError, Loading, go, nameOf, useLoad } from '../common.jsx';
import { typeName } from '../parts.jsx';

const TYPES = ['core', 'support', 'management'];
function Tree({ items }) {
  return (
    <ul class="tree">
      {items.map((p) => (
        <li key={p.id}>
          <A to={`/process/${p.id}`}>
            <span class="outline">{p.outline}</span> {nameOf(p.name)}
          </A>
          {p.children?.length ? <Tree items={p.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

function NewProcess({ tree, onDone }) {
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [type, setType] = useState('core');
  const [error, setError] = useState(null);
  const flat = [];
  const walk = (xs) =>
    xs.forEach((p) => {
      flat.push(p);
      walk(p.children || []);
    });
  walk(tree);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { name: { nb: name, sv: name, en: name }, type };
      if (parent) body.parent_id = Number(parent);
      const p = await post('/api/processes', body);
      onDone(p);
    } catch (err) {
      setError(err.field === 'name.nb' || err.field === 'name.en' ? { ...err, message: err.message, field: 'name' } : err);
    }
  };
  return (
    <form class="panel" onSubmit={submit} aria-label={t('New process')}>
      <h2>{t('New process')}</h2>
      <Field label={t('Name (verb + noun)')} name="name" value={name} onInput={setName} error={error} required />
      <Field label={t('Parent process')} name="parent_id" value={parent} onInput={setParent} error={error}>
        <option value="">{t('(top level)')}</option>
        {flat.map((p) => (
          <option key={p.id} value={p.id}>
            {p.outline} {nameOf(p.name)}
          </option>
        ))}
      </Field>
      <Field label={t('Type')} name="type" value={type} onInput={setType} error={error}>
        {TYPES.map((ty) => (
          <option key={ty} value={ty}>
            {typeName(ty)}
          </option>
        ))}
      </Field>
      <FormError error={error} fields={['name', 'parent_id', 'type']} />
      <button type="submit" class="primary">
        {t('Create')}
      </button>
    </form>
  );
}

export function Architecture({ me }) {
  const [tree, error] = useLoad(() => get('/api/processes?tree=1'), []);
  const [adding, setAdding] = useState(false);
  if (!tree) return <Loading error={error} />;
  const areas = tree.items;
  return (
    <div>
      <div class="titlebar">
        <h1>{t('Process architecture')}</h1>
        {!me?.anonymous && (
          <button type="button" onClick={() => setAdding(!adding)}>
            {t('New process')}
          </button>
        )}
      </div>
      {adding && <NewProcess tree={tree.items} onDone={(p) => go(`/process/${p.id}`)} />}
      <section aria-labelledby="h-overview">
        <h2 id="h-overview">{t('Overview')}</h2>
        <div class="overview">
          {TYPES.map((ty) => (
            <div class={`band band-${ty}`} key={ty}>
              <h3>{typeName(ty)}</h3>
              <ul>
                {areas
                  .filter((p) => p.type === ty)
                  .map((p) => (
                    <li key={p.id}>
                      <A to={`/process/${p.id}`}>{nameOf(p.name)}</A>
                      <span class="muted"> · {t((p.children || []).length === 1 ? '{n} process' : '{n} processes', { n: (p.children || []).length })}</span>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="h-tree">
        <h2 id="h-tree">{t('Hierarchy')}</h2>
        <Tree items={tree.items} />
      </section>
    </div>
  );
}
