// The import worker's API: a thin shell that reads bytes, calls the domain core, and writes
// columnar chunks to Dexie. It is a plain object so integration tests can call it in-process
// (with fake-indexeddb); import.worker.ts only exposes it through Comlink.
//
// Errors cross the bridge as plain data ({ ok: false, error }), never as thrown exceptions,
// so the UI can show the message for the code in the user's language.
import type { Delimiter, EncodingName, Lang, PortraitError } from '../src/lib/domain/types';
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
import {
  DEFAULT_CHUNK_ROWS,
  type ImportPlan,
  type ImportReport,
  type OutputColumn,
} from '../src/lib/domain/ingest/importer';
import { maskValue, maskFreeText } from '../src/lib/domain/privacy/mask';
import { createPseudonymizer } from '../src/lib/domain/privacy/pseudonymize';
import { createKeyMaterial } from '../src/lib/domain/privacy/key-material';
import type { SummaryInput } from '../src/lib/domain/summary/summary';
import { toCsv } from '../src/lib/domain/report/csv';
import { db, type DatasetRecord, type PortraitDb } from '../src/lib/storage/db';
import { readAllTables, replaceAllTables } from '../src/lib/storage/backup-repo';
import {
  BACKUP_FILE_EXTENSION,
  BackupError,
  NO_KEY_RESTORE_WARNING,
  decodeBackup,
  encodeBackup,
  readBackupHeader,
  type BackupErrorCode,
} from '../src/lib/domain/privacy/backup';
import {
  keyMaterialFromBytes,
  unwrapKeyBytes,
  type WrappedKeyBytes,
} from '../src/lib/domain/privacy/key-material';
import {
  abortImport,
  beginImport,
  cleanIncompleteImports,
  commitImport,
  deleteDataset,
  readRejects,
  writeChunks,
  dictionaryRecord,
  writeRejects,
} from '../src/lib/storage/datasets-repo';
import { appendAudit } from '../src/lib/storage/audit-repo';
import { getSetting } from '../src/lib/storage/settings-repo';
import { applyTombstones, createPersonApi } from './person-api';
import { ReadAheads } from './read-ahead';

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
  /**
   * The page's id of this file: once the preview is back, the worker reads the file ahead under
   * it, and importFile with the same key starts from those bytes.
   */
  readAheadKey?: number;
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

export interface BackupResult {
  bytes: Uint8Array;
  fileName: string;
  hasKey: boolean;
}

export interface RestoreResult {
  datasets: number;
  hasKey: boolean;
  /** Shown after a restore without the key: new imports will not join old pseudonyms. */
  warning: string | null;
}

export type BackupFailure = {
  code: BackupErrorCode | 'internal';
  message: string;
  messageZh: string;
};

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

/** Bytes all read-aheads hold at most: the whole of a file like the bench's (68 MB). */
export const READ_AHEAD_BYTES = 96 * 1024 * 1024;

const APP_VERSION = '0.1.0';

function backupFailure(err: unknown): BackupFailure {
  if (err instanceof BackupError) {
    return { code: err.code, message: err.message, messageZh: err.messageZh };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message, messageZh: message };
}

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

/**
 * A read of the file's bytes. It fails when the file was moved, changed or deleted after it was
 * chosen (Chromium: a TypeError "network error" from File.stream(), a NotReadableError from
 * slice().arrayBuffer()): the user is told so, not the browser's words.
 */
async function readBytes<T>(file: File, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    throw new ImportError('unreadable', file.name);
  }
}

async function readHead(file: File): Promise<Uint8Array> {
  return new Uint8Array(await readBytes(file, () => file.slice(0, PEEK_BYTES).arrayBuffer()));
}

/**
 * Byte chunks of a File, read in order (works where ReadableStream is not async-iterable), as
 * the stream gives them (Chromium: 128 KB to 2 MB); joining them into bigger pieces cost a copy
 * of the file. A stream that ends before the file's size is a file changed while it was read
 * (Chromium ends it without an error when the file is rewritten shorter): 'unreadable', never a
 * silent cut.
 */
async function* blobChunks(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await readBytes(file, () => reader.read());
    if (done) {
      break;
    }
    total += value.length;
    yield value;
  }
  if (total !== file.size) {
    throw new ImportError('unreadable', file.name);
  }
}

