import { describe, expect, it } from 'vitest';
import { concatChunks, datasetFromChunks } from '../../../src/lib/domain/analysis/dataset-data';
import {
  ColumnarImporter,
  type ImportPlan,
  type PlannedColumn,
} from '../../../src/lib/domain/ingest/importer';
import type {
  ColumnRole,
  ColumnType,
  IncludableReason,
  PiiAction,
  PiiKind,
} from '../../../src/lib/domain/types';

function col(
  sourceIndex: number,
  name: string,
  type: ColumnType,
  role: ColumnRole | null,
  extra: Partial<PlannedColumn> = {},
): PlannedColumn {
  return { sourceIndex, name, type, role, pii: null, action: 'keep', ...extra };
}

const TX_COLUMNS: PlannedColumn[] = [
  col(0, 'order', 'id', 'orderId'),
  col(1, 'customer', 'id', 'customerId'),
  col(2, 'date', 'date', 'date', { dateOrder: 'YMD' }),
  col(3, 'qty', 'number', 'quantity'),
  col(4, 'price', 'number', 'unitPrice'),
];

function txPlan(include: IncludableReason[] = [], columns = TX_COLUMNS): ImportPlan {
  return {
    name: 't.csv',
    kind: 'transactions',
    lang: 'en',
    encoding: 'utf-8',
    delimiter: ',',
    columns,
    include,
    chunkRows: 4,
  };
}

async function run(plan: ImportPlan, rows: string[][]) {
  const imp = new ColumnarImporter(plan);
  rows.forEach((r, i) => imp.addRecord(r, i + 2));
  const chunks = imp.takeChunks();
  const done = await imp.finish(async (values) => values.map((v) => `pid(${v.length})`));
  chunks.push(...imp.takeChunks());
  // The dictionaries as plain values (and their stored, joined form), so that a test can
  // search them as text.
  const dictionaries = done.dictionaries.map((d) => ({
    column: d.column,
    values: d.values(),
    joined: d.joined().text,
  }));
  return { imp, chunks, report: done.report, dictionaries };
}

