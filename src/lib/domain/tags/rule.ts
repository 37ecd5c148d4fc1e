// The tag-rule language: `M_score >= 4 AND city IN ("上海", "杭州")`. This module is the public
// face; the parts live in rule-ast.ts (tree, errors), rule-parse.ts, rule-format.ts,
// rule-check.ts and rule-form.ts.
//
// Grammar (keywords case-insensitive; 且 = AND, 或 = OR, 非 = NOT as words of their own):
//
//   expr       := or
//   or         := and ( OR and )*
//   and        := unary ( AND unary )*                 AND binds tighter than OR
//   unary      := NOT unary | primary
//   primary    := '(' expr ')' | comparison
//   comparison := field op value
//               | field [NOT] IN '(' value (',' value)* ')'
//               | field IS [NOT] MISSING               missing = NaN or category code 0
//   op         := = == != <> > >= < <=                 also ＝ ＞ ＜ ≥ ≤ ≠ (and ＞＝ …)
//   field      := word not starting with a digit | `any text` (`` is a backquote)
//   value      := number | quoted text | word
//
// - word: letters, marks, digits, _ and . ([\p{L}\p{M}\p{N}_.]+). As a value it is text, and it
//   may start with a digit (90后, 1.2.3); a word that is exactly a number is a number.
// - number: -12.5, 1e3, .5, +4. No thousands separators (the comma separates list items).
// - quoted text: "…", '…', “…”, ‘…’, ＂…＂, 「…」, 『…』; a backslash takes the next character
//   as it is (\" \\).
// - Full-width （ ） ， and the enumeration comma 、 work as ( ) , ; whitespace includes the
//   ideographic space and zero-width spaces.
// - Offsets (`start`, `end`, RuleError.at) are UTF-16 indices into the text, as in a textarea.
//
// Parse error codes: empty, unexpected-char, unterminated-string, unterminated-field,
// empty-field, number-out-of-range, expected-field, invalid-field, expected-operator,
// expected-value, expected-list, empty-list, expected-list-separator, unclosed-list,
// expected-in, expected-missing, expected-join, unclosed-paren, unmatched-paren, too-deep,
// internal (a bug). checkRule: unknown-field, category-order, not-a-number (errors);
// unknown-value (warning).

export type {
  CmpNode,
  CmpOp,
  InNode,
  Join,
  JoinNode,
  LeafNode,
  MissingNode,
  NotNode,
  ParseResult,
  RuleError,
  RuleNode,
  RuleValue,
  Span,
} from './rule-ast';
export { CMP_OPS, isLeaf, normalizeRule, ruleFields, ruleLeaves, stripPositions } from './rule-ast';
export { MAX_RULE_DEPTH, isPlainName, parseRule } from './rule-parse';
export { formatField, formatRule, formatValue, quoteText } from './rule-format';
export type { RuleCheck } from './rule-check';
export { checkRule, closestName, editDistance } from './rule-check';
export type { FormOp, RuleCondition, RuleForm, RuleGroup } from './rule-form';
export { FORM_OPS, astFromForm, formFromAst } from './rule-form';
export type { FieldSchema } from './fields';
