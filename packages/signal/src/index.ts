export * from './chunk-clock.js';
export * from './errors.js';
export * from './hits.js';
export * from './records.js';
export * from './table.js';
