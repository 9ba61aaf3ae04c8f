import type * as vscode from 'vscode';

/**
 * A base for anything that owns disposables: `_register` what you create, and `dispose()`
 * releases it all once, newest first. Structural on purpose (no `vscode` at run time), so the
 * core-side tests can use it too.
 */
export abstract class Disposable implements vscode.Disposable {
  /** How many exist and are not disposed yet: a count that keeps growing is a leak (the soak test reads it). */
  static live = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor() {
    Disposable.live++;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Disposable.live--;
    disposeAll(this.disposables.splice(0).reverse());
  }
}

export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  for (const d of disposables) {
    try {
      d.dispose();
    } catch {
      // one failing dispose must not keep the rest alive
    }
  }
}

/**
 * Loose disposables gathered in one place (a view's listeners, a document's sessions): `add`
 * what you create, `clear()` releases what is there and keeps the store usable, `dispose()`
 * releases it all and disposes anything added later at once.
 */
export class DisposableStore implements vscode.Disposable {
  private readonly items = new Set<vscode.Disposable>();
  private disposed = false;

  add<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.add(d);
    return d;
  }

  /** Disposes `d` now and forgets it (when one item ends before the rest). */
  delete(d: vscode.Disposable): void {
    if (this.items.delete(d)) disposeAll([d]);
  }

  get size(): number {
    return this.items.size;
  }

  clear(): void {
    const items = [...this.items].reverse();
    this.items.clear();
    disposeAll(items);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
