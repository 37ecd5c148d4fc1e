import { describe, expect, it } from 'vitest';
import {
  formatField,
  formatRule,
  formatValue,
  normalizeRule,
  parseRule,
  stripPositions,
} from '../../../src/lib/domain/tags/rule';
import type { CmpOp, RuleNode, RuleValue } from '../../../src/lib/domain/tags/rule';
import { Rng } from './helpers';

function canonical(text: string): string {
  const r = parseRule(text);
  if (!r.ok) {
    throw new Error(`${text}: ${r.error.message.en}`);
  }
  return formatRule(r.ast);
}

describe('formatRule', () => {
  it('writes the canonical short text', () => {
    expect(canonical('m_score>=4 and city in ("上海",\'杭州\')')).toBe(
      'm_score >= 4 AND city IN ("上海", "杭州")',
    );
    expect(canonical('a == 1 或 b <> x 且 c ≥ 2')).toBe('a = 1 OR b != "x" AND c >= 2');
    expect(canonical('x is not missing and not y is missing')).toBe(
      'x IS NOT MISSING AND NOT y IS MISSING',
    );
    expect(canonical('a not in (1, 2.50, -0.0)')).toBe('a NOT IN (1, 2.5, -0)');
  });

  it('puts parentheses only around an OR inside an AND or a NOT', () => {
    expect(canonical('(a = 1 OR b = 2) AND c = 3')).toBe('(a = 1 OR b = 2) AND c = 3');
    expect(canonical('(a = 1 AND b = 2) OR c = 3')).toBe('a = 1 AND b = 2 OR c = 3');
    expect(canonical('((a = 1)) AND ((b = 2))')).toBe('a = 1 AND b = 2');
    expect(canonical('NOT (a = 1 AND b = 2)')).toBe('NOT (a = 1 AND b = 2)');
    expect(canonical('NOT (a = 1)')).toBe('NOT a = 1');
    expect(canonical('a = 1 OR (b = 2 OR c = 3)')).toBe('a = 1 OR b = 2 OR c = 3');
  });

  it('writes numbers in their shortest form', () => {
    expect(canonical('a = 1e3')).toBe('a = 1000');
    expect(canonical('a = 0.10')).toBe('a = 0.1');
    expect(canonical('a = 1e21')).toBe('a = 1e+21');
    expect(canonical('a = 0.0000001')).toBe('a = 1e-7');
    expect(formatValue(-0)).toBe('-0');
    expect(() => formatValue(NaN)).toThrow(RangeError);
    expect(() => formatValue(Infinity)).toThrow(RangeError);
  });

  it('quotes strings with escapes', () => {
    expect(formatValue('say "hi" \\ ok')).toBe('"say \\"hi\\" \\\\ ok"');
    expect(formatValue('')).toBe('""');
    expect(formatValue('12')).toBe('"12"');
  });

  it('back-quotes fields that are not plain identifiers', () => {
    expect(formatField('M_score')).toBe('M_score');
    expect(formatField('城市')).toBe('城市');
    expect(formatField('rfm.score')).toBe('rfm.score');
    expect(formatField('order count')).toBe('`order count`');
    expect(formatField('a`b')).toBe('`a``b`');
    expect(formatField('90后')).toBe('`90后`');
    expect(formatField('.5')).toBe('`.5`');
    expect(formatField('and')).toBe('`and`');
    expect(formatField('Missing')).toBe('`Missing`');
    expect(formatField('且')).toBe('`且`');
    expect(formatField('a-b')).toBe('`a-b`');
    expect(formatField('')).toBe('``');
  });

  it('refuses trees no text can express', () => {
    const empty: RuleNode = { type: 'and', items: [], start: 0, end: 0 };
    expect(() => formatRule(empty)).toThrow(RangeError);
    const list: RuleNode = { type: 'in', field: 'a', values: [], negated: false, start: 0, end: 0 };
    expect(() => formatRule(list)).toThrow(RangeError);
  });
});

// ── round trip on random trees ──────────────────────────────────────────────────────────────

