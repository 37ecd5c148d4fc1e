// helpers first: it installs fake-indexeddb before Dexie is loaded.
import { freshApi, importText as importViaApi, type ImportApiUnderTest } from './helpers';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzeApi } from '../../workers/analyze-api';
import type { PortraitDb } from '../../src/lib/storage/db';
import {
  beginImport,
  dictionaryRecord,
  dictionaryValues,
  PACK_MIN_VALUES,
  writeChunks,
} from '../../src/lib/storage/datasets-repo';
import { summarizeFiles } from '../../src/lib/domain/summary/summarize-files';
import { StringDict, joinValues } from '../../src/lib/domain/ingest/hash-tables';

const PEOPLE = [
  ['C001', '王小明', '13800138000', 'xiaoming.wang@qq.com', '11010519491231002X', '是'],
  ['C002', '李华', '+86 139-1234-5678', 'lihua@163.com', '440524188001010014', '否'],
  ['C003', '赵雪', '15011112222', '', '', ''],
];
const CUSTOMERS_CSV =
  '客户ID,姓名,手机,邮箱,身份证号,营销同意\n' + PEOPLE.map((p) => p.join(',')).join('\n') + '\n';

async function importText(api: ImportApiUnderTest, name: string, text: string | Uint8Array) {
  const progress: number[] = [];
  const { preview, result } = await importViaApi(api, name, text, (rows) => progress.push(rows));
  return { preview, result, progress };
}

/**
 * moved.csv, over 1 MB (so it is read ahead), changed on disk after it was chosen: its head
 * still reads (the preview), its stream is `stream(theFileAsChosen)`.
 */
function changedFile(stream: (real: File) => ReadableStream<Uint8Array>): File {
  const text = 'order_id,customer_id,order_date,amount\n' + 'SO1,C1,2024-01-01,5\n'.repeat(60_000);
  const real = new File([text], 'moved.csv');
  return {
    name: real.name,
    size: real.size,
    slice: (start?: number, end?: number) => real.slice(start, end),
    stream: () => stream(real),
  } as unknown as File;
}

/** The import of changedFile() was refused as unreadable, with its message. */
function expectUnreadable(result: Awaited<ReturnType<ImportApiUnderTest['importFile']>>) {
  expect(result.ok).toBe(false);
  const r = result as Extract<typeof result, { ok: false }>;
  expect(r.error.code).toBe('unreadable');
  expect(r.error.message).toContain('moved.csv could not be read');
}

