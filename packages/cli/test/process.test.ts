import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, readNpyGz } from '../../signal/test/npy.js';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
const run = (...args: string[]) => dance(['--workspace', join(tmp.dir, 'ws'), ...args], { cwd: tmp.dir });
const STRAX = ['--strax-compat', '--set', 'to_pe=0.005', '--set', 'n_top_channels=253'];

/** The npy header's dtype text. */
const descr = (bytes: Buffer) =>
  bytes
    .subarray(10, 10 + bytes.readUInt16LE(8))
    .toString('latin1')
    .split("'shape'")[0];

beforeAll(async () => {
  tmp = tempDir();
  expect((await dance(['init', join(tmp.dir, 'ws')], { cwd: tmp.dir })).code).toBe(0);
  writeFileSync(join(tmp.dir, 'raw.npy'), gunzipSync(readFileSync(fixture('raw_records'))));
  const imported = await run('import', join(tmp.dir, 'raw.npy'), '--run', 'r');
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(() => tmp.remove());

describe('dance process, lineage and export on strax raw_records', () => {
  it('asks for --strax-compat gains on a run without a detector, and rejects unknown options', async () => {
    const plain = await run('process', 'r', '--target', 'peaklets');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(
      'run r has no detector in its raw_records provenance (imported?): use --strax-compat',
    );
    const unknown = await run('process', 'r', '--target', 'peaklets', ...STRAX, '--set', 'gain=2');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--set: unknown option 'gain'; known: baseline_samples,");
    expect(unknown.stderr).toContain('(dance options says what each does)');
    const target = await run('process', 'r', '--target', 'event_display');
    expect(target.code).toBe(1);
    expect(target.stderr).toContain("--target: no plugin makes 'event_display'; known: records, hits, peaklets");
  });

  it('lists the options of the plugins a type is made from, with defaults and meaning', async () => {
    const text = await run('options', 'peaklets');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('peaklets (makes peaklets from records)');
    expect(text.stdout).toMatch(/ {2}to_pe +numbers, required: gain in PE per ADC×sample/);
    expect(text.stdout).not.toContain('electron_lifetime');
    const json = await run('--json', 'options', 'event_info');
    const listed = JSON.parse(json.stdout) as { plugin: string; options: { name: string; default?: unknown }[] }[];
    expect(listed.map((p) => p.plugin).at(-1)).toBe('event_info');
    expect(listed.flatMap((p) => p.options).find((o) => o.name === 's1_xyz_map')?.default).toBe('linear');
    const unknown = await run('options', 'event_display');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no plugin makes 'event_display'; known: records, hits, peaklets");
  });

  it('takes plugin options from a --settings file as from --set, with errors naming file, line and key', async () => {
    // a run of its own, so the products made here do not stand in for those the next test makes
    const imported = await run('import', join(tmp.dir, 'raw.npy'), '--run', 'rs');
    expect(imported.code, imported.stderr).toBe(0);
    const lineageOf = async (...args: string[]) => {
      const r = await run('--json', 'process', 'rs', '--target', 'hits', ...args);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).lineage as string;
    };
    const file = (name: string, text: string) => {
      writeFileSync(join(tmp.dir, name), text);
      return join(tmp.dir, name);
    };
    const settings = file('settings.yaml', '# gains of the test stand\nto_pe: 0.005\nn_top_channels: 253\n');
    const fromSet = await lineageOf(...STRAX);
    expect(await lineageOf('--strax-compat', '--settings', settings)).toBe(fromSet);
    const json = file('settings.json', '{"to_pe": [0.004, 0.004], "n_top_channels": 253, "hit_min_amplitude": 15}');
    // --set wins over the file; a list read from the file is the same value as from --set
    expect(await lineageOf('--strax-compat', '--settings', json, '--set', 'to_pe=0.005')).toBe(fromSet);
    expect(await lineageOf('--strax-compat', '--settings', json)).toBe(
      await lineageOf(...STRAX, '--set', 'to_pe=0.004,0.004'),
    );

    const dataDir = join(tmp.dir, 'ws', 'data', 'rs');
    const before = readdirSync(dataDir).sort();
    const cases: [string, string][] = [
      [join(tmp.dir, 'none.yaml'), `--settings: cannot read ${join(tmp.dir, 'none.yaml')} (ENOENT)`],
      [file('bad.yaml', 'to_pe: 0.005\nn_top_channels: [253\n'), 'bad.yaml:3: invalid YAML'],
      [file('list.yaml', '- to_pe\n'), "list.yaml:1: expected a mapping of option: value, e.g. 'to_pe: 0.005'"],
      [
        file('unknown.yaml', 'to_pe: 0.005\n\ngain: 2\n'),
        "unknown.yaml:3: unknown option 'gain'; known: baseline_samples,",
      ],
      [
        file('nan.yaml', 'n_top_channels: 253\nto_pe: [0.005, abc]\n'),
        "nan.yaml:2: option 'to_pe': 'abc' is not a number",
      ],
      [
        file('nested.yaml', 'to_pe:\n  top: 0.005\n'),
        `nested.yaml:1: option 'to_pe': expected a value or a list of values, got {"top":0.005}`,
      ],
      [file('hostile.yaml', '"</script>\u0000": 1\n'), "hostile.yaml:1: unknown option '</script>\u0000'"],
    ];
    for (const [path, message] of cases) {
      const r = await run('process', 'rs', '--target', 'hits', '--strax-compat', '--settings', path);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(message);
    }
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it('reproduces strax hits and peaklets in exported .npy files with strax dtypes', async () => {
    for (const target of ['peaklets', 'hits']) {
      const r = await run(
        '--json',
        'process',
        'r',
        '--target',
        target,
        ...STRAX,
        '--workers',
        '2',
        '--chunk-mb',
        '0.05',
      );
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).computed.at(-1).type).toBe(target);
    }
    for (const type of ['hits', 'peaklets']) {
      const out = join(tmp.dir, `${type}.npy`);
      expect((await run('export', 'r', type, '--format', 'npy', '--out', out)).code).toBe(0);
      const ours = readFileSync(out);
      const strax = gunzipSync(readFileSync(fixture(type)));
      expect(descr(ours)).toBe(descr(strax));
      writeFileSync(`${out}.gz`, gzipSync(ours));
      const mine = readNpyGz(`${out}.gz`);
      const theirs = readNpyGz(fixture(type));
      expect(mine.length).toBe(theirs.length);
      // strax's rows in stable time order, −0 as +0 (see @dance/chain); tight_coincidence is straxen's
      const time = theirs.columns.time as BigInt64Array;
      const order = [...time.keys()].sort((a, b) => Number(time[a] - time[b]) || a - b);
      for (const [name, col] of Object.entries(theirs.columns)) {
        if (name === 'tight_coincidence') continue;
        const width = col.length / theirs.length;
        const sorted = order.flatMap((i) =>
          [...col.subarray(i * width, (i + 1) * width)].map((x) => (x === 0 ? 0 : x)),
        );
        expect([...mine.columns[name]], name).toEqual(sorted);
      }
    }
  });

  it('shows the lineage tree of a stored product', async () => {
    const r = await run('--json', 'lineage', 'r', 'peaklets');
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse(r.stdout);
    expect(tree.plugin).toMatchObject({
      name: 'peaklets',
      version: '1',
      options: { to_pe: 0.005, n_top_channels: 253 },
    });
    expect(tree.inputs[0].type).toBe('records');
    expect(tree.inputs[0].inputs[0]).toMatchObject({ type: 'raw_records', stored: true });
    const text = await run('lineage', 'r', 'peaklets');
    expect(text.stdout).toMatch(/^peaklets [0-9a-f]{12} \(plugin peaklets v1, code [0-9a-f]{12}\)/);
    const raw = await run('lineage', 'r', 'raw_records');
    expect(raw.code).toBe(1);
    expect(raw.stderr).toContain('was not made by the pipeline');
  });

  it('processes a simulated run with the gains of its detector', async () => {
    expect((await run('sim', '--run', 's', '--duration', '0.2', '--workers', '0')).code).toBe(0);
    const r = await run('--json', 'process', 's', '--target', 'peaklets');
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse((await run('--json', 'lineage', 's', 'peaklets')).stdout);
    expect(tree.plugin.options.to_pe).toHaveLength(494);
    expect(tree.plugin.options.n_top_channels).toBeGreaterThan(0);
    const again = await run('process', 's', '--target', 'peaklets');
    expect(again.stdout).toContain('is already stored');
  });
});
