// Datasets and their columnar chunks. An import is atomic through the journal: chunks are
// written under a dataset whose status is 'importing'; `commitImport` flips it to 'ready' in one
// transaction; `abortImport` (cancel, failure) and `cleanIncompleteImports` (at boot, after a
// closed tab or a crash) delete everything of an unfinished import and nothing else.
import { liveQuery } from 'dexie';
import type { ChunkRecord, DatasetRecord, DictionaryRecord, PortraitDb, RejectRecord } from './db';
import { joinValues, unshare, type JoinedValues } from '../domain/ingest/hash-tables';
import type { ImportedDictionary } from '../domain/ingest/importer';

export async function beginImport(
  db: PortraitDb,
  dataset: DatasetRecord,
  fileName: string,
): Promise<void> {
  await db.transaction('rw', db.datasets, db.journal, async () => {
    await db.journal.put({ datasetId: dataset.id, startedAt: Date.now(), fileName });
    await db.datasets.put({ ...dataset, status: 'importing' });
  });
}

export async function writeChunks(db: PortraitDb, chunks: ChunkRecord[]): Promise<void> {
  await db.chunks.bulkPut(chunks);
}

export async function writeRejects(db: PortraitDb, rejects: RejectRecord[]): Promise<void> {
  if (rejects.length) {
    await db.rejects.bulkPut(rejects);
  }
}

export async function commitImport(
  db: PortraitDb,
  dataset: DatasetRecord,
  dictionaries: DictionaryRecord[],
): Promise<void> {
  await db.transaction('rw', [db.datasets, db.dictionaries, db.journal, db.settings], async () => {
    await db.dictionaries.bulkPut(dictionaries);
    const version = ((await db.settings.get('dataVersion'))?.value as number | undefined) ?? 0;
    await db.settings.put({ key: 'dataVersion', value: version + 1 });
    await db.datasets.put({
      ...dataset,
      status: 'ready',
      completedAt: Date.now(),
      dataVersion: version + 1,
    });
    await db.journal.delete(dataset.id);
  });
}

/** Deletes every record of one dataset (an aborted import, or the user's removal). */
export async function deleteDataset(db: PortraitDb, datasetId: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.datasets, db.chunks, db.dictionaries, db.rejects, db.journal],
    async () => {
      await db.chunks.where('datasetId').equals(datasetId).delete();
      await db.dictionaries.where('datasetId').equals(datasetId).delete();
      await db.rejects.where('datasetId').equals(datasetId).delete();
      await db.datasets.delete(datasetId);
      await db.journal.delete(datasetId);
    },
  );
}

export const abortImport = deleteDataset;

/** Run at boot: removes the leftovers of imports that never committed. Returns their count. */
export async function cleanIncompleteImports(db: PortraitDb): Promise<number> {
  const journal = await db.journal.toArray();
  const stray = await db.datasets.where('status').equals('importing').primaryKeys();
  const ids = new Set([...journal.map((j) => j.datasetId), ...stray]);
  for (const id of ids) {
    await deleteDataset(db, id);
  }
  return ids.size;
}

export async function listDatasets(db: PortraitDb): Promise<DatasetRecord[]> {
  const all = await db.datasets.where('status').equals('ready').toArray();
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function readColumn(
  db: PortraitDb,
  datasetId: string,
  column: number,
): Promise<ChunkRecord[]> {
  const chunks = await db.chunks
    .where('[datasetId+column+index]')
    .between([datasetId, column, 0], [datasetId, column, Infinity])
    .toArray();
  return chunks.sort((a, b) => a.index - b.index);
}

export async function readDictionary(
  db: PortraitDb,
  datasetId: string,
  column: number,
): Promise<string[]> {
  const rec = await db.dictionaries.get([datasetId, column]);
  return rec ? dictionaryValues(rec) : [];
}

/** Dictionaries with more values than this are stored packed (see DictionaryRecord). */
export const PACK_MIN_VALUES = 20_000;

/** The record of a dictionary, packed when it is large. */
export function dictionaryRecord(
  datasetId: string,
  column: number,
  values: readonly string[] | ImportedDictionary,
): DictionaryRecord {
  if ('joined' in values) {
    return values.size <= PACK_MIN_VALUES
      ? { datasetId, column, values: values.values() }
      : { datasetId, column, packed: packed(values.joined()) };
  }
  if (values.length <= PACK_MIN_VALUES) {
    return { datasetId, column, values: [...values] };
  }
  // The NUL after each value: no run of digits spans two values in the stored text.
  return { datasetId, column, packed: packed(joinValues(values)) };
}

/**
 * The stored form of joined values: the ends only when the text alone cannot tell them, the
 * shared prefixes when front-coded.
 */
function packed({
  text,
  ends,
  hasNul,
  shared,
}: JoinedValues): NonNullable<DictionaryRecord['packed']> {
  if (shared) {
    return { text, shared };
  }
  return hasNul ? { text, ends } : { text };
}

/** The values of a stored dictionary, by code. */
export function dictionaryValues(rec: DictionaryRecord): string[] {
  if (!rec.packed) {
    return rec.values ?? [];
  }
  const { text, ends, shared } = rec.packed;
  if (!ends) {
    const parts = text.split('\u0000');
    return shared ? unshare(parts, shared) : parts;
  }
  const values = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    values[i] = text.slice(start, ends[i]);
    start = ends[i]! + 1;
  }
  return values;
}

export async function readRejects(db: PortraitDb, datasetId: string): Promise<RejectRecord[]> {
  const all = await db.rejects.where('datasetId').equals(datasetId).toArray();
  return all.sort((a, b) => a.index - b.index);
}

/** Ready datasets as a live query: calls `onChange` now and after every committed change. */
export function watchDatasets(
  db: PortraitDb,
  onChange: (datasets: DatasetRecord[]) => void,
  onError: (err: unknown) => void,
): () => void {
  const sub = liveQuery(() => listDatasets(db)).subscribe({ next: onChange, error: onError });
  return () => sub.unsubscribe();
}
