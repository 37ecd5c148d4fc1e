// Files on their way in, from every door: the picker, a drop anywhere on the window, the OS
// (installed PWA file handler, via launchQueue) and "Try sample data". All of them go through
// `addFiles`, so the sample takes exactly the path a user's files take: preview in the worker,
// the user confirms or changes the plan, then "Start import".
import { importBridge } from '../bridges/import-bridge';
import { AbortError } from '../bridges/worker-bridge';
import type { ImportPlan } from '../domain/ingest/importer';
import type {
  ColumnRole,
  ColumnType,
  DatasetKind,
  DateOrder,
  Delimiter,
  EncodingName,
  IncludableReason,
  PiiAction,
} from '../domain/types';
import type { ImportFailure, ImportProgress, Preview } from '../../../workers/api-types';
import type { PlanOverrides } from '../domain/ingest/plan';
import { i18n } from './i18n-manager.svelte';
import { jobs } from './jobs-manager.svelte';
import { storageState } from './storage-manager.svelte';
import { analysisManager } from './analysis-manager.svelte';

export type FileOrigin = 'picker' | 'drop' | 'os' | 'sample';
export type FileStatus = 'previewing' | 'ready' | 'error' | 'importing' | 'done' | 'cancelled';

export interface QueuedFile {
  id: number;
  file: File;
  origin: FileOrigin;
  status: FileStatus;
  preview: Preview | null;
  error: ImportFailure | null;
  encoding?: EncodingName;
  delimiter?: Delimiter;
  overrides: PlanOverrides;
  progress: ImportProgress | null;
  startedAt: number;
  rows: number;
  datasetId?: string;
}

export const SAMPLE_FILES = ['customers.csv', 'orders.csv', 'survey.csv'] as const;

let nextId = 1;

class ImportManager {
  queue = $state<QueuedFile[]>([]);
  include = $state<IncludableReason[]>([]);
  private controller: AbortController | null = null;
  isImporting = $state(false);

  /** Files that cannot start yet and why (missing roles, open date orders, errors). */
  blocked = $derived(
    this.queue.filter(
      (q) =>
        q.status === 'previewing' ||
        (q.status === 'ready' &&
          !!q.preview &&
          (q.preview.missingRoles.length > 0 || q.preview.openDateColumns.length > 0)),
    ),
  );
  canStart = $derived(
    !this.isImporting && this.queue.some((q) => q.status === 'ready') && this.blocked.length === 0,
  );

  addFiles = (files: Iterable<File>, origin: FileOrigin) => {
    const added: QueuedFile[] = [...files].map((file) => ({
      id: nextId++,
      file,
      origin,
      status: 'previewing',
      preview: null,
      error: null,
      overrides: {},
      progress: null,
      startedAt: 0,
      rows: 0,
    }));
    if (!added.length) {
      return;
    }
    this.queue = [...this.queue, ...added];
    for (const q of added) {
      void this.refreshPreview(q.id);
    }
  };

  private find(id: number): QueuedFile | undefined {
    return this.queue.find((q) => q.id === id);
  }

  /** (Re)reads the head of a file in the worker with the current choices. */
  refreshPreview = async (id: number) => {
    const q = this.find(id);
    if (!q) {
      return;
    }
    q.status = 'previewing';
    const result = await importBridge.preview(q.file, {
      lang: i18n.lang,
      encoding: q.encoding,
      delimiter: q.delimiter,
      overrides: $state.snapshot(q.overrides) as PlanOverrides,
      readAheadKey: q.id,
    });
    const now = this.find(id);
    if (!now) {
      return;
    }
    if (result.ok) {
      now.preview = result.value;
      now.error = null;
      now.status = 'ready';
    } else {
      now.preview = null;
      now.error = result.error;
      now.status = 'error';
    }
  };

  setEncoding = (id: number, encoding: EncodingName) => {
    const q = this.find(id);
    if (q) {
      q.encoding = encoding;
      void this.refreshPreview(id);
    }
  };

  setDelimiter = (id: number, delimiter: Delimiter) => {
    const q = this.find(id);
    if (q) {
      q.delimiter = delimiter;
      void this.refreshPreview(id);
    }
  };

  setKind = (id: number, kind: DatasetKind) => this.override(id, { kind });

  setDateOrder = (id: number, dateOrder: DateOrder) => this.override(id, { dateOrder });

  setType = (id: number, column: string, type: ColumnType) => {
    const q = this.find(id);
    if (q) {
      this.override(id, { types: { ...q.overrides.types, [column]: type } });
    }
  };

