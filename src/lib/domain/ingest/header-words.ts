// Header words shared by type inference and role guessing (Chinese and English).

/**
 * A header reduced for matching: lower case, bracketed units removed ("实付金额（元）" →
 * "实付金额", "Amount (USD)" → "amount"), then spaces, underscores, hyphens, dots, slashes and
 * colons removed ("Customer_ID" → "customerid").
 */
export function headerKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[\s_\-./:：·]/g, '');
}

/** A keyword list entry: a plain word matches when contained, '=word' only when equal. */
export type Keyword = string;

/**
 * The best match of `key` (a headerKey) in `keywords`, ordered by preference: 0 when none,
 * else a score where an earlier keyword always beats a later one and, for the same keyword,
 * the whole header beats a header containing it.
 */
export function keywordScore(key: string, keywords: readonly Keyword[]): number {
  for (let i = 0; i < keywords.length; i++) {
    const kw = keywords[i]!;
    const isExactOnly = kw.startsWith('=');
    const word = isExactOnly ? kw.slice(1) : kw;
    if (key === word) {
      return 1000 - i * 10 + 5;
    }
    if (!isExactOnly && key.includes(word)) {
      return 1000 - i * 10;
    }
  }
  return 0;
}

export function hasAnyWord(key: string, words: readonly string[]): boolean {
  return words.some((w) => (w.startsWith('=') ? key === w.slice(1) : key.includes(w)));
}

/**
 * Whether the raw header ends with a separate word `word` (like "ID" in "CustomerID",
 * "customer_id", "客户ID", "id") rather than with letters that merely end that way ("paid").
 */
function endsWithWord(raw: string, word: string): boolean {
  const t = raw.trim().replace(/[.:：]+$/, '');
  if (t.length < word.length || t.slice(-word.length).toLowerCase() !== word) {
    return false;
  }
  if (t.length === word.length) {
    return true;
  }
  const tail = t.slice(-word.length);
  const before = t.charAt(t.length - word.length - 1);
  const isLetter = /[A-Za-z]/.test(before);
  if (!isLetter) {
    return true; // "customer_id", "客户ID", "Order No"
  }
  // camelCase boundary: "CustomerID", "customerId", "InvoiceNo" (but not "PAID", "paid").
  return /[a-z]/.test(before) && /^[A-Z]/.test(tail);
}

const ID_WORDS = [
  '编号',
  '编码',
  '代码',
  '单号',
  '订单号',
  '卡号',
  '账号',
  '会员号',
  '客户号',
  'invoice',
  'customerid',
  'clientid',
  'memberid',
  'userid',
  'orderid',
  'buyerid',
  'accountid',
  'sku',
  '=uid',
  '=cid',
];

/** Header looks like an identifier column (客户ID, 订单编号, InvoiceNo, customer_id, SKU…). */
export function isIdHeader(raw: string): boolean {
  const key = headerKey(raw);
  if (hasAnyWord(key, ID_WORDS)) {
    return true;
  }
  return (
    endsWithWord(raw, 'id') ||
    endsWithWord(raw, 'no') ||
    endsWithWord(raw, 'code') ||
    endsWithWord(raw, 'number') ||
    /(^|[^0-9a-z])id$/.test(key)
  );
}

const NUMBER_WORDS = [
  '金额',
  '实付',
  '应付',
  '销售额',
  '单价',
  '价格',
  '数量',
  '件数',
  '费',
  '年龄',
  '积分',
  '次数',
  '分数',
  '评分',
  'amount',
  'total',
  'revenue',
  'sales',
  'price',
  'quantity',
  'qty',
  'cost',
  'score',
  'count',
  '=age',
];

/** Header names a quantity or a money value (金额, 单价, 数量, amount, price, qty…). */
export function isNumberHeader(raw: string): boolean {
  return hasAnyWord(headerKey(raw), NUMBER_WORDS);
}

const DATE_WORDS = [
  '时间',
  '日期',
  '生日',
  '出生',
  'date',
  'time',
  'birthday',
  'createdat',
  'paidat',
];
const NOT_DATE_WORDS = ['times', '次数', '时长', 'duration'];

/** Header names a date or timestamp (下单时间, 日期, InvoiceDate, order_date, created_at…). */
export function isDateHeader(raw: string): boolean {
  const key = headerKey(raw);
  return hasAnyWord(key, DATE_WORDS) && !hasAnyWord(key, NOT_DATE_WORDS);
}
