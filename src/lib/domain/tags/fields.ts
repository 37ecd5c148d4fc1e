// The per-customer fields that tag rules (rule.ts) run against: customers are rows 0..n-1, and
// each field is one typed array over them. Also the few value semantics that the checker and
// the evaluator must agree on (field lookup, numeric text, a number's text).

export type TagField =
  | { name: string; kind: 'number'; values: Float64Array } // NaN = missing
  | {
      name: string;
      kind: 'category';
      codes: Uint32Array; // per customer, index into values; 0 = missing
      values: readonly string[]; // values[0] is '' (the missing placeholder)
      /** Other spellings accepted for a value in rules, e.g. { '引入期': 'new' }. */
      aliases?: Readonly<Record<string, string>>;
    };

export interface FieldTable {
  n: number;
  fields: readonly TagField[];
}

export type FieldKind = TagField['kind'];

/**
 * What checkRule needs to know about a field, without the per-customer arrays (so the UI can
 * validate rules cheaply). For a category, `values` lists the values that occur; '' (the
 * missing placeholder) is ignored wherever it appears.
 */
export interface FieldSchema {
  name: string;
  kind: FieldKind;
  values?: readonly string[];
  aliases?: Readonly<Record<string, string>>;
}

/** The schema of a table (shares the values arrays, copies nothing big). */
export function schemaOf(table: FieldTable): FieldSchema[] {
  return table.fields.map((f) =>
    f.kind === 'number'
      ? { name: f.name, kind: 'number' }
      : f.aliases
        ? { name: f.name, kind: 'category', values: f.values, aliases: f.aliases }
        : { name: f.name, kind: 'category', values: f.values },
  );
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/** Whether s is plain ASCII (such field names are matched case-insensitively). */
export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/**
 * The field a rule means by `name`: the exact name first; otherwise, for an ASCII name, the
 * first ASCII field whose name equals it ignoring case (`m_SCORE` finds `M_score`). Names with
 * other characters (城市, `Café`) must match exactly.
 */
export function findField<T extends { readonly name: string }>(
  fields: readonly T[],
  name: string,
): T | undefined {
  const exact = fields.find((f) => f.name === name);
  if (exact || !isAscii(name)) {
    return exact;
  }
  const lower = name.toLowerCase();
  return fields.find((f) => isAscii(f.name) && f.name.toLowerCase() === lower);
}

const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a rule value stands for: a number itself, or a string that is a plain decimal
 * number after trimming ("12", " -1.5 ", "1e3"; not "1,000", "0x10", "Infinity" or "");
 * otherwise null.
 */
export function numericValue(value: number | string): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  const t = value.trim();
  if (!NUMERIC_TEXT.test(t)) {
    return null;
  }
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** A number's shortest text that reads back to the same number ("-0" for negative zero). */
export function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * The text a rule value is compared with in a category: a string as it is, a number as its
 * shortest text (so `cluster = 3` matches the category value "3", not "3.0").
 */
export function valueText(value: number | string): string {
  return typeof value === 'number' ? String(value) : value;
}

/** A number field (NaN = missing). */
export function numberField(name: string, values: ArrayLike<number>): TagField {
  return { name, kind: 'number', values: Float64Array.from(values) };
}

/**
 * A category field from one cell per customer (null, undefined or '' = missing); values are
 * coded in order of first appearance.
 */
export function categoryField(
  name: string,
  cells: readonly (string | null | undefined)[],
  aliases?: Readonly<Record<string, string>>,
): TagField {
  const codes = new Uint32Array(cells.length);
  const values: string[] = [''];
  const codeOf = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (cell === null || cell === undefined || cell === '') {
      return;
    }
    let code = codeOf.get(cell);
    if (code === undefined) {
      code = values.length;
      values.push(cell);
      codeOf.set(cell, code);
    }
    codes[i] = code;
  });
  return aliases
    ? { name, kind: 'category', codes, values, aliases }
    : { name, kind: 'category', codes, values };
}
