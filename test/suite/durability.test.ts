import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ConversationStore, type Conversation } from '../../src/chat/conversationStore';
import { textReply, type ChatServer } from '../server/chatServer';
import { parley, useServer, waitFor } from './helpers';
import { recordStore, type StoreRecorder } from './recorders';

/** A workspaceState of one's own: a second window's, for the two-window case. */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

const convo = (id: string, text: string): Conversation => ({
  id,
  title: '',
  updatedAt: 0,
  messages: [{ id: `${id}-m`, role: 'user', content: text }],
});
const dirOf = (store: ConversationStore) => path.join(store.folder.fsPath, 'conversations');
const readFile = (store: ConversationStore, id: string) =>
  JSON.parse(fs.readFileSync(path.join(dirOf(store), `${id}.json`), 'utf8')) as Conversation & { version: number };

/**
 * Makes the storage folder unwritable. chmod is what a person would see; running as root
 * ignores it, so then the folder is swapped for a plain file (writes fail with ENOTDIR).
 * Returns the function that puts it back.
 */
function blockWrites(dir: string): () => void {
  fs.chmodSync(dir, 0o555);
  try {
    fs.writeFileSync(path.join(dir, '.probe'), 'x');
    fs.rmSync(path.join(dir, '.probe'));
  } catch {
    console.log('      (storage folder made read-only with chmod 555)');
    return () => fs.chmodSync(dir, 0o755);
  }
  console.log('      (running as root, chmod is ignored: storage folder swapped for a file)');
  fs.chmodSync(dir, 0o755);
  fs.renameSync(dir, `${dir}.away`);
  fs.writeFileSync(dir, 'not a folder');
  return () => {
    fs.rmSync(dir);
    fs.renameSync(`${dir}.away`, dir);
  };
}

