/** The one SQL surface every use case and store function is written against (PostgreSQL dialect). */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Bulk load: `COPY table (columns) FROM STDIN` with `text`, lines in PostgreSQL's text format (copyLines builds
   * them). Many times cheaper per row than an insert on the embedded database.
   */
  copyIn(table: string, columns: readonly string[], text: string): Promise<void>;
}

/** A value of COPY's text format: \N for null, backslash, tab and line breaks escaped. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Rows as the text copyIn takes. */
export function copyLines(rows: readonly (readonly (string | number | null)[])[]): string {
  let text = '';
  for (const row of rows) text += `${row.map(copyValue).join('\t')}\n`;
  return text;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
