// The Dexie schema. Every version is kept (never edited once released); a change of shape
// gets a new version with an upgrade function and a test that opens the previous one.
// Rows are stored as columnar chunks (DESIGN.md, Storage): one record per column per slice of
// up to DEFAULT_CHUNK_ROWS (importer.ts) rows, numbers as Float64Array (or Int32Array fixed
// point where exact), strings dictionary-encoded (codes into one dictionary per column, as
// narrow as it allows), never one record per row. The narrow forms came without a new version: readers take either,
// and records stored before read as they did.
import Dexie, { type EntityTable } from 'dexie';
import type {
  ColumnRole,
  ColumnType,
  DatasetKind,
  Delimiter,
  EncodingName,
  PiiAction,
  PiiKind,
  DateOrder,
} from '../domain/types';
import type { StoredTag } from '../domain/tags/catalog';
import type { ChunkValues } from '../domain/ingest/importer';

export const DB_NAME = 'portrait';

/** How a column's values are held in chunks. */
export type ColumnStorage = 'f64' | 'dict' | 'u8' | 'none';

export interface StoredColumn {
  /** Position in `DatasetRecord.columns`; chunks refer to columns by this index. */
  index: number;
  name: string;
  /** Index in the source file, or -1 for a derived column. */
  sourceIndex: number;
  type: ColumnType;
  role: ColumnRole | null;
  pii: PiiKind | null;
  action: PiiAction;
  storage: ColumnStorage;
  /** For derived columns: the source column's name and what was derived (e.g. "birthYear"). */
  derivedFrom?: { column: string; what: string };
  dateOrder?: DateOrder;
  decimalComma?: boolean;
}

export interface DatasetRecord {
  id: string;
  name: string;
  kind: DatasetKind;
  status: 'importing' | 'ready';
  createdAt: number;
  completedAt?: number;
  fileSize: number;
  encoding: EncodingName;
  delimiter: Delimiter;
  /** Data rows read (header excluded). */
  rows: number;
  columns: StoredColumn[];
  chunkRows: number;
  chunkCount: number;
  /** Plain-data reports built by the domain core (quality, transactions, summary input). */
  report: unknown;
  /** Bumped on every import or erasure, so stored analysis results can tell they are stale. */
  dataVersion: number;
}

export interface ChunkRecord {
  datasetId: string;
  column: number;
  index: number;
  /**
   * A dictionary-encoded column's codes are as narrow as its dictionary allows, and a Float64
   * column's chunk may be an Int32Array of seconds or hundredths (see ChunkOut).
   */
  values: ChunkValues;
}

/**
 * The values of a dictionary-encoded column, by code. A large dictionary (order ids, customer
 * keys) is stored `packed` — its values joined by NUL — since IndexedDB clones a million small
 * strings far more slowly than one string. `ends` (the end of each value) is there only when a
 * value holds a NUL itself (earlier versions always stored it); without it the values are the
 * text split at each NUL. With `shared` it is front-coded (order ids in order share most of
 * their characters with the id before): part i of the text is what value i adds to the first
 * `shared[i]` code units of value i − 1. Read it with `dictionaryValues` (datasets-repo), never
 * by its fields.
 */
export interface DictionaryRecord {
  datasetId: string;
  column: number;
  values?: string[];
  packed?: { text: string; ends?: Uint32Array; shared?: Uint8Array };
}

export interface RejectRecord {
  datasetId: string;
  index: number;
  /** Rejected rows, personal identifiers already masked. */
  rows: { row: number; reason: string; cells: string[] }[];
}

/** An import in progress: if the tab closes mid-import, boot finds it here and cleans up. */
export interface JournalRecord {
  datasetId: string;
  startedAt: number;
  fileName: string;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface AuditRecord {
  seq?: number;
  at: number;
  kind: string;
  /** Plain facts, never a raw identifier. */
  detail: Record<string, string | number | boolean | null>;
}

/** The latest analysis: its settings, the data version it was computed on, and its results. */
export interface AnalysisRunRecord {
  id: 'latest';
  createdAt: number;
  dataVersion: number;
  settings: unknown;
  /** Aggregates (what the UI shows and the summary holds). */
  result: unknown;
  view: unknown;
  /** Per-customer codes, in the order of `customerKeys` (pseudonymous keys). */
  perCustomer: {
    segment: Uint8Array | null;
    lifecycle: Uint8Array | null;
    cluster: Int32Array | null;
    participants: Uint8Array;
  };
}

/** A user tag, or the user's change to a built-in tag (same id); see domain/tags/catalog. */
export type TagRecord = StoredTag;

/** A saved segment: a combination of tags. */
export interface SavedSegmentRecord {
  id: string;
  name: string;
  all: string[];
  any: string[];
  none: string[];
  createdAt: number;
  updatedAt: number;
}

/** A persona card: the group it stands for, the figures it was made from, the user's edits. */
export interface PersonaRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** Plain data from domain/personas (normalized on read). */
  card: unknown;
}

export type PortraitDb = Dexie & {
  datasets: EntityTable<DatasetRecord, 'id'>;
  chunks: Dexie.Table<ChunkRecord, [string, number, number]>;
  dictionaries: Dexie.Table<DictionaryRecord, [string, number]>;
  rejects: Dexie.Table<RejectRecord, [string, number]>;
  journal: EntityTable<JournalRecord, 'datasetId'>;
  settings: EntityTable<SettingRecord, 'key'>;
  audit: EntityTable<AuditRecord, 'seq'>;
  analysisRuns: EntityTable<AnalysisRunRecord, 'id'>;
  tags: EntityTable<TagRecord, 'id'>;
  savedSegments: EntityTable<SavedSegmentRecord, 'id'>;
  personas: EntityTable<PersonaRecord, 'id'>;
};

export function openDb(name = DB_NAME): PortraitDb {
  const db = new Dexie(name) as PortraitDb;
  db.version(1).stores({
    datasets: 'id, status, kind, createdAt',
    chunks: '[datasetId+column+index], datasetId',
    dictionaries: '[datasetId+column], datasetId',
    rejects: '[datasetId+index], datasetId',
    journal: 'datasetId',
    settings: 'key',
    audit: '++seq, at, kind',
  });
  // v2: stored analysis results (a new table; v1 data is untouched).
  db.version(2).stores({
    analysisRuns: 'id',
  });
  // v3: the tag tree (user tags and changes to built-in ones), saved segments, personas.
  db.version(3).stores({
    tags: 'id',
    savedSegments: 'id',
    personas: 'id',
  });
  return db;
}

let shared: PortraitDb | null = null;
/** The app's database (one per realm: the UI thread and each worker open their own). */
export function db(): PortraitDb {
  shared ??= openDb();
  return shared;
}
