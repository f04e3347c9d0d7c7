import type { SourceRow } from './imports.types.ts';

/** A file opened for import: its header and an async stream of data rows. */
export interface RowSource {
  /** Header names, trimmed and lower-cased. */
  header: string[];
  rows: AsyncIterable<SourceRow>;
  bytesRead(): number;
  close(): void;
}

/** A problem with the file as a whole (empty, bad header, unreadable line): reading stops. */
export class SourceError extends Error {
  constructor(
    readonly line: number,
    message: string,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
