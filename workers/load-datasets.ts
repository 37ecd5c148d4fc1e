// Reads stored datasets back into the analysis's in-memory form (chunks concatenated).
import { datasetFromChunks } from '../src/lib/domain/analysis/dataset-data';
import type { DatasetData } from '../src/lib/domain/analysis/unify';
import type { ChunkValues } from '../src/lib/domain/ingest/importer';
import type { DatasetRecord, PortraitDb } from '../src/lib/storage/db';
import { dictionaryValues, listDatasets, readColumn } from '../src/lib/storage/datasets-repo';
import type { DatasetReport } from './import-api';

export async function loadDataset(database: PortraitDb, ds: DatasetRecord): Promise<DatasetData> {
  const report = ds.report as DatasetReport;
  const chunks = new Map<number, ChunkValues[]>();
  const dictionaries = new Map<number, () => readonly string[]>();
  for (const out of report.outputs) {
    const parts = await readColumn(database, ds.id, out.index);
    chunks.set(
      out.index,
      parts.map((p) => p.values),
    );
    if (out.storage === 'dict') {
      // Unpacked when the analysis asks for the values: it never needs an order id's.
      const rec = await database.dictionaries.get([ds.id, out.index]);
      dictionaries.set(out.index, () => (rec ? dictionaryValues(rec) : []));
    }
  }
  return datasetFromChunks({
    id: ds.id,
    name: ds.name,
    kind: ds.kind,
    rows: ds.rows,
    outputs: report.outputs,
    include: report.plan.include,
    chunks,
    dictionaries,
  });
}

/** Every ready dataset, in the stored order (the unified table depends on it). */
export async function loadAllDatasets(database: PortraitDb): Promise<DatasetData[]> {
  const out: DatasetData[] = [];
  for (const ds of await listDatasets(database)) {
    out.push(await loadDataset(database, ds));
  }
  return out;
}
