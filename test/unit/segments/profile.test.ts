import type { GroupProfile } from '../../../src/lib/domain/segments/profile';
import { describeGroup, NO_GROUP, profileGroups } from '../../../src/lib/domain/segments/profile';
import { chiSquareTest, mannWhitneyU } from '../../../src/lib/domain/stats/tests';
import { CITY_EN, profileFixture } from './profile-fixture';

const LABELS = {
  age: { 'zh-CN': '{value} 岁' },
  channel: { 'zh-CN': '{value} 下单', en: 'orders in the {value}' },
  basket: { 'zh-CN': '客单价为平均的 {ratio} 倍', en: 'basket {ratio}× the average' },
};

const sum = (xs: number[]): number => xs.reduce((s, v) => s + v, 0);

describe('profileGroups', () => {
  const input = profileFixture();
  const result = profileGroups(input);

  it('counts only customers in a group; sizes add up to them and shares to 1', () => {
    expect(result.participants).toBe(203);
    expect(result.groups.map((g) => g.size)).toEqual([40, 160, 3]);
    expect(sum(result.groups.map((g) => g.size))).toBe(result.participants);
    expect(sum(result.groups.map((g) => g.share))).toBeCloseTo(1, 14);
    expect(sum(result.groups.map((g) => g.revenueShare!))).toBeCloseTo(1, 14);
  });

  it('gives revenue shares over the participants only', () => {
    // Revenue = 2 × basket; the 10 customers in no group (basket 5000) are left out.
    const basket = input.numeric!.basket!;
    let total = 0;
    let g0 = 0;
    for (let i = 0; i < input.groups.length; i++) {
      if (input.groups[i] !== NO_GROUP) {
        total += basket[i]!;
        g0 += input.groups[i] === 0 ? basket[i]! : 0;
      }
    }
    expect(result.groups[0]!.revenueShare).toBeCloseTo(g0 / total, 14);
  });

  it('has value shares that add up to 1 in the group, the rest and overall', () => {
    for (const g of result.groups) {
      for (const c of g.categorical) {
        expect(sum(c.values.map((v) => v.share))).toBeCloseTo(1, 14);
        expect(sum(c.values.map((v) => v.shareRest!))).toBeCloseTo(1, 14);
        expect(sum(c.values.map((v) => v.shareOverall))).toBeCloseTo(1, 14);
        expect(sum(c.values.map((v) => v.count))).toBe(g.size);
      }
    }
  });

  it('computes mean, median, the ratio to the mean and a Mann–Whitney test group vs rest', () => {
    const basket = input.numeric!.basket!;
    const inGroup: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < input.groups.length; i++) {
      const g = input.groups[i]!;
      if (g === 0) {
        inGroup.push(basket[i]!);
      } else if (g !== NO_GROUP) {
        rest.push(basket[i]!);
      }
    }
    const b = result.groups[0]!.numeric[0]!;
    expect(b.name).toBe('basket');
    expect(b.count).toBe(40);
    // 32 "usual + 5" baskets (85…125) and 8 of 980.
    expect(b.mean).toBeCloseTo(sum(inGroup) / 40, 12);
    const sorted = [...inGroup].sort((x, y) => x - y);
    expect(b.median).toBe((sorted[19]! + sorted[20]!) / 2);
    expect(b.ratio).toBeCloseTo(b.mean! / b.overallMean!, 14);
    const mw = mannWhitneyU(inGroup, rest);
    expect(b.test!.U).toBe(mw.U);
    expect(b.test!.p).toBeCloseTo(mw.p, 14);
    expect(b.effect).toBeCloseTo(mw.effect, 14);
  });

  it('tests each categorical attribute on the group-vs-rest table', () => {
    const city = result.groups[0]!.categorical.find((c) => c.name === 'city')!;
    // Group 0: 16 上海, 13 杭州, 6 北京, 5 广州; rest: groups 1 and 2 (25, 25, 58, 55).
    expect(city.values.map((v) => v.count)).toEqual([16, 13, 6, 5]);
    expect(city.test).toEqual(
      chiSquareTest([
        [16, 13, 6, 5],
        [25, 25, 58, 55],
      ]),
    );
    const shanghai = city.values[0]!;
    expect(shanghai.share).toBe(16 / 40);
    expect(shanghai.shareOverall).toBe(41 / 203);
    expect(shanghai.lift).toBeCloseTo(16 / 40 / (41 / 203), 14);
  });

  it('ranks attributes by effect size, largest first', () => {
    const ranked = result.groups[0]!.ranked;
    expect(ranked.map((a) => a.name)).toEqual(['age', 'city', 'channel', 'basket']);
    for (let i = 1; i < ranked.length; i++) {
      expect(ranked[i]!.effect).toBeLessThanOrEqual(ranked[i - 1]!.effect);
    }
  });

  it('returns plain data that survives structuredClone and JSON', () => {
    expect(structuredClone(result)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('leaves missing values out of that attribute only', () => {
    const p = profileGroups({
      groups: Int32Array.from([0, 0, 1, 1]),
      groupCount: 2,
      numeric: { x: Float64Array.from([1, Number.NaN, 3, 5]) },
      categorical: { c: { codes: Uint32Array.from([0, 99, 1, 1]), dict: ['a', 'b'] } },
    });
    expect(p.groups[0]!.size).toBe(2);
    expect(p.groups[0]!.numeric[0]!.count).toBe(1);
    expect(p.groups[0]!.numeric[0]!.mean).toBe(1);
    expect(p.groups[0]!.categorical[0]!.count).toBe(1);
    expect(p.groups[0]!.revenueShare).toBeNull();
  });

  it('has no test when one side has no values', () => {
    const p = profileGroups({
      groups: Uint8Array.from([0, 0, 255]),
      groupCount: 1,
      numeric: { x: Float64Array.from([1, 2, 3]) },
    });
    expect(p.participants).toBe(2);
    expect(p.groups[0]!.numeric[0]!.test).toBeNull();
    expect(p.groups[0]!.ranked[0]!.p).toBeNull();
  });
});

describe('describeGroup', () => {
  const zh = profileGroups(profileFixture()).groups;
  const en = profileGroups(profileFixture(CITY_EN)).groups;

  it('names the top differences in Chinese and English', () => {
    expect(describeGroup(zh[0]!, 'zh-CN', { labels: LABELS })).toBe(
      '多为 25–34 岁，上海/杭州，App 下单',
    );
    expect(describeGroup(en[0]!, 'en', { labels: LABELS })).toBe(
      'Mostly 25–34, Shanghai/Hangzhou, orders in the App',
    );
  });

  it('can name a fourth difference, a numeric one as a multiple of the average', () => {
    expect(describeGroup(zh[0]!, 'zh-CN', { labels: LABELS, maxPhrases: 4 })).toBe(
      '多为 25–34 岁，上海/杭州，App 下单，客单价为平均的 2.1 倍',
    );
    expect(describeGroup(en[0]!, 'en', { labels: LABELS, maxPhrases: 4 })).toBe(
      'Mostly 25–34, Shanghai/Hangzhou, orders in the App, basket 2.1× the average',
    );
  });

  it('falls back to plain templates without labels', () => {
    expect(describeGroup(zh[0]!, 'zh-CN', { maxPhrases: 4 })).toBe(
      '多为 25–34，上海/杭州，App，basket为平均的 2.1 倍',
    );
  });

  it('says nothing about a group of fewer than 5 customers', () => {
    expect(zh[2]!.size).toBe(3);
    expect(describeGroup(zh[2]!, 'zh-CN', { labels: LABELS })).toBe('');
  });

  it('names no value fewer than minGroupSize members have', () => {
    // 杭州 has 13 members in group 0: with a threshold of 14 only 上海 (16) is named; 25–34 (30)
    // and App (26) stay.
    expect(describeGroup(zh[0]!, 'zh-CN', { labels: LABELS, minGroupSize: 14 })).toBe(
      '多为 25–34 岁，上海，App 下单',
    );
  });

  it('names only values with p < 0.05 and lift ≥ 1.2', () => {
    const g: GroupProfile = structuredClone(zh[0]!);
    g.ranked.find((a) => a.name === 'age')!.p = 0.2;
    const age = g.categorical.find((a) => a.name === 'age')!;
    expect(describeGroup(g, 'zh-CN', { labels: LABELS })).toBe(
      '多为上海/杭州，App 下单，客单价为平均的 2.1 倍',
    );
    // Channel: App has lift 1.53; lowered below 1.2, channel drops out.
    const channel = g.categorical.find((a) => a.name === 'channel')!;
    channel.values[0]!.lift = 1.19;
    expect(age.values[1]!.lift).toBeGreaterThan(2);
    expect(describeGroup(g, 'zh-CN', { labels: LABELS })).toBe(
      '多为上海/杭州，客单价为平均的 2.1 倍',
    );
  });
});
