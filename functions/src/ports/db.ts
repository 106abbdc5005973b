/** The one SQL surface every use case and store function is written against (PostgreSQL dialect). */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Bulk load: `COPY table (columns) FROM STDIN` with `text` (a string, or its UTF-8 bytes), lines in PostgreSQL's
   * text format (values through copyValue). Many times cheaper per row than an insert on the embedded database.
   */
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

/**
 * Placeholders for many rows of values in one statement — `($1, $2), ($3, $4)` — numbered from `from`, and the
 * parameters in that order. A multi-row VALUES costs the embedded database's planner little more than one row (an
 * unnest of arrays made a declaration's five statements a sixth slower). `casts`, one per column ('' for none), type
 * the values where no target column does (a VALUES list joined in an UPDATE).
 */
export function valueRows(rows: readonly unknown[][], from = 1, casts: readonly string[] = []): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = rows.map((row) => `(${row.map((value, i) => {
    params.push(value);
    return `$${from + params.length - 1}${casts[i] ? `::${casts[i]}` : ''}`;
  }).join(', ')})`).join(', ');
  return { sql, params };
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
