// Coded errors: every failure a user can see carries a stable code and a category; http/ maps
// categories to status codes in one place (see http/error-map.ts).
export type ErrorCategory =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface AppErrorOptions {
  /** Where the problem is (file line, field path, header name …). */
  where?: string;
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly where: string | undefined;
  readonly details: unknown;

  constructor(
    category: ErrorCategory,
    code: string,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(options.where ? `${message} (at ${options.where})` : message, { cause: options.cause });
    this.name = 'AppError';
    this.category = category;
    this.code = code;
    this.where = options.where;
    this.details = options.details;
  }
}

export const invalidInput = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('invalid_input', code, message, options);
export const notFound = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('not_found', code, message, options);
export const forbidden = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('forbidden', code, message, options);
export const conflict = (code: string, message: string, options?: AppErrorOptions): AppError =>
  new AppError('conflict', code, message, options);

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;
