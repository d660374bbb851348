import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');

/** The allowed workspace dependencies, parsed from a ```<name> block of ARCHITECTURE.md (their one declaration). */
function allowedDeps(name: 'deps' | 'test-deps'): Map<string, Set<string>> {
  const md = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
  const block = new RegExp(`\`\`\`${name}\n([\\s\\S]*?)\`\`\``).exec(md);
  if (!block) throw new Error(`ARCHITECTURE.md has no \`\`\`${name} block`);
  const rules = new Map<string, Set<string>>();
  for (const line of block[1].split('\n').filter((l) => l.trim())) {
    const [name, deps = ''] = line.split(':');
    rules.set(name.trim(), new Set(deps.trim().split(/\s+/).filter(Boolean)));
  }
  return rules;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry) ? [path] : [];
  });
}

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1]);
}

/** What is wrong with one source file of `pkg` under the rules. */
function violationsIn(pkg: string, rel: string, source: string, allowed: Set<string>): string[] {
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('@dance/') && !allowed.has(spec.slice('@dance/'.length).split('/')[0])) {
      out.push(`${rel} imports ${spec}`);
    }
    if (spec.includes('/packages/') || /^(\.\.\/){2,}[a-z]+\/src/.test(spec)) {
      out.push(`${rel} reaches into another package by path: ${spec}`);
    }
    // Tests are not kernels: they may read fixtures with node: modules and use vitest.
    if (pkg === 'signal' && !rel.includes('/test/') && !spec.startsWith('.') && spec !== '@dance/wasm')
      out.push(`${rel} imports ${spec}: kernels import nothing`);
  }
  return out;
}

const packages = readdirSync(packagesDir).filter((p) => statSync(join(packagesDir, p)).isDirectory());
const rules = allowedDeps('deps');
const testRules = allowedDeps('test-deps');

/** What a package's tests (and devDependencies) may use: its own dependencies plus its test-only ones. */
function testAllowed(pkg: string): Set<string> {
  return new Set([...(rules.get(pkg) ?? []), ...(testRules.get(pkg) ?? [])]);
}

describe('dependency direction (ARCHITECTURE.md)', () => {
  it('lists every package', () => {
    expect(packages.filter((p) => !rules.has(p))).toEqual([]);
  });

  it.each(packages)('%s depends only on the packages it may', (pkg) => {
    const allowed = rules.get(pkg) ?? new Set();
    const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8'));
    const forTests = testAllowed(pkg);
    const declared = (deps: object | undefined, may: Set<string>) =>
      Object.keys(deps ?? {})
        .filter((d) => d.startsWith('@dance/') && !may.has(d.slice('@dance/'.length)))
        .map((d) => `package.json depends on ${d}`);
    const violations = [
      ...declared({ ...manifest.dependencies, ...manifest.peerDependencies }, allowed),
      ...declared(manifest.devDependencies, forTests),
    ];
    for (const file of sourceFiles(join(packagesDir, pkg))) {
      const rel = file.slice(root.length);
      const may = rel.includes('/test/') ? forTests : allowed;
      violations.push(...violationsIn(pkg, rel, readFileSync(file, 'utf8'), may));
    }
    expect(violations).toEqual([]);
  });

  it('catches forbidden imports', () => {
    const src = `import { x } from '@dance/cli';\nimport type { Y } from "@dance/schema";\nconst z = await import('@dance/server');\nimport '../../store/src/index.js';`;
    expect(violationsIn('store', 's.ts', src, rules.get('store')!)).toEqual([
      's.ts imports @dance/cli',
      's.ts imports @dance/server',
      's.ts reaches into another package by path: ../../store/src/index.js',
    ]);
    expect(
      violationsIn('signal', 'k.ts', "import { a } from './a.js';\nimport b from 'apache-arrow';", new Set()),
    ).toEqual(['k.ts imports apache-arrow: kernels import nothing']);
    const kernel = "import { op } from '@dance/wasm';\nimport { readFileSync } from 'node:fs';";
    expect(violationsIn('signal', 'k.ts', kernel, rules.get('signal')!)).toEqual([
      'k.ts imports node:fs: kernels import nothing',
    ]);
  });
});
