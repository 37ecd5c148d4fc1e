// Access and erasure requests (PIPL Art. 45/47, GDPR Art. 15/17), inside the import worker.
//
// A person is found by an identifier (phone, e-mail, ID number: hashed here with the
// workspace key to the pseudonym the import stored), by a customer id, or by a pid. Rows that
// carry that pseudonym or key are found in every dataset, and one hop further: the customer
// ids on those rows find the person's rows in the other files (a phone in customers.csv leads
// to the orders under that customer's id).
//
// Erasure rewrites the affected column chunks without those rows, blanks the person's values
// in the dictionaries, drops their rejected rows and the stored analysis, and keeps a
// tombstone holding only pseudonyms, so that a later import or a restored backup cannot bring
// the person back: tombstones are re-applied after every import and restore.
import { canonicalize } from '../src/lib/domain/privacy/canonical';
import { createPseudonymizer, type Pseudonymizer } from '../src/lib/domain/privacy/pseudonymize';
import { normalizeKey } from '../src/lib/domain/ingest/key';
import type { PortraitDb, DatasetRecord, StoredColumn } from '../src/lib/storage/db';
import {
  dictionaryRecord,
  dictionaryValues,
  listDatasets,
  readColumn,
  readDictionary,
} from '../src/lib/storage/datasets-repo';
import { getSetting, putSetting } from '../src/lib/storage/settings-repo';
import { appendAudit } from '../src/lib/storage/audit-repo';
import { fixedKindOf, widenValue } from '../src/lib/domain/ingest/fixed-point';

export type PersonKind = 'phone' | 'email' | 'cnId' | 'customerId' | 'pid';

export interface PersonQuery {
  kind: PersonKind;
  value: string;
}

export interface PersonMatch {
  datasetId: string;
  name: string;
  rows: number;
}

export interface PersonFound {
  /** The pseudonyms that identify the person (never a raw identifier). */
  pids: string[];
  matches: PersonMatch[];
  total: number;
}

export interface ErasureReceipt {
  kind: 'portrait.erasure-receipt/1';
  erasedAt: string;
  request: PersonKind;
  pseudonyms: string[];
  datasets: PersonMatch[];
  rowsDeleted: number;
  rejectedRowsDeleted: number;
  analysisDeleted: boolean;
  tombstoned: number;
  note: string;
}

const TOMBSTONES = 'tombstones';

async function pseudonymizer(db: PortraitDb): Promise<Pseudonymizer | null> {
  const key = await getSetting<CryptoKey>(db, 'pidKey');
  return key ? createPseudonymizer(key) : null;
}

/** The values a query matches in stored dictionaries: pids, and customer keys. */
async function queryTokens(
  db: PortraitDb,
  q: PersonQuery,
): Promise<{ pids: Set<string>; keys: Set<string> }> {
  const pids = new Set<string>();
  const keys = new Set<string>();
  const value = q.value.trim();
  if (!value) {
    return { pids, keys };
  }
  if (q.kind === 'pid') {
    pids.add(value);
    return { pids, keys };
  }
  const p = await pseudonymizer(db);
  if (q.kind === 'customerId') {
    keys.add(normalizeKey(value));
    if (p) {
      pids.add(await p.pid(canonicalize(value, 'id')));
    }
    return { pids, keys };
  }
  if (p) {
    pids.add(await p.pid(canonicalize(value, q.kind)));
  }
  return { pids, keys };
}

interface DatasetHits {
  ds: DatasetRecord;
  /** 1 = this row belongs to the person. */
  rows: Uint8Array;
  count: number;
}

function isPidColumn(c: StoredColumn): boolean {
  return c.storage === 'dict' && c.action === 'tokenize';
}

function isKeyColumn(c: StoredColumn): boolean {
  return c.storage === 'dict' && c.role === 'customerId' && c.action !== 'tokenize';
}

