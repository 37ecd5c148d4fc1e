// Guessing what each column means (its role) and what kind of table a file is.

import type { ColumnRole, ColumnType, ConsentPurpose, DatasetKind } from '../types';
import { hasAnyWord, headerKey, keywordScore, type Keyword } from './header-words';

export interface ColumnSketch {
  name: string;
  type: ColumnType;
}

type MatchedRole = Exclude<ColumnRole, 'attribute'>;

interface RoleRule {
  role: MatchedRole;
  /** Ordered by preference; '=word' matches only the whole header. */
  keywords: readonly Keyword[];
  /** A header containing one of these never gets the role. */
  exclude: readonly Keyword[];
  types: readonly ColumnType[];
}

const NOT_DATE: readonly ColumnType[] = ['id', 'text', 'number', 'category'];

const RULES: readonly RoleRule[] = [
  {
    role: 'customerId',
    keywords: [
      '客户id',
      '客户编号',
      '客户号',
      '客户编码',
      '客户代码',
      '会员id',
      '会员编号',
      '会员号',
      '会员卡号',
      '用户id',
      '用户编号',
      '顾客id',
      '顾客编号',
      '买家id',
      '买家会员名',
      '买家账号',
      '买家昵称',
      'customerid',
      'customerno',
      'customernumber',
      'customercode',
      'custid',
      'clientid',
      'clientno',
      'memberid',
      'memberno',
      'userid',
      'buyerid',
      'accountid',
      'kundennummer',
      'kundenid',
      '=customer',
      '=client',
      '=buyer',
      '=member',
      '=客户',
      '=会员',
      '=用户',
      '=顾客',
      '=买家',
      '=id',
      '=编号',
      '=uid',
      '=cid',
    ],
    exclude: [
      '订单',
      '单号',
      'order',
      'invoice',
      '商品',
      '产品',
      'product',
      'stock',
      'sku',
      '物流',
    ],
    types: NOT_DATE,
  },
  {
    role: 'orderId',
    keywords: [
      '订单编号',
      '订单号',
      '订单id',
      '主订单编号',
      '子订单编号',
      '单据编号',
      '单据号',
      '交易编号',
      '交易号',
      '流水号',
      'invoiceno',
      'invoicenumber',
      'invoiceid',
      'orderid',
      'orderno',
      'ordernumber',
      'transactionid',
      'txnid',
      'receiptno',
      '单号',
      '=invoice',
      '=order',
      '=订单',
    ],
    exclude: [
      '客户',
      '会员',
      '用户',
      'customer',
      'member',
      'user',
      'buyer',
      '时间',
      '日期',
      'date',
      'time',
    ],
    types: NOT_DATE,
  },
  {
    role: 'date',
    keywords: [
      '下单时间',
      '订单创建时间',
      '创建时间',
      '下单日期',
      '订单日期',
      '订单时间',
      '付款时间',
      '支付时间',
      '交易时间',
      '交易日期',
      '成交时间',
      '购买时间',
      '购买日期',
      '消费时间',
      '消费日期',
      'invoicedate',
      'orderdate',
      'purchasedate',
      'transactiondate',
      'createdat',
      'paidat',
      'paymentdate',
      '日期',
      '时间',
      'date',
      'datetime',
      'timestamp',
      'time',
      '=datum',
    ],
    exclude: ['生日', '出生', 'birth', '注册', 'register', 'signup'],
    types: ['date'],
  },
  {
    role: 'amount',
    keywords: [
      '实付金额',
      '实际支付金额',
      '实付款',
      '实收金额',
      '付款金额',
      '支付金额',
      '订单金额',
      '成交金额',
      '交易金额',
      '消费金额',
      '销售金额',
      '销售额',
      '总金额',
      '订单总额',
      '金额',
      '总价',
      '实付',
      '应付金额',
      '应付',
      '合计',
      'amountpaid',
      'paidamount',
      'totalamount',
      'ordertotal',
      'totalprice',
      'amount',
      'revenue',
      'sales',
      'total',
      'payment',
      '=sum',
      'betrag',
      'umsatz',
    ],
    exclude: [
      '单价',
      'unitprice',
      '优惠',
      '折扣',
      'discount',
      '运费',
      '邮费',
      'shipping',
      '退款',
      'refund',
      '积分',
      'points',
      '余额',
      'balance',
      '数量',
      'quantity',
      'qty',
    ],
    types: ['number'],
  },
  {
    role: 'quantity',
    keywords: [
      '数量',
      '购买数量',
      '商品数量',
      '件数',
      'quantity',
      'qty',
      '=count',
      '=num',
      'menge',
    ],
    exclude: ['price', '价', '金额', 'amount'],
    types: ['number'],
  },
  {
    role: 'unitPrice',
    keywords: [
      '单价',
      '商品单价',
      '成交单价',
      'unitprice',
      'price',
      '售价',
      '价格',
      '=价',
      'preis',
    ],
    exclude: ['total', '总', '金额', 'amount', '合计', 'sum', '运费', '邮费', 'shipping'],
    types: ['number'],
  },
];

