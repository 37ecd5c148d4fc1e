// The tag-rule parser: a lexer that reads one token at a time (so the first mistake in the text
// is the one reported) and a recursive-descent parser over the grammar in rule.ts. Never
// throws: every failure becomes a RuleError with the offset of the mistake.
import type {
  CmpOp,
  InNode,
  JoinNode,
  ParseResult,
  RuleError,
  RuleNode,
  RuleValue,
  Span,
} from './rule-ast';

/** Deeper nesting (parentheses and NOTs) than this is refused, so the parser cannot overflow. */
export const MAX_RULE_DEPTH = 200;

type Keyword = 'and' | 'or' | 'not' | 'in' | 'is' | 'missing';

const KEYWORDS: ReadonlyMap<string, Keyword> = new Map<string, Keyword>([
  ['and', 'and'],
  ['or', 'or'],
  ['not', 'not'],
  ['in', 'in'],
  ['is', 'is'],
  ['missing', 'missing'],
  ['且', 'and'],
  ['或', 'or'],
  ['非', 'not'],
]);

type Token = Span &
  (
    | { kind: 'eof' | 'lparen' | 'rparen' | 'comma' | 'bad' }
    | { kind: 'op'; op: CmpOp }
    | { kind: 'number'; value: number }
    | { kind: 'string'; value: string }
    /** A bare word; `digit` when it starts with a digit (a value like 90后, never a field). */
    | { kind: 'word'; text: string; keyword: Keyword | null; digit: boolean }
    /** A `back-quoted` field name. */
    | { kind: 'quoted'; text: string }
  );

/** Thrown inside the parser only; parseRule turns it into its result. */
class RuleSyntaxError extends Error {
  constructor(readonly error: RuleError) {
    super(error.message.en);
  }
}

function fail(code: string, at: number, length: number, en: string, zh: string): never {
  throw new RuleSyntaxError({ code, at, length, message: { zh, en } });
}

/** "position 4" for people (1-based); `at` itself stays 0-based. */
const posEn = (at: number): string => `position ${at + 1}`;
const posZh = (at: number): string => `第 ${at + 1} 个字符处`;

/**
 * The text with full-width ASCII (！ … ～) folded to ASCII and the ideographic space to a
 * space. Same length as the text, so offsets carry over; it decides token kinds, while names,
 * words and strings are taken from the original text.
 */
function foldWidth(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) {
      out += text.slice(from, i) + String.fromCharCode(c === 0x3000 ? 0x20 : c - 0xfee0);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Whitespace, plus the zero-width characters that paste along with copied text. */
const SPACE = /\s|\u200b|\u200c|\u200d|\u2060/;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_.]/u;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Closing quote for each opening quote ("…", '…', “…”, ‘…’, ＂…＂, ＇…＇, 「…」, 『…』). */
const QUOTES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ['\u201c', '\u201d'],
  ['\u2018', '\u2019'],
  ['\uff02', '\uff02'],
  ['\uff07', '\uff07'],
  ['\u300c', '\u300d'],
  ['\u300e', '\u300f'],
]);

/**
 * The quoted literal whose opening quote is at text[start]: its value (a backslash takes the
 * next character as it is) and the offset after its closing quote; null when it is not closed.
 */
function scanString(
  text: string,
  start: number,
  closer: string,
): { value: string; end: number } | null {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      if (i + 1 >= text.length) {
        return null;
      }
      value += text[i + 1];
      i += 2;
    } else if (c === closer) {
      return { value, end: i + 1 };
    } else {
      value += c;
      i++;
    }
  }
  return null;
}

/**
 * The string literal (any accepted quotes) that starts at text[start], as the rule parser reads
 * it, or null when text[start] is no opening quote or the literal is not closed.
 */
export function readStringLiteral(
  text: string,
  start: number,
): { value: string; end: number } | null {
  const closer = QUOTES.get(text[start] ?? '');
  return closer === undefined ? null : scanString(text, start, closer);
}

