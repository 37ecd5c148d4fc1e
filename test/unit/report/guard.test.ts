import {
  DEFAULT_MIN_GROUP,
  maskSmallCount,
  suppressSmallGroups,
} from '../../../src/lib/domain/report/guard';

interface Seg {
  id: string;
  label: string;
  customers: number;
  revenue: number;
}

const OTHER = { id: 'other', label: '其他' };
const sumRevenue = (members: readonly Seg[]): { revenue: number } => ({
  revenue: members.reduce((s, m) => s + m.revenue, 0),
});
const seg = (id: string, customers: number, revenue = customers * 100): Seg => ({
  id,
  label: id.toUpperCase(),
  customers,
  revenue,
});

describe('suppressSmallGroups', () => {
  it('defaults to groups of at least 10', () => {
    expect(DEFAULT_MIN_GROUP).toBe(5);
  });

  it('keeps groups of at least k and merges the small ones into Other', () => {
    const result = suppressSmallGroups(
      [seg('a', 50), seg('b', 4), seg('c', 10), seg('d', 7)],
      10,
      OTHER,
      sumRevenue,
    );
    expect(result.groups.map((g) => [g.id, g.customers])).toEqual([
      ['a', 50],
      ['c', 10],
      ['other', 11],
    ]);
    const other = result.groups[2];
    expect(other).toMatchObject({
      label: '其他',
      merged: 2,
      isOther: true,
      isSuppressed: false,
      revenue: 1100,
    });
    expect(result.suppressed).toBe(2);
    expect(result.smallest).toBe(10);
  });

  it('counts the Other group as the smallest shown when it is', () => {
    const result = suppressSmallGroups(
      [seg('a', 50), seg('b', 6), seg('c', 5)],
      10,
      OTHER,
      sumRevenue,
    );
    expect(result.smallest).toBe(11);
  });

  it('suppresses nothing with k = 1', () => {
    const groups = [seg('a', 1), seg('b', 2), seg('c', 0)];
    const merge = vi.fn(sumRevenue);
    const result = suppressSmallGroups(groups, 1, OTHER, merge);
    expect(result.groups.map((g) => g.id)).toEqual(['a', 'b', 'c']);
    expect(result.groups.every((g) => !g.isOther && !g.isSuppressed)).toBe(true);
    expect(result.suppressed).toBe(0);
    expect(result.smallest).toBe(1);
    expect(merge).not.toHaveBeenCalled();
  });

  it('keeps groups of 0 customers where they are (a zero reveals nobody)', () => {
    const result = suppressSmallGroups(
      [seg('a', 0), seg('b', 30), seg('c', 0)],
      10,
      OTHER,
      sumRevenue,
    );
    expect(result.groups.map((g) => [g.id, g.customers])).toEqual([
      ['a', 0],
      ['b', 30],
      ['c', 0],
    ]);
    expect(result.suppressed).toBe(0);
    expect(result.smallest).toBe(30);
  });

  it('merges all groups when all are small, and shows Other when it reaches k', () => {
    const result = suppressSmallGroups(
      [seg('a', 4), seg('b', 3), seg('c', 5)],
      10,
      OTHER,
      sumRevenue,
    );
    expect(result.groups).toEqual([
      {
        id: 'other',
        label: '其他',
        customers: 12,
        merged: 3,
        revenue: 1200,
        isOther: true,
        isSuppressed: false,
      },
    ]);
    expect(result.suppressed).toBe(3);
    expect(result.smallest).toBe(12);
  });

  it('suppresses Other when it is still under k: null count, no statistics', () => {
    const merge = vi.fn(sumRevenue);
    const result = suppressSmallGroups(
      [seg('a', 40), seg('b', 3), seg('c', 0), seg('d', 2)],
      10,
      OTHER,
      merge,
    );
    expect(result.groups.map((g) => [g.id, g.customers])).toEqual([
      ['a', 40],
      ['c', 0],
      ['other', null],
    ]);
    const other = result.groups[2];
    expect(other).toEqual({
      id: 'other',
      label: '其他',
      customers: null,
      merged: 2,
      isOther: true,
      isSuppressed: true,
    });
    expect(merge).not.toHaveBeenCalled();
    expect(result.suppressed).toBe(2);
    expect(result.smallest).toBe(40);
  });

  it('reports no smallest group when nothing non-zero is shown', () => {
    const result = suppressSmallGroups([seg('a', 0), seg('b', 3)], 10, OTHER, sumRevenue);
    expect(result.smallest).toBeNull();
    expect(suppressSmallGroups([], 10, OTHER, sumRevenue)).toEqual({
      groups: [],
      suppressed: 0,
      smallest: null,
    });
  });

  it('narrows the groups by isSuppressed', () => {
    const result = suppressSmallGroups([seg('a', 12), seg('b', 2)], 10, OTHER, sumRevenue);
    const revenues = result.groups.map((g) => (g.isSuppressed ? null : g.revenue));
    expect(revenues).toEqual([1200, null]);
  });

  it('does not mutate its input', () => {
    const groups = [seg('a', 12), seg('b', 2)];
    const copy = structuredClone(groups);
    suppressSmallGroups(groups, 10, OTHER, sumRevenue);
    expect(groups).toEqual(copy);
  });

  it('rejects an id clash with Other and a non-finite k', () => {
    expect(() => suppressSmallGroups([seg('other', 12)], 10, OTHER, sumRevenue)).toThrow(/Other/);
    expect(() => suppressSmallGroups([seg('a', 12)], Number.NaN, OTHER, sumRevenue)).toThrow(
      RangeError,
    );
  });
});

describe('maskSmallCount', () => {
  it('hides counts between 0 and k', () => {
    expect(maskSmallCount(0, 10)).toBe(0);
    expect(maskSmallCount(1, 10)).toBeNull();
    expect(maskSmallCount(9, 10)).toBeNull();
    expect(maskSmallCount(10, 10)).toBe(10);
    expect(maskSmallCount(1234, 10)).toBe(1234);
  });

  it('hides nothing with k = 1 and hides a non-finite count', () => {
    expect(maskSmallCount(1, 1)).toBe(1);
    expect(maskSmallCount(Number.NaN, 10)).toBeNull();
  });
});
