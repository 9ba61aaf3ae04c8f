// The chat webview's entry point: builds the page and connects it to the extension. Each job
// lives in its own file: layout, messages (rendering), streaming, composer, message actions.
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import { wireAttachments } from './attachments';
import { ChatView } from './chatView';
import { languagesIn, preloadHighlighter } from './highlight';
import { wireComposer } from './composer';
import { mountLayout } from './layout';
import { warmUpRendering } from './warmUp';
import { wireMessageActions } from './messageActions';
import { onMessage, post, savedState } from './messaging';

const ui = mountLayout(document.getElementById('app')!);
const saved = savedState();
const view = new ChatView(ui, saved);
const showAttachments = wireAttachments(ui);
const setDraft = wireComposer(ui, saved, () => !!view.state?.busy, view.streaming);
wireMessageActions(
  ui.messages,
  () => view.state,
  (text) => view.announcer.say(text),
);

ui.newChat.addEventListener('click', () => post({ type: 'newChat' }));
ui.export.addEventListener('click', () => post({ type: 'exportConversation' }));
ui.delete.addEventListener('click', () => view.state && post({ type: 'deleteConversation', id: view.state.conversationId }));
ui.setupButton.addEventListener('click', () => post({ type: 'setup' }));
ui.profile.addEventListener('click', () => post({ type: view.state?.profileLabel ? 'chooseModel' : 'setup' }));

let states = 0;

/** Marks when the first conversation has painted (read by `npm run bench`). */
let painted = false;
function markPainted(): void {
  if (painted) return;
  painted = true;
  requestAnimationFrame(() => setTimeout(() => performance.mark('parley:painted'), 0));
  // The highlighter loads once the page is idle, so a first reply's code is coloured at once.
  requestIdleCallback(() => preloadHighlighter(languagesIn(ui.messages)), { timeout: 2_000 });
  // The page's first number formatted for its locale loads ICU's data (20-30 ms): here, not in
  // the frame a reply ends in (the announcer says a long reply's length).
  requestIdleCallback(() => (1234).toLocaleString(), { timeout: 2_000 });
  requestIdleCallback(warmUpRendering, { timeout: 2_000 });
}

performance.mark('parley:ready'); // the page's script has run (read by `npm run bench`)
// What arrived while this script loaded (the state, asked for by boot.ts) is handled first.
onMessage((m) => {
  switch (m.type) {
    case 'state':
      if (!painted) performance.mark('parley:state');
      // How many states the page has had, drawn or not (read by the UI tests).
      performance.clearMarks('parley:states');
      performance.mark('parley:states', { detail: ++states });
      // Before the render: its frame callback goes first, so the mark follows the first
      // screenful's paint, not the earlier messages the render draws above it after that paint.
      markPainted();
      return view.render(m.state);
    case 'earlier':
      return view.addEarlier(m);
    case 'append':
      return view.append(m.turn);
    case 'delta':
      return view.streaming.applyDelta(m);
    case 'done':
      return view.done(m.turn);
    case 'truncate':
      return view.truncate(m.fromId);
    case 'chrome':
      return view.applyChrome(m.chrome);
    case 'setDraft':
      return setDraft(m.text);
    case 'attachments':
      return showAttachments(m.items);
  }
});
