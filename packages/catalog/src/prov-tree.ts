import { nsToIso } from '@dance/schema';
import type { Activity, ProvNode } from './provenance.js';

/**
 * A readable upstream tree:
 *   product:kr-001/peaks/3f2a1c  ← dance process 0.1.0 (code 1a2b3c4d) alice@lab 2026-01-02T03:04:05Z
 *   ├── product:kr-001/raw_records/9e8d7c  ← dance sim 0.1.0 ...
 *   └── condition:gain_model@3
 */
export function provTree(root: ProvNode): string {
  const lines: string[] = [];
  const visit = (node: ProvNode, prefix: string, branch: string): void => {
    lines.push(`${prefix}${branch}${label(node)}`);
    const childPrefix = prefix + (branch === '' ? '' : branch === '└── ' ? '    ' : '│   ');
    node.inputs.forEach((child, i) => {
      visit(child, childPrefix, i === node.inputs.length - 1 ? '└── ' : '├── ');
    });
  };
  visit(root, '', '');
  return lines.join('\n');
}

function label(node: ProvNode): string {
  if (node.repeated) return `${node.entity}  (shown above)`;
  return node.activity ? `${node.entity}  ← ${describe(node.activity)}` : node.entity;
}

function describe(a: Activity): string {
  const code = a.codeHash ? ` (code ${a.codeHash.slice(0, 8)})` : '';
  const when = nsToIso(a.start).replace(/\.\d+Z$/, 'Z');
  return `${a.name} ${a.version}${code} ${a.user}@${a.host} ${when}`;
}
