// Evaluates a parsed rule over a field table into a bitset (bitset.ts). Each comparison is
// one tight loop over its typed array that fills 32 customers per word; a category comparison
// first resolves its values into a per-code lookup (Uint8Array), so strings are compared once
// per distinct value, never per customer.
//
// Semantics (checkRule reports the questionable cases before evaluation):
// - Missing (NaN, category code 0) only matches IS MISSING. Every comparison, including != and
//   NOT IN, is false for a missing value; NOT (…) does include it.
// - Number field: a value that is a number, or numeric text ("12"), compares numerically.
//   Other text: =, <, >… and IN match nobody; != and NOT IN match every present value.
// - Category field: = / IN match codes whose text is the value, or the value's alias target
//   (aliases map another spelling to a value); a number is compared as its shortest text (3 ↔
//   "3"). != / NOT IN match every present code that = / IN would not. >, >=, <, <= compare
//   numerically where both the category text and the value are numbers, and are false
//   elsewhere.
// - AND of no items matches everyone, OR of no items nobody (the parser never builds them).
import { andInto, createBitset, fullBitset, notInto, orInto } from './bitset';
import type { Bitset } from './bitset';
import { findField, numericValue, valueText } from './fields';
import type { FieldTable, TagField } from './fields';
import { checkRule } from './rule-check';
import type { CmpOp, LeafNode, RuleError, RuleNode, RuleValue } from './rule-ast';
import { parseRule } from './rule-parse';

type NumberField = Extract<TagField, { kind: 'number' }>;
type CategoryField = Extract<TagField, { kind: 'category' }>;

/**
 * The customers (0..table.n-1) the rule matches. Throws an Error naming the field when the
 * rule reads a field the table does not have (run checkRule first to report it nicely).
 */
export function evaluateRule(ast: RuleNode, table: FieldTable): Bitset {
  const n = table.n;
  switch (ast.type) {
    case 'and': {
      if (ast.items.length === 0) {
        return fullBitset(n);
      }
      const out = evaluateRule(ast.items[0]!, table);
      for (let i = 1; i < ast.items.length; i++) {
        andInto(out, evaluateRule(ast.items[i]!, table));
      }
      return out;
    }
    case 'or': {
      const out = createBitset(n);
      for (const item of ast.items) {
        orInto(out, evaluateRule(item, table));
      }
      return out;
    }
    case 'not':
      return notInto(evaluateRule(ast.item, table), n);
    default:
      return evaluateLeaf(ast, table);
  }
}

function evaluateLeaf(leaf: LeafNode, table: FieldTable): Bitset {
  const field = findField(table.fields, leaf.field);
  if (!field) {
    const names = table.fields.map((f) => f.name).join(', ');
    throw new Error(
      `The rule reads the field "${leaf.field}", which the table does not have (fields: ${names || 'none'}).`,
    );
  }
  if (field.kind === 'number') {
    if (field.values.length < table.n) {
      throw new Error(`The field "${field.name}" has fewer values than the table has customers`);
    }
    return evaluateNumber(leaf, field, table.n);
  }
  if (field.codes.length < table.n) {
    throw new Error(`The field "${field.name}" has fewer codes than the table has customers`);
  }
  return packCodes(field.codes, table.n, categoryMatch(leaf, field));
}

// ── number fields ───────────────────────────────────────────────────────────────────────────

function evaluateNumber(leaf: LeafNode, field: NumberField, n: number): Bitset {
  const x = field.values;
  switch (leaf.type) {
    case 'missing':
      return leaf.negated ? packPresent(x, n) : packMissing(x, n);
    case 'cmp': {
      const v = numericValue(leaf.value);
      if (v === null) {
        // Text that is no number: only != holds, for every present value.
        return leaf.op === '!=' ? packPresent(x, n) : createBitset(n);
      }
      return packCompare(x, n, leaf.op, v);
    }
    case 'in': {
      const wanted = new Set<number>();
      for (const value of leaf.values) {
        const v = numericValue(value);
        if (v !== null) {
          wanted.add(v);
        }
      }
      return packIn(x, n, wanted, leaf.negated);
    }
  }
}

function packMissing(x: Float64Array, n: number): Bitset {
  const out = createBitset(n);
  for (let base = 0; base < n; base += 32) {
    const end = Math.min(n, base + 32);
    let word = 0;
    for (let i = base; i < end; i++) {
      if (x[i] !== x[i]) {
        word |= 1 << (i - base);
      }
    }
    out[base >>> 5] = word;
  }
  return out;
}

function packPresent(x: Float64Array, n: number): Bitset {
  return notInto(packMissing(x, n), n);
}

