import { describe, expect, it } from 'vitest';
import {
  FingerprintSet,
  NumberSet,
  StringDict,
  fingerprint,
  hashString,
  joinValues,
} from '../../../src/lib/domain/ingest/hash-tables';
import { mulberry32 as rng } from '../../../src/lib/domain/segments/random';

const ALPHABET = ['a', 'b', 'Z', '0', '9', ' ', '张', '静', '😀', '\u0000', '\ud800', 'é'];

function randomString(next: () => number, maxLen: number): string {
  const len = Math.floor(next() * (maxLen + 1));
  let s = '';
  for (let i = 0; i < len; i++) {
    s += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  }
  return s;
}

describe('StringDict', () => {
  it('gives the same codes, values and counts after reserve() as when it grows by itself', () => {
    const grown = new StringDict();
    const reserved = new StringDict();
    grown.add('A1');
    reserved.add('A1');
    reserved.reserve(50_000, 400_000);
    for (let i = 0; i < 30_000; i++) {
      const v = `SO${(i * 7919) % 20_000}`;
      expect(reserved.add(v)).toBe(grown.add(v));
    }
    expect(reserved.size).toBe(grown.size);
    expect(reserved.charCount).toBe(grown.charCount);
    expect(reserved.values()).toEqual(grown.values());
    expect(reserved.joined()).toEqual(grown.joined());
    expect(reserved.countOf(reserved.codeOf('SO7919'))).toBe(grown.countOf(grown.codeOf('SO7919')));
    // Asking for less than it holds changes nothing.
    reserved.reserve(10, 10);
    expect(reserved.values()).toEqual(grown.values());
  });

  it('joins every value by NUL straight from its arena, as joinValues joins the values', () => {
    const random = rng(7);
    const pool = ['', 'a', '张静', 'SO1', '\u{1F600}', 'x\u0000y', 'Guangzhou'];
    for (const lone of [false, true]) {
      const d = new StringDict();
      for (let i = 0; i < 3000; i++) {
        const v = pool[Math.floor(random() * pool.length)]! + String(Math.floor(random() * 500));
        d.add(v);
      }
      if (lone) {
        d.add('half \ud83d of a pair'); // a lone surrogate: TextDecoder would replace it
      }
      const values = d.values();
      expect(d.joined()).toEqual(joinValues(values));
      const { text, ends } = d.joined();
      expect(ends).toHaveLength(d.size);
      expect(text.slice(ends[0]! + 1, ends[1]!)).toBe(values[1]);
    }
    const ascii = new StringDict();
    for (let i = 0; i < 2000; i++) {
      ascii.add(`SO${i % 1500}`);
    }
    expect(ascii.joined()).toEqual(joinValues(ascii.values()));
    expect(new StringDict().joined()).toEqual({ text: '', ends: new Uint32Array([0]) });
  });

  it('starts with the empty value as code 0 and counts nothing yet', () => {
    const d = new StringDict();
    expect(d.size).toBe(1);
    expect(d.value(0)).toBe('');
    expect(d.countOf(0)).toBe(0);
    expect(d.add('')).toBe(0);
    expect(d.countOf(0)).toBe(1);
  });

  it('gives the same codes, values and counts as a Map in order of first sight', () => {
    const next = rng(7);
    const d = new StringDict();
    const map = new Map<string, number>([['', 0]]);
    const counts = [0];
    for (let i = 0; i < 20_000; i++) {
      const s = randomString(next, 6);
      let code = map.get(s);
      if (code === undefined) {
        code = map.size;
        map.set(s, code);
        counts.push(0);
      }
      counts[code]!++;
      if (d.add(s) !== code) {
        throw new Error(`code of ${JSON.stringify(s)}: expected ${code}`);
      }
    }
    expect(d.size).toBe(map.size);
    expect(d.values()).toEqual([...map.keys()]);
    for (const [s, code] of map) {
      expect(d.value(code)).toBe(s);
      expect(d.countOf(code)).toBe(counts[code]);
      expect(d.codeOf(s)).toBe(code);
    }
  });

  it('grows past many rehashes with near-unique values (order ids)', () => {
    const d = new StringDict();
    const wrong: number[] = [];
    for (let i = 0; i < 300_000; i++) {
      if (d.add(`ORD${i}`) !== i + 1) {
        wrong.push(i);
      }
    }
    expect(wrong).toEqual([]);
    expect(d.size).toBe(300_001);
    expect(d.value(123_457)).toBe('ORD123456');
    expect(d.codeOf('ORD299999')).toBe(300_000);
    expect(d.size).toBe(300_001);
  });

  it('keeps long values and lone surrogates exactly', () => {
    const d = new StringDict();
    const long = 'x'.repeat(70_000) + '尾';
    const odd = 'a\ud800b\udfff';
    expect(d.add(long)).toBe(1);
    expect(d.add(odd)).toBe(2);
    expect(d.value(1)).toBe(long);
    expect(d.values()[2]).toBe(odd);
    expect(d.add(long)).toBe(1);
  });

  it('gives back every value by values(), with emoji, CJK and surrogates split across values', () => {
    for (const list of [
      ['张静', '😀 ok', 'plain'],
      ['a\ud83d', '\ude00b', 'c'],
      ['\udfff', 'x\ud800'],
    ]) {
      const d = new StringDict();
      for (const v of list) {
        d.add(v);
      }
      expect(d.values()).toEqual(['', ...list]);
    }
  });

  it('tells apart strings whose hashes collide', () => {
    // Find two strings with the same 32-bit hash among short ones (birthday bound ~ 2^16).
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const s = `k${i}`;
      const h = hashString(s);
      const other = seen.get(h);
      if (other !== undefined) {
        pair = [other, s];
      }
      seen.set(h, s);
    }
    const d = new StringDict();
    expect(d.add(pair[0])).toBe(1);
    expect(d.add(pair[1])).toBe(2);
    expect(d.codeOf(pair[0])).toBe(1);
    expect(d.codeOf(pair[1])).toBe(2);
  });
});

