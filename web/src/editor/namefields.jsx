// The side panel's names of an element (web/src/editor/names.js): the name in
// the UI language first (what the canvas shows; id el-name), then the other
// workspace languages beside it, the map's default language marked as such.
// An element without a name in the UI language shows the default as the
// field's placeholder and a note saying so.
import { t, getLang } from '../i18n.js';
import { locale } from '../common.jsx';

/** A language's name in the UI language ("svenska", "Swedish"). */
export function languageName(l, inSentence = false) {
  try {
    const n = new Intl.DisplayNames([locale()], { type: 'language' }).of(l) || l;
    return inSentence ? n : n.charAt(0).toLocaleUpperCase(locale()) + n.slice(1);
  } catch {
    return l;
  }
}

export function NameFields({ el, names, onChange }) {
  const bo = el.businessObject;
  const fields = names.fields(bo);
  const def = names.defaultName(bo);
  const untranslated = names.untranslated(bo);
  const set = (l, v) => {
    names.setText(el, l, v.trim() ? v : '');
    onChange();
  };
  return (
    // a group, not a fieldset: the time fields stay the panel's first fieldsets
    <div class="names" role="group" aria-labelledby="el-names-label" data-testid="element-names">
      <span class="group-label" id="el-names-label">
        {t('Name')}
      </span>
      {fields.map((f) => {
        const id = f.role === 'ui' ? 'el-name' : `el-name-${f.lang}`;
        return (
          <div class="field" key={`${el.id}-${f.lang}`}>
            <label for={id}>
              {languageName(f.lang)}
              {f.role === 'default' && <span class="muted"> {t("(the map's default name)")}</span>}
            </label>
            <input
              id={id}
              name={f.role === 'ui' ? 'name' : `name.${f.lang}`}
              lang={f.lang}
              data-lang={f.lang}
              value={f.text}
              placeholder={f.role === 'ui' && untranslated ? def : f.role === 'default' && !def ? bo.name || '' : ''}
              aria-describedby={f.role === 'ui' && untranslated ? 'el-name-fallback' : undefined}
              onChange={(e) => set(f.lang, e.currentTarget.value)}
            />
            {f.role === 'ui' && untranslated && (
              <span class="hint" id="el-name-fallback" data-testid="name-fallback">
                {t('No {lang} name yet: the map shows the default name, in italics.', { lang: languageName(getLang(), true) })}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
