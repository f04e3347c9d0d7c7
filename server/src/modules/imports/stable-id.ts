import { hash } from 'node:crypto';

// Imported rows get ids derived from (tenant, external key), so that importing the same data
// again — from the same file or a different one — hits the same primary keys and inserts
// nothing, and rows that reference each other (call → customer) agree without a lookup.
// One hash per source row; the row's other ids are that hash plus a suffix.

/** Base of the stable ids of one source row: 22 base64url chars of sha256(tenant, key). */
export function stableBase(tenantId: string, key: string): string {
  return hash('sha256', `${tenantId}\u0000${key}`, 'base64url').slice(0, 22);
}

export function stableId(prefix: string, tenantId: string, key: string): string {
  return `${prefix}_${stableBase(tenantId, key)}`;
}

/** Short content hash of a data row, for row-derived external keys. */
export function rowHash(cells: readonly string[]): string {
  return hash('sha256', cells.join('\u001f'), 'base64url').slice(0, 16);
}
