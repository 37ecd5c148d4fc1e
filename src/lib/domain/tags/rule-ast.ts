// The syntax tree of a tag rule (see rule.ts for the grammar), its error type, and small tree
// utilities shared by the parser, the formatter, the checker and the form model.

/** Source offsets: UTF-16 code-unit indices into the rule text, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** Comparison operators after normalisation (`==` reads as `=`, `<>` and `≠` as `!=`). */
export type CmpOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export const CMP_OPS: readonly CmpOp[] = ['=', '!=', '>', '>=', '<', '<='];

/** A value in a rule: a number literal, or text (quoted or a bare word). */
export type RuleValue = number | string;

export type Join = 'and' | 'or';

/** AND / OR of two or more conditions (the parser never builds fewer). */
export interface JoinNode extends Span {
  type: Join;
  items: RuleNode[];
}

export interface NotNode extends Span {
  type: 'not';
  item: RuleNode;
}

/** `field op value`. The parser also records where the field, operator and value are. */
export interface CmpNode extends Span {
  type: 'cmp';
  field: string;
  op: CmpOp;
  value: RuleValue;
  fieldSpan?: Span;
  opSpan?: Span;
  valueSpan?: Span;
}

/** `field IN (v, …)`, or `field NOT IN (v, …)` when negated. */
export interface InNode extends Span {
  type: 'in';
  field: string;
  values: RuleValue[];
  negated: boolean;
  fieldSpan?: Span;
  /** One per value, in order. */
  valueSpans?: Span[];
}

/** `field IS MISSING`, or `field IS NOT MISSING` when negated. */
export interface MissingNode extends Span {
  type: 'missing';
  field: string;
  negated: boolean;
  fieldSpan?: Span;
}

export type LeafNode = CmpNode | InNode | MissingNode;
export type RuleNode = JoinNode | NotNode | LeafNode;

/**
 * A mistake in a rule, or a warning about it. `at`/`length` mark the offending text (UTF-16
 * offsets; length 0 at the end of the text). Messages name the position counting from 1.
 * Codes are listed in rule.ts. Errors from astFromForm also name the group and condition.
 */
export interface RuleError {
  code: string;
  at: number;
  length: number;
  message: { zh: string; en: string };
  /** A replacement the UI may offer (the closest field name or value). */
  suggestion?: string;
  /** astFromForm only: index of the group, and of the condition in it. */
  group?: number;
  condition?: number;
}

export type ParseResult = { ok: true; ast: RuleNode } | { ok: false; error: RuleError };

export function isLeaf(node: RuleNode): node is LeafNode {
  return node.type === 'cmp' || node.type === 'in' || node.type === 'missing';
}

/** The comparisons of a rule, in source order. */
export function ruleLeaves(ast: RuleNode): LeafNode[] {
  const out: LeafNode[] = [];
  const walk = (node: RuleNode): void => {
    if (isLeaf(node)) {
      out.push(node);
    } else if (node.type === 'not') {
      walk(node.item);
    } else {
      node.items.forEach(walk);
    }
  };
  walk(ast);
  return out;
}

/** The field names a rule reads, each once, in order of first use. */
export function ruleFields(ast: RuleNode): string[] {
  return [...new Set(ruleLeaves(ast).map((leaf) => leaf.field))];
}

/**
 * The same rule with every position set to 0 and the field/operator/value spans dropped, for
 * comparing trees that came from different texts.
 */
export function stripPositions(node: RuleNode): RuleNode {
  switch (node.type) {
    case 'and':
    case 'or':
      return { type: node.type, items: node.items.map(stripPositions), start: 0, end: 0 };
    case 'not':
      return { type: 'not', item: stripPositions(node.item), start: 0, end: 0 };
    case 'cmp':
      return { type: 'cmp', field: node.field, op: node.op, value: node.value, start: 0, end: 0 };
    case 'in':
      return {
        type: 'in',
        field: node.field,
        values: [...node.values],
        negated: node.negated,
        start: 0,
        end: 0,
      };
    case 'missing':
      return { type: 'missing', field: node.field, negated: node.negated, start: 0, end: 0 };
  }
}

/**
 * The canonical shape the parser produces: an AND directly inside an AND (or OR inside OR) is
 * merged into its parent, and an AND/OR of one item is that item. AND/OR of no items are kept.
 * Returns new nodes; positions are kept.
 */
export function normalizeRule(node: RuleNode): RuleNode {
  switch (node.type) {
    case 'and':
    case 'or': {
      const items: RuleNode[] = [];
      for (const item of node.items) {
        const n = normalizeRule(item);
        if (n.type === node.type) {
          items.push(...n.items);
        } else {
          items.push(n);
        }
      }
      if (items.length === 1) {
        return items[0]!;
      }
      return { ...node, items };
    }
    case 'not':
      return { ...node, item: normalizeRule(node.item) };
    case 'in':
      return { ...node, values: [...node.values] };
    default:
      return { ...node };
  }
}