/** Whether c opens a string literal. */
export function isQuote(c: string): boolean {
  return QUOTES.has(c);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

class Lexer {
  private pos = 0;
  private readonly folded: string;

  constructor(private readonly text: string) {
    this.folded = foldWidth(text);
  }

  /** Length in UTF-16 units of the code point at i (0 at the end). */
  private widthAt(i: number): number {
    const cp = this.text.codePointAt(i);
    return cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
  }

  private isWordAt(i: number): boolean {
    const cp = this.folded.codePointAt(i);
    if (cp === undefined) {
      return false;
    }
    if (cp < 0x80) {
      return (
        (cp >= 0x30 && cp <= 0x39) ||
        (cp >= 0x41 && cp <= 0x5a) ||
        (cp >= 0x61 && cp <= 0x7a) ||
        cp === 0x5f ||
        cp === 0x2e
      );
    }
    return WORD_CHAR.test(String.fromCodePoint(cp));
  }

  next(): Token {
    const { text, folded } = this;
    while (this.pos < text.length && SPACE.test(folded[this.pos]!)) {
      this.pos++;
    }
    const start = this.pos;
    if (start >= text.length) {
      return { kind: 'eof', start, end: start };
    }
    const ch = folded[start]!;
    const after = folded[start + 1];
    const single = (kind: 'lparen' | 'rparen' | 'comma'): Token => {
      this.pos = start + 1;
      return { kind, start, end: start + 1 };
    };
    const op = (o: CmpOp, length: number): Token => {
      this.pos = start + length;
      return { kind: 'op', op: o, start, end: start + length };
    };
    switch (ch) {
      case '(':
        return single('lparen');
      case ')':
        return single('rparen');
      case ',':
      case '\u3001': // 、 the Chinese enumeration comma
        return single('comma');
      case '=':
        return op('=', after === '=' ? 2 : 1);
      case '!':
        if (after === '=') {
          return op('!=', 2);
        }
        break;
      case '<':
        return after === '=' ? op('<=', 2) : after === '>' ? op('!=', 2) : op('<', 1);
      case '>':
        return after === '=' ? op('>=', 2) : op('>', 1);
      case '\u2265':
        return op('>=', 1);
      case '\u2264':
        return op('<=', 1);
      case '\u2260':
        return op('!=', 1);
      case '`':
        return this.quotedField(start);
    }
    const closer = QUOTES.get(text[start]!);
    if (closer !== undefined) {
      return this.string(start, closer);
    }
    if (isDigit(ch) || ch === '.' || ch === '+' || ch === '-') {
      const token = this.number(start);
      if (token) {
        return token;
      }
    }
    if (this.isWordAt(start)) {
      return this.word(start);
    }
    this.pos = start + Math.max(1, this.widthAt(start));
    return { kind: 'bad', start, end: this.pos };
  }

  /** A number literal, or null when the text here is not one (then it may be a word). */
  private number(start: number): Token | null {
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.folded);
    if (!m) {
      return null;
    }
    const end = start + m[0].length;
    if (this.isWordAt(end)) {
      // 90后, 1.2.3, 3abc: a word that starts like a number (a bare value, never a field).
      return null;
    }
    const value = Number(m[0]);
    if (!Number.isFinite(value)) {
      fail(
        'number-out-of-range',
        start,
        end - start,
        `The number ${this.text.slice(start, end)} at ${posEn(start)} is too large. Use a smaller number.`,
        `${posZh(start)}：数字 ${this.text.slice(start, end)} 太大，请换一个小一些的数。`,
      );
    }
    this.pos = end;
    return { kind: 'number', value, start, end };
  }

  private word(start: number): Token {
    let end = start;
    while (end < this.text.length && this.isWordAt(end)) {
      end += this.widthAt(end);
    }
    this.pos = end;
    const text = this.text.slice(start, end);
    const keyword = KEYWORDS.get(this.folded.slice(start, end).toLowerCase()) ?? null;
    return { kind: 'word', text, keyword, digit: isDigit(this.folded[start]), start, end };
  }

  private string(start: number, closer: string): Token {
    const { text } = this;
    const lit = scanString(text, start, closer);
    if (lit) {
      this.pos = lit.end;
      return { kind: 'string', value: lit.value, start, end: lit.end };
    }
    const open = text[start]!;
    return fail(
      'unterminated-string',
      start,
      text.length - start,
      `The text that starts with ${open} at ${posEn(start)} is not closed. Add ${closer} at its end.`,
      `${posZh(start)}：以 ${open} 开头的文字没有结束引号，请在末尾补上 ${closer}。`,
    );
  }

  private quotedField(start: number): Token {
    const { text } = this;
    const quote = text[start]!; // ` or the full-width ｀
    let name = '';
    let i = start + 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === quote && text[i + 1] === quote) {
        name += quote;
        i += 2;
      } else if (c === quote) {
        if (name === '') {
          fail(
            'empty-field',
            start,
            i + 1 - start,
            `Empty field name at ${posEn(start)}. Write the field's name between the backquotes.`,
            `${posZh(start)}：反引号中间没有字段名，请写上字段名。`,
          );
        }
        this.pos = i + 1;
        return { kind: 'quoted', text: name, start, end: i + 1 };
      } else {
        name += c;
        i++;
      }
    }
    return fail(
      'unterminated-field',
      start,
      text.length - start,
      `The field name that starts with ${quote} at ${posEn(start)} is not closed. Add ${quote} after the name.`,
      `${posZh(start)}：以 ${quote} 开头的字段名没有结束的反引号，请在名字后补上 ${quote}。`,
    );
  }
}

