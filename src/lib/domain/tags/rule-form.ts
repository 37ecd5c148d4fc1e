// The two-level form behind the rule builder: groups of conditions joined by AND/OR, the groups
// joined by AND/OR. Converts both ways with the syntax tree; rules the form cannot show (NOT
// of a condition, deeper nesting) give null.
//
// A condition's value is text as the user types it:
// - single values: trimmed; a canonical number ("4", "-1.5", not "4.0" or "1e3") becomes a
//   number, anything else text. A fully quoted literal ("  padded ", "") keeps its exact text.
// - lists (in, not in): items separated by , ， or 、; an item may be a quoted literal to hold
//   a comma. Empty items are skipped.
// Numbers and their text compare the same in every field (fields.ts), so this choice never
// changes what a rule matches.
import { formatNumber } from './fields';
import { normalizeRule } from './rule-ast';
import type { Join, LeafNode, ParseResult, RuleError, RuleNode, RuleValue } from './rule-ast';
import { formatRule, quoteText } from './rule-format';
import { isQuote, parseRule, readStringLiteral } from './rule-parse';

export type FormOp =
  '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'not in' | 'is missing' | 'is not missing';

export const FORM_OPS: readonly FormOp[] = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'not in',
  'is missing',
  'is not missing',
];

export interface RuleCondition {
  field: string;
  op: FormOp;
  value: string;
}

export interface RuleGroup {
  join: Join;
  conditions: RuleCondition[];
}

export interface RuleForm {
  join: Join;
  groups: RuleGroup[];
}

const LIST_SEPARATOR = /[,\uff0c\u3001]/;

/** A value as form text: numbers in shortest form, text as is unless it needs quoting. */
function valueToText(value: RuleValue, inList: boolean): string {
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  const needsQuotes =
    value === '' ||
    value.trim() !== value ||
    isQuote(value[0]!) ||
    (inList && LIST_SEPARATOR.test(value)) ||
    textToValue(value) !== value;
  return needsQuotes ? quoteText(value) : value;
}

/** A canonical number's text as the number, anything else as text. */
function textToValue(text: string): RuleValue {
  if (/^-?(?:\d|\.\d)/.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n) && formatNumber(n) === text) {
      return n;
    }
  }
  return text;
}

function conditionOf(node: RuleNode): RuleCondition | null {
  switch (node.type) {
    case 'cmp':
      return { field: node.field, op: node.op, value: valueToText(node.value, false) };
    case 'in':
      return {
        field: node.field,
        op: node.negated ? 'not in' : 'in',
        value: node.values.map((v) => valueToText(v, true)).join(', '),
      };
    case 'missing':
      return { field: node.field, op: node.negated ? 'is not missing' : 'is missing', value: '' };
    case 'not':
      // NOT (x IS MISSING) is exactly x IS NOT MISSING; NOT of a comparison also matches the
      // customers with no value, which no form operator says.
      return node.item.type === 'missing'
        ? conditionOf({ ...node.item, negated: !node.item.negated })
        : null;
    default:
      return null;
  }
}

const other = (join: Join): Join => (join === 'and' ? 'or' : 'and');

/**
 * The form for a rule, or null when the form cannot show it (a NOT other than
 * NOT … IS MISSING, or groups inside groups). A single condition is one group of one; an
 * AND/OR of plain conditions is one group; a mix of conditions and groups puts each plain
 * condition in a group of its own.
 */
export function formFromAst(ast: RuleNode): RuleForm | null {
  const root = normalizeRule(ast);
  const single = conditionOf(root);
  if (single) {
    return { join: 'and', groups: [{ join: 'and', conditions: [single] }] };
  }
  if (root.type !== 'and' && root.type !== 'or') {
    return null;
  }
  const plain = root.items.map(conditionOf);
  if (plain.every((c) => c !== null)) {
    return { join: other(root.type), groups: [{ join: root.type, conditions: plain }] };
  }
  const groups: RuleGroup[] = [];
  for (const item of root.items) {
    const c = conditionOf(item);
    if (c) {
      groups.push({ join: other(root.type), conditions: [c] });
      continue;
    }
    if (item.type !== 'and' && item.type !== 'or') {
      return null;
    }
    const conditions: RuleCondition[] = [];
    for (const sub of item.items) {
      const sc = conditionOf(sub);
      if (!sc) {
        return null;
      }
      conditions.push(sc);
    }
    groups.push({ join: item.type, conditions });
  }
  return { join: root.type, groups };
}

type FormIssue = Omit<RuleError, 'group' | 'condition'>;

function formIssue(code: string, at: number, length: number, en: string, zh: string): FormIssue {
  return { code, at, length, message: { en, zh } };
}

