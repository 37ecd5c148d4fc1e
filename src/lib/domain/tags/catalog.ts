// The tag taxonomy: categories of an editable tree, the tags the analysis generates (fact tags
// from the data, rule tags with business defaults, model tags from RFM, lifecycle and
// k-means), and the user's edits on top. Every tag — built in or not — is a rule over the
// customer fields (fields.ts), so one evaluator serves them all.
import type { Lang } from '../types';
import { SEGMENT_NAMES } from '../summary/summary';
import { SEGMENT_INFO } from '../rfm/rfm';
import { LIFECYCLE_INFO, LIFECYCLE_STAGES } from '../lifecycle/lifecycle';
import type { FieldTable } from './fields';
import { formatField, quoteText } from './rule';

export const TAG_CATEGORIES = [
  'basic',
  'behaviour',
  'value',
  'lifecycle',
  'preference',
  'predictive',
] as const;
export type TagCategory = (typeof TAG_CATEGORIES)[number];

export const TAG_CATEGORY_LABELS: Readonly<Record<TagCategory, { zh: string; en: string }>> = {
  basic: { zh: '基础属性', en: 'Demographics' },
  behaviour: { zh: '消费行为', en: 'Purchase behaviour' },
  value: { zh: '价值分层', en: 'Value tiers' },
  lifecycle: { zh: '生命周期', en: 'Lifecycle' },
  preference: { zh: '偏好', en: 'Preferences' },
  predictive: { zh: '预测', en: 'Predictive' },
};

export type TagKind = 'fact' | 'rule' | 'model';

export interface TagDef {
  /** Stable: "seg:重要价值", "life:new", "cluster:1", "fact:城市=上海", "rule:highValue",
   *  or "user:…" for the user's own tags. */
  id: string;
  name: string;
  kind: TagKind;
  category: TagCategory;
  /** The rule text (rule.ts grammar). */
  rule: string;
  isBuiltIn: boolean;
  /** The user renamed, moved or re-ruled a built-in tag. */
  isEdited: boolean;
}

/** What is stored: a user tag, or the user's change to a built-in one (same id). */
export interface StoredTag {
  id: string;
  name?: string;
  kind?: TagKind;
  category?: TagCategory;
  rule?: string;
  isBuiltIn: boolean;
  isDeleted?: boolean;
  updatedAt: number;
}

export function categoryLabel(category: TagCategory, lang: Lang): string {
  return TAG_CATEGORY_LABELS[category][lang === 'en' ? 'en' : 'zh'];
}

/** An attribute that may yield fact tags: its field name and where it came from. */
export interface FactSource {
  name: string;
  /** 'transactions' = the customer's favourite value of a transaction column → preference. */
  source: 'transactions' | 'customers' | 'survey';
}

/** A fact attribute with more distinct values than this gets tags for its most common ones. */
export const MAX_FACT_VALUES = 12;

const DEMOGRAPHIC_WORDS =
  /性别|年龄|岁|城市|省|地区|区域|职业|学历|会员|等级|gender|sex|age|city|province|region|occupation|job|education|member|tier|level/i;

function factCategory(f: FactSource): TagCategory {
  if (f.source === 'transactions') {
    return 'preference';
  }
  if (f.source === 'survey' && !DEMOGRAPHIC_WORDS.test(f.name)) {
    return 'preference';
  }
  return 'basic';
}

interface RuleDefault {
  key: string;
  zh: string;
  en: string;
  category: TagCategory;
  rule: string;
}

/** Business rule tags with editable defaults (the examples plus the usual few). */
export const RULE_DEFAULTS: readonly RuleDefault[] = [
  { key: 'highValue', zh: '高价值', en: 'High value', category: 'value', rule: 'M_score >= 4' },
  {
    key: 'frequent',
    zh: '高频购买',
    en: 'Frequent buyer',
    category: 'behaviour',
    rule: 'F_score >= 4',
  },
  {
    key: 'recent',
    zh: '近30天活跃',
    en: 'Active in 30 days',
    category: 'behaviour',
    rule: 'R <= 30',
  },
  {
    key: 'sleeping',
    zh: '沉睡',
    en: 'Sleeping (180+ days)',
    category: 'behaviour',
    rule: 'R > 180',
  },
  { key: 'oneTime', zh: '仅购买一次', en: 'One-time buyer', category: 'behaviour', rule: 'F = 1' },
  { key: 'repeat', zh: '复购客户', en: 'Repeat buyer', category: 'behaviour', rule: 'F >= 2' },
];

