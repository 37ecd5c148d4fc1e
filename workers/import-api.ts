// The import worker's API: a thin shell that reads bytes, calls the domain core, and writes
// columnar chunks to Dexie. It is a plain object so integration tests can call it in-process
// (with fake-indexeddb); import.worker.ts only exposes it through Comlink.
//
// Errors cross the bridge as plain data ({ ok: false, error }), never as thrown exceptions,
// so the UI can show the message for the code in the user's language.
import type { Delimiter, EncodingName, Lang, PortraitError } from '../src/lib/domain/types';
import { EXCLUSION_REASONS } from '../src/lib/domain/types';
import {
  ImportError,
  PEEK_BYTES,
  importErrorMessage,
  peekFile,
  runImport,
  type ImportErrorCode,
} from '../src/lib/domain/ingest/read';
import {
  proposePlan,
  type PlanOverrides,
  type ProposedColumn,
} from '../src/lib/domain/ingest/plan';
import type { ImportPlan, ImportReport, OutputColumn } from '../src/lib/domain/ingest/importer';
import { maskValue, maskFreeText } from '../src/lib/domain/privacy/mask';
import { createPseudonymizer, generateWorkspaceKey } from '../src/lib/domain/privacy/pseudonymize';
import {
  buildSummary,
  defaultAnalysisDate,
  type SummaryInput,
  type SummaryV1,
} from '../src/lib/domain/summary/summary';
import { toCsv } from '../src/lib/domain/report/csv';
import { db, type DatasetRecord, type PortraitDb } from '../src/lib/storage/db';
import {
  abortImport,
  beginImport,
  cleanIncompleteImports,
  commitImport,
  deleteDataset,
  listDatasets,
  readColumn,
  readDictionary,
  readRejects,
  writeChunks,
  writeRejects,
} from '../src/lib/storage/datasets-repo';
import { appendAudit } from '../src/lib/storage/audit-repo';
import { getSetting, putSetting } from '../src/lib/storage/settings-repo';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ImportFailure };

export interface ImportFailure extends PortraitError {
  code: ImportErrorCode | 'internal';
  fileName: string;
  detail: Record<string, string | number>;
}

export interface PreviewOptions {
  lang: Lang;
  encoding?: EncodingName;
  delimiter?: Delimiter;
  overrides?: PlanOverrides;
}

export interface Preview {
  fileName: string;
  fileSize: number;
  encoding: EncodingName;
  bomLength: number;
  delimiter: Delimiter;
  plan: ImportPlan;
  columns: ProposedColumn[];
  missingRoles: string[];
  openDateColumns: string[];
  /** The first rows for display, personal identifiers masked. */
  rows: string[][];
  /** Rows in the peek (all rows when the file fit in it). */
  sampleCount: number;
  isWhole: boolean;
}

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  phase: 'reading' | 'finishing';
}

export interface ImportDone {
  datasetId: string;
  rows: number;
  report: ImportReport;
  isFirstImport: boolean;
}

/** What a dataset stores beside its chunks: the summary input and the import report. */
export interface DatasetReport {
  input: SummaryInput;
  plan: ImportPlan;
  quality: ImportReport;
  outputs: OutputColumn[];
}

const PREVIEW_ROWS = 20;

function failure(err: unknown, fileName: string, lang: Lang): ImportFailure {
  if (err instanceof ImportError) {
    return {
      code: err.code,
      fileName,
      detail: err.detail,
      message: importErrorMessage(err.code, fileName, err.detail, lang),
    };
  }
  if (err instanceof DOMException && err.name === 'QuotaExceededError') {
    return {
      code: 'quota',
      fileName,
      detail: { needed: '?', available: '?' },
      message: importErrorMessage('quota', fileName, { needed: '?', available: '?' }, lang),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', fileName, detail: {}, message };
}

async function readHead(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, PEEK_BYTES).arrayBuffer());
}

