export * from './accounts';
export * from './enterprises';
export * from './reference';
export * from './reports';
export * from './resumption';
export * from './safety';
