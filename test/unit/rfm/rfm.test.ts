import { SEGMENT_NAMES } from '../../../src/lib/domain/summary/summary';
import {
  NOT_PARTICIPATING,
  SEGMENT_INFO,
  analyzeRfm,
  assignSegments,
  computeRfm,
  participantMask,
  rfmSummary,
  scoreRfm,
  segmentCode,
  segmentOf,
} from '../../../src/lib/domain/rfm/rfm';
import { D0, DAY, buildInput, seededRandom } from './helpers';
import type { Tx } from './helpers';

describe('computeRfm', () => {
  it('floors R to whole days before the analysis date', () => {
    const rfm = computeRfm(
      buildInput(
        [
          { c: 0, daysAgo: 1.9 },
          { c: 1, daysAgo: 2 },
          { c: 2, daysAgo: 1 / 86_400_000 }, // one millisecond before D
          { c: 3, daysAgo: 0 },
          { c: 4, daysAgo: 30.999 },
        ],
        5,
      ),
    );
    expect(Array.from(rfm.R)).toEqual([1, 2, 0, 0, 30]);
  });

  it('takes R from the last transaction and keeps the first and last timestamps', () => {
    const rfm = computeRfm(
      buildInput(
        [
          { c: 0, daysAgo: 10 },
          { c: 0, daysAgo: 3.5 },
          { c: 0, daysAgo: 40 },
        ],
        1,
      ),
    );
    expect(rfm.R[0]).toBe(3);
    expect(rfm.first[0]).toBe(D0 - 40 * DAY);
    expect(rfm.last[0]).toBe(D0 - 3.5 * DAY);
  });

  it('counts distinct order ids: two rows of one order count once', () => {
    const rfm = computeRfm(
      buildInput(
        [
          { c: 0, daysAgo: 5, order: 10, amount: 2 },
          { c: 1, daysAgo: 5, order: 20, amount: 1 },
          { c: 0, daysAgo: 5, order: 10, amount: 3 },
          { c: 0, daysAgo: 1, order: 11, amount: 4 },
          { c: 1, daysAgo: 2, order: 20, amount: 1 },
        ],
        2,
      ),
    );
    expect(Array.from(rfm.F)).toEqual([2, 1]);
    expect(Array.from(rfm.M)).toEqual([9, 2]);
  });

  it('counts one order code under two customers once for each, even interleaved', () => {
    const rfm = computeRfm(
      buildInput(
        [
          { c: 0, daysAgo: 1, order: 7 },
          { c: 1, daysAgo: 1, order: 7 },
          { c: 0, daysAgo: 1, order: 7 },
          { c: 1, daysAgo: 1, order: 8 },
          { c: 0, daysAgo: 1, order: 0 },
        ],
        2,
      ),
    );
    expect(Array.from(rfm.F)).toEqual([2, 2]);
  });

  it('counts distinct orders with sparse, very large order codes too', () => {
    const input = buildInput(
      [
        { c: 0, daysAgo: 1, order: 0 },
        { c: 0, daysAgo: 1, order: 4_000_000_000 },
        { c: 0, daysAgo: 1, order: 4_000_000_000 },
        { c: 1, daysAgo: 1, order: 123_456_789 },
        { c: 1, daysAgo: 1, order: 0 },
      ],
      2,
    );
    expect(Array.from(computeRfm(input).F)).toEqual([2, 2]);
  });

  it('counts distinct orders like a naive set per customer, with and without shared codes', () => {
    const random = seededRandom(99);
    for (const shared of [false, true]) {
      const nCustomers = 200;
      const nOrders = 1500;
      // Without sharing every order code has one customer; with sharing codes repeat freely.
      const ownerOfOrder = Array.from({ length: nOrders }, () => Math.floor(random() * nCustomers));
      const txs: Tx[] = Array.from({ length: 6000 }, () => {
        const order = Math.floor(random() * nOrders);
        const c = shared ? Math.floor(random() * nCustomers) : (ownerOfOrder[order] as number);
        return { c, daysAgo: random() * 100, order };
      });
      const naive = Array.from({ length: nCustomers }, () => new Set<number>());
      for (const t of txs) {
        naive[t.c]?.add(t.order as number);
      }
      const rfm = computeRfm(buildInput(txs, nCustomers));
      expect(Array.from(rfm.F)).toEqual(naive.map((s) => s.size));
    }
  });

  it('counts transaction rows when no order id is mapped', () => {
    const rfm = computeRfm(
      buildInput(
        [
          { c: 0, daysAgo: 5 },
          { c: 0, daysAgo: 5 },
          { c: 0, daysAgo: 1 },
          { c: 1, daysAgo: 2 },
        ],
        2,
      ),
    );
    expect(Array.from(rfm.F)).toEqual([3, 1]);
  });

  it('marks customers without transactions as absent', () => {
    const rfm = computeRfm(buildInput([{ c: 2, daysAgo: 1, amount: 5 }], 3));
    expect(Array.from(rfm.hasTx)).toEqual([0, 0, 1]);
    expect(rfm.R[0]).toBeNaN();
    expect(rfm.first[1]).toBeNaN();
    expect(rfm.F[0]).toBe(0);
    expect(rfm.M[0]).toBe(0);
    expect(rfm.M[2]).toBe(5);
  });

  it('rejects a customer index out of range and columns of different lengths', () => {
    expect(() => computeRfm(buildInput([{ c: 3, daysAgo: 1 }], 3))).toThrow(RangeError);
    const input = buildInput([{ c: 0, daysAgo: 1 }], 1);
    expect(() => computeRfm({ ...input, amount: new Float64Array(2) })).toThrow(RangeError);
  });
});

