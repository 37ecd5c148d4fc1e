// PII detection per column, from the header and from a sample of the values, and the
// default action for what was found.

import type { PiiAction, PiiKind, SensitiveCategory } from '../types';
import { canonicalize, cleanText, MAINLAND_MOBILE } from './canonical';
import { isValidCnId, isValidUscc } from './cn-id';

/** Share of sampled non-empty cells that must be valid for a kind to be detected by value. */
export const VALUE_THRESHOLD = 0.9;

export const PII_KINDS = [
  'name',
  'phone',
  'email',
  'cnId',
  'address',
] as const satisfies readonly PiiKind[];

export interface PiiDetection {
  /** The detected kind, or null when the column does not look like PII. */
  kind: PiiKind | null;
  /**
   * 0..1. Header and values agree: 0.5 + 0.5 × validShare (≥ 0.95). Values alone (or values
   * overruling the header): 0.9 × validShare (0.81–0.9). Header alone: 0.3 + 0.3 × validShare
   * (< 0.57). Nothing: 0.
   */
  confidence: number;
  /** Share of sampled non-empty cells valid for `kind` (for null: the best share of any kind). */
  validShare: number;
  /** True when the header names `kind`. */
  byHeader: boolean;
}

export interface OrgIdDetection {
  kind: 'uscc' | null;
  confidence: number;
  validShare: number;
  byHeader: boolean;
}

// --- Header words --------------------------------------------------------------------------

interface HeaderWords {
  /** Substrings of the NFKC, lower-cased header (Chinese words). */
  han: readonly string[];
  /** Whole tokens or token sequences of the header split on non-alphanumerics and camelCase. */
  latin: readonly string[];
}

const PII_HEADER_WORDS: Record<PiiKind, HeaderWords> = {
  name: {
    han: ['姓名', '名字', '联系人', '收货人', '客户名称', '收件人'],
    latin: [
      'name',
      'fullname',
      'full name',
      'first name',
      'last name',
      'firstname',
      'lastname',
      'surname',
    ],
  },
  phone: {
    han: ['手机', '电话', '联系方式', '手机号'],
    latin: ['mobile', 'phone', 'tel', 'telephone', 'cellphone', 'cell'],
  },
  email: {
    han: ['邮箱', '电子邮件', '电邮'],
    latin: ['email', 'mail'],
  },
  cnId: {
    han: ['身份证', '证件号', '身份证号'],
    latin: ['idcard', 'id card', 'id no', 'idno', 'id number', 'cnid', 'id_no'],
  },
  address: {
    han: ['地址', '收货地址', '详细地址', '住址'],
    latin: ['address', 'addr'],
  },
};

// When both a name word and another kind's word appear ('联系人电话', '收货人地址'), the other
// kind is meant; 'email address' / '邮箱地址' is an e-mail, '身份证地址' an address.
const HEADER_PRIORITY: readonly PiiKind[] = ['email', 'phone', 'address', 'cnId', 'name'];

// Words that make a PII-looking header about something else: a flag, a count, a device, a
// product ('手机品牌', 'phone_type', 'email_consent', '是否同意短信', 'product_name').
const HEADER_NEGATIVE: HeaderWords = {
  han: [
    '同意',
    '授权',
    '订阅',
    '是否',
    '验证',
    '状态',
    '类型',
    '品牌',
    '型号',
    '数量',
    '次数',
    '归属地',
    '运营商',
    '商品',
    '产品',
    '门店',
    '店铺',
    '城市',
    '省份',
    '渠道',
    '活动',
    '文件',
    '项目',
  ],
  latin: [
    'consent',
    'opt',
    'optin',
    'optout',
    'agree',
    'agreed',
    'subscribe',
    'subscribed',
    'verified',
    'flag',
    'status',
    'type',
    'brand',
    'model',
    'count',
    'carrier',
    'product',
    'item',
    'goods',
    'sku',
    'category',
    'shop',
    'store',
    'company',
    'org',
    'organization',
    'file',
    'city',
    'province',
    'region',
    'country',
    'campaign',
    'channel',
    'plan',
    'tag',
    'segment',
    'group',
    'level',
    'event',
    'page',
    'app',
    'device',
    'browser',
    'domain',
  ],
};

interface NormalizedHeader {
  text: string;
  /** Tokens joined by single spaces, padded with spaces: ' customer name '. */
  tokens: string;
}

function normalizeHeader(name: string): NormalizedHeader {
  const text = cleanText(name)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/e-mail/g, 'email');
  const tokens = text
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '')
    .join(' ');
  return { text, tokens: ` ${tokens} ` };
}

