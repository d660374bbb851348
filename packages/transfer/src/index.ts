export { type CheckReport, checkSite } from './check.js';
export { StreamSums, type Sums } from './checksums.js';
export { ChecksumMismatch, type CopyOptions, type CopyResult, checksumAt, copyFile, PARTIAL_SUFFIX } from './copy.js';
export { type BufferFill, type DaemonOptions, type PassReport, runPass, type TransferOutcome } from './daemon.js';
export {
  driverFor,
  type Pieces,
  PosixDriver,
  S3Driver,
  SITE_KINDS,
  type SiteDriver,
  type SiteEntry,
  type SiteKind,
  WebdavDriver,
} from './drivers/index.js';
export { addRule, deleteRule, listRules, RULE_STATES, type Rule, type RuleSpec, type RuleState } from './rules.js';
export { type RunTransferStatus, runTransferStatus } from './run-status.js';
export { type Selection, selectFiles } from './selection.js';
export { matchSites, type SiteInfo } from './site-expression.js';
