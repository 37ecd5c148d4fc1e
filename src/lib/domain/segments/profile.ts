// Group profiles: what a group (a k-means cluster, an RFM segment, a lifecycle stage) looks
// like and what sets it apart from everyone else, plus a one-line description of it.
//
// Who counts. Customers whose group code is not a group (NO_GROUP, or any code outside
// 0..groupCount−1; e.g. customers without profiling consent) are left out of everything:
// "everyone", "the rest" and all shares are over the participating customers only.
//
// Per group: size, share of customers, share of revenue; for each numeric feature the mean and
// median (numpy's median: the mean of the two middle values for an even count) of the group,
// the ratio of the group mean to the overall mean, and a two-sided Mann–Whitney U test of group
// vs rest; for each categorical attribute the distribution in the group, in the rest and
// overall, the lift of each value (share in group / share overall) and a chi-square test of
// the 2 × values table group vs rest. Missing values (NaN numbers, codes outside the
// dictionary) are left out of that attribute's figures only. Then the attributes sorted by
// effect size (Cramér's V or Rosenthal's r, see stats/tests.ts), largest first.
//
// Everything returned is plain data (numbers, strings, arrays; null where a figure does not
// exist), so it survives structuredClone and JSON.

import type { Lang } from '../types';
import type { ChiSquareResult } from '../stats/tests';
import { averageRanks, chiSquareTest, cramersV, lift, mannWhitneyFromRanks } from '../stats/tests';

/** The group code of a customer in no group (any code outside 0..groupCount−1 works too). */
export const NO_GROUP = -1;

/** describeGroup says nothing about a group, or a value, of fewer customers (DESIGN: k = 5). */
export const MIN_DESCRIBED_GROUP = 5;
/** describeGroup names values and features with at least this lift (or mean ratio) … */
export const MIN_DESCRIBED_LIFT = 1.2;
/** … and a test p below this. */
export const MAX_DESCRIBED_P = 0.05;

export interface CategoricalAttribute {
  /** Dictionary code per customer; a code ≥ dict.length is a missing value. */
  codes: Uint32Array;
  dict: readonly string[];
}

export interface ProfileInput {
  /** Group code per customer. */
  groups: ArrayLike<number>;
  /** Groups are 0..groupCount−1. */
  groupCount: number;
  /** Revenue per customer (e.g. M); NaN counts as 0. Omit for no revenue shares. */
  revenue?: ArrayLike<number> | null;
  numeric?: Readonly<Record<string, ArrayLike<number>>>;
  categorical?: Readonly<Record<string, CategoricalAttribute>>;
}

export interface MannWhitneySummary {
  U: number;
  z: number;
  p: number;
}

export interface NumericProfile {
  name: string;
  /** Group members with a value. */
  count: number;
  mean: number | null;
  median: number | null;
  overallMean: number | null;
  overallMedian: number | null;
  /** Group mean / overall mean; null unless the overall mean is > 0. */
  ratio: number | null;
  /** Group vs rest; null when either side has no value. */
  test: MannWhitneySummary | null;
  /** Rosenthal's r = |z|/√N (0 without a test). */
  effect: number;
}

export interface ValueShare {
  value: string;
  /** Group members with this value. */
  count: number;
  /** Of the group members with a value for this attribute. */
  share: number;
  /** Share among the rest; null when the rest has no value. */
  shareRest: number | null;
  shareOverall: number;
  /** share / shareOverall. */
  lift: number;
}

export interface CategoricalProfile {
  name: string;
  /** Group members with a value. */
  count: number;
  /** Every value some participant has, in dictionary order. */
  values: ValueShare[];
  /** Chi-square of the group-vs-rest table (Yates-corrected when it is 2 × 2). */
  test: ChiSquareResult;
  /** Cramér's V of the same table. */
  effect: number;
}

