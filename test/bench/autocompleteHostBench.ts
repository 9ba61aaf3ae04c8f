/**
 * Tab autocomplete, the extension host's side (autocompleteBench.ts starts it and owns the
 * server). A 2,000-line TypeScript file is open with ten others. First, suggestions asked at
 * line ends and blank lines across it (Parley's own time per suggestion); then 300 characters
 * typed at 8 a second, paced by the wall clock, against the server at 150 ms and at 20 ms.
 * The server's delay is the model's name (`bench-ms-<delay>`): switching models switches it.
 * Prints one `BENCH {json}` line; times to be compared across processes are epoch ms.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AutocompleteStats } from '../../src/autocomplete/inlineProvider';
import type { ParleyApi } from '../../src/extension';
import { SUITE_START } from '../suite/fixtures';
import { OTHER_FILE_LINES, TYPED, TYPING_MARK, tsModule } from './autocompleteCode';

const KEY_INTERVAL_MS = 125;
/** Suggestions the first figure takes (at least 100 wanted), and the positions it may try. */
const WANTED = 120;
const TYPING_LINE = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const epoch = (hostNow: number) => performance.timeOrigin + hostNow;

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) return false;
    await sleep(2);
  }
  return true;
}

async function useModel(url: string, delayMs: number, api: ParleyApi, keyed = false): Promise<void> {
  const config = vscode.workspace.getConfiguration('parley');
  const profile = { name: 'Bench', baseUrl: url, model: `bench-ms-${delayMs}`, needsKey: keyed };
  if (keyed) await api.keys.set(url, 'bench-key');
  await config.update('profiles', [profile], vscode.ConfigurationTarget.Global);
  await config.update('activeProfile', 'Bench', vscode.ConfigurationTarget.Global);
  api.autocomplete.reset();
}

/** The big file and the ten others, written into the workspace and opened as tabs (the big one last, in front). */
async function openFiles(): Promise<vscode.TextEditor> {
  const root = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'bench');
  fs.mkdirSync(root, { recursive: true });
  const open = async (name: string, text: string) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(file);
    return vscode.window.showTextDocument(doc, { preview: false });
  };
  for (const [i, lines] of OTHER_FILE_LINES.entries()) await open(`module${i}.ts`, tsModule(lines, i + 1));
  return open('orders.ts', tsModule(2000, 0));
}

/** Line ends and blank lines spread over the file, where a suggestion may be asked. */
function positions(doc: vscode.TextDocument, count: number): vscode.Position[] {
  const all: vscode.Position[] = [];
  for (let l = 0; l < doc.lineCount; l++) all.push(doc.lineAt(l).range.end);
  const step = all.length / (count * 1.5);
  return Array.from({ length: Math.floor(count * 1.5) }, (_, i) => all[Math.floor(i * step)]);
}

/** Figure 1: each suggestion asked explicitly (no debounce) at its own place; ownMs is Parley's time. */
async function ownTime(api: ParleyApi, editor: vscode.TextEditor, wanted = WANTED) {
  const stats = api.autocomplete.stats();
  const from = { ...stats, own: stats.ownMs.length };
  let tried = 0;
  // Epoch ms of each trigger and each suggestion returned, to find its ghost text in the page.
  const keyAt: number[] = [];
  const shownAt: number[] = [];
  for (const at of positions(editor.document, wanted)) {
    if (stats.shown - from.shown >= wanted) break;
    tried++;
    const before = { shown: stats.shown, failures: stats.failures, requests: stats.requests };
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at)); // ghost text off screen is never painted
    keyAt.push(epoch(performance.now()));
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    // Shown or failed; a place that asks nothing (or a reply cleaned to nothing) settles at once.
    await waitUntil(() => stats.shown > before.shown || stats.failures > before.failures, 1000);
    if (stats.shown > before.shown) shownAt.push(epoch(stats.lastShownAt!));
    await sleep(300); // time for the ghost text to reach the page before it is hidden
    await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
  }
  return { tried, ...countsSince(stats, from), keyAt, shownAt };
}

