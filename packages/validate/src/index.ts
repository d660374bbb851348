export * from './figures.js';
export * from './matching.js';
export * from './stats.js';
