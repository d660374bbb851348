import { UserError } from '@dance/schema';
import { checkFileName, checkName, quote } from './names.js';

/**
 * Provenance entities are named by kind-prefixed strings, stable across backends and readable:
 * `product:kr-001/peaks/3f2a1c`, `file:kr-001:peaks/3f2a1c/000000.arrow`, `condition:gain_model@3`.
 */
export type EntityRef =
  | { kind: 'product'; run: string; type: string; lineage: string }
  | { kind: 'file'; scope: string; name: string }
  | { kind: 'condition'; name: string; version: number };

export function entityId(ref: EntityRef): string {
  switch (ref.kind) {
    case 'product':
      return `product:${ref.run}/${ref.type}/${ref.lineage}`;
    case 'file':
      return `file:${ref.scope}:${ref.name}`;
    case 'condition':
      return `condition:${ref.name}@${ref.version}`;
  }
}

export function parseEntity(text: string): EntityRef {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (kind === 'product') {
    const parts = rest.split('/');
    if (parts.length === 3) {
      return {
        kind,
        run: checkName('run id', parts[0]),
        type: checkName('data type', parts[1]),
        lineage: checkName('lineage', parts[2]),
      };
    }
  } else if (kind === 'file') {
    const c2 = rest.indexOf(':');
    if (c2 > 0) return { kind, scope: checkName('scope', rest.slice(0, c2)), name: checkFileName(rest.slice(c2 + 1)) };
  } else if (kind === 'condition') {
    const m = /^(.+)@(\d+)$/.exec(rest);
    if (m) return { kind, name: checkName('condition', m[1]), version: Number(m[2]) };
  }
  throw new UserError(
    `${quote(text)} is not an entity: write product:<run>/<type>/<lineage>, file:<scope>:<name> or condition:<name>@<version>`,
  );
}
