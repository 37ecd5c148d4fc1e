import { describe, expect, it } from 'vitest';
import {
  astFromForm,
  formFromAst,
  formatRule,
  normalizeRule,
  parseRule,
  stripPositions,
} from '../../../src/lib/domain/tags/rule';
import type { RuleForm, RuleNode } from '../../../src/lib/domain/tags/rule';
import { evaluateRule } from '../../../src/lib/domain/tags/evaluate';
import { Rng, randomRule, randomTable } from './helpers';

function ast(text: string): RuleNode {
  const r = parseRule(text);
  if (!r.ok) {
    throw new Error(r.error.message.en);
  }
  return r.ast;
}

/** The canonical text of a form's rule. */
function textOf(form: RuleForm): string {
  const r = astFromForm(form);
  if (!r.ok) {
    throw new Error(r.error.message.en);
  }
  return formatRule(r.ast);
}

describe('formFromAst', () => {
  it('puts a single condition in a group of one', () => {
    expect(formFromAst(ast('M_score >= 4'))).toEqual({
      join: 'and',
      groups: [{ join: 'and', conditions: [{ field: 'M_score', op: '>=', value: '4' }] }],
    });
  });

  it('puts an AND/OR of conditions in one group', () => {
    expect(formFromAst(ast('a = 1 OR city IN (上海, "杭州") OR b IS NOT MISSING'))).toEqual({
      join: 'and',
      groups: [
        {
          join: 'or',
          conditions: [
            { field: 'a', op: '=', value: '1' },
            { field: 'city', op: 'in', value: '上海, 杭州' },
            { field: 'b', op: 'is not missing', value: '' },
          ],
        },
      ],
    });
  });

  it('gives each condition of a mix its own group', () => {
    expect(formFromAst(ast('a = 1 AND (b = 2 OR c NOT IN (3, 4)) AND d = x'))).toEqual({
      join: 'and',
      groups: [
        { join: 'or', conditions: [{ field: 'a', op: '=', value: '1' }] },
        {
          join: 'or',
          conditions: [
            { field: 'b', op: '=', value: '2' },
            { field: 'c', op: 'not in', value: '3, 4' },
          ],
        },
        { join: 'or', conditions: [{ field: 'd', op: '=', value: 'x' }] },
      ],
    });
  });

  it('turns NOT … IS MISSING into the opposite condition', () => {
    expect(formFromAst(ast('NOT a IS MISSING'))?.groups[0]?.conditions).toEqual([
      { field: 'a', op: 'is not missing', value: '' },
    ]);
  });

  it('gives null for rules deeper than two levels or with NOT', () => {
    expect(formFromAst(ast('NOT a = 1'))).toBeNull();
    expect(formFromAst(ast('a = 1 AND NOT b = 2'))).toBeNull();
    expect(formFromAst(ast('a = 1 AND (b = 2 OR (c = 3 AND d = 4))'))).toBeNull();
    expect(formFromAst(ast('(a = 1 OR b = 2) AND (c = 3 OR NOT d = 4)'))).toBeNull();
  });

  it('quotes values that would read differently as plain text', () => {
    const form = formFromAst(
      ast('a = " padded " AND b = "12" AND c = "" AND d IN ("x,y", "\\"q")'),
    );
    expect(form?.groups[0]?.conditions.map((c) => c.value)).toEqual([
      '" padded "',
      '"12"',
      '""',
      '"x,y", "\\"q"',
    ]);
  });
});

