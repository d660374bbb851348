import { UserError } from '@dance/schema';
import { fromJson, toJson } from './codec.js';
import { type Connection, violatedConstraint } from './dialect.js';
import { checkName } from './names.js';

/** A storage endpoint (Rucio's RSE): a local folder, an S3 bucket, an XRootD server... */
export interface Site {
  name: string;
  /** e.g. local, s3, xrootd, tape */
  kind: string;
  url: string;
  attributes: Record<string, unknown>;
}

export async function addSite(c: Connection, site: Site): Promise<Site> {
  checkName('site', site.name);
  checkName('site kind', site.kind);
  if (typeof site.url !== 'string' || site.url === '') throw new UserError(`site '${site.name}': url is empty`);
  try {
    await c.db
      .insertInto('sites')
      .values({
        name: site.name,
        kind: site.kind,
        url: site.url,
        attributes: toJson(site.attributes ?? {}, `site '${site.name}' attributes`),
      })
      .execute();
  } catch (err) {
    if (violatedConstraint(err) === 'unique') throw new UserError(`site '${site.name}' already exists`);
    throw err;
  }
  return { ...site, attributes: site.attributes ?? {} };
}

export async function listSites(c: Connection): Promise<Site[]> {
  const rows = await c.db.selectFrom('sites').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, kind: r.kind, url: r.url, attributes: fromJson(r.attributes, c.backend) }));
}
