import type { ErrorCategory } from '../platform/index.ts';

// The one place where error categories become HTTP status codes.
export const STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