export interface RankedAttribute {
  name: string;
  kind: 'numeric' | 'categorical';
  effect: number;
  /** The test's p; null without a test. */
  p: number | null;
}

export interface GroupProfile {
  group: number;
  size: number;
  /** Of the participating customers. */
  share: number;
  /** Of the participants' revenue; null without revenue (or when it totals ≤ 0). */
  revenueShare: number | null;
  numeric: NumericProfile[];
  categorical: CategoricalProfile[];
  /** All attributes, largest effect first (ties: numeric before categorical, input order). */
  ranked: RankedAttribute[];
}

export interface ProfileResult {
  /** Customers in some group. */
  participants: number;
  groups: GroupProfile[];
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** numpy's median of a sorted run; NaN for an empty one. */
function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) {
    return Number.NaN;
  }
  const mid = n >>> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function profileNumeric(
  name: string,
  values: ArrayLike<number>,
  groupOf: Int32Array,
  groupCount: number,
): NumericProfile[] {
  // The participants' present values, bucketed by group (a counting sort), for medians.
  const counts = new Int32Array(groupCount);
  const sums = new Float64Array(groupCount);
  let present = 0;
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i]!;
    const v = values[i]!;
    if (g >= 0 && Number.isFinite(v)) {
      counts[g]!++;
      sums[g]! += v;
      present++;
    }
  }
  const starts = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) {
    starts[g + 1] = starts[g]! + counts[g]!;
  }
  const cursor = starts.slice(0, groupCount);
  const byGroup = new Float64Array(present);
  const all = new Float64Array(present);
  const allGroup = new Int32Array(present);
  let at = 0;
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i]!;
    const v = values[i]!;
    if (g >= 0 && Number.isFinite(v)) {
      byGroup[cursor[g]!++] = v;
      all[at] = v;
      allGroup[at] = g;
      at++;
    }
  }
  // Ranks once over all participants; every group-vs-rest test reuses them.
  const { ranks, tieTerm } = averageRanks(all);
  const rankSums = new Float64Array(groupCount);
  let total = 0;
  for (let i = 0; i < present; i++) {
    rankSums[allGroup[i]!]! += ranks[i]!;
    total += all[i]!;
  }
  const overallMean = present > 0 ? total / present : Number.NaN;
  const overallMedian = medianOfSorted(all.sort());
  const out: NumericProfile[] = [];
  for (let g = 0; g < groupCount; g++) {
    const n1 = counts[g]!;
    const run = byGroup.subarray(starts[g]!, starts[g + 1]!).sort();
    const mean = n1 > 0 ? sums[g]! / n1 : Number.NaN;
    const mw = mannWhitneyFromRanks(rankSums[g]!, n1, present - n1, tieTerm);
    out.push({
      name,
      count: n1,
      mean: finiteOrNull(mean),
      median: finiteOrNull(medianOfSorted(run)),
      overallMean: finiteOrNull(overallMean),
      overallMedian: finiteOrNull(overallMedian),
      ratio: overallMean > 0 && n1 > 0 ? mean / overallMean : null,
      test: Number.isNaN(mw.p) ? null : { U: mw.U, z: mw.z, p: mw.p },
      effect: Number.isNaN(mw.p) ? 0 : mw.effect,
    });
  }
  return out;
}

