// The imported datasets, kept in step with IndexedDB through a live query. Only the dataset
// records (names, counts, reports) come to the UI thread; column chunks stay in storage.
import { db, type DatasetRecord } from '../storage/db';
import { watchDatasets } from '../storage/datasets-repo';
import { importBridge } from '../bridges/import-bridge';
import { analyzeBridge } from '../bridges/analyze-bridge';
import { jobs } from './jobs-manager.svelte';
import { i18n } from './i18n-manager.svelte';

class DatasetsManager {
  datasets = $state.raw<DatasetRecord[]>([]);
  isLoaded = $state(false);
  private stop: (() => void) | null = null;

  start = () => {
    if (this.stop) {
      return;
    }
    this.stop = watchDatasets(
      db(),
      (list) => {
        this.datasets = list;
        this.isLoaded = true;
      },
      (err) => {
        this.isLoaded = true;
        jobs.failure = {
          kind: 'import',
          message: err instanceof Error ? err.message : String(err),
        };
      },
    );
  };

  remove = (id: string) => jobs.run('import', () => importBridge.deleteDataset(id));

  downloadRejected = (ds: DatasetRecord) =>
    jobs.run('export', async () => {
      const csv = await importBridge.rejectedRowsCsv(ds.id, i18n.lang);
      const base = ds.name.replace(/\.[^.]+$/, '');
      saveText(csv, `${base}-rejected-rows.csv`, 'text/csv;charset=utf-8');
    });

  exportSummary = () =>
    jobs.run('export', async () => {
      const summary = await analyzeBridge.summary(i18n.lang);
      saveText(
        JSON.stringify(summary, null, 2) + '\n',
        'portrait-summary.json',
        'application/json',
      );
    });
}

/** Saves text as a file through a blob: URL (nothing leaves the device). */
export function saveText(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type }), fileName);
}

export function saveBytes(bytes: Uint8Array, fileName: string): void {
  saveBlob(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }), fileName);
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const datasetsManager = new DatasetsManager();