/** Byte chunks of a Blob, read in order (works where ReadableStream is not async-iterable). */
async function* blobChunks(file: Blob, size = 4 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    pending.push(value);
    pendingBytes += value.length;
    if (pendingBytes >= size) {
      yield concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes) {
    yield concat(pending, pendingBytes);
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) {
    return parts[0]!;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function workspaceKey(database: PortraitDb): Promise<{ key: CryptoKey; isNew: boolean }> {
  const existing = await getSetting<CryptoKey>(database, 'pidKey');
  if (existing) {
    return { key: existing, isNew: false };
  }
  const key = await generateWorkspaceKey();
  await putSetting(database, 'pidKey', key);
  await appendAudit(database, 'keyCreated', { algorithm: 'HMAC-SHA-256', extractable: false });
  return { key, isNew: true };
}

async function checkQuota(fileName: string, fileSize: number): Promise<void> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage?.estimate) {
    return;
  }
  const { usage = 0, quota = Infinity } = await storage.estimate();
  // Columnar chunks take roughly 40 % of the CSV (measured: 68 MB → 25 MB); ask for 60 %.
  const needed = fileSize * 0.6 + 5 * 1024 * 1024;
  const available = quota - usage;
  if (needed > available) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new ImportError('quota', fileName, { needed: mb(needed), available: mb(available) });
  }
}

function newId(): string {
  return globalThis.crypto.randomUUID();
}

