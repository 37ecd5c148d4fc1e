// Files waiting to be imported, from every way in: the picker, a drop anywhere on the window,
// the OS (installed PWA file handler, via launchQueue) and "Try sample data". All of them go
// through `addFiles`, so the sample takes exactly the path a user's files take.
import { jobs } from './jobs-manager.svelte';

export type FileOrigin = 'picker' | 'drop' | 'os' | 'sample';

export interface QueuedFile {
  id: number;
  file: File;
  origin: FileOrigin;
}

export const SAMPLE_FILES = ['customers.csv', 'orders.csv', 'survey.csv'] as const;

let nextId = 1;

class ImportManager {
  queue = $state.raw<QueuedFile[]>([]);

  addFiles = (files: Iterable<File>, origin: FileOrigin) => {
    const added = [...files].map((file) => ({ id: nextId++, file, origin }));
    if (added.length) {
      this.queue = [...this.queue, ...added];
    }
  };

  remove = (id: number) => {
    this.queue = this.queue.filter((q) => q.id !== id);
  };

  clear = () => {
    this.queue = [];
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
