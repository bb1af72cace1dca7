// Nothing lost silently (issue 11 §6): the editor's unsaved work is guarded
// against every way out of the screen, and kept as a local draft.
//
// - Leaving: every route change is a hash change (menu links, links in the
//   page, go(), the browser's back and forward, a typed address), which the
//   router (main.jsx) follows only when every leave guard (common.jsx
//   addLeaveGuard) agrees. The editor's guard asks in the UI language while
//   there is unsaved work; on "cancel" it puts the editor's address back
//   (replaceState: no new hash change) and the router stays. A click on a
//   link is asked about before the browser follows it (no history entry is
//   made on "cancel"). Reload and closing the tab are asked about by the
//   browser (beforeunload).
// - The draft: the map in its stored form (the same XML a save sends) is kept
//   in localStorage under kartla.draft.<process>.<version or "new">, with the
//   time it was written, after every change while unsaved; a save clears it.
//   Opening the editor on the same process and version offers it back. The
//   draft is kept when the user chooses to leave: the question says so.
import { useEffect } from 'preact/hooks';
import { t } from '../i18n.js';
import { addLeaveGuard } from '../common.jsx';

const PREFIX = 'kartla.draft.';
export const draftKey = (pid, vid) => `${PREFIX}${pid}.${vid || 'new'}`;

/** The draft of a process's version, {xml, at} (at an ISO time), or null. */
export function readDraft(pid, vid) {
  try {
    const d = JSON.parse(localStorage.getItem(draftKey(pid, vid)) || 'null');
    return d && typeof d.xml === 'string' && typeof d.at === 'string' ? d : null;
  } catch {
    return null; // storage disabled or a damaged entry: no draft to offer
  }
}

/** Keeps the map as the draft; false when the browser refused (full or disabled storage). */
export function writeDraft(pid, vid, xml) {
  try {
    localStorage.setItem(draftKey(pid, vid), JSON.stringify({ xml, at: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(pid, vid) {
  try {
    localStorage.removeItem(draftKey(pid, vid));
  } catch {
    /* storage disabled */
  }
}

/** The question asked before unsaved work is left (also used by the tests' dialog handler). */
export const leaveQuestion = () =>
  t('The map has unsaved changes. Leave the editor anyway? (A copy stays in this browser and is offered when you open the map again.)');

/**
 * Guards the screen while isDirty() is true: route changes ask first, reload and
 * closing the tab are asked about by the browser.
 */
export function useLeaveGuard(isDirty) {
  useEffect(() => {
    // A link is asked about before it is followed, so that "cancel" leaves no
    // history entry behind; its hash change is then not asked about again.
    let answered = false;
    const onClick = (e) => {
      const a = e.target.closest?.('a[href^="#"]');
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      if (a.getAttribute('href') === location.hash || !isDirty()) return;
      if (window.confirm(leaveQuestion())) answered = true;
      else e.preventDefault();
    };
    const guard = (e) => {
      if (answered) {
        answered = false;
        return true;
      }
      if (!isDirty() || window.confirm(leaveQuestion())) return true;
      if (e?.oldURL) history.replaceState(history.state, '', e.oldURL);
      return false;
    };
    const onUnload = (e) => {
      if (!isDirty()) return;
      e.preventDefault();
      e.returnValue = '';
    };
    const remove = addLeaveGuard(guard);
    document.addEventListener('click', onClick, true);
    addEventListener('beforeunload', onUnload);
    return () => {
      remove();
      document.removeEventListener('click', onClick, true);
      removeEventListener('beforeunload', onUnload);
    };
  }, []);
}
