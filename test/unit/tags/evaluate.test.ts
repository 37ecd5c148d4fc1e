import { describe, expect, it } from 'vitest';
import { and, andNot, count, has, indices, or } from '../../../src/lib/domain/tags/bitset';
import type { Bitset } from '../../../src/lib/domain/tags/bitset';
import { evaluateRule, evaluateRuleText } from '../../../src/lib/domain/tags/evaluate';
import {
  categoryField,
  findField,
  numberField,
  schemaOf,
} from '../../../src/lib/domain/tags/fields';
import type { FieldTable, TagField } from '../../../src/lib/domain/tags/fields';
import { formatRule, parseRule } from '../../../src/lib/domain/tags/rule';
import type { RuleNode } from '../../../src/lib/domain/tags/rule';
import { Rng, naiveEvaluate, randomRule, randomTable } from './helpers';

function ast(text: string): RuleNode {
  const r = parseRule(text);
  if (!r.ok) {
    throw new Error(r.error.message.en);
  }
  return r.ast;
}

/** The customers a rule text matches, as a plain list. */
function who(text: string, table: FieldTable): number[] {
  return Array.from(indices(evaluateRule(ast(text), table)));
}

function toBools(bits: Bitset, n: number): boolean[] {
  return Array.from({ length: n }, (_, i) => has(bits, i));
}

/** Seven customers, readable by hand. */
const TABLE: FieldTable = {
  n: 7,
  fields: [
    numberField('M_score', [5, 4, 3, NaN, 1, 4, 2]),
    numberField('age', [30, -1, 0, 45.5, NaN, 20, 30]),
    categoryField('城市', ['上海', '杭州', null, '北京', '上海', '3', '杭州']),
    categoryField('lifecycle', ['new', 'active', 'new', '', 'lost', null, 'active'], {
      引入期: 'new',
      成长期: 'active',
    }),
  ],
};