const NAME_PARTS = [
  'a',
  'M_score',
  '城市',
  'order count',
  'x.y',
  '_',
  'AND',
  'or',
  'In',
  'missing',
  '且',
  '90后',
  '.5',
  '1e3',
  'a`b',
  '``',
  ' ',
  '"',
  "'",
  '\\',
  '𠮷',
  'é',
  'ＡＮＤ',
  '（',
  '\u3000',
  '-',
  '=',
];

const TEXT_PARTS = [
  ...NAME_PARTS,
  '',
  '上海',
  '"quoted"',
  '\\"',
  '\n',
  '”',
  '“',
  '12',
  '-3.5',
  ',',
  '、',
  ')',
];

function randomName(rng: Rng): string {
  let name = '';
  while (name === '') {
    name = Array.from({ length: rng.int(1, 3) }, () => rng.pick(NAME_PARTS)).join('');
  }
  return name;
}

function randomNumber(rng: Rng): number {
  switch (rng.int(0, 6)) {
    case 0:
      return rng.int(-100, 100);
    case 1:
      return (rng.next() - 0.5) * 1000;
    case 2:
      return rng.next() * 1e-9;
    case 3:
      return rng.next() * 1e25;
    case 4:
      return rng.pick([0, -0, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1, 1e21]);
    default:
      return rng.int(0, 5);
  }
}

function randomValue(rng: Rng): RuleValue {
  return rng.chance(0.5)
    ? randomNumber(rng)
    : Array.from({ length: rng.int(0, 3) }, () => rng.pick(TEXT_PARTS)).join('');
}

const OPS: readonly CmpOp[] = ['=', '!=', '>', '>=', '<', '<='];

function randomTree(rng: Rng, depth: number): RuleNode {
  const P = { start: 0, end: 0 };
  const r = rng.next();
  if (depth <= 0 || r < 0.35) {
    const kind = rng.int(0, 2);
    if (kind === 0) {
      return {
        type: 'cmp',
        field: randomName(rng),
        op: rng.pick(OPS),
        value: randomValue(rng),
        ...P,
      };
    }
    if (kind === 1) {
      const values = Array.from({ length: rng.int(1, 4) }, () => randomValue(rng));
      return { type: 'in', field: randomName(rng), values, negated: rng.chance(0.5), ...P };
    }
    return { type: 'missing', field: randomName(rng), negated: rng.chance(0.5), ...P };
  }
  if (r < 0.5) {
    return { type: 'not', item: randomTree(rng, depth - 1), ...P };
  }
  const items = Array.from({ length: rng.int(1, 4) }, () => randomTree(rng, depth - 1));
  return { type: rng.chance(0.5) ? 'and' : 'or', items, ...P };
}

describe('formatRule round trip', () => {
  it('parseRule(formatRule(tree)) gives back the normalised tree, for random trees', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 3000; k++) {
      const ast = randomTree(rng, rng.int(0, 5));
      const text = formatRule(ast);
      const parsed = parseRule(text);
      expect(parsed.ok, text).toBe(true);
      if (!parsed.ok) {
        continue;
      }
      expect(stripPositions(parsed.ast), text).toEqual(stripPositions(normalizeRule(ast)));
      // Canonical text is a fixed point.
      expect(formatRule(parsed.ast)).toBe(text);
    }
  });

  it('keeps normalised trees exactly', () => {
    const rng = new Rng(8);
    for (let k = 0; k < 1000; k++) {
      const ast = stripPositions(normalizeRule(randomTree(rng, 4)));
      const parsed = parseRule(formatRule(ast));
      expect(parsed.ok && stripPositions(parsed.ast)).toEqual(ast);
    }
  });

  it('keeps the sign of zero and the distinction between 12 and "12"', () => {
    const parsed = parseRule(formatRule(parseRuleOk('a IN (-0, 0, "12", 12)')));
    expect(parsed.ok && parsed.ast.type === 'in' && parsed.ast.values).toEqual([-0, 0, '12', 12]);
    expect(Object.is(parsed.ok && parsed.ast.type === 'in' && parsed.ast.values[0], -0)).toBe(true);
  });
});

function parseRuleOk(text: string): RuleNode {
  const r = parseRule(text);
  if (!r.ok) {
    throw new Error(r.error.message.en);
  }
  return r.ast;
}
