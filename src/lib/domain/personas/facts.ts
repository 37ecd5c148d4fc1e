// The statistics a persona stands on, for one group of customers (an RFM segment, a cluster,
// a lifecycle stage or a saved segment): size and value, dominant gender / age band / city,
// channels, categories, time of day, survey themes and quotable answers. Aggregates only; the
// analysis worker computes them and the persona card (persona.ts) cites them.
import type { Lang } from '../types';
import type { CustomerResults } from '../analysis/analyze';
import type { CategoricalAttribute } from '../analysis/unify';
import { SEGMENT_NAMES } from '../summary/summary';
import { NOT_PARTICIPATING } from '../rfm/rfm';
import { LIFECYCLE_STAGES } from '../lifecycle/lifecycle';
import { classifySensitive } from '../privacy/detect';
import { isQuotable, mentionsTheme, topThemes, type Theme } from './themes';
import type { GroupKind, RfmHint } from './templates';

export interface GroupRef {
  kind: GroupKind;
  /** Segment name (重要价值…), stage (new…), cluster number ("1"…) or saved segment id. */
  key: string;
}

export interface ValueShare {
  value: string;
  count: number;
  /** Share among the group's members who have a value. */
  share: number;
  /** Share among all profiled customers with a value (for comparison). */
  overallShare: number;
}

export type TextRole = 'pains' | 'goals' | 'motivations' | 'other';

export interface GroupFacts {
  ref: GroupRef;
  size: number;
  /** Profiled customers (the comparison base). */
  total: number;
  shareCustomers: number;
  revenue: number;
  shareRevenue: number;
  /** Means over members with transactions (NaN without). */
  mean: { R: number; F: number; M: number; basket: number };
  overall: { R: number; F: number; M: number; basket: number };
  medianR: number;
  gender: (ValueShare & { attribute: string }) | null;
  ageBand: (ValueShare & { attribute: string }) | null;
  city: (ValueShare & { attribute: string }) | null;
  channels: ValueShare[];
  channelAttribute: string | null;
  categories: ValueShare[];
  categoryAttribute: string | null;
  /** Share of the group's transactions per time of day. */
  timeOfDay: ValueShare[];
  segment: ValueShare | null;
  lifecycle: ValueShare | null;
  hint: RfmHint | null;
  survey: {
    respondents: number;
    texts: { column: string; role: TextRole; answered: number; themes: Theme[] }[];
    /** Top answers of categorical survey questions whose header reads like goals/pains. */
    choices: { column: string; role: TextRole; values: ValueShare[] }[];
    /** Real answers free of identifiers, only when the group has at least k members. */
    quotes: string[];
  };
}

const GENDER = /性别|gender|\bsex\b/i;
const AGE = /年龄|age/i;
const CITY = /城市|city/i;
const CHANNEL = /渠道|平台|来源|channel|platform|source|store|门店/i;
const CATEGORY = /品类|类目|类别|分类|category|product|商品/i;
const PAINS =
  /痛点|问题|不满|抱怨|吐槽|困扰|改进|建议|pain|problem|issue|complain|dislike|improve/i;
const GOALS = /目标|期望|希望|需求|想要|看重|goal|want|need|expect|value/i;
const MOTIVES = /原因|动机|为什么|为何|理由|why|reason|motivat/i;

export function textRole(column: string): TextRole {
  return PAINS.test(column)
    ? 'pains'
    : GOALS.test(column)
      ? 'goals'
      : MOTIVES.test(column)
        ? 'motivations'
        : 'other';
}

export const TIME_BUCKETS = ['morning', 'midday', 'afternoon', 'evening', 'night'] as const;
function bucketOf(hour: number): number {
  return hour >= 6 && hour < 11
    ? 0
    : hour >= 11 && hour < 14
      ? 1
      : hour >= 14 && hour < 18
        ? 2
        : hour >= 18 && hour < 23
          ? 3
          : 4;
}

type Results = Pick<
  CustomerResults,
  'table' | 'rfm' | 'lifecycleCodes' | 'clusterLabels' | 'participants'
>;

