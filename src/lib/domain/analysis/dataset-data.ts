// DatasetData from chunks: concatenates a column's chunks into one typed array on demand.
import type { DatasetKind, IncludableReason } from '../types';
import type { ChunkValues, OutputColumn } from '../ingest/importer';
import { fixedKindOf, widenChunk } from '../ingest/fixed-point';
import type { ColumnValues, DatasetData } from './unify';

export interface ChunkedColumns {
  id: string;
  name: string;
  kind: DatasetKind;
  rows: number;
  outputs: readonly OutputColumn[];
  include: readonly IncludableReason[];
  /** Chunks per output column, in order, as stored. */
  chunks: Map<number, ChunkValues[]>;
  /** Values per dictionary-encoded column, or a function that reads them when first asked. */
  dictionaries: Map<number, readonly string[] | (() => readonly string[])>;
}

/** A column's chunks as one array: narrow codes widened to Uint32, fixed point to Float64. */
export function concatChunks(
  parts: readonly ChunkValues[],
  column: Pick<OutputColumn, 'storage' | 'type'>,
): ColumnValues {
  const total = parts.reduce((s, p) => s + p.length, 0);
  if (column.storage === 'f64') {
    const out = new Float64Array(total);
    let at = 0;
    for (const p of parts) {
      if (p instanceof Int32Array) {
        widenChunk(p, fixedKindOf(column.type), out, at);
      } else {
        out.set(p, at);
      }
      at += p.length;
    }
    return out;
  }
  const out = column.storage === 'u8' ? new Uint8Array(total) : new Uint32Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function datasetFromChunks(src: ChunkedColumns): DatasetData {
  const cache = new Map<number, ColumnValues>();
  const dictionaries = new Map<number, readonly string[]>();
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
          : concatChunks(src.chunks.get(index) ?? [], out);
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
      let values = dictionaries.get(index);
      if (!values) {
        const stored = src.dictionaries.get(index) ?? [''];
        values = typeof stored === 'function' ? stored() : stored;
        dictionaries.set(index, values);
      }
      return values;
    },
  };
}