export interface CatalogInput {
  fields: FieldTable;
  /** Who can carry a tag (profiling consent): fact values are ranked by count among them. */
  universe: Uint8Array;
  hasRfm: boolean;
  /** Number of clusters, 0 when clustering did not run. */
  k: number;
  facts: readonly FactSource[];
}

/** The tags the analysis generates, in tree order, named in `lang`. */
export function builtInTags(input: CatalogInput, lang: Lang): TagDef[] {
  const en = lang === 'en';
  const out: TagDef[] = [];
  const add = (id: string, name: string, kind: TagKind, category: TagCategory, rule: string) =>
    out.push({ id, name, kind, category, rule, isBuiltIn: true, isEdited: false });

  // Fact tags: one per common value of each demographic / preference attribute.
  const byName = new Map(input.fields.fields.map((f) => [f.name, f]));
  for (const fact of input.facts) {
    const field = byName.get(fact.name);
    if (field?.kind !== 'category') {
      continue;
    }
    const counts = new Uint32Array(field.values.length);
    for (let c = 0; c < input.fields.n; c++) {
      if (input.universe[c]) {
        counts[field.codes[c]!]!++;
      }
    }
    const present: number[] = [];
    for (let v = 1; v < counts.length; v++) {
      if (counts[v]! > 0 && field.values[v]!.trim() !== '') {
        present.push(v);
      }
    }
    if (present.length < 2) {
      continue; // a value everyone shares tells nothing
    }
    present.sort((a, b) => counts[b]! - counts[a]! || cmp(field.values[a]!, field.values[b]!));
    const sep = en ? ': ' : '：';
    for (const v of present.slice(0, MAX_FACT_VALUES)) {
      const value = field.values[v]!;
      add(
        `fact:${fact.name}=${value}`,
        `${fact.name}${sep}${value}`,
        'fact',
        factCategory(fact),
        `${formatField(fact.name)} = ${quoteText(value)}`,
      );
    }
  }

  if (input.hasRfm) {
    for (const r of RULE_DEFAULTS) {
      add(`rule:${r.key}`, en ? r.en : r.zh, 'rule', r.category, r.rule);
    }
    // Model tags: one per RFM segment, named exactly by the segment's name (DESIGN.md tags[]).
    for (const s of SEGMENT_NAMES) {
      add(`seg:${s}`, en ? SEGMENT_INFO[s].en : s, 'model', 'value', `segment = ${quoteText(s)}`);
    }
    for (const stage of LIFECYCLE_STAGES) {
      const info = LIFECYCLE_INFO[stage];
      add(
        `life:${stage}`,
        en ? info.en : info.zh,
        'model',
        'lifecycle',
        `lifecycle = ${quoteText(stage)}`,
      );
    }
  }
  for (let c = 1; c <= input.k; c++) {
    add(`cluster:${c}`, en ? `Cluster ${c}` : `聚类 ${c}`, 'model', 'value', `cluster = ${c}`);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The built-in tags with the user's changes applied, then the user's own tags. */
export function mergeTags(builtIns: readonly TagDef[], stored: readonly StoredTag[]): TagDef[] {
  const changes = new Map(stored.filter((s) => s.isBuiltIn).map((s) => [s.id, s]));
  const out: TagDef[] = [];
  for (const b of builtIns) {
    const c = changes.get(b.id);
    if (!c) {
      out.push(b);
    } else if (!c.isDeleted) {
      out.push({
        ...b,
        name: c.name ?? b.name,
        category: c.category ?? b.category,
        rule: c.rule ?? b.rule,
        isEdited: true,
      });
    }
  }
  const own = stored
    .filter((s) => !s.isBuiltIn && !s.isDeleted && s.name && s.rule)
    .sort((a, b) => a.updatedAt - b.updatedAt || cmp(a.id, b.id));
  for (const s of own) {
    out.push({
      id: s.id,
      name: s.name!,
      kind: s.kind ?? 'rule',
      category: s.category ?? 'behaviour',
      rule: s.rule!,
      isBuiltIn: false,
      isEdited: false,
    });
  }
  return out;
}