/**
 * Whether `name` can be written bare in a rule: it reads back as exactly one plain word that
 * is not a keyword and does not start with a digit or look like a number.
 */
export function isPlainName(name: string): boolean {
  if (name === '') {
    return false;
  }
  try {
    const token = new Lexer(name).next();
    return (
      token.kind === 'word' &&
      token.keyword === null &&
      !token.digit &&
      token.start === 0 &&
      token.end === name.length
    );
  } catch (_err) {
    return false;
  }
}

type Bilingual = { en: string; zh: string };

const EXAMPLE: Bilingual = {
  en: 'M_score >= 4 or city = "上海"',
  zh: 'M_score >= 4 或 city = "上海"',
};

class Parser {
  private readonly lexer: Lexer;
  private ahead: Token | null = null;
  /** The last token taken, for "after >=" in messages. */
  private prev: Token | null = null;
  /** The token before a comparison's field (for "after AND" when the field is missing). */
  private beforeLast: Token | null = null;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  private peek(): Token {
    this.ahead ??= this.lexer.next();
    return this.ahead;
  }

  private take(): Token {
    const t = this.peek();
    this.ahead = null;
    this.prev = t;
    return t;
  }

  private source(t: Span): string {
    return this.text.slice(t.start, t.end);
  }

  /** How a found token reads in a message. */
  private found(t: Token): { en: string; zh: string } {
    return t.kind === 'eof'
      ? { en: 'the end of the rule', zh: '规则结尾' }
      : { en: `"${this.source(t)}"`, zh: `“${this.source(t)}”` };
  }

  /**
   * A failure at token t: `want` says what was expected there ("Expected a value after >="),
   * `hint` what to do. A stray character gets the code 'unexpected-char' instead.
   */
  private failAt(t: Token, code: string, want: Bilingual, hint: Bilingual): never {
    const at = posEn(t.start);
    const atZh = posZh(t.start);
    if (t.kind === 'bad') {
      const c = this.source(t);
      return fail(
        'unexpected-char',
        t.start,
        t.end - t.start,
        `Unexpected character "${c}" at ${at}. ${want.en}. ${hint.en}`,
        `${atZh}：无法识别的字符“${c}”。${want.zh}。${hint.zh}`,
      );
    }
    const f = this.found(t);
    return fail(
      code,
      t.start,
      t.end - t.start,
      `${want.en} at ${at}, found ${f.en}. ${hint.en}`,
      `${atZh}：${want.zh}（看到的是${f.zh}）。${hint.zh}`,
    );
  }

  parse(): RuleNode {
    const ast = this.parseOr(0);
    const t = this.peek();
    if (t.kind === 'eof') {
      return ast;
    }
    if (t.kind === 'rparen') {
      fail(
        'unmatched-paren',
        t.start,
        1,
        `Unexpected ")" at ${posEn(t.start)}: no "(" before it is open. Remove it, or add "(" where its group starts.`,
        `${posZh(t.start)}：多了一个“)”，前面没有与之对应的“(”。请删除它，或在分组开头补上“(”。`,
      );
    }
    return this.failJoin(t, false);
  }

