/**
 * A shell command line cut into the simple commands it runs, as a POSIX shell would read it well
 * enough to judge it: `&&`, `||`, `;`, `|`, `&`, newlines, `( … )`, `{ …; }`, `$( … )`, backticks
 * and `<( … )` each give their own part; quotes and backslashes are removed from words. It is not
 * a full shell grammar: where it is unsure it errs towards more parts, or marks a part dynamic.
 */

export interface ShellPart {
  /** The words as the shell passes them, quotes and escapes removed; redirections left out. */
  readonly words: string[];
  /** Some word is known only when it runs (`$VAR`, `$( … )`, backticks, an unclosed quote). */
  readonly dynamic: boolean;
  /** Where its output redirections write (`> out.txt`); `2>&1` and `/dev/null` are left out. */
  readonly writes: string[];
  /** Commands whose output it may read: earlier stages of its pipeline, its own substitutions. */
  readonly upstream: ShellPart[];
}

/** Every simple command in `text`, nested ones included; throws when nested absurdly deep. */
export function splitShellCommand(text: string): ShellPart[] {
  return new ShellParser(text, 0).list(undefined, []);
}

/** Words that start a compound command and are not the program (`if git push; then`). */
const RESERVED = new Set(['!', '{', '}', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'time']);
const ENDS_WORD = /[\s;&|()<>]/;
const MAX_DEPTH = 64;
const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };

class CommandBuilder {
  readonly words: string[] = [];
  dynamic = false;
  readonly writes: string[] = [];
  readonly inner: ShellPart[] = [];

  addWord(text: string, quoted: boolean): void {
    if (!quoted && this.words.length === 0 && RESERVED.has(text)) return;
    this.words.push(text);
  }

  build(upstream: readonly ShellPart[]): ShellPart | undefined {
    if (this.words.length === 0 && this.writes.length === 0) return undefined;
    return { words: this.words, dynamic: this.dynamic, writes: this.writes, upstream: [...upstream, ...this.inner] };
  }
}

