import {
  averageRanks,
  chiSquareSf,
  chiSquareTest,
  cramersV,
  gammaP,
  gammaQ,
  lift,
  lnGamma,
  mannWhitneyFromRanks,
  mannWhitneyU,
  normalSf,
} from '../../../src/lib/domain/stats/tests';

/** Relative closeness, for p-values spanning many orders of magnitude. */
function expectRelClose(actual: number, expected: number, rel = 1e-10): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

// Reference values: scipy 1.10.1 (/usr/bin/python3), printed with repr().
describe('special functions', () => {
  it('lnGamma matches known values', () => {
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expectRelClose(lnGamma(10), Math.log(362880), 1e-14);
    expectRelClose(lnGamma(100.5), 361.43554046777757, 1e-13); // scipy.special.gammaln(100.5)
  });

  it.each([
    // scipy.special.gammaincc(a, x)
    [0.5, 0.01, 0.887537083981715],
    [3.5, 2.0, 0.779777408475716],
    [10, 30, 7.121750862815593e-6],
    [100, 90, 0.84177901081357],
    [2.5, 0.2, 0.9953295932358704],
  ])('gammaQ(%d, %d) = scipy gammaincc', (a, x, q) => {
    expectRelClose(gammaQ(a, x), q, 1e-12);
    expectRelClose(gammaP(a, x), 1 - q, 1e-10);
  });

  it.each([
    // scipy.stats.chi2.sf(x, df)
    [3.84, 1, 0.05004352124870519],
    [10, 3, 0.01856613546304325],
    [0.5, 4, 0.9735009788392561],
    [100, 2, 1.9287498479639183e-22],
    [1000, 10, 1.870290720915977e-208],
    [25.5, 30, 0.7003875367294634],
    [7.3, 5, 0.19926778992124214],
  ])('chiSquareSf(%d, df %d) = scipy chi2.sf', (x, df, p) => {
    expectRelClose(chiSquareSf(x, df), p, 1e-11);
  });

  it.each([
    // scipy.stats.norm.sf(z)
    [1.96, 0.024997895148220435],
    [5, 2.866515718791933e-7],
    [10, 7.61985302416047e-24],
    [0.1, 0.460172162722971],
  ])('normalSf(%d) = scipy norm.sf', (z, p) => {
    expectRelClose(normalSf(z), p, 1e-11);
    expectRelClose(normalSf(-z), 1 - p, 1e-11);
  });

  it('handles the edges', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(gammaQ(2, 0)).toBe(1);
    expect(gammaQ(2, Infinity)).toBe(0);
    expect(gammaQ(0, 1)).toBeNaN();
    expect(normalSf(0)).toBeCloseTo(0.5, 15);
  });
});

