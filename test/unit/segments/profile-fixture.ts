// A small customer table for the profile tests: group 0 (40 customers) differs from group 1
// (160) by age, city, channel and basket; group 2 has 3 customers; 10 customers are in no group.
import type { ProfileInput } from '../../../src/lib/domain/segments/profile';
import { NO_GROUP } from '../../../src/lib/domain/segments/profile';

export const AGE = ['18–24', '25–34', '35–44', '45–54'];
export const CITY_ZH = ['上海', '杭州', '北京', '广州'];
export const CITY_EN = ['Shanghai', 'Hangzhou', 'Beijing', 'Guangzhou'];
export const CHANNEL = ['App', 'Web', 'Store'];

interface Row {
  group: number;
  age: number;
  city: number;
  channel: number;
  basket: number;
  revenue: number;
}

/** `counts` copies of each value, in order: repeat([3, 1]) → [0, 0, 0, 1]. */
function repeat(counts: number[]): number[] {
  return counts.flatMap((c, v) => new Array<number>(c).fill(v));
}

export function profileFixture(cities: string[] = CITY_ZH): ProfileInput {
  const rows: Row[] = [];
  const add = (
    group: number,
    size: number,
    age: number[],
    city: number[],
    channel: number[],
    basket: (i: number) => number,
  ): void => {
    const a = repeat(age);
    const c = repeat(city);
    const ch = repeat(channel);
    for (let i = 0; i < size; i++) {
      rows.push({
        group,
        age: a[i]!,
        city: c[i]!,
        channel: ch[i]!,
        basket: basket(i),
        revenue: basket(i) * 2,
      });
    }
  };
  // Rest-like baskets: 80, 85, …, 120 repeating (mean 100).
  const usual = (i: number): number => 80 + 5 * (i % 9);
  add(0, 40, [5, 30, 5, 0], [16, 13, 6, 5], [26, 14, 0], (i) => (i < 32 ? usual(i) + 5 : 980));
  add(1, 160, [40, 40, 40, 40], [25, 25, 55, 55], [60, 60, 40], usual);
  add(2, 3, [0, 0, 0, 3], [0, 0, 3, 0], [0, 0, 3], () => 100);
  add(NO_GROUP, 10, [0, 10, 0, 0], [10, 0, 0, 0], [10, 0, 0], () => 5000);
  return {
    groups: Int32Array.from(rows.map((r) => r.group)),
    groupCount: 3,
    revenue: Float64Array.from(rows.map((r) => r.revenue)),
    numeric: { basket: Float64Array.from(rows.map((r) => r.basket)) },
    categorical: {
      age: { codes: Uint32Array.from(rows.map((r) => r.age)), dict: AGE },
      city: { codes: Uint32Array.from(rows.map((r) => r.city)), dict: cities },
      channel: { codes: Uint32Array.from(rows.map((r) => r.channel)), dict: CHANNEL },
    },
  };
}
