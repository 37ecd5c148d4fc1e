// A story-card persona built from a group's facts: a name that fits the dominant gender and
// age band, a generated avatar, demographics, behaviour and value figures — each with the
// statistic it comes from — goals, pains and motivations from survey answers when a survey is
// joined (else from templates, marked as such), a quote, a scenario and actions. Plain data,
// so cards are stored, edited and compared with the facts of a later analysis.
import type { Lang } from '../types';
import { SEGMENT_INFO } from '../rfm/rfm';
import { LIFECYCLE_INFO, type LifecycleStage } from '../lifecycle/lifecycle';
import type { SegmentName } from '../summary/summary';
import { personaName, type PersonaGender } from './names';
import { fillTemplate, templateFor } from './templates';
import type { GroupFacts, GroupRef, ValueShare } from './facts';

export interface PersonaFigure {
  key: string;
  label: string;
  value: string;
  /** The statistic behind the figure, in words ("based on 1,234 customers: …"). */
  basis: string;
}

/** Fields of a card a person may edit; editing one marks it. */
export const EDITABLE_FIELDS = [
  'name',
  'tagline',
  'goals',
  'pains',
  'motivations',
  'quote',
  'scenario',
  'actions',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface PersonaCard {
  ref: GroupRef;
  groupLabel: string;
  lang: Lang;
  seed: string;
  name: string;
  age: number;
  gender: PersonaGender;
  tagline: string;
  demographics: PersonaFigure[];
  behaviour: PersonaFigure[];
  value: PersonaFigure[];
  goals: string[];
  pains: string[];
  motivations: string[];
  /** 'survey' when goals/pains come from answers of this group, else 'template'. */
  storySource: 'survey' | 'template';
  quote: string;
  quoteIsReal: boolean;
  scenario: string;
  actions: string[];
  /** The figures the card was made from, to show what changed after a re-analysis. */
  snapshot: PersonaSnapshot;
  edited: EditableField[];
}

export interface PersonaSnapshot {
  size: number;
  shareRevenue: number;
  meanM: number;
  traits: string[];
}

const TIME_LABELS: Record<string, { zh: string; en: string }> = {
  morning: { zh: '上午', en: 'morning' },
  midday: { zh: '中午', en: 'midday' },
  afternoon: { zh: '下午', en: 'afternoon' },
  evening: { zh: '晚上', en: 'evening' },
  night: { zh: '深夜', en: 'late night' },
};

function fmt(lang: Lang, v: number, digits = 0): string {
  return Number.isFinite(v)
    ? new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v)
    : '—';
}
function pct(lang: Lang, v: number): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(v);
}
function money(lang: Lang, v: number): string {
  return Number.isFinite(v)
    ? new Intl.NumberFormat(lang, {
        style: 'currency',
        currency: 'CNY',
        maximumFractionDigits: 0,
      }).format(v)
    : '—';
}

export function groupLabel(ref: GroupRef, lang: Lang, savedName?: string): string {
  const en = lang === 'en';
  switch (ref.kind) {
    case 'segment': {
      const info = SEGMENT_INFO[ref.key as SegmentName];
      return en ? `RFM segment: ${info?.en ?? ref.key}` : `RFM 分群：${ref.key}`;
    }
    case 'lifecycle': {
      const info = LIFECYCLE_INFO[ref.key as LifecycleStage];
      return en ? `Lifecycle: ${info?.en ?? ref.key}` : `生命周期：${info?.zh ?? ref.key}`;
    }
    case 'cluster':
      return en ? `Cluster ${ref.key}` : `聚类 ${ref.key}`;
    case 'saved':
      return en ? `Saved segment: ${savedName ?? ''}` : `保存的分群：${savedName ?? ''}`;
  }
}

function genderOf(facts: GroupFacts): PersonaGender {
  const v = facts.gender?.value.trim().toLowerCase() ?? '';
  return /^(女|female|f|woman|女性)$/.test(v)
    ? 'female'
    : /^(男|male|m|man|男性)$/.test(v)
      ? 'male'
      : null;
}

function shareFigure(
  lang: Lang,
  key: string,
  label: string,
  s: ValueShare & { attribute?: string },
  facts: GroupFacts,
  display?: string,
): PersonaFigure {
  const en = lang === 'en';
  const col = s.attribute ? (en ? ` (column “${s.attribute}”)` : `（字段“${s.attribute}”）`) : '';
  return {
    key,
    label,
    value: display ?? s.value,
    basis: en
      ? `Based on ${fmt(lang, facts.size)} customers${col}: ${pct(lang, s.share)} are ${s.value}, against ${pct(lang, s.overallShare)} of all profiled customers.`
      : `基于 ${fmt(lang, facts.size)} 位客户${col}：${s.value} 占 ${pct(lang, s.share)}，全部画像客户中为 ${pct(lang, s.overallShare)}。`,
  };
}

