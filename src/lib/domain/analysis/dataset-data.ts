// DatasetData from chunks: concatenates a column's chunks into one typed array on demand.
import type { DatasetKind, IncludableReason } from '../types';
import type { OutputColumn } from '../ingest/importer';
import type { ColumnValues, DatasetData } from './unify';

export interface ChunkedColumns {
  id: string;
  name: string;
  kind: DatasetKind;
  rows: number;
  outputs: readonly OutputColumn[];
  include: readonly IncludableReason[];
  /** Chunks per output column, in order. */
  chunks: Map<number, ColumnValues[]>;
  dictionaries: Map<number, readonly string[]>;
}

export function concatChunks(
  parts: readonly ColumnValues[],
  storage: OutputColumn['storage'],
): ColumnValues {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out =
    storage === 'f64'
      ? new Float64Array(total)
      : storage === 'u8'
        ? new Uint8Array(total)
        : new Uint32Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function datasetFromChunks(src: ChunkedColumns): DatasetData {
  const cache = new Map<number, ColumnValues>();
  const column = (index: number): ColumnValues => {
    let v = cache.get(index);
    if (!v) {
      const out = src.outputs[index];
      if (!out) {
        throw new RangeError(`No column ${index} in ${src.name}`);
      }
      // A column stored once for two outputs (OutputColumn.sameAs) is shared, not copied.
      v =
        out.sameAs !== undefined
          ? column(out.sameAs)
          : concatChunks(src.chunks.get(index) ?? [], out.storage);
      cache.set(index, v);
    }
    return v;
  };
  return {
    id: src.id,
    name: src.name,
    kind: src.kind,
    rows: src.rows,
    outputs: src.outputs,
    include: src.include,
    column,
    dictionary(index) {
      return src.dictionaries.get(index) ?? [''];
    },
  };
}
