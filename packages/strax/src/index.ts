export * from './codecs.js';
export * from './descr.js';
export * from './hdf5.js';
export * from './npy-header.js';
export * from './npy-read.js';
export * from './npy-write.js';
export * from './strax-dir.js';
export * from './strax-titles.js';
