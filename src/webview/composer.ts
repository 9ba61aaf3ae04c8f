import type { Ui } from './layout';
import type { ShownReply } from '../shared/protocol';
import { post, saveState, type SavedState } from './messaging';

/**
 * The input box: Enter sends, Shift+Enter is a new line, and the draft survives the view being
 * hidden. Returns how the extension puts text into the box.
 */
export function wireComposer(
  ui: Ui,
  saved: SavedState,
  busy: () => boolean,
  freezeReply: () => ShownReply | undefined,
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
  // The reply stops where the user sees it: nothing more is drawn, and that much is kept.
  ui.stop.addEventListener('click', () => post({ type: 'stop', shown: freezeReply() }));

  return (draft) => {
    input.value = draft;
    input.focus();
    save();
  };
}
