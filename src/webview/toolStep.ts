import type { ToolStatus, ToolTurn } from '../core/conversation/turn';
import { element } from './dom';
import { shortenLongLines } from './markdown';
import { post } from './messaging';
import { strings as s } from './strings';

const ICONS: Record<ToolStatus, string> = {
  waiting: 'question',
  running: 'loading codicon-modifier-spin',
  done: 'check',
  failed: 'error',
  denied: 'circle-slash',
  stopped: 'debug-stop',
  interrupted: 'warning',
};

const WORDS: Record<ToolStatus, () => string> = {
  waiting: () => s.stepWaiting,
  running: () => s.stepRunning,
  done: () => s.stepDone,
  failed: () => s.stepFailed,
  denied: () => s.stepDenied,
  stopped: () => s.stepStopped,
  interrupted: () => s.stepInterrupted,
};

/** A shown result is cut here: the model read up to its own limit, the page needs less. */
const SHOWN_RESULT = 20_000;

/**
 * One tool call in the transcript: a folded step (the call in words, how it went, how long it
 * took) whose body is the result the model read; while a command waits, its approval under it.
 * Everything in it is the model's or the workspace's text: set as text, never as HTML.
 */
export function toolStepElement(turn: ToolTurn): HTMLElement {
  const el = element('article', { className: 'message tool', tabIndex: -1 });
  el.dataset.id = turn.id;
  const details = element('details', { className: 'tool-step' });
  details.append(element('summary'), element('pre', { className: 'tool-result' }));
  el.append(element('h2', { className: 'visually-hidden', textContent: s.toolStep }), details);
  fillToolStep(el, turn);
  return el;
}

export function fillToolStep(el: HTMLElement, turn: ToolTurn): void {
  el.dataset.status = turn.status;
  const summary = el.querySelector('summary')!;
  const meta = [WORDS[turn.status](), turn.summary, turn.ms !== undefined ? `${turn.ms.toLocaleString('en')} ms` : undefined];
  summary.replaceChildren(
    element('span', { className: `codicon codicon-${ICONS[turn.status]}`, ariaHidden: 'true' }),
    element('span', { className: 'step', textContent: turn.step }),
    element('span', { className: 'step-meta', textContent: meta.filter(Boolean).join(' · ') }),
  );
  const result = turn.content.length > SHOWN_RESULT ? `${turn.content.slice(0, SHOWN_RESULT)}\n…` : turn.content;
  el.querySelector('.tool-result')!.textContent = shortenLongLines(result);
  el.querySelector('.tool-result')!.toggleAttribute('hidden', !turn.content);
  el.querySelector('.approval')?.remove();
  if (turn.status === 'waiting' && turn.approval) el.append(approvalElement(turn.toolCallId, turn.approval.command));
}

/** Run / Always Allow / Deny (with an optional reason the model reads) for a command. */
function approvalElement(callId: string, command: string): HTMLElement {
  const box = element('div', { className: 'approval', role: 'group' });
  const question = element('p', { className: 'approval-question', textContent: s.approvalQuestion, id: `approval-${callId}` });
  box.setAttribute('aria-labelledby', question.id);
  const reason = element('input', { type: 'text', className: 'deny-reason', placeholder: s.denyReason, ariaLabel: s.denyReason });
  const button = (label: string, choice: 'run' | 'always' | 'deny', primary = false) => {
    const b = element('button', { type: 'button', className: `approve ${primary ? '' : 'secondary'}`.trim(), textContent: label });
    b.dataset.choice = choice;
    b.addEventListener('click', () => {
      box.querySelectorAll('button').forEach((x) => (x.disabled = true));
      post(
        choice === 'deny' && reason.value.trim()
          ? { type: 'approve', callId, choice, reason: reason.value }
          : { type: 'approve', callId, choice },
      );
    });
    return b;
  };
  const buttons = element('div', { className: 'approval-buttons' });
  buttons.append(button(s.approveRun, 'run', true), button(s.approveAlways, 'always'), button(s.approveDeny, 'deny'), reason);
  box.append(question, element('pre', { className: 'approval-command', textContent: command }), buttons);
  return box;
}