/** Figures 2 and 3: TYPED typed after the mark, one key every 125 ms of wall clock; the text restored after. */
async function typingRun(api: ParleyApi, editor: vscode.TextEditor, delayMs: number, url: string) {
  await useModel(url, delayMs, api);
  // The debounce learns this server's latency from answered requests, as it would have in use
  // (aborted ones teach it nothing, so a server switched while typing is never learnt).
  await ownTime(api, editor, 10);
  const doc = editor.document;
  const original = doc.getText();
  await editor.edit((e) => e.insert(new vscode.Position(TYPING_LINE, 0), TYPING_MARK + '\n'));
  const start = new vscode.Position(TYPING_LINE + 1, 0);
  editor.selection = new vscode.Selection(start, start);
  editor.revealRange(new vscode.Range(start, start));
  const expected = doc.getText(new vscode.Range(new vscode.Position(0, 0), start)) + TYPED + doc.getText().slice(doc.offsetAt(start));
  const stats = api.autocomplete.stats();
  const from = { ...stats, own: stats.ownMs.length };
  const keyAt: number[] = [];
  const shownAt: number[] = [];
  let shown = stats.shown;
  const sample = () => {
    // At most one reply is shown between two keys (the next key cancels the one in flight).
    if (stats.shown > shown && stats.lastShownAt !== undefined) shownAt.push(epoch(stats.lastShownAt));
    shown = stats.shown;
  };
  const t0 = performance.now();
  for (let k = 0; k < TYPED.length; k++) {
    await sleep(Math.max(0, t0 + k * KEY_INTERVAL_MS - performance.now()));
    sample();
    keyAt.push(epoch(performance.now()));
    await vscode.commands.executeCommand('type', { text: TYPED[k] });
  }
  const typedMs = performance.now() - t0;
  await sleep(1000); // the last key's request, answered
  sample();
  const typedOk = doc.getText() === expected;
  await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original));
  return {
    delayMs,
    model: `bench-ms-${delayMs}`,
    keystrokes: TYPED.length,
    typedMs,
    typedOk,
    ...countsSince(stats, from),
    keyAt,
    shownAt,
  };
}

export type AutocompleteHostResult = {
  own: Awaited<ReturnType<typeof ownTime>>;
  /** The same with a keyed profile (fewer places). */
  keyed: Awaited<ReturnType<typeof ownTime>>;
  /** Date.now() less the epoch this process's performance clock gives: how far the shared clock is off. */
  clockSkewMs: number;
  runs: Awaited<ReturnType<typeof typingRun>>[];
};

export async function run(): Promise<void> {
  console.log(SUITE_START);
  const api = await vscode.extensions.getExtension<ParleyApi>('parley-dev.parley')!.activate();
  const url = process.env.PARLEY_BENCH_SERVER;
  if (!url) throw new Error('PARLEY_BENCH_SERVER is not set');
  await vscode.workspace.getConfiguration('parley').update('autocomplete.enabled', { '*': true }, vscode.ConfigurationTarget.Global);
  await useModel(url, 0, api);
  const editor = await openFiles();
  const own = await ownTime(api, editor);
  // A hosted endpoint's profile needs a key: Parley reads it from SecretStorage for each request.
  await useModel(url, 0, api, true);
  const keyed = await ownTime(api, editor, 40);
  const runs = [await typingRun(api, editor, 150, url), await typingRun(api, editor, 20, url)];
  const clockSkewMs = Date.now() - epoch(performance.now());
  const result: AutocompleteHostResult = { own, keyed: { ...keyed, keyAt: [], shownAt: [] }, runs, clockSkewMs };
  console.log(`BENCH ${JSON.stringify(result)}`);
}

/** What the provider did since `from` (its stats then, and how many own times it had). */
function countsSince(stats: AutocompleteStats, from: AutocompleteStats & { own: number }) {
  return {
    requests: stats.requests - from.requests,
    aborted: stats.aborted - from.aborted,
    failures: stats.failures - from.failures,
    shown: stats.shown - from.shown,
    cacheHits: stats.cacheHits - from.cacheHits,
    ownMs: stats.ownMs.slice(from.own),
  };
}