async function workspaceKey(database: PortraitDb): Promise<{ key: CryptoKey; isNew: boolean }> {
  const existing = await getSetting<CryptoKey>(database, 'pidKey');
  if (existing) {
    return { key: existing, isNew: false };
  }
  // The HMAC key, plus its bytes wrapped under a second non-extractable key, so that an
  // encrypted backup can carry the key without it ever being extractable here.
  const material = await createKeyMaterial();
  await database.settings.bulkPut([
    { key: 'pidWrapKey', value: material.wrapKey },
    { key: 'pidKeyWrapped', value: material.wrapped },
    { key: 'pidKey', value: material.pidKey },
  ]);
  const key = material.pidKey;
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
  const readAheads = new ReadAheads(READ_AHEAD_BYTES);
  return {
    ...createPersonApi(database),
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
        if (opts.readAheadKey !== undefined && !isWhole) {
          readAheads.start(opts.readAheadKey, file.size, () => blobChunks(file));
        }
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

    /** Lets go of what was read ahead of a file (it left the list unimported). */
    async forgetFile(readAheadKey: number): Promise<void> {
      await readAheads.drop(readAheadKey);
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
      readAheadKey?: number,
    ): Promise<Result<ImportDone>> {
      const database = database_();
      const id = newId();
      const readAhead = readAheads.claim(readAheadKey);
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
          chunkRows: plan.chunkRows ?? DEFAULT_CHUNK_ROWS,
          chunkCount: 0,
          report: null,
          dataVersion: 0,
        };
        await beginImport(database, base, file.name);
        began = true;
        let rejectIndex = 0;
        let lastProgress = 0;
        const pieces = readAhead ? readAhead.take() : blobChunks(file);
        const result = await runImport(pieces, file.name, plan, bomLength, {
          totalBytes: file.size,
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
          result.dictionaries.map((d) => dictionaryRecord(id, d.column, d)),
        );
        // A person erased earlier must not come back with this file.
        const committed = await database.datasets.get(id);
        const erased = committed ? await applyTombstones(database, [committed]) : 0;
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
          erasedByTombstone: erased,
        });
        return {
          ok: true,
          value: { datasetId: id, rows: result.rows, report: result.report, isFirstImport },
        };
      } catch (err) {
        await readAhead?.drop();
        if (began) {
          await abortImport(database, id).catch(() => undefined);
        }
        return { ok: false, error: failure(err, file.name, plan.lang) };
      }
    },

    /**
     * The whole workspace as one file. With a passphrase it is encrypted (AES-256-GCM, key from
     * PBKDF2-SHA-256, 600,000 iterations) and carries the pseudonymization key; without one it
     * never does.
     */
    async backup(
      passphrase?: string,
    ): Promise<{ ok: true; value: BackupResult } | { ok: false; error: BackupFailure }> {
      const database = database_();
      try {
        const tables = await readAllTables(database);
        let pidKeyBytes: Uint8Array | undefined;
        if (passphrase) {
          const wrapKey = await getSetting<CryptoKey>(database, 'pidWrapKey');
          const wrapped = await getSetting<WrappedKeyBytes>(database, 'pidKeyWrapped');
          if (wrapKey && wrapped) {
            pidKeyBytes = await unwrapKeyBytes({ wrapKey, wrapped });
          }
        }
        const createdAt = Date.now();
        const bytes = await encodeBackup(
          { createdAt, appVersion: APP_VERSION, tables, pidKeyBytes },
          { passphrase: passphrase || undefined },
        );
        pidKeyBytes?.fill(0);
        await appendAudit(database, 'backup', {
          encrypted: !!passphrase,
          withKey: !!pidKeyBytes,
          datasets: tables.datasets?.length ?? 0,
          bytes: bytes.length,
        });
        const stamp = new Date(createdAt).toISOString().slice(0, 10);
        return {
          ok: true,
          value: {
            bytes,
            fileName: `portrait-${stamp}${BACKUP_FILE_EXTENSION}`,
            hasKey: !!pidKeyBytes,
          },
        };
      } catch (err) {
        return { ok: false, error: backupFailure(err) };
      }
    },

    /** Whether a backup file is encrypted (so the UI asks for the passphrase first). */
    async inspectBackup(
      file: Blob,
    ): Promise<
      | { ok: true; value: { encrypted: boolean; hasKey: boolean; createdAt: number } }
      | { ok: false; error: BackupFailure }
    > {
      try {
        const head = readBackupHeader(new Uint8Array(await file.arrayBuffer()));
        return {
          ok: true,
          value: { encrypted: head.encrypted, hasKey: head.hasKey, createdAt: head.createdAt },
        };
      } catch (err) {
        return { ok: false, error: backupFailure(err) };
      }
    },

    /**
     * Restores a backup: the whole file is decoded and validated first (format, checksum,
     * authentication, structure); only then is the workspace replaced, in one atomic
     * transaction. A wrong passphrase, a flipped bit or a foreign file changes nothing.
     */
    async restore(
      file: Blob,
      passphrase?: string,
    ): Promise<{ ok: true; value: RestoreResult } | { ok: false; error: BackupFailure }> {
      const database = database_();
      try {
        const payload = await decodeBackup(
          new Uint8Array(await file.arrayBuffer()),
          passphrase || undefined,
        );
        const keys: { key: string; value: unknown }[] = [];
        // Erasures outlive restores: today's tombstones join the backup's and are re-applied.
        const backupTombs =
          ((payload.tables.settings ?? []) as { key: string; value: unknown }[]).find(
            (r) => r.key === 'tombstones',
          )?.value ?? [];
        const currentTombs = (await getSetting<string[]>(database, 'tombstones')) ?? [];
        const tombstones = [...new Set([...(backupTombs as string[]), ...currentTombs])];
        if (tombstones.length) {
          keys.push({ key: 'tombstones', value: tombstones });
        }
        if (payload.pidKeyBytes) {
          const material = await keyMaterialFromBytes(payload.pidKeyBytes);
          payload.pidKeyBytes.fill(0);
          keys.push(
            { key: 'pidWrapKey', value: material.wrapKey },
            { key: 'pidKeyWrapped', value: material.wrapped },
            { key: 'pidKey', value: material.pidKey },
          );
        }
        await replaceAllTables(database, payload.tables, keys);
        await applyTombstones(database);
        await appendAudit(database, 'restore', {
          createdAt: new Date(payload.createdAt).toISOString(),
          withKey: !!payload.pidKeyBytes,
          datasets: payload.tables.datasets?.length ?? 0,
        });
        return {
          ok: true,
          value: {
            datasets: payload.tables.datasets?.length ?? 0,
            hasKey: !!payload.pidKeyBytes,
            warning: payload.pidKeyBytes ? null : NO_KEY_RESTORE_WARNING.en,
          },
        };
      } catch (err) {
        return { ok: false, error: backupFailure(err) };
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
  };

  function database_(): PortraitDb {
    return database();
  }
}

export const importApi = createImportApi();
export type ImportApi = typeof importApi;