  setAction = (id: number, column: string, action: PiiAction) => {
    const q = this.find(id);
    if (q) {
      this.override(id, { actions: { ...q.overrides.actions, [column]: action } });
    }
  };

  /** Gives `role` to `column` (or clears the role from its current column when column is ''). */
  setRole = (id: number, role: Exclude<ColumnRole, 'attribute' | 'consent'>, column: string) => {
    const q = this.find(id);
    if (q) {
      this.override(id, { map: { ...q.overrides.map, [role]: column } });
    }
  };

  private override(id: number, patch: PlanOverrides) {
    const q = this.find(id);
    if (!q) {
      return;
    }
    q.overrides = { ...q.overrides, ...patch };
    void this.refreshPreview(id);
  }

  toggleInclude = (reason: IncludableReason, isOn: boolean) => {
    this.include = isOn
      ? [...new Set([...this.include, reason])]
      : this.include.filter((r) => r !== reason);
  };

  remove = (id: number) => {
    this.queue = this.queue.filter((q) => q.id !== id);
    void importBridge.forgetFile(id).catch(() => undefined);
  };

  clearFinished = () => {
    this.queue = this.queue.filter((q) => q.status !== 'done' && q.status !== 'cancelled');
  };

  clear = () => {
    if (!this.isImporting) {
      for (const q of this.queue) {
        void importBridge.forgetFile(q.id).catch(() => undefined);
      }
      this.queue = [];
    }
  };

  /** "Start import": imports every ready file, one after another, each atomically. */
  start = () =>
    jobs.run('import', async () => {
      if (!this.canStart) {
        return;
      }
      this.isImporting = true;
      this.controller = new AbortController();
      const signal = this.controller.signal;
      try {
        for (const q of this.queue) {
          if (q.status !== 'ready' || !q.preview) {
            continue;
          }
          if (signal.aborted) {
            break;
          }
          await this.importOne(q, signal);
        }
      } finally {
        this.isImporting = false;
        this.controller = null;
        void storageState.refresh();
      }
      // DESIGN.md: after an import the analysis runs by itself with default settings.
      if (this.queue.some((q) => q.status === 'done')) {
        void analysisManager.start().catch(() => undefined);
      }
    });

  private async importOne(q: QueuedFile, signal: AbortSignal) {
    const plan: ImportPlan = {
      ...($state.snapshot(q.preview!.plan) as ImportPlan),
      include: [...this.include],
      lang: i18n.lang,
    };
    q.status = 'importing';
    q.startedAt = performance.now();
    q.progress = { bytes: 0, totalBytes: q.file.size, rows: 0, phase: 'reading' };
    try {
      const result = await importBridge.importFile(
        q.file,
        plan,
        q.preview!.bomLength,
        (p) => {
          q.progress = p;
        },
        signal,
        q.id,
      );
      if (result.ok) {
        q.status = 'done';
        q.rows = result.value.rows;
        q.datasetId = result.value.datasetId;
        if (result.value.isFirstImport) {
          void storageState.requestPersist();
        }
      } else {
        q.status = 'error';
        q.error = result.error;
        throw new Error(result.error.message);
      }
    } catch (err) {
      if (err instanceof AbortError) {
        q.status = 'cancelled';
        // The cancel ended the worker; a fresh one removes the half-written dataset as it starts.
        await importBridge.start();
        return;
      }
      throw err;
    }
  }

  /** Removes what an interrupted import left (the worker does it as it starts). */
  cleanupInterrupted = async () => {
    try {
      await importBridge.start();
    } catch {
      // Storage unavailable (private mode, blocked): imports will say so when tried.
    }
  };

  cancel = () => {
    this.controller?.abort();
  };

  /** Fetches the bundled sample (gzip, same origin, precached) and queues it as files. */
  loadSample = () =>
    jobs.run('sample', async () => {
      const base = import.meta.env.BASE_URL;
      const files = await Promise.all(
        SAMPLE_FILES.map(async (name) => {
          const res = await fetch(`${base}sample/${name}.gz`);
          if (!res.ok || !res.body) {
            throw new Error(`Sample file ${name} is missing (${res.status}).`);
          }
          const csv = res.body.pipeThrough(new DecompressionStream('gzip'));
          const blob = await new Response(csv).blob();
          return new File([blob], name, { type: 'text/csv' });
        }),
      );
      this.addFiles(files, 'sample');
    });
}

export const importManager = new ImportManager();
