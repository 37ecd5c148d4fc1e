// The analysis worker's API: reads the datasets from IndexedDB, runs the domain pipeline
// (unify → RFM → lifecycle → k-means), stores the results with their settings and the data
// version, and returns aggregates only. A plain object, so tests call it in-process.
import type { Lang } from '../src/lib/domain/types';
import {
  analyze,
  withSensitiveAllowed,
  type AnalysisProgress,
  type AnalysisResult,
  type AnalysisSettings,
} from '../src/lib/domain/analysis/analyze';
import { runKsInTwoWorkers } from './kmeans-pool';
import { segmentsViewData, type SegmentsViewData } from '../src/lib/domain/analysis/views';
import { buildSummary, type SummaryV1 } from '../src/lib/domain/summary/summary';
import { db, type PortraitDb } from '../src/lib/storage/db';
import { listDatasets } from '../src/lib/storage/datasets-repo';
import { getSetting } from '../src/lib/storage/settings-repo';
import { appendAudit } from '../src/lib/storage/audit-repo';
import type { DatasetReport } from './import-api';
import { loadAllDatasets } from './load-datasets';
import { buildReportModel, type ReportPurpose } from '../src/lib/domain/report/report-model';
import { renderHtmlReport, reportTablesCsv } from '../src/lib/domain/report/html';
import { DEFAULT_MIN_GROUP } from '../src/lib/domain/report/guard';
import type { PersonaCard } from '../src/lib/domain/personas/persona';
import { createTagsApi, rememberAnalysis } from './tags-api';
import {
  allowedNames,
  detectSensitiveAttributes,
  sameAllowed,
  validateGrant,
  type SensitiveGrant,
  type SensitiveUseResult,
} from '../src/lib/domain/privacy/sensitive-use';
import {
  deleteSensitiveGrant,
  putSensitiveGrant,
  readSensitiveGrants,
} from '../src/lib/storage/sensitive-use-repo';

export interface AnalysisRun {
  createdAt: number;
  dataVersion: number;
  settings: AnalysisSettings;
  result: AnalysisResult;
  view: SegmentsViewData;
  isStale: boolean;
}

async function dataVersion(database: PortraitDb): Promise<number> {
  return (await getSetting<number>(database, 'dataVersion')) ?? 0;
}

