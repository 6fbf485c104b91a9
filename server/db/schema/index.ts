export * from './accounts';
export * from './demands';
export * from './enterprises';
export * from './kpis';
export * from './reference';
export * from './reports';
export * from './resumption';
export * from './safety';