describe('fingerprint and FingerprintSet', () => {
  const fp = (parts: string[]) => {
    const out = new Int32Array(2);
    fingerprint(parts, out);
    return [out[0]!, out[1]!] as const;
  };

  it('depends on where the boundaries fall and on the number of parts', () => {
    expect(fp(['ab', 'c'])).not.toEqual(fp(['a', 'bc']));
    expect(fp(['a', ''])).not.toEqual(fp(['a']));
    expect(fp(['a\u0001b'])).not.toEqual(fp(['a', 'b']));
    expect(fp(['', ''])).not.toEqual(fp(['']));
    expect(fp(['x', 'y'])).toEqual(fp(['x', 'y']));
  });

  it('finds exactly the repeated rows of a random table, like a Set of joined rows', () => {
    const next = rng(11);
    const set = new FingerprintSet();
    const naive = new Set<string>();
    let repeats = 0;
    for (let i = 0; i < 50_000; i++) {
      const row = [randomString(next, 2), randomString(next, 2), String(Math.floor(next() * 4))];
      const key = JSON.stringify(row);
      const isNew = !naive.has(key);
      naive.add(key);
      const [lo, hi] = fp(row);
      if (set.add(lo, hi) !== isNew) {
        throw new Error(`row ${i} ${key}: expected isNew ${isNew}`);
      }
      repeats += isNew ? 0 : 1;
    }
    expect(repeats).toBeGreaterThan(1000);
    expect(set.size).toBe(naive.size);
  });
});

describe('NumberSet', () => {
  it('counts distinct numbers like a Set (0 and -0 one value, NaN one value)', () => {
    const next = rng(3);
    const set = new NumberSet();
    const naive = new Set<number>();
    const special = [0, -0, NaN, NaN, Infinity, -Infinity, 1e-300, Number.MAX_VALUE];
    for (const v of special) {
      set.add(v);
      naive.add(v);
    }
    for (let i = 0; i < 30_000; i++) {
      const v = Math.round(next() * 5000) / 100;
      set.add(v);
      naive.add(v);
    }
    expect(set.size).toBe(naive.size);
  });
});
