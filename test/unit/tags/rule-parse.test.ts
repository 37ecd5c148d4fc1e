import { describe, expect, it } from 'vitest';
import { MAX_RULE_DEPTH, parseRule, stripPositions } from '../../../src/lib/domain/tags/rule';
import type { RuleError, RuleNode } from '../../../src/lib/domain/tags/rule';
import { Rng } from './helpers';

/** The tree of a rule that must parse, without positions. */
function tree(text: string): RuleNode {
  const r = parseRule(text);
  if (!r.ok) {
    throw new Error(`${text}: ${r.error.message.en}`);
  }
  return stripPositions(r.ast);
}

/** The error of a rule that must not parse. */
function error(text: string): RuleError {
  const r = parseRule(text);
  if (r.ok) {
    throw new Error(`${text} parsed`);
  }
  return r.error;
}

const P = { start: 0, end: 0 };
const cmp = (field: string, op: string, value: number | string): RuleNode =>
  ({ type: 'cmp', field, op, value, ...P }) as RuleNode;
const and = (...items: RuleNode[]): RuleNode => ({ type: 'and', items, ...P });
const or = (...items: RuleNode[]): RuleNode => ({ type: 'or', items, ...P });
const not = (item: RuleNode): RuleNode => ({ type: 'not', item, ...P });
const inList = (field: string, values: (number | string)[], negated = false): RuleNode => ({
  type: 'in',
  field,
  values,
  negated,
  ...P,
});
const missing = (field: string, negated = false): RuleNode => ({
  type: 'missing',
  field,
  negated,
  ...P,
});

