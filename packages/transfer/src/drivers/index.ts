import { UserError } from '@dance/schema';
import type { SiteDriver } from './driver.js';
import { PosixDriver } from './posix.js';
import { S3Driver } from './s3.js';
import { WebdavDriver } from './webdav.js';

export { PARTIAL_SUFFIX, type Pieces, type SiteDriver, type SiteEntry } from './driver.js';
export { PosixDriver } from './posix.js';
export { S3Driver } from './s3.js';
export { WebdavDriver } from './webdav.js';

export const SITE_KINDS = ['posix', 's3', 'webdav'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** The driver for a catalogued site. */
export function driverFor(site: { name: string; kind: string; url: string }): SiteDriver {
  switch (site.kind) {
    case 'posix':
      if (!site.url.startsWith('file:///')) throw new UserError(`site '${site.name}': a posix URL is file:///path`);
      return new PosixDriver(site.url);
    case 's3':
      return new S3Driver(site.url);
    case 'webdav':
      return new WebdavDriver(site.url);
    default:
      throw new UserError(`site '${site.name}': kind '${site.kind}' must be one of ${SITE_KINDS.join(', ')}`);
  }
}
