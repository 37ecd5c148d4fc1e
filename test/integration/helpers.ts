// Shared set-up of the in-process worker API tests: a fresh fake-indexeddb database per test
// (deleted afterwards) and an import through the same calls the UI makes.
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { createImportApi } from '../../workers/import-api';
import { openDb, type PortraitDb } from '../../src/lib/storage/db';

export type ImportApiUnderTest = ReturnType<typeof createImportApi>;

let open: PortraitDb[] = [];
let counter = 0;

afterEach(async () => {
  for (const d of open) {
    d.close();
    await d.delete();
  }
  open = [];
});

export function freshApi(): { database: PortraitDb; api: ImportApiUnderTest } {
  const database = openDb(`portrait-test-${process.pid}-${++counter}`);
  open.push(database);
  return { database, api: createImportApi(() => database) };
}

/** Preview then import a file with the proposed plan, as "Start import" does. */
export async function importText(
  api: ImportApiUnderTest,
  name: string,
  text: string | Uint8Array,
  onProgress?: (rows: number) => void,
) {
  const file = new File([text as BlobPart], name, { type: 'text/csv' });
  const preview = await api.preview(file, { lang: 'zh-CN' });
  if (!preview.ok) {
    throw new Error(preview.error.message);
  }
  const result = await api.importFile(file, preview.value.plan, preview.value.bomLength, (p) =>
    onProgress?.(p.rows),
  );
  return { preview: preview.value, result };
}