describe('parseRule: valid rules', () => {
  it('reads a comparison', () => {
    expect(tree('M_score >= 4')).toEqual(cmp('M_score', '>=', 4));
  });

  it('gives AND precedence over OR', () => {
    expect(tree('a = 1 OR b = 2 AND c = 3')).toEqual(
      or(cmp('a', '=', 1), and(cmp('b', '=', 2), cmp('c', '=', 3))),
    );
    expect(tree('a = 1 AND b = 2 OR c = 3')).toEqual(
      or(and(cmp('a', '=', 1), cmp('b', '=', 2)), cmp('c', '=', 3)),
    );
  });

  it('flattens chains and same-kind groups', () => {
    expect(tree('a = 1 AND b = 2 AND c = 3')).toEqual(
      and(cmp('a', '=', 1), cmp('b', '=', 2), cmp('c', '=', 3)),
    );
    expect(tree('a = 1 OR (b = 2 OR c = 3)')).toEqual(
      or(cmp('a', '=', 1), cmp('b', '=', 2), cmp('c', '=', 3)),
    );
    expect(tree('((a = 1))')).toEqual(cmp('a', '=', 1));
  });

  it('reads NOT, binding tighter than AND', () => {
    expect(tree('NOT a = 1 AND b = 2')).toEqual(and(not(cmp('a', '=', 1)), cmp('b', '=', 2)));
    expect(tree('NOT (a = 1 AND b = 2)')).toEqual(not(and(cmp('a', '=', 1), cmp('b', '=', 2))));
    expect(tree('not not a = 1')).toEqual(not(not(cmp('a', '=', 1))));
  });

  it('reads nested parentheses', () => {
    expect(tree('(a = 1 OR b = 2) AND (c = 3 OR (d = 4 AND e = 5))')).toEqual(
      and(
        or(cmp('a', '=', 1), cmp('b', '=', 2)),
        or(cmp('c', '=', 3), and(cmp('d', '=', 4), cmp('e', '=', 5))),
      ),
    );
  });

  it('reads IN and NOT IN lists', () => {
    expect(tree('city IN ("上海", "杭州")')).toEqual(inList('city', ['上海', '杭州']));
    expect(tree("city not in (上海, 3, 'x')")).toEqual(inList('city', ['上海', 3, 'x'], true));
    expect(tree('a IN (1)')).toEqual(inList('a', [1]));
  });

  it('reads IS MISSING and IS NOT MISSING', () => {
    expect(tree('email IS MISSING')).toEqual(missing('email'));
    expect(tree('email is not missing')).toEqual(missing('email', true));
  });

  it('takes keywords in any case and 且 / 或 / 非', () => {
    expect(tree('a = 1 and b = 2 Or c = 3')).toEqual(
      or(and(cmp('a', '=', 1), cmp('b', '=', 2)), cmp('c', '=', 3)),
    );
    expect(tree('城市 = 上海 且 年龄 > 30 或 非 会员 = 是')).toEqual(
      or(and(cmp('城市', '=', '上海'), cmp('年龄', '>', 30)), not(cmp('会员', '=', '是'))),
    );
  });

  it('normalises every operator spelling', () => {
    const ops: [string, string][] = [
      ['=', '='],
      ['==', '='],
      ['!=', '!='],
      ['<>', '!='],
      ['>', '>'],
      ['>=', '>='],
      ['<', '<'],
      ['<=', '<='],
      ['＝', '='],
      ['＞', '>'],
      ['＜', '<'],
      ['＞＝', '>='],
      ['≥', '>='],
      ['≤', '<='],
      ['≠', '!='],
      ['！＝', '!='],
    ];
    for (const [spelling, op] of ops) {
      expect(tree(`a ${spelling} 1`)).toEqual(cmp('a', op, 1));
      expect(tree(`a${spelling}1`)).toEqual(cmp('a', op, 1));
    }
  });

  it('takes full-width parentheses, commas and the enumeration comma', () => {
    expect(tree('（a ＝ 1 或 b ＝ 2）且 c IN （1，2、3）')).toEqual(
      and(or(cmp('a', '=', 1), cmp('b', '=', 2)), inList('c', [1, 2, 3])),
    );
  });

  it('reads back-quoted fields, with `` for a backquote', () => {
    expect(tree('`order count` > 2')).toEqual(cmp('order count', '>', 2));
    expect(tree('`a``b` = 1')).toEqual(cmp('a`b', '=', 1));
    expect(tree('`AND` = 1')).toEqual(cmp('AND', '=', 1));
    expect(tree('`90后` = 1')).toEqual(cmp('90后', '=', 1));
  });

  it('reads Unicode identifiers', () => {
    expect(tree('城市 = 上海')).toEqual(cmp('城市', '=', '上海'));
    expect(tree('rfm.score_2 = 1')).toEqual(cmp('rfm.score_2', '=', 1));
    expect(tree('Café = x')).toEqual(cmp('Café', '=', 'x'));
    expect(tree('𠮷野家 = 1')).toEqual(cmp('𠮷野家', '=', 1));
  });

  it('reads numbers: negative, decimal, exponent', () => {
    expect(tree('a = -12.5')).toEqual(cmp('a', '=', -12.5));
    expect(tree('a>-1')).toEqual(cmp('a', '>', -1));
    expect(tree('a = 1e3')).toEqual(cmp('a', '=', 1000));
    expect(tree('a = 2.5E-3')).toEqual(cmp('a', '=', 0.0025));
    expect(tree('a = .5')).toEqual(cmp('a', '=', 0.5));
    expect(tree('a = +4')).toEqual(cmp('a', '=', 4));
    expect(tree('a = 0')).toEqual(cmp('a', '=', 0));
    expect(tree('a = １２')).toEqual(cmp('a', '=', 12));
  });

  it('reads strings in every quote style, with escapes', () => {
    expect(tree('a = "x y"')).toEqual(cmp('a', '=', 'x y'));
    expect(tree("a = 'x'")).toEqual(cmp('a', '=', 'x'));
    expect(tree('a = “上海”')).toEqual(cmp('a', '=', '上海'));
    expect(tree('a = ‘上海’')).toEqual(cmp('a', '=', '上海'));
    expect(tree('a = 「上海」')).toEqual(cmp('a', '=', '上海'));
    expect(tree('a = "say \\"hi\\" \\\\ ok"')).toEqual(cmp('a', '=', 'say "hi" \\ ok'));
    expect(tree('a = "it\'s"')).toEqual(cmp('a', '=', "it's"));
    expect(tree('a = ""')).toEqual(cmp('a', '=', ''));
    expect(tree('a = "12"')).toEqual(cmp('a', '=', '12'));
  });

  it('reads bare words as text, including ones that start with a digit', () => {
    expect(tree('city = 上海')).toEqual(cmp('city', '=', '上海'));
    expect(tree('gen = 90后')).toEqual(cmp('gen', '=', '90后'));
    expect(tree('v = 1.2.3')).toEqual(cmp('v', '=', '1.2.3'));
    expect(tree('a = 上海且')).toEqual(cmp('a', '=', '上海且'));
  });

  it('skips ideographic and zero-width spaces', () => {
    expect(tree('\u3000a\u200b=\u30001\n')).toEqual(cmp('a', '=', 1));
  });

  it('records the positions of nodes, fields, operators and values', () => {
    const r = parseRule('x = 1 AND (city IN ("上海", 杭州) OR y IS MISSING)');
    expect(r.ok).toBe(true);
    if (!r.ok || r.ast.type !== 'and') {
      return;
    }
    expect([r.ast.start, r.ast.end]).toEqual([0, 46]);
    const [first, group] = r.ast.items;
    expect(first).toMatchObject({
      start: 0,
      end: 5,
      fieldSpan: { start: 0, end: 1 },
      opSpan: { start: 2, end: 3 },
      valueSpan: { start: 4, end: 5 },
    });
    expect(group).toMatchObject({ type: 'or', start: 10, end: 46 });
    if (group?.type !== 'or') {
      return;
    }
    expect(group.items[0]).toMatchObject({
      type: 'in',
      start: 11,
      end: 29,
      fieldSpan: { start: 11, end: 15 },
      valueSpans: [
        { start: 20, end: 24 },
        { start: 26, end: 28 },
      ],
    });
    expect(group.items[1]).toMatchObject({ type: 'missing', start: 33, end: 45 });
  });
});

