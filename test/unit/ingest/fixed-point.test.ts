import { describe, expect, it } from 'vitest';
import {
  MISSING,
  narrowChunk,
  widenChunk,
  widenValue,
  type FixedKind,
} from '../../../src/lib/domain/ingest/fixed-point';
import { ColumnarImporter, type ImportPlan } from '../../../src/lib/domain/ingest/importer';
import { concatChunks } from '../../../src/lib/domain/analysis/dataset-data';
import { parseDate } from '../../../src/lib/domain/ingest/date';
import { mulberry32 } from '../../../src/lib/domain/segments/random';

/** narrowChunk then widenChunk: the same doubles, bit for bit (Object.is), or null. */
function roundTrip(values: number[], kind: FixedKind): number[] | null {
  const narrow = narrowChunk(Float64Array.from(values), values.length, kind);
  if (!narrow) {
    return null;
  }
  const out = new Float64Array(values.length);
  widenChunk(narrow, kind, out, 0);
  narrow.forEach((x, i) => expect(Object.is(widenValue(x, kind), out[i])).toBe(true));
  return Array.from(out);
}

describe('fixed point chunks', () => {
  it('keep amounts in cents and dates in whole seconds exactly', () => {
    const random = mulberry32(17);
    const cents = Array.from({ length: 5000 }, () => Math.round((random() - 0.2) * 1e7) / 100);
    cents.push(0, NaN, 0.1, 0.29, 1.1, 21_474_836.47, -21_474_836.47, 1e-2);
    expect(roundTrip(cents, 'hundredths')).toEqual(cents);
    const seconds = Array.from(
      { length: 5000 },
      () => Date.UTC(1990, 0, 1) + Math.floor(random() * 1.5e9) * 1000,
    );
    seconds.push(NaN, Date.UTC(2000, 0, 1), Date.UTC(1970, 0, 1), Date.UTC(2067, 11, 31));
    expect(roundTrip(seconds, 'seconds')).toEqual(seconds);
  });

  it('give up on a chunk with a value that would not come back exactly', () => {
    expect(roundTrip([1.5, 2.001], 'hundredths')).toBeNull(); // a tenth of a cent
    expect(roundTrip([1.005], 'hundredths')).toBeNull(); // three decimals
    expect(roundTrip([1, 21_474_836.48], 'hundredths')).toBeNull(); // beyond 32 bits
    expect(roundTrip([1, -0], 'hundredths')).toBeNull(); // -0 would come back as 0
    expect(roundTrip([1, Infinity], 'hundredths')).toBeNull();
    expect(roundTrip([Date.UTC(2024, 0, 1, 8, 0, 0, 250)], 'seconds')).toBeNull(); // ms
    expect(roundTrip([Date.UTC(2070, 0, 1)], 'seconds')).toBeNull(); // beyond 2068
    expect(roundTrip([Date.UTC(2024, 0, 1), NaN], 'seconds')).not.toBeNull();
    expect(widenValue(MISSING, 'seconds')).toBeNaN();
  });

  it('are how the importer stores dates and amounts that fit, and read back as parsed', async () => {
    const plan: ImportPlan = {
      name: 't.csv',
      kind: 'transactions',
      lang: 'en',
      encoding: 'utf-8',
      delimiter: ',',
      columns: [
        {
          sourceIndex: 0,
          name: 'customer',
          type: 'id',
          role: 'customerId',
          pii: null,
          action: 'keep',
        },
        {
          sourceIndex: 1,
          name: 'date',
          type: 'date',
          role: 'date',
          pii: null,
          action: 'keep',
          dateOrder: 'YMD',
        },
        {
          sourceIndex: 2,
          name: 'amount',
          type: 'number',
          role: 'amount',
          pii: null,
          action: 'keep',
        },
      ],
      include: [],
      chunkRows: 3,
    };
    const rows = [
      ['C1', '2024-11-01 08:00:00', '613.90'],
      ['C2', '2024-11-01 09:30:15', '24'],
      ['C3', '', 'oops'],
      // A chunk with a time to the millisecond and an amount to a tenth of a cent.
      ['C4', '2024-11-02T10:00:00.250', '1.005'],
      ['C5', '2024-11-02 11:00:00', '2.50'],
    ];
    const imp = new ColumnarImporter(plan);
    rows.forEach((r, i) => imp.addRecord(r, i + 2));
    await imp.finish(null);
    const chunks = imp.takeChunks();
    const of = (column: number) => chunks.filter((c) => c.column === column).map((c) => c.values);
    expect(of(1).map((v) => v.constructor.name)).toEqual(['Int32Array', 'Float64Array']);
    expect(of(2).map((v) => v.constructor.name)).toEqual(['Int32Array', 'Float64Array']);
    const dates = concatChunks(of(1), { storage: 'f64', type: 'date' });
    expect(Array.from(dates)).toEqual(rows.map((r) => (r[1] ? parseDate(r[1], 'YMD') : NaN)));
    const amounts = concatChunks(of(2), { storage: 'f64', type: 'number' });
    expect(Array.from(amounts)).toEqual([613.9, 24, NaN, 1.005, 2.5]);
  });
});