class ShellParser {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new Error('command nested too deeply to judge');
  }

  /** Commands up to `close` (consumed) or the end; `inherited` feeds them all (a subshell in a pipeline). */
  list(close: string | undefined, inherited: readonly ShellPart[]): ShellPart[] {
    const made: ShellPart[] = [];
    let earlier: ShellPart[] = [];
    let stage: ShellPart[] = [];
    let cmd = new CommandBuilder();
    const finish = (then: 'pipe' | 'new' | 'same') => {
      const part = cmd.build([...inherited, ...earlier]);
      if (part) (made.push(part), stage.push(part));
      cmd = new CommandBuilder();
      if (then === 'pipe') ((earlier = [...earlier, ...stage]), (stage = []));
      if (then === 'new') ((earlier = []), (stage = []));
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      const next = this.s[this.i + 1];
      if (c === close) {
        this.i++;
        break;
      }
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && next === '\n') this.i += 2;
      else if (c === '#') this.skipComment();
      else if (c === '|') {
        finish(next === '|' ? 'new' : 'pipe');
        this.i += next === '|' || next === '&' ? 2 : 1;
      } else if (c === '&' && next === '>') this.redirect(cmd, made);
      else if (c === ';' || c === '&' || c === '\n') {
        finish('new');
        this.i += next === c && c !== '\n' ? 2 : 1;
      } else if (c === '(') {
        finish('same');
        this.i++;
        const inner = new ShellParser(this.s, this.depth + 1).from(this.i, (p) => p.list(')', [...inherited, ...earlier]));
        (made.push(...inner.parts), stage.push(...inner.parts));
        this.i = inner.end;
      } else if (c === ')') this.i++;
      else if (c === '<' || c === '>') this.redirect(cmd, made);
      else this.word(cmd, made);
    }
    finish('same');
    return made;
  }

  /** Runs `parse` on this parser from `start`, for a nested list; gives back where it stopped. */
  from(start: number, parse: (p: ShellParser) => ShellPart[]): { parts: ShellPart[]; end: number } {
    this.i = start;
    const parts = parse(this);
    return { parts, end: this.i };
  }

  private skipComment(): void {
    const end = this.s.indexOf('\n', this.i);
    this.i = end === -1 ? this.s.length : end;
  }

  private word(cmd: CommandBuilder, made: ShellPart[]): void {
    const w = this.readWord(cmd, made);
    // `2>file`: the digits are the descriptor, not a word.
    if (!w.quoted && /^\d+$/.test(w.text) && /[<>]/.test(this.s[this.i] ?? '')) return;
    cmd.addWord(w.text, w.quoted);
  }

  private readWord(cmd: CommandBuilder, made: ShellPart[]): { text: string; quoted: boolean } {
    let text = '';
    let quoted = false;
    while (this.i < this.s.length && !ENDS_WORD.test(this.s[this.i])) {
      const c = this.s[this.i];
      if (c === "'") {
        quoted = true;
        text += this.untilQuote(cmd, "'");
      } else if (c === '"') {
        quoted = true;
        this.i++;
        text += this.doubleQuoted(cmd, made);
      } else if (c === '\\') {
        text += this.s[this.i + 1] === '\n' ? '' : (this.s[this.i + 1] ?? '');
        this.i += 2;
      } else if (c === '$' && this.s[this.i + 1] === "'") {
        quoted = true;
        this.i++;
        text += ansiC(this.untilQuote(cmd, "'"));
      } else if (c === '`' || (c === '$' && /[A-Za-z_0-9{(@*#?$!-]/.test(this.s[this.i + 1] ?? ''))) {
        text += this.expansion(cmd, made);
      } else {
        text += c;
        this.i++;
      }
    }
    return { text, quoted };
  }

  /** From an opening quote to its close; an unclosed one runs to the end and is dynamic. */
  private untilQuote(cmd: CommandBuilder, q: string): string {
    let end = this.s.indexOf(q, this.i + 1);
    if (q === "'" && this.s[this.i - 1] === '$') end = ansiEnd(this.s, this.i + 1);
    if (end === -1) {
      cmd.dynamic = true;
      end = this.s.length;
    }
    const text = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return text;
  }

  private doubleQuoted(cmd: CommandBuilder, made: ShellPart[]): string {
    let text = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      const next = this.s[this.i + 1] ?? '';
      if (c === '"') {
        this.i++;
        return text;
      }
      if (c === '\\' && '$`"\\\n'.includes(next) && next !== '') {
        text += next === '\n' ? '' : next;
        this.i += 2;
      } else if (c === '`' || (c === '$' && /[A-Za-z_0-9{(@*#?$!-]/.test(next))) text += this.expansion(cmd, made);
      else {
        text += c;
        this.i++;
      }
    }
    cmd.dynamic = true;
    return text;
  }

  /** `$( … )` and backticks become parts of their own; `$VAR` stays as text. All are dynamic. */
  private expansion(cmd: CommandBuilder, made: ShellPart[]): string {
    cmd.dynamic = true;
    if (this.s[this.i] === '`') {
      const end = backtickEnd(this.s, this.i + 1);
      const body = this.s.slice(this.i + 1, end).replace(/\\([`\\$])/g, '$1');
      this.i = Math.min(end + 1, this.s.length);
      const parts = new ShellParser(body, this.depth + 1).list(undefined, []);
      (cmd.inner.push(...parts), made.push(...parts));
      return '';
    }
    if (this.s[this.i + 1] === '(') {
      const inner = new ShellParser(this.s, this.depth + 1).from(this.i + 2, (p) => p.list(')', []));
      this.i = inner.end;
      (cmd.inner.push(...inner.parts), made.push(...inner.parts));
      return '';
    }
    this.i++;
    return '$';
  }

  /** `>`, `>>`, `&>`, `2>&1`, `<`, `<<`, and `<( … )` / `>( … )`, which run a command. */
  private redirect(cmd: CommandBuilder, made: ShellPart[]): void {
    const op = /^(&>>?|<<<|<<-?|<>|<&|>&|>>|>\||<|>)/.exec(this.s.slice(this.i))?.[0] ?? this.s[this.i];
    if ((op === '<' || op === '>') && this.s[this.i + 1] === '(') {
      const inner = new ShellParser(this.s, this.depth + 1).from(this.i + 2, (p) => p.list(')', []));
      this.i = inner.end;
      cmd.dynamic = true;
      (cmd.inner.push(...inner.parts), made.push(...inner.parts));
      return;
    }
    this.i += op.length;
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
    const target = this.readWord(cmd, made).text;
    const writes = op.includes('>');
    const duplicate = op.endsWith('&') && /^(\d+|-)$/.test(target);
    if (writes && !duplicate && target !== '/dev/null') cmd.writes.push(target);
  }
}

function backtickEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '`') return i;
  }
  return s.length;
}

/** The closing quote of `$'…'`, where `\'` does not close it. */
function ansiEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === "'") return i;
  }
  return -1;
}

/** `$'\x67it'` is `git` to bash, so it is to the judge too. */
function ansiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (/^[xu]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return ANSI_ESCAPES[e] ?? e;
  });
}