export function createAnalyzeApi(database: () => PortraitDb = db) {
  const tagsApi = createTagsApi(database);
  const api = {
    ...tagsApi,
    /** The stored run, marked stale when the data changed since; null when none. */
    async latest(): Promise<AnalysisRun | null> {
      const d = database();
      const run = await d.analysisRuns.get('latest');
      if (!run) {
        return null;
      }
      const settings = run.settings as AnalysisSettings;
      // A grant or revoke of a sensitive attribute since the run makes it stale too.
      const allowed = allowedNames(await readSensitiveGrants(d));
      return {
        createdAt: run.createdAt,
        dataVersion: run.dataVersion,
        settings,
        result: run.result as AnalysisResult,
        view: run.view as SegmentsViewData,
        isStale:
          run.dataVersion !== (await dataVersion(d)) ||
          !sameAllowed(settings.sensitiveAllowed ?? [], allowed),
      };
    },

    /**
     * Runs the analysis over every dataset and stores it. The sensitive attributes it may use
     * are those of the stored grants, whatever `settings` says.
     */
    async run(
      requested: AnalysisSettings,
      onProgress?: (p: AnalysisProgress) => void,
    ): Promise<AnalysisRun> {
      const d = database();
      const version = await dataVersion(d);
      const settings = withSensitiveAllowed(requested, allowedNames(await readSensitiveGrants(d)));
      const data = await loadAllDatasets(d);
      const { result, customers } = await analyze(data, settings, onProgress, runKsInTwoWorkers);
      const view = segmentsViewData(
        customers,
        result.clusters?.k ?? 0,
        new Set(settings.sensitiveAllowed ?? []),
      );
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
      rememberAnalysis(createdAt, customers, result);
      await appendAudit(d, 'analysis', {
        customers: result.customers,
        profiled: result.profiled,
        leftOutNoConsent: result.leftOut,
        k: result.clusters?.k ?? null,
      });
      return { createdAt, dataVersion: version, settings, result, view, isStale: false };
    },

    /**
     * The shareable report (self-contained HTML or aggregate CSV): aggregates only, groups
     * under k merged or suppressed, the purpose declared on it and written to the audit log.
     */
    async exportReport(
      lang: Lang,
      opts: { purpose: ReportPurpose; format: 'html' | 'csv'; timeZone?: string },
    ): Promise<{ text: string; fileName: string; personasLeftOut: number; minGroup: number }> {
      const d = database();
      let run = await api.latest();
      if (!run || run.isStale) {
        run = await api.run(run?.settings ?? {});
      }
      const minGroup = (await getSetting<number>(d, 'minGroup')) ?? DEFAULT_MIN_GROUP;
      const datasets = await listDatasets(d);
      const personas = (await d.personas.toArray())
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((p) => p.card as PersonaCard);
      const generatedAt = new Date().toISOString();
      const grants = await readSensitiveGrants(d);
      const { model, personasLeftOut } = buildReportModel({
        lang,
        generatedAt,
        timeZone: opts.timeZone,
        purpose: opts.purpose,
        minGroup,
        result: run.result,
        view: run.view,
        quality: datasets.map((ds) => {
          const rep = ds.report as DatasetReport;
          const tx = rep.quality.transactions;
          return {
            name: ds.name,
            rows: rep.quality.rows,
            kept: tx ? tx.kept : rep.quality.rows,
            excluded: tx ? tx.excluded : null,
          };
        }),
        personas,
        sensitiveUse: grants,
      });
      await appendAudit(d, 'export', {
        what: opts.format === 'html' ? 'htmlReport' : 'reportCsv',
        purpose: opts.purpose,
        minGroup,
        personas: model.personas.length,
        personasLeftOut,
        sensitiveAttributes: grants.length ? allowedNames(grants).join(', ') : null,
      });
      const stamp = generatedAt.slice(0, 10);
      return opts.format === 'html'
        ? {
            text: renderHtmlReport(model),
            fileName: `portrait-report-${stamp}.html`,
            personasLeftOut,
            minGroup,
          }
        : {
            text: reportTablesCsv(model),
            fileName: `portrait-report-${stamp}.csv`,
            personasLeftOut,
            minGroup,
          };
    },

    /** The summary JSON of the current data (runs the analysis when the stored one is stale). */
    async summary(lang: Lang = 'zh-CN'): Promise<SummaryV1> {
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
        tags: await tagsApi.summaryTags(lang),
        sensitiveUse: await readSensitiveGrants(d),
      });
      await appendAudit(d, 'export', { what: 'summaryJson', datasets: datasets.length });
      return summary;
    },

    /**
     * Allows a sensitive attribute of the workspace for a written purpose (validated; logged
     * with the purpose). The next analysis may use it: the stored one turns stale.
     */
    async grantSensitiveUse(input: {
      attribute: string;
      purpose: string;
    }): Promise<SensitiveUseResult<SensitiveGrant>> {
      const d = database();
      const checked = validateGrant(
        input,
        new Date(),
        detectSensitiveAttributes(await listDatasets(d)),
      );
      if (checked.ok) {
        await putSensitiveGrant(d, checked.value);
      }
      return checked;
    },

    /** Withdraws a grant (logged with the purpose it had); the attribute is left out again. */
    async revokeSensitiveUse(attribute: string): Promise<SensitiveGrant | null> {
      return deleteSensitiveGrant(database(), attribute);
    },
  };
  return api;
}

export const analyzeApi = createAnalyzeApi();
export type AnalyzeApi = typeof analyzeApi;