async function concatCodes(db: PortraitDb, dsId: string, col: number): Promise<Uint32Array> {
  const chunks = await readColumn(db, dsId, col);
  const total = chunks.reduce((s, c) => s + c.values.length, 0);
  const out = new Uint32Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c.values as Uint32Array, at);
    at += c.values.length;
  }
  return out;
}

/** Marks the rows of every dataset holding one of the pids or keys; widens by customer key. */
async function findRows(
  db: PortraitDb,
  pids: Set<string>,
  keys: Set<string>,
  datasets?: DatasetRecord[],
): Promise<DatasetHits[]> {
  const all = datasets ?? (await listDatasets(db));
  const hits: DatasetHits[] = all.map((ds) => ({ ds, rows: new Uint8Array(ds.rows), count: 0 }));
  // Mark rows by pseudonym or key; then follow the customer keys found on the marked rows
  // into every dataset (a second round is enough: keys found there are already followed).
  for (let round = 0; round < 3; round++) {
    for (const h of hits) {
      for (const col of h.ds.columns) {
        const wanted = isPidColumn(col) ? pids : isKeyColumn(col) ? keys : null;
        if (!wanted?.size) {
          continue;
        }
        const dict = await readDictionary(db, h.ds.id, col.index);
        const match = new Uint8Array(dict.length);
        let any = false;
        dict.forEach((v, i) => {
          if (v && wanted.has(v)) {
            match[i] = 1;
            any = true;
          }
        });
        if (!any) {
          continue;
        }
        const codes = await concatCodes(db, h.ds.id, col.index);
        for (let r = 0; r < codes.length; r++) {
          if (match[codes[r]!]) {
            h.rows[r] = 1;
          }
        }
      }
    }
    let grew = false;
    for (const h of hits) {
      for (const col of h.ds.columns.filter(isKeyColumn)) {
        const dict = await readDictionary(db, h.ds.id, col.index);
        const codes = await concatCodes(db, h.ds.id, col.index);
        for (let r = 0; r < codes.length; r++) {
          const key = h.rows[r] && codes[r] ? dict[codes[r]!]! : '';
          if (key && !keys.has(key)) {
            keys.add(key);
            grew = true;
          }
        }
      }
    }
    if (!grew) {
      break;
    }
  }
  for (const h of hits) {
    h.count = h.rows.reduce((s, v) => s + v, 0);
  }
  return hits.filter((h) => h.count > 0);
}

/** Rewrites a dataset without the marked rows (chunk by chunk) and blanks their values. */
async function deleteRows(db: PortraitDb, h: DatasetHits, blank: Set<string>): Promise<number> {
  const ds = h.ds;
  let rejectedDeleted = 0;
  const keyCol = ds.columns.find(isKeyColumn);
  const keyCells = new Set<string>();
  await db.transaction('rw', [db.chunks, db.dictionaries, db.datasets, db.rejects], async () => {
    for (const col of ds.columns) {
      const chunks = await readColumn(db, ds.id, col.index);
      let base = 0;
      for (const c of chunks) {
        const n = c.values.length;
        let keep = 0;
        for (let i = 0; i < n; i++) {
          keep += h.rows[base + i] ? 0 : 1;
        }
        if (keep !== n) {
          const Ctor = c.values.constructor as new (n: number) => typeof c.values;
          const out = new Ctor(keep);
          let w = 0;
          for (let i = 0; i < n; i++) {
            if (!h.rows[base + i]) {
              out[w++] = c.values[i]!;
            }
          }
          await db.chunks.put({ ...c, values: out });
        }
        base += n;
      }
      if (col.storage === 'dict') {
        const rec = await db.dictionaries.get([ds.id, col.index]);
        if (rec) {
          const values = dictionaryValues(rec).map((v) => {
            if (v && (blank.has(v) || (col === keyCol && blank.has(v)))) {
              if (col === keyCol) {
                keyCells.add(v);
              }
              return '';
            }
            return v;
          });
          await db.dictionaries.put(dictionaryRecord(ds.id, col.index, values));
        }
      }
    }
    // Rejected rows hold masked identifiers, but the customer id cell is kept as written.
    const keySource = keyCol?.sourceIndex ?? -1;
    if (keySource >= 0) {
      const rejects = await db.rejects.where('datasetId').equals(ds.id).toArray();
      for (const rec of rejects) {
        const rows = rec.rows.filter((r) => !blank.has(normalizeKey(r.cells[keySource] ?? '')));
        rejectedDeleted += rec.rows.length - rows.length;
        if (rows.length !== rec.rows.length) {
          await db.rejects.put({ ...rec, rows });
        }
      }
    }
    await db.datasets.put({ ...ds, rows: ds.rows - h.count });
  });
  return rejectedDeleted;
}

