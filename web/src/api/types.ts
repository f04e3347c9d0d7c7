// Shapes of the HTTP API as the web app uses them (see docs/web.md and the OpenAPI doc).
// Fields the server may or may not send yet are optional; pages render what is there.

export type Role = 'admin' | 'supervisor' | 'agent' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'supervisor', 'agent', 'auditor'];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  tenantId: string;
  tenantName?: string;
  timeZone?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type IntentLevel = 'high' | 'medium' | 'low';
export type LeadPool = 'public' | 'private';

export interface Customer {
  id: string;
  name: string | null;
  phone?: string | null;
  phoneMasked?: string | null;
  province?: string | null;
  city?: string | null;
  carrier?: string | null;
  attributes?: Record<string, unknown> | null;
  createdAt?: number;
  updatedAt?: number;
}

export interface Lead {
  id: string;
  customerId: string;
  customer?: {
    name: string | null;
    phone?: string | null;
    phoneMasked: string | null;
    province?: string | null;
    city?: string | null;
    carrier?: string | null;
  };
  campaignId?: string | null;
  pool: LeadPool;
  ownerUserId?: string | null;
  ownerName?: string | null;
  source?: string;
  status?: string;
  intentLevel?: IntentLevel | null;
  createdAt?: number;
  updatedAt?: number;
}

export interface ImportError {
  line: number;
  column?: string;
  message: string;
}

export interface ImportReport {
  kind: string;
  status: 'completed' | 'rejected' | 'unchanged';
  rows: number;
  inserted: Record<string, number>;
  skipped: Record<string, number>;
  errors: ImportError[];
  /** All bad rows; `errors` may list only the first ones. */
  errorCount?: number;
}
