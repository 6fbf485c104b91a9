export * from './accounts';
export * from './enterprises';
export * from './reference';