describe('Durable conversations in the real host', () => {
  let server: ChatServer;
  /** The store's writes, failed saves and notices during each test. */
  let store: StoreRecorder;
  beforeEach(async () => {
    server = await useServer();
    store = recordStore(await parley());
  });
  afterEach(async () => {
    store.dispose();
    await server.close();
  });

  it('saves atomically: the file holds the version and whole conversation, no temporary file is left', async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('Atomic?');
    const file = readFile(api.store, api.chat.current().id);
    assert.strictEqual(file.version, 1);
    assert.deepStrictEqual(
      file.messages.map((m) => m.content),
      ['Atomic?', 'Hello from the test server.'],
    );
    assert.deepStrictEqual(
      fs.readdirSync(dirOf(api.store)).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('the finished reply reaches the view before its save; the file has it once the reply is done', async () => {
    const api = await parley();
    await api.chat.newChat();
    let writesWhenShown: number | undefined;
    const sub = api.view.onDidPost((m) => {
      if (m.type === 'done') writesWhenShown = store.writes;
    });
    try {
      await api.chat.send('Shown first?');
    } finally {
      sub.dispose();
    }
    assert.ok(writesWhenShown !== undefined, 'the view was told the reply finished');
    assert.ok(store.writes > writesWhenShown, `the reply's save came after the view heard (${writesWhenShown} → ${store.writes} writes)`);
    assert.deepStrictEqual(
      readFile(api.store, api.chat.current().id).messages.map((m) => m.content),
      ['Shown first?', 'Hello from the test server.'],
    );
  });

  it('a conversation whose save is still writing is already in the history, with its title', async () => {
    const api = await parley();
    const saving = api.store.save(convo('dur-listed', 'Listed early'));
    assert.strictEqual(api.store.list().find((e) => e.id === 'dur-listed')?.title, 'Listed early', 'listed before the index is written');
    assert.ok(await saving);
    assert.strictEqual(api.store.list().find((e) => e.id === 'dur-listed')?.title, 'Listed early');
  });

  it('a save asked for while an earlier one is writing is written too (the reply grew meanwhile)', async () => {
    const api = await parley();
    const c = convo('dur-overlap', 'first');
    const first = api.store.save(c);
    // The first save has taken its copy and is on the disk; the conversation changes under it.
    await new Promise((r) => setImmediate(r));
    c.messages.push({ id: 'later', role: 'assistant', content: 'grown while the first save wrote' });
    const second = api.store.save(c);
    assert.deepStrictEqual(await Promise.all([first, second]), [true, true]);
    const file = JSON.parse(fs.readFileSync(path.join(dirOf(api.store), 'dur-overlap.json'), 'utf8'));
    assert.strictEqual(file.messages.at(-1).content, 'grown while the first save wrote');
  });

  it('a reader polling the file while it is saved 40 times never finds it missing or half-written', async () => {
    const api = await parley();
    const c = convo('dur-atomic', 'grow');
    await api.store.save(c);
    const file = path.join(dirOf(api.store), 'dur-atomic.json');
    let reads = 0;
    let saving = true;
    const reader = (async () => {
      while (saving) {
        assert.ok(JSON.parse(fs.readFileSync(file, 'utf8')).messages.length >= 1);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 40; i++) {
      c.messages.push({ id: `x${i}`, role: 'assistant', content: 'x'.repeat(5_000) });
      assert.ok(await api.store.save(c));
    }
    saving = false;
    await reader;
    assert.ok(reads > 40, `${reads} reads`);
    assert.strictEqual(readFile(api.store, 'dur-atomic').messages.length, 41);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) assert.ok(await api.store.save(c));
    console.log(`      one save (41 messages, 200 kB; file + index, flushed): ${((performance.now() - t0) / 20).toFixed(1)} ms`);
    await api.store.delete('dur-atomic');
  });

  it('a truncated file and a file of garbage are moved aside and reported; the others load', async () => {
    const api = await parley();
    for (const id of ['good', 'truncated', 'garbage']) assert.ok(await api.store.save(convo(`dur-${id}`, `I am ${id}`)));
    const dir = dirOf(api.store);
    const whole = fs.readFileSync(path.join(dir, 'dur-truncated.json'), 'utf8');
    fs.writeFileSync(path.join(dir, 'dur-truncated.json'), whole.slice(0, whole.length - 20));
    fs.writeFileSync(path.join(dir, 'dur-garbage.json'), Buffer.from([0, 159, 146, 150, 1, 2, 3]));
    const reported = store.reported.length;
    await api.chat.open('dur-truncated');
    await api.chat.open('dur-garbage');
    await api.chat.open('dur-good');
    assert.strictEqual(api.chat.current().id, 'dur-good');
    assert.strictEqual(api.chat.messages[0].content, 'I am good');
    const told = store.reported.slice(reported);
    assert.strictEqual(told.length, 2, told.join('\n'));
    assert.match(told[0], /"I am truncated" could not be read \(not valid JSON.*moved aside as dur-truncated\.corrupt-.*\.json/);
    assert.match(told[1], /"I am garbage" could not be read/);
    const names = fs.readdirSync(dir);
    assert.ok(
      names.some((n) => /^dur-truncated\.corrupt-.+\.json$/.test(n)) && names.some((n) => /^dur-garbage\.corrupt-.+\.json$/.test(n)),
      names.join(' '),
    );
    assert.ok(!names.includes('dur-truncated.json') && !names.includes('dur-garbage.json'));
    const listed = api.store.list().map((c) => c.id);
    assert.ok(listed.includes('dur-good') && !listed.includes('dur-truncated') && !listed.includes('dur-garbage'));
  });

  it('a file from a newer Parley is shown but never saved over with less', async () => {
    const api = await parley();
    const dir = dirOf(api.store);
    const newer = {
      version: 99,
      id: 'dur-newer',
      title: 'From the future',
      updatedAt: 1,
      messages: [{ id: 'n1', role: 'user', content: 'hello', future: { x: 1 } }],
      extra: 'kept',
    };
    fs.writeFileSync(path.join(dir, 'dur-newer.json'), JSON.stringify(newer));
    await api.chat.open('dur-newer');
    assert.strictEqual(api.chat.messages[0].content, 'hello');
    const reported = store.reported.length;
    assert.strictEqual(await api.store.save(api.chat.current()), false, 'refused');
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'dur-newer.json'), 'utf8')), newer, 'file untouched');
    assert.match(store.reported[reported], /saved by a newer version of Parley \(file version 99\)/);
    await api.chat.newChat();
  });

  it('an unwritable storage folder makes the save fail visibly, once; the conversation stays and is saved when writable again', async () => {
    const api = await parley();
    await api.chat.newChat();
    await api.chat.send('Before');
    const id = api.chat.current().id;
    const failures = store.saveFailures;
    const reported = store.reported.length;
    const restore = blockWrites(dirOf(api.store));
    try {
      server.enqueue(textReply('During'));
      await api.chat.send('While read-only');
      assert.ok(store.saveFailures >= failures + 2, 'the question and the reply both failed to save');
      const told = store.reported.slice(reported);
      assert.strictEqual(told.length, 1, `told once: ${told.join(' | ')}`);
      assert.match(told[0], /Could not save the conversation "Before": .+ It stays open here/);
      assert.deepStrictEqual(
        api.chat.messages.map((m) => m.content),
        ['Before', 'Hello from the test server.', 'While read-only', 'During'],
      );
    } finally {
      restore();
    }
    assert.strictEqual(readFile(api.store, id).messages.length, 2, 'the old file is intact');
    server.enqueue(textReply('After'));
    await api.chat.send('Writable again');
    assert.deepStrictEqual(
      readFile(api.store, id).messages.map((m) => m.content),
      ['Before', 'Hello from the test server.', 'While read-only', 'During', 'Writable again', 'After'],
    );
  });

  it('two windows on one folder saving interleaved keep both sets, and a deletion stays deleted', async () => {
    const folder = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-two-')));
    try {
      const a = new ConversationStore(new MemoryMemento(), folder);
      const b = new ConversationStore(new MemoryMemento(), folder);
      for (let i = 0; i < 10; i++) {
        const saved = await Promise.all([a.save(convo(`a${i}`, `from A ${i}`)), b.save(convo(`b${i}`, `from B ${i}`))]);
        assert.deepStrictEqual(saved, [true, true]);
      }
      await a.delete('b3');
      await b.save(convo('b9', 'from B again'));
      await Promise.all([a.refresh(), b.refresh()]);
      const expected = [...Array.from({ length: 10 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)]
        .filter((id) => id !== 'b3')
        .sort();
      assert.deepStrictEqual(
        a
          .list()
          .map((c) => c.id)
          .sort(),
        expected,
      );
      assert.deepStrictEqual(
        b
          .list()
          .map((c) => c.id)
          .sort(),
        expected,
      );
      const third = new ConversationStore(new MemoryMemento(), folder);
      await third.refresh();
      assert.deepStrictEqual(
        third
          .list()
          .map((c) => c.id)
          .sort(),
        expected,
        'a window opened later sees both',
      );
    } finally {
      fs.rmSync(folder.fsPath, { recursive: true, force: true });
    }
  });

  it('a slow streaming reply is checkpointed within ~2 s, marked streaming, and not on every chunk', async () => {
    const api = await parley();
    await api.chat.newChat();
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    server.enqueue(textReply(words, { delayMs: 100 }));
    const writes = store.writes;
    const started = Date.now();
    const sending = api.chat.send('Slowly, please');
    await waitFor('the reply streaming', () => api.chat.messages[1]?.content);
    const id = api.chat.current().id;
    const checkpoint = await waitFor(
      'a checkpoint on disk',
      () => {
        const m = readFile(api.store, id).messages[1];
        return m?.streaming && m.content ? m : undefined;
      },
      3500,
    );
    const at = Date.now() - started;
    assert.ok(at < 3500, `first checkpoint after ${at} ms`);
    assert.ok(words.startsWith(checkpoint.content) && checkpoint.content.length < words.length);
    // What a crash right now would leave: another window (or the next start) reads it as interrupted.
    const afterCrash = await new ConversationStore(new MemoryMemento(), api.store.folder).get(id);
    const partial = afterCrash?.messages[1];
    assert.ok(partial && words.startsWith(partial.content) && partial.content.length > 0);
    assert.strictEqual(partial.streaming, false);
    assert.strictEqual(partial.note, 'Interrupted: the window closed before the reply finished.');
    await sending;
    const took = Date.now() - started;
    const chunks = words.split(' ').length;
    const saves = store.writes - writes;
    console.log(`      checkpoint: first after ${at} ms; ${saves} writes for ${chunks} chunks in ${took} ms`);
    assert.ok(saves <= Math.ceil(took / 2000) + 2, `${saves} writes in ${took} ms`);
    const final = readFile(api.store, id).messages[1];
    assert.strictEqual(final.content, words);
    assert.ok(!final.streaming);
  });
});
