// The summary JSON (v1): the machine-readable result, aggregates only (DESIGN.md). The browser
// ("Export summary (JSON)") and `npm run summarize` both build it here from the same pieces,
// so for the same files and options they print identical JSON.
import type {
  ColumnRole,
  ColumnType,
  ConsentPurpose,
  Delimiter,
  EncodingName,
  ExclusionReason,
  PiiKind,
  SensitiveCategory,
} from '../types';
import { EXCLUSION_REASONS } from '../types';

export const SUMMARY_SCHEMA = 'portrait.summary/1';

export const SEGMENT_NAMES = [
  '重要价值',
  '重要发展',
  '重要保持',
  '重要挽留',
  '一般价值',
  '一般发展',
  '一般保持',
  '一般挽留',
] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

export interface SummaryColumn {
  name: string;
  type: ColumnType;
  role: ColumnRole | null;
  pii: PiiKind | null;
}

export interface SummaryInput {
  name: string;
  encoding: EncodingName;
  delimiter: Delimiter;
  rows: number;
  columns: SummaryColumn[];
}

export interface SummaryTransactions {
  rows: number;
  kept: number;
  excluded: Record<ExclusionReason, number>;
}

export interface SummaryRfm {
  mean: { R: number; F: number; M: number };
  cutPoints: { R: number[]; F: number[]; M: number[] };
  segments: Record<SegmentName, number>;
}

export interface SummaryClusters {
  k: number;
  kChosenBy: 'silhouette' | 'user';
  silhouette: number;
  features: string[];
  sizes: number[];
}

export interface SummaryLifecycle {
  new: number;
  growing: number;
  mature: number;
  dormant: number;
  churned: number;
}

export interface ConsentCountsV1 {
  granted: number;
  denied: number;
  missing: number;
}

export interface SummaryTag {
  name: string;
  kind: 'fact' | 'rule' | 'model';
  category: string;
  customers: number;
  eligible: Record<ConsentPurpose, number>;
}

/** A sensitive attribute the analysis was allowed to use, and the purpose written for it. */
export interface SummarySensitiveUse {
  attribute: string;
  category: SensitiveCategory;
  purpose: string;
  /** ISO timestamp (UTC). */
  grantedAt: string;
}

export interface SummaryV1 {
  schema: typeof SUMMARY_SCHEMA;
  inputs: SummaryInput[];
  transactions: SummaryTransactions | null;
  analysisDate: string | null;
  customers: number;
  rfm: SummaryRfm | null;
  clusters: SummaryClusters | null;
  lifecycle: SummaryLifecycle | null;
  consent: Record<ConsentPurpose, ConsentCountsV1 | null>;
  tags: SummaryTag[];
  /**
   * Added field (DESIGN.md: "more may be added"): the sensitive attributes allowed with a
   * written purpose. Present only when at least one is, so a summary without grants (and
   * every `summarize` output, which has none) is exactly as before.
   */
  sensitiveUse?: SummarySensitiveUse[];
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Adds up the transactions of several inputs (counts per reason, zeros included). */
export function sumTransactions(parts: readonly SummaryTransactions[]): SummaryTransactions | null {
  if (parts.length === 0) {
    return null;
  }
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<
    ExclusionReason,
    number
  >;
  let rows = 0;
  let kept = 0;
  for (const p of parts) {
    rows += p.rows;
    kept += p.kept;
    for (const r of EXCLUSION_REASONS) {
      excluded[r] += p.excluded[r];
    }
  }
  return { rows, kept, excluded };
}

export interface SummaryParts {
  inputs: SummaryInput[];
  transactions: SummaryTransactions[];
  analysisDateMs: number | null;
  customers: number;
  rfm?: SummaryRfm | null;
  clusters?: SummaryClusters | null;
  lifecycle?: SummaryLifecycle | null;
  consent?: Record<ConsentPurpose, ConsentCountsV1 | null>;
  tags?: SummaryTag[];
  sensitiveUse?: readonly SummarySensitiveUse[];
}

/** Builds the summary with a fixed key order, so JSON.stringify output is stable. */
export function buildSummary(parts: SummaryParts): SummaryV1 {
  return {
    schema: SUMMARY_SCHEMA,
    inputs: parts.inputs.map((i) => ({
      name: i.name,
      encoding: i.encoding,
      delimiter: i.delimiter,
      rows: i.rows,
      columns: i.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, pii: c.pii })),
    })),
    transactions: sumTransactions(parts.transactions),
    analysisDate:
      parts.analysisDateMs === null ? null : new Date(parts.analysisDateMs).toISOString(),
    customers: parts.customers,
    rfm: parts.rfm ?? null,
    clusters: parts.clusters ?? null,
    lifecycle: parts.lifecycle ?? null,
    consent: parts.consent ?? { marketing: null, profiling: null, sharing: null },
    tags: parts.tags ?? [],
    ...(parts.sensitiveUse?.length
      ? {
          sensitiveUse: parts.sensitiveUse.map((g) => ({
            attribute: g.attribute,
            category: g.category,
            purpose: g.purpose,
            grantedAt: g.grantedAt,
          })),
        }
      : {}),
  };
}

export function summaryToJson(summary: SummaryV1): string {
  return JSON.stringify(summary, null, 2) + '\n';
}
