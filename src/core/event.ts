/** What stops something: a listener, a subscription. Structurally VS Code's `Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** Listening to an event; the result stops listening. Callable as a `vscode.Event` is. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

/** A typed event for VS Code-free code: `event` is what listeners subscribe to, `fire` tells them all. */
export class Emitter<T> {
  private readonly listeners = new Set<{ listener: (e: T) => void }>();

  readonly event: Event<T> = (listener) => {
    // Wrapped, so the same function subscribed twice is two subscriptions.
    const entry = { listener };
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  };

  /** Tells every listener, in the order they subscribed. One that throws does not keep the rest from hearing. */
  fire(e: T): void {
    for (const { listener } of [...this.listeners]) {
      try {
        listener(e);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
