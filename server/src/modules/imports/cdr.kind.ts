import type { KindHandler } from './kind.types.ts';

export const cdr: KindHandler = {
  kind: 'cdr',
  label: 'cdr',
  delimiters: [',', ';', '\t'],
  requiredColumns: ['direction', 'started_at'],
  strictFieldCount: false,
  start: () => Promise.reject(new Error('cdr import is not implemented yet')),
};