/** Words that make a column a consent column. */
const CONSENT_WORDS = [
  '同意',
  '授权',
  '允许',
  '订阅',
  'consent',
  'optin',
  'opt in',
  'subscribe',
  'accepts',
  'agree',
  'permission',
];
const CONSENT_TYPES: readonly ColumnType[] = ['category', 'number', 'text', 'id'];

const PHONE_WORDS = [
  '手机号',
  '手机',
  '联系电话',
  '电话',
  '联系方式',
  'mobile',
  'phone',
  'cellphone',
  '=tel',
];
const EMAIL_WORDS = ['email', '邮箱', '电子邮件', '=mail', 'e-mail'];

/**
 * One role per column from the header words (Chinese and English, case-insensitive, spaces,
 * underscores and bracketed units ignored). Each role goes to at most one column, the best
 * match (consent excepted: every consent column is one), and only to a column of a fitting
 * type (a date role to a date column, money and quantities to number columns). Columns that
 * match nothing are 'attribute'. A phone column (or else an email column) becomes the
 * customer id only when no customer id column exists and the file looks like transactions
 * (a date and an amount, or a quantity and a unit price).
 */
export function guessRoles(columns: readonly ColumnSketch[]): (ColumnRole | null)[] {
  const keys = columns.map((c) => headerKey(c.name));
  const roles: (ColumnRole | null)[] = columns.map(() => null);

  for (let i = 0; i < columns.length; i++) {
    if (isConsentHeader(keys[i]!) && CONSENT_TYPES.includes(columns[i]!.type)) {
      roles[i] = 'consent';
    }
  }

  const candidates: { column: number; role: MatchedRole; score: number }[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (roles[i] !== null) {
      continue;
    }
    const key = keys[i]!;
    for (const rule of RULES) {
      if (!rule.types.includes(columns[i]!.type) || hasAnyWord(key, rule.exclude)) {
        continue;
      }
      const score = keywordScore(key, rule.keywords);
      if (score > 0) {
        candidates.push({ column: i, role: rule.role, score });
      }
    }
  }
  // Best score first; on equal scores the leftmost column.
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const taken = new Set<ColumnRole>();
  for (const c of candidates) {
    if (taken.has(c.role) || roles[c.column] !== null) {
      continue;
    }
    roles[c.column] = c.role;
    taken.add(c.role);
  }

  const looksLikeTransactions =
    taken.has('date') && (taken.has('amount') || (taken.has('quantity') && taken.has('unitPrice')));
  if (!taken.has('customerId') && looksLikeTransactions) {
    const fallback =
      bestFree(columns, keys, roles, PHONE_WORDS) ?? bestFree(columns, keys, roles, EMAIL_WORDS);
    if (fallback !== null) {
      roles[fallback] = 'customerId';
    }
  }

  return roles.map((r) => r ?? 'attribute');
}