async function bumpDataVersion(db: PortraitDb): Promise<void> {
  const v = (await getSetting<number>(db, 'dataVersion')) ?? 0;
  await putSetting(db, 'dataVersion', v + 1);
  await db.analysisRuns.clear();
}

/** Pseudonyms of customer keys, for tombstones that also stop a re-import by customer id. */
async function keyPids(db: PortraitDb, keys: Iterable<string>): Promise<string[]> {
  const p = await pseudonymizer(db);
  if (!p) {
    return [];
  }
  const out: string[] = [];
  for (const k of keys) {
    out.push(await p.pid(canonicalize(k, 'id')));
  }
  return out;
}

async function readTombstones(db: PortraitDb): Promise<string[]> {
  return (await getSetting<string[]>(db, TOMBSTONES)) ?? [];
}

/**
 * Applies the tombstones to the given datasets (after an import or a restore): rows carrying a
 * tombstoned pseudonym, or a customer id whose pseudonym is tombstoned, are deleted.
 */
export async function applyTombstones(db: PortraitDb, datasets?: DatasetRecord[]): Promise<number> {
  const tombs = new Set(await readTombstones(db));
  if (!tombs.size) {
    return 0;
  }
  const targets = datasets ?? (await listDatasets(db));
  const p = await pseudonymizer(db);
  // Customer keys in these datasets whose pseudonym is tombstoned.
  const keys = new Set<string>();
  if (p) {
    for (const ds of targets) {
      for (const col of ds.columns.filter(isKeyColumn)) {
        for (const v of await readDictionary(db, ds.id, col.index)) {
          if (v && tombs.has(await p.pid(canonicalize(v, 'id')))) {
            keys.add(v);
          }
        }
      }
    }
  }
  const hits = await findRows(db, tombs, keys, targets);
  let deleted = 0;
  const blank = new Set([...tombs, ...keys]);
  for (const h of hits) {
    await deleteRows(db, h, blank);
    deleted += h.count;
  }
  if (deleted) {
    await bumpDataVersion(db);
    await appendAudit(db, 'tombstonesApplied', { rowsDeleted: deleted, datasets: hits.length });
  }
  return deleted;
}

/**
 * The join keys (normalized customer ids or pseudonyms) of the person an identifier points
 * to: the value is hashed with the workspace key and followed through every dataset.
 */
export async function findCustomerKeys(db: PortraitDb, q: PersonQuery): Promise<Set<string>> {
  const { pids, keys } = await queryTokens(db, q);
  await findRows(db, pids, keys); // NOTE adds the customer keys found on matching rows to keys
  return new Set([...pids, ...keys]);
}

/** The workspace pseudonym of customer keys that are not pseudonyms already (for exports). */
export async function exportPseudonyms(
  db: PortraitDb,
  keys: readonly string[],
): Promise<string[] | null> {
  const p = await pseudonymizer(db);
  if (!p) {
    return null;
  }
  const out = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out[i] = isPseudonym(k) ? k : await p.pid(canonicalize(k, 'id'));
  }
  return out;
}

const PSEUDONYM = /^p_[A-Za-z0-9_-]{22}$/;
export function isPseudonym(value: string): boolean {
  return PSEUDONYM.test(value);
}

