import type { Turn } from '../core/conversation/turn';
import { format, strings as s } from './strings';

/** Past this, a finished reply is not read out whole: the announcement says where it is. */
const READ_UP_TO = 2_000;
/** Old announcements are removed (removals are not read), so the region stays small. */
const KEEP = 4;

/**
 * What a screen reader hears about replies, through one visually hidden live region: "Reply
 * started", the finished reply's text once, "Reply finished", and errors. Nothing else enters
 * it: the conversation itself is re-rendered as replies stream and must stay silent.
 */
export class Announcer {
  private readonly started = new Set<string>();
  private readonly finished = new Set<string>();

  constructor(private readonly region: HTMLElement) {}

  /** Adds one announcement (an addition to the region, read once). */
  say(text: string): void {
    if (!text.trim()) return;
    const p = document.createElement('p');
    p.textContent = text;
    this.region.append(p);
    while (this.region.childElementCount > KEEP) this.region.firstElementChild!.remove();
  }

  /** Called with every state: a reply that is streaming and not yet announced has started. */
  noticeStreaming(messages: Turn[]): void {
    for (const m of messages) {
      if (m.role !== 'assistant' || !m.streaming || this.started.has(m.id)) continue;
      this.started.add(m.id);
      this.say(s.replyStarted);
    }
  }

  /** A reply finished: its text (from what is on screen), its error, then "Reply finished". */
  replyDone(m: Turn, el: HTMLElement | null): void {
    if (m.role !== 'assistant' || this.finished.has(m.id)) return;
    this.finished.add(m.id);
    // The screen's text when it is all there and short enough to read out; else the source
    // (only its length is said, and copying a long reply's page took a frame's worth and more).
    const onScreen = el && !el.classList.contains('streaming') && m.content.length <= 4 * READ_UP_TO;
    const text = onScreen ? readableText(el.querySelector('.message-body')) : m.content;
    this.say(text.length > READ_UP_TO ? format(s.replyLong, text.length.toLocaleString()) : text);
    if (m.note) this.say(m.note);
    if (m.error) this.say(m.error);
    this.say(s.replyFinished);
  }
}

/** The rendered reply as text, without the code blocks' buttons, blocks separated by new lines. */
function readableText(body: Element | null): string {
  if (!body) return '';
  const copy = body.cloneNode(true) as Element;
  copy.querySelectorAll('.code-toolbar, [aria-hidden="true"]').forEach((x) => x.remove());
  copy.querySelectorAll('p, li, pre, h1, h2, h3, h4, h5, h6, blockquote, tr, .md-block').forEach((x) => x.append('\n'));
  return (copy.textContent ?? '').replace(/\n{2,}/g, '\n').trim();
}
