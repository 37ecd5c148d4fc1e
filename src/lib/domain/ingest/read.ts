// Reading a file end to end: peek at its head (kind, encoding, delimiter, headers, sample),
// then stream every byte through the fatal decoder, the scanner and the columnar importer.
// The same code runs in the import worker (bytes from File.stream()) and in Node
// (`npm run summarize`, bytes from fs streams), so both give the same result.
import type { Delimiter, EncodingName, Lang } from '../types';
import {
  DecodeError,
  StreamDecoder,
  detectFileKind,
  sniffEncoding,
  type FileKind,
} from './encoding';
import { sniffDelimiter } from './delimiter';
import { CsvScanner, type ScanIssue } from './csv-scanner';
import { normalizeHeaders } from './headers';
import {
  ColumnarImporter,
  type ChunkOut,
  type ImportPlan,
  type ImportReport,
  type PseudonymizeMany,
  type RejectedRow,
  type OutputColumn,
  type ImportedDictionary,
} from './importer';

export const PEEK_BYTES = 1024 * 1024;
export const SAMPLE_RECORDS = 2000;
const PEEK_PIECE_CHARS = 64 * 1024;

export type ImportErrorCode =
  | 'xlsx'
  | 'xls'
  | 'pdf'
  | 'image'
  | 'binary'
  | 'empty'
  | 'headerOnly'
  | 'undecodable'
  | 'noCustomerColumn'
  | 'missingRoles'
  | 'ambiguousDates'
  | 'cancelled'
  | 'quota'
  | 'unreadable';

/** A file that cannot be imported, with what is wrong; messages come from `importErrorMessage`. */
export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly fileName: string;
  readonly detail: Record<string, string | number>;
  constructor(
    code: ImportErrorCode,
    fileName: string,
    detail: Record<string, string | number> = {},
  ) {
    super(importErrorMessage(code, fileName, detail, 'en'));
    this.name = 'ImportError';
    this.code = code;
    this.fileName = fileName;
    this.detail = detail;
  }
}

const MESSAGES: Record<Lang, Record<ImportErrorCode, string>> = {
  en: {
    xlsx: '{file} is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
    xls: '{file} is an old Excel workbook (.xls), not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
    pdf: '{file} is a PDF document. Portrait reads CSV exports: export the data from its source system as CSV.',
    image:
      '{file} is an image. Portrait reads CSV exports: export the data from its source system as CSV.',
    binary:
      '{file} is not a text file. Export the data as CSV (comma, semicolon or tab separated) and import that.',
    empty: '{file} is empty. Check the export and try again.',
    headerOnly: '{file} has a header row but no data rows. Check the export filter and try again.',
    undecodable:
      '{file} has bytes that are not valid {encoding} at byte offset {offset}. Pick another encoding (e.g. GB18030 for Chinese Excel exports) and try again.',
    noCustomerColumn:
      '{file} has no customer column (such as 客户ID or CustomerID). Pick the column that identifies the customer, or pass --map customerId=COLUMN.',
    missingRoles:
      '{file} is missing a column for: {roles}. Map them in the import preview, or pass --map role=COLUMN.',
    ambiguousDates:
      'The dates in {file} (column {column}) read both day-first and month-first. Choose the order (DMY or MDY), or pass --date-order DMY|MDY.',
    cancelled: 'The import of {file} was cancelled. Nothing was stored.',
    quota:
      'There is not enough storage space for {file} (about {needed} needed, {available} available). Free space in the browser (delete old datasets) or import a smaller file.',
    unreadable:
      '{file} could not be read: it was moved, changed or deleted after it was chosen. Nothing was stored. Choose the file again.',
  },
  'zh-CN': {
    xlsx: '{file} 是 Excel 工作簿（.xlsx），不是 CSV 文件。请在 Excel 中选择“文件 › 另存为 › CSV UTF-8（逗号分隔）”，再导入该文件。',
    xls: '{file} 是旧版 Excel 工作簿（.xls），不是 CSV 文件。请在 Excel 中选择“文件 › 另存为 › CSV UTF-8（逗号分隔）”，再导入该文件。',
    pdf: '{file} 是 PDF 文档。画像读取 CSV 导出文件：请从源系统导出 CSV。',
    image: '{file} 是图片。画像读取 CSV 导出文件：请从源系统导出 CSV。',
    binary: '{file} 不是文本文件。请将数据导出为 CSV（逗号、分号或制表符分隔）后再导入。',
    empty: '{file} 是空文件。请检查导出后重试。',
    headerOnly: '{file} 只有表头，没有数据行。请检查导出条件后重试。',
    undecodable:
      '{file} 在第 {offset} 字节处含有无法按 {encoding} 解码的内容。请选择其他编码（中文 Excel 导出通常为 GB18030）后重试。',
    noCustomerColumn: '{file} 没有客户列（如 客户ID、CustomerID）。请选择标识客户的列。',
    missingRoles: '{file} 缺少以下列：{roles}。请在导入预览中指定。',
    ambiguousDates:
      '{file} 的日期（{column} 列）既可按“日/月”也可按“月/日”解读。请选择日期顺序（DMY 或 MDY）。',
    cancelled: '已取消导入 {file}，没有保存任何内容。',
    quota:
      '存储空间不足，无法导入 {file}（约需 {needed}，可用 {available}）。请删除旧数据集释放空间，或导入较小的文件。',
    unreadable:
      '无法读取 {file}：选择该文件后，它被移动、修改或删除了。未保存任何数据。请重新选择该文件。',
  },
};