function matchesWords(h: NormalizedHeader, words: HeaderWords): boolean {
  return (
    words.han.some((w) => h.text.includes(w)) ||
    words.latin.some((w) => h.tokens.includes(` ${w.replace(/_/g, ' ')} `))
  );
}

/** The PII kind a header names ('收货人电话' → phone), or null. */
export function piiKindFromHeader(name: string): PiiKind | null {
  const h = normalizeHeader(name);
  if (matchesWords(h, HEADER_NEGATIVE)) {
    return null;
  }
  for (const kind of HEADER_PRIORITY) {
    if (matchesWords(h, PII_HEADER_WORDS[kind])) {
      return kind;
    }
  }
  return null;
}

const USCC_HEADER_WORDS: HeaderWords = {
  han: ['统一社会信用代码', '信用代码', '税号', '纳税人识别号'],
  latin: ['uscc', 'credit code', 'tax id', 'taxid', 'tax no', 'vat'],
};

// --- Values --------------------------------------------------------------------------------

/** ~200 of the most common single-character surnames (by population), 阎/闫 and 付/傅 both. */
const SINGLE_SURNAMES = new Set(
  (
    '王李张刘陈杨黄赵吴周徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田于肖潘袁董叶杜丁蒋程余' +
    '吕魏蔡苏任卢沈姜姚钟崔陆谭汪石付傅贾范金方韦夏廖侯白孟邹秦尹江熊薛邱阎闫段雷季史陶毛贺龙' +
    '万顾关郝孔向龚邵钱武扶黎汤戴严文常牛莫洪米康温代赖施覃安聂鲁庞葛邢易乔颜倪庄章岳翟殷詹申' +
    '欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻' +
    '祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫齐伍佟应' +
    '臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥' +
    '班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉戈'
  ).split(''),
);

/** Compound surnames (复姓). */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '令狐',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '呼延',
  '澹台',
  '申屠',
  '太史',
  '万俟',
  '闻人',
  '钟离',
  '司空',
  '濮阳',
  '淳于',
  '单于',
  '公羊',
  '赫连',
  '拓跋',
  '第五',
  '百里',
  '东郭',
  '左丘',
  '谷梁',
  '乐正',
  '漆雕',
  '亓官',
  '巫马',
  '仲孙',
  '叔孙',
]);

const HAN_ONLY = /^\p{Script=Han}{2,4}$/u;
// Characters and endings that make a short Han string a place, a shop or a category rather
// than a person ('黄金会员' starts with the surname 黄 but is a membership level).
const NOT_A_NAME_CHAR = /[省市区县路街号店厂部局]/u;
const NOT_A_NAME_END = /(?:会员|用户|客户|公司|集团|中心|银行|超市|商城|门店|学校|医院)$/u;
const LATIN_NAME =
  /^[A-Z][a-z]+(?:['’-][A-Za-z]+)*(?: (?:[A-Z]\.|[A-Z][a-z]*(?:['’-][A-Za-z]+)*)){1,2}$/;

/** The surname of a Han name (compound first), or null when it starts with none we know. */
export function hanSurname(name: string): string | null {
  const two = name.slice(0, 2);
  if (COMPOUND_SURNAMES.has(two)) {
    return two;
  }
  const one = name.slice(0, 1);
  return SINGLE_SURNAMES.has(one) ? one : null;
}

/**
 * True for what looks like a person's name: 2–4 Han characters starting with a common
 * surname (3–4 with a compound one), or a capitalised Latin 'Firstname Lastname' (2–3 words).
 */
export function isPersonName(value: string): boolean {
  const v = canonicalize(value, 'name');
  if (HAN_ONLY.test(v)) {
    if (NOT_A_NAME_CHAR.test(v) || NOT_A_NAME_END.test(v)) {
      return false;
    }
    const surname = hanSurname(v);
    return surname !== null && v.length > surname.length;
  }
  return LATIN_NAME.test(v);
}

/** True for a mainland mobile number, after canonicalisation ('+86 138-0013-8000'). */
export function isMobilePhone(value: string): boolean {
  return MAINLAND_MOBILE.test(canonicalize(value, 'phone'));
}

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;

/** True for an e-mail address (ASCII local part and domain, a letters-only top-level domain). */
export function isEmail(value: string): boolean {
  return EMAIL.test(canonicalize(value, 'email'));
}

