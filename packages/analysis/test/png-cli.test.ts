import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngChunks, pngProvenance } from '../src/index.js';
import { makeStore } from './fixture.js';

const MAIN = fileURLToPath(new URL('../../cli/dist/src/main.js', import.meta.url));

let env: Awaited<ReturnType<typeof makeStore>>;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx tsc -b\` before these tests`);
  env = await makeStore(500);
  execFileSync(process.execPath, [MAIN, 'init', env.dir], { cwd: env.dir });
  appendFileSync(join(env.dir, 'dance.yaml'), 'analysis:\n  memory_limit: 256MB\n  threads: 1\n');
});
afterAll(() => env?.cleanup());

describe('dance hist --png', () => {
  it('writes SVG and PNG of the same histogram with the same provenance', () => {
    const out = JSON.parse(
      execFileSync(
        process.execPath,
        [
          MAIN,
          'hist',
          'cs1',
          '--range',
          '0:100',
          '--y',
          'cs2',
          '--yrange',
          '0:12000',
          '--png',
          'h.png',
          '--svg',
          'h.svg',
          '--json',
        ],
        { cwd: env.dir, encoding: 'utf8' },
      ),
    );
    expect(out.png).toBe('h.png');
    const png = readFileSync(join(env.dir, 'h.png'));
    const ihdr = pngChunks(png)[0].data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)]).toEqual([640, 440]);
    const embedded = pngProvenance(png) as typeof out.provenance;
    expect(embedded).toEqual(out.provenance);
    expect(readFileSync(join(env.dir, 'h.svg'), 'utf8')).toContain(JSON.stringify(embedded));
  });
});
