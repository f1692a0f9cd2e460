export * from './api';
export * from './catalog';
export * from './downsample';
export * from './items';
export * from './rules';
export * from './time';
export * from './units';
export * from './validate';