describe('exclusions (DESIGN.md order, first reason wins)', () => {
  const rows = [
    ['1', 'A', '2024-01-01', '2', '5'], // kept
    ['2', '', '2024-01-01', '2', '5'], // noCustomer
    ['3', 'B', 'not a date', '2', '5'], // badDate
    ['4', '  ', 'not a date', 'x', '5'], // noCustomer (before badDate and badAmount)
    ['5', 'B', '2024-01-02', 'x', '5'], // badAmount (quantity)
    ['6', 'B', '2024-01-02', '2', ''], // badAmount (price empty)
    ['C7', 'B', '2024-01-02', '2', '5'], // cancelled (order id starts with C)
    ['8', 'B', '2024-01-02', '-1', '5'], // cancelled (quantity < 0)
    ['9', 'B', '2024-01-02', '0', '5'], // zeroAmount
    ['1', 'A', '2024-01-01', '2', '5'], // duplicate of row 1
    ['C7', 'B', '2024-01-02', '2', '5'], // cancelled again (cancelled wins over duplicate)
    ['10', 'B', '2024-01-03', '1', '0'], // zeroAmount (amount 0)
  ];

  it('counts each excluded row under the first reason that applies', async () => {
    const { report } = await run(txPlan(), rows);
    expect(report.transactions).toEqual({
      rows: 12,
      kept: 1,
      excluded: {
        noCustomer: 2,
        badDate: 1,
        badAmount: 2,
        cancelled: 3,
        zeroAmount: 2,
        duplicate: 1,
      },
    });
    expect(report.customers).toBe(1);
    expect(report.rejectedTotal).toBe(11);
  });

  it('keeps cancelled, zero-amount and duplicate rows when asked, never the others', async () => {
    const { report } = await run(txPlan(['cancelled', 'zeroAmount', 'duplicate']), rows);
    expect(report.transactions!.kept).toBe(1 + 3 + 2 + 1);
    expect(report.transactions!.excluded).toEqual({
      noCustomer: 2,
      badDate: 1,
      badAmount: 2,
      cancelled: 0,
      zeroAmount: 0,
      duplicate: 0,
    });
  });

  it('stores the reason of every row whatever was included, so kept rows can be recomputed', async () => {
    const a = await run(txPlan(), rows);
    const b = await run(txPlan(['cancelled', 'duplicate']), rows);
    const reasonCol = a.imp.outputs.find((o) => o.computed === 'exclusion')!.index;
    const codes = (r: typeof a) =>
      r.chunks.filter((c) => c.column === reasonCol).flatMap((c) => [...c.values]);
    expect(codes(a)).toEqual([0, 1, 2, 1, 3, 3, 4, 4, 5, 6, 4, 5]);
    expect(codes(b)).toEqual(codes(a));
  });

  it('treats a duplicate as identical to an earlier KEPT row only', async () => {
    const { report } = await run(txPlan(), [
      ['C1', 'A', '2024-01-01', '2', '5'], // cancelled, excluded: not a kept row
      ['C1', 'A', '2024-01-01', '2', '5'], // cancelled too (not duplicate)
      ['2', 'A', '2024-01-01', '2', '5'],
      ['2', 'A', '2024-01-01', '2', '5'], // duplicate
      ['2', 'A', '2024-01-01', '2', '5 '], // not every cell identical: kept
    ]);
    expect(report.transactions!.excluded.cancelled).toBe(2);
    expect(report.transactions!.excluded.duplicate).toBe(1);
    expect(report.transactions!.kept).toBe(2);
  });

  it('compares customer keys trimmed, with 17850.0 equal to 17850', async () => {
    const { report } = await run(txPlan(), [
      ['1', '17850.0', '2024-01-01', '1', '1'],
      ['2', ' 17850 ', '2024-01-02', '1', '1'],
      ['3', '17850.00', '2024-01-03', '1', '1'],
      ['4', '0017850', '2024-01-04', '1', '1'],
    ]);
    expect(report.customers).toBe(2);
  });

  it('uses the amount column when mapped, else quantity × unit price', async () => {
    const withAmount = [...TX_COLUMNS, col(5, 'amount', 'number', 'amount')];
    const { imp, chunks } = await run(txPlan([], withAmount), [
      ['1', 'A', '2024-01-01', '2', '5', '9.5'],
    ]);
    const computed = imp.outputs.find((o) => o.computed === 'amount')!;
    // The amount column's values, stored once: the computed column reads them back.
    const mapped = imp.outputs.find((o) => o.role === 'amount')!;
    expect(computed.sameAs).toBe(mapped.index);
    expect(chunks.some((c) => c.column === computed.index)).toBe(false);
    const data = datasetFromChunks({
      id: 'd',
      name: 't.csv',
      kind: 'transactions',
      rows: 1,
      outputs: imp.outputs,
      include: [],
      chunks: new Map([
        [mapped.index, chunks.filter((c) => c.column === mapped.index).map((c) => c.values)],
      ]),
      dictionaries: new Map(),
    });
    expect([...data.column(computed.index)]).toEqual([9.5]);
    const plain = await run(txPlan(), [['1', 'A', '2024-01-01', '2', '5.25']]);
    const a2 = plain.imp.outputs.find((o) => o.computed === 'amount')!;
    const a2Chunk = plain.chunks.find((c) => c.column === a2.index)!.values;
    // Stored in cents (fixed-point.ts), read back as the number.
    expect(a2Chunk).toBeInstanceOf(Int32Array);
    expect([...concatChunks([a2Chunk], a2)]).toEqual([10.5]);
  });

  it('reads a stored dictionary for the analysis only when its values are asked for, once', async () => {
    let reads = 0;
    const data = datasetFromChunks({
      id: 'd',
      name: 't.csv',
      kind: 'transactions',
      rows: 0,
      outputs: [],
      include: [],
      chunks: new Map(),
      dictionaries: new Map<number, readonly string[] | (() => readonly string[])>([
        [0, ['', 'kept as values']],
        [
          1,
          () => {
            reads++;
            return ['', 'SO1', 'SO2'];
          },
        ],
      ]),
    });
    expect(data.dictionary(0)).toEqual(['', 'kept as values']);
    expect(reads).toBe(0);
    expect(data.dictionary(1)).toEqual(['', 'SO1', 'SO2']);
    expect(data.dictionary(1)).toBe(data.dictionary(1));
    expect(reads).toBe(1);
    expect(data.dictionary(9)).toEqual(['']);
  });

  it('draws each numeric histogram from a uniform sample of 10,000 values', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [
      `SO${i}`,
      `C${i % 50}`,
      '2024-01-01',
      '1',
      String(i + 1),
    ]);
    const { report } = await run(txPlan(), rows);
    const price = report.columns.find((c) => c.name === 'price')!;
    const bins = price.histogram!;
    expect(bins).toHaveLength(20);
    expect(bins[0]!.x0).toBe(1);
    expect(bins.at(-1)!.x1).toBe(40_000);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(10_000);
    for (const b of bins) {
      expect(b.count).toBeGreaterThan(400); // 500 each, standard deviation ~21
      expect(b.count).toBeLessThan(600);
    }
  });

  it('gives the same figures, histograms included, whatever the chunk size', async () => {
    // Three numeric columns (a date among them) with missing and invalid cells, more values
    // than the 10,000 of a sample: the reservoirs replace values, drawing random numbers.
    const rows = Array.from({ length: 25_000 }, (_, i) => [
      `SO${i}`,
      `C${i % 50}`,
      i % 97 === 0 ? '' : `2024-0${1 + (i % 9)}-1${i % 10}`,
      i % 89 === 0 ? 'x' : String(1 + (i % 13)),
      i % 101 === 0 ? '' : String((i * 7919) % 10_007),
    ]);
    const reports = [];
    for (const chunkRows of [1, 7, 4096, 50_000]) {
      reports.push(JSON.stringify((await run({ ...txPlan(), chunkRows }, rows)).report));
    }
    expect(new Set(reports).size).toBe(1);
    const report = JSON.parse(reports[0]!) as { columns: { histogram?: unknown[] }[] };
    expect(report.columns.filter((c) => c.histogram?.length)).toHaveLength(3);
  });

  it('reports the latest kept transaction for the analysis date', async () => {
    const { report } = await run(txPlan(), [
      ['1', 'A', '2024-01-01', '2', '5'],
      ['2', 'A', '2024-03-01', '0', '5'], // zeroAmount: not kept
      ['3', 'B', '2024-02-01', '1', '5'],
    ]);
    expect(report.latestKept).toBe(Date.UTC(2024, 1, 1));
  });

  it('writes chunks of the planned size and a last partial chunk', async () => {
    const rows10 = Array.from({ length: 10 }, (_, i) => [String(i), 'A', '2024-01-01', '1', '1']);
    const { imp, chunks } = await run(txPlan(), rows10);
    expect(imp.chunkCount).toBe(3);
    const lengths = chunks.filter((c) => c.column === 0).map((c) => c.values.length);
    expect(lengths).toEqual([4, 4, 2]);
  });

  it('counts ragged rows', async () => {
    const { report } = await run(txPlan(), [
      ['1', 'A', '2024-01-01', '1'],
      ['2', 'A', '2024-01-01', '1', '1', 'extra'],
    ]);
    const codes = report.problems.map((p) => p.code);
    expect(codes).toContain('raggedShort');
    expect(codes).toContain('raggedLong');
  });
});

