import { createHash } from 'node:crypto';
import { Adler32 } from './adler32.js';

export { Adler32, adler32 } from './adler32.js';

/** How a reader checks chunk bytes against the manifest: adler32 is fast, sha256 is strong. */
export type Verify = 'adler32' | 'sha256' | 'none';

export function adler32Hex(bytes: Uint8Array): string {
  return new Adler32().update(bytes).hex();
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