  /** After a complete condition, something other than AND / OR / ")" / the end. */
  private failJoin(t: Token, inParens: boolean): never {
    const want = inParens ? 'AND, OR or ")"' : 'AND or OR';
    const wantZh = inParens ? 'AND、OR 或“)”' : 'AND 或 OR';
    let hintEn = 'Join conditions with AND / OR (且 / 或).';
    let hintZh = '条件之间请用 AND / OR（且 / 或）连接。';
    const p = this.prev;
    if (t.kind === 'comma' && p?.kind === 'number') {
      hintEn = 'Numbers are written without thousands separators (1000, not 1,000).';
      hintZh = '数字不要写千位分隔符（写 1000，不要写 1,000）。';
    } else if (p?.kind === 'word' && /[且或非]/.test(p.text)) {
      hintEn = `Put spaces around 且 / 或 / 非 so they read as keywords (上海 且 年龄 > 30).`;
      hintZh = '且 / 或 / 非 作关键字时前后要留空格（例如 上海 且 年龄 > 30）。';
    }
    return this.failAt(
      t,
      'expected-join',
      { en: `Expected ${want} after the condition`, zh: `条件后面应是 ${wantZh}` },
      { en: hintEn, zh: hintZh },
    );
  }

  private parseOr(depth: number): RuleNode {
    const first = this.parseAnd(depth);
    if (!this.isKeyword(this.peek(), 'or')) {
      return first;
    }
    const items = first.type === 'or' ? [...first.items] : [first];
    while (this.isKeyword(this.peek(), 'or')) {
      this.take();
      const item = this.parseAnd(depth);
      if (item.type === 'or') {
        items.push(...item.items);
      } else {
        items.push(item);
      }
    }
    return { type: 'or', items, start: first.start, end: items[items.length - 1]!.end };
  }

  private parseAnd(depth: number): RuleNode {
    const first = this.parseUnary(depth);
    if (!this.isKeyword(this.peek(), 'and')) {
      return first;
    }
    const items = first.type === 'and' ? [...first.items] : [first];
    while (this.isKeyword(this.peek(), 'and')) {
      this.take();
      const item = this.parseUnary(depth);
      if (item.type === 'and') {
        items.push(...item.items);
      } else {
        items.push(item);
      }
    }
    const node: JoinNode = {
      type: 'and',
      items,
      start: first.start,
      end: items[items.length - 1]!.end,
    };
    return node;
  }

  private isKeyword(t: Token, k: Keyword): boolean {
    return t.kind === 'word' && t.keyword === k;
  }

  private checkDepth(depth: number): void {
    if (depth > MAX_RULE_DEPTH) {
      const t = this.peek();
      fail(
        'too-deep',
        t.start,
        t.end - t.start,
        `The rule nests more than ${MAX_RULE_DEPTH} levels of parentheses and NOT (${posEn(t.start)}). Simplify it.`,
        `${posZh(t.start)}：括号和 NOT 嵌套超过 ${MAX_RULE_DEPTH} 层，请简化规则。`,
      );
    }
  }

  private parseUnary(depth: number): RuleNode {
    this.checkDepth(depth);
    const t = this.peek();
    if (this.isKeyword(t, 'not')) {
      this.take();
      const item = this.parseUnary(depth + 1);
      return { type: 'not', item, start: t.start, end: item.end };
    }
    if (t.kind === 'lparen') {
      this.take();
      const inner = this.parseOr(depth + 1);
      const close = this.peek();
      if (close.kind === 'rparen') {
        this.take();
        return { ...inner, start: t.start, end: close.end };
      }
      if (close.kind === 'eof') {
        fail(
          'unclosed-paren',
          t.start,
          1,
          `The "(" at ${posEn(t.start)} is never closed. Add ")" where its group ends.`,
          `${posZh(t.start)}：“(”没有对应的“)”，请在分组结尾补上“)”。`,
        );
      }
      return this.failJoin(close, true);
    }
    return this.parseComparison();
  }

  private parseField(): { name: string; span: Span } {
    const t = this.take();
    if ((t.kind === 'word' && t.keyword === null && !t.digit) || t.kind === 'quoted') {
      return { name: t.text, span: { start: t.start, end: t.end } };
    }
    return this.failField(t);
  }