describe('parseRule: errors and their positions', () => {
  it('reports a missing value at the end', () => {
    const e = error('M_score >=');
    expect(e).toMatchObject({ code: 'expected-value', at: 10, length: 0 });
    expect(e.message.en).toContain('Expected a value after >= at position 11');
    expect(e.message.zh).toContain('>= 后面缺少要比较的值');
  });

  it('reports an unclosed parenthesis at the parenthesis', () => {
    expect(error('(a = 1')).toMatchObject({ code: 'unclosed-paren', at: 0, length: 1 });
    expect(error('a = 2 AND ((a = 1)')).toMatchObject({ code: 'unclosed-paren', at: 10 });
  });

  it('reports an unterminated string at its quote', () => {
    expect(error('a = "x')).toMatchObject({ code: 'unterminated-string', at: 4, length: 2 });
    expect(error('a = “x"')).toMatchObject({ code: 'unterminated-string', at: 4 });
    expect(error('a = "x\\"')).toMatchObject({ code: 'unterminated-string', at: 4 });
    expect(error('a = "x\\')).toMatchObject({ code: 'unterminated-string', at: 4 });
  });

  it('reports a stray character where it is', () => {
    const e = error('a ~ 1');
    expect(e).toMatchObject({ code: 'unexpected-char', at: 2, length: 1 });
    expect(e.message.en).toContain('"~"');
    expect(error('a = 1 AND b @ 2')).toMatchObject({ code: 'unexpected-char', at: 12 });
    expect(error('a = 1 && b = 2')).toMatchObject({ code: 'unexpected-char', at: 6 });
  });

  it('reports two conditions without AND/OR at the second', () => {
    const e = error('a = 1 b = 2');
    expect(e).toMatchObject({ code: 'expected-join', at: 6, length: 1 });
    expect(e.message.en).toContain('AND or OR');
  });

  it('reports an empty rule', () => {
    expect(error('')).toMatchObject({ code: 'empty', at: 0 });
    expect(error('   \u3000 ')).toMatchObject({ code: 'empty', at: 0 });
  });

  it('reports a missing condition after AND / OR / NOT / (', () => {
    expect(error('a = 1 AND')).toMatchObject({ code: 'expected-field', at: 9, length: 0 });
    expect(error('a = 1 OR ')).toMatchObject({ code: 'expected-field', at: 9 });
    expect(error('NOT')).toMatchObject({ code: 'expected-field', at: 3 });
    expect(error('()')).toMatchObject({ code: 'expected-field', at: 1 });
    expect(error('AND a = 1')).toMatchObject({ code: 'expected-field', at: 0, length: 3 });
    expect(error('a = 1 AND OR b = 2')).toMatchObject({ code: 'expected-field', at: 10 });
  });

  it('reports an unmatched ")"', () => {
    expect(error('a = 1)')).toMatchObject({ code: 'unmatched-paren', at: 5 });
    expect(error(')')).toMatchObject({ code: 'expected-field', at: 0 });
  });

  it('reports a field that starts with a digit or is quoted', () => {
    expect(error('90后 = 1')).toMatchObject({ code: 'invalid-field', at: 0, length: 3 });
    expect(error('12 = 1')).toMatchObject({ code: 'invalid-field', at: 0 });
    expect(error('"city" = 1')).toMatchObject({ code: 'invalid-field', at: 0, length: 6 });
  });

  it('reports a missing operator', () => {
    expect(error('city')).toMatchObject({ code: 'expected-operator', at: 4 });
    expect(error('city 上海')).toMatchObject({ code: 'expected-operator', at: 5, length: 2 });
    expect(error('a => 1')).toMatchObject({ code: 'expected-value', at: 3 });
  });

  it('reports list mistakes', () => {
    expect(error('a IN 1')).toMatchObject({ code: 'expected-list', at: 5 });
    expect(error('a IN ()')).toMatchObject({ code: 'empty-list', at: 5, length: 2 });
    expect(error('a IN (1,)')).toMatchObject({ code: 'expected-value', at: 8 });
    expect(error('a IN (1 2)')).toMatchObject({ code: 'expected-list-separator', at: 8 });
    expect(error('a IN (1, 2')).toMatchObject({ code: 'unclosed-list', at: 5 });
    expect(error('a NOT = 1')).toMatchObject({ code: 'expected-in', at: 6 });
  });

  it('reports IS without MISSING', () => {
    expect(error('a IS NULL')).toMatchObject({ code: 'expected-missing', at: 5, length: 4 });
    expect(error('a IS NOT')).toMatchObject({ code: 'expected-missing', at: 8 });
  });

  it('reports a keyword where a value belongs, and says to quote it', () => {
    const e = error('a = and');
    expect(e).toMatchObject({ code: 'expected-value', at: 4 });
    expect(e.message.en).toContain('"and"');
  });

  it('reports unterminated and empty back-quoted names', () => {
    expect(error('`order count > 1')).toMatchObject({ code: 'unterminated-field', at: 0 });
    expect(error('a = 1 OR `` = 2')).toMatchObject({ code: 'empty-field', at: 9 });
  });

  it('reports a number too large', () => {
    expect(error('a = 1e999')).toMatchObject({ code: 'number-out-of-range', at: 4, length: 5 });
  });

  it('hints at thousands separators and glued 且 / 或', () => {
    expect(error('a = 1,000').message.en).toContain('thousands');
    const glued = error('城市=上海且年龄>30');
    expect(glued).toMatchObject({ code: 'expected-join', at: 8 });
    expect(glued.message.zh).toContain('空格');
  });

  it('refuses nesting deeper than MAX_RULE_DEPTH without overflowing', () => {
    const deep = '('.repeat(MAX_RULE_DEPTH + 5) + 'a = 1' + ')'.repeat(MAX_RULE_DEPTH + 5);
    expect(error(deep).code).toBe('too-deep');
    expect(error('NOT '.repeat(100_000) + 'a = 1').code).toBe('too-deep');
    const ok = '('.repeat(50) + 'a = 1' + ')'.repeat(50);
    expect(tree(ok)).toEqual(cmp('a', '=', 1));
  });

  it('names the position from 1 in both languages', () => {
    const e = error('a = 1 b = 2');
    expect(e.message.en).toContain('position 7');
    expect(e.message.zh).toContain('第 7 个字符');
  });
});

