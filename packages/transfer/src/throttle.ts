import { Transform } from 'node:stream';

/**
 * Passes bytes on at no more than `bytesPerSecond` on average since the stream started: each piece
 * is held until the time its bytes are due.
 */
export function throttle(bytesPerSecond: number): Transform {
  const started = performance.now();
  let sent = 0;
  return new Transform({
    transform(piece: Uint8Array, _enc, done) {
      sent += piece.length;
      const due = started + (sent / bytesPerSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) setTimeout(() => done(null, piece), wait);
      else done(null, piece);
    },
  });
}
