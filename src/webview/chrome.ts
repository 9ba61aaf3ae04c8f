import type { Chrome, ViewState } from '../shared/protocol';
import type { FocusKeeper } from './focus';
import type { HistoryPicker } from './historyPicker';
import type { Ui } from './layout';
import { renderLocalServers } from './localServers';
import { format, strings } from './strings';

/**
 * Draws what is around the conversation: the profile, local servers offered, the usage line, the
 * trim note, the history picker, Send or Stop. `only`: the parts that changed (all when absent).
 */
export function renderChrome(
  ui: Ui,
  parts: { focus: FocusKeeper; history: HistoryPicker },
  state: ViewState,
  only?: (keyof Chrome)[],
): void {
  const changed = (key: keyof Chrome) => !only || only.includes(key);
  if (changed('profileLabel')) renderProfile(ui, state.profileLabel);
  if (changed('profileLabel') || changed('localServers')) renderLocalServers(ui, state.profileLabel ? undefined : state.localServers);
  if (changed('usageLabel')) ui.usage.textContent = state.usageLabel ?? '';
  if (changed('trimmedNote')) {
    ui.trimmed.hidden = !state.trimmedNote;
    ui.trimmed.textContent = state.trimmedNote ?? '';
  }
  if (changed('history')) parts.history.render(state);
  if (changed('busy')) parts.focus.swapSendStop(state.busy);
}

function renderProfile(ui: Ui, profileLabel: string | undefined): void {
  ui.setup.hidden = !!profileLabel;
  ui.profile.textContent = profileLabel ?? strings.noProvider;
  // Named with what it shows, so a screen reader hears the model too.
  ui.profile.setAttribute('aria-label', profileLabel ? format(strings.chooseModelNow, profileLabel) : strings.noProvider);
}