async function dumpAll(database: PortraitDb): Promise<string> {
  const parts: unknown[] = [];
  for (const table of database.tables) {
    parts.push(await table.toArray());
  }
  return JSON.stringify(parts, (_k, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v,
  );
}

describe('import worker API (in-process, fake-indexeddb)', () => {
  it('previews with personal data masked and a plan that pseudonymizes', async () => {
    const { api } = freshApi();
    const { preview } = await importText(api, 'customers.csv', CUSTOMERS_CSV);
    const byName = new Map(preview.columns.map((c) => [c.name, c]));
    expect(byName.get('手机')).toMatchObject({ pii: 'phone', action: 'tokenize' });
    expect(byName.get('身份证号')).toMatchObject({ pii: 'cnId', action: 'derive' });
    expect(byName.get('姓名')).toMatchObject({ pii: 'name', action: 'drop' });
    expect(JSON.stringify(preview.rows)).not.toContain('13800138000');
    expect(preview.rows[0]).toContain('138****8000');
    expect(() => structuredClone(preview)).not.toThrow();
  });

  it('never stores a raw identifier', async () => {
    const { api, database } = freshApi();
    const { result } = await importText(api, 'customers.csv', CUSTOMERS_CSV);
    expect(result.ok).toBe(true);
    const dump = await dumpAll(database);
    for (const person of PEOPLE) {
      for (const value of person.slice(1, 5)) {
        if (value) {
          expect(dump).not.toContain(value);
        }
      }
    }
    expect(dump).not.toContain('13912345678');
    // The key is there, and it cannot be exported.
    const key = (await database.settings.get('pidKey'))!.value as CryptoKey;
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('joins: the same phone written two ways gets one pseudonym, stable across imports', async () => {
    const { api, database } = freshApi();
    const csv = '客户ID,手机\nC1,13800138000\nC2,+86 138-0013-8000\nC3,13912345678\n';
    await importText(api, 'a.csv', csv);
    await importText(api, 'b.csv', csv);
    const dicts = (await database.dictionaries.toArray()).map(dictionaryValues);
    const phoneDicts = dicts.filter((values) => values.some((v) => v.startsWith('p_')));
    expect(phoneDicts).toHaveLength(2);
    expect(phoneDicts[0]!.filter(Boolean)).toHaveLength(2);
    expect(phoneDicts[0]).toEqual(phoneDicts[1]);
  });

  it('leaves nothing behind when an import fails, and keeps earlier datasets', async () => {
    const { api, database } = freshApi();
    await importText(api, 'customers.csv', CUSTOMERS_CSV);
    const before = await dumpAll(database);
    // Valid UTF-8 for the first MB (so the sniffer says UTF-8), then a byte that is not.
    const head = 'order,customer,date,amount\n';
    const line = '1,C001,2024-01-01,5\n';
    const body = head + line.repeat(Math.ceil((1.2 * 1024 * 1024) / line.length));
    const bytes = new Uint8Array([...new TextEncoder().encode(body), 0xff, 0x0a]);
    const file = new File([bytes], 'broken.csv');
    const preview = await api.preview(file, { lang: 'en' });
    expect(preview.ok).toBe(true);
    const p = preview as Extract<typeof preview, { ok: true }>;
    const result = await api.importFile(file, p.value.plan, 0);
    expect(result.ok).toBe(false);
    const r = result as Extract<typeof result, { ok: false }>;
    expect(r.error.code).toBe('undecodable');
    expect(r.error.message).toContain('broken.csv');
    expect(await database.datasets.count()).toBe(1);
    expect(await database.journal.count()).toBe(0);
    const after = await dumpAll(database);
    // Only the audit log may differ (nothing was logged for the failed import either).
    expect(after).toBe(before);
  });

  it('refuses a file that can no longer be read with a clear message, and stores nothing', async () => {
    const { api, database } = freshApi();
    await importViaApi(api, 'customers.csv', CUSTOMERS_CSV);
    const before = await dumpAll(database);
    const text = 'order_id,customer_id,order_date,amount\n' + 'SO1,C1,2024-01-01,5\n'.repeat(50);
    const file = new File([text], 'moved.csv');
    const preview = await api.preview(file, { lang: 'en' });
    expect(preview.ok).toBe(true);
    const p = preview as Extract<typeof preview, { ok: true }>;
    // The file was moved or rewritten after it was chosen: the browser fails the read, with
    // a TypeError "network error" (Chromium's File.stream()) or a NotReadableError.
    for (const error of [
      new TypeError('network error'),
      new DOMException('The file could not be read.', 'NotReadableError'),
    ]) {
      const gone = {
        name: file.name,
        size: file.size,
        stream: () => new ReadableStream<Uint8Array>({ pull: (c) => c.error(error) }),
      } as unknown as File;
      const result = await api.importFile(gone, p.value.plan, 0);
      expect(result.ok).toBe(false);
      const r = result as Extract<typeof result, { ok: false }>;
      expect(r.error.code).toBe('unreadable');
      expect(r.error.message).toBe(
        'moved.csv could not be read: it was moved, changed or deleted after it was chosen. Nothing was stored. Choose the file again.',
      );
    }
    expect(await database.datasets.count()).toBe(1);
    expect(await database.journal.count()).toBe(0);
    expect(await dumpAll(database)).toBe(before);
  });

  it('refuses a file rewritten shorter while it is read, with or without read-ahead', async () => {
    const { api, database } = freshApi();
    await importViaApi(api, 'customers.csv', CUSTOMERS_CSV);
    const before = await dumpAll(database);
    // Chromium ends the stream of a file rewritten shorter without an error: the bytes stop
    // before the size the file had when it was chosen.
    const cut = changedFile((real) => real.slice(0, Math.floor(real.size / 3)).stream());
    for (const readAheadKey of [undefined, 5]) {
      const preview = await api.preview(cut, { lang: 'en', readAheadKey });
      const p = preview as Extract<typeof preview, { ok: true }>;
      expectUnreadable(await api.importFile(cut, p.value.plan, 0, undefined, readAheadKey));
    }
    expect(await database.journal.count()).toBe(0);
    expect(await dumpAll(database)).toBe(before);
  });

  it('imports the same from bytes read ahead during the preview as from the file', async () => {
    // Larger than the preview's first MB, so the worker reads it ahead.
    const lines = ['order_id,customer_id,order_date,amount,city'];
    for (let i = 0; i < 40_000; i++) {
      lines.push(
        `SO${100000 + i},C${i % 997},2024-0${1 + (i % 9)}-1${i % 10} 10:00:00,${i % 500}.5,上海`,
      );
    }
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const stored = async (readAheadKey?: number, pause = 0) => {
      const { api, database } = freshApi();
      const file = new File([bytes], 'orders.csv');
      const preview = await api.preview(file, { lang: 'en', readAheadKey });
      const p = preview as Extract<typeof preview, { ok: true }>;
      await new Promise((r) => setTimeout(r, pause));
      const result = await api.importFile(file, p.value.plan, 0, undefined, readAheadKey);
      expect(result.ok).toBe(true);
      const chunks = await database.chunks.toArray();
      const dictionaries = await database.dictionaries.toArray();
      return JSON.stringify({
        report: (result as Extract<typeof result, { ok: true }>).value.report,
        chunks: chunks.map((c) => [c.column, c.index, Array.from(c.values)]),
        dictionaries: dictionaries.map((d) => [d.column, dictionaryValues(d)]),
      });
    };
    const plain = await stored();
    // Claimed at once (the read in flight), midway, and after the whole file was read ahead.
    for (const pause of [0, 5, 200]) {
      expect(await stored(1, pause)).toBe(plain);
    }
    // Forgotten (the file left the list), the read-ahead is gone: an import under its key reads
    // the file itself, whole (nothing half-dropped is taken).
    const { api } = freshApi();
    const file = new File([bytes], 'orders.csv');
    const preview = await api.preview(file, { lang: 'en', readAheadKey: 2 });
    await api.forgetFile(2);
    const p = preview as Extract<typeof preview, { ok: true }>;
    const result = await api.importFile(file, p.value.plan, 0, undefined, 2);
    expect(result.ok && result.value.rows).toBe(40_000);
  });

  it('refuses a file that fails while it is read ahead, with the same message, storing nothing', async () => {
    const { api, database } = freshApi();
    await importViaApi(api, 'customers.csv', CUSTOMERS_CSV);
    const before = await dumpAll(database);
    // The whole file does not read (rewritten after it was chosen).
    const gone = changedFile(
      () =>
        new ReadableStream<Uint8Array>({ pull: (c) => c.error(new TypeError('network error')) }),
    );
    const preview = await api.preview(gone, { lang: 'en', readAheadKey: 3 });
    expect(preview.ok).toBe(true);
    const p = preview as Extract<typeof preview, { ok: true }>;
    await new Promise((r) => setTimeout(r, 50)); // the read-ahead has failed by now
    expectUnreadable(await api.importFile(gone, p.value.plan, 0, undefined, 3));
    expect(await database.journal.count()).toBe(0);
    expect(await dumpAll(database)).toBe(before);
  });

  it('cleans up an import interrupted mid-way (closed tab) and nothing else', async () => {
    const { api, database } = freshApi();
    await importText(api, 'customers.csv', CUSTOMERS_CSV);
    const stray = {
      id: 'stray',
      name: 'half.csv',
      kind: 'transactions' as const,
      status: 'importing' as const,
      createdAt: Date.now(),
      fileSize: 10,
      encoding: 'utf-8' as const,
      delimiter: ',' as const,
      rows: 0,
      columns: [],
      chunkRows: 4,
      chunkCount: 0,
      report: null,
      dataVersion: 0,
    };
    await beginImport(database, stray, 'half.csv');
    await writeChunks(database, [
      { datasetId: 'stray', column: 0, index: 0, values: new Float64Array(4) },
    ]);
    expect(await api.cleanup()).toBe(1);
    expect(await database.datasets.count()).toBe(1);
    expect(await database.chunks.where('datasetId').equals('stray').count()).toBe(0);
    expect(await database.journal.count()).toBe(0);
  });

  it('builds the same summary from stored data as summarize does from the file', async () => {
    const { api, database: apiDb } = freshApi();
    const bytes = new Uint8Array(readFileSync(path.resolve('test/fixtures/csv/basic.csv')));
    const { result } = await importText(api, 'basic.csv', bytes);
    expect(result.ok).toBe(true);
    const stored = await createAnalyzeApi(() => apiDb).summary();
    const direct = await summarizeFiles(
      [
        {
          name: 'basic.csv',
          size: bytes.length,
          head: async (k) => bytes.slice(0, k),
          stream: async function* () {
            yield bytes;
          },
        },
      ],
      { lang: 'zh-CN' },
    );
    expect(stored).toEqual(direct);
  });

  it('exports rejected rows as formula-safe CSV with identifiers masked', async () => {
    const { api, database } = freshApi();
    const good = Array.from({ length: 40 }, (_, i) => `${i + 10},C${i},2024-01-02,5,ok`).join('\n');
    const csv = `order,customer,date,amount,note\n1,,2024-01-01,5,=HYPERLINK("x")\n${good}\n3,C2,bad,5,call 13800138000\n`;
    const { result } = await importText(api, 'o.csv', csv);
    expect(result.ok).toBe(true);
    const ds = (await database.datasets.toArray())[0]!;
    const out = await api.rejectedRowsCsv(ds.id, 'en');
    expect(out.startsWith('\uFEFF')).toBe(true);
    expect(out).toContain('noCustomer');
    expect(out).toContain('badDate');
    expect(out).toContain(`"'=HYPERLINK(""x"")"`);
    expect(out).toContain('138****8000');
    expect(out).not.toContain('13800138000');
  });
});

describe('storage space', () => {
  it('refuses a file larger than the space left, with a clear message, storing nothing', async () => {
    const { api, database } = freshApi();
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { storage: { estimate: async () => ({ usage: 9_000_000, quota: 10_000_000 }) } },
    });
    try {
      const csv = 'order,customer,date,amount\n' + '1,C1,2024-01-01,5\n'.repeat(200_000);
      const file = new File([csv], 'huge.csv');
      const preview = await api.preview(file, { lang: 'en' });
      expect(preview.ok).toBe(true);
      const p = preview as Extract<typeof preview, { ok: true }>;
      const result = await api.importFile(file, p.value.plan, 0);
      expect(result.ok).toBe(false);
      const r = result as Extract<typeof result, { ok: false }>;
      expect(r.error.code).toBe('quota');
      expect(r.error.message).toMatch(/not enough storage space for huge\.csv/);
      expect(await database.datasets.count()).toBe(0);
      expect(await database.chunks.count()).toBe(0);
    } finally {
      if (saved) {
        Object.defineProperty(globalThis, 'navigator', saved);
      } else {
        delete g.navigator;
      }
    }
  });
});

/** `values` (the first one empty) as the importer hands over its dictionary of a column. */
function importedDictionary(column: number, values: string[], frontCode = false) {
  const dict = new StringDict();
  values.slice(1).forEach((v) => dict.add(v));
  return {
    column,
    size: dict.size,
    values: () => dict.values(),
    joined: () => dict.joined(frontCode),
  };
}

describe('stored dictionaries', () => {
  it('pack large dictionaries and give back every value exactly', () => {
    const small = ['', 'a', '张静'];
    expect(dictionaryRecord('d', 0, small)).toEqual({ datasetId: 'd', column: 0, values: small });
    const large = Array.from({ length: PACK_MIN_VALUES + 5 }, (_, i) =>
      i % 7 === 0 ? '' : i % 11 === 0 ? `nul\u0000inside${i}` : `SO${i}`,
    );
    const rec = dictionaryRecord('d', 1, large);
    expect(rec.values).toBeUndefined();
    expect(rec.packed!.ends).toHaveLength(large.length);
    expect(dictionaryValues(rec)).toEqual(large);
  });

  it('pack an imported dictionary from its arena, the same record as from its values', () => {
    const values = Array.from({ length: PACK_MIN_VALUES + 3 }, (_, i) => (i ? `SO${i}` : ''));
    const imported = importedDictionary(2, values);
    const rec = dictionaryRecord('d', 2, imported);
    expect(rec).toEqual(dictionaryRecord('d', 2, values));
    expect(dictionaryValues(rec)).toEqual(values);
    const few = { ...imported, size: 3, values: () => ['', 'a', 'b'] };
    expect(dictionaryRecord('d', 2, few)).toEqual({
      datasetId: 'd',
      column: 2,
      values: ['', 'a', 'b'],
    });
  });

  it('store no ends when no value holds a NUL, and read records that have them (earlier versions)', () => {
    const ids = Array.from({ length: PACK_MIN_VALUES + 9 }, (_, i) => (i % 5 ? `SO${i}` : ''));
    const rec = dictionaryRecord('d', 3, ids);
    expect(rec.packed!.ends).toBeUndefined();
    expect(dictionaryValues(rec)).toEqual(ids);
    const earlier = { ...rec, packed: joinValues(ids) };
    expect(earlier.packed.ends).toHaveLength(ids.length);
    expect(dictionaryValues(earlier)).toEqual(ids);
  });

  it('store ordered ids front-coded, a fifth of the text, and give back every value', () => {
    const values = Array.from({ length: PACK_MIN_VALUES + 7 }, (_, i) =>
      i ? `SO2411${String(i).padStart(6, '0')}` : '',
    );
    const rec = dictionaryRecord('d', 4, importedDictionary(4, values, true));
    expect(rec.packed!.shared).toHaveLength(values.length);
    expect(rec.packed!.ends).toBeUndefined();
    const plainText = dictionaryRecord('d', 4, values).packed!.text;
    expect(rec.packed!.text.length * 5).toBeLessThan(plainText.length);
    expect(dictionaryValues(rec)).toEqual(values);
  });

  it('keep a NUL between packed values, so no run of digits spans two of them', () => {
    const ids = Array.from({ length: PACK_MIN_VALUES + 1 }, (_, i) => String(138_0000 + i));
    const text = dictionaryRecord('d', 0, ids).packed!.text;
    expect(/\d{8,}/.test(text)).toBe(false);
    expect(text.split('\u0000')).toEqual(ids);
  });
});
