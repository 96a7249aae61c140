export * from './schemas.ts';
export * from './view.ts';
export * from './contract.ts';
export * from './devices.ts';
export * from './config-schema.ts';
export * from './reports.ts';
