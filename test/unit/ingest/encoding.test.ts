import iconv from 'iconv-lite';
import {
  DecodeError,
  StreamDecoder,
  detectFileKind,
  findInvalidUtf8,
  sniffEncoding,
} from '../../../src/lib/domain/ingest/encoding';
import type { EncodingName } from '../../../src/lib/domain/types';
import { fixtureBytes, fixtureText } from './fixtures';

const CN_TEXT = '客户编号,姓名,城市,消费金额\nC001,张伟,北京,1299.00\nC002,王芳,上海,59.90\n';

function bytesOf(...parts: (number[] | Uint8Array)[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function encode(text: string, encoding: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, encoding));
}

/**
 * Decodes `bytes` in chunks of `size`; returns the text or the DecodeError. With `ascii`, chunks
 * that takeAscii accepts are taken as their bytes (as runImport does) and counted in `taken`.
 */
function decodeInChunks(
  bytes: Uint8Array,
  encoding: EncodingName,
  bomLength: number,
  size: number,
  ascii?: { taken: number },
): string | DecodeError {
  const decoder = new StreamDecoder(encoding, bomLength);
  let text = '';
  try {
    for (let i = 0; i < bytes.length; i += size) {
      const piece = bytes.subarray(i, i + size);
      if (ascii && decoder.takeAscii(piece)) {
        ascii.taken++;
        text += String.fromCharCode(...piece);
      } else {
        text += decoder.push(piece);
      }
    }
    text += decoder.end();
  } catch (e) {
    if (e instanceof DecodeError) {
      return e;
    }
    throw e;
  }
  return text;
}

