// Sensitive attributes (民族, 宗教, 健康, 政治面貌, 婚姻, 收入, 位置, 子女年龄: see
// classifySensitive) stay out of clustering, tag rules and profiles by default. Using one
// needs a grant: the attribute, its category and a WRITTEN purpose, dated. Grants are logged
// (each grant and each revoke, with the purpose, in the audit log) and printed on the outputs
// (HTML report, report CSV, summary JSON). This file holds the pure part: the grant, its
// validation with zh/en messages, normalisation on read, and the "may this attribute be used"
// test every analysis step shares.
import type { Lang, SensitiveCategory } from '../types';
import { classifySensitive } from './detect';
import { maskFreeText } from './mask';
import { parseRule, ruleFields } from '../tags/rule';
import { findField } from '../tags/fields';

/** A sensitive attribute allowed for a written purpose. */
export interface SensitiveGrant {
  /** The attribute (column) name, as the analysis sees it. */
  attribute: string;
  category: SensitiveCategory;
  /** The purpose as written (trimmed, runs of white space made one space). */
  purpose: string;
  /** When it was allowed: ISO timestamp (UTC). */
  grantedAt: string;
}

/** A sensitive attribute found in the workspace's stored columns. */
export interface SensitiveAttribute {
  attribute: string;
  category: SensitiveCategory;
  /** Names of the datasets that hold it. */
  datasets: string[];
}

export interface SensitiveUseError {
  code:
    | 'noAttribute'
    | 'notSensitive'
    | 'notInWorkspace'
    | 'empty'
    | 'tooShort'
    | 'tooLong'
    | 'placeholder'
    | 'identifier';
  message: { zh: string; en: string };
}

export type SensitiveUseResult<T> =
  { ok: true; value: T } | { ok: false; error: SensitiveUseError };

/** Letters and digits a purpose needs at least (CJK characters count one each). */
export const PURPOSE_MIN_CHARS = 10;
/** The longest purpose accepted (characters after trimming). */
export const PURPOSE_MAX_CHARS = 500;

/** The audit log's event names for grants. */
export const SENSITIVE_AUDIT = {
  granted: 'sensitiveUseGranted',
  revoked: 'sensitiveUseRevoked',
} as const;

export const SENSITIVE_CATEGORY_LABELS: Readonly<
  Record<SensitiveCategory, { zh: string; en: string }>
> = {
  ethnicity: { zh: '民族', en: 'ethnicity' },
  religion: { zh: '宗教信仰', en: 'religion' },
  health: { zh: '健康与医疗', en: 'health' },
  political: { zh: '政治面貌', en: 'political affiliation' },
  marital: { zh: '婚姻状况', en: 'marital status' },
  income: { zh: '收入', en: 'income' },
  location: { zh: '位置', en: 'location' },
  childAge: { zh: '子女年龄', en: "children's age" },
};

export function sensitiveCategoryLabel(category: SensitiveCategory, lang: Lang): string {
  return SENSITIVE_CATEGORY_LABELS[category][lang === 'en' ? 'en' : 'zh'];
}

const MEANINGFUL = /[\p{L}\p{N}]/gu;