export function createImportApi(database: () => PortraitDb = db) {
  return {
    /** Removes what interrupted imports left behind (call at start and after a cancel). */
    async cleanup(): Promise<number> {
      return cleanIncompleteImports(database());
    },

    async preview(file: File, opts: PreviewOptions): Promise<Result<Preview>> {
      try {
        const head = await readHead(file);
        const isWhole = file.size <= PEEK_BYTES;
        const peek = peekFile(head, file.name, {
          lang: opts.lang,
          isWhole,
          encoding: opts.encoding,
          delimiter: opts.delimiter,
        });
        const proposal = proposePlan(peek, file.name, opts.lang, opts.overrides);
        const rows = peek.sample.slice(0, PREVIEW_ROWS).map((rec) =>
          proposal.columns.map((c) => {
            const v = rec[c.sourceIndex] ?? '';
            return c.pii ? maskValue(v, c.pii) : maskFreeText(v);
          }),
        );
        return {
          ok: true,
          value: {
            fileName: file.name,
            fileSize: file.size,
            encoding: peek.encoding,
            bomLength: peek.bomLength,
            delimiter: peek.delimiter,
            plan: proposal.plan,
            columns: proposal.columns,
            missingRoles: proposal.missingRoles,
            openDateColumns: proposal.openDateColumns,
            rows,
            sampleCount: peek.sample.length,
            isWhole,
          },
        };
      } catch (err) {
        return { ok: false, error: failure(err, file.name, opts.lang) };
      }
    },

    /**
     * Imports one file under a confirmed plan. Atomic: chunks go under an 'importing' dataset
     * recorded in the journal and the dataset becomes 'ready' in one final transaction; on any
     * failure everything written is deleted. A cancel terminates the worker; the next
     * `cleanup()` removes the leftovers.
     */
    async importFile(
      file: File,
      plan: ImportPlan,
      bomLength: number,
      onProgress?: (p: ImportProgress) => void,
    ): Promise<Result<ImportDone>> {
      const database = database_();
      const id = newId();
      let began = false;
      try {
        await checkQuota(file.name, file.size);
        const isFirstImport = (await database.datasets.count()) === 0;
        const { key } = await workspaceKey(database);
        const pseudonymizer = await createPseudonymizer(key);
        const base: DatasetRecord = {
          id,
          name: file.name,
          kind: plan.kind,
          status: 'importing',
          createdAt: Date.now(),
          fileSize: file.size,
          encoding: plan.encoding,
          delimiter: plan.delimiter,
          rows: 0,
          columns: [],
          chunkRows: plan.chunkRows ?? 50_000,
          chunkCount: 0,
          report: null,
          dataVersion: 0,
        };
        await beginImport(database, base, file.name);
        began = true;
        let rejectIndex = 0;
        let lastProgress = 0;
        const result = await runImport(blobChunks(file), file.name, plan, bomLength, {
          pseudonymize: (values) => pseudonymizer.pidMany(values),
          onChunks: async (chunks, rejects) => {
            await writeChunks(
              database,
              chunks.map((c) => ({
                datasetId: id,
                column: c.column,
                index: c.index,
                values: c.values,
              })),
            );
            if (rejects.length) {
              await writeRejects(database, [
                { datasetId: id, index: rejectIndex++, rows: rejects },
              ]);
            }
          },
          onProgress: (p) => {
            const now = Date.now();
            if (onProgress && now - lastProgress > 100) {
              lastProgress = now;
              onProgress({ ...p, totalBytes: file.size, phase: 'reading' });
            }
          },
        });
        onProgress?.({
          bytes: file.size,
          totalBytes: file.size,
          rows: result.rows,
          phase: 'finishing',
        });
        const report: DatasetReport = {
          input: {
            name: file.name,
            encoding: plan.encoding,
            delimiter: plan.delimiter,
            rows: result.rows,
            columns: plan.columns.map((c) => ({
              name: c.name,
              type: c.type,
              role: c.role,
              pii: c.pii,
            })),
          },
          plan,
          quality: result.report,
          outputs: result.outputs,
        };
        await commitImport(
          database,
          {
            ...base,
            rows: result.rows,
            chunkCount: result.chunkCount,
            columns: result.outputs.map((o) => ({
              index: o.index,
              name: o.name,
              sourceIndex: o.sourceIndex,
              type: o.type,
              role: o.role,
              pii: o.pii,
              action: o.action,
              storage: o.storage,
              derivedFrom: o.derivedFrom,
              dateOrder: o.dateOrder,
            })),
            report,
          },
          result.dictionaries.map((d) => ({ datasetId: id, column: d.column, values: d.values })),
        );
        await appendAudit(database, 'import', {
          dataset: id,
          file: file.name,
          rows: result.rows,
          kind: plan.kind,
          keptRaw:
            plan.columns
              .filter((c) => c.pii && c.action === 'keep')
              .map((c) => c.name)
              .join(', ') || null,
        });
        return {
          ok: true,
          value: { datasetId: id, rows: result.rows, report: result.report, isFirstImport },
        };
      } catch (err) {
        if (began) {
          await abortImport(database, id).catch(() => undefined);
        }
        return { ok: false, error: failure(err, file.name, plan.lang) };
      }
    },

    async deleteDataset(datasetId: string): Promise<void> {
      await deleteDataset(database_(), datasetId);
      await appendAudit(database_(), 'deleteDataset', { dataset: datasetId });
    },

    /** Rejected rows of a dataset as CSV (UTF-8 with BOM), identifiers already masked. */
    async rejectedRowsCsv(datasetId: string, lang: Lang): Promise<string> {
      const database = database_();
      const ds = await database.datasets.get(datasetId);
      if (!ds) {
        return '';
      }
      const report = ds.report as DatasetReport;
      const header = [
        lang === 'en' ? 'Row' : '行号',
        lang === 'en' ? 'Reason' : '原因',
        ...report.plan.columns.map((c) => c.name),
      ];
      const rows: (string | number)[][] = [header];
      for (const rec of await readRejects(database, datasetId)) {
        for (const r of rec.rows) {
          rows.push([r.row, r.reason, ...r.cells]);
        }
      }
      await appendAudit(database, 'export', {
        what: 'rejectedRows',
        dataset: datasetId,
        rows: rows.length - 1,
      });
      return toCsv(rows);
    },

    /** The summary JSON of everything imported (the analysis fills rfm, clusters, … later). */
    async summary(): Promise<SummaryV1> {
      const database = database_();
      const datasets = await listDatasets(database);
      const inputs: SummaryInput[] = [];
      const tx = [];
      const customers = new Set<string>();
      let latest: number | null = null;
      for (const ds of datasets) {
        const report = ds.report as DatasetReport;
        inputs.push(report.input);
        const t = report.quality.transactions;
        if (!t) {
          continue;
        }
        tx.push(t);
        if (
          report.quality.latestKept !== null &&
          (latest === null || report.quality.latestKept > latest)
        ) {
          latest = report.quality.latestKept;
        }
        const keyCol = ds.columns.find((c) => c.role === 'customerId' && c.storage === 'dict');
        const reasonCol = report.outputs.find((o) => o.computed === 'exclusion');
        if (!keyCol || !reasonCol) {
          continue;
        }
        const include = new Set(report.plan.include.map((r) => EXCLUSION_REASONS.indexOf(r) + 1));
        const dict = await readDictionary(database, ds.id, keyCol.index);
        const keys = await readColumn(database, ds.id, keyCol.index);
        const reasons = await readColumn(database, ds.id, reasonCol.index);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!.values;
          const r = reasons[i]!.values;
          for (let j = 0; j < k.length; j++) {
            const reason = r[j]!;
            if (reason === 0 || include.has(reason)) {
              customers.add(dict[k[j]!]!);
            }
          }
        }
      }
      const summary = buildSummary({
        inputs,
        transactions: tx,
        analysisDateMs: defaultAnalysisDate(latest),
        customers: customers.size,
      });
      await appendAudit(database, 'export', { what: 'summaryJson', datasets: datasets.length });
      return summary;
    },
  };

  function database_(): PortraitDb {
    return database();
  }
}

export const importApi = createImportApi();
export type ImportApi = typeof importApi;
