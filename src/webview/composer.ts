import type { Ui } from './layout';
import type { StreamingReplies } from './streaming';
import { post, saveState, type SavedState } from './messaging';

/**
 * The input box: Enter sends, Shift+Enter is a new line, and the draft survives the view being
 * hidden. Returns how the extension puts text into the box.
 */
export function wireComposer(
  ui: Ui,
  saved: SavedState,
  busy: () => boolean,
  reply: Pick<StreamingReplies, 'hold' | 'release' | 'freeze'>,
): (draft: string) => void {
  const { input, mode } = ui;
  input.value = saved.draft ?? '';
  mode.value = saved.mode === 'agent' ? 'agent' : 'ask';
  const save = () => saveState({ draft: input.value });
  input.addEventListener('input', save);
  // The tools are Agent mode's: their button shows only there.
  const showTools = () => (ui.tools.hidden = mode.value !== 'agent');
  showTools();
  mode.addEventListener('change', () => {
    saveState({ mode: mode.value === 'agent' ? 'agent' : 'ask' });
    showTools();
  });
  ui.tools.addEventListener('click', () => post({ type: 'chooseTools' }));

  const send = () => {
    const text = input.value;
    if (!text.trim() || busy()) return;
    post(mode.value === 'agent' ? { type: 'send', text, mode: 'agent' } : { type: 'send', text });
    input.value = '';
    save();
  };
  ui.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  // The reply stops where the user sees it when they press Stop: nothing more is drawn from the
  // press on, and the click keeps that much. A press let go off the button lets it draw on.
  const ends = ['pointerup', 'pointercancel', 'keyup', 'blur'];
  const letGo = () => {
    for (const type of ends) window.removeEventListener(type, letGo);
    // After the click the press may make (it comes in the same task as the pointer or key going up).
    setTimeout(() => reply.release());
  };
  const hold = (e: Event) => {
    reply.hold(e.timeStamp);
    for (const type of ends) window.addEventListener(type, letGo);
  };
  ui.stop.addEventListener('pointerdown', (e) => e.button === 0 && hold(e));
  ui.stop.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && !e.repeat && hold(e));
  ui.stop.addEventListener('click', () => post({ type: 'stop', shown: reply.freeze() }));

  return (draft) => {
    input.value = draft;
    input.focus();
    save();
  };
}