/** Trimmed, every run of white space (line breaks too) made one space, NFC. */
export function normalizePurpose(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Letters and digits in a text (a CJK character is one). */
export function meaningfulChars(text: string): string[] {
  return text.toLowerCase().match(MEANINGFUL) ?? [];
}

// Words that say nothing about a purpose. A text that is nothing but these (and fewer than
// four other letters) is a placeholder: "test test test", "测试测试测试", "待定 TBD 待定".
const PLACEHOLDER_WORDS = [
  'placeholder',
  'purpose',
  'testing',
  'lorem',
  'ipsum',
  'dolor',
  'amet',
  'qwerty',
  'asdf',
  'todo',
  'test',
  'none',
  'null',
  'tbd',
  'xxx',
  'foo',
  'bar',
  'baz',
  'abc',
  'nil',
  'xx',
  '待补充',
  '不知道',
  '测试',
  '目的',
  '用途',
  '暂无',
  '待定',
  '占位',
  '随便',
  '没有',
  '哈哈',
  '无',
  '啊',
  '略',
  '1234567890',
  '123',
].sort((a, b) => b.length - a.length);

/** True for text that only looks like a purpose: placeholder words, one repeated character. */
export function isPlaceholderPurpose(text: string): boolean {
  const chars = meaningfulChars(text);
  if (new Set(chars).size < 4) {
    return true;
  }
  let rest = chars.join('');
  for (const w of PLACEHOLDER_WORDS) {
    rest = rest.split(w.replace(/[^\p{L}\p{N}]/gu, '')).join('');
  }
  return new Set(rest).size < 4;
}

function fail<T>(code: SensitiveUseError['code'], zh: string, en: string): SensitiveUseResult<T> {
  return { ok: false, error: { code, message: { zh, en } } };
}

/** Checks a written purpose; on success gives it normalised. */
export function checkPurpose(text: string): SensitiveUseResult<string> {
  const purpose = normalizePurpose(text);
  if (!purpose) {
    return fail(
      'empty',
      '请写明使用目的：为什么需要使用这一敏感属性。',
      'Write down the purpose of use: why this sensitive attribute is needed.',
    );
  }
  if ([...purpose].length > PURPOSE_MAX_CHARS) {
    return fail(
      'tooLong',
      `使用目的最多 ${PURPOSE_MAX_CHARS} 个字。`,
      `Keep the purpose to at most ${PURPOSE_MAX_CHARS} characters.`,
    );
  }
  if (maskFreeText(purpose) !== purpose) {
    return fail(
      'identifier',
      '使用目的中不能包含手机号、邮箱或身份证号。',
      'The purpose must not contain a phone number, e-mail address or ID number.',
    );
  }
  if (meaningfulChars(purpose).length < PURPOSE_MIN_CHARS) {
    return fail(
      'tooShort',
      `请具体写明使用目的（至少 ${PURPOSE_MIN_CHARS} 个汉字、字母或数字）。`,
      `Describe the purpose in at least ${PURPOSE_MIN_CHARS} letters or digits.`,
    );
  }
  if (isPlaceholderPurpose(purpose)) {
    return fail(
      'placeholder',
      '这看起来是占位文字，请写明真实的使用目的。',
      'That looks like placeholder text: write the actual purpose.',
    );
  }
  return { ok: true, value: purpose };
}

/**
 * Validates a grant request: the attribute must be sensitive (and, when `present` is given,
 * one of the workspace's sensitive attributes) and the purpose must pass checkPurpose.
 */
export function validateGrant(
  input: { attribute: string; purpose: string },
  now: Date,
  present?: readonly SensitiveAttribute[],
): SensitiveUseResult<SensitiveGrant> {
  const attribute = input.attribute.trim();
  if (!attribute) {
    return fail('noAttribute', '请选择一个敏感属性。', 'Pick a sensitive attribute.');
  }
  const category = classifySensitive(attribute);
  if (!category) {
    return fail(
      'notSensitive',
      `“${attribute}”不是敏感属性，无需授权即可使用。`,
      `“${attribute}” is not a sensitive attribute: it needs no grant.`,
    );
  }
  if (present && !present.some((a) => a.attribute === attribute)) {
    return fail(
      'notInWorkspace',
      `工作区中没有名为“${attribute}”的敏感属性。`,
      `The workspace holds no sensitive attribute named “${attribute}”.`,
    );
  }
  const purpose = checkPurpose(input.purpose);
  if (!purpose.ok) {
    return purpose;
  }
  return {
    ok: true,
    value: { attribute, category, purpose: purpose.value, grantedAt: now.toISOString() },
  };
}

/**
 * Stored grants, normalised on read: anything malformed, not sensitive (any more) or with an
 * invalid purpose is dropped; one grant per attribute (the later one wins); sorted by name.
 */
export function restoreGrants(raw: unknown): SensitiveGrant[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  const byName = new Map<string, SensitiveGrant>();
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) {
      continue;
    }
    const r = item as Record<string, unknown>;
    if (typeof r.attribute !== 'string' || typeof r.purpose !== 'string') {
      continue;
    }
    const category = classifySensitive(r.attribute);
    const purpose = checkPurpose(r.purpose);
    const at = typeof r.grantedAt === 'string' ? new Date(r.grantedAt) : null;
    if (!category || !purpose.ok || !at || Number.isNaN(at.getTime())) {
      continue;
    }
    byName.set(r.attribute, {
      attribute: r.attribute,
      category,
      purpose: purpose.value,
      grantedAt: at.toISOString(),
    });
  }
  return [...byName.values()].sort((a, b) => compareNames(a.attribute, b.attribute));
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The grants with `grant` added (replacing an earlier grant of the same attribute). */
export function withGrant(
  grants: readonly SensitiveGrant[],
  grant: SensitiveGrant,
): SensitiveGrant[] {
  return [...grants.filter((g) => g.attribute !== grant.attribute), grant].sort((a, b) =>
    compareNames(a.attribute, b.attribute),
  );
}

