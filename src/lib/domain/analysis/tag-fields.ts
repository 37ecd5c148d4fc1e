// The customer fields that tag rules read: R, F, M and their scores, basket, tenure, the
// segment, lifecycle stage and cluster of each customer, and every attribute of the unified
// table. Built once per analysis in the worker; the rules compile against typed arrays.
import { SEGMENT_NAMES } from '../summary/summary';
import { SEGMENT_INFO, NOT_PARTICIPATING } from '../rfm/rfm';
import { LIFECYCLE_INFO, LIFECYCLE_STAGES } from '../lifecycle/lifecycle';
import { classifySensitive } from '../privacy/detect';
import { mayUseAttribute } from '../privacy/sensitive-use';
import { DAY_MS } from '../summary/summary';
import type { FieldTable, TagField } from '../tags/fields';
import type { FactSource } from '../tags/catalog';
import type { Prepared } from './analyze';

export const BUILT_IN_FIELDS = [
  'R',
  'F',
  'M',
  'R_score',
  'F_score',
  'M_score',
  'basket',
  'tenure',
  'segment',
  'lifecycle',
  'cluster',
] as const;

export interface TagFieldTable extends FieldTable {
  /** Categorical attributes that may yield fact tags. */
  facts: FactSource[];
}

function scoreField(name: string, scores: Uint8Array): TagField {
  const values = new Float64Array(scores.length);
  for (let c = 0; c < scores.length; c++) {
    values[c] = scores[c] === 0 ? NaN : scores[c]!;
  }
  return { name, kind: 'number', values };
}

/**
 * The fields of tag rules. A sensitive attribute (民族, 收入…) is a field only when `allowed`
 * names it (a grant with a written purpose), and even then yields no built-in fact tags: it is
 * used only by a rule the user writes.
 */
export function tagFields(
  prepared: Pick<Prepared, 'table' | 'rfm' | 'lifecycleCodes' | 'analysisDate'>,
  clusterLabels: Int32Array | null,
  allowed: ReadonlySet<string> = new Set(),
): TagFieldTable {
  const { table, rfm, lifecycleCodes } = prepared;
  const n = table.n;
  const fields: TagField[] = [];
  if (rfm) {
    const v = rfm.values;
    const R = new Float64Array(n);
    const F = new Float64Array(n);
    const M = new Float64Array(n);
    const basket = new Float64Array(n);
    const tenure = new Float64Array(n);
    const d = prepared.analysisDate ?? 0;
    for (let c = 0; c < n; c++) {
      const has = v.hasTx[c] === 1;
      R[c] = has ? v.R[c]! : NaN;
      F[c] = has ? v.F[c]! : NaN;
      M[c] = has ? v.M[c]! : NaN;
      basket[c] = has && v.F[c]! > 0 ? v.M[c]! / v.F[c]! : NaN;
      tenure[c] = has ? Math.floor((d - v.first[c]!) / DAY_MS) : NaN;
    }
    fields.push(
      { name: 'R', kind: 'number', values: R },
      { name: 'F', kind: 'number', values: F },
      { name: 'M', kind: 'number', values: M },
      scoreField('R_score', rfm.scores.rScore),
      scoreField('F_score', rfm.scores.fScore),
      scoreField('M_score', rfm.scores.mScore),
      { name: 'basket', kind: 'number', values: basket },
      { name: 'tenure', kind: 'number', values: tenure },
    );
    const segCodes = new Uint32Array(n);
    const segs = rfm.segments.codes;
    for (let c = 0; c < n; c++) {
      segCodes[c] = segs[c] === NOT_PARTICIPATING ? 0 : segs[c]! + 1;
    }
    const segAliases: Record<string, string> = {};
    for (const s of SEGMENT_NAMES) {
      segAliases[SEGMENT_INFO[s].en] = s;
    }
    fields.push({
      name: 'segment',
      kind: 'category',
      codes: segCodes,
      values: ['', ...SEGMENT_NAMES],
      aliases: segAliases,
    });
  }
  if (lifecycleCodes) {
    const codes = new Uint32Array(n);
    for (let c = 0; c < n; c++) {
      const s = lifecycleCodes[c]!;
      codes[c] = s < LIFECYCLE_STAGES.length ? s + 1 : 0;
    }
    const aliases: Record<string, string> = {};
    for (const s of LIFECYCLE_STAGES) {
      aliases[LIFECYCLE_INFO[s].zh] = s;
      aliases[LIFECYCLE_INFO[s].en] = s;
    }
    fields.push({
      name: 'lifecycle',
      kind: 'category',
      codes,
      values: ['', ...LIFECYCLE_STAGES],
      aliases,
    });
  }
  if (clusterLabels) {
    const values = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      values[c] = clusterLabels[c]! < 0 ? NaN : clusterLabels[c]! + 1;
    }
    fields.push({ name: 'cluster', kind: 'number', values });
  }

  // Attributes by their column names; a name that clashes with a field above is skipped
  // (rules would be ambiguous), and so are sensitive attributes (民族, 健康…) not allowed.
  const taken = new Set(BUILT_IN_FIELDS.map((f) => f.toLowerCase()));
  const facts: FactSource[] = [];
  for (const a of table.categorical) {
    const key = a.name.toLowerCase();
    if (taken.has(key) || !mayUseAttribute(a.name, allowed)) {
      continue;
    }
    taken.add(key);
    fields.push({ name: a.name, kind: 'category', codes: a.codes, values: a.values });
    if (!classifySensitive(a.name)) {
      facts.push({ name: a.name, source: a.source });
    }
  }
  for (const a of table.numeric) {
    const key = a.name.toLowerCase();
    if (taken.has(key) || !mayUseAttribute(a.name, allowed)) {
      continue;
    }
    taken.add(key);
    fields.push({ name: a.name, kind: 'number', values: a.values });
  }
  return { n, fields, facts };
}
