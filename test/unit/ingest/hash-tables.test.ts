import { describe, expect, it } from 'vitest';
import {
  FingerprintSet,
  KeyedFingerprints,
  NumberSet,
  StringDict,
  fingerprint,
  hashString,
  joinValues,
  unshare,
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

/** Adds every value to a StringDict and to a Map; codes, values and counts must agree. */
function expectLikeMap(values: readonly string[], reserveAfter = -1): StringDict {
  const d = new StringDict();
  const map = new Map<string, number>([['', 0]]);
  const counts = [0];
  values.forEach((s, i) => {
    if (i === reserveAfter) {
      d.reserve(values.length, values.length * 12);
    }
    let code = map.get(s);
    if (code === undefined) {
      code = map.size;
      map.set(s, code);
      counts.push(0);
    }
    counts[code]!++;
    if (d.add(s) !== code) {
      throw new Error(`value ${i} ${JSON.stringify(s)}: expected code ${code}`);
    }
  });
  expect(d.size).toBe(map.size);
  expect(d.values()).toEqual([...map.keys()]);
  expect(Array.from({ length: d.size }, (_, code) => d.countOf(code))).toEqual(counts);
  // Every value found again (an array compare: one expect per value is slow).
  expect([...map.keys()].map((s) => d.codeOf(s))).toEqual([...map.values()]);
  expect(d.size).toBe(map.size); // codeOf added nothing
  return d;
}

describe('StringDict', () => {
  it('gives the codes of a Map to order ids in increasing order, with the exceptions of real files', () => {
    const next = rng(5);
    const values: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const id = `SO${2411010000 + i}`;
      values.push(id);
      const r = next();
      if (r < 0.3) {
        values.push(id, id); // the lines of one order
      } else if (r < 0.32) {
        values.push(`C${id}`); // a cancellation: out of order
      } else if (r < 0.34 && values.length > 10) {
        values.push(values[Math.floor(next() * values.length)]!); // an earlier order again
      } else if (r < 0.35) {
        values.push(''); // no order id
      }
    }
    // Date-stamped ids whose daily number outgrows four digits, then the next day's.
    for (const day of ['SO241111', 'SO241112']) {
      for (let i = 9990; i < 10_010; i++) {
        values.push(`${day}${String(i).padStart(4, '0')}`);
      }
    }
    // Numbers without leading zeros: one run per length.
    for (let i = 1; i < 3000; i++) {
      values.push(String(i));
    }
    expectLikeMap(values);
    expectLikeMap(values, 100);
  });

  it('gives the codes of a Map when the values stop coming in order, or never did', () => {
    const next = rng(9);
    const sortedThenRandom: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      sortedThenRandom.push(`K${100_000 + i}`);
    }
    for (let i = 0; i < 40_000; i++) {
      sortedThenRandom.push(`K${100_000 + Math.floor(next() * 50_000)}`);
    }
    expectLikeMap(sortedThenRandom);
    expectLikeMap(sortedThenRandom, 5000);
    const categories: string[] = [];
    const pool = ['Web', 'App', 'Tmall', 'JD', '线下门店', 'WeChat', ''];
    for (let i = 0; i < 20_000; i++) {
      categories.push(pool[Math.floor(next() * pool.length)]!);
    }
    expectLikeMap(categories);
    const descending: string[] = [];
    for (let i = 30_000; i > 0; i--) {
      descending.push(`D${i}`);
    }
    expectLikeMap(descending);
  });

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
      expect(d.joined().hasNul).toBe(true); // 'x\u0000y' is among the values
      const { text, ends } = d.joined();
      expect(ends).toHaveLength(d.size);
      expect(text.slice(ends[0]! + 1, ends[1]!)).toBe(values[1]);
    }
    const ascii = new StringDict();
    for (let i = 0; i < 2000; i++) {
      ascii.add(`SO${i % 1500}`);
    }
    expect(ascii.joined()).toEqual(joinValues(ascii.values()));
    expect(new StringDict().joined()).toEqual({
      text: '',
      ends: new Uint32Array([0]),
      hasNul: false,
    });
  });

  it('front-codes values that share their beginnings, and gives every value back', () => {
    const frontValues = (j: ReturnType<StringDict['joined']>) =>
      j.shared ? unshare(j.text.split('\u0000'), j.shared) : j.text.split('\u0000');
    // Order ids in order, some of them cancelled (C…), a few out of order; Chinese text; a
    // value that is a prefix of the one before; a long shared beginning (over 255).
    const ids = new StringDict();
    const long = 'x'.repeat(300);
    for (let i = 0; i < 5000; i++) {
      ids.add(i % 97 === 0 ? `CSO24110${10_000 + i}` : `SO24110${10_000 + i}`);
      if (i % 500 === 0) {
        ids.add(`订单-上海-${i}`);
        ids.add(`${long}${i}`);
        ids.add(`${long}${i}b`);
        ids.add(`${long}`.slice(0, 280));
      }
    }
    const values = ids.values();
    const plain = ids.joined();
    const front = ids.joined(true);
    expect(plain.shared).toBeUndefined();
    expect(front.shared).toHaveLength(ids.size);
    expect(front.text.length * 3).toBeLessThan(plain.text.length);
    expect(Math.max(...front.shared!)).toBe(255);
    expect(frontValues(front)).toEqual(values);

    // Values that share little are not front-coded: customers in random order, pseudonyms.
    const random = rng(11);
    const keys = new StringDict();
    for (let i = 0; i < 3000; i++) {
      keys.add(Math.floor(random() * 1e9).toString(36));
    }
    expect(keys.joined(true)).toEqual(keys.joined());

    // A value holding a NUL: plain, with its ends.
    const nul = new StringDict();
    for (let i = 0; i < 100; i++) {
      nul.add(`SO000${i}`);
    }
    nul.add('SO000\u0000x');
    expect(nul.joined(true)).toEqual(nul.joined());
    expect(nul.joined(true).hasNul).toBe(true);
  });

  it('never splits a surrogate pair between the shared part and the rest', () => {
    const d = new StringDict();
    // U+1F600 and U+1F601 share their high surrogate: the shared part must stop before it.
    for (let i = 0; i < 200; i++) {
      d.add(`emoji-${String(i).padStart(3, '0')}-\u{1F600}`);
      d.add(`emoji-${String(i).padStart(3, '0')}-\u{1F601}`);
    }
    const j = d.joined(true);
    expect(j.shared).toBeDefined();
    const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const part of j.text.split('\u0000')) {
      expect(part).not.toMatch(lone);
    }
    expect(unshare(j.text.split('\u0000'), j.shared!)).toEqual(d.values());
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
    const d = expectLikeMap(Array.from({ length: 20_000 }, () => randomString(next, 6)));
    const values = d.values();
    expect(values.map((_, code) => d.value(code))).toEqual(values);
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

describe('KeyedFingerprints', () => {
  it('finds the repeated rows a FingerprintSet finds, rows keyed by the code of their first cell', () => {
    const next = rng(13);
    const keyed = new KeyedFingerprints();
    const plain = new FingerprintSet();
    const reserved = new FingerprintSet();
    reserved.reserve(60_000);
    const codes = new StringDict();
    const out = new Int32Array(2);
    let repeats = 0;
    for (let i = 0; i < 60_000; i++) {
      // Mostly new first cells in order, with repeats of recent and of old rows.
      const first = next() < 0.8 ? `O${i}` : `O${Math.floor(next() * (i + 1))}`;
      const row = [first, randomString(next, 1), String(Math.floor(next() * 3))];
      fingerprint(row, out);
      const isNew = plain.add(out[0]!, out[1]!);
      expect(reserved.add(out[0]!, out[1]!)).toBe(isNew);
      if (keyed.add(codes.codeOf(first), out[0]!, out[1]!) !== isNew) {
        throw new Error(`row ${i} ${JSON.stringify(row)}: expected isNew ${isNew}`);
      }
      repeats += isNew ? 0 : 1;
    }
    expect(repeats).toBeGreaterThan(500);
    expect(reserved.size).toBe(plain.size);
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
