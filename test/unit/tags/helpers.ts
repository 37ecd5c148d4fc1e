// Shared by the tag tests: a seeded PRNG, random field tables and rules, and a naive
// per-customer interpreter of rules that the evaluator is checked against.
import type { FieldTable, TagField } from '../../../src/lib/domain/tags/fields';
import type { CmpOp, LeafNode, RuleNode, RuleValue } from '../../../src/lib/domain/tags/rule';

/** mulberry32: tiny, fast, good enough to drive tests. Floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  /** Integer in lo..hi inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error('pick from an empty list');
    }
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

const CITY_VALUES = ['上海', '杭州', '北京', 'Shenzhen', '3', '4.0', ' 5 ', 'a"b', '90后'];
const STAGE_VALUES = ['new', 'active', 'lapsed'];
const STAGE_ALIASES = { 引入期: 'new', Active: 'active', 成长期: 'active', 幽灵: 'ghost' };

/**
 * A random table with every kind of field: integer scores (with NaN gaps), decimals, a
 * category of mixed text (numeric texts included), a category with aliases, and field names
 * that need care (spaces, Chinese, upper case).
 */
export function randomTable(rng: Rng, n: number): FieldTable {
  const score = new Float64Array(n);
  const amount = new Float64Array(n);
  const age = new Float64Array(n);
  const cityCodes = new Uint32Array(n);
  const stageCodes = new Uint32Array(n);
  const tierCodes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    score[i] = rng.chance(0.1) ? NaN : rng.int(1, 5);
    amount[i] = rng.chance(0.2) ? NaN : Math.round(rng.next() * 2000 - 200) / 4;
    age[i] = rng.chance(0.05) ? NaN : rng.int(-1, 80);
    cityCodes[i] = rng.chance(0.15) ? 0 : rng.int(1, CITY_VALUES.length);
    stageCodes[i] = rng.int(0, STAGE_VALUES.length);
    tierCodes[i] = rng.int(0, 3);
  }
  const fields: TagField[] = [
    { name: 'M_score', kind: 'number', values: score },
    { name: 'order amount', kind: 'number', values: amount },
    { name: '年龄', kind: 'number', values: age },
    { name: '城市', kind: 'category', codes: cityCodes, values: ['', ...CITY_VALUES] },
    {
      name: 'Stage',
      kind: 'category',
      codes: stageCodes,
      values: ['', ...STAGE_VALUES],
      aliases: STAGE_ALIASES,
    },
    { name: 'tier', kind: 'category', codes: tierCodes, values: ['', '1', '2', '3'] },
  ];
  return { n, fields };
}

/** Names a random rule may use for each field (other spellings test the lookup). */
const FIELD_SPELLINGS: Record<string, readonly string[]> = {
  M_score: ['M_score', 'm_score', 'M_SCORE'],
  'order amount': ['order amount', 'ORDER Amount'],
  年龄: ['年龄'],
  城市: ['城市'],
  Stage: ['Stage', 'stage'],
  tier: ['tier', 'Tier'],
};

function randomValue(rng: Rng, field: TagField): RuleValue {
  if (field.kind === 'number') {
    const r = rng.next();
    if (r < 0.6) {
      return rng.int(-1, 6);
    }
    if (r < 0.75) {
      return Math.round(rng.next() * 2000 - 200) / 4;
    }
    if (r < 0.9) {
      return String(rng.int(0, 6)); // numeric text
    }
    return rng.pick(['abc', '', '1,000', ' 3 ', '1e1']);
  }
  const r = rng.next();
  if (r < 0.6) {
    return rng.pick(field.values.slice(1));
  }
  if (r < 0.75 && field.aliases) {
    return rng.pick(Object.keys(field.aliases));
  }
  if (r < 0.9) {
    return rng.int(0, 6); // compared as text
  }
  return rng.pick(['nowhere', '', '4', 'NEW', 'constructor', '__proto__']);
}

const OPS: readonly CmpOp[] = ['=', '!=', '>', '>=', '<', '<='];

