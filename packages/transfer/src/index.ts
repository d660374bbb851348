export { StreamSums, type Sums } from './checksums.js';
export { ChecksumMismatch, type CopyOptions, type CopyResult, checksumAt, copyFile, PARTIAL_SUFFIX } from './copy.js';
export {
  driverFor,
  PosixDriver,
  S3Driver,
  SITE_KINDS,
  type SiteDriver,
  type SiteEntry,
  type SiteKind,
  WebdavDriver,
} from './drivers/index.js';
