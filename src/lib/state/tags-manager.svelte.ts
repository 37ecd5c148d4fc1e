// The Tags page's state: the tag tree with counts per purpose, rule edits, saved segments,
// consent-filtered lists and the one-customer lookup. Everything is computed in the analysis
// worker; this holds the small results.
import { analyzeBridge } from '../bridges/analyze-bridge';
import type {
  CustomerCard,
  ListTarget,
  PersonQuery,
  RuleCheck,
  TagInput,
  TagsOverview,
} from '../../../workers/api-types';
import type { ConsentPurpose } from '../domain/types';
import type { GroupProfileView, GroupStat } from '../domain/analysis/views';
import type { RuleError } from '../domain/tags/rule';
import { describeGrant } from '../domain/privacy/sensitive-use';
import { jobs } from './jobs-manager.svelte';
import { i18n } from './i18n-manager.svelte';
import { saveText } from './datasets-manager.svelte';

class TagsManager {
  overview = $state.raw<TagsOverview | null>(null);
  purpose = $state<ConsentPurpose>('marketing');
  isLoading = $state(false);
  overlapIds = $state.raw<string[]>([]);
  overlap = $state.raw<number[][] | null>(null);
  profile = $state.raw<{ title: string; stat: GroupStat; profile: GroupProfileView } | null>(null);
  listMessage = $state<string | null>(null);
  lookup = $state.raw<CustomerCard | null | 'notFound'>(null);
  private loadedFor = '';

  /** Loads the tags of the latest analysis (again when it or the language changed). */
  load = async (analysisCreatedAt: number | null, force = false) => {
    const key = `${analysisCreatedAt}|${i18n.lang}`;
    if (!force && key === this.loadedFor) {
      return;
    }
    this.loadedFor = key;
    this.isLoading = true;
    try {
      this.overview = await analyzeBridge.tagsOverview(i18n.lang);
      const ids = new Set(this.overview?.tags.map((t) => t.id) ?? []);
      const kept = this.overlapIds.filter((id) => ids.has(id));
      this.overlapIds = kept.length ? kept : this.defaultOverlap();
      await this.loadOverlap();
    } finally {
      this.isLoading = false;
    }
  };

  private defaultOverlap(): string[] {
    const tags = this.overview?.tags ?? [];
    const pick = tags.filter((t) => t.kind === 'rule' && !t.error);
    const segs = tags.filter((t) => t.id.startsWith('seg:')).slice(0, 4);
    return [...pick, ...segs].slice(0, 10).map((t) => t.id);
  }

  loadOverlap = async () => {
    this.overlap = this.overlapIds.length
      ? await analyzeBridge.tagOverlap(i18n.lang, $state.snapshot(this.overlapIds))
      : null;
  };

  toggleOverlap = (id: string) => {
    this.overlapIds = this.overlapIds.includes(id)
      ? this.overlapIds.filter((x) => x !== id)
      : [...this.overlapIds, id].slice(-12);
    void this.loadOverlap();
  };

  checkRule = (rule: string): Promise<RuleCheck> => analyzeBridge.checkTagRule(i18n.lang, rule);

  saveTag = async (input: TagInput): Promise<RuleError[]> => {
    const r = await analyzeBridge.saveTag(i18n.lang, $state.snapshot(input) as TagInput);
    if (!r.ok) {
      return r.errors;
    }
    await this.reload();
    return [];
  };

  deleteTag = async (id: string) => {
    await analyzeBridge.deleteTag(id);
    await this.reload();
  };

  resetBuiltIns = async () => {
    await analyzeBridge.resetBuiltInTags();
    await this.reload();
  };

  saveSegment = async (input: {
    id?: string;
    name: string;
    all: string[];
    any: string[];
    none: string[];
  }) => {
    await analyzeBridge.saveSegment($state.snapshot(input));
    await this.reload();
  };

  deleteSegment = async (id: string) => {
    await analyzeBridge.deleteSegment(id);
    await this.reload();
  };

  showProfile = async (title: string, target: ListTarget) => {
    const r = await analyzeBridge.groupProfile(i18n.lang, target);
    this.profile = r ? { title, ...r } : null;
  };

  /** Downloads the consent-filtered list of pseudonymous ids for the chosen purpose. */
  exportList = (target: ListTarget) =>
    jobs.run('export', async () => {
      const r = await analyzeBridge.exportList(i18n.lang, target, this.purpose);
      saveText(r.csv, r.fileName, 'text/csv;charset=utf-8');
      let message = i18n.pick(
        `已导出 ${r.rows} 个假名化 ID（用途：${purposeZh(this.purpose)}）；${r.tracked ? `${r.leftOut} 人因未同意被排除` : '该用途未记录同意'}。已写入审计日志。`,
        `Exported ${r.rows} pseudonymous ids (purpose: ${this.purpose}); ${r.tracked ? `${r.leftOut} left out (no consent)` : 'consent not tracked for this purpose'}. Written to the audit log.`,
      );
      // A list drawn by a rule on a sensitive attribute says so, with the written purpose.
      for (const g of r.sensitiveUse) {
        message += i18n.pick(
          ` 使用了敏感属性 ${describeGrant(g, 'zh-CN')}。`,
          ` Uses the sensitive attribute ${describeGrant(g, 'en')}.`,
        );
      }
      this.listMessage = message;
    });

  findCustomer = async (q: PersonQuery) => {
    const r = await analyzeBridge.lookupCustomer(i18n.lang, $state.snapshot(q) as PersonQuery);
    this.lookup = r ?? 'notFound';
  };

  private reload = () => this.load(this.overview?.createdAt ?? null, true);
}

export function purposeZh(p: ConsentPurpose): string {
  return p === 'marketing' ? '营销' : p === 'profiling' ? '画像' : '共享';
}

export const tagsManager = new TagsManager();