describe('astFromForm', () => {
  it('builds the rule and positions it in its canonical text', () => {
    const form: RuleForm = {
      join: 'or',
      groups: [
        {
          join: 'and',
          conditions: [
            { field: 'M_score', op: '>=', value: ' 4 ' },
            { field: '城市', op: 'in', value: '上海，杭州、 "a,b" ,' },
          ],
        },
        { join: 'and', conditions: [{ field: 'order count', op: 'is missing', value: 'x' }] },
      ],
    };
    const r = astFromForm(form);
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    const text = formatRule(r.ast);
    expect(text).toBe(
      'M_score >= 4 AND 城市 IN ("上海", "杭州", "a,b") OR `order count` IS MISSING',
    );
    expect(stripPositions(ast(text))).toEqual(stripPositions(r.ast));
    expect(r.ast.end).toBe(text.length);
  });

  it('keeps numbers and text apart', () => {
    const one = (value: string): string =>
      textOf({
        join: 'and',
        groups: [{ join: 'and', conditions: [{ field: 'a', op: '=', value }] }],
      });
    expect(one('4')).toBe('a = 4');
    expect(one('0')).toBe('a = 0');
    expect(one('""')).toBe('a = ""');
    expect(one('-1.5')).toBe('a = -1.5');
    expect(one('4.0')).toBe('a = "4.0"');
    expect(one('1e3')).toBe('a = "1e3"');
    expect(one('"4"')).toBe('a = "4"');
    expect(one('上海')).toBe('a = "上海"');
    expect(one('"A" grade')).toBe('a = "\\"A\\" grade"');
    expect(one('a "b" c')).toBe('a = "a \\"b\\" c"');
  });

  it('skips empty groups and reports an empty form', () => {
    const empty = astFromForm({ join: 'and', groups: [{ join: 'or', conditions: [] }] });
    expect(empty.ok || empty.error.code).toBe('empty');
    expect(
      textOf({
        join: 'and',
        groups: [
          { join: 'or', conditions: [] },
          { join: 'or', conditions: [{ field: 'a', op: '=', value: '1' }] },
        ],
      }),
    ).toBe('a = 1');
  });

  it('names the group and condition of a mistake', () => {
    const form = (field: string, op: string, value: string): RuleForm =>
      ({
        join: 'and',
        groups: [
          { join: 'and', conditions: [{ field: 'ok', op: '=', value: '1' }] },
          {
            join: 'and',
            conditions: [
              { field: 'ok', op: '=', value: '1' },
              { field, op, value },
            ],
          },
        ],
      }) as RuleForm;
    const errorOf = (f: RuleForm) => {
      const r = astFromForm(f);
      return r.ok ? null : r.error;
    };
    expect(errorOf(form(' ', '=', '1'))).toMatchObject({
      code: 'expected-field',
      group: 1,
      condition: 1,
    });
    expect(errorOf(form('a', '~', '1'))).toMatchObject({ code: 'expected-operator' });
    expect(errorOf(form('a', '=', '  '))).toMatchObject({ code: 'expected-value' });
    expect(errorOf(form('a', 'in', ' , ,'))).toMatchObject({ code: 'expected-value' });
    expect(errorOf(form('a', 'in', 'x, "y'))).toMatchObject({
      code: 'unterminated-string',
      at: 3,
      group: 1,
      condition: 1,
    });
    expect(errorOf(form('a', 'in', '"y" z'))).toMatchObject({
      code: 'expected-list-separator',
      at: 4,
    });
    expect(errorOf(form('a', '=', '"y'))).toMatchObject({ code: 'unterminated-string', at: 0 });
  });

  it('round-trips every rule the form can show', () => {
    const rng = new Rng(11);
    const table = randomTable(rng, 300);
    let shown = 0;
    for (let k = 0; k < 2000; k++) {
      const rule = randomRule(rng, table, 2);
      const form = formFromAst(rule);
      if (!form) {
        continue;
      }
      shown++;
      const back = astFromForm(form);
      expect(back.ok).toBe(true);
      if (!back.ok) {
        continue;
      }
      // NOT (x IS MISSING) comes back as x IS NOT MISSING; everything else exactly.
      if (!JSON.stringify(rule).includes('"not"')) {
        expect(stripPositions(back.ast)).toEqual(stripPositions(normalizeRule(rule)));
      }
      expect(formFromAst(back.ast)).toEqual(form);
      expect(evaluateRule(back.ast, table)).toEqual(evaluateRule(rule, table));
    }
    expect(shown).toBeGreaterThan(500);
  });
});