export function createPersonApi(database: () => PortraitDb) {
  return {
    async findPerson(q: PersonQuery): Promise<PersonFound> {
      const db = database();
      const { pids, keys } = await queryTokens(db, q);
      const hits = await findRows(db, pids, keys);
      const kp = await keyPids(db, keys);
      return {
        pids: [...new Set([...pids, ...kp])],
        matches: hits.map((h) => ({ datasetId: h.ds.id, name: h.ds.name, rows: h.count })),
        total: hits.reduce((s, h) => s + h.count, 0),
      };
    },

    /** Everything the workspace holds on the person, as stored (pseudonymized, masked). */
    async accessReport(q: PersonQuery): Promise<Record<string, unknown>> {
      const db = database();
      const { pids, keys } = await queryTokens(db, q);
      const hits = await findRows(db, pids, keys);
      const datasets = [];
      for (const h of hits) {
        const rows: Record<string, string | number | null>[] = [];
        const columns = [];
        for (const col of h.ds.columns) {
          const chunks = await readColumn(db, h.ds.id, col.index);
          const dict = col.storage === 'dict' ? await readDictionary(db, h.ds.id, col.index) : null;
          const values: (string | number | null)[] = [];
          let base = 0;
          for (const c of chunks) {
            // A Float64 column's chunk may be stored as fixed point (fixed-point.ts).
            const kind = c.values instanceof Int32Array ? fixedKindOf(col.type) : null;
            for (let i = 0; i < c.values.length; i++) {
              if (h.rows[base + i]) {
                const stored = c.values[i]!;
                const v = kind ? widenValue(stored, kind) : stored;
                values.push(dict ? (dict[v] ?? '') : Number.isNaN(v) ? null : v);
              }
            }
            base += c.values.length;
          }
          columns.push({ name: col.name, values });
        }
        for (let r = 0; r < h.count; r++) {
          const row: Record<string, string | number | null> = {};
          for (const c of columns) {
            Object.defineProperty(row, c.name, { value: c.values[r] ?? null, enumerable: true });
          }
          rows.push(row);
        }
        datasets.push({ dataset: h.ds.name, rows });
      }
      await appendAudit(db, 'accessRequest', {
        request: q.kind,
        rows: hits.reduce((s, h) => s + h.count, 0),
      });
      return {
        kind: 'portrait.access-report/1',
        createdAt: new Date().toISOString(),
        note: 'Personal identifiers are stored only as pseudonyms (p_…) or derived/masked values.',
        datasets,
      };
    },

    /** Deletes every row and result of the person and keeps a tombstone; returns a receipt. */
    async erasePerson(q: PersonQuery): Promise<ErasureReceipt> {
      const db = database();
      const { pids, keys } = await queryTokens(db, q);
      const hits = await findRows(db, pids, keys);
      const blank = new Set([...pids, ...keys]);
      let rejected = 0;
      for (const h of hits) {
        rejected += await deleteRows(db, h, blank);
      }
      const kp = await keyPids(db, keys);
      const tombs = [...new Set([...pids, ...kp])];
      const existing = await readTombstones(db);
      await putSetting(db, TOMBSTONES, [...new Set([...existing, ...tombs])]);
      await bumpDataVersion(db);
      const receipt: ErasureReceipt = {
        kind: 'portrait.erasure-receipt/1',
        erasedAt: new Date().toISOString(),
        request: q.kind,
        pseudonyms: tombs,
        datasets: hits.map((h) => ({ datasetId: h.ds.id, name: h.ds.name, rows: h.count })),
        rowsDeleted: hits.reduce((s, h) => s + h.count, 0),
        rejectedRowsDeleted: rejected,
        analysisDeleted: true,
        tombstoned: tombs.length,
        note: 'The person’s rows, derived results and stored analysis were deleted. A tombstone holding only pseudonyms keeps them from coming back through a re-import or a restored backup. No raw identifier is recorded here.',
      };
      await appendAudit(db, 'erasure', {
        request: q.kind,
        rowsDeleted: receipt.rowsDeleted,
        datasets: hits.length,
        tombstones: tombs.length,
      });
      return receipt;
    },
  };
}
