// Bytes → StreamDecoder → CsvScanner, as the import worker and the CLI run them.
import iconv from 'iconv-lite';
import { StreamDecoder, sniffEncoding } from '../../../src/lib/domain/ingest/encoding';
import { CsvScanner } from '../../../src/lib/domain/ingest/csv-scanner';
import { sniffDelimiter } from '../../../src/lib/domain/ingest/delimiter';
import type { EncodingName } from '../../../src/lib/domain/types';
import { fixtureBytes, fixtureText } from './fixtures';

interface Scan {
  encoding: EncodingName;
  records: string[][];
  rows: number[];
}

function scanBytes(bytes: Uint8Array, chunkSize: number): Scan {
  const { encoding, bomLength } = sniffEncoding(bytes.subarray(0, 1024 * 1024));
  const decoder = new StreamDecoder(encoding, bomLength);
  const records: string[][] = [];
  const rows: number[] = [];
  const scanner = new CsvScanner({
    delimiter: ',',
    onRecord: (fields, row) => {
      records.push(fields);
      rows.push(row);
    },
  });
  for (let i = 0; i < bytes.length; i += chunkSize) {
    // As runImport: an all-ASCII chunk with nothing left open goes in undecoded.
    const piece = bytes.subarray(i, i + chunkSize);
    if (decoder.takeAscii(piece)) {
      scanner.pushAscii(piece);
    } else {
      scanner.push(decoder.push(piece));
    }
  }
  scanner.push(decoder.end());
  scanner.end();
  return { encoding, records, rows };
}

const withBom = (bom: number[], body: Uint8Array) => {
  const out = new Uint8Array(bom.length + body.length);
  out.set(bom);
  out.set(body, bom.length);
  return out;
};

describe('decoding and scanning a byte stream', () => {
  const text = fixtureText('cn-orders.csv');
  const utf8 = fixtureBytes('cn-orders.csv'); // UTF-8 with BOM, CRLF, a multi-line cell
  const gb18030 = new Uint8Array(iconv.encode(text, 'gb18030'));

  it('reads the Chinese orders fixture whole', () => {
    const whole = scanBytes(utf8, utf8.length);
    expect(whole.encoding).toBe('utf-8-bom');
    expect(whole.records).toHaveLength(9);
    expect(whole.records[0]![0]).toBe('订单编号');
    expect(whole.records[5]![6]).toBe('陈杰\r\n（备注：周末送货）');
    expect(whole.rows).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10]);
    expect(sniffDelimiter(text)).toBe(',');
  });

  it('gives identical records for every chunk size, in UTF-8 and in GB18030', () => {
    const expected = scanBytes(utf8, utf8.length);
    for (const [name, bytes, encoding] of [
      ['utf-8', utf8, 'utf-8-bom'],
      ['gb18030', gb18030, 'gb18030'],
    ] as const) {
      for (let size = 1; size <= bytes.length; size++) {
        const got = scanBytes(bytes, size);
        expect(got.encoding, `${name} / ${size}`).toBe(encoding);
        expect(got.records, `${name} / ${size}`).toEqual(expected.records);
        expect(got.rows, `${name} / ${size}`).toEqual(expected.rows);
      }
    }
  });

  it('reads UTF-16 with and without a BOM, both byte orders', () => {
    const expected = scanBytes(utf8, utf8.length).records;
    const le = new Uint8Array(iconv.encode(text, 'utf16le'));
    const be = new Uint8Array(iconv.encode(text, 'utf16be'));
    const cases: [Uint8Array, EncodingName][] = [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
      [withBom([0xff, 0xfe], le), 'utf-16le'],
      [withBom([0xfe, 0xff], be), 'utf-16be'],
    ];
    for (const [bytes, encoding] of cases) {
      for (const size of [1, 3, 64, bytes.length]) {
        const got = scanBytes(bytes, size);
        expect(got.encoding).toBe(encoding);
        expect(got.records).toEqual(expected);
      }
    }
  });

  it('reads a GBK export of the orders file (GB18030 is a superset)', () => {
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'));
    const got = scanBytes(gbk, 4096);
    expect(got.encoding).toBe('gb18030');
    expect(got.records).toEqual(scanBytes(utf8, utf8.length).records);
  });
});