/** A short, deterministic traits list for the snapshot (what sets the group apart). */
export function snapshotTraits(facts: GroupFacts): string[] {
  const out: string[] = [];
  for (const s of [
    facts.gender,
    facts.ageBand,
    facts.city,
    facts.channels[0],
    facts.categories[0],
  ]) {
    if (s && s.share > s.overallShare) {
      out.push(s.value);
    }
  }
  return out;
}

export function buildPersona(facts: GroupFacts, lang: Lang, savedName?: string): PersonaCard {
  const en = lang === 'en';
  const seed = `${facts.ref.kind}:${facts.ref.key}`;
  const gender = genderOf(facts);
  const person = personaName({ seed, gender, ageBand: facts.ageBand?.value ?? null, lang });
  const label = groupLabel(facts.ref, lang, savedName);
  const n = fmt(lang, facts.size);

  const demographics: PersonaFigure[] = [];
  if (facts.ageBand) {
    demographics.push(
      shareFigure(lang, 'ageBand', en ? 'Age band' : '年龄段', facts.ageBand, facts),
    );
  }
  if (facts.gender) {
    demographics.push(shareFigure(lang, 'gender', en ? 'Gender' : '性别', facts.gender, facts));
  }
  if (facts.city) {
    demographics.push(shareFigure(lang, 'city', en ? 'City' : '城市', facts.city, facts));
  }

  const behaviour: PersonaFigure[] = [];
  if (Number.isFinite(facts.mean.F)) {
    behaviour.push({
      key: 'frequency',
      label: en ? 'Orders per customer' : '人均订单',
      value: fmt(lang, facts.mean.F, 1),
      basis: en
        ? `Based on ${n} customers: mean F = ${fmt(lang, facts.mean.F, 2)} orders (all profiled customers: ${fmt(lang, facts.overall.F, 2)}).`
        : `基于 ${n} 位客户：平均购买 ${fmt(lang, facts.mean.F, 2)} 单（全部画像客户：${fmt(lang, facts.overall.F, 2)} 单）。`,
    });
    behaviour.push({
      key: 'basket',
      label: en ? 'Average order value' : '客单价',
      value: money(lang, facts.mean.basket),
      basis: en
        ? `Based on ${n} customers: mean of M ÷ F = ${money(lang, facts.mean.basket)} (everyone: ${money(lang, facts.overall.basket)}).`
        : `基于 ${n} 位客户：人均（M ÷ F）${money(lang, facts.mean.basket)}（全部：${money(lang, facts.overall.basket)}）。`,
    });
    behaviour.push({
      key: 'recency',
      label: en ? 'Days since last order (median)' : '距上次购买天数（中位数）',
      value: fmt(lang, facts.medianR),
      basis: en
        ? `Based on ${n} customers: median R = ${fmt(lang, facts.medianR)} days; mean ${fmt(lang, facts.mean.R, 1)} (everyone ${fmt(lang, facts.overall.R, 1)}).`
        : `基于 ${n} 位客户：R 中位数 ${fmt(lang, facts.medianR)} 天；平均 ${fmt(lang, facts.mean.R, 1)} 天（全部 ${fmt(lang, facts.overall.R, 1)} 天）。`,
    });
  }
  if (facts.channels[0]) {
    behaviour.push(
      shareFigure(
        lang,
        'channel',
        en ? 'Main channel' : '主要渠道',
        { ...facts.channels[0], attribute: facts.channelAttribute ?? undefined },
        facts,
      ),
    );
  }
  if (facts.categories[0]) {
    behaviour.push(
      shareFigure(
        lang,
        'category',
        en ? 'Favourite category' : '偏好品类',
        { ...facts.categories[0], attribute: facts.categoryAttribute ?? undefined },
        facts,
      ),
    );
  }
  if (facts.timeOfDay[0]) {
    const t = facts.timeOfDay[0];
    const name = TIME_LABELS[t.value]![en ? 'en' : 'zh'];
    behaviour.push({
      key: 'timeOfDay',
      label: en ? 'Usually buys' : '常在',
      value: en ? `in the ${name}` : `${name}下单`,
      basis: en
        ? `Based on the orders of ${n} customers: ${pct(lang, t.share)} are placed in the ${name} (all orders: ${pct(lang, t.overallShare)}).`
        : `基于 ${n} 位客户的订单：${pct(lang, t.share)} 在${name}下单（全部订单：${pct(lang, t.overallShare)}）。`,
    });
  }

  const value: PersonaFigure[] = [
    {
      key: 'size',
      label: en ? 'Customers' : '客户数',
      value: `${n} (${pct(lang, facts.shareCustomers)})`,
      basis: en
        ? `${n} of ${fmt(lang, facts.total)} profiled customers.`
        : `${fmt(lang, facts.total)} 位画像客户中的 ${n} 位。`,
    },
  ];
  if (facts.revenue > 0) {
    value.push({
      key: 'revenue',
      label: en ? 'Share of revenue' : '收入占比',
      value: pct(lang, facts.shareRevenue),
      basis: en
        ? `Sum of M over the group: ${money(lang, facts.revenue)}, ${pct(lang, facts.shareRevenue)} of all profiled revenue.`
        : `该组 M 之和 ${money(lang, facts.revenue)}，占全部画像客户收入的 ${pct(lang, facts.shareRevenue)}。`,
    });
  }
  if (facts.segment && facts.ref.kind !== 'segment') {
    const s = facts.segment;
    value.push(
      shareFigure(
        lang,
        'segment',
        en ? 'RFM segment' : 'RFM 分群',
        s,
        facts,
        en ? (SEGMENT_INFO[s.value as SegmentName]?.en ?? s.value) : s.value,
      ),
    );
  }
  if (facts.lifecycle && facts.ref.kind !== 'lifecycle') {
    const s = facts.lifecycle;
    const info = LIFECYCLE_INFO[s.value as LifecycleStage];
    value.push(
      shareFigure(
        lang,
        'lifecycle',
        en ? 'Lifecycle' : '生命周期',
        s,
        facts,
        info ? info[en ? 'en' : 'zh'] : s.value,
      ),
    );
  }

  // Story: survey themes when this group answered one, else templates (marked).
  const template = templateFor(facts.ref.kind, facts.ref.key, lang, facts.hint ?? undefined);
  const fromSurvey = (role: 'goals' | 'pains' | 'motivations'): string[] => {
    const out: string[] = [];
    for (const t of facts.survey.texts.filter((x) => x.role === role)) {
      for (const th of t.themes.slice(0, 3)) {
        out.push(
          en
            ? `${th.theme} (${fmt(lang, th.count)} of ${fmt(lang, t.answered)} answers)`
            : `${th.theme}（${fmt(lang, t.answered)} 条回答中 ${fmt(lang, th.count)} 条提到）`,
        );
      }
    }
    for (const ch of facts.survey.choices.filter((x) => x.role === role)) {
      for (const v of ch.values.slice(0, 2)) {
        out.push(
          en
            ? `${v.value} (${pct(lang, v.share)} chose it)`
            : `${v.value}（${pct(lang, v.share)} 选择）`,
        );
      }
    }
    return out.slice(0, 4);
  };
  const goals = fromSurvey('goals');
  const pains = fromSurvey('pains');
  const motivations = fromSurvey('motivations');
  const hasSurvey = goals.length > 0 || pains.length > 0;
  const quote = facts.survey.quotes[0];
  const channel = facts.channels[0]?.value ?? '';
  const category = facts.categories[0]?.value ?? '';
  return {
    ref: facts.ref,
    groupLabel: label,
    lang,
    seed,
    name: person.name,
    age: person.age,
    gender,
    tagline: template.tagline,
    demographics,
    behaviour,
    value,
    goals: goals.length ? goals : template.goals,
    pains: pains.length ? pains : template.pains,
    motivations: motivations.length ? motivations : template.motivations,
    storySource: hasSurvey ? 'survey' : 'template',
    quote: quote ?? template.quote,
    quoteIsReal: quote !== undefined,
    scenario: fillTemplate(template.scenario, {
      name: person.name,
      channel,
      category,
      basket: Number.isFinite(facts.mean.basket) ? money(lang, facts.mean.basket) : '',
      days: Number.isFinite(facts.medianR) ? String(Math.round(facts.medianR)) : '',
    }),
    actions: template.actions,
    snapshot: {
      size: facts.size,
      shareRevenue: facts.shareRevenue,
      meanM: facts.mean.M,
      traits: snapshotTraits(facts),
    },
    edited: [],
  };
}

