// The typed client of workers/analyze.worker.ts. Method names match the worker API 1:1.
import { proxy } from 'comlink';
import type {
  AnalyzeApi,
  AnalysisRun,
  CustomerCard,
  ListExport,
  ListTarget,
  PersonQuery,
  RuleCheck,
  SaveTagResult,
  TagInput,
  TagsOverview,
} from '../../../workers/api-types';
import type { ConsentPurpose } from '../domain/types';
import type { GroupProfileView, GroupStat } from '../domain/analysis/views';
import type { GroupFacts, GroupRef } from '../domain/personas/facts';
import type { TagCategory } from '../domain/tags/catalog';
import type { ReportPurpose } from '../domain/report/report-model';
import type { AnalysisProgress, AnalysisSettings } from '../domain/analysis/analyze';
import type { SummaryV1 } from '../domain/summary/summary';
import type { Lang } from '../domain/types';
import type { SensitiveGrant, SensitiveUseResult } from '../domain/privacy/sensitive-use';
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
  tagsOverview: (lang: Lang): Promise<TagsOverview | null> =>
    bridge.run((api) => api.tagsOverview(lang)),
  tagOverlap: (lang: Lang, ids: string[]): Promise<number[][]> =>
    bridge.run((api) => api.tagOverlap(lang, ids)),
  checkTagRule: (lang: Lang, rule: string): Promise<RuleCheck> =>
    bridge.run((api) => api.checkTagRule(lang, rule)),
  saveTag: (lang: Lang, input: TagInput): Promise<SaveTagResult> =>
    // Comlink's Remote type distributes over the union; the value is the same.
    bridge.run((api) => api.saveTag(lang, input) as Promise<SaveTagResult>),
  deleteTag: (id: string): Promise<void> => bridge.run((api) => api.deleteTag(id)),
  resetBuiltInTags: (): Promise<void> => bridge.run((api) => api.resetBuiltInTags()),
  saveSegment: (input: {
    id?: string;
    name: string;
    all: string[];
    any: string[];
    none: string[];
  }): Promise<string> => bridge.run((api) => api.saveSegment(input)),
  deleteSegment: (id: string): Promise<void> => bridge.run((api) => api.deleteSegment(id)),
  groupProfile: (
    lang: Lang,
    target: ListTarget,
  ): Promise<{ stat: GroupStat; profile: GroupProfileView } | null> =>
    bridge.run((api) => api.groupProfile(lang, target)),
  exportList: (lang: Lang, target: ListTarget, purpose: ConsentPurpose): Promise<ListExport> =>
    bridge.run((api) => api.exportList(lang, target, purpose)),
  lookupCustomer: (lang: Lang, q: PersonQuery): Promise<CustomerCard | null> =>
    bridge.run((api) => api.lookupCustomer(lang, q)),
  personaGroups: (lang: Lang): Promise<{ ref: GroupRef; label: string; size: number }[]> =>
    bridge.run((api) => api.personaGroups(lang)),
  personaFacts: (lang: Lang, refs: GroupRef[]): Promise<(GroupFacts | null)[]> =>
    bridge.run((api) => api.personaFacts(lang, refs)),
  groupTags: (
    lang: Lang,
    ref: GroupRef,
  ): Promise<{ category: TagCategory; name: string; share: number }[]> =>
    bridge.run((api) => api.groupTags(lang, ref)),
  exportReport: (
    lang: Lang,
    opts: { purpose: ReportPurpose; format: 'html' | 'csv'; timeZone?: string },
  ): Promise<{ text: string; fileName: string; personasLeftOut: number; minGroup: number }> =>
    bridge.run((api) => api.exportReport(lang, opts)),
  grantSensitiveUse: (input: {
    attribute: string;
    purpose: string;
  }): Promise<SensitiveUseResult<SensitiveGrant>> =>
    // Comlink's Remote type distributes over the union; the value is the same.
    bridge.run(
      (api) => api.grantSensitiveUse(input) as Promise<SensitiveUseResult<SensitiveGrant>>,
    ),
  revokeSensitiveUse: (attribute: string): Promise<SensitiveGrant | null> =>
    bridge.run((api) => api.revokeSensitiveUse(attribute)),
};