function bestFree(
  columns: readonly ColumnSketch[],
  keys: readonly string[],
  roles: readonly (ColumnRole | null)[],
  words: readonly Keyword[],
): number | null {
  let best: number | null = null;
  let bestScore = 0;
  for (let i = 0; i < columns.length; i++) {
    if (roles[i] !== null || columns[i]!.type === 'date') {
      continue;
    }
    const score = keywordScore(keys[i]!, words);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

function isConsentHeader(key: string): boolean {
  return hasAnyWord(
    key,
    CONSENT_WORDS.map((w) => w.replace(/\s/g, '')),
  );
}

const PURPOSE_WORDS: readonly [ConsentPurpose, readonly string[]][] = [
  [
    'marketing',
    [
      '营销',
      '推广',
      '广告',
      '短信',
      '邮件',
      '促销',
      '推送',
      'marketing',
      'newsletter',
      'edm',
      'promo',
      'advert',
    ],
  ],
  [
    'profiling',
    ['画像', '分析', '个性化', '推荐', 'profiling', 'profile', 'personali', 'analytics'],
  ],
  [
    'sharing',
    ['共享', '分享', '第三方', '合作方', '转让', 'sharing', 'share', 'thirdparty', 'partner'],
  ],
];

/**
 * The consent purpose a header names: 营销同意 → marketing, 画像同意 → profiling,
 * 共享同意 → sharing (and English equivalents); null when it names none.
 */
export function guessConsentPurpose(name: string): ConsentPurpose | null {
  const key = headerKey(name);
  for (const [purpose, words] of PURPOSE_WORDS) {
    if (hasAnyWord(key, words)) {
      return purpose;
    }
  }
  return null;
}

/** Headers that describe a person (PII or demographics) in a customer table. */
const PERSON_WORDS = [
  '姓名',
  '名字',
  '手机',
  '电话',
  '邮箱',
  '身份证',
  '地址',
  '性别',
  '年龄',
  '生日',
  '出生',
  '城市',
  '省份',
  '地区',
  '会员等级',
  '等级',
  '职业',
  '收入',
  '注册',
  'name',
  'phone',
  'mobile',
  'email',
  'address',
  'gender',
  '=sex',
  '=age',
  'birth',
  'city',
  'province',
  'region',
  'country',
  'level',
  'tier',
  'occupation',
  'income',
  'signup',
  'registered',
];

/** Answer columns typical of questionnaire exports (满意度, NPS, 痛点, feedback…). */
const SURVEY_WORDS = [
  'nps',
  '满意',
  '目标',
  '痛点',
  '建议',
  '评价',
  '反馈',
  '意见',
  '问卷',
  '答卷',
  '推荐',
  'satisfaction',
  'feedback',
  'comment',
  'rating',
  'score',
  'goal',
  'pain',
];

/** Survey questions: "Q1", "问题3", "您的年龄段是？", "How satisfied are you…?" */
function isQuestionHeader(name: string): boolean {
  return /[?？]|^q\d+|问题|^题\d|第.+题|您|满意|how |what |which |rate /i.test(name.trim());
}

/**
 * The kind of table: transactions when it has a date and an amount (or a quantity and a unit
 * price); customers when it has a customer id, no amount, and consent or person-describing
 * columns (and its other columns are not mostly survey questions); survey otherwise.
 */
export function guessDatasetKind(
  columns: readonly ColumnSketch[],
  roles: readonly (ColumnRole | null)[],
): DatasetKind {
  const has = (role: ColumnRole) => roles.includes(role);
  if (has('date') && (has('amount') || (has('quantity') && has('unitPrice')))) {
    return 'transactions';
  }
  if (has('customerId') && !has('amount')) {
    let attributes = 0;
    let questions = 0;
    let surveyWords = 0;
    let person = false;
    for (let i = 0; i < columns.length; i++) {
      const role = roles[i];
      if (role !== 'attribute' && role !== null) {
        continue;
      }
      attributes++;
      if (isQuestionHeader(columns[i]!.name)) {
        questions++;
      }
      if (hasAnyWord(headerKey(columns[i]!.name), SURVEY_WORDS)) {
        surveyWords++;
      }
      if (hasAnyWord(headerKey(columns[i]!.name), PERSON_WORDS)) {
        person = true;
      }
    }
    // Two or more answer-like columns (满意度 + 痛点, NPS + feedback) make a questionnaire even
    // when the rest describes the respondent (年龄段, 职业).
    const isSurveyLike = attributes > 0 && (questions >= attributes * 0.5 || surveyWords >= 2);
    if (!isSurveyLike && (has('consent') || person)) {
      return 'customers';
    }
  }
  return 'survey';
}
