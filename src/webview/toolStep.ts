import type { ToolStatus, ToolTurn } from '../core/conversation/turn';
import type { ApprovalChoice } from '../shared/protocol';
import { element } from './dom';
import { shortenLongLines } from './markdown';
import { post } from './messaging';
import { format, strings as s } from './strings';

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
  details.append(element('summary'), element('pre', { className: 'tool-result' }), element('div', { className: 'tool-images' }));
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
  fillImages(el.querySelector('.tool-images')!, turn.images ?? []);
  el.querySelector('.approval')?.remove();
  el.querySelector('.restore')?.remove();
  // Inside the opened step: on every step, without a link under each one of a long run.
  if (turn.status !== 'running' && turn.status !== 'waiting') el.querySelector('details')!.append(restoreButton(turn.id));
  if (turn.status === 'waiting' && turn.approval) el.append(approvalElement(turn.toolCallId, turn.approval));
  if (turn.status === 'waiting' && turn.question) el.append(questionElement(turn.toolCallId, turn.question));
}

/** The images the call returned (data URLs only: the page's CSP allows no other source but its own). */
function fillImages(box: Element, images: NonNullable<ToolTurn['images']>): void {
  const shown = images.filter((i) => i.dataUrl.startsWith('data:image/'));
  box.replaceChildren(...shown.map((i) => element('img', { className: 'tool-image', src: i.dataUrl, alt: i.name, title: i.name })));
  box.toggleAttribute('hidden', shown.length === 0);
}

/** Restore to here: the files changed at this step and after it, and the conversation, as before it. */
function restoreButton(turnId: string): HTMLButtonElement {
  const b = element('button', { type: 'button', className: 'restore link', textContent: s.restoreToHere, title: s.restoreToHereTitle });
  b.addEventListener('click', () => post({ type: 'restore', turnId }));
  return b;
}

/** The model's question: a button per choice, and a box for an answer of the user's own. */
function questionElement(callId: string, question: { text: string; options: string[] }): HTMLElement {
  const box = element('div', { className: 'approval question', role: 'group' });
  const asked = element('p', { className: 'approval-question', textContent: question.text, id: `question-${callId}` });
  box.setAttribute('aria-labelledby', asked.id);
  const own = element('input', { type: 'text', className: 'deny-reason', placeholder: s.ownAnswer, ariaLabel: s.ownAnswer });
  const send = (text: string) => {
    if (!text.trim()) return;
    box.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input').forEach((x) => (x.disabled = true));
    post({ type: 'answer', callId, text });
  };
  const buttons = element('div', { className: 'approval-buttons' });
  for (const option of question.options) {
    const b = element('button', { type: 'button', className: 'approve answer secondary', textContent: option });
    b.addEventListener('click', () => send(option));
    buttons.append(b);
  }
  const reply = element('button', { type: 'button', className: 'approve answer', textContent: s.sendAnswer });
  reply.addEventListener('click', () => send(own.value));
  own.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      send(own.value);
    }
  });
  buttons.append(own, reply);
  box.append(asked, buttons);
  return box;
}

/** Run / Always Allow / Deny (with an optional reason the model reads) for a command. */
function approvalElement(callId: string, approval: NonNullable<ToolTurn['approval']>): HTMLElement {
  const box = element('div', { className: 'approval', role: 'group' });
  const tool = approval.kind === 'tool';
  const question = element('p', {
    className: 'approval-question',
    textContent: tool ? s.approvalToolQuestion : s.approvalQuestion,
    id: `approval-${callId}`,
  });
  box.setAttribute('aria-labelledby', question.id);
  const reason = element('input', { type: 'text', className: 'deny-reason', placeholder: s.denyReason, ariaLabel: s.denyReason });
  const button = (label: string, choice: ApprovalChoice, primary = false) => {
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
  buttons.append(button(tool ? s.approveCall : s.approveRun, 'run', true));
  if (approval.alwaysAllows?.length) {
    const always = button(s.approveAlways, 'always');
    always.title = format(
      tool ? s.approveAlwaysToolTitle : s.approveAlwaysTitle,
      tool ? approval.alwaysAllows[0] : approval.alwaysAllows.join(', '),
    );
    buttons.append(always);
    const server = tool ? approval.alwaysAllows[1] : undefined;
    if (server) {
      const all = button(format(s.approveAlwaysServer, server), 'alwaysServer');
      all.title = format(s.approveAlwaysServerTitle, server);
      buttons.append(all);
    }
  }
  buttons.append(button(s.approveDeny, 'deny'), reason);
  const where =
    approval.where && approval.where !== '.'
      ? element('p', { className: 'approval-where', textContent: tool ? approval.where : format(s.approvalIn, approval.where) })
      : '';
  box.append(question, element('pre', { className: 'approval-command', textContent: approval.command }), where, buttons);
  return box;
}
