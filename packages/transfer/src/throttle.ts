import { setTimeout as sleep } from 'node:timers/promises';
import type { Pieces } from './drivers/driver.js';

/**
 * Passes pieces on at no more than `bytesPerSecond` on average since the first: each piece is held
 * until the time its bytes are due.
 */
export async function* throttled(pieces: Pieces, bytesPerSecond: number): AsyncIterable<Uint8Array> {
  const started = performance.now();
  let sent = 0;
  for await (const piece of pieces) {
    sent += piece.length;
    const wait = started + (sent / bytesPerSecond) * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
    yield piece;
  }
}
