// Validation of a parsed rule against the fields it will run on: unknown fields (with the
// closest name), ordering on a category, text compared with a number field (errors), and
// category values that never occur (warnings). Works from a light schema, so the UI can check
// a rule without the per-customer arrays.
import { findField, formatNumber, numericValue, schemaOf, valueText } from './fields';
import type { FieldSchema, FieldTable } from './fields';
import { ruleLeaves } from './rule-ast';
import type { RuleError, RuleNode, RuleValue, Span } from './rule-ast';

export interface RuleCheck {
  errors: RuleError[];
  warnings: RuleError[];
}

/** Levenshtein distance over code points (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) {
    return t.length;
  }
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** Candidates looked at for a suggestion, so a category of a million ids stays quick. */
const MAX_CANDIDATES = 10_000;

/** Candidates by closeness to `name` (case-insensitive distance; ties keep input order). */
function byCloseness(name: string, candidates: readonly string[]): { text: string; d: number }[] {
  const lower = name.toLowerCase();
  return candidates
    .slice(0, MAX_CANDIDATES)
    .map((text) => ({ text, d: editDistance(lower, text.toLowerCase()) }))
    .sort((x, y) => x.d - y.d);
}

/**
 * The candidate closest to `name` by edit distance (ignoring case), or null when even the
 * closest differs in more than half of its characters (no sensible suggestion).
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const best = byCloseness(name, candidates)[0];
  if (!best) {
    return null;
  }
  const longer = Math.max([...name].length, [...best.text].length);
  return best.d <= Math.max(1, Math.floor(longer / 2)) ? best.text : null;
}

const posEn = (at: number): string => `position ${at + 1}`;
const posZh = (at: number): string => `第 ${at + 1} 个字符处`;

function listEn(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}

function listZh(items: readonly string[]): string {
  return items.map((s) => `“${s}”`).join('、');
}

function showValue(v: RuleValue): string {
  return typeof v === 'number' ? formatNumber(v) : v;
}

function issue(code: string, span: Span, en: string, zh: string, suggestion?: string): RuleError {
  const e: RuleError = {
    code,
    at: span.start,
    length: span.end - span.start,
    message: { en, zh },
  };
  if (suggestion !== undefined) {
    e.suggestion = suggestion;
  }
  return e;
}

/**
 * Checks a rule against a table or a schema. Errors: 'unknown-field' (with `suggestion`, the
 * closest name), 'category-order' (>, >=, <, <= on a category), 'not-a-number' (text that is
 * not a number compared with a number field). Warnings: 'unknown-value' (a category value that
 * occurs in no customer; needs the schema's `values`). Issues come in source order, with
 * positions from the parser's spans (whole-node spans for hand-built trees).
 */
export function checkRule(ast: RuleNode, fields: FieldTable | readonly FieldSchema[]): RuleCheck {
  const schema: readonly FieldSchema[] = isSchemaList(fields) ? fields : schemaOf(fields);
  const errors: RuleError[] = [];
  const warnings: RuleError[] = [];
  const valueSets = new Map<FieldSchema, Set<string>>();
  const valuesOf = (f: FieldSchema): Set<string> => {
    let set = valueSets.get(f);
    if (!set) {
      set = new Set(f.values);
      set.delete('');
      valueSets.set(f, set);
    }
    return set;
  };

  for (const leaf of ruleLeaves(ast)) {
    const nodeSpan = { start: leaf.start, end: leaf.end };
    const fieldSpan = leaf.fieldSpan ?? nodeSpan;
    const field = findField(schema, leaf.field);
    if (!field) {
      const names = schema.map((f) => f.name);
      const close = closestName(leaf.field, names);
      const at = fieldSpan.start;
      const fewEn = names.length
        ? `Fields: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}.`
        : 'There are no fields yet.';
      const fewZh = names.length
        ? `可用字段：${names.slice(0, 8).join('、')}${names.length > 8 ? '等' : ''}。`
        : '目前还没有可用的字段。';
      errors.push(
        issue(
          'unknown-field',
          fieldSpan,
          `Unknown field "${leaf.field}" at ${posEn(at)}. ${close !== null ? `Did you mean "${close}"?` : fewEn}`,
          `${posZh(at)}：没有名为“${leaf.field}”的字段。${close !== null ? `是不是想写“${close}”？` : fewZh}`,
          close ?? undefined,
        ),
      );
      continue;
    }
    if (leaf.type === 'missing') {
      continue;
    }
    const values: { value: RuleValue; span: Span }[] =
      leaf.type === 'cmp'
        ? [{ value: leaf.value, span: leaf.valueSpan ?? nodeSpan }]
        : leaf.values.map((value, i) => ({ value, span: leaf.valueSpans?.[i] ?? nodeSpan }));

    if (field.kind === 'category' && leaf.type === 'cmp' && leaf.op !== '=' && leaf.op !== '!=') {
      const span = leaf.opSpan ?? nodeSpan;
      errors.push(
        issue(
          'category-order',
          span,
          `${field.name} is a category, so ${leaf.op} cannot compare it (${posEn(span.start)}). Use =, != or IN (…), e.g. ${field.name} IN ("A", "B").`,
          `${posZh(span.start)}：${field.name} 是分类字段，不能用 ${leaf.op} 比较大小。请改用 =、!= 或 IN (…)，例如 ${field.name} IN ("A", "B")。`,
        ),
      );
      continue;
    }

    if (field.kind === 'number') {
      for (const { value, span } of values) {
        if (numericValue(value) === null) {
          errors.push(
            issue(
              'not-a-number',
              span,
              `${field.name} is a number field, but "${showValue(value)}" at ${posEn(span.start)} is not a number. Compare it with a number such as 30.`,
              `${posZh(span.start)}：${field.name} 是数值字段，但“${showValue(value)}”不是数字。请与数字比较，例如 30。`,
            ),
          );
        }
      }
      continue;
    }

    if (!field.values) {
      continue; // a schema without values: nothing to compare with
    }
    const present = valuesOf(field);
    for (const { value, span } of values) {
      const text = valueText(value);
      const alias =
        field.aliases && Object.hasOwn(field.aliases, text) ? field.aliases[text] : undefined;
      if (present.has(text) || (alias !== undefined && present.has(alias))) {
        continue;
      }
      const ranked = byCloseness(text, [...present]);
      const few = ranked.slice(0, 5).map((r) => r.text);
      const close = closestName(text, few);
      const moreEn = present.size > few.length ? ', …' : '';
      const moreZh = present.size > few.length ? '等' : '';
      warnings.push(
        issue(
          'unknown-value',
          span,
          few.length
            ? `No customer has ${field.name} = "${text}" (${posEn(span.start)}). Values include ${listEn(few)}${moreEn}.`
            : `No customer has any value of ${field.name} yet (${posEn(span.start)}).`,
          few.length
            ? `${posZh(span.start)}：没有客户的 ${field.name} 是“${text}”。已有的值如 ${listZh(few)}${moreZh}。`
            : `${posZh(span.start)}：目前没有客户有 ${field.name} 的值。`,
          close ?? undefined,
        ),
      );
    }
  }
  return { errors, warnings };
}

function isSchemaList(x: FieldTable | readonly FieldSchema[]): x is readonly FieldSchema[] {
  return Array.isArray(x);
}