const HAN_ADDRESS_MARK = /[省市区县路街道巷弄号村镇乡栋幢室]/gu;
const HAN_STREET_MARK = /[路街道巷弄号村镇乡栋幢室]/u;
const LATIN_STREET =
  /\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|square|sq|terrace|crescent|close|highway|hwy|parkway|pkwy|strasse|straße|rue)\b/i;

/**
 * True for what looks like a postal address: Chinese text of 6+ characters with at least two
 * of the markers 省 市 区 县 路 街 道 巷 弄 号 村 镇 乡 栋 幢 室, one of them below district level
 * ('广东省深圳市' alone is a region, not an address); or Latin text with a number and a street
 * word ('221B Baker Street').
 */
export function isAddress(value: string): boolean {
  const v = canonicalize(value, 'address');
  if (/\p{Script=Han}/u.test(v)) {
    const marks = v.match(HAN_ADDRESS_MARK)?.length ?? 0;
    return v.length >= 6 && marks >= 2 && HAN_STREET_MARK.test(v);
  }
  return /\d/.test(v) && /[a-z]/i.test(v) && LATIN_STREET.test(v);
}

/** True for a valid 18-digit or 15-digit 身份证 number. */
export function isCnIdNumber(value: string): boolean {
  return isValidCnId(value);
}

const VALUE_TESTS: Record<PiiKind, (value: string) => boolean> = {
  name: isPersonName,
  phone: isMobilePhone,
  email: isEmail,
  cnId: isCnIdNumber,
  address: isAddress,
};

/** Is this value valid for the kind? */
export function isValidPiiValue(value: string, kind: PiiKind): boolean {
  return VALUE_TESTS[kind](value);
}

// A column of few distinct values ('黄金会员', 'Gold Member' repeated) is a category, not names.
const NAME_MIN_DISTINCT_SHARE = 0.5;
const NAME_DISTINCT_MIN_SAMPLES = 10;

function nonEmpty(samples: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of samples) {
    const c = cleanText(s);
    if (c !== '') {
      out.push(c);
    }
  }
  return out;
}

/** Share of valid cells per kind among the non-empty samples (all 0 when there are none). */
export function validShares(samples: readonly string[]): Record<PiiKind, number> {
  const cells = nonEmpty(samples);
  const shares: Record<PiiKind, number> = { name: 0, phone: 0, email: 0, cnId: 0, address: 0 };
  if (cells.length === 0) {
    return shares;
  }
  for (const kind of PII_KINDS) {
    const valid = cells.filter(VALUE_TESTS[kind]);
    let share = valid.length / cells.length;
    if (
      kind === 'name' &&
      valid.length >= NAME_DISTINCT_MIN_SAMPLES &&
      new Set(valid).size / valid.length < NAME_MIN_DISTINCT_SHARE
    ) {
      share = 0;
    }
    shares[kind] = share;
  }
  return shares;
}

/**
 * Detect whether a column holds PII, from its header and a sample of its cells.
 * A kind is detected by value when ≥ 90% of the non-empty sampled cells are valid for it;
 * value evidence beats a header word that names another kind; a header word alone still
 * flags the column, with lower confidence. See {@link PiiDetection.confidence}.
 */
export function detectPii(name: string, samples: readonly string[]): PiiDetection {
  const headerKind = piiKindFromHeader(name);
  const shares = validShares(samples);

  if (headerKind !== null && shares[headerKind] >= VALUE_THRESHOLD) {
    const share = shares[headerKind];
    return { kind: headerKind, confidence: 0.5 + 0.5 * share, validShare: share, byHeader: true };
  }
  let best: PiiKind | null = null;
  let bestShare = 0;
  for (const kind of PII_KINDS) {
    if (shares[kind] > bestShare) {
      best = kind;
      bestShare = shares[kind];
    }
  }
  if (best !== null && bestShare >= VALUE_THRESHOLD) {
    return { kind: best, confidence: 0.9 * bestShare, validShare: bestShare, byHeader: false };
  }
  if (headerKind !== null) {
    const share = shares[headerKind];
    return { kind: headerKind, confidence: 0.3 + 0.3 * share, validShare: share, byHeader: true };
  }
  return { kind: null, confidence: 0, validShare: bestShare, byHeader: false };
}

/**
 * Detect a column of 统一社会信用代码 (an organisation's id: not PII, kept by default), by the
 * same rules as {@link detectPii}.
 */