export function randomLeaf(rng: Rng, table: FieldTable): LeafNode {
  const field = rng.pick(table.fields);
  const name = rng.pick(FIELD_SPELLINGS[field.name] ?? [field.name]);
  const r = rng.next();
  if (r < 0.55) {
    return {
      type: 'cmp',
      field: name,
      op: rng.pick(OPS),
      value: randomValue(rng, field),
      start: 0,
      end: 0,
    };
  }
  if (r < 0.85) {
    const values = Array.from({ length: rng.int(1, 4) }, () => randomValue(rng, field));
    return { type: 'in', field: name, values, negated: rng.chance(0.4), start: 0, end: 0 };
  }
  return { type: 'missing', field: name, negated: rng.chance(0.5), start: 0, end: 0 };
}

/** A random rule tree over the table's fields (not necessarily normalised). */
export function randomRule(rng: Rng, table: FieldTable, depth = 3): RuleNode {
  const r = rng.next();
  if (depth <= 0 || r < 0.4) {
    return randomLeaf(rng, table);
  }
  if (r < 0.55) {
    return { type: 'not', item: randomRule(rng, table, depth - 1), start: 0, end: 0 };
  }
  const items = Array.from({ length: rng.int(1, 4) }, () => randomRule(rng, table, depth - 1));
  return { type: rng.chance(0.5) ? 'and' : 'or', items, start: 0, end: 0 };
}

// ── the naive interpreter ───────────────────────────────────────────────────────────────────

function lookup(table: FieldTable, name: string): TagField {
  const exact = table.fields.find((f) => f.name === name);
  if (exact) {
    return exact;
  }
  // eslint-disable-next-line no-control-regex
  const ascii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);
  const folded = ascii(name)
    ? table.fields.find((f) => ascii(f.name) && f.name.toLowerCase() === name.toLowerCase())
    : undefined;
  if (!folded) {
    throw new Error(`no field ${name}`);
  }
  return folded;
}

function toNumber(v: RuleValue): number | null {
  if (typeof v === 'number') {
    return v;
  }
  return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : null;
}

function compare(a: number, op: CmpOp, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function naiveLeaf(leaf: LeafNode, table: FieldTable, i: number): boolean {
  const field = lookup(table, leaf.field);
  if (field.kind === 'number') {
    const x = field.values[i] as number;
    const missing = Number.isNaN(x);
    if (leaf.type === 'missing') {
      return leaf.negated ? !missing : missing;
    }
    if (missing) {
      return false;
    }
    if (leaf.type === 'cmp') {
      const v = toNumber(leaf.value);
      return v === null ? leaf.op === '!=' : compare(x, leaf.op, v);
    }
    const hit = leaf.values.some((v) => toNumber(v) === x);
    return leaf.negated ? !hit : hit;
  }
  const code = field.codes[i] as number;
  if (leaf.type === 'missing') {
    return leaf.negated ? code !== 0 : code === 0;
  }
  if (code === 0) {
    return false;
  }
  const text = field.values[code] as string;
  const equals = (v: RuleValue): boolean => {
    const vt = typeof v === 'number' ? String(v) : v;
    const aliases = field.aliases ?? {};
    return text === vt || (Object.hasOwn(aliases, vt) && aliases[vt] === text);
  };
  if (leaf.type === 'cmp') {
    if (leaf.op === '=') {
      return equals(leaf.value);
    }
    if (leaf.op === '!=') {
      return !equals(leaf.value);
    }
    const a = toNumber(text);
    const b = toNumber(leaf.value);
    return a !== null && b !== null && compare(a, leaf.op, b);
  }
  const hit = leaf.values.some(equals);
  return leaf.negated ? !hit : hit;
}

/** Whether customer i matches the rule, the slow obvious way. */
export function naiveMatch(ast: RuleNode, table: FieldTable, i: number): boolean {
  switch (ast.type) {
    case 'and':
      return ast.items.every((item) => naiveMatch(item, table, i));
    case 'or':
      return ast.items.some((item) => naiveMatch(item, table, i));
    case 'not':
      return !naiveMatch(ast.item, table, i);
    default:
      return naiveLeaf(ast, table, i);
  }
}

/** The customers matching the rule, as one boolean per customer. */
export function naiveEvaluate(ast: RuleNode, table: FieldTable): boolean[] {
  return Array.from({ length: table.n }, (_, i) => naiveMatch(ast, table, i));
}