/** One transaction per customer with the given R (days, whole), F (orders) and M. */
function customers(rows: readonly { R: number; F: number; M: number }[]): Tx[] {
  const txs: Tx[] = [];
  let order = 0;
  rows.forEach((row, c) => {
    for (let k = 0; k < row.F; k++) {
      // The last order sets R; the others are older. Half a day keeps floor() away from edges.
      txs.push({ c, daysAgo: row.R + 0.5 + k, amount: row.M / row.F, order: order++ });
    }
  });
  return txs;
}

describe('scoreRfm', () => {
  it('gives the most recent buyer R score 5 and the longest-lapsed 1', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((R) => ({ R, F: 1, M: 10 }));
    const rfm = computeRfm(buildInput(customers(rows), rows.length));
    const scores = scoreRfm(rfm);
    // numpy.percentile([1,2,3,4,5,6,7,8,9,10], [20,40,60,80]) = [2.8, 4.6, 6.4, 8.2]
    expect(scores.cutPoints.R[0]).toBeCloseTo(2.8, 12);
    expect(Array.from(scores.rScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // F and M are all tied: everyone shares score 1.
    expect(Array.from(scores.fScore)).toEqual(Array<number>(10).fill(1));
    expect(Array.from(scores.mScore)).toEqual(Array<number>(10).fill(1));
  });

  it('scores F and M higher for more orders and more money', () => {
    const rows = [1, 2, 3, 4, 5].map((F) => ({ R: 3, F, M: F * 100 }));
    const scores = scoreRfm(computeRfm(buildInput(customers(rows), rows.length)));
    expect(Array.from(scores.fScore)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(scores.mScore)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives a heavy tie one score and cut points exactly at the tie', () => {
    const F = [2, 2, 2, 2, 2, 2, 2, 2, 1, 9];
    const rows = F.map((f) => ({ R: 3, F: f, M: 10 }));
    const scores = scoreRfm(computeRfm(buildInput(customers(rows), rows.length)));
    // numpy.percentile([1,2,2,2,2,2,2,2,2,9], [20,40,60,80]) = [2.0, 2.0, 2.0, 2.0]
    expect(scores.cutPoints.F).toEqual([2, 2, 2, 2]);
    expect(Array.from(scores.fScore)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 5]);
  });

  it('leaves out customers without transactions or without consent', () => {
    const rows = [
      { R: 1, F: 1, M: 10 },
      { R: 2, F: 2, M: 20 },
      { R: 3, F: 3, M: 30 },
      { R: 100, F: 50, M: 5000 }, // no consent: must not move the means or the cut points
    ];
    const input = buildInput(customers(rows), 5); // customer 4 has no transaction
    const rfm = computeRfm(input);
    const consent = Uint8Array.from([1, 1, 1, 0, 1]);
    const scores = scoreRfm(rfm, consent);
    expect(Array.from(scores.participants)).toEqual([1, 1, 1, 0, 0]);
    expect(scores.count).toBe(3);
    expect(scores.mean).toEqual({ R: 2, F: 2, M: 20 });
    // numpy.percentile([1,2,3], [20,40,60,80]) = [1.4, 1.8, 2.2, 2.6]
    scores.cutPoints.F.forEach((v, j) => expect(v).toBeCloseTo([1.4, 1.8, 2.2, 2.6][j] as number));
    expect(scores.rScore[3]).toBe(0);
    expect(scores.fScore[4]).toBe(0);
    expect(Array.from(participantMask(rfm, consent))).toEqual([1, 1, 1, 0, 0]);
    expect(() => participantMask(rfm, new Uint8Array(2))).toThrow(RangeError);
  });

  it('reports NaN means when nobody takes part and the summary stays plain numbers', () => {
    const rfm = computeRfm(buildInput([{ c: 0, daysAgo: 1 }], 1));
    const scores = scoreRfm(rfm, Uint8Array.from([0]));
    expect(scores.count).toBe(0);
    expect(scores.mean.R).toBeNaN();
    const segments = assignSegments(rfm, scores);
    expect(segments.codes[0]).toBe(NOT_PARTICIPATING);
    const summary = rfmSummary(scores, segments);
    expect(summary.mean).toEqual({ R: 0, F: 0, M: 0 });
    expect(summary.cutPoints).toEqual({ R: [], F: [], M: [] });
    expect(Object.values(summary.segments)).toEqual(Array<number>(8).fill(0));
  });
});

describe('segments', () => {
  it('names all eight combinations of high and low', () => {
    const mean = { R: 10, F: 2, M: 100 };
    // R high = recent (below the mean); F and M high = above the mean.
    expect(segmentOf(5, 3, 200, mean)).toBe('重要价值');
    expect(segmentOf(5, 1, 200, mean)).toBe('重要发展');
    expect(segmentOf(20, 3, 200, mean)).toBe('重要保持');
    expect(segmentOf(20, 1, 200, mean)).toBe('重要挽留');
    expect(segmentOf(5, 3, 50, mean)).toBe('一般价值');
    expect(segmentOf(5, 1, 50, mean)).toBe('一般发展');
    expect(segmentOf(20, 3, 50, mean)).toBe('一般保持');
    expect(segmentOf(20, 1, 50, mean)).toBe('一般挽留');
  });

  it('does not count a value equal to the mean as high', () => {
    const mean = { R: 10, F: 2, M: 100 };
    expect(segmentOf(10, 3, 200, mean)).toBe('重要保持'); // R = mean: not recent
    expect(segmentOf(5, 2, 200, mean)).toBe('重要发展'); // F = mean: not frequent
    expect(segmentOf(5, 3, 100, mean)).toBe('一般价值'); // M = mean: not high
    expect(segmentOf(10, 2, 100, mean)).toBe('一般挽留');
  });

  it('uses the means of the participants at their exact boundaries', () => {
    // R 10/20/30 (mean 20), F 1/2/3 (mean 2), M 100/200/300 (mean 200).
    const rows = [
      { R: 10, F: 1, M: 100 },
      { R: 20, F: 2, M: 200 },
      { R: 30, F: 3, M: 300 },
    ];
    const rfm = computeRfm(buildInput(customers(rows), 3));
    const scores = scoreRfm(rfm);
    expect(scores.mean).toEqual({ R: 20, F: 2, M: 200 });
    const { codes, counts } = assignSegments(rfm, scores);
    expect(Array.from(codes, (c) => SEGMENT_NAMES[c])).toEqual([
      '一般发展',
      '一般挽留',
      '重要保持',
    ]);
    expect(counts).toEqual({
      重要价值: 0,
      重要发展: 0,
      重要保持: 1,
      重要挽留: 0,
      一般价值: 0,
      一般发展: 1,
      一般保持: 0,
      一般挽留: 1,
    });
  });

  it('maps the flags to SEGMENT_NAMES indices consistently with segmentOf', () => {
    const mean = { R: 0, F: 0, M: 0 };
    for (const r of [false, true]) {
      for (const f of [false, true]) {
        for (const m of [false, true]) {
          const name = segmentOf(r ? -1 : 1, f ? 1 : -1, m ? 1 : -1, mean);
          expect(SEGMENT_NAMES[segmentCode(r, f, m)]).toBe(name);
        }
      }
    }
  });

  it('counts every participating customer exactly once, all eight keys present', () => {
    const random = seededRandom(7);
    const txs: Tx[] = [];
    const nCustomers = 500;
    for (let t = 0; t < 5000; t++) {
      txs.push({
        c: Math.floor(random() * nCustomers),
        daysAgo: random() * 400,
        amount: Math.round(random() * 10_000) / 100 + 0.01,
        order: Math.floor(random() * 3000),
      });
    }
    const consent = Uint8Array.from({ length: nCustomers }, () => (random() < 0.8 ? 1 : 0));
    const { scores, segments, summary } = analyzeRfm(buildInput(txs, nCustomers), consent);
    expect(Object.keys(segments.counts)).toEqual([...SEGMENT_NAMES]);
    const total = Object.values(segments.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(scores.count);
    expect(total).toBeGreaterThan(300);
    let coded = 0;
    segments.codes.forEach((code, c) => {
      if (scores.participants[c] === 1) {
        coded++;
        expect(code).toBeLessThan(8);
      } else {
        expect(code).toBe(NOT_PARTICIPATING);
      }
    });
    expect(coded).toBe(scores.count);
    expect(summary.segments).toEqual(segments.counts);
  });
});

describe('rfmSummary', () => {
  it('has the summary shape with keys in a fixed order', () => {
    const rows = [1, 2, 3, 4, 5].map((k) => ({ R: k, F: k, M: k * 10 }));
    const { summary } = analyzeRfm(buildInput(customers(rows), rows.length));
    expect(Object.keys(summary)).toEqual(['mean', 'cutPoints', 'segments']);
    expect(Object.keys(summary.mean)).toEqual(['R', 'F', 'M']);
    expect(Object.keys(summary.cutPoints)).toEqual(['R', 'F', 'M']);
    expect(Object.keys(summary.segments)).toEqual([...SEGMENT_NAMES]);
    expect(summary.mean).toEqual({ R: 3, F: 3, M: 30 });
    // numpy.percentile([1,2,3,4,5], [20,40,60,80]) = [1.8, 2.6, 3.4, 4.2]
    summary.cutPoints.F.forEach((v, j) => expect(v).toBeCloseTo([1.8, 2.6, 3.4, 4.2][j] as number));
    expect(Array.isArray(summary.cutPoints.R)).toBe(true);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

describe('SEGMENT_INFO', () => {
  it('describes all eight segments in both languages', () => {
    expect(Object.keys(SEGMENT_INFO)).toEqual([...SEGMENT_NAMES]);
    for (const name of SEGMENT_NAMES) {
      const info = SEGMENT_INFO[name];
      expect(info.zh).toBe(name);
      for (const text of [info.en, info.meaningZh, info.meaningEn, info.actionZh, info.actionEn]) {
        expect(text.length).toBeGreaterThan(0);
        expect(text).not.toContain('\n');
      }
    }
    expect(SEGMENT_INFO['重要价值'].en).toBe('Important value');
  });
});