  private failField(t: Token): never {
    const f = this.found(t);
    const at = posEn(t.start);
    const atZh = posZh(t.start);
    if ((t.kind === 'word' && t.digit) || t.kind === 'number') {
      const name = this.source(t);
      return fail(
        'invalid-field',
        t.start,
        t.end - t.start,
        `A field name cannot start with a digit (${f.en} at ${at}). Wrap it in backquotes: \`${name}\`.`,
        `${atZh}：字段名不能以数字开头（${f.zh}）。请用反引号括起来：\`${name}\`。`,
      );
    }
    if (t.kind === 'string') {
      return fail(
        'invalid-field',
        t.start,
        t.end - t.start,
        `Field names are not quoted with ${this.text[t.start]}…${this.text[t.end - 1]} (${at}). Write the name bare, or in backquotes: \`${t.value}\`.`,
        `${atZh}：字段名不用引号。请直接写名字，或用反引号：\`${t.value}\`。`,
      );
    }
    if (t.kind === 'word' && t.keyword !== null) {
      return fail(
        'expected-field',
        t.start,
        t.end - t.start,
        `Expected a field name at ${at}, found the keyword ${f.en}. Add a condition such as ${EXAMPLE.en}; a field named like a keyword goes in backquotes: \`${t.text}\`.`,
        `${atZh}：这里应是字段名，却是关键字${f.zh}。请写一个条件，例如 ${EXAMPLE.zh}；与关键字同名的字段请用反引号：\`${t.text}\`。`,
      );
    }
    // The previous token was consumed by take(); describe what came before it.
    const before = this.beforeLast;
    const afterEn = before ? ` after ${this.source(before)}` : '';
    const afterZh = before ? `${this.source(before)} 后面` : '';
    return this.failAt(
      t,
      'expected-field',
      { en: `Expected a condition${afterEn}`, zh: `${afterZh}缺少条件` },
      {
        en: `Start it with a field name, e.g. ${EXAMPLE.en}.`,
        zh: `条件以字段名开头，例如 ${EXAMPLE.zh}。`,
      },
    );
  }

  private parseComparison(): RuleNode {
    this.beforeLast = this.prev;
    const field = this.parseField();
    const t = this.take();
    if (t.kind === 'op') {
      const v = this.parseValue();
      return {
        type: 'cmp',
        field: field.name,
        op: t.op,
        value: v.value,
        start: field.span.start,
        end: v.span.end,
        fieldSpan: field.span,
        opSpan: { start: t.start, end: t.end },
        valueSpan: v.span,
      };
    }
    if (this.isKeyword(t, 'in')) {
      return this.parseList(field, false);
    }
    if (this.isKeyword(t, 'not')) {
      const inTok = this.take();
      if (!this.isKeyword(inTok, 'in')) {
        const name = this.source(field.span);
        return this.failAt(
          inTok,
          'expected-in',
          { en: `Expected IN after ${this.source(t)}`, zh: `${this.source(t)} 后面应是 IN` },
          {
            en: `Write ${name} NOT IN (…), or put NOT before the condition.`,
            zh: `请写 ${name} NOT IN (…)，或把 NOT 放在条件前面。`,
          },
        );
      }
      return this.parseList(field, true);
    }
    if (this.isKeyword(t, 'is')) {
      let m = this.take();
      let negated = false;
      if (this.isKeyword(m, 'not')) {
        negated = true;
        m = this.take();
      }
      if (!this.isKeyword(m, 'missing')) {
        const name = this.source(field.span);
        const kw = negated ? 'IS NOT' : 'IS';
        return this.failAt(
          m,
          'expected-missing',
          { en: `Expected MISSING after ${kw}`, zh: `${kw} 后面应是 MISSING` },
          {
            en: `Write ${name} IS MISSING or ${name} IS NOT MISSING.`,
            zh: `请写 ${name} IS MISSING 或 ${name} IS NOT MISSING。`,
          },
        );
      }
      return {
        type: 'missing',
        field: field.name,
        negated,
        start: field.span.start,
        end: m.end,
        fieldSpan: field.span,
      };
    }
    const fieldText = this.source(field.span);
    let hintEn = '';
    let hintZh = '';
    if (/[且或非]/.test(fieldText)) {
      hintEn = ' Put spaces around 且 / 或 / 非 so they read as keywords.';
      hintZh = '且 / 或 / 非 作关键字时前后要留空格。';
    }
    return this.failAt(
      t,
      'expected-operator',
      { en: `Expected an operator after ${fieldText}`, zh: `${fieldText} 后面缺少运算符` },
      {
        en: `Use =, !=, >, >=, <, <=, IN (…) or IS MISSING.${hintEn}`,
        zh: `可用 =、!=、>、>=、<、<=、IN (…) 或 IS MISSING。${hintZh}`,
      },
    );
  }

