// A performance sanity check: it PRINTS the time of RFM for 1,000,000 transactions over 100,000
// customers and asserts only the results' consistency, never a time (machines differ).
import { SEGMENT_NAMES } from '../../../src/lib/domain/summary/summary';
import { assignSegments, computeRfm, scoreRfm } from '../../../src/lib/domain/rfm/rfm';
import { D0, DAY, seededRandom } from './helpers';

const N_TX = 1_000_000;
const N_CUSTOMERS = 100_000;
const N_ORDERS = 300_000;

describe('rfm performance', () => {
  it('prints the time of computeRfm + scoreRfm + assignSegments for 1,000,000 transactions', () => {
    const random = seededRandom(42);
    // Orders first (customer and time per order), then rows that belong to random orders.
    const orderCustomer = Uint32Array.from({ length: N_ORDERS }, () =>
      Math.floor(random() * N_CUSTOMERS),
    );
    const orderTime = Float64Array.from(
      { length: N_ORDERS },
      () => D0 - DAY - Math.floor(random() * 730 * DAY),
    );
    const orderOf = new Uint32Array(N_TX);
    const customerOf = new Uint32Array(N_TX);
    const time = new Float64Array(N_TX);
    const amount = new Float64Array(N_TX);
    for (let t = 0; t < N_TX; t++) {
      const o = Math.floor(random() * N_ORDERS);
      orderOf[t] = o;
      customerOf[t] = orderCustomer[o] as number;
      time[t] = orderTime[o] as number;
      amount[t] = Math.round(random() * 20_000) / 100 + 0.01;
    }
    const consent = Uint8Array.from({ length: N_CUSTOMERS }, () => (random() < 0.9 ? 1 : 0));
    const input = { customerOf, time, amount, orderOf, nCustomers: N_CUSTOMERS, analysisDate: D0 };

    // Three runs (the first one also warms up the JIT); each is printed.
    let rfm = computeRfm(input);
    let scores = scoreRfm(rfm, consent);
    let segments = assignSegments(rfm, scores);
    for (let run = 1; run <= 3; run++) {
      const t0 = performance.now();
      rfm = computeRfm(input);
      const t1 = performance.now();
      scores = scoreRfm(rfm, consent);
      const t2 = performance.now();
      segments = assignSegments(rfm, scores);
      const t3 = performance.now();
      process.stdout.write(
        `[rfm perf] run ${run}: ${N_TX.toLocaleString('en')} transactions, ` +
          `${N_CUSTOMERS.toLocaleString('en')} customers: computeRfm ${(t1 - t0).toFixed(1)} ms, ` +
          `scoreRfm ${(t2 - t1).toFixed(1)} ms, assignSegments ${(t3 - t2).toFixed(1)} ms, ` +
          `total ${(t3 - t0).toFixed(1)} ms\n`,
      );
    }

    const total = SEGMENT_NAMES.reduce((sum, s) => sum + segments.counts[s], 0);
    expect(total).toBe(scores.count);
    expect(scores.count).toBeGreaterThan(0.8 * N_CUSTOMERS);
  });
});
