// Submit with a change note: asked for before a version goes to the owner,
// stored with the submission (the approvals row's comment) and shown on the
// approval screen and the owner's my page.
import { useState } from 'preact/hooks';
import { t } from '../i18n.js';

export function SubmitNote({ onSubmit, onCancel }) {
  const [note, setNote] = useState('');
  return (
    <form
      class="panel submit-note"
      aria-label={t('Change note')}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(note.trim());
      }}
    >
      <label for="submit-note">{t('Change note')}</label>
      <p class="muted" id="submit-note-help">
        {t('What changed, and why? The owner reads this note when deciding.')}
      </p>
      <textarea id="submit-note" name="note" rows="3" aria-describedby="submit-note-help" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="buttons">
        <button type="submit" class="primary">
          {t('Submit with this note')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}
