import {
  cutPoints,
  quantileSorted,
  scoreHigherIsBetter,
  scoreLowerIsBetter,
  sortAscending,
} from '../../../src/lib/domain/rfm/quantiles';
import type { CutPoints } from '../../../src/lib/domain/rfm/quantiles';
import { seededRandom } from './helpers';

const sortedOf = (values: number[]): Float64Array => Float64Array.from(values).sort();

/** Compares with numpy's result; numpy may differ in the last bit (it lerps from x[i+1] when f ≥ 0.5). */
function expectCuts(actual: CutPoints, numpy: number[]): void {
  expect(actual).toHaveLength(4);
  actual.forEach((v, j) => expect(v).toBeCloseTo(numpy[j] as number, 12));
}

describe('cutPoints', () => {
  it('matches numpy.percentile on 1..10', () => {
    // numpy.percentile([1,2,3,4,5,6,7,8,9,10], [20,40,60,80]) = [2.8, 4.6, 6.3999999999999995, 8.2]
    const cuts = cutPoints(sortedOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expectCuts(cuts, [2.8, 4.6, 6.3999999999999995, 8.2]);
    // The DESIGN formula xᵢ + (r/5)·(xᵢ₊₁ − xᵢ): 6 + 0.4·1.
    expect(cuts[2]).toBe(6 + 0.4);
  });

  it('matches numpy.percentile on unsorted decimals once sorted', () => {
    // numpy.percentile([12.5,3.25,7.75,100.0,0.5,42.0,9.99], [20,40,60,80])
    //   = [4.15, 8.646, 11.495999999999999, 36.10000000000002]
    expectCuts(
      cutPoints(sortedOf([12.5, 3.25, 7.75, 100.0, 0.5, 42.0, 9.99])),
      [4.15, 8.646, 11.495999999999999, 36.10000000000002],
    );
    // numpy.percentile([0.1,0.2,0.3], [20,40,60,80]) = [0.14, 0.18000000000000002, 0.22, 0.26]
    expectCuts(cutPoints(sortedOf([0.1, 0.2, 0.3])), [0.14, 0.18000000000000002, 0.22, 0.26]);
  });

  it('lands exactly on an order statistic when the position is whole', () => {
    // n = 11: positions 2, 4, 6, 8 exactly.
    // numpy.percentile([1,1,2,3,5,8,13,21,34,55,89], [20,40,60,80]) = [2.0, 5.0, 13.0, 34.0]
    expect(cutPoints([1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89])).toEqual([2, 5, 13, 34]);
  });

  it('gives the single value four times for n = 1', () => {
    // numpy.percentile([7], [20,40,60,80]) = [7.0, 7.0, 7.0, 7.0]
    expect(cutPoints([7])).toEqual([7, 7, 7, 7]);
  });

  it('interpolates between the two values for n = 2', () => {
    // numpy.percentile([3,10], [20,40,60,80]) = [4.4, 5.800000000000001, 7.199999999999999, 8.6]
    expectCuts(cutPoints([3, 10]), [4.4, 5.800000000000001, 7.199999999999999, 8.6]);
  });

  it('throws for no values', () => {
    expect(() => cutPoints([])).toThrow(RangeError);
    expect(() => quantileSorted([], 1, 2)).toThrow(RangeError);
  });

  it('gives exactly the tied value when 80% of the values are equal', () => {
    // numpy.percentile([1,5,5,5,5,5,5,5,5,9], [20,40,60,80]) = [5.0, 5.0, 5.0, 5.0]
    expect(cutPoints(sortedOf([5, 5, 5, 5, 5, 5, 5, 5, 1, 9]))).toEqual([5, 5, 5, 5]);
    // A tie value that is not exact in binary: still exactly that value, never a neighbour.
    const tie = 0.1 + 0.2;
    const values = sortedOf([
      ...Array<number>(800).fill(tie),
      ...Array.from({ length: 200 }, (_, i) => i),
    ]);
    // Sorted: 0, then the tie at positions 1..800, then 1..199: every cut falls inside the tie.
    expect(cutPoints(values)).toEqual([tie, tie, tie, tie]);
  });
});

describe('quantileSorted', () => {
  it('computes the median and the 75th percentile like numpy', () => {
    // numpy.median([1.5, 2, 10]) = 2.0; numpy.percentile([2,2,3,6], 75) = 3.75
    expect(quantileSorted([1.5, 2, 10], 1, 2)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4], 1, 2)).toBe(2.5);
    expect(quantileSorted([2, 2, 3, 6], 3, 4)).toBe(3.75);
    expect(quantileSorted([2, 2, 3, 6], 0, 4)).toBe(2);
    expect(quantileSorted([2, 2, 3, 6], 4, 4)).toBe(6);
  });

  it('rejects a fraction outside [0, 1]', () => {
    expect(() => quantileSorted([1, 2], 3, 2)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], 1, 0)).toThrow(RangeError);
  });
});