describe('detectFileKind', () => {
  it('recognises spreadsheets, PDFs and images by their magic bytes', () => {
    expect(detectFileKind(bytesOf([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]))).toBe('xlsx');
    expect(detectFileKind(bytesOf([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe(
      'xls',
    );
    expect(detectFileKind(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
    expect(
      detectFileKind(bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
    ).toBe('image');
    expect(detectFileKind(bytesOf([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image');
    expect(detectFileKind(new TextEncoder().encode('GIF89a\x01\x00'))).toBe('image');
    expect(
      detectFileKind(bytesOf([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0x56])),
    ).toBe('image');
    expect(detectFileKind(bytesOf([0x42, 0x4d, 0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36, 0]))).toBe(
      'image',
    );
  });

  it('flags NUL bytes and control-byte soup as binary', () => {
    expect(detectFileKind(bytesOf([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).toBe('binary');
    expect(detectFileKind(bytesOf([1, 2, 3, 4, 5, 6, 7, 8, 0x41, 0x42]))).toBe('binary');
  });

  it('lets text through: CSV (even one starting with "BM"), UTF-16, GB18030, empty', () => {
    expect(detectFileKind(new TextEncoder().encode('BMI,age\n22.5,31\n'))).toBeNull();
    expect(detectFileKind(fixtureBytes('basic.csv'))).toBeNull();
    expect(detectFileKind(encode(CN_TEXT, 'utf16le'))).toBeNull();
    expect(detectFileKind(encode(CN_TEXT, 'utf16be'))).toBeNull();
    expect(detectFileKind(encode(CN_TEXT, 'gb18030'))).toBeNull();
    expect(detectFileKind(new Uint8Array(0))).toBeNull();
  });
});

describe('sniffEncoding', () => {
  it('reads BOMs', () => {
    expect(sniffEncoding(fixtureBytes('cn-orders.csv'))).toEqual({
      encoding: 'utf-8-bom',
      bomLength: 3,
    });
    expect(sniffEncoding(bytesOf([0xff, 0xfe], encode(CN_TEXT, 'utf16le')))).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
    });
    expect(sniffEncoding(bytesOf([0xfe, 0xff], encode(CN_TEXT, 'utf16be')))).toEqual({
      encoding: 'utf-16be',
      bomLength: 2,
    });
  });

  it('recognises UTF-16 without a BOM by where the zero bytes are', () => {
    expect(sniffEncoding(encode(CN_TEXT, 'utf16le'))).toEqual({
      encoding: 'utf-16le',
      bomLength: 0,
    });
    expect(sniffEncoding(encode(CN_TEXT, 'utf16be'))).toEqual({
      encoding: 'utf-16be',
      bomLength: 0,
    });
    const english = fixtureText('basic.csv');
    expect(sniffEncoding(encode(english, 'utf16le')).encoding).toBe('utf-16le');
    expect(sniffEncoding(encode(english, 'utf16be')).encoding).toBe('utf-16be');
  });

  it('takes valid UTF-8 as UTF-8, even when the sample cuts a character in half', () => {
    expect(sniffEncoding(new TextEncoder().encode(CN_TEXT))).toEqual({
      encoding: 'utf-8',
      bomLength: 0,
    });
    expect(sniffEncoding(new TextEncoder().encode('a,b\n1,2\n')).encoding).toBe('utf-8');
    const cut = new TextEncoder().encode(CN_TEXT).subarray(0, 4); // "客" + 1 byte of "户"
    expect(sniffEncoding(cut).encoding).toBe('utf-8');
  });

  it('takes GBK / GB18030 bytes as gb18030', () => {
    expect(sniffEncoding(encode(CN_TEXT, 'gbk')).encoding).toBe('gb18030');
    expect(sniffEncoding(encode(fixtureText('cn-orders.csv'), 'gb18030')).encoding).toBe('gb18030');
  });

  it('validates UTF-8 strictly (overlongs, surrogates, stray continuation bytes)', () => {
    expect(findInvalidUtf8(bytesOf([0x41, 0xc0, 0x80]))).toBe(1);
    expect(findInvalidUtf8(bytesOf([0xed, 0xa0, 0x80]))).toBe(0);
    expect(findInvalidUtf8(bytesOf([0x41, 0x80]))).toBe(1);
    expect(findInvalidUtf8(bytesOf([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(findInvalidUtf8(bytesOf([0xe4, 0xb8, 0xad]))).toBe(-1);
    expect(findInvalidUtf8(bytesOf([0xe4, 0xb8]))).toBe(0);
    expect(findInvalidUtf8(bytesOf([0xe4, 0xb8]), 0, true)).toBe(-1);
  });
});

describe('StreamDecoder', () => {
  it('decodes every encoding in chunks of any size and skips the BOM', () => {
    const variants: [EncodingName, Uint8Array][] = [
      ['utf-8', new TextEncoder().encode(CN_TEXT)],
      ['utf-8-bom', bytesOf([0xef, 0xbb, 0xbf], new TextEncoder().encode(CN_TEXT))],
      ['utf-16le', bytesOf([0xff, 0xfe], encode(CN_TEXT, 'utf16le'))],
      ['utf-16be', encode(CN_TEXT, 'utf16be')],
      ['gb18030', encode(CN_TEXT, 'gb18030')],
    ];
    for (const [encoding, bytes] of variants) {
      const { bomLength } = sniffEncoding(bytes);
      for (const size of [1, 2, 3, 5, 7, bytes.length]) {
        expect(decodeInChunks(bytes, encoding, bomLength, size), `${encoding} / ${size}`).toBe(
          CN_TEXT,
        );
      }
    }
  });

  it('takes ASCII chunks undecoded only where decoding gives the same text or error', () => {
    // GB18030 writes 𠀀 in four bytes, two of them ASCII digits; 中 is two bytes in both.
    const text = 'id,name\n1,𠀀a\n2,中b\n3,plain ascii line\n'.repeat(3);
    const utf8 = new TextEncoder().encode(text);
    const cases: [string, EncodingName, number, Uint8Array][] = [
      ['utf-8', 'utf-8', 0, utf8],
      ['utf-8-bom', 'utf-8-bom', 3, bytesOf([0xef, 0xbb, 0xbf], utf8)],
      ['gb18030', 'gb18030', 0, encode(text, 'gb18030')],
      ['utf-16le', 'utf-16le', 0, encode(text, 'utf16le')],
      // A lead byte at the end of one chunk and ASCII after it: the error, at its offset.
      ['utf-8, cut sequence', 'utf-8', 0, bytesOf(utf8.subarray(0, 10), [0xe4], utf8.subarray(10))],
      ['gb18030, cut sequence', 'gb18030', 0, bytesOf([0x61, 0x81, 0x30], utf8.subarray(0, 40))],
    ];
    for (const [name, encoding, bomLength, bytes] of cases) {
      let taken = 0;
      for (const size of [1, 2, 3, 4, 5, 7, 11, 16, bytes.length]) {
        const ascii = { taken: 0 };
        const plain = decodeInChunks(bytes, encoding, bomLength, size);
        const mixed = decodeInChunks(bytes, encoding, bomLength, size, ascii);
        const outcome = (r: string | DecodeError) => (typeof r === 'string' ? r : r.byteOffset);
        expect(outcome(mixed), `${name} / ${size}`).toEqual(outcome(plain));
        taken += ascii.taken;
      }
      if (encoding === 'utf-16le') {
        expect(taken, name).toBe(0);
      } else {
        expect(taken, name).toBeGreaterThan(0);
      }
    }
  });

  it('keeps a U+FEFF that is not at the start of the file', () => {
    const bytes = new TextEncoder().encode('a\ufeffb');
    expect(decodeInChunks(bytes, 'utf-8', 0, 1)).toBe('a\ufeffb');
  });

  it('reports the exact offset of a bad UTF-8 byte, whatever the chunking', () => {
    const good = new TextEncoder().encode(CN_TEXT);
    const bad = bytesOf(good.subarray(0, 20), [0xff], good.subarray(20));
    for (const size of [1, 2, 3, 4, 7, 16, 20, 21, bad.length]) {
      const result = decodeInChunks(bad, 'utf-8', 0, size);
      expect(result).toBeInstanceOf(DecodeError);
      expect((result as DecodeError).byteOffset, `chunks of ${size}`).toBe(20);
    }
  });

  it('points at the start of a broken multi-byte sequence, BOM included in the offset', () => {
    // BOM (3) + "a," (2) + first two bytes of 中 followed by ASCII: the sequence starts at 5.
    const bytes = bytesOf([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0xe4, 0xb8, 0x41, 0x0a]);
    for (const size of [1, 2, 3, 6, 7, bytes.length]) {
      const result = decodeInChunks(bytes, 'utf-8-bom', 3, size);
      expect((result as DecodeError).byteOffset, `chunks of ${size}`).toBe(5);
    }
  });

  it('reports a multi-byte character cut by the end of the file', () => {
    const bytes = bytesOf(new TextEncoder().encode('a,b\n1,'), [0xe4, 0xb8]);
    for (const size of [1, 3, bytes.length]) {
      const result = decodeInChunks(bytes, 'utf-8', 0, size);
      expect((result as DecodeError).byteOffset).toBe(6);
    }
  });

  it('reports the offset of an unpaired UTF-16 surrogate', () => {
    const good = encode('ab,cd\n', 'utf16le'); // 12 bytes
    const bad = bytesOf(good.subarray(0, 6), [0x00, 0xdc], good.subarray(6)); // lone low surrogate
    for (const size of [1, 2, 3, 5, bad.length]) {
      const result = decodeInChunks(bad, 'utf-16le', 0, size);
      expect((result as DecodeError).byteOffset, `chunks of ${size}`).toBe(6);
    }
  });

  it('reports an approximate offset for a bad GB18030 byte', () => {
    const good = encode(CN_TEXT, 'gb18030');
    const bad = bytesOf(good.subarray(0, 10), [0xff], good.subarray(10));
    for (const size of [1, 4, 9, bad.length]) {
      const result = decodeInChunks(bad, 'gb18030', 0, size);
      expect(result).toBeInstanceOf(DecodeError);
      const offset = (result as DecodeError).byteOffset;
      expect(Math.abs(offset - 10), `chunks of ${size}`).toBeLessThanOrEqual(3);
    }
  });

  it('fails loudly on GBK bytes read as UTF-8 instead of producing U+FFFD', () => {
    const result = decodeInChunks(encode(CN_TEXT, 'gbk'), 'utf-8', 0, 64);
    expect(result).toBeInstanceOf(DecodeError);
    expect((result as DecodeError).byteOffset).toBe(0);
    expect((result as DecodeError).message).toContain('offset 0');
  });
});