/** One loop per operator, so the comparison is not re-dispatched per customer. */
function packCompare(x: Float64Array, n: number, op: CmpOp, v: number): Bitset {
  const out = createBitset(n);
  for (let base = 0; base < n; base += 32) {
    const end = Math.min(n, base + 32);
    let word = 0;
    // NaN fails every comparison below, including != (written as < or >).
    switch (op) {
      case '=':
        for (let i = base; i < end; i++) {
          if (x[i] === v) {
            word |= 1 << (i - base);
          }
        }
        break;
      case '!=':
        for (let i = base; i < end; i++) {
          const xi = x[i]!;
          if (xi < v || xi > v) {
            word |= 1 << (i - base);
          }
        }
        break;
      case '>':
        for (let i = base; i < end; i++) {
          if (x[i]! > v) {
            word |= 1 << (i - base);
          }
        }
        break;
      case '>=':
        for (let i = base; i < end; i++) {
          if (x[i]! >= v) {
            word |= 1 << (i - base);
          }
        }
        break;
      case '<':
        for (let i = base; i < end; i++) {
          if (x[i]! < v) {
            word |= 1 << (i - base);
          }
        }
        break;
      case '<=':
        for (let i = base; i < end; i++) {
          if (x[i]! <= v) {
            word |= 1 << (i - base);
          }
        }
        break;
    }
    out[base >>> 5] = word;
  }
  return out;
}

function packIn(x: Float64Array, n: number, wanted: ReadonlySet<number>, negated: boolean): Bitset {
  if (wanted.size === 1 && !negated) {
    return packCompare(x, n, '=', wanted.values().next().value as number);
  }
  const out = createBitset(n);
  for (let base = 0; base < n; base += 32) {
    const end = Math.min(n, base + 32);
    let word = 0;
    for (let i = base; i < end; i++) {
      const xi = x[i]!;
      // xi === xi: present (not NaN).
      if (xi === xi && wanted.has(xi) !== negated) {
        word |= 1 << (i - base);
      }
    }
    out[base >>> 5] = word;
  }
  return out;
}

// ── category fields ─────────────────────────────────────────────────────────────────────────

/** The codes (indices into field.values) a value stands for: its text, or its alias target. */
function codesOf(field: CategoryField, value: RuleValue, into: Uint8Array): void {
  const text = valueText(value);
  const aliases = field.aliases;
  const target = aliases && Object.hasOwn(aliases, text) ? aliases[text] : undefined;
  const values = field.values;
  // Code 0 is the missing placeholder and never matches a value.
  for (let code = 1; code < values.length; code++) {
    const v = values[code];
    if (v === text || (target !== undefined && v === target)) {
      into[code] = 1;
    }
  }
}

function compareNumbers(a: number, op: CmpOp, b: number): boolean {
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

/** match[code] = 1 for the codes the leaf matches. */
function categoryMatch(leaf: LeafNode, field: CategoryField): Uint8Array {
  const size = field.values.length;
  const match = new Uint8Array(size);
  switch (leaf.type) {
    case 'missing':
      if (leaf.negated) {
        match.fill(1, 1);
      } else {
        match[0] = 1;
      }
      return match;
    case 'cmp':
      if (leaf.op === '=' || leaf.op === '!=') {
        codesOf(field, leaf.value, match);
        if (leaf.op === '!=') {
          flipPresent(match);
        }
        return match;
      } else {
        const v = numericValue(leaf.value);
        if (v === null) {
          return match;
        }
        for (let code = 1; code < size; code++) {
          const c = numericValue(field.values[code]!);
          if (c !== null && compareNumbers(c, leaf.op, v)) {
            match[code] = 1;
          }
        }
        return match;
      }
    case 'in':
      for (const value of leaf.values) {
        codesOf(field, value, match);
      }
      if (leaf.negated) {
        flipPresent(match);
      }
      return match;
  }
}

/** NOTE mutates `match`: every present code (≥ 1) flips; the missing code 0 stays 0. */
function flipPresent(match: Uint8Array): void {
  match[0] = 0;
  for (let code = 1; code < match.length; code++) {
    match[code] = match[code]! ^ 1;
  }
}

function packCodes(codes: Uint32Array, n: number, match: Uint8Array): Bitset {
  const out = createBitset(n);
  for (let base = 0; base < n; base += 32) {
    const end = Math.min(n, base + 32);
    let word = 0;
    for (let i = base; i < end; i++) {
      // A code outside values reads as undefined: no match.
      if (match[codes[i]!] === 1) {
        word |= 1 << (i - base);
      }
    }
    out[base >>> 5] = word;
  }
  return out;
}

// ── text convenience ────────────────────────────────────────────────────────────────────────

export type EvaluateResult =
  | { ok: true; ast: RuleNode; bitset: Bitset; warnings: RuleError[] }
  | { ok: false; error: RuleError };

/**
 * Parses, checks and evaluates a rule text. The first parse or check error comes back as
 * `{ ok: false }` (never throws for a bad rule); warnings ride along with the result.
 */
export function evaluateRuleText(text: string, table: FieldTable): EvaluateResult {
  const parsed = parseRule(text);
  if (!parsed.ok) {
    return parsed;
  }
  const { errors, warnings } = checkRule(parsed.ast, table);
  const first = errors[0];
  if (first) {
    return { ok: false, error: first };
  }
  return { ok: true, ast: parsed.ast, bitset: evaluateRule(parsed.ast, table), warnings };
}