describe('sortAscending', () => {
  it('sorts like the native numeric sort, for small-range integers and for anything else', () => {
    const random = seededRandom(5);
    const kinds: (() => number)[] = [
      () => Math.floor(random() * 30), // days or orders: counting sort
      () => Math.floor(random() * 61) - 30, // negative whole numbers too
      () => Math.floor(random() * 1e9), // a wide range: native sort
      () => Math.round(random() * 10_000) / 100, // money: native sort
    ];
    for (const next of kinds) {
      for (const n of [0, 1, 63, 64, 1000]) {
        const values = Float64Array.from({ length: n }, next);
        const expected = Float64Array.from(values).sort();
        expect(sortAscending(values)).toEqual(expected);
      }
    }
  });

  it('sorts in place and returns its argument', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    expect(sortAscending(values)).toBe(values);
    expect(values[0]).toBe(0);
    expect(values[99]).toBe(99);
  });
});

describe('scores', () => {
  const cuts: CutPoints = [2.8, 4.6, 6.4, 8.2];

  it('scores F and M as 1 + the number of cut points strictly below', () => {
    expect(
      [1, 2.8, 2.9, 4.6, 5, 6.4, 7, 8.2, 8.3, 100].map((v) => scoreHigherIsBetter(v, cuts)),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('scores R reversed: the most recent get 5', () => {
    expect([0, 2.8, 2.9, 5, 7, 8.2, 8.3, 365].map((v) => scoreLowerIsBetter(v, cuts))).toEqual([
      5, 5, 4, 3, 2, 2, 1, 1,
    ]);
  });

  it('gives tied values one score when 80% of the values are equal', () => {
    const values = [5, 5, 5, 5, 5, 5, 5, 5, 1, 9];
    const c = cutPoints(sortedOf(values));
    const fScores = values.map((v) => scoreHigherIsBetter(v, c));
    const rScores = values.map((v) => scoreLowerIsBetter(v, c));
    expect(new Set(fScores.slice(0, 8))).toEqual(new Set([1]));
    expect(new Set(rScores.slice(0, 8))).toEqual(new Set([5]));
    expect(scoreHigherIsBetter(9, c)).toBe(5);
    expect(scoreLowerIsBetter(9, c)).toBe(1);
  });

  it('keeps scores in 1..5, monotone in the value and shared by ties on random data', () => {
    const random = seededRandom(20240630);
    const problems: string[] = [];
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 60);
      // Few distinct values so that ties are common; sometimes a continuous spread.
      const discrete = random() < 0.5;
      const values = Array.from({ length: n }, () =>
        discrete ? Math.floor(random() * 6) : random() * 1000,
      );
      const sorted = sortedOf(values);
      const c = cutPoints(sorted);
      if (!(c[0] <= c[1] && c[1] <= c[2] && c[2] <= c[3])) {
        problems.push(`round ${round}: cut points not ascending ${c.join(', ')}`);
      }
      let prevHigh = 1;
      let prevLow = 5;
      let prevValue = NaN;
      for (const v of sorted) {
        const high = scoreHigherIsBetter(v, c);
        const low = scoreLowerIsBetter(v, c);
        if (!(high >= 1 && high <= 5 && low >= 1 && low <= 5)) {
          problems.push(`round ${round}: value ${v} scored ${high} / ${low}`);
        }
        if (high < prevHigh || low > prevLow) {
          problems.push(`round ${round}: value ${v} breaks monotonicity`);
        }
        if (v === prevValue && (high !== prevHigh || low !== prevLow)) {
          problems.push(`round ${round}: tied value ${v} scored differently`);
        }
        prevHigh = high;
        prevLow = low;
        prevValue = v;
      }
      // The smallest value always scores 1 for F/M and 5 for R.
      if (scoreHigherIsBetter(sorted[0] as number, c) !== 1) {
        problems.push(`round ${round}: the smallest value does not score 1`);
      }
      if (scoreLowerIsBetter(sorted[0] as number, c) !== 5) {
        problems.push(`round ${round}: the smallest R does not score 5`);
      }
    }
    expect(problems).toEqual([]);
  });
});
