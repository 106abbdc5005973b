/** The one SQL surface every use case and store function is written against (PostgreSQL dialect). */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Bulk load: `COPY table (columns) FROM STDIN` with `text`, lines in PostgreSQL's text format (values through
   * copyValue). Many times cheaper per row than an insert on the embedded database.
   */
  /** Rows as COPY text (a string, or its UTF-8 bytes). */
  copyIn(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void>;
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A value of COPY's text format: \N for null, backslash, tab and line breaks escaped. */
export function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  if (!COPY_SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