describe('parseRule: fuzz', () => {
  const ALPHABET = [
    ...'abcAZ_.09 \t\n()（）,，、=!<>≥≤≠＝＞＜"\'“”‘’`\\-+eE且或非',
    'AND ',
    'OR ',
    'NOT ',
    'IN ',
    'IS ',
    'MISSING',
    '上海',
    '𠮷',
    '\ud800',
    '\u200b',
  ];

  function check(text: string): void {
    let result: ReturnType<typeof parseRule> | undefined;
    expect(() => {
      result = parseRule(text);
    }, text).not.toThrow();
    if (result && !result.ok) {
      const { at, length, message } = result.error;
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at + length).toBeLessThanOrEqual(text.length);
      expect(message.en.length).toBeGreaterThan(0);
      expect(message.zh.length).toBeGreaterThan(0);
      expect(result.error.code).not.toBe('internal');
    }
  }

  it('never throws on random strings from the rule alphabet', () => {
    const rng = new Rng(42);
    for (let k = 0; k < 5000; k++) {
      const parts = Array.from({ length: rng.int(0, 25) }, () => rng.pick(ALPHABET));
      check(parts.join(''));
    }
  });

  it('never throws on random code units', () => {
    const rng = new Rng(43);
    for (let k = 0; k < 2000; k++) {
      const text = String.fromCharCode(
        ...Array.from({ length: rng.int(0, 30) }, () => rng.int(0, 0xffff)),
      );
      check(text);
    }
  });

  it('never throws on random mutations of valid rules', () => {
    const rng = new Rng(44);
    const seeds = [
      'M_score >= 4 AND city IN ("上海", "杭州")',
      '(a = 1 OR b != "x") AND NOT c IS MISSING',
      '`order count` > 2 或 城市 = 上海',
    ];
    for (let k = 0; k < 3000; k++) {
      const chars = [...rng.pick(seeds)];
      for (let m = rng.int(1, 4); m > 0; m--) {
        const i = rng.int(0, chars.length);
        if (rng.chance(0.5)) {
          chars.splice(i, 1);
        } else {
          chars.splice(i, 0, rng.pick(ALPHABET));
        }
      }
      check(chars.join(''));
    }
  });
});