describe('chiSquareTest', () => {
  it.each([
    // scipy.stats.chi2_contingency(table) → statistic, p, dof (Yates for 2 × 2, as scipy)
    [
      [
        [10, 20],
        [30, 25],
      ],
      2.706155303030302,
      1,
      0.0999616438735349,
    ],
    [
      [
        [12, 5, 9],
        [7, 14, 20],
      ],
      6.730501935760667,
      2,
      0.03455334325043005,
    ],
    [
      [
        [20, 15, 30],
        [25, 10, 5],
        [5, 30, 10],
      ],
      43.45198782698782,
      4,
      8.337649141577397e-9,
    ],
    [
      [
        [3, 0],
        [0, 3],
      ],
      2.6666666666666665,
      1,
      0.10247043485974942,
    ],
  ])('matches scipy chi2_contingency on %j', (table, statistic, df, p) => {
    const r = chiSquareTest(table);
    expectRelClose(r.statistic, statistic, 1e-12);
    expect(r.df).toBe(df);
    expectRelClose(r.p, p, 1e-10);
  });

  it('skips the Yates correction when asked (scipy correction=False)', () => {
    const r = chiSquareTest(
      [
        [10, 20],
        [30, 25],
      ],
      { yates: false },
    );
    expectRelClose(r.statistic, 3.505892255892255, 1e-12);
    expectRelClose(r.p, 0.06115089757606777, 1e-10);
  });

  it('hand case: a 2 × 2 table with Yates', () => {
    // [[3, 0], [0, 3]]: every expected count is 1.5, |O − E| = 1.5, corrected 1.0;
    // χ² = 4 · 1.0² / 1.5 = 2.6667 (uncorrected: 4 · 1.5² / 1.5 = 6).
    expect(
      chiSquareTest([
        [3, 0],
        [0, 3],
      ]).statistic,
    ).toBeCloseTo(8 / 3, 14);
    expect(
      chiSquareTest(
        [
          [3, 0],
          [0, 3],
        ],
        { yates: false },
      ).statistic,
    ).toBeCloseTo(6, 14);
  });

  it('leaves out empty rows and columns, and has nothing to test below 2 × 2', () => {
    const withEmpty = chiSquareTest([
      [12, 0, 5, 9],
      [0, 0, 0, 0],
      [7, 0, 14, 20],
    ]);
    expectRelClose(withEmpty.statistic, 6.730501935760667, 1e-12);
    expect(withEmpty.df).toBe(2);
    expect(chiSquareTest([[5, 6, 7]])).toEqual({ statistic: 0, df: 0, p: 1 });
    expect(chiSquareTest([])).toEqual({ statistic: 0, df: 0, p: 1 });
  });

  it('rejects negative counts and ragged tables', () => {
    expect(() =>
      chiSquareTest([
        [1, -1],
        [2, 3],
      ]),
    ).toThrow(RangeError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('cramersV and lift', () => {
  it('gives a perfect association V = 1 and independence V = 0', () => {
    // Uncorrected χ² = 6, N = 6, min(r, c) − 1 = 1: V = √(6/6) = 1.
    expect(
      cramersV([
        [3, 0],
        [0, 3],
      ]),
    ).toBeCloseTo(1, 14);
    expect(
      cramersV([
        [2, 4],
        [4, 8],
      ]),
    ).toBeCloseTo(0, 14);
    // 2 × 3: √(χ²/N) with χ² = 7.6 … compare with the uncorrected statistic directly.
    const t = [
      [12, 5, 9],
      [7, 14, 20],
    ];
    expect(cramersV(t)).toBeCloseTo(Math.sqrt(chiSquareTest(t).statistic / 67), 14);
  });

  it('lift = share in group / share overall, 1 when nobody has the value', () => {
    expect(lift(0.3, 0.1)).toBeCloseTo(3, 14);
    expect(lift(0, 0)).toBe(1);
  });
});

describe('averageRanks', () => {
  it('gives ties the mean of their positions and sums Σ(t³ − t)', () => {
    // Sorted: 1 (1), 2 2 2 (2, 3, 4 → 3), 5 (5), 7 7 (6, 7 → 6.5).
    const r = averageRanks([7, 2, 1, 2, 5, 7, 2]);
    expect(Array.from(r.ranks)).toEqual([6.5, 3, 1, 3, 5, 6.5, 3]);
    expect(r.tieTerm).toBe(3 ** 3 - 3 + (2 ** 3 - 2));
  });
});

describe('mannWhitneyU', () => {
  it('matches scipy mannwhitneyu (two-sided, asymptotic, continuity) with ties', () => {
    const a = [1.2, 3.4, 3.4, 5.0, 2.2, 7.1, 3.4, 0.5];
    const b = [2.2, 4.8, 6.6, 6.6, 8.0, 9.1, 3.4, 10.2, 5.5];
    const r = mannWhitneyU(a, b);
    expect(r.U).toBe(14);
    expectRelClose(r.p, 0.03714012623439529, 1e-10);
    expect(r.z).toBeLessThan(0); // a tends to be smaller
  });

  it('matches scipy on rounded normal samples, both ways round', () => {
    // numpy default_rng(3): a = round(normal(10, 3, 40)), b = round(normal(12, 3, 55)).
    const a = [
      16, 2, 11, 8, 9, 9, 4, 9, 7, 20, 11, 9, 9, 8, 7, 9, 11, 9, 13, 9, 10, 15, 12, 8, 9, 12, 16, 9,
      9, 13, 7, 9, 13, 12, 10, 12, 2, 13, 7, 5,
    ];
    const b = [
      13, 14, 11, 9, 12, 12, 16, 14, 13, 15, 11, 9, 14, 14, 11, 10, 13, 5, 14, 13, 7, 12, 9, 14, 6,
      9, 14, 15, 6, 11, 13, 10, 17, 8, 13, 9, 16, 12, 11, 7, 17, 14, 14, 15, 13, 10, 10, 10, 16, 8,
      10, 11, 13, 14, 8,
    ];
    const ab = mannWhitneyU(a, b);
    expect(ab.U).toBe(706.5);
    expectRelClose(ab.p, 0.0028853238992782386, 1e-10);
    const ba = mannWhitneyU(b, a);
    expect(ba.U).toBe(1493.5);
    expectRelClose(ba.p, 0.0028853238992782386, 1e-10);
    expect(ba.z).toBeCloseTo(-ab.z, 14);
    expect(ab.effect).toBeCloseTo(Math.abs(ab.z) / Math.sqrt(95), 14);
  });

  it('matches scipy on fully separated samples', () => {
    const r = mannWhitneyU([1, 2, 3], [10, 11, 12, 13]);
    expect(r.U).toBe(0);
    expectRelClose(r.p, 0.05182992721790968, 1e-10);
  });

  it('leaves NaN out and handles empty or all-tied samples', () => {
    expect(mannWhitneyU([1, Number.NaN, 2, 3], [10, 11, 12, 13]).U).toBe(0);
    expect(mannWhitneyU([], [1, 2]).p).toBeNaN();
    expect(mannWhitneyU([4, 4], [4, 4, 4])).toEqual({ U: 3, z: 0, p: 1, effect: 0 });
  });

  it('from ranks equals the direct test', () => {
    const a = [3, 1, 4, 1, 5];
    const b = [9, 2, 6, 5, 3, 5];
    const { ranks, tieTerm } = averageRanks([...a, ...b]);
    const rankSum = Array.from(ranks.subarray(0, 5)).reduce((s, v) => s + v, 0);
    expect(mannWhitneyFromRanks(rankSum, 5, 6, tieTerm)).toEqual(mannWhitneyU(a, b));
  });
});
