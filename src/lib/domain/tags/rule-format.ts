// Canonical rule text: `M_score >= 4 AND city IN ("上海", "杭州")`. Keywords upper-case ASCII,
// one space around operators and keywords, parentheses only around an OR inside an AND or a
// NOT, strings always double-quoted, numbers in their shortest form. parseRule(formatRule(x))
// gives back normalizeRule(x) (positions aside).
import { formatNumber } from './fields';
import { normalizeRule } from './rule-ast';
import type { RuleNode, RuleValue } from './rule-ast';
import { isPlainName } from './rule-parse';

/** A field name as rule text: bare when it reads back as itself, else `back-quoted`. */
export function formatField(name: string): string {
  return isPlainName(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

/** A string as a double-quoted rule literal (backslash escapes \" and \\). */
export function quoteText(text: string): string {
  return '"' + text.replace(/[\\"]/g, '\\$&') + '"';
}

/** A value as rule text. Throws a RangeError for NaN and ±Infinity, which rules cannot hold. */
export function formatValue(value: RuleValue): string {
  if (typeof value === 'string') {
    return quoteText(value);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`A rule cannot hold the number ${value}`);
  }
  return formatNumber(value);
}

/**
 * The canonical text of a rule (of its normalised tree, so equal rules read the same). Throws
 * a RangeError for trees no text can express: an AND/OR or IN list with no items, or a
 * non-finite number (the parser never builds these).
 */
export function formatRule(ast: RuleNode): string {
  return formatNode(normalizeRule(ast));
}

/** Text of a normalised tree: no AND/OR of one item, none directly inside its own kind. */
function formatNode(ast: RuleNode): string {
  switch (ast.type) {
    case 'and':
    case 'or': {
      if (ast.items.length === 0) {
        throw new RangeError(`An ${ast.type.toUpperCase()} with no conditions has no rule text`);
      }
      // AND binds tighter than OR: only an OR inside an AND needs parentheses.
      const wrap = (item: RuleNode): string =>
        ast.type === 'and' && item.type === 'or' ? `(${formatNode(item)})` : formatNode(item);
      return ast.items.map(wrap).join(ast.type === 'and' ? ' AND ' : ' OR ');
    }
    case 'not': {
      const item = ast.item;
      const inner = formatNode(item);
      return item.type === 'and' || item.type === 'or' ? `NOT (${inner})` : `NOT ${inner}`;
    }
    case 'cmp':
      return `${formatField(ast.field)} ${ast.op} ${formatValue(ast.value)}`;
    case 'in': {
      if (ast.values.length === 0) {
        throw new RangeError('An IN list with no values has no rule text');
      }
      const list = ast.values.map(formatValue).join(', ');
      return `${formatField(ast.field)} ${ast.negated ? 'NOT IN' : 'IN'} (${list})`;
    }
    case 'missing':
      return `${formatField(ast.field)} ${ast.negated ? 'IS NOT MISSING' : 'IS MISSING'}`;
  }
}