export function detectOrgId(name: string, samples: readonly string[]): OrgIdDetection {
  const byHeader = matchesWords(normalizeHeader(name), USCC_HEADER_WORDS);
  const cells = nonEmpty(samples);
  const share = cells.length === 0 ? 0 : cells.filter(isValidUscc).length / cells.length;
  if (share >= VALUE_THRESHOLD) {
    return {
      kind: 'uscc',
      confidence: byHeader ? 0.5 + 0.5 * share : 0.9 * share,
      validShare: share,
      byHeader,
    };
  }
  if (byHeader) {
    return { kind: 'uscc', confidence: 0.3 + 0.3 * share, validShare: share, byHeader };
  }
  return { kind: null, confidence: 0, validShare: share, byHeader: false };
}

// --- Sensitive attributes --------------------------------------------------------------------

const SENSITIVE_WORDS: readonly (readonly [SensitiveCategory, HeaderWords])[] = [
  // childAge before the others: '子女年龄' must not fall through to anything else.
  [
    'childAge',
    {
      han: ['孩子年龄', '子女年龄', '小孩年龄', '儿童年龄', '宝宝年龄'],
      latin: ['child age', 'children age', 'kid age', 'kids age', 'child ages', 'children ages'],
    },
  ],
  ['ethnicity', { han: ['民族'], latin: ['ethnicity', 'ethnic', 'race'] }],
  ['religion', { han: ['宗教', '信仰'], latin: ['religion', 'religious', 'faith'] }],
  [
    'health',
    {
      han: ['健康', '病', '病史', '疾病', '体检', '诊断', '医疗', '残疾'],
      latin: ['health', 'medical', 'disease', 'diagnosis', 'illness', 'disability'],
    },
  ],
  [
    'political',
    {
      han: ['政治面貌', '党员', '党派'],
      latin: ['political', 'politics', 'party member', 'party affiliation'],
    },
  ],
  ['marital', { han: ['婚姻', '婚否', '婚姻状况'], latin: ['marital', 'married', 'marriage'] }],
  [
    'income',
    {
      han: ['收入', '月收入', '年收入', '薪资', '工资', '月薪', '年薪'],
      latin: ['income', 'salary', 'wage', 'wages', 'earnings'],
    },
  ],
  [
    'location',
    {
      han: ['位置', '定位', '经纬度', '经度', '纬度', '坐标'],
      latin: [
        'location',
        'gps',
        'geo',
        'geolocation',
        'latitude',
        'longitude',
        'lat',
        'lng',
        'lon',
        'coordinates',
      ],
    },
  ],
];

/**
 * The sensitive category a header names (民族 → 'ethnicity', 病史 → 'health', 月收入 →
 * 'income', 子女年龄 → 'childAge' …), or null. Header words only.
 */
export function classifySensitive(name: string): SensitiveCategory | null {
  const h = normalizeHeader(name);
  for (const [category, words] of SENSITIVE_WORDS) {
    if (matchesWords(h, words)) {
      return category;
    }
  }
  return null;
}

// --- Actions ---------------------------------------------------------------------------------

/** Anything a column can be classified as for the privacy step. */
export type PrivacyKind = PiiKind | 'uscc' | 'customerId' | null;

/**
 * The default action for a column kind: phone and e-mail are tokenized (they are join keys);
 * a 身份证 number is derived (birth year → age band, gender, province/city; then the raw
 * value is dropped); an address is derived (province/city, then dropped); a name is dropped
 * (the user may choose mask); an organisation id, a customer id that is not PII, or a column
 * that is not PII is kept.
 */
export function defaultAction(kind: PrivacyKind): PiiAction {
  switch (kind) {
    case 'phone':
    case 'email':
      return 'tokenize';
    case 'cnId':
    case 'address':
      return 'derive';
    case 'name':
      return 'drop';
    case 'uscc':
    case 'customerId':
    case null:
      return 'keep';
  }
}

/** The actions a user may pick for a kind (the default first). */
export function allowedActions(kind: PrivacyKind): readonly PiiAction[] {
  switch (kind) {
    case 'phone':
    case 'email':
      return ['tokenize', 'mask', 'drop', 'keep'];
    case 'cnId':
      return ['derive', 'tokenize', 'mask', 'drop', 'keep'];
    case 'address':
      return ['derive', 'mask', 'drop', 'keep'];
    case 'name':
      return ['drop', 'mask', 'tokenize', 'keep'];
    case 'uscc':
    case 'customerId':
    case null:
      return ['keep', 'tokenize', 'drop'];
  }
}

/** What a 'derive' action keeps of each kind. */
export const DERIVED_FIELDS = {
  cnId: ['birthYear', 'ageBand', 'gender', 'province', 'city'],
  address: ['province', 'city'],
} as const satisfies Partial<Record<PiiKind, readonly string[]>>;
