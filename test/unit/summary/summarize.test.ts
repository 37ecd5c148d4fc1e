import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { summarizeFiles, type SourceFile } from '../../../src/lib/domain/summary/summarize-files';
import { ImportError } from '../../../src/lib/domain/ingest/read';
import { SUMMARY_SCHEMA } from '../../../src/lib/domain/summary/summary';

const FIXTURES = path.resolve('test/fixtures/csv');

function source(name: string, bytes: Uint8Array, chunk = 64 * 1024): SourceFile {
  return {
    name,
    size: bytes.length,
    head: async (n) => bytes.slice(0, n),
    stream: async function* () {
      for (let i = 0; i < bytes.length; i += chunk) {
        yield bytes.slice(i, i + chunk);
      }
    },
  };
}

const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

describe('summarize', () => {
  it('gives the summary v1 of the UCI-style basic.csv', async () => {
    const s = await summarizeFiles([source('basic.csv', fixture('basic.csv'))], { lang: 'en' });
    expect(s.schema).toBe(SUMMARY_SCHEMA);
    expect(s.inputs[0]).toMatchObject({
      name: 'basic.csv',
      encoding: 'utf-8',
      delimiter: ',',
      rows: 20,
    });
    expect(s.inputs[0]!.columns.find((c) => c.name === 'CustomerID')).toEqual({
      name: 'CustomerID',
      type: 'id',
      role: 'customerId',
      pii: null,
    });
    expect(s.transactions).toEqual({
      rows: 20,
      kept: 15,
      excluded: {
        noCustomer: 2,
        badDate: 0,
        badAmount: 0,
        cancelled: 2,
        zeroAmount: 1,
        duplicate: 0,
      },
    });
    // 17850.0 and 17850 are one customer.
    expect(s.customers).toBe(7);
    // The latest kept transaction (1/20/2011 18:08) + exactly 24 hours.
    expect(s.analysisDate).toBe('2011-01-21T18:08:00.000Z');
    expect(Object.keys(s)).toEqual([
      'schema',
      'inputs',
      'transactions',
      'analysisDate',
      'customers',
      'rfm',
      'clusters',
      'lifecycle',
      'consent',
      'tags',
    ]);
  });

  it('includes what --include asks for', async () => {
    const s = await summarizeFiles([source('basic.csv', fixture('basic.csv'))], {
      lang: 'en',
      include: ['cancelled', 'zeroAmount'],
    });
    expect(s.transactions!.kept).toBe(18);
    expect(s.transactions!.excluded.cancelled).toBe(0);
  });

  it('takes --analysis-date as given', async () => {
    const s = await summarizeFiles([source('basic.csv', fixture('basic.csv'))], {
      lang: 'en',
      analysisDate: Date.UTC(2011, 11, 10),
    });
    expect(s.analysisDate).toBe('2011-12-10T00:00:00.000Z');
  });

  it('gives the same figures for UTF-8, UTF-8 with BOM, UTF-16LE/BE and GB18030 bytes of one file', async () => {
    const text = readFileSync(path.join(FIXTURES, 'cn-orders.csv'), 'utf8').replace(/^\uFEFF/, '');
    const variants: [string, Uint8Array][] = [
      ['utf-8', new Uint8Array(Buffer.from(text, 'utf8'))],
      [
        'utf-8-bom',
        new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      ],
      ['utf-16le', new Uint8Array(iconv.encode(text, 'utf-16le', { addBOM: true }))],
      ['utf-16be', new Uint8Array(iconv.encode(text, 'utf-16be', { addBOM: true }))],
      ['gb18030', new Uint8Array(iconv.encode(text, 'gb18030'))],
    ];
    const results = [];
    for (const [enc, bytes] of variants) {
      const s = await summarizeFiles([source('cn-orders.csv', bytes, 7)], { lang: 'zh-CN' });
      expect(s.inputs[0]!.encoding).toBe(enc);
      results.push({ ...s, inputs: s.inputs.map((i) => ({ ...i, encoding: null })) });
    }
    for (const r of results.slice(1)) {
      expect(r).toEqual(results[0]);
    }
    expect(results[0]!.transactions!.rows).toBeGreaterThan(0);
  });

  it('does not depend on how the bytes are chunked', async () => {
    const text = readFileSync(path.join(FIXTURES, 'cn-orders.csv'), 'utf8');
    const bytes = new Uint8Array(iconv.encode(text, 'gb18030'));
    const whole = await summarizeFiles([source('x.csv', bytes, bytes.length)], { lang: 'en' });
    for (const size of [1, 2, 3, 5, 17, 256]) {
      expect(await summarizeFiles([source('x.csv', bytes, size)], { lang: 'en' })).toEqual(whole);
    }
  });

  it('counts distinct customers across several transaction files', async () => {
    const a = 'order,customer,date,amount\n1,A,2024-01-01,5\n2,B,2024-01-02,5\n';
    const b = 'order,customer,date,amount\n3,B,2024-02-01,5\n4,C,2024-02-02,5\n';
    const s = await summarizeFiles(
      [source('a.csv', new TextEncoder().encode(a)), source('b.csv', new TextEncoder().encode(b))],
      { lang: 'en' },
    );
    expect(s.customers).toBe(3);
    expect(s.transactions!.rows).toBe(4);
    expect(s.analysisDate).toBe('2024-02-03T00:00:00.000Z');
  });

  it('counts orders of different files apart, even where their order ids share codes', async () => {
    // Order "1" of a.csv and order "1" of b.csv are two orders (each file numbers its own);
    // the lines of one order count once.
    const a =
      'order_id,customer,date,amount\n1,A,2024-01-01,5\n1,A,2024-01-01,6\n2,A,2024-01-05,5\n';
    const b = 'order_id,customer,date,amount\n1,A,2024-02-01,5\n2,B,2024-02-02,5\n';
    const s = await summarizeFiles(
      [source('a.csv', new TextEncoder().encode(a)), source('b.csv', new TextEncoder().encode(b))],
      { lang: 'en' },
    );
    // A: orders a1, a2, b1 = 3; B: order b2 = 1.
    expect(s.rfm!.mean.F).toBe(2);
  });

  it('has null transactions for a customer table alone', async () => {
    const csv = '客户ID,性别,城市,营销同意\nC1,男,上海,是\nC2,女,北京,否\n';
    const s = await summarizeFiles([source('c.csv', new TextEncoder().encode(csv))], {
      lang: 'zh-CN',
    });
    expect(s.transactions).toBeNull();
    expect(s.analysisDate).toBeNull();
  });

  describe('refusals name the file and what to do', () => {
    const refuse = async (name: string, bytes: Uint8Array, code: string, opts = {}) => {
      const err = await summarizeFiles([source(name, bytes)], { lang: 'en', ...opts }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).code).toBe(code);
      expect((err as ImportError).message).toContain(name);
      return err as ImportError;
    };

    it('an Excel workbook', async () => {
      const e = await refuse(
        'book.xlsx',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
        'xlsx',
      );
      expect(e.message).toMatch(/Save As/);
    });
    it('an old Excel workbook', () =>
      refuse('book.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'xls'));
    it('a PDF', () => refuse('a.pdf', new TextEncoder().encode('%PDF-1.7\n'), 'pdf'));
    it('a PNG image', () =>
      refuse(
        'a.png',
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
        'image',
      ));
    it('an empty file', () => refuse('empty.csv', fixture('empty.csv'), 'empty'));
    it('a header-only file', () =>
      refuse('header-only.csv', fixture('header-only.csv'), 'headerOnly'));
    it('dates that read both day-first and month-first, unless --date-order is given', async () => {
      await refuse('ambiguous-dates.csv', fixture('ambiguous-dates.csv'), 'ambiguousDates');
      const s = await summarizeFiles(
        [source('ambiguous-dates.csv', fixture('ambiguous-dates.csv'))],
        {
          lang: 'en',
          dateOrder: 'DMY',
        },
      );
      expect(s.inputs[0]!.rows).toBeGreaterThan(0);
    });
    it('transactions without a customer column', () =>
      refuse(
        'orders.csv',
        new TextEncoder().encode('order,date,amount\n1,2024-01-01,5\n2,2024-01-02,6\n'),
        'noCustomerColumn',
      ));
    it('bytes that are not valid in the chosen encoding', async () => {
      // UTF-16LE without BOM is sniffed; here a lone invalid byte in otherwise UTF-8 text makes
      // the sniffer choose GB18030, and an invalid GB18030 sequence then fails with an offset.
      const bytes = new Uint8Array([...new TextEncoder().encode('a,b\n1,2\n'), 0x81, 0x20, 0x0a]);
      const e = await refuse('bad.csv', bytes, 'undecodable');
      expect(e.detail.offset).toBeTypeOf('number');
    });
  });
});
