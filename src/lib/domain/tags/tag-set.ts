// Tags evaluated over the customers: one bitset per tag, restricted to the customers who may
// be profiled (DESIGN.md "Consent": profiling consent gates tags), with the eligible count per
// purpose (those of its customers who consented to that purpose).
import type { ConsentPurpose, Lang } from '../types';
import type { SummaryTag } from '../summary/summary';
import { and, andCount, andNot, bitsetFromMask, count, or, type Bitset } from './bitset';
import type { FieldTable } from './fields';
import { parseRule, type RuleError } from './rule';
import { evaluateRule } from './evaluate';
import { categoryLabel, type TagDef } from './catalog';

export const PURPOSES: readonly ConsentPurpose[] = ['marketing', 'profiling', 'sharing'];

export interface TagStat {
  id: string;
  customers: number;
  eligible: Record<ConsentPurpose, number>;
  /** The rule does not parse or names an unknown field: the tag holds nobody. */
  error: RuleError | null;
}

export interface TagContext {
  fields: FieldTable;
  /** Customers who may carry tags (profiling consent, or profiling not tracked). */
  universe: Bitset;
  /** Per purpose: customers who may be used for it (granted, or the purpose is untracked). */
  permitted: Record<ConsentPurpose, Bitset>;
  tracked: Record<ConsentPurpose, boolean>;
}

export function tagContext(
  fields: FieldTable,
  universe: Uint8Array,
  permitted: Record<ConsentPurpose, Uint8Array>,
  tracked: Record<ConsentPurpose, boolean>,
): TagContext {
  return {
    fields,
    universe: bitsetFromMask(universe),
    permitted: {
      marketing: bitsetFromMask(permitted.marketing),
      profiling: bitsetFromMask(permitted.profiling),
      sharing: bitsetFromMask(permitted.sharing),
    },
    tracked,
  };
}

/** Evaluates one rule text into the tag's bitset (within the universe), or its error. */
export function evaluateTagRule(
  ctx: TagContext,
  rule: string,
): { bits: Bitset; error: null } | { bits: null; error: RuleError } {
  const parsed = parseRule(rule);
  if (!parsed.ok) {
    return { bits: null, error: parsed.error };
  }
  try {
    return { bits: and(evaluateRule(parsed.ast, ctx.fields), ctx.universe), error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      bits: null,
      error: {
        code: 'evaluate',
        at: 0,
        length: rule.length,
        message: { zh: message, en: message },
      },
    };
  }
}

export function eligibleCounts(ctx: TagContext, bits: Bitset): Record<ConsentPurpose, number> {
  return {
    marketing: andCount(bits, ctx.permitted.marketing),
    profiling: andCount(bits, ctx.permitted.profiling),
    sharing: andCount(bits, ctx.permitted.sharing),
  };
}

/** Evaluates every tag; bitsets are returned for later combinations (lists, overlaps). */
export function evaluateTags(
  ctx: TagContext,
  defs: readonly TagDef[],
): { stats: TagStat[]; bits: Map<string, Bitset>; covered: number } {
  const bits = new Map<string, Bitset>();
  const stats: TagStat[] = [];
  let union: Bitset | null = null;
  for (const def of defs) {
    const r = evaluateTagRule(ctx, def.rule);
    if (r.error) {
      stats.push({
        id: def.id,
        customers: 0,
        eligible: { marketing: 0, profiling: 0, sharing: 0 },
        error: r.error,
      });
      continue;
    }
    bits.set(def.id, r.bits);
    union = union ? or(union, r.bits) : r.bits;
    stats.push({
      id: def.id,
      customers: count(r.bits),
      eligible: eligibleCounts(ctx, r.bits),
      error: null,
    });
  }
  return { stats, bits, covered: union ? count(union) : 0 };
}

/** The summary's `tags[]` (DESIGN.md): name, kind, category, customers, eligible per purpose. */
export function summaryTags(
  defs: readonly TagDef[],
  stats: readonly TagStat[],
  lang: Lang,
): SummaryTag[] {
  const byId = new Map(stats.map((s) => [s.id, s]));
  return defs.map((d) => {
    const s = byId.get(d.id);
    return {
      name: d.name,
      kind: d.kind,
      category: categoryLabel(d.category, lang),
      customers: s?.customers ?? 0,
      eligible: {
        marketing: s?.eligible.marketing ?? 0,
        profiling: s?.eligible.profiling ?? 0,
        sharing: s?.eligible.sharing ?? 0,
      },
    };
  });
}

/** Pairwise overlap counts of the given tags (symmetric; the diagonal holds each size). */
export function overlapMatrix(bits: readonly Bitset[]): number[][] {
  const n = bits.length;
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    out[i]![i] = count(bits[i]!);
    for (let j = i + 1; j < n; j++) {
      const c = andCount(bits[i]!, bits[j]!);
      out[i]![j] = c;
      out[j]![i] = c;
    }
  }
  return out;
}

/** A saved segment: customers with every tag of `all`, at least one of `any` (when given)
 *  and none of `none`. */
export interface TagCombination {
  all: readonly string[];
  any: readonly string[];
  none: readonly string[];
}

/** The combination's bitset; null when it names a tag that no longer exists. */
export function combineTags(
  ctx: TagContext,
  bits: ReadonlyMap<string, Bitset>,
  combo: TagCombination,
): { bits: Bitset; missing: string[] } {
  const missing = [...combo.all, ...combo.any, ...combo.none].filter((id) => !bits.has(id));
  let out: Bitset = ctx.universe.slice();
  for (const id of combo.all) {
    out = and(out, bits.get(id) ?? new Uint32Array(out.length));
  }
  if (combo.any.length) {
    let anyBits: Bitset = new Uint32Array(out.length);
    for (const id of combo.any) {
      const b = bits.get(id);
      if (b) {
        anyBits = or(anyBits, b);
      }
    }
    out = and(out, anyBits);
  }
  for (const id of combo.none) {
    const b = bits.get(id);
    if (b) {
      out = andNot(out, b);
    }
  }
  return { bits: out, missing };
}