describe('privacy actions before storage', () => {
  const PHONES = ['13800138000', '+86 138-0013-8000', '13912345678'];
  function customersPlan(action: PiiAction, pii: PiiKind = 'phone'): ImportPlan {
    return {
      name: 'c.csv',
      kind: 'customers',
      lang: 'zh-CN',
      encoding: 'utf-8',
      delimiter: ',',
      include: [],
      columns: [
        col(0, '客户ID', 'id', 'customerId'),
        col(1, '手机', 'id', 'attribute', { pii, action }),
      ],
    };
  }

  it('tokenizes: the dictionary holds pseudonyms, one per canonical value, never the raw value', async () => {
    const rows = PHONES.map((p, i) => [`C${i}`, p]);
    const { dictionaries } = await run(customersPlan('tokenize'), rows);
    const phoneDict = dictionaries.find((d) => d.column === 1)!.values;
    // '' plus two distinct canonical phones (the first two are the same number).
    expect(phoneDict).toHaveLength(3);
    for (const v of phoneDict.slice(1)) {
      expect(v).toMatch(/^pid\(/);
    }
    expect(JSON.stringify(dictionaries)).not.toMatch(/138|139/);
  });

  it('derives birth year, age band, gender and region from an ID number, then drops it', async () => {
    const plan: ImportPlan = {
      ...customersPlan('derive', 'cnId'),
      asOfYear: 2026,
    };
    const { imp, dictionaries, chunks } = await run(plan, [['C1', '11010519491231002X']]);
    const names = imp.outputs.map((o) => o.name);
    expect(names).not.toContain('手机');
    expect(names).toEqual(
      expect.arrayContaining(['出生年份 (手机)', '性别 (手机)', '省份 (手机)']),
    );
    const birth = imp.outputs.find((o) => o.derivedFrom?.what === 'birthYear')!;
    const birthChunk = chunks.find((c) => c.column === birth.index)!.values;
    expect([...concatChunks([birthChunk], birth)]).toEqual([1949]);
    const gender = imp.outputs.find((o) => o.derivedFrom?.what === 'gender')!;
    expect(dictionaries.find((d) => d.column === gender.index)!.values).toContain('女');
    expect(JSON.stringify(dictionaries)).not.toContain('11010519491231002X');
  });

  it('drops a column entirely', async () => {
    const { imp, dictionaries } = await run(customersPlan('drop'), [['C1', '13800138000']]);
    expect(imp.outputs.map((o) => o.name)).toEqual(['客户ID']);
    expect(JSON.stringify(dictionaries)).not.toContain('13800138000');
  });

  it('front-codes stored dictionaries only for columns not classified as personal data', async () => {
    // Ordered order ids and phones kept raw (the user's choice): both share their beginnings,
    // but a front-coded phone would no longer appear whole in the stored text.
    const plan = txPlan(
      [],
      [...TX_COLUMNS, col(5, 'phone', 'id', 'attribute', { pii: 'phone', action: 'keep' })],
    );
    const rows = Array.from({ length: 300 }, (_, i) => [
      `SO241101${String(i).padStart(4, '0')}`,
      `C${i % 7}`,
      '2024-11-01',
      '1',
      '9.5',
      `1380013${String(i).padStart(4, '0')}`,
    ]);
    const imp = new ColumnarImporter(plan);
    rows.forEach((r, i) => imp.addRecord(r, i + 2));
    const { dictionaries } = await imp.finish(null);
    const order = dictionaries.find((d) => d.column === 0)!.joined();
    const phone = dictionaries.find((d) => d.column === 5)!.joined();
    expect(order.shared).toBeDefined();
    expect(phone.shared).toBeUndefined();
    expect(phone.text.split('\u0000').slice(1)).toEqual(rows.map((r) => r[5]));
  });

  it('masks identifiers in rejected rows', async () => {
    const plan = txPlan(
      [],
      [...TX_COLUMNS, col(5, 'phone', 'id', 'attribute', { pii: 'phone', action: 'tokenize' })],
    );
    const imp = new ColumnarImporter(plan);
    imp.addRecord(['1', '', '2024-01-01', '1', '1', '13800138000'], 2);
    const rejects = imp.takeRejects();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.reason).toBe('noCustomer');
    expect(rejects[0]!.cells[5]).toBe('138****8000');
  });
});

