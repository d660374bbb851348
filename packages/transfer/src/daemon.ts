import type { Catalog, Site } from '@dance/catalog';
import { nowNs } from '@dance/schema';
import { type CopyOptions, copyFile } from './copy.js';
import { driverFor, type SiteDriver } from './drivers/index.js';
import { bytesAt, dropReplica, type ReplicaRow, replicasOfFiles, setReplica } from './replicas.js';
import { listRules, type Rule, type RuleState, setRuleState } from './rules.js';
import { type CatalogFile, selectFiles } from './selection.js';
import { matchSites } from './site-expression.js';
import { type TransferDb, transferDb } from './tables.js';

export interface DaemonOptions extends Pick<CopyOptions, 'bandwidth' | 'verify'> {
  /** transfers running at once (default 4) */
  concurrency?: number;
  /** the clock, ns since the epoch; tests pass a fake one */
  now?: () => bigint;
  /** the driver of a site; tests wrap drivers to cut links or fill disks */
  driver?: (site: Site) => SiteDriver;
  /** a rule turns stuck after this many failed attempts of one of its transfers (default 3) */
  stuckAfter?: number;
  onProgress?: (file: string, dest: string, done: number, total: number) => void;
}

export interface TransferOutcome {
  file: string;
  dest: string;
  source?: string;
  ok: boolean;
  bytes: number;
  resumedFrom: number;
  error?: string;
}

export interface BufferFill {
  site: string;
  /** bytes at the site not yet copied to every site its rules want */
  bytes: number;
  capacity: number | null;
  fill: number | null;
  warning: string | null;
}

export interface PassReport {
  transfers: TransferOutcome[];
  rules: { id: number; state: RuleState; reason: string | null }[];
  deleted: { file: string; site: string }[];
  buffers: BufferFill[];
}

const FIRST_RETRY_S = 10;
/** Retries back off to at most this: an uplink that comes back is used within 15 minutes. */
const LONGEST_RETRY_S = 900;

/**
 * One pass of `dance daemon`: deletes what expired rules no longer protect, schedules the fewest
 * transfers that satisfy every rule (existing replicas count, copies in flight are kept), runs the
 * transfers that are due, and records each rule's state. Failed transfers are retried with
 * exponential backoff and never dropped; a rule whose transfer failed `stuckAfter` times is stuck,
 * with the last error as its reason, until the transfer succeeds.
 */
export async function runPass(catalog: Catalog, options: DaemonOptions = {}): Promise<PassReport> {
  const now = options.now ?? nowNs;
  const db = await transferDb(catalog);
  const sites = await catalog.sites();
  const byName = new Map(sites.map((s) => [s.name, s]));
  const driverOf = memo((name: string) => (options.driver ?? driverFor)(byName.get(name) as Site));
  const rules = await listRules(catalog);
  const live = rules.filter((r) => r.expires === null || r.expires > now());
  const deleted = await expire(catalog, db, rules, live, sites, driverOf);
  await plan(catalog, db, live, sites, now());
  const transfers = await runDue(db, byName, driverOf, now, options);
  const states = await plan(catalog, db, live, sites, now(), options.stuckAfter ?? 3);
  for (const s of states) await setRuleState(catalog, s.id, s.state, s.reason);
  return { transfers, rules: states, deleted, buffers: await bufferFill(catalog, db, live, sites) };
}

interface Want {
  rule: Rule;
  files: CatalogFile[];
  targets: Set<string>;
  replicas: Map<number, ReplicaRow[]>;
}

async function wants(catalog: Catalog, db: TransferDb, rule: Rule, sites: Site[]): Promise<Want> {
  const files = await selectFiles(catalog, db, rule.selection);
  return {
    rule,
    files,
    targets: matchSites(rule.sites, sites),
    replicas: await replicasOfFiles(
      db,
      files.map((f) => f.id),
    ),
  };
}

