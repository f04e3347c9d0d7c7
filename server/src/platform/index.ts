export * from './errors.ts';
export * from './logger.ts';
export * from './clock.ts';
export * from './ids.ts';
export * from './events.ts';
export * from './crypto.ts';
