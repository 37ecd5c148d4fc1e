// The Node side of the summary: files in, summary JSON out, through the same core the import
// worker uses (peek → plan → streamed columnar import). Nothing is stored; tokenized values
// are hashed under a throwaway key so no raw identifier is even held longer than needed.
import type { DateOrder, IncludableReason, Lang } from '../types';
import { ImportError, PEEK_BYTES, peekFile, runImport } from '../ingest/read';
import { proposePlan, type PlanOverrides } from '../ingest/plan';
import { createFastPseudonymizer } from '../privacy/pseudonymize';
import {
  buildSummary,
  type SummaryInput,
  type SummaryTag,
  type SummaryTransactions,
  type SummaryV1,
} from './summary';
import { analyze, type AnalysisResult, type CustomerResults } from '../analysis/analyze';
import { analyzeTags } from '../analysis/tag-analysis';
import { summaryTags } from '../tags/tag-set';
import { datasetFromChunks } from '../analysis/dataset-data';
import type { DatasetData } from '../analysis/unify';
import type { ChunkValues } from '../ingest/importer';

export interface SourceFile {
  name: string;
  size: number;
  head(bytes: number): Promise<Uint8Array>;
  stream(): AsyncIterable<Uint8Array>;
}

export interface SummarizeOptions {
  lang: Lang;
  map?: PlanOverrides['map'];
  dateOrder?: DateOrder;
  include?: IncludableReason[];
  analysisDate?: number;
  k?: number;
  features?: string[];
}

export async function summarizeFiles(
  files: readonly SourceFile[],
  opts: SummarizeOptions,
): Promise<SummaryV1> {
  const subKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const pseudonymizer = createFastPseudonymizer(subKey);
  const inputs: SummaryInput[] = [];
  const transactions: SummaryTransactions[] = [];
  const datasets: DatasetData[] = [];

  for (const file of files) {
    const head = await file.head(PEEK_BYTES);
    const peek = peekFile(head, file.name, { lang: opts.lang, isWhole: file.size <= PEEK_BYTES });
    const proposal = proposePlan(peek, file.name, opts.lang, {
      map: opts.map,
      dateOrder: opts.dateOrder,
      include: opts.include,
    });
    if (proposal.openDateColumns.length) {
      throw new ImportError('ambiguousDates', file.name, { column: proposal.openDateColumns[0]! });
    }
    if (proposal.missingRoles.includes('customerId')) {
      throw new ImportError('noCustomerColumn', file.name);
    }
    if (proposal.missingRoles.length) {
      throw new ImportError('missingRoles', file.name, { roles: proposal.missingRoles.join(', ') });
    }
    const chunks = new Map<number, ChunkValues[]>();
    const result = await runImport(file.stream(), file.name, proposal.plan, peek.bomLength, {
      totalBytes: file.size,
      pseudonymize: (values) => pseudonymizer.pidMany(values),
      onChunks: (done) => {
        for (const c of done) {
          let list = chunks.get(c.column);
          if (!list) {
            list = [];
            chunks.set(c.column, list);
          }
          list[c.index] = c.values;
        }
      },
    });
    datasets.push(
      datasetFromChunks({
        id: `${datasets.length}`,
        name: file.name,
        kind: proposal.plan.kind,
        rows: result.rows,
        outputs: result.outputs,
        include: proposal.plan.include,
        chunks,
        dictionaries: new Map(result.dictionaries.map((d) => [d.column, d.values()])),
      }),
    );
    inputs.push({
      name: file.name,
      encoding: peek.encoding,
      delimiter: peek.delimiter,
      rows: result.rows,
      columns: proposal.plan.columns.map((c) => ({
        name: c.name,
        type: c.type,
        role: c.role,
        pii: c.pii,
      })),
    });
    if (result.report.transactions) {
      transactions.push(result.report.transactions);
    }
  }
  subKey.fill(0);

  const { result, customers } = await analyze(datasets, {
    analysisDate: opts.analysisDate ?? null,
    k: opts.k ?? null,
    features: opts.features ?? null,
  });
  return buildSummary({
    inputs,
    transactions,
    analysisDateMs: result.analysisDate,
    customers: result.customers,
    rfm: result.rfm,
    clusters: result.clusters
      ? {
          k: result.clusters.k,
          kChosenBy: result.clusters.kChosenBy,
          silhouette: result.clusters.silhouette,
          features: result.clusters.features,
          sizes: result.clusters.sizes,
        }
      : null,
    lifecycle: result.lifecycle,
    consent: result.consent,
    tags: tagSummary(customers, result, opts.lang),
  });
}

function tagSummary(customers: CustomerResults, result: AnalysisResult, lang: Lang): SummaryTag[] {
  const t = analyzeTags(customers, result.analysisDate, result.clusters?.k ?? 0, lang);
  return summaryTags(t.defs, t.stats, lang);
}
