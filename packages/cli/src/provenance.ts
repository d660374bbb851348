import { hostname, userInfo } from 'node:os';
import { VERSION } from './version.js';

/** Who ran what, where and when: the part of a product's provenance that comes from this invocation. */
export interface Invocation {
  command: string;
  user: string;
  host: string;
  dance_version: string;
  started: string;
  ended?: string;
}

export function invocation(argv: readonly string[] = process.argv.slice(2)): Invocation {
  return {
    command: ['dance', ...argv.map(shellQuote)].join(' '),
    user: currentUser(),
    host: hostname(),
    dance_version: VERSION,
    started: new Date().toISOString(),
  };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // no passwd entry for this uid (some containers)
    return process.env.USER ?? String(process.getuid?.() ?? 'unknown');
  }
}

/** An argument as a POSIX shell would need it, so the recorded command can be pasted back. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
