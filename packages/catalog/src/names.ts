import { UserError } from '@dance/schema';

/**
 * Names of runs, scopes, sites, data types, lineages, tags and conditions: safe as a path segment,
 * in a URL and in a shell, the same rule as the store's product keys.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkName(what: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new UserError(
      `${what} ${quote(value)} is not a valid name: use letters, digits, '.', '_' and '-', start with a letter or digit, at most 128 characters`,
    );
  }
  return value;
}

/** File names may have folders (`peaks/3f2a/000001.arrow`) but no empty, '.' or '..' segment. */
export function checkFileName(value: unknown): string {
  const ok =
    typeof value === 'string' &&
    value.length <= 1024 &&
    value.split('/').every((segment) => NAME.test(segment) && segment !== '.' && segment !== '..');
  if (!ok) {
    throw new UserError(
      `file name ${quote(value)} is not valid: '/'-separated parts of letters, digits, '.', '_' and '-', no '..', at most 1024 characters`,
    );
  }
  return value as string;
}

export interface Did {
  scope: string;
  name: string;
}

/** `scope:name`, as Rucio writes data identifiers. */
export function parseDid(text: string): Did {
  const colon = text.indexOf(':');
  if (colon < 0) throw new UserError(`${quote(text)} is not a data identifier: write scope:name, e.g. kr-001:peaks`);
  return { scope: checkName('scope', text.slice(0, colon)), name: checkFileName(text.slice(colon + 1)) };
}

export function didText(did: Did): string {
  return `${did.scope}:${did.name}`;
}

/** A user-supplied value for a one-line message: quoted, control characters escaped, long input cut. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${JSON.stringify(cut).slice(1, -1).replaceAll("'", "\\'")}'`;
}