/** Value shares of a coded column among members and among everyone (top `limit`). */
function shares(
  codes: ArrayLike<number>,
  values: readonly string[],
  isMember: Uint8Array,
  isBase: Uint8Array,
  limit: number,
): ValueShare[] {
  const inGroup = new Float64Array(values.length);
  const inBase = new Float64Array(values.length);
  let nGroup = 0;
  let nBase = 0;
  for (let c = 0; c < isBase.length; c++) {
    const v = codes[c]!;
    if (!isBase[c] || v <= 0 || v >= values.length || !values[v]) {
      continue;
    }
    inBase[v]!++;
    nBase++;
    if (isMember[c]) {
      inGroup[v]!++;
      nGroup++;
    }
  }
  const out: ValueShare[] = [];
  for (let v = 1; v < values.length; v++) {
    if (inGroup[v]! > 0) {
      out.push({
        value: values[v]!,
        count: inGroup[v]!,
        share: inGroup[v]! / nGroup,
        overallShare: nBase ? inBase[v]! / nBase : 0,
      });
    }
  }
  out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return out.slice(0, limit);
}

/** The attribute matching `re` with the most member values (customer records before survey). */
function pickAttribute(
  attrs: readonly CategoricalAttribute[],
  re: RegExp,
  isMember: Uint8Array,
  source?: CategoricalAttribute['source'],
): CategoricalAttribute | null {
  let best: CategoricalAttribute | null = null;
  let bestCount = -1;
  for (const a of attrs) {
    if (!re.test(a.name) || (source && a.source !== source) || classifySensitive(a.name)) {
      continue;
    }
    let n = 0;
    for (let c = 0; c < isMember.length; c++) {
      if (isMember[c] && a.codes[c]) {
        n++;
      }
    }
    if (n > bestCount) {
      best = a;
      bestCount = n;
    }
  }
  return bestCount > 0 ? best : null;
}

