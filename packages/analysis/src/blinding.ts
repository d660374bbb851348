import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '@dance/schema';

/** A signal region hidden from every query until explicitly unblinded. */
export interface BlindingRegion {
  name: string;
  /** The table (product type) it applies to. */
  table: string;
  /** SQL predicate over the table's columns: rows where it is true (or NULL) are hidden. */
  where: string;
  description?: string;
}

/** One line of the unblinding log: who released which region definition, when and why. */
export interface UnblindingEntry {
  region: string;
  /** Hash of the region's definition: editing the region blinds it again. */
  definition: string;
  time: string;
  user: string;
  reason: string;
}

export function regionHash(region: BlindingRegion): string {
  const text = JSON.stringify([region.name, region.table, region.where]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function readUnblindingLog(path: string): UnblindingEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`cannot read the unblinding log ${path}: ${(err as Error).message}`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as UnblindingEntry;
      } catch {
        throw new UserError(`${path}:${i + 1}: unblinding log line is not JSON`);
      }
    });
}

/** Regions still blinded: those without a log entry for their current definition. */
export function activeRegions(regions: readonly BlindingRegion[], log: readonly UnblindingEntry[]): BlindingRegion[] {
  const released = new Set(log.map((e) => `${e.region}/${e.definition}`));
  return regions.filter((r) => !released.has(`${r.name}/${regionHash(r)}`));
}

/** Releases a region: appends to the log (the explicit, audited act of unblinding). */
export function unblind(
  path: string,
  regions: readonly BlindingRegion[],
  name: string,
  who: { user: string; reason: string },
): UnblindingEntry {
  const region = regions.find((r) => r.name === name);
  if (!region) {
    const known = regions.map((r) => r.name).join(', ') || 'none configured';
    throw new UserError(`no blinding region '${name}' in the workspace config (regions: ${known})`);
  }
  if (who.reason.trim().length < 3) throw new UserError('unblinding needs a reason (--reason "...")');
  const entry: UnblindingEntry = {
    region: name,
    definition: regionHash(region),
    time: new Date().toISOString(),
    user: who.user,
    reason: who.reason.trim(),
  };
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
  return entry;
}
