export * from './config.js';
export * from './describe.js';
export * from './init.js';
export * from './lineage.js';
export * from './load.js';
export * from './provenance.js';
export * from './workspace.js';
