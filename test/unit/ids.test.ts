import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Command, ContextKey, Scheme, Submenu, View } from '../../src/common/ids';

/** Ids are defined once in src/common/ids.ts; the manifest must use exactly those. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const commandIds = new Set<string>(Object.values(Command));

/** Every `when` clause in the manifest, with where it stands. */
function whenClauses(): [string, string][] {
  const out: [string, string][] = [];
  for (const [menu, items] of Object.entries<{ when?: string }[]>(contributes.menus)) {
    for (const item of items) if (item.when) out.push([`menus.${menu}`, item.when]);
  }
  for (const k of contributes.keybindings) if (k.when) out.push([`keybindings ${k.command}`, k.when]);
  return out;
}

/** The `parley.*` context keys a when clause reads (settings are read as `config.parley.*`). */
export function parleyKeysIn(when: string): string[] {
  return [...when.matchAll(/(?<![\w.])parley\.[\w.]+/g)].map((m) => m[0]);
}

describe('ids against package.json', () => {
  it('the commands contributed are exactly the Command ids', () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(contributed, [...commandIds].sort());
  });

  it('every command a menu, keybinding or walkthrough names is a Command id', () => {
    const named: [string, string][] = [];
    for (const [menu, items] of Object.entries<{ command?: string }[]>(contributes.menus))
      for (const i of items) if (i.command) named.push([`menus.${menu}`, i.command]);
    for (const k of contributes.keybindings) named.push(['keybindings', k.command]);
    const walkthroughText = JSON.stringify(contributes.walkthroughs);
    for (const m of walkthroughText.matchAll(/command:([\w.]+)/g)) named.push(['walkthroughs', m[1]]);
    for (const step of contributes.walkthroughs.flatMap((w: { steps: { completionEvents?: string[] }[] }) => w.steps)) {
      for (const e of step.completionEvents ?? [])
        if (e.startsWith('onCommand:')) named.push(['completionEvents', e.slice('onCommand:'.length)]);
    }
    const unknown = named.filter(([, id]) => !commandIds.has(id as never));
    assert.deepStrictEqual(unknown, []);
    assert.ok(named.length > 10, "the scan found the manifest's command references");
  });

  it('every parley context key a when clause reads is a ContextKey, and every scheme it names is a Scheme', () => {
    const keys = new Set<string>(Object.values(ContextKey));
    const schemes = new Set<string>(Object.values(Scheme));
    const bad: string[] = [];
    for (const [where, when] of whenClauses()) {
      for (const key of parleyKeysIn(when)) if (!keys.has(key)) bad.push(`${where}: ${key}`);
      for (const m of when.matchAll(/resourceScheme\s*==\s*([\w-]+)/g)) if (!schemes.has(m[1])) bad.push(`${where}: scheme ${m[1]}`);
    }
    assert.deepStrictEqual(bad, []);
  });

  it('the submenus are the Submenu ids, each contributed, given a menu and placed in one', () => {
    const ids = new Set<string>(Object.values(Submenu));
    const declared = (contributes.submenus ?? []).map((s: { id: string }) => s.id).sort();
    assert.deepStrictEqual(declared, [...ids].sort());
    const placed = Object.values<{ submenu?: string }[]>(contributes.menus)
      .flat()
      .map((i) => i.submenu)
      .filter(Boolean);
    for (const id of ids) {
      assert.ok(contributes.menus[id]?.length > 0, `${id} has entries`);
      assert.ok(placed.includes(id), `${id} is placed in a menu`);
    }
  });

  it('the view and its container are the View ids', () => {
    assert.deepStrictEqual(
      contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
      [View.container],
    );
    assert.deepStrictEqual(
      contributes.views[View.container].map((v: { id: string }) => v.id),
      [View.chat],
    );
  });

  it('the context-key scan reads keys but not settings', () => {
    assert.deepStrictEqual(parleyKeysIn('editorTextFocus && parley.rewritePending && config.parley.x'), ['parley.rewritePending']);
  });
});
