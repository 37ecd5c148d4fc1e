import { describe, expect, it } from 'vitest';
import { categoryField, numberField } from '../../../src/lib/domain/tags/fields';
import type { FieldSchema, FieldTable } from '../../../src/lib/domain/tags/fields';
import { checkRule, closestName, editDistance, parseRule } from '../../../src/lib/domain/tags/rule';
import type { RuleCheck, RuleNode } from '../../../src/lib/domain/tags/rule';

const SCHEMA: FieldSchema[] = [
  { name: 'M_score', kind: 'number' },
  { name: 'order count', kind: 'number' },
  {
    name: '城市',
    kind: 'category',
    values: ['', '上海', '杭州', '北京市', '广州', '深圳', '成都'],
  },
  {
    name: 'lifecycle',
    kind: 'category',
    values: ['', 'new', 'active'],
    aliases: { 引入期: 'new', 成长期: 'active', 幽灵: 'ghost' },
  },
  { name: 'tier', kind: 'category', values: ['', '1', '2'] },
  { name: 'note', kind: 'category' },
];

function ast(text: string): RuleNode {
  const r = parseRule(text);
  if (!r.ok) {
    throw new Error(r.error.message.en);
  }
  return r.ast;
}

const check = (text: string, schema: FieldTable | FieldSchema[] = SCHEMA): RuleCheck =>
  checkRule(ast(text), schema);

describe('editDistance and closestName', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('城市', '城')).toBe(1);
    expect(editDistance('𠮷a', '𠮷b')).toBe(1);
  });

  it('suggests the closest name, ignoring case, and nothing when all are far', () => {
    expect(closestName('M_scor', ['R_score', 'M_score', 'F'])).toBe('M_score');
    expect(closestName('m_SCORE', ['M_score', 'F_score'])).toBe('M_score');
    expect(closestName('城', ['城市', '年龄'])).toBe('城市');
    expect(closestName('zzzzzz', ['M_score', 'F'])).toBeNull();
    expect(closestName('a', [])).toBeNull();
  });
});

describe('checkRule', () => {
  it('passes a good rule', () => {
    expect(check('M_score >= 4 AND 城市 IN ("上海", "杭州") AND `order count` > 1')).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('finds ASCII fields regardless of case, other names exactly', () => {
    expect(check('m_SCORE >= 4 AND `ORDER COUNT` > 1')).toEqual({ errors: [], warnings: [] });
    expect(check('Lifecycle = new').errors).toEqual([]);
  });

  it('reports an unknown field at the field, suggesting the closest name', () => {
    const { errors } = check('城市 = 上海 AND M_scor >= 4');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'unknown-field',
      at: 12,
      length: 6,
      suggestion: 'M_score',
    });
    expect(errors[0]?.message.en).toContain('Did you mean "M_score"?');
    expect(errors[0]?.message.en).toContain('position 13');
    expect(errors[0]?.message.zh).toContain('M_score');
  });

  it('lists fields when no name is close', () => {
    const e = check('zzzzzzzz = 1').errors[0];
    expect(e?.suggestion).toBeUndefined();
    expect(e?.message.en).toContain('Fields: M_score, order count, 城市');
    const none = checkRule(ast('a = 1'), []).errors[0];
    expect(none?.message.en).toContain('no fields');
  });

  it('does not match Chinese names loosely', () => {
    expect(check('城 = 上海').errors[0]).toMatchObject({
      code: 'unknown-field',
      suggestion: '城市',
    });
  });

  it('reports ordering on a category at the operator', () => {
    const { errors } = check('城市 > 3');
    expect(errors).toEqual([expect.objectContaining({ code: 'category-order', at: 3, length: 1 })]);
    expect(errors[0]?.message.en).toContain('IN');
    expect(check('城市 = 3 OR 城市 != 上海').errors).toEqual([]);
  });

  it('reports text compared with a number field at the value', () => {
    const { errors } = check('M_score = "high" OR M_score IN (1, abc)');
    expect(errors.map((e) => [e.code, e.at, e.length])).toEqual([
      ['not-a-number', 10, 6],
      ['not-a-number', 35, 3],
    ]);
    expect(errors[0]?.message.en).toContain('"high"');
  });

  it('accepts numeric text for a number field', () => {
    expect(check('M_score = "4" AND M_score IN (" 5 ", 1e1)').errors).toEqual([]);
  });

  it('warns about a category value no customer has, with some that exist', () => {
    const { errors, warnings } = check('城市 = 北京');
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'unknown-value', at: 5, length: 2 });
    expect(warnings[0]?.suggestion).toBe('北京市');
    expect(warnings[0]?.message.en).toContain('"北京市"');
    expect(warnings[0]?.message.en).toContain('…');
    expect(warnings[0]?.message.zh).toContain('北京市');
  });

  it('accepts aliases, and numbers as their text', () => {
    expect(check('lifecycle IN (引入期, new, 成长期) AND tier = 1').warnings).toEqual([]);
    expect(check('lifecycle = 幽灵').warnings).toHaveLength(1);
    expect(check('tier = 1.0').warnings).toEqual([]); // the number 1 reads as "1"
    expect(check('tier = "1.0"').warnings).toHaveLength(1);
    expect(check('lifecycle = constructor').warnings).toHaveLength(1);
  });

  it('warns per list value at that value', () => {
    const { warnings } = check('城市 NOT IN ("上海", "火星", "月球")');
    expect(warnings.map((w) => w.at)).toEqual([17, 23]);
  });

  it('does not warn without values, nor about the missing placeholder', () => {
    expect(check('note = anything').warnings).toEqual([]);
    expect(check('城市 = ""').warnings).toHaveLength(1);
    expect(check('城市 IS MISSING AND note IS NOT MISSING')).toEqual({ errors: [], warnings: [] });
  });

  it('reports issues in source order, through NOT and groups', () => {
    const { errors } = check('NOT (x = 1 OR (城市 > 2 AND M_score = y))');
    expect(errors.map((e) => e.code)).toEqual(['unknown-field', 'category-order', 'not-a-number']);
  });

  it('takes a full table as well as a schema', () => {
    const table: FieldTable = {
      n: 3,
      fields: [
        numberField('M_score', [1, 2, NaN]),
        categoryField('城市', ['上海', null, '杭州'], { 沪: '上海' }),
      ],
    };
    expect(check('M_score > 1 AND 城市 IN (沪, 杭州)', table)).toEqual({
      errors: [],
      warnings: [],
    });
    expect(check('城市 = 北京', table).warnings).toHaveLength(1);
    expect(check('城市 > 北京', table).errors[0]?.code).toBe('category-order');
  });

  it('uses node positions for hand-built trees', () => {
    const tree: RuleNode = { type: 'cmp', field: 'nope', op: '=', value: 1, start: 3, end: 9 };
    expect(checkRule(tree, SCHEMA).errors[0]).toMatchObject({ at: 3, length: 6 });
  });
});