/** The grants without the one of `attribute`. */
export function withoutGrant(
  grants: readonly SensitiveGrant[],
  attribute: string,
): SensitiveGrant[] {
  return grants.filter((g) => g.attribute !== attribute);
}

/** The allowed attribute names, sorted (what analysis settings carry). */
export function allowedNames(grants: readonly SensitiveGrant[]): string[] {
  return grants.map((g) => g.attribute).sort(compareNames);
}

/** Whether two lists of allowed names are the same set. */
export function sameAllowed(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort(compareNames);
  const y = [...new Set(b)].sort(compareNames);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Whether the analysis may use an attribute: any attribute that is not sensitive, and a
 * sensitive one only when it was allowed with a written purpose.
 */
export function mayUseAttribute(name: string, allowed: ReadonlySet<string>): boolean {
  return allowed.has(name) || classifySensitive(name) === null;
}

/**
 * The sensitive attributes among stored columns: those that reach the analysis as attributes
 * (not the customer key, a consent column, a detected identifier, or a dropped column).
 */
export function detectSensitiveAttributes(
  datasets: readonly {
    name: string;
    columns: readonly {
      name: string;
      role: string | null;
      pii: string | null;
      action: string;
      storage: string;
    }[];
  }[],
): SensitiveAttribute[] {
  const byName = new Map<string, SensitiveAttribute>();
  for (const ds of datasets) {
    for (const c of ds.columns) {
      if (
        c.storage === 'none' ||
        c.pii !== null ||
        c.action === 'tokenize' ||
        c.role === 'customerId' ||
        c.role === 'consent'
      ) {
        continue;
      }
      const category = classifySensitive(c.name);
      if (!category) {
        continue;
      }
      const seen = byName.get(c.name);
      if (seen) {
        if (!seen.datasets.includes(ds.name)) {
          seen.datasets.push(ds.name);
        }
      } else {
        byName.set(c.name, { attribute: c.name, category, datasets: [ds.name] });
      }
    }
  }
  return [...byName.values()].sort((a, b) => compareNames(a.attribute, b.attribute));
}

/**
 * The grants whose attribute one of the rules reads (a tag list drawn by such a rule uses the
 * attribute). Field names match as tag rules match them (findField); unparsable rules read
 * nothing.
 */
export function grantsReadByRules(
  rules: readonly string[],
  grants: readonly SensitiveGrant[],
): SensitiveGrant[] {
  const named = grants.map((g) => ({ name: g.attribute, grant: g }));
  const out = new Set<SensitiveGrant>();
  for (const rule of rules) {
    const parsed = parseRule(rule);
    if (!parsed.ok) {
      continue;
    }
    for (const field of ruleFields(parsed.ast)) {
      const hit = findField(named, field);
      if (hit) {
        out.add(hit.grant);
      }
    }
  }
  return grants.filter((g) => out.has(g));
}

/** One line naming a grant: `月收入（收入）· 使用目的：…`. */
export function describeGrant(grant: SensitiveGrant, lang: Lang): string {
  const category = sensitiveCategoryLabel(grant.category, lang);
  return lang === 'en'
    ? `${grant.attribute} (${category}), purpose of use: “${grant.purpose}”`
    : `${grant.attribute}（${category}），使用目的：“${grant.purpose}”`;
}
