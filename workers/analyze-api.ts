// The analysis worker's API: reads the datasets from IndexedDB, runs the domain pipeline
// (unify → RFM → lifecycle → k-means), stores the results with their settings and the data
// version, and returns aggregates only. A plain object, so tests call it in-process.
import type { Lang } from '../src/lib/domain/types';
import {
  analyze,
  type AnalysisProgress,
  type AnalysisResult,
  type AnalysisSettings,
} from '../src/lib/domain/analysis/analyze';
import { runKsInTwoWorkers } from './kmeans-pool';
import { segmentsViewData, type SegmentsViewData } from '../src/lib/domain/analysis/views';
import { datasetFromChunks } from '../src/lib/domain/analysis/dataset-data';
import type { ColumnValues, DatasetData } from '../src/lib/domain/analysis/unify';
import { buildSummary, type SummaryV1 } from '../src/lib/domain/summary/summary';
import { db, type DatasetRecord, type PortraitDb } from '../src/lib/storage/db';
import { listDatasets, readColumn, readDictionary } from '../src/lib/storage/datasets-repo';
import { getSetting } from '../src/lib/storage/settings-repo';
import { appendAudit } from '../src/lib/storage/audit-repo';
import type { DatasetReport } from './import-api';

export interface AnalysisRun {
  createdAt: number;
  dataVersion: number;
  settings: AnalysisSettings;
  result: AnalysisResult;
  view: SegmentsViewData;
  isStale: boolean;
}

async function loadDataset(database: PortraitDb, ds: DatasetRecord): Promise<DatasetData> {
  const report = ds.report as DatasetReport;
  const chunks = new Map<number, ColumnValues[]>();
  const dictionaries = new Map<number, readonly string[]>();
  for (const out of report.outputs) {
    const parts = await readColumn(database, ds.id, out.index);
    chunks.set(
      out.index,
      parts.map((p) => p.values),
    );
    if (out.storage === 'dict') {
      dictionaries.set(out.index, await readDictionary(database, ds.id, out.index));
    }
  }
  return datasetFromChunks({
    id: ds.id,
    name: ds.name,
    kind: ds.kind,
    rows: ds.rows,
    outputs: report.outputs,
    include: report.plan.include,
    chunks,
    dictionaries,
  });
}

async function dataVersion(database: PortraitDb): Promise<number> {
  return (await getSetting<number>(database, 'dataVersion')) ?? 0;
}

export function createAnalyzeApi(database: () => PortraitDb = db) {
  const api = {
    /** The stored run, marked stale when the data changed since; null when none. */
    async latest(): Promise<AnalysisRun | null> {
      const d = database();
      const run = await d.analysisRuns.get('latest');
      if (!run) {
        return null;
      }
      return {
        createdAt: run.createdAt,
        dataVersion: run.dataVersion,
        settings: run.settings as AnalysisSettings,
        result: run.result as AnalysisResult,
        view: run.view as SegmentsViewData,
        isStale: run.dataVersion !== (await dataVersion(d)),
      };
    },

    /** Runs the analysis over every dataset and stores it. */
    async run(
      settings: AnalysisSettings,
      onProgress?: (p: AnalysisProgress) => void,
    ): Promise<AnalysisRun> {
      const d = database();
      const version = await dataVersion(d);
      const datasets = await listDatasets(d);
      const data = [];
      for (const ds of datasets) {
        data.push(await loadDataset(d, ds));
      }
      const { result, customers } = await analyze(data, settings, onProgress, runKsInTwoWorkers);
      const view = segmentsViewData(customers, result.clusters?.k ?? 0);
      const createdAt = Date.now();
      await d.analysisRuns.put({
        id: 'latest',
        createdAt,
        dataVersion: version,
        settings,
        result,
        view,
        perCustomer: {
          segment: customers.rfm?.segments.codes ?? null,
          lifecycle: customers.lifecycleCodes,
          cluster: customers.clusterLabels,
          participants: customers.participants,
        },
      });
      await appendAudit(d, 'analysis', {
        customers: result.customers,
        profiled: result.profiled,
        leftOutNoConsent: result.leftOut,
        k: result.clusters?.k ?? null,
      });
      return { createdAt, dataVersion: version, settings, result, view, isStale: false };
    },

    /** The summary JSON of the current data (runs the analysis when the stored one is stale). */
    async summary(_lang: Lang = 'zh-CN'): Promise<SummaryV1> {
      const d = database();
      let run = await api.latest();
      if (!run || run.isStale) {
        run = await api.run(run?.settings ?? {});
      }
      const datasets = await listDatasets(d);
      const reports = datasets.map((ds) => ds.report as DatasetReport);
      const r = run.result;
      const summary = buildSummary({
        inputs: reports.map((rep) => rep.input),
        transactions: reports.flatMap((rep) =>
          rep.quality.transactions ? [rep.quality.transactions] : [],
        ),
        analysisDateMs: r.analysisDate,
        customers: r.customers,
        rfm: r.rfm,
        clusters: r.clusters
          ? {
              k: r.clusters.k,
              kChosenBy: r.clusters.kChosenBy,
              silhouette: r.clusters.silhouette,
              features: r.clusters.features,
              sizes: r.clusters.sizes,
            }
          : null,
        lifecycle: r.lifecycle,
        consent: r.consent,
      });
      await appendAudit(d, 'export', { what: 'summaryJson', datasets: datasets.length });
      return summary;
    },
  };
  return api;
}

export const analyzeApi = createAnalyzeApi();
export type AnalyzeApi = typeof analyzeApi;