function median(xs: number[]): number {
  if (!xs.length) {
    return NaN;
  }
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The facts of the group `isMember` (1 = member), compared against every profiled customer.
 * `minGroup` is the workspace's k: real survey answers are quoted only for groups at least
 * that large.
 */
export function groupFacts(
  ref: GroupRef,
  results: Results,
  isMember: Uint8Array,
  lang: Lang,
  minGroup: number,
): GroupFacts {
  const { table, rfm } = results;
  const n = table.n;
  const base = results.participants;
  const member = new Uint8Array(n);
  let size = 0;
  let total = 0;
  let revenue = 0;
  let revenueAll = 0;
  const sums = { R: 0, F: 0, M: 0, basket: 0, n: 0 };
  const all = { R: 0, F: 0, M: 0, basket: 0, n: 0 };
  const rs: number[] = [];
  for (let c = 0; c < n; c++) {
    if (!base[c]) {
      continue;
    }
    total++;
    const isIn = isMember[c] === 1;
    member[c] = isIn ? 1 : 0;
    size += isIn ? 1 : 0;
    if (rfm && rfm.values.hasTx[c]) {
      const R = rfm.values.R[c]!;
      const F = rfm.values.F[c]!;
      const M = rfm.values.M[c]!;
      const basket = F ? M / F : 0;
      revenueAll += M;
      all.R += R;
      all.F += F;
      all.M += M;
      all.basket += basket;
      all.n++;
      if (isIn) {
        revenue += M;
        sums.R += R;
        sums.F += F;
        sums.M += M;
        sums.basket += basket;
        sums.n++;
        rs.push(R);
      }
    }
  }
  const meanOf = (s: typeof sums) => ({
    R: s.n ? s.R / s.n : NaN,
    F: s.n ? s.F / s.n : NaN,
    M: s.n ? s.M / s.n : NaN,
    basket: s.n ? s.basket / s.n : NaN,
  });
  const mean = meanOf(sums);
  const overall = meanOf(all);

  const attrs = table.categorical;
  const dominant = (re: RegExp, source?: CategoricalAttribute['source']) => {
    const a = pickAttribute(attrs, re, member, source);
    if (!a) {
      return null;
    }
    const top = shares(a.codes, a.values, member, base, 1)[0];
    return top ? { ...top, attribute: a.name } : null;
  };
  const channelAttr =
    pickAttribute(attrs, CHANNEL, member, 'transactions') ?? pickAttribute(attrs, CHANNEL, member);
  const categoryAttr =
    pickAttribute(attrs, CATEGORY, member, 'transactions') ??
    pickAttribute(attrs, CATEGORY, member);

  // Time of day of the group's transactions (wall-clock times, stored as UTC).
  const tod = new Float64Array(TIME_BUCKETS.length);
  const todAll = new Float64Array(TIME_BUCKETS.length);
  const tx = table.transactions;
  for (let i = 0; i < tx.customerOf.length; i++) {
    const c = tx.customerOf[i]!;
    if (!base[c]) {
      continue;
    }
    const b = bucketOf(new Date(tx.time[i]!).getUTCHours());
    todAll[b]!++;
    if (member[c]) {
      tod[b]!++;
    }
  }
  const todTotal = tod.reduce((s, v) => s + v, 0);
  const todAllTotal = todAll.reduce((s, v) => s + v, 0);
  const timeOfDay: ValueShare[] = TIME_BUCKETS.map((value, b) => ({
    value,
    count: tod[b]!,
    share: todTotal ? tod[b]! / todTotal : 0,
    overallShare: todAllTotal ? todAll[b]! / todAllTotal : 0,
  }))
    .filter((v) => v.count > 0)
    .sort((a, b) => b.count - a.count);

  let segment: ValueShare | null = null;
  let hint: RfmHint | null = null;
  if (rfm) {
    const codes = new Uint32Array(n);
    for (let c = 0; c < n; c++) {
      const s = rfm.segments.codes[c]!;
      codes[c] = s === NOT_PARTICIPATING ? 0 : s + 1;
    }
    segment = shares(codes, ['', ...SEGMENT_NAMES], member, base, 1)[0] ?? null;
    if (sums.n) {
      const m = rfm.scores.mean;
      hint = { rHigh: mean.R < m.R, fHigh: mean.F > m.F, mHigh: mean.M > m.M };
    }
  }
  let lifecycle: ValueShare | null = null;
  if (results.lifecycleCodes) {
    const lc = results.lifecycleCodes;
    const codes = new Uint32Array(n);
    for (let c = 0; c < n; c++) {
      codes[c] = lc[c]! < LIFECYCLE_STAGES.length ? lc[c]! + 1 : 0;
    }
    lifecycle = shares(codes, ['', ...LIFECYCLE_STAGES], member, base, 1)[0] ?? null;
  }

  // Survey: themes of free-text answers, top choices of goal/pain questions, quotes.
  let respondents = 0;
  for (let c = 0; c < n; c++) {
    if (member[c] && table.inSurvey[c]) {
      respondents++;
    }
  }
  const texts: GroupFacts['survey']['texts'] = [];
  const quoteCandidates: string[] = [];
  for (const t of table.texts) {
    if (classifySensitive(t.name)) {
      continue;
    }
    const answers: string[] = [];
    for (let c = 0; c < n; c++) {
      if (member[c] && t.codes[c]) {
        answers.push(t.values[t.codes[c]!]!);
      }
    }
    if (!answers.length) {
      continue;
    }
    const themes = topThemes(answers, lang, 5);
    texts.push({ column: t.name, role: textRole(t.name), answered: answers.length, themes });
    // Candidate quotes: answers mentioning the top theme, free of identifiers, the most
    // common wording first (an answer many gave is no one's signature). A theme is matched
    // the way it was counted (赠品经常缺货 mentions 赠品缺货), once per distinct answer.
    const top = themes[0]?.theme;
    const freq = new Map<string, number>();
    for (const a of answers) {
      if (isQuotable(a)) {
        freq.set(a, (freq.get(a) ?? 0) + 1);
      }
    }
    quoteCandidates.push(
      ...[...freq.entries()]
        .filter(([a]) => !top || mentionsTheme(a, top))
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 2)
        .map(([a]) => a),
    );
  }
  const choices: GroupFacts['survey']['choices'] = [];
  for (const a of attrs) {
    if (a.source !== 'survey' || classifySensitive(a.name)) {
      continue;
    }
    const role = textRole(a.name);
    if (role === 'other') {
      continue;
    }
    const values = shares(a.codes, a.values, member, base, 3);
    if (values.length) {
      choices.push({ column: a.name, role, values });
    }
  }

  return {
    ref,
    size,
    total,
    shareCustomers: total ? size / total : 0,
    revenue,
    shareRevenue: revenueAll ? revenue / revenueAll : 0,
    mean,
    overall,
    medianR: median(rs),
    gender: dominant(GENDER),
    ageBand: dominant(AGE),
    city: dominant(CITY),
    channels: channelAttr ? shares(channelAttr.codes, channelAttr.values, member, base, 3) : [],
    channelAttribute: channelAttr?.name ?? null,
    categories: categoryAttr
      ? shares(categoryAttr.codes, categoryAttr.values, member, base, 3)
      : [],
    categoryAttribute: categoryAttr?.name ?? null,
    timeOfDay,
    segment,
    lifecycle,
    hint,
    survey: {
      respondents,
      texts,
      choices,
      quotes: size >= minGroup && respondents >= minGroup ? quoteCandidates.slice(0, 3) : [],
    },
  };
}
