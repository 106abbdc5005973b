import { PassThrough, Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { AppError } from '@shared/domain/errors';

/**
 * Reading a spreadsheet a row at a time, never the whole file: .xlsx through exceljs's streaming WorkbookReader
 * (first worksheet only), .csv through csv-parse's stream API (UTF-8 with or without BOM, or GB18030/GBK as
 * Excel on a Chinese Windows saves it).
 */
export type ImportFileKind = 'xlsx' | 'csv';

export interface SheetRow {
  /** As numbered in the file: the first row is 1. */
  row: number;
  cells: string[];
}

export function fileKindOf(fileName: string): ImportFileKind | null {
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return ext === 'xlsx' ? 'xlsx' : ext === 'csv' ? 'csv' : null;
}

/** Counts the bytes that pass, for the progress of reading. */
export class ByteCounter extends PassThrough {
  bytes = 0;
  constructor() {
    super();
    this.on('data', (c: Buffer) => {
      this.bytes += c.length;
    });
  }
}

type CellValue = ExcelJS.CellValue;

/** A cell as the text a person sees. Numbers too long for exact digits (an ID typed as a number) stay visibly wrong. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) || !Number.isInteger(v) ? String(v) : v.toExponential();
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as CellValue);
  if ('text' in v) return String(v.text);
  if ('error' in v) return '';
  return '';
}

/** UTF-8 text from byte chunks, keeping a character that straddles two chunks whole. */
async function* decodeChunks(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : utf8.decode(chunk as Uint8Array, { stream: true });
    if (text) yield text;
  }
  const tail = utf8.decode();
  if (tail) yield tail;
}

/** The parts of exceljs's WorkbookReader that read the XML of the shared strings and of a worksheet. */
interface ReaderInternals {
  _parseWorksheet(chunks: AsyncIterable<unknown>, sheetNo: string): unknown;
  _parseSharedStrings(entry: Readable): unknown;
}

/**
 * exceljs 4.4.0's streaming reader decodes every compressed chunk of XML on its own, so a Chinese character that
 * straddles two chunks turns into '��'. This reader hands it text decoded with state instead (exceljs passes
 * strings through untouched). Done per instance: nothing global is patched.
 */
function workbookReader(input: Readable): ExcelJS.stream.xlsx.WorkbookReader {
  // loaded on first use (a csv reader, e.g. the department file reader's worker threads, starts without it), and
  // synchronously: the input may be flowing already (a byte counter's listener), so nothing may come between the
  // caller and the reader taking the stream — an awaited import lost the first chunks of a large file
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const excel = require('exceljs') as typeof ExcelJS;
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  const proto = Object.getPrototypeOf(reader) as ReaderInternals;
  if (typeof proto._parseWorksheet !== 'function' || typeof proto._parseSharedStrings !== 'function') {
    throw new Error('exceljs WorkbookReader internals changed: check the UTF-8 fix in import-file.ts');
  }
  const own = reader as unknown as ReaderInternals;
  own._parseWorksheet = (chunks, sheetNo) => proto._parseWorksheet.call(reader, decodeChunks(chunks), sheetNo);
  own._parseSharedStrings = (entry) => proto._parseSharedStrings.call(reader, Readable.from(decodeChunks(entry)));
  return reader;
}

async function* xlsxRows(input: Readable): AsyncGenerator<SheetRow> {
  const reader = workbookReader(input);
  let sheet = 0;
  for await (const worksheet of reader) {
    sheet++;
    for await (const row of worksheet) {
      if (sheet > 1) continue; // only the first worksheet holds data; the rest (notes, lists) are read past
      const values = row.values as CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { row: row.number, cells };
    }
  }
}

/**
 * Decodes bytes to text: UTF-8 (a BOM is dropped) unless the first bytes are not valid UTF-8, then GB18030 (a
 * superset of GBK and GB2312).
 */
function decoder(): Transform {
  let decode: TextDecoder | null = null;
  let first = true;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        if (!decode) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, 64 * 1024), { stream: true });
            decode = new TextDecoder('utf-8');
          } catch {
            decode = new TextDecoder('gb18030');
          }
        }
        let text = decode.decode(chunk, { stream: true });
        if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        done(null, text);
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      done(null, decode ? decode.decode() : '');
    },
  });
}

/**
 * The parsed records as they come, a buffer at a time: one await per chunk of the file, not per row (a million rows
 * each through a promise cost seconds).
 */
async function* csvRowBatches(input: Readable): AsyncGenerator<SheetRow[]> {
  const parser = input.pipe(decoder()).pipe(parseCsv({ relax_column_count: true, relax_quotes: true, trim: false }));
  input.on('error', (err) => parser.destroy(err));
  let row = 0;
  let ended = false;
  let failed: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (err: Error) => {
    failed = err;
    signal();
  });
  for (;;) {
    const batch: SheetRow[] = [];
    let record: string[] | null;
    while ((record = parser.read() as string[] | null) !== null) batch.push({ row: ++row, cells: record });
    if (batch.length) yield batch;
    if (failed) throw failed;
    if (ended) return;
    if (!batch.length) await new Promise<void>((resolve) => (wake = resolve));
  }
}

async function* xlsxRowBatches(input: Readable): AsyncGenerator<SheetRow[]> {
  for await (const row of xlsxRows(input)) yield [row];
}

/** The rows of a file, a batch at a time. A file that is not what its name says ends in IMPORT.UNREADABLE. */
export async function* readSheetRowBatches(input: Readable, kind: ImportFileKind): AsyncGenerator<SheetRow[]> {
  try {
    yield* kind === 'xlsx' ? xlsxRowBatches(input) : csvRowBatches(input);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('IMPORT.UNREADABLE', kind === 'xlsx'
      ? '文件无法按 .xlsx 读取，请确认是 Excel 2007 及以后版本保存的 .xlsx 文件'
      : '文件无法按 .csv 读取，请确认是逗号分隔的文本文件');
  }
}

/** The rows of a file one by one (readSheetRowBatches flattened). */
export async function* readSheetRows(input: Readable, kind: ImportFileKind): AsyncGenerator<SheetRow> {
  for await (const batch of readSheetRowBatches(input, kind)) yield* batch;
}
