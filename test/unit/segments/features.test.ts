import {
  buildFeatureMatrix,
  centroidsInOriginalUnits,
  oneHot,
  signedExpm1,
  signedLog1p,
  zscore,
} from '../../../src/lib/domain/segments/features';

describe('zscore', () => {
  it('scales with the population standard deviation (divides by n)', () => {
    // Column 0: 2, 4, 4, 4, 5, 5, 7, 9 — mean 5, Σ(x − 5)² = 32, population sd = √(32/8) = 2.
    const col = [2, 4, 4, 4, 5, 5, 7, 9];
    const m = Float64Array.from(col.flatMap((v) => [v, 1]));
    const r = zscore(m, 8, 2);
    expect(r.mean[0]).toBe(5);
    expect(r.sd[0]).toBe(2);
    expect(Array.from({ length: 8 }, (_, i) => r.data[i * 2])).toEqual(col.map((v) => (v - 5) / 2));
  });

  it('turns a constant column into zeros', () => {
    const r = zscore(Float64Array.from([3, 3, 3]), 3, 1);
    expect(Array.from(r.data)).toEqual([0, 0, 0]);
    expect(r.sd).toEqual([0]);
    expect(r.mean).toEqual([3]);
  });

  it('replaces missing values by the column mean before scaling, so they become 0', () => {
    // Present: 1, 3 (mean 2); imputed column 1, 2, 3, 2: Σ(x − 2)² = 2, sd = √(2/4).
    const r = zscore(Float64Array.from([1, Number.NaN, 3, Infinity]), 4, 1);
    const sd = Math.sqrt(2 / 4);
    expect(r.mean).toEqual([2]);
    expect(r.sd[0]).toBeCloseTo(sd, 15);
    expect(r.missing).toEqual([2]);
    expect(Array.from(r.data)).toEqual([-1 / sd, 0, 1 / sd, 0]);
  });

  it('gives an all-missing column zeros', () => {
    const r = zscore(Float64Array.from([Number.NaN, Number.NaN]), 2, 1);
    expect(Array.from(r.data)).toEqual([0, 0]);
    expect(r.missing).toEqual([2]);
  });

  it('leaves its input alone', () => {
    const m = Float64Array.from([1, 2, 3]);
    zscore(m, 3, 1);
    expect(Array.from(m)).toEqual([1, 2, 3]);
  });
});

describe('buildFeatureMatrix', () => {
  it('log1ps R, F and M by default and nothing else, row-major', () => {
    const R = [0, 9, 99];
    const F = [1, 2, 3];
    const age = [20, 30, 40];
    const fm = buildFeatureMatrix([
      { name: 'R', values: R },
      { name: 'F', values: F },
      { name: 'age', values: age },
    ]);
    expect(fm.n).toBe(3);
    expect(fm.d).toBe(3);
    expect(fm.transforms).toEqual(['log1p', 'log1p', 'identity']);
    const logR = R.map(Math.log1p);
    const mean = logR.reduce((s, v) => s + v, 0) / 3;
    expect(fm.mean[0]).toBeCloseTo(mean, 15);
    expect(fm.mean[2]).toBe(30);
    expect(fm.sd[2]).toBeCloseTo(Math.sqrt(200 / 3), 12);
    // Row 2, feature "age": (40 − 30)/sd.
    expect(fm.data[2 * 3 + 2]).toBeCloseTo(10 / Math.sqrt(200 / 3), 12);
    // Each column ends up with mean 0 and population sd 1.
    for (let t = 0; t < 3; t++) {
      const col = [0, 1, 2].map((i) => fm.data[i * 3 + t]!);
      expect(col.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 12);
      expect(col.reduce((s, v) => s + v * v, 0) / 3).toBeCloseTo(1, 12);
    }
  });

  it('honours an explicit transform', () => {
    const fm = buildFeatureMatrix([{ name: 'M', values: [1, 2, 3], transform: 'identity' }]);
    expect(fm.transforms).toEqual(['identity']);
    expect(fm.mean).toEqual([2]);
  });

  it('maps centroids back to original units', () => {
    const fm = buildFeatureMatrix([
      { name: 'M', values: [10, 100, 1000, 50] },
      { name: 'age', values: [20, 30, 40, 50] },
    ]);
    // The z-scored rows themselves come back as the raw values.
    const back = centroidsInOriginalUnits(fm.data, fm.n, fm);
    expect(back[2]![0]).toBeCloseTo(1000, 9);
    expect(back[3]![1]).toBeCloseTo(50, 12);
  });

  it('rejects a short column', () => {
    expect(() =>
      buildFeatureMatrix([
        { name: 'a', values: [1, 2] },
        { name: 'b', values: [1] },
      ]),
    ).toThrow(RangeError);
  });
});

describe('oneHot', () => {
  it('makes one 0/1 column per value that occurs, named name=value', () => {
    const cols = oneHot(Uint32Array.from([0, 2, 2, 9]), ['App', 'Web', '门店'], 'channel');
    expect(cols.map((c) => c.name)).toEqual(['channel=App', 'channel=门店']);
    expect(Array.from(cols[0]!.values)).toEqual([1, 0, 0, 0]);
    // Code 9 is outside the dictionary: missing, 0 everywhere.
    expect(Array.from(cols[1]!.values)).toEqual([0, 1, 1, 0]);
    expect(cols.every((c) => c.transform === 'identity')).toBe(true);
  });
});

describe('signedLog1p', () => {
  it('is log1p for non-negative values and odd below zero, with an exact inverse', () => {
    expect(signedLog1p(5)).toBe(Math.log1p(5));
    expect(signedLog1p(-5)).toBe(-Math.log1p(5));
    for (const x of [-1000, -2, -0.5, 0, 0.5, 3, 1e6]) {
      expect(signedExpm1(signedLog1p(x))).toBeCloseTo(x, 6);
    }
  });
});