describe('dataset kind', () => {
  it('tells a questionnaire export from a customer table', async () => {
    const { guessDatasetKind, guessRoles } = await import('../../../src/lib/domain/ingest/roles');
    const kindOf = (cols: [string, ColumnType][]) => {
      const sketch = cols.map(([name, type]) => ({ name, type }));
      return guessDatasetKind(sketch, guessRoles(sketch));
    };
    expect(
      kindOf([
        ['客户ID', 'id'],
        ['提交时间', 'date'],
        ['满意度', 'number'],
        ['NPS', 'number'],
        ['购物目标', 'category'],
        ['痛点', 'text'],
        ['年龄段', 'category'],
        ['职业', 'category'],
      ]),
    ).toBe('survey');
    expect(
      kindOf([
        ['客户ID', 'id'],
        ['姓名', 'text'],
        ['性别', 'category'],
        ['城市', 'category'],
        ['注册日期', 'date'],
        ['营销同意', 'category'],
      ]),
    ).toBe('customers');
  });
});

describe('dictionary codes in chunks', () => {
  it('are as narrow as the dictionary allows when the chunk is cut, and read back exactly', async () => {
    // A customers file: column 0 takes 70,000 distinct values, column 1 a new value every 100
    // rows (100 more per chunk), column 2 three.
    const plan: ImportPlan = {
      name: 'c.csv',
      kind: 'customers',
      lang: 'en',
      encoding: 'utf-8',
      delimiter: ',',
      columns: [
        col(0, 'id', 'id', 'customerId'),
        col(1, 'store', 'category', 'attribute'),
        col(2, 'tier', 'category', 'attribute'),
      ],
      include: [],
      chunkRows: 10_000,
    };
    const rows = Array.from({ length: 70_000 }, (_, i) => [
      `K${i}`,
      `S${Math.floor(i / 100)}`,
      ['gold', 'silver', ''][i % 3]!,
    ]);
    const imp = new ColumnarImporter(plan);
    rows.forEach((r, i) => imp.addRecord(r, i + 2));
    const { dictionaries } = await imp.finish(null);
    const chunks = imp.takeChunks();
    const kinds = (column: number) =>
      chunks.filter((c) => c.column === column).map((c) => c.values.constructor.name);
    // Column 0: 10,001 values (with the empty one) after the first chunk → Uint16Array until
    // the dictionary passes 65,536 values, then Uint32Array.
    expect(kinds(0)).toEqual([
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
      'Uint32Array',
    ]);
    // Column 1: 101, 201 values, then 301 and more.
    expect(kinds(1)).toEqual([
      'Uint8Array',
      'Uint8Array',
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
      'Uint16Array',
    ]);
    expect(new Set(kinds(2))).toEqual(new Set(['Uint8Array']));
    for (const column of [0, 1, 2]) {
      const values = dictionaries.find((d) => d.column === column)!.values();
      const codes = concatChunks(
        chunks.filter((c) => c.column === column).map((c) => c.values),
        { storage: 'dict', type: 'category' },
      );
      expect(codes).toBeInstanceOf(Uint32Array);
      expect(Array.from(codes, (code) => values[code])).toEqual(rows.map((r) => r[column]));
    }
  });
});
