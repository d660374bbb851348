import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/**
 * Real servers for the tests, on 127.0.0.1: s3rver (npm) and XRootD with its HTTP plugin (Debian).
 * A server that cannot start fails the suite in CI (CI=true); locally the tests using it are skipped
 * with a warning.
 */
export interface Server {
  url: string;
  /** where the server keeps its files (s3rver), for tests that damage them */
  directory?: string;
  stop(): Promise<void>;
}

const SCRIPTS = fileURLToPath(new URL('../../../scripts/xrootd/', import.meta.url));

export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export async function startS3(bucket = 'dance'): Promise<Server> {
  Object.assign(process.env, S3_CREDENTIALS);
  // @ts-expect-error s3rver ships no type declarations
  const { default: S3rver } = await import('s3rver');
  const directory = mkdtempSync(join(tmpdir(), 'dance-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    url: `s3://${bucket}/?endpoint=http://127.0.0.1:${port}`,
    directory,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function startXrootd(): Promise<Server | undefined> {
  const base = mkdtempSync(join(tmpdir(), 'dance-xrd-'));
  try {
    const url = execFileSync(join(SCRIPTS, 'start.sh'), { env: { ...process.env, XRDBASE: base }, encoding: 'utf8' });
    return { url: url.trim(), stop: async () => void execFileSync(join(SCRIPTS, 'stop.sh'), [base]) };
  } catch (err) {
    rmSync(base, { recursive: true, force: true });
    if (process.env.CI === 'true') throw err;
    console.warn(`XRootD tests SKIPPED: could not start xrootd (${(err as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

/** Both servers for the tests of one file (or describe block): started before them, stopped after. */
export function loopbackServers(): { readonly s3: Server; readonly xrd: Server | undefined } {
  const live: { s3?: Server; xrd?: Server } = {};
  beforeAll(async () => {
    live.s3 = await startS3();
    live.xrd = await startXrootd();
  });
  afterAll(async () => {
    await live.s3?.stop();
    await live.xrd?.stop();
  });
  return {
    get s3() {
      return live.s3 as Server;
    },
    get xrd() {
      return live.xrd;
    },
  };
}