export interface PersonaChange {
  size: { before: number; after: number };
  shareRevenue: { before: number; after: number };
  meanM: { before: number; after: number };
  traitsAdded: string[];
  traitsGone: string[];
  hasChanged: boolean;
}

/** What changed in the group since the card was made. */
export function personaChange(card: PersonaCard, facts: GroupFacts): PersonaChange {
  const now = snapshotTraits(facts);
  const before = card.snapshot.traits;
  const change: PersonaChange = {
    size: { before: card.snapshot.size, after: facts.size },
    shareRevenue: { before: card.snapshot.shareRevenue, after: facts.shareRevenue },
    meanM: { before: card.snapshot.meanM, after: facts.mean.M },
    traitsAdded: now.filter((t) => !before.includes(t)),
    traitsGone: before.filter((t) => !now.includes(t)),
    hasChanged: false,
  };
  const close = (a: number, b: number) =>
    (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  change.hasChanged =
    change.size.before !== change.size.after ||
    !close(change.shareRevenue.before, change.shareRevenue.after) ||
    !close(change.meanM.before, change.meanM.after) ||
    change.traitsAdded.length > 0 ||
    change.traitsGone.length > 0;
  return change;
}

/** Rebuilds the card from new facts, keeping what the person edited. */
export function refreshPersona(
  card: PersonaCard,
  facts: GroupFacts,
  savedName?: string,
): PersonaCard {
  const fresh = buildPersona(facts, card.lang, savedName);
  const out: PersonaCard = { ...fresh, edited: [...card.edited] };
  for (const f of card.edited) {
    (out as unknown as Record<string, unknown>)[f] = card[f];
  }
  return out;
}