/** Queues missing copies (when `stuckAfter` is not given) or reports each rule's state. */
async function plan(catalog: Catalog, db: TransferDb, rules: Rule[], sites: Site[], now: bigint, stuckAfter?: number) {
  const states: { id: number; state: RuleState; reason: string | null }[] = [];
  for (const rule of rules) {
    const want = await wants(catalog, db, rule, sites);
    const pending = await db
      .selectFrom('transfer_requests')
      .selectAll()
      .where('dest', 'in', [...want.targets, ''])
      .execute();
    const requested = new Map(pending.map((p) => [`${p.file_id} ${p.dest}`, p]));
    let state: RuleState = 'ok';
    let reason: string | null = null;
    const stuck = (why: string) => {
      state = 'stuck';
      reason ??= why;
    };
    if (want.targets.size < rule.copies) {
      stuck(`only ${want.targets.size} site(s) match '${rule.sites}', the rule wants ${rule.copies} copies`);
    }
    for (const file of want.files) {
      const replicas = want.replicas.get(file.id) ?? [];
      const have = replicas.filter((r) => r.state === 'available' && want.targets.has(r.site));
      if (have.length >= rule.copies) continue;
      if (!replicas.some((r) => r.state === 'available')) {
        stuck(`no available replica of ${file.did} to copy from`);
        continue;
      }
      // copies already under way count first, so repeated passes never schedule more than needed
      const inFlight = [...want.targets].filter((s) => requested.has(`${file.id} ${s}`));
      const fresh = [...want.targets].filter(
        (s) => !requested.has(`${file.id} ${s}`) && !have.some((r) => r.site === s),
      );
      const chosen = [...inFlight, ...fresh].slice(0, rule.copies - have.length);
      for (const dest of chosen) {
        const request = requested.get(`${file.id} ${dest}`);
        if (stuckAfter === undefined && !request) {
          const path = replicas.find((r) => r.site === dest)?.path ?? file.path;
          await db
            .insertInto('transfer_requests')
            .values({ file_id: file.id, dest, path, attempts: 0, next_ns: now, error: null, created_ns: now })
            .onConflict((oc) => oc.doNothing())
            .execute();
        } else if (stuckAfter !== undefined && request && Number(request.attempts) >= stuckAfter) {
          stuck(`${file.did} to ${dest}: ${request.error}`);
        }
      }
      if (state === 'ok') state = 'replicating';
    }
    states.push({ id: rule.id, state, reason });
  }
  return states;
}

async function runDue(
  db: TransferDb,
  sites: Map<string, Site>,
  driverOf: (name: string) => SiteDriver,
  now: () => bigint,
  options: DaemonOptions,
): Promise<TransferOutcome[]> {
  const due = await db
    .selectFrom('transfer_requests')
    .innerJoin('dids', 'dids.id', 'transfer_requests.file_id')
    .select([
      'transfer_requests.file_id',
      'transfer_requests.dest',
      'transfer_requests.path',
      'transfer_requests.attempts',
      'dids.scope',
      'dids.name',
      'dids.size',
      'dids.adler32',
      'dids.sha256',
    ])
    .where('transfer_requests.next_ns', '<=', now())
    .orderBy('transfer_requests.created_ns')
    .execute();
  const outcomes: TransferOutcome[] = [];
  // quota checks and the 'copying' marks that reserve space run one at a time, or two parallel
  // transfers could both fit into the same free bytes
  let reserving = Promise.resolve();
  const reserve = (step: () => Promise<void>) => {
    const done = reserving.then(step);
    reserving = done.catch(() => {});
    return done;
  };
  const work = due.map((t) => async () => {
    const fileId = Number(t.file_id);
    const file = `${t.scope}:${t.name}`;
    const want = { size: Number(t.size), adler32: t.adler32 ?? '', sha256: t.sha256 ?? '' };
    const outcome: TransferOutcome = { file, dest: t.dest, ok: false, bytes: 0, resumedFrom: 0 };
    try {
      const replicas = (await replicasOfFiles(db, [fileId])).get(fileId) ?? [];
      // each retry takes the next source, so one bad or unreachable replica cannot block a file
      const sources = replicas.filter((r) => r.state === 'available' && r.site !== t.dest);
      const source = sources[Number(t.attempts) % Math.max(1, sources.length)];
      if (!source) throw new Error(`no available replica of ${file} to copy from`);
      outcome.source = source.site;
      await reserve(async () => {
        await checkQuota(db, sites.get(t.dest) as Site, want.size, replicas);
        await setReplica(db, fileId, t.dest, 'copying', t.path);
      });
      const result = await copyFile(driverOf(source.site), source.path ?? t.path, driverOf(t.dest), t.path, want, {
        bandwidth: options.bandwidth,
        verify: options.verify,
        onProgress: options.onProgress && ((done, total) => options.onProgress?.(file, t.dest, done, total)),
      });
      await setReplica(db, fileId, t.dest, 'available', t.path);
      await db.deleteFrom('transfer_requests').where('file_id', '=', fileId).where('dest', '=', t.dest).execute();
      Object.assign(outcome, { ok: true, bytes: result.bytes, resumedFrom: result.resumedFrom });
    } catch (err) {
      const attempts = Number(t.attempts) + 1;
      const wait = Math.min(LONGEST_RETRY_S, FIRST_RETRY_S * 2 ** (attempts - 1));
      outcome.error = (err as Error).message;
      await db
        .updateTable('transfer_requests')
        .set({ attempts, error: outcome.error, next_ns: now() + BigInt(wait) * 1_000_000_000n })
        .where('file_id', '=', fileId)
        .where('dest', '=', t.dest)
        .execute();
    }
    outcomes.push(outcome);
  });
  await pool(work, options.concurrency ?? 4);
  return outcomes;
}

