export * from './quanta.js';
export * from './recoil.js';
export * from './timing.js';
export * from './yields.js';
