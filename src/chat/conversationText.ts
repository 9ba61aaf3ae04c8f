import type { Turn } from '../core/conversation/turn';

/** What a conversation reads as outside the chat view: its title and its Markdown export. */

export function titleFrom(text: string): string {
  const line = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'Untitled';
}

/** A conversation as Markdown, for export. */
export function conversationToMarkdown(c: { title: string; messages: Turn[] }): string {
  const parts = [`# ${c.title || 'Parley conversation'}`, ''];
  for (const m of c.messages) {
    parts.push(`## ${m.role === 'user' ? 'You' : 'Assistant'}`, '', m.display ?? m.content, '');
    if (m.error) parts.push(`> Error: ${m.error}`, '');
  }
  return parts.join('\n');
}