function profileCategorical(
  name: string,
  attribute: CategoricalAttribute,
  groupOf: Int32Array,
  groupCount: number,
): CategoricalProfile[] {
  const { codes, dict } = attribute;
  const v = dict.length;
  const counts = new Float64Array(groupCount * v);
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i]!;
    const c = codes[i]!;
    if (g >= 0 && c < v) {
      counts[g * v + c]!++;
    }
  }
  const overall = new Float64Array(v);
  const known = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    for (let c = 0; c < v; c++) {
      overall[c]! += counts[g * v + c]!;
      known[g]! += counts[g * v + c]!;
    }
  }
  const knownAll = known.reduce((s, x) => s + x, 0);
  const used: number[] = [];
  for (let c = 0; c < v; c++) {
    if (overall[c]! > 0) {
      used.push(c);
    }
  }
  const out: CategoricalProfile[] = [];
  for (let g = 0; g < groupCount; g++) {
    const inGroup = used.map((c) => counts[g * v + c]!);
    const inRest = used.map((c, i) => overall[c]! - inGroup[i]!);
    const knownG = known[g]!;
    const knownRest = knownAll - knownG;
    const values: ValueShare[] = used.map((c, i) => {
      const share = knownG > 0 ? inGroup[i]! / knownG : 0;
      const shareOverall = overall[c]! / knownAll;
      return {
        value: dict[c]!,
        count: inGroup[i]!,
        share,
        shareRest: knownRest > 0 ? inRest[i]! / knownRest : null,
        shareOverall,
        lift: lift(share, shareOverall),
      };
    });
    const table = [inGroup, inRest];
    out.push({
      name,
      count: knownG,
      values,
      test: chiSquareTest(table),
      effect: cramersV(table),
    });
  }
  return out;
}

/** Profiles every group against the rest of the participants. See the file comment. */
export function profileGroups(input: ProfileInput): ProfileResult {
  const { groups, groupCount } = input;
  const n = groups.length;
  const groupOf = new Int32Array(n);
  const sizes = new Array<number>(groupCount).fill(0);
  const revenueOf = new Array<number>(groupCount).fill(0);
  let participants = 0;
  let revenueTotal = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    const isMember = Number.isInteger(g) && g >= 0 && g < groupCount;
    groupOf[i] = isMember ? g : -1;
    if (isMember) {
      sizes[g]!++;
      participants++;
      const r = input.revenue ? input.revenue[i]! : 0;
      if (Number.isFinite(r)) {
        revenueOf[g]! += r;
        revenueTotal += r;
      }
    }
  }
  const hasRevenue = Boolean(input.revenue) && revenueTotal > 0;
  const numeric = Object.entries(input.numeric ?? {}).map(([name, values]) =>
    profileNumeric(name, values, groupOf, groupCount),
  );
  const categorical = Object.entries(input.categorical ?? {}).map(([name, attribute]) =>
    profileCategorical(name, attribute, groupOf, groupCount),
  );
  const result: GroupProfile[] = [];
  for (let g = 0; g < groupCount; g++) {
    const num = numeric.map((perGroup) => perGroup[g]!);
    const cat = categorical.map((perGroup) => perGroup[g]!);
    const ranked: RankedAttribute[] = [
      ...num.map((a) => ({
        name: a.name,
        kind: 'numeric' as const,
        effect: a.effect,
        p: a.test ? a.test.p : null,
      })),
      ...cat.map((a) => ({
        name: a.name,
        kind: 'categorical' as const,
        effect: a.effect,
        p: a.test.df > 0 ? a.test.p : null,
      })),
    ].sort((x, y) => y.effect - x.effect); // stable: ties keep input order
    result.push({
      group: g,
      size: sizes[g]!,
      share: participants > 0 ? sizes[g]! / participants : 0,
      revenueShare: hasRevenue ? revenueOf[g]! / revenueTotal : null,
      numeric: num,
      categorical: cat,
      ranked,
    });
  }
  return { participants, groups: result };
}

/** Phrase templates of one attribute: {value} (the values, joined by "/"), {ratio}, {name}. */
export interface PhraseTemplate {
  'zh-CN'?: string;
  en?: string;
}

export interface DescribeOptions {
  /** Per attribute name, e.g. { channel: { 'zh-CN': '{value} 下单', en: 'orders in the {value}' } }. */
  labels?: Readonly<Record<string, PhraseTemplate>>;
  /** Default MIN_DESCRIBED_GROUP. */
  minGroupSize?: number;
  /** Most differences named (default 3: "the top two or three"). */
  maxPhrases?: number;
}