/** The values of one condition's text, or an issue with its offset in that text. */
function readValues(text: string, isList: boolean): RuleValue[] | FormIssue {
  const out: RuleValue[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) {
      i++;
    }
    if (i >= n) {
      break;
    }
    if (isQuote(text[i]!)) {
      const lit = readStringLiteral(text, i);
      if (lit === null) {
        return formIssue(
          'unterminated-string',
          i,
          n - i,
          `The quoted text that starts at position ${i + 1} is not closed. Add the closing quote.`,
          `第 ${i + 1} 个字符处：引号没有闭合，请补上结束引号。`,
        );
      }
      let j = lit.end;
      while (j < n && /\s/.test(text[j]!)) {
        j++;
      }
      const atEnd = j >= n;
      const atSeparator = isList && !atEnd && LIST_SEPARATOR.test(text[j]!);
      if (atEnd || atSeparator) {
        out.push(lit.value);
        i = atSeparator ? j + 1 : j;
        if (!isList) {
          break;
        }
        continue;
      }
      if (isList) {
        return formIssue(
          'expected-list-separator',
          j,
          1,
          `Expected a comma after the quoted text at position ${j + 1}. Separate the values with commas.`,
          `第 ${j + 1} 个字符处：引号后面应是逗号，值之间请用逗号分隔。`,
        );
      }
      // A single value that merely starts with a quote ("A" grade): keep the whole text.
    }
    if (!isList) {
      out.push(textToValue(text.trim()));
      break;
    }
    let j = i;
    while (j < n && !LIST_SEPARATOR.test(text[j]!)) {
      j++;
    }
    const item = text.slice(i, j).trim();
    if (item !== '') {
      out.push(textToValue(item));
    }
    i = j + 1;
  }
  return out;
}

/**
 * The rule a form describes, checked and positioned in its canonical text (formatRule of the
 * returned tree re-parses to it). Empty groups are skipped. Errors name the group and
 * condition; their `at` is an offset into that condition's value text (0 for a missing field
 * or operator).
 */
export function astFromForm(form: RuleForm): ParseResult {
  const groupNodes: RuleNode[] = [];
  for (const [g, group] of (form.groups ?? []).entries()) {
    const leaves: LeafNode[] = [];
    for (const [c, cond] of (group.conditions ?? []).entries()) {
      const leaf = leafOf(cond);
      if ('code' in leaf) {
        return { ok: false, error: { ...leaf, group: g, condition: c } };
      }
      leaves.push(leaf);
    }
    if (leaves.length === 1) {
      groupNodes.push(leaves[0]!);
    } else if (leaves.length > 1) {
      groupNodes.push({ type: joinOf(group.join), items: leaves, start: 0, end: 0 });
    }
  }
  if (groupNodes.length === 0) {
    return {
      ok: false,
      error: {
        code: 'empty',
        at: 0,
        length: 0,
        message: {
          en: 'The rule has no conditions. Add a condition such as M_score >= 4.',
          zh: '规则还没有条件。请添加一个条件，例如 M_score >= 4。',
        },
      },
    };
  }
  const root: RuleNode =
    groupNodes.length === 1
      ? groupNodes[0]!
      : { type: joinOf(form.join), items: groupNodes, start: 0, end: 0 };
  return parseRule(formatRule(root));
}

function joinOf(join: unknown): Join {
  return join === 'or' ? 'or' : 'and';
}

function leafOf(cond: RuleCondition): LeafNode | FormIssue {
  const field = typeof cond.field === 'string' ? cond.field.trim() : '';
  if (field === '') {
    return formIssue(
      'expected-field',
      0,
      0,
      'Choose a field for this condition.',
      '请为这个条件选择字段。',
    );
  }
  const op = cond.op;
  if (!FORM_OPS.includes(op)) {
    return formIssue(
      'expected-operator',
      0,
      0,
      'Choose an operator for this condition.',
      '请为这个条件选择运算符。',
    );
  }
  const base = { field, start: 0, end: 0 };
  if (op === 'is missing' || op === 'is not missing') {
    return { ...base, type: 'missing', negated: op === 'is not missing' };
  }
  const text = typeof cond.value === 'string' ? cond.value : '';
  const isList = op === 'in' || op === 'not in';
  const read = readValues(text, isList);
  if (!Array.isArray(read)) {
    return read;
  }
  const first = read[0];
  if (first === undefined) {
    return formIssue(
      'expected-value',
      0,
      text.length,
      isList
        ? 'Enter at least one value, separated by commas (上海, 杭州).'
        : 'Enter a value for this condition.',
      isList ? '请至少填写一个值，多个值用逗号分隔（上海, 杭州）。' : '请为这个条件填写值。',
    );
  }
  if (isList) {
    return { ...base, type: 'in', values: read, negated: op === 'not in' };
  }
  return { ...base, type: 'cmp', op, value: first };
}
