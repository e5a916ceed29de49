import type { TestApp } from '../helpers/app.js';

/** Waits until `count` subscriptions listen on the app's event bus (they attach once the stream is read). */
export async function untilListening(t: TestApp, count: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (t.events!.bus.listenerCount !== count) {
    if (Date.now() > deadline) throw new Error(`${t.events!.bus.listenerCount} listeners on the event bus, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
