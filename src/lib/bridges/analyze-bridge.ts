// The typed client of workers/analyze.worker.ts. Method names match the worker API 1:1.
import { proxy } from 'comlink';
import type { AnalyzeApi, AnalysisRun } from '../../../workers/api-types';
import type { AnalysisProgress, AnalysisSettings } from '../domain/analysis/analyze';
import type { SummaryV1 } from '../domain/summary/summary';
import type { Lang } from '../domain/types';
import { WorkerBridge } from './worker-bridge';

const bridge = new WorkerBridge<AnalyzeApi>(
  () =>
    new Worker(new URL('../../../workers/analyze.worker.ts', import.meta.url), {
      type: 'module',
      name: 'portrait-analyze',
    }),
  120_000,
);

export const analyzeBridge = {
  latest: (): Promise<AnalysisRun | null> => bridge.run((api) => api.latest()),
  run: (
    settings: AnalysisSettings,
    onProgress: (p: AnalysisProgress) => void,
    signal?: AbortSignal,
  ): Promise<AnalysisRun> => bridge.run((api) => api.run(settings, proxy(onProgress)), signal),
  summary: (lang: Lang): Promise<SummaryV1> => bridge.run((api) => api.summary(lang)),
};