/** A site with a `quota` attribute (bytes) takes no file that would overflow it. */
async function checkQuota(db: TransferDb, site: Site, size: number, replicas: ReplicaRow[]) {
  const quota = Number(site.attributes.quota);
  if (!Number.isFinite(quota)) return;
  const already = replicas.some((r) => r.site === site.name && r.state !== 'unavailable');
  const used = (await bytesAt(db, site.name, ['available', 'copying', 'bad'])) - (already ? size : 0);
  if (used + size > quota) {
    throw new Error(`site '${site.name}' is full: ${used} of its ${quota} bytes used, the file needs ${size}`);
  }
}

/** Removes replicas of expired rules that no live rule wants, never the last copy unless purgeLast. */
async function expire(
  catalog: Catalog,
  db: TransferDb,
  rules: Rule[],
  live: Rule[],
  sites: Site[],
  driverOf: (name: string) => SiteDriver,
) {
  const deleted: { file: string; site: string }[] = [];
  const keep = await Promise.all(live.map((r) => wants(catalog, db, r, sites)));
  for (const rule of rules.filter((r) => !live.includes(r))) {
    const want = await wants(catalog, db, rule, sites);
    for (const file of want.files) {
      const replicas = (want.replicas.get(file.id) ?? []).filter((r) => r.state === 'available');
      for (const replica of replicas.filter((r) => want.targets.has(r.site))) {
        const wanted = keep.some((k) => k.targets.has(replica.site) && k.files.some((f) => f.id === file.id));
        const others = replicas.filter(
          (r) => r.site !== replica.site && !deleted.some((d) => d.file === file.did && d.site === r.site),
        );
        if (wanted || (others.length === 0 && !rule.purgeLast)) continue;
        await driverOf(replica.site).remove(replica.path ?? file.path);
        await dropReplica(db, file.id, replica.site);
        deleted.push({ file: file.did, site: replica.site });
      }
    }
    await db.deleteFrom('transfer_rules').where('id', '=', rule.id).execute();
  }
  return deleted;
}

/**
 * Store-and-forward: a site with `uplink: true` buffers data until its link carries it out. Its
 * fill is the bytes there that some rule still wants elsewhere, against `buffer_bytes`; above
 * `buffer_warn` (default 0.8) of it the report carries a warning.
 */
async function bufferFill(catalog: Catalog, db: TransferDb, live: Rule[], sites: Site[]): Promise<BufferFill[]> {
  const out: BufferFill[] = [];
  for (const site of sites.filter((s) => s.attributes.uplink === true || s.attributes.uplink === 'true')) {
    const waiting = new Map<number, number>();
    for (const rule of live) {
      const want = await wants(catalog, db, rule, sites);
      for (const file of want.files) {
        const replicas = want.replicas.get(file.id) ?? [];
        const here = replicas.some((r) => r.site === site.name && r.state === 'available');
        const placed = replicas.filter(
          (r) => r.state === 'available' && want.targets.has(r.site) && r.site !== site.name,
        );
        if (here && placed.length < rule.copies) waiting.set(file.id, file.size);
      }
    }
    const bytes = [...waiting.values()].reduce((a, b) => a + b, 0);
    const capacity = Number.isFinite(Number(site.attributes.buffer_bytes))
      ? Number(site.attributes.buffer_bytes)
      : null;
    const fill = capacity ? bytes / capacity : null;
    const threshold = Number(site.attributes.buffer_warn ?? 0.8);
    const warning =
      fill !== null && fill >= threshold
        ? `buffer at '${site.name}' is ${(fill * 100).toFixed(0)}% full (${bytes} of ${capacity} bytes waiting for the uplink)`
        : null;
    out.push({ site: site.name, bytes, capacity, fill, warning });
  }
  return out;
}

function memo<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, make(key));
    return cache.get(key) as T;
  };
}

/** Runs `jobs` with at most `limit` at once. */
async function pool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}
