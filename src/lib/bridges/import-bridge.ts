// The typed client of workers/import.worker.ts. Method names match the worker API 1:1.
import { proxy } from 'comlink';
import type {
  ImportApi,
  ImportDone,
  ImportProgress,
  Preview,
  PreviewOptions,
  Result,
  PersonQuery,
} from '../../../workers/api-types';
import type { ImportPlan } from '../domain/ingest/importer';
import type { Lang } from '../domain/types';
import { WorkerBridge } from './worker-bridge';

const bridge = new WorkerBridge<ImportApi>(
  () =>
    new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'portrait-import',
    }),
  60_000,
  // A fresh worker first removes what a cancelled or interrupted import left behind.
  (api) => api.cleanup(),
);

export const importBridge = {
  /**
   * Starts the worker, if it is not running: a fresh worker first removes what a cancelled or
   * interrupted import left behind (a running one has nothing left to remove).
   */
  start: (): Promise<void> => bridge.start(),
  preview: (file: File, opts: PreviewOptions): Promise<Result<Preview>> =>
    bridge.run(async (api) => (await api.preview(file, opts)) as Result<Preview>),
  importFile: (
    file: File,
    plan: ImportPlan,
    bomLength: number,
    onProgress: (p: ImportProgress) => void,
    signal?: AbortSignal,
    readAheadKey?: number,
  ): Promise<Result<ImportDone>> =>
    bridge.run(
      async (api) =>
        (await api.importFile(
          file,
          plan,
          bomLength,
          proxy(onProgress),
          readAheadKey,
        )) as Result<ImportDone>,
      signal,
    ),
  /** Lets go of the bytes read ahead of a file that left the list (if the worker runs). */
  forgetFile: (readAheadKey: number): Promise<void> =>
    bridge.runIfStarted((api) => api.forgetFile(readAheadKey)),
  backup: (passphrase?: string) => bridge.run(async (api) => await api.backup(passphrase)),
  inspectBackup: (file: Blob) => bridge.run(async (api) => await api.inspectBackup(file)),
  restore: (file: Blob, passphrase?: string) =>
    bridge.run(async (api) => await api.restore(file, passphrase)),
  findPerson: (q: PersonQuery) => bridge.run(async (api) => await api.findPerson(q)),
  accessReport: (q: PersonQuery) => bridge.run(async (api) => await api.accessReport(q)),
  erasePerson: (q: PersonQuery) => bridge.run(async (api) => await api.erasePerson(q)),
  deleteDataset: (datasetId: string): Promise<void> =>
    bridge.run((api) => api.deleteDataset(datasetId)),
  rejectedRowsCsv: (datasetId: string, lang: Lang): Promise<string> =>
    bridge.run((api) => api.rejectedRowsCsv(datasetId, lang)),
};