const DEFAULT_NUMERIC: Required<PhraseTemplate> = {
  'zh-CN': '{name}为平均的 {ratio} 倍',
  en: '{name} {ratio}× the average',
};
const MOSTLY: Required<PhraseTemplate> = { 'zh-CN': '多为', en: 'mostly ' };

function fill(template: string, fields: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => fields[key] ?? whole);
}

/**
 * One line naming the top two or three (options.maxPhrases) differences of a group, in the order
 * of effect size:
 * for a categorical attribute its most common values (at most two, joined by "/") among
 * those with lift ≥ 1.2 held by at least 5 group members; for a numeric one the group mean
 * as a multiple of the average when that ratio is ≥ 1.2. Only attributes whose test has
 * p < 0.05 are named. Nothing is said ('') about a group of fewer than 5 customers, and no
 * value is named that fewer than 5 of its members have (aggregates only, DESIGN principle 7).
 * The first categorical phrase reads "多为 …" / "mostly …".
 *
 * e.g. zh "多为 25–34 岁，上海/杭州，App 下单，客单价为平均的 2.1 倍",
 *      en "Mostly 25–34, Shanghai/Hangzhou, orders in the App, basket 2.1× the average".
 */
export function describeGroup(
  profile: GroupProfile,
  lang: Lang,
  options: DescribeOptions = {},
): string {
  const minSize = options.minGroupSize ?? MIN_DESCRIBED_GROUP;
  if (profile.size < minSize) {
    return '';
  }
  const labels = options.labels ?? {};
  const maxPhrases = options.maxPhrases ?? 3;
  const phrases: string[] = [];
  // en: a line that starts with our own words ("mostly", a label's text) gets a capital;
  // one that starts with a value or an attribute name is left as the data spells it.
  let isCapitalizable = false;
  let hasMostly = false;
  for (const attr of profile.ranked) {
    if (phrases.length >= maxPhrases) {
      break;
    }
    if (attr.p === null || !(attr.p < MAX_DESCRIBED_P)) {
      continue;
    }
    const template = labels[attr.name]?.[lang];
    if (attr.kind === 'numeric') {
      const num = profile.numeric.find((a) => a.name === attr.name);
      if (!num || num.ratio === null || num.ratio < MIN_DESCRIBED_LIFT || num.count < minSize) {
        continue;
      }
      const text = template ?? DEFAULT_NUMERIC[lang];
      if (phrases.length === 0) {
        isCapitalizable = !text.startsWith('{');
      }
      phrases.push(fill(text, { name: attr.name, ratio: num.ratio.toFixed(1) }));
    } else {
      const cat = profile.categorical.find((a) => a.name === attr.name);
      const picked = (cat?.values ?? [])
        .filter((v) => v.value !== '' && v.lift >= MIN_DESCRIBED_LIFT && v.count >= minSize)
        .sort((x, y) => y.count - x.count || y.lift - x.lift)
        .slice(0, 2)
        .map((v) => v.value);
      if (picked.length === 0) {
        continue;
      }
      const text = template ?? '{value}';
      let phrase = fill(text, { name: attr.name, value: picked.join('/') });
      if (phrases.length === 0) {
        isCapitalizable = true; // it starts with "mostly"
      }
      if (!hasMostly) {
        hasMostly = true;
        // zh: no space before Chinese text ("多为女性"), one before Latin or digits ("多为 25–34 岁").
        const gap = lang === 'zh-CN' && /^[\p{Script=Latin}\p{Nd}]/u.test(phrase) ? ' ' : '';
        phrase = MOSTLY[lang] + gap + phrase;
      }
      phrases.push(phrase);
    }
  }
  const line = phrases.join(lang === 'zh-CN' ? '，' : ', ');
  return lang === 'en' && isCapitalizable ? line.charAt(0).toUpperCase() + line.slice(1) : line;
}