export function importErrorMessage(
  code: ImportErrorCode,
  fileName: string,
  detail: Record<string, string | number>,
  lang: Lang,
): string {
  const values: Record<string, string | number> = { ...detail, file: fileName };
  return MESSAGES[lang][code].replace(/\{(\w+)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m,
  );
}

export interface FilePeek {
  encoding: EncodingName;
  bomLength: number;
  delimiter: Delimiter;
  headers: string[];
  /** The first records after the header, as read (untrimmed). */
  sample: string[][];
  sampleRows: number[];
  /** The whole file fit in the peek. */
  isWhole: boolean;
}

/**
 * Reads the head of a file: refuses what is not a CSV, sniffs encoding and delimiter (unless
 * given), and returns the headers and the first records. Throws ImportError.
 */
export function peekFile(
  head: Uint8Array,
  fileName: string,
  opts: { lang: Lang; isWhole: boolean; encoding?: EncodingName; delimiter?: Delimiter },
): FilePeek {
  if (head.length === 0) {
    throw new ImportError('empty', fileName);
  }
  const kind: FileKind | null = detectFileKind(head);
  if (kind) {
    throw new ImportError(kind, fileName);
  }
  const sniffed = sniffEncoding(head);
  const encoding = opts.encoding ?? sniffed.encoding;
  const bomLength =
    opts.encoding && opts.encoding !== sniffed.encoding
      ? bomFor(head, encoding)
      : sniffed.bomLength;
  const decoder = new StreamDecoder(encoding, bomLength);
  let text: string;
  try {
    text = decoder.push(head) + (opts.isWhole ? decoder.end() : '');
  } catch (err) {
    if (err instanceof DecodeError) {
      throw new ImportError('undecodable', fileName, { encoding, offset: err.byteOffset });
    }
    throw err;
  }
  if (text.trim() === '') {
    throw new ImportError('empty', fileName);
  }
  const delimiter = opts.delimiter ?? sniffDelimiter(text, opts.isWhole);
  const records: string[][] = [];
  const rows: number[] = [];
  const scanner = new CsvScanner({
    delimiter,
    onRecord: (fields, row) => {
      if (records.length <= SAMPLE_RECORDS) {
        records.push(fields);
        rows.push(row);
      }
    },
  });
  // The text goes in by pieces until the sample is full: a 1 MB head holds ten times the
  // records the sample needs, and the preview waits for this scan.
  for (let at = 0; at < text.length && records.length <= SAMPLE_RECORDS; at += PEEK_PIECE_CHARS) {
    scanner.push(text.slice(at, at + PEEK_PIECE_CHARS));
  }
  if (opts.isWhole) {
    if (records.length <= SAMPLE_RECORDS) {
      scanner.end();
    }
  } else if (records.length > 1) {
    // The last record may be cut by the end of the peek.
    records.pop();
    rows.pop();
  }
  const header = records.shift();
  rows.shift();
  if (!header) {
    throw new ImportError('empty', fileName);
  }
  if (records.length === 0) {
    throw new ImportError('headerOnly', fileName);
  }
  return {
    encoding,
    bomLength,
    delimiter,
    headers: normalizeHeaders(header, opts.lang),
    sample: records.slice(0, SAMPLE_RECORDS),
    sampleRows: rows.slice(0, SAMPLE_RECORDS),
    isWhole: opts.isWhole,
  };
}

function bomFor(head: Uint8Array, encoding: EncodingName): number {
  if (encoding === 'utf-8-bom' && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return 3;
  }
  if (encoding === 'utf-16le' && head[0] === 0xff && head[1] === 0xfe) {
    return 2;
  }
  if (encoding === 'utf-16be' && head[0] === 0xfe && head[1] === 0xff) {
    return 2;
  }
  return 0;
}

export interface ImportHooks {
  /**
   * Called with finished chunks and rejected rows. One call runs while the next piece of the
   * file is parsed; the next call waits for it (backpressure with one write in flight).
   */
  onChunks?: (chunks: ChunkOut[], rejects: RejectedRow[]) => Promise<void> | void;
  onProgress?: (p: { bytes: number; rows: number }) => void;
  pseudonymize: PseudonymizeMany | null;
  /** Checked between byte chunks; throw to stop. */
  checkCancelled?: () => void;
  /** Size of the whole source in bytes, when known: large dictionaries are sized from it. */
  totalBytes?: number;
}

export interface ImportResult {
  outputs: OutputColumn[];
  dictionaries: ImportedDictionary[];
  report: ImportReport;
  chunkCount: number;
  rows: number;
}

/** Rejected rows written without chunks once this many gathered (see runImport's flush). */
const REJECTS_PER_WRITE = 10_000;

class WriteFailure {
  constructor(readonly error: unknown) {}
}

/** Streams a whole file through decoder → scanner → importer. Throws ImportError. */
export async function runImport(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  plan: ImportPlan,
  bomLength: number,
  hooks: ImportHooks,
): Promise<ImportResult> {
  const importer = new ColumnarImporter(plan);
  const decoder = new StreamDecoder(plan.encoding, bomLength);
  let isHeader = true;
  const scanner = new CsvScanner({
    delimiter: plan.delimiter,
    onRecordView: (view, row) => {
      if (isHeader) {
        isHeader = false;
        return;
      }
      importer.addView(view, row);
    },
    // A stray quote is kept as a literal character and the record stays (the scanner goes on
    // at the next line); it is reported with its row number in the quality report.
    onIssue: (issue: ScanIssue) => importer.addIssue(issue),
  });

  // The write of the previous chunks overlaps the parsing of the next piece. Its outcome is
  // caught at once (no unhandled rejection) and rethrown at the next flush or at the end.
  let inFlight: Promise<unknown> | null = null;
  const settle = async () => {
    const outcome = await inFlight;
    inFlight = null;
    if (outcome instanceof WriteFailure) {
      throw outcome.error;
    }
  };
  /** Waits for the write in flight, if any; its outcome was already caught (see flush). */
  const drain = async () => {
    await inFlight;
  };
  const flush = async (isLast: boolean) => {
    const chunks = importer.takeChunks();
    // Rejected rows go with the next chunks (or at the end), unless many gathered: written on
    // their own after every piece of the file, each write would wait for the one before.
    if (!chunks.length && !isLast && importer.pendingRejects < REJECTS_PER_WRITE) {
      return;
    }
    const rejects = importer.takeRejects();
    if (hooks.onChunks && (chunks.length || rejects.length)) {
      await settle();
      const write = hooks.onChunks;
      inFlight = Promise.resolve()
        .then(() => write(chunks, rejects))
        .then(
          () => null,
          (error: unknown) => new WriteFailure(error),
        );
    }
  };

  let bytes = 0;
  try {
    for await (const piece of source) {
      hooks.checkCancelled?.();
      bytes += piece.length;
      if (decoder.takeAscii(piece)) {
        scanner.pushAscii(piece);
      } else {
        scanner.push(decoder.push(piece));
      }
      if (bytes === piece.length && hooks.totalBytes) {
        importer.expectRows(Math.ceil((importer.rowCount * hooks.totalBytes) / bytes));
      }
      hooks.onProgress?.({ bytes, rows: importer.rowCount });
      await flush(false);
    }
    scanner.push(decoder.end());
    scanner.end();
  } catch (err) {
    // No write may land after the caller cleans up a cancelled or failed import.
    await drain();
    if (err instanceof DecodeError) {
      throw new ImportError('undecodable', fileName, {
        encoding: plan.encoding,
        offset: err.byteOffset,
      });
    }
    throw err;
  }
  if (isHeader) {
    throw new ImportError('empty', fileName);
  }
  if (importer.rowCount === 0) {
    throw new ImportError('headerOnly', fileName);
  }
  const { dictionaries, report } = await importer.finish(hooks.pseudonymize);
  await flush(true);
  await settle();
  hooks.onProgress?.({ bytes, rows: importer.rowCount });
  return {
    outputs: importer.outputs,
    dictionaries,
    report,
    chunkCount: importer.chunkCount,
    rows: importer.rowCount,
  };
}
