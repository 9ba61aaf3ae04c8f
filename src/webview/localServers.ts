import type { ViewState } from '../shared/protocol';
import { element } from './dom';
import type { Ui } from './layout';
import { post } from './messaging';

/** Local servers found on this machine, offered first in the empty view: one click sets one up. */
export function renderLocalServers(ui: Ui, local: ViewState['localServers']): void {
  const box = ui.localServers;
  // The box is a live region: redrawing it unchanged at every state would read it out again.
  const drawn = JSON.stringify(local ?? null);
  if (box.dataset.drawn === drawn) return;
  box.dataset.drawn = drawn;
  box.replaceChildren();
  box.hidden = !local;
  ui.setup.classList.toggle('has-offers', !!local?.offers.length);
  if (!local) return;
  if (local.note) box.append(element('p', { className: 'local-note', textContent: local.note }));
  for (const offer of local.offers) {
    const button = element('button', { type: 'button', className: 'local-offer' });
    button.dataset.port = String(offer.port);
    button.append(
      element('span', { className: 'local-label', textContent: offer.label }),
      element('span', { className: 'local-detail', textContent: offer.detail }),
    );
    button.addEventListener('click', () => post({ type: 'useLocalServer', port: offer.port }));
    box.append(button);
  }
  if (!local.looking && local.note) {
    const again = element('button', { type: 'button', id: 'local-again', className: 'link', textContent: local.lookAgain });
    again.addEventListener('click', () => post({ type: 'findLocalServers' }));
    box.append(again);
  }
}