describe('evaluateRule on a hand-made table', () => {
  it('compares numbers, and missing values match nothing', () => {
    expect(who('M_score >= 4', TABLE)).toEqual([0, 1, 5]);
    expect(who('M_score < 3', TABLE)).toEqual([4, 6]);
    expect(who('M_score = 4', TABLE)).toEqual([1, 5]);
    expect(who('M_score != 4', TABLE)).toEqual([0, 2, 4, 6]);
    expect(who('M_score > -100', TABLE)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(who('age <= 0', TABLE)).toEqual([1, 2]);
  });

  it('matches missing values only with IS MISSING, and NOT includes them', () => {
    expect(who('M_score IS MISSING', TABLE)).toEqual([3]);
    expect(who('M_score IS NOT MISSING', TABLE)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(who('NOT M_score = 4', TABLE)).toEqual([0, 2, 3, 4, 6]);
    expect(who('城市 IS MISSING', TABLE)).toEqual([2]);
    expect(who('lifecycle IS MISSING', TABLE)).toEqual([3, 5]);
  });

  it('compares numeric text numerically on number fields', () => {
    expect(who('M_score = "4"', TABLE)).toEqual([1, 5]);
    expect(who('age IN ("30", 45.5, " 20 ")', TABLE)).toEqual([0, 3, 5, 6]);
    expect(who('M_score = "high"', TABLE)).toEqual([]);
    expect(who('M_score != "high"', TABLE)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(who('M_score NOT IN (4, "x")', TABLE)).toEqual([0, 2, 4, 6]);
  });

  it('matches category values by code, with aliases', () => {
    expect(who('城市 = 上海', TABLE)).toEqual([0, 4]);
    expect(who('城市 IN ("上海", "杭州")', TABLE)).toEqual([0, 1, 4, 6]);
    expect(who('城市 NOT IN ("上海", "杭州")', TABLE)).toEqual([3, 5]);
    expect(who('城市 != 上海', TABLE)).toEqual([1, 3, 5, 6]);
    expect(who('lifecycle = 引入期', TABLE)).toEqual([0, 2]);
    expect(who('lifecycle IN (成长期, lost)', TABLE)).toEqual([1, 4, 6]);
    expect(who('lifecycle != 引入期', TABLE)).toEqual([1, 4, 6]);
    expect(who('城市 = 广州', TABLE)).toEqual([]);
    expect(who('城市 = ""', TABLE)).toEqual([]);
    expect(who('lifecycle = constructor', TABLE)).toEqual([]);
  });

  it('compares a number with a category value as text', () => {
    expect(who('城市 = 3', TABLE)).toEqual([5]);
    expect(who('城市 = 3.0', TABLE)).toEqual([5]);
    expect(who('城市 = "3.0"', TABLE)).toEqual([]);
    // Ordering on a category: numeric where both sides are numbers (checkRule reports it).
    expect(who('城市 >= 2', TABLE)).toEqual([5]);
    expect(who('城市 > 上海', TABLE)).toEqual([]);
  });

  it('combines with AND, OR and NOT', () => {
    expect(who('M_score >= 4 AND 城市 = 上海', TABLE)).toEqual([0]);
    expect(who('M_score >= 4 OR 城市 = 上海', TABLE)).toEqual([0, 1, 4, 5]);
    expect(who('NOT (M_score >= 4 OR 城市 = 上海)', TABLE)).toEqual([2, 3, 6]);
    expect(who('m_SCORE >= 4 且 城市 = 杭州', TABLE)).toEqual([1]);
  });

  it('handles AND/OR of no items and the empty table', () => {
    const P = { start: 0, end: 0 };
    expect(count(evaluateRule({ type: 'and', items: [], ...P }, TABLE))).toBe(7);
    expect(count(evaluateRule({ type: 'or', items: [], ...P }, TABLE))).toBe(0);
    const empty: FieldTable = { n: 0, fields: [numberField('a', [])] };
    expect(evaluateRule(ast('NOT a = 1'), empty)).toHaveLength(0);
  });

  it('throws a clear error for an unknown field', () => {
    expect(() => evaluateRule(ast('nope = 1'), TABLE)).toThrow(/"nope"/);
  });

  it('reads a code outside the values as no match', () => {
    const bad: TagField = {
      name: 'c',
      kind: 'category',
      codes: Uint32Array.from([1, 9]),
      values: ['', 'x'],
    };
    const table: FieldTable = { n: 2, fields: [bad] };
    expect(who('c = x', table)).toEqual([0]);
    expect(who('c != y', table)).toEqual([0]);
  });
});

describe('evaluateRuleText', () => {
  it('returns the bitset, the tree and the warnings', () => {
    const r = evaluateRuleText('城市 IN (上海, 广州)', TABLE);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Array.from(indices(r.bitset))).toEqual([0, 4]);
      expect(r.warnings.map((w) => w.code)).toEqual(['unknown-value']);
      expect(formatRule(r.ast)).toBe('城市 IN ("上海", "广州")');
    }
  });

  it('returns the first parse or check error instead of throwing', () => {
    const parse = evaluateRuleText('M_score >=', TABLE);
    expect(parse.ok || parse.error.code).toBe('expected-value');
    const unknown = evaluateRuleText('M_scor >= 4', TABLE);
    expect(unknown.ok || unknown.error).toMatchObject({
      code: 'unknown-field',
      suggestion: 'M_score',
    });
  });
});

describe('evaluateRule against a naive interpreter', () => {
  it('agrees on random tables and random rules', () => {
    const rng = new Rng(2024);
    for (const n of [0, 1, 31, 32, 33, 64, 65, 257]) {
      const table = randomTable(rng, n);
      for (let k = 0; k < 60; k++) {
        const rule = randomRule(rng, table, 3);
        const bits = evaluateRule(rule, table);
        const naive = naiveEvaluate(rule, table);
        expect(toBools(bits, n), formatRule(rule)).toEqual(naive);
        expect(count(bits)).toBe(naive.filter(Boolean).length);
        if (n % 32 !== 0) {
          expect((bits[bits.length - 1] as number) >>> (n % 32)).toBe(0);
        }
      }
    }
  });

  it('agrees when the rule goes through its text first', () => {
    const rng = new Rng(99);
    const table = randomTable(rng, 500);
    for (let k = 0; k < 200; k++) {
      const rule = randomRule(rng, table, 3);
      const again = ast(formatRule(rule));
      expect(toBools(evaluateRule(again, table), table.n)).toEqual(naiveEvaluate(rule, table));
    }
  });

  it('combines ten tags over 100,000 customers exactly like the naive filter', () => {
    const n = 100_000;
    const rng = new Rng(100_000);
    const table = randomTable(rng, n);
    const rules = [
      'M_score >= 4',
      '城市 IN ("上海", "杭州")',
      '`order amount` > 100 AND `order amount` <= 400',
      'Stage = 引入期 OR Stage = lapsed',
      '年龄 IS MISSING OR 年龄 < 18',
      'NOT tier = 2',
      '城市 != 北京 AND M_score IS NOT MISSING',
      'stage NOT IN (active)',
      '年龄 >= 30 且 年龄 < 50',
      'M_score IN (1, 2) OR 城市 = 3',
    ].map(ast);
    const tags = rules.map((rule) => evaluateRule(rule, table));
    const naive = rules.map((rule) => naiveEvaluate(rule, table));
    tags.forEach((bits, k) => {
      expect(count(bits)).toBe((naive[k] as boolean[]).filter(Boolean).length);
    });
    const t = (k: number): Bitset => tags[k] as Bitset;
    // (t0 AND t1) OR (t2 AND NOT t3) OR (t4 AND t5 AND t6) OR (t7 AND t8 AND t9)
    const combined = or(
      or(and(t(0), t(1)), andNot(t(2), t(3))),
      or(and(and(t(4), t(5)), t(6)), and(and(t(7), t(8)), t(9))),
    );
    const v = (k: number, i: number): boolean => (naive[k] as boolean[])[i] === true;
    const expected = Array.from(
      { length: n },
      (_, i) =>
        (v(0, i) && v(1, i)) ||
        (v(2, i) && !v(3, i)) ||
        (v(4, i) && v(5, i) && v(6, i)) ||
        (v(7, i) && v(8, i) && v(9, i)),
    );
    expect(toBools(combined, n)).toEqual(expected);
    expect(count(combined)).toBe(expected.filter(Boolean).length);
    // The same combination written as one rule evaluates to the same bitset.
    const p = rules.map((r) => `(${formatRule(r)})`);
    const oneRule = ast(
      `${p[0]} AND ${p[1]} OR ${p[2]} AND NOT ${p[3]} OR ${p[4]} AND ${p[5]} AND ${p[6]} OR ` +
        `${p[7]} AND ${p[8]} AND ${p[9]}`,
    );
    expect(Array.from(evaluateRule(oneRule, table))).toEqual(Array.from(combined));
  });
});

describe('fields', () => {
  it('finds ASCII names ignoring case and others exactly', () => {
    const fields = [{ name: 'M_score' }, { name: '城市' }, { name: 'Café' }, { name: 'm_score2' }];
    expect(findField(fields, 'm_SCORE')?.name).toBe('M_score');
    expect(findField(fields, '城市')?.name).toBe('城市');
    expect(findField(fields, 'café')).toBeUndefined();
    expect(findField(fields, 'Café')?.name).toBe('Café');
  });

  it('prefers an exact match over a case-insensitive one', () => {
    const fields = [{ name: 'Age' }, { name: 'age' }];
    expect(findField(fields, 'age')).toBe(fields[1]);
    expect(findField(fields, 'AGE')).toBe(fields[0]);
  });

  it('codes category cells by first appearance with 0 for missing', () => {
    const f = categoryField('c', ['b', '', null, 'a', 'b', undefined]);
    expect(f.kind === 'category' && [Array.from(f.codes), f.values]).toEqual([
      [1, 0, 0, 2, 1, 0],
      ['', 'b', 'a'],
    ]);
  });

  it('schemaOf keeps names, kinds, values and aliases', () => {
    expect(schemaOf(TABLE)).toEqual([
      { name: 'M_score', kind: 'number' },
      { name: 'age', kind: 'number' },
      { name: '城市', kind: 'category', values: ['', '上海', '杭州', '北京', '3'] },
      {
        name: 'lifecycle',
        kind: 'category',
        values: ['', 'new', 'active', 'lost'],
        aliases: { 引入期: 'new', 成长期: 'active' },
      },
    ]);
  });
});