  private parseValue(): { value: RuleValue; span: Span } {
    const before = this.prev;
    const t = this.take();
    const span = { start: t.start, end: t.end };
    if (t.kind === 'number') {
      return { value: t.value, span };
    }
    if (t.kind === 'string') {
      return { value: t.value, span };
    }
    if (t.kind === 'word' && t.keyword === null) {
      return { value: t.text, span };
    }
    const afterEn = before ? ` after ${this.source(before)}` : '';
    const afterZh = before ? `${this.source(before)} 后面` : '';
    let hintEn = '';
    let hintZh = '';
    if (t.kind === 'word') {
      hintEn = ` To compare with the text ${t.text}, quote it: "${t.text}".`;
      hintZh = `要与文字 ${t.text} 比较，请加引号："${t.text}"。`;
    }
    return this.failAt(
      t,
      'expected-value',
      { en: `Expected a value${afterEn}`, zh: `${afterZh}缺少要比较的值` },
      {
        en: `Write a number (4), a quoted text ("上海") or a word (上海).${hintEn}`,
        zh: `请写数字（4）、带引号的文字（"上海"）或词语（上海）。${hintZh}`,
      },
    );
  }

  private parseList(field: { name: string; span: Span }, negated: boolean): InNode {
    const keyword = this.prev!;
    const open = this.take();
    if (open.kind !== 'lparen') {
      const kw = this.source(keyword);
      const name = this.source(field.span);
      return this.failAt(
        open,
        'expected-list',
        { en: `Expected "(" after ${kw}`, zh: `${kw} 后面应是“(”` },
        {
          en: `Put the values in parentheses: ${name} ${kw} ("上海", "杭州").`,
          zh: `请把值写在括号里：${name} ${kw} ("上海", "杭州")。`,
        },
      );
    }
    if (this.peek().kind === 'rparen') {
      const close = this.take();
      fail(
        'empty-list',
        open.start,
        close.end - open.start,
        `The list at ${posEn(open.start)} is empty. Put at least one value between the parentheses.`,
        `${posZh(open.start)}：列表是空的，请在括号中至少写一个值。`,
      );
    }
    const values: RuleValue[] = [];
    const valueSpans: Span[] = [];
    for (;;) {
      const v = this.parseValue();
      values.push(v.value);
      valueSpans.push(v.span);
      const t = this.take();
      if (t.kind === 'comma') {
        continue;
      }
      if (t.kind === 'rparen') {
        return {
          type: 'in',
          field: field.name,
          values,
          negated,
          start: field.span.start,
          end: t.end,
          fieldSpan: field.span,
          valueSpans,
        };
      }
      if (t.kind === 'eof') {
        fail(
          'unclosed-list',
          open.start,
          1,
          `The list opened at ${posEn(open.start)} is not closed. Add ")" after its last value.`,
          `${posZh(open.start)}：列表的“(”没有对应的“)”，请在最后一个值后补上“)”。`,
        );
      }
      this.failAt(
        t,
        'expected-list-separator',
        { en: 'Expected "," or ")" in the list', zh: '列表中这里应是“,”或“)”' },
        { en: 'Separate the values with commas.', zh: '值之间请用逗号分隔。' },
      );
    }
  }
}

/**
 * Parses a rule (grammar in rule.ts). Never throws: any mistake, including a rule nested
 * deeper than MAX_RULE_DEPTH, comes back as `{ ok: false, error }`.
 */
export function parseRule(text: string): ParseResult {
  try {
    if (typeof text !== 'string' || text.replace(/\s|\u200b|\u200c|\u200d|\u2060/g, '') === '') {
      return {
        ok: false,
        error: {
          code: 'empty',
          at: 0,
          length: typeof text === 'string' ? text.length : 0,
          message: {
            en: 'The rule is empty. Write a condition such as M_score >= 4.',
            zh: '规则是空的。请写一个条件，例如 M_score >= 4。',
          },
        },
      };
    }
    return { ok: true, ast: new Parser(text).parse() };
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      return { ok: false, error: err.error };
    }
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: {
        code: 'internal',
        at: 0,
        length: 0,
        message: {
          en: `The rule could not be read (${detail}). Simplify it and try again.`,
          zh: `无法读取这条规则（${detail}）。请简化后再试。`,
        },
      },
    };
  }
}
