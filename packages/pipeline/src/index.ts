export * from './chunk-job.js';
export * from './cuts.js';
export * from './options.js';
export * from './plan.js';
export * from './plugin.js';
export * from './pool.js';
export * from './process.js';
export * from './stages.js';
