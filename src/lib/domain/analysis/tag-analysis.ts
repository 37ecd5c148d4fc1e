// Tags over one analysis: the field table, the built-in catalog merged with the user's
// changes, and every tag evaluated. Shared by the analysis worker and `npm run summarize`,
// so both report the same `tags[]` for the same data.
import type { Lang } from '../types';
import type { Bitset } from '../tags/bitset';
import { builtInTags, mergeTags, type StoredTag, type TagDef } from '../tags/catalog';
import { evaluateTags, tagContext, type TagContext, type TagStat } from '../tags/tag-set';
import { permitted } from './unify';
import type { CustomerResults } from './analyze';
import { tagFields } from './tag-fields';

export interface TagAnalysis {
  ctx: TagContext;
  defs: TagDef[];
  stats: TagStat[];
  bits: Map<string, Bitset>;
  /** Customers carrying at least one tag. */
  covered: number;
  /** Customers who may carry tags (profiling consent). */
  universe: number;
}

export function analyzeTags(
  customers: Pick<CustomerResults, 'table' | 'rfm' | 'lifecycleCodes' | 'clusterLabels'>,
  analysisDate: number | null,
  k: number,
  lang: Lang,
  stored: readonly StoredTag[] = [],
  /** Sensitive attributes allowed with a written purpose (rule fields only, no fact tags). */
  sensitiveAllowed: ReadonlySet<string> = new Set(),
): TagAnalysis {
  const { table } = customers;
  const fields = tagFields(
    { table, rfm: customers.rfm, lifecycleCodes: customers.lifecycleCodes, analysisDate },
    customers.clusterLabels,
    sensitiveAllowed,
  );
  const universe = permitted(table, 'profiling');
  const ctx = tagContext(
    fields,
    universe,
    {
      marketing: permitted(table, 'marketing'),
      profiling: universe,
      sharing: permitted(table, 'sharing'),
    },
    table.tracked,
  );
  const builtIns = builtInTags(
    { fields, universe, hasRfm: customers.rfm !== null, k, facts: fields.facts },
    lang,
  );
  const defs = mergeTags(builtIns, stored);
  const { stats, bits, covered } = evaluateTags(ctx, defs);
  let inUniverse = 0;
  for (let c = 0; c < universe.length; c++) {
    inUniverse += universe[c]!;
  }
  return { ctx, defs, stats, bits, covered, universe: inUniverse };
}
