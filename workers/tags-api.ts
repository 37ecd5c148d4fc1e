// Tags, saved segments, consent-aware lists and the one-customer view, inside the analysis
// worker. The per-customer results of the latest analysis stay here (rebuilt from IndexedDB
// after the worker restarts); the UI receives counts, tag rows and small profiles only.
import type { ConsentPurpose, Lang } from '../src/lib/domain/types';
import {
  prepare,
  type AnalysisResult,
  type AnalysisSettings,
  type CustomerResults,
} from '../src/lib/domain/analysis/analyze';
import { analyzeTags, type TagAnalysis } from '../src/lib/domain/analysis/tag-analysis';
import {
  TAG_CATEGORIES,
  type StoredTag,
  type TagCategory,
  type TagKind,
} from '../src/lib/domain/tags/catalog';
import {
  combineTags,
  eligibleCounts,
  evaluateTagRule,
  overlapMatrix,
  PURPOSES,
  summaryTags,
  type TagCombination,
} from '../src/lib/domain/tags/tag-set';
import {
  and,
  andCount,
  bitsetFromMask,
  count,
  has,
  indices,
  maskFromBitset,
  type Bitset,
} from '../src/lib/domain/tags/bitset';
import { groupFacts, type GroupFacts, type GroupRef } from '../src/lib/domain/personas/facts';
import { groupLabel } from '../src/lib/domain/personas/persona';
import type { SegmentsViewData } from '../src/lib/domain/analysis/views';
import { DEFAULT_MIN_GROUP } from '../src/lib/domain/report/guard';
import { parseRule, checkRule, type RuleError } from '../src/lib/domain/tags/rule';
import { schemaOf, type FieldTable } from '../src/lib/domain/tags/fields';
import {
  groupStats,
  profilesOf,
  type GroupProfileView,
  type GroupStat,
} from '../src/lib/domain/analysis/views';
import { SEGMENT_NAMES, type SummaryTag } from '../src/lib/domain/summary/summary';
import { LIFECYCLE_STAGES } from '../src/lib/domain/lifecycle/lifecycle';
import { NOT_PARTICIPATING } from '../src/lib/domain/rfm/rfm';
import { toCsv } from '../src/lib/domain/report/csv';
import { maskValue } from '../src/lib/domain/privacy/mask';
import type { PortraitDb, SavedSegmentRecord } from '../src/lib/storage/db';
import { getSetting } from '../src/lib/storage/settings-repo';
import { appendAudit } from '../src/lib/storage/audit-repo';
import { loadAllDatasets } from './load-datasets';
import {
  allowedNames,
  grantsReadByRules,
  type SensitiveGrant,
} from '../src/lib/domain/privacy/sensitive-use';
import { readSensitiveGrants } from '../src/lib/storage/sensitive-use-repo';
import { exportPseudonyms, findCustomerKeys, isPseudonym, type PersonQuery } from './person-api';

interface Loaded {
  createdAt: number;
  /** The per-customer results (the feature matrix is not needed here, nor rebuilt). */
  customers: Omit<CustomerResults, 'features'>;
  result: AnalysisResult;
  index: Map<string, number> | null;
  exportIds: string[] | null;
}

let loaded: Loaded | null = null;
let tagCache: { key: string; tags: TagAnalysis } | null = null;

/** Called by the analysis run: keeps its per-customer results for tags and lists. */
export function rememberAnalysis(
  createdAt: number,
  customers: CustomerResults,
  result: AnalysisResult,
): void {
  loaded = { createdAt, customers, result, index: null, exportIds: null };
  tagCache = null;
}

/** A field offered in the rule builder. */
export interface FieldChoice {
  name: string;
  kind: 'number' | 'category';
  /** Category values (the most common first, at most 50). */
  values?: string[];
}

export interface TagRow {
  id: string;
  name: string;
  kind: TagKind;
  category: TagCategory;
  rule: string;
  isBuiltIn: boolean;
  isEdited: boolean;
  customers: number;
  eligible: Record<ConsentPurpose, number>;
  error: RuleError | null;
}

export interface SegmentRow {
  id: string;
  name: string;
  combo: TagCombination;
  customers: number;
  eligible: Record<ConsentPurpose, number>;
  /** Tags of the combination that no longer exist. */
  missing: string[];
}

export interface TagsOverview {
  createdAt: number;
  isStale: boolean;
  /** Customers who may carry tags (profiling consent) and those left out for lack of it. */
  universe: number;
  leftOutProfiling: number;
  covered: number;
  tracked: Record<ConsentPurpose, boolean>;
  /** Per purpose: customers of the universe with that consent. */
  permitted: Record<ConsentPurpose, number>;
  categories: readonly TagCategory[];
  tags: TagRow[];
  segments: SegmentRow[];
  fields: FieldChoice[];
}

export interface RuleCheck {
  errors: RuleError[];
  warnings: RuleError[];
  customers: number | null;
  eligible: Record<ConsentPurpose, number> | null;
}

export interface TagInput {
  id?: string;
  name: string;
  category: TagCategory;
  rule: string;
}

export type SaveTagResult = { ok: true; id: string } | { ok: false; errors: RuleError[] };

export type ListTarget = { tagId: string } | { segmentId: string };

export interface ListExport {
  csv: string;
  fileName: string;
  rows: number;
  leftOut: number;
  tracked: boolean;
  /** Sensitive attributes the list's rules read, with the purposes they were allowed for. */
  sensitiveUse: SensitiveGrant[];
}

export interface CustomerCard {
  pid: string;
  query: string;
  tags: { name: string; category: TagCategory }[];
  rfm: { R: number; F: number; M: number; rScore: number; fScore: number; mScore: number } | null;
  segment: string | null;
  lifecycle: string | null;
  cluster: number | null;
  orders: { count: number; first: number; last: number; total: number; basket: number } | null;
  attributes: { name: string; value: string }[];
  consent: Record<ConsentPurpose, 'granted' | 'denied' | 'missing' | 'untracked'>;
  isProfiled: boolean;
}

function fieldChoices(fields: FieldTable): FieldChoice[] {
  return fields.fields.map((f) => {
    if (f.kind === 'number') {
      return { name: f.name, kind: 'number' };
    }
    const counts = new Uint32Array(f.values.length);
    for (let c = 0; c < f.codes.length; c++) {
      counts[f.codes[c]!]!++;
    }
    const order = [...f.values.keys()]
      .filter((v) => v > 0 && counts[v]! > 0)
      .sort((a, b) => counts[b]! - counts[a]!)
      .slice(0, 50);
    return { name: f.name, kind: 'category', values: order.map((v) => f.values[v]!) };
  });
}

const CONSENT_NAMES = ['missing', 'granted', 'denied'] as const;

export function createTagsApi(database: () => PortraitDb) {
  async function ensureLoaded(d: PortraitDb): Promise<(Loaded & { isStale: boolean }) | null> {
    const run = await d.analysisRuns.get('latest');
    if (!run) {
      return null;
    }
    const version = (await getSetting<number>(d, 'dataVersion')) ?? 0;
    const isStale = run.dataVersion !== version;
    if (loaded?.createdAt !== run.createdAt) {
      // The worker restarted since the run: recompute what precedes clustering (deterministic
      // for the same data and settings) and take the cluster labels from the stored run.
      const settings = run.settings as AnalysisSettings;
      const result = run.result as AnalysisResult;
      const p = prepare(await loadAllDatasets(d), {
        ...settings,
        thresholds: result.thresholds ?? settings.thresholds ?? null,
      });
      loaded = {
        createdAt: run.createdAt,
        customers: {
          table: p.table,
          rfm: p.rfm,
          lifecycleCodes: p.lifecycleCodes,
          clusterLabels: run.perCustomer.cluster,
          participants: p.participants,
        },
        result,
        index: null,
        exportIds: null,
      };
      tagCache = null;
    }
    return { ...loaded, isStale };
  }

  async function tagsOf(
    d: PortraitDb,
    lang: Lang,
  ): Promise<{ l: Loaded; t: TagAnalysis; isStale: boolean; grants: SensitiveGrant[] } | null> {
    const l = await ensureLoaded(d);
    if (!l) {
      return null;
    }
    const stored = await d.tags.toArray();
    // Rule fields follow the grants in force (a revoke takes effect at once).
    const grants = await readSensitiveGrants(d);
    const allowed = allowedNames(grants);
    const key = `${l.createdAt}|${lang}|${JSON.stringify(stored)}|${JSON.stringify(allowed)}`;
    if (tagCache?.key !== key) {
      tagCache = {
        key,
        tags: analyzeTags(
          l.customers,
          l.result.analysisDate,
          l.result.clusters?.k ?? 0,
          lang,
          stored,
          new Set(allowed),
        ),
      };
    }
    return { l: loaded!, t: tagCache.tags, isStale: l.isStale, grants };
  }

  function segmentRows(t: TagAnalysis, saved: readonly SavedSegmentRecord[]): SegmentRow[] {
    return saved
      .slice()
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((s) => {
        const combo = { all: s.all, any: s.any, none: s.none };
        const r = combineTags(t.ctx, t.bits, combo);
        return {
          id: s.id,
          name: s.name,
          combo,
          customers: count(r.bits),
          eligible: eligibleCounts(t.ctx, r.bits),
          missing: r.missing,
        };
      });
  }

  async function exportIds(d: PortraitDb, l: Loaded): Promise<string[] | null> {
    l.exportIds ??= await exportPseudonyms(d, l.customers.table.keys);
    return l.exportIds;
  }

  const api = {
    /** The summary's `tags[]` for the latest analysis. */
    async summaryTags(lang: Lang): Promise<SummaryTag[]> {
      const got = await tagsOf(database(), lang);
      return got ? summaryTags(got.t.defs, got.t.stats, lang) : [];
    },

    async tagsOverview(lang: Lang): Promise<TagsOverview | null> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got) {
        return null;
      }
      const { t, l, isStale } = got;
      const statById = new Map(t.stats.map((s) => [s.id, s]));
      const permittedCounts = eligibleCounts(t.ctx, t.ctx.universe);
      return {
        createdAt: l.createdAt,
        isStale,
        universe: t.universe,
        leftOutProfiling: l.customers.table.n - t.universe,
        covered: t.covered,
        tracked: { ...t.ctx.tracked },
        permitted: permittedCounts,
        categories: TAG_CATEGORIES,
        tags: t.defs.map((def) => {
          const s = statById.get(def.id)!;
          return {
            id: def.id,
            name: def.name,
            kind: def.kind,
            category: def.category,
            rule: def.rule,
            isBuiltIn: def.isBuiltIn,
            isEdited: def.isEdited,
            customers: s.customers,
            eligible: s.eligible,
            error: s.error,
          };
        }),
        segments: segmentRows(t, await d.savedSegments.toArray()),
        fields: fieldChoices(t.ctx.fields),
      };
    },

    /** Pairwise overlaps of the given tags (diagonal = each tag's size). */
    async tagOverlap(lang: Lang, ids: string[]): Promise<number[][]> {
      const got = await tagsOf(database(), lang);
      if (!got) {
        return [];
      }
      const empty = new Uint32Array(got.t.ctx.universe.length);
      return overlapMatrix(ids.map((id) => got.t.bits.get(id) ?? empty));
    },

    /** Validates a rule against the fields and counts who it would tag. */
    async checkTagRule(lang: Lang, rule: string): Promise<RuleCheck> {
      const got = await tagsOf(database(), lang);
      const parsed = parseRule(rule);
      if (!parsed.ok) {
        return { errors: [parsed.error], warnings: [], customers: null, eligible: null };
      }
      if (!got) {
        return { errors: [], warnings: [], customers: null, eligible: null };
      }
      const checked = checkRule(parsed.ast, schemaOf(got.t.ctx.fields));
      if (checked.errors.length) {
        return { ...checked, customers: null, eligible: null };
      }
      const r = evaluateTagRule(got.t.ctx, rule);
      if (r.error) {
        return { errors: [r.error], warnings: checked.warnings, customers: null, eligible: null };
      }
      return {
        ...checked,
        customers: count(r.bits),
        eligible: eligibleCounts(got.t.ctx, r.bits),
      };
    },

    /** Adds a tag, or changes one (a built-in tag keeps its id and is marked edited). */
    async saveTag(lang: Lang, input: TagInput): Promise<SaveTagResult> {
      const d = database();
      const name = input.name.trim();
      if (!name) {
        return {
          ok: false,
          errors: [
            {
              code: 'emptyName',
              at: 0,
              length: 0,
              message: { zh: '请填写标签名称。', en: 'Give the tag a name.' },
            },
          ],
        };
      }
      if (!TAG_CATEGORIES.includes(input.category)) {
        throw new Error(`Unknown tag category: ${input.category}`);
      }
      const check = await api.checkTagRule(lang, input.rule);
      if (check.errors.length) {
        return { ok: false, errors: check.errors };
      }
      const got = await tagsOf(d, lang);
      const existing = input.id ? got?.t.defs.find((t) => t.id === input.id) : undefined;
      const id = existing?.id ?? `user:${crypto.randomUUID()}`;
      const record: StoredTag = existing?.isBuiltIn
        ? {
            id,
            isBuiltIn: true,
            name,
            category: input.category,
            rule: input.rule,
            updatedAt: Date.now(),
          }
        : {
            id,
            isBuiltIn: false,
            kind: existing?.kind ?? 'rule',
            name,
            category: input.category,
            rule: input.rule,
            updatedAt: existing ? ((await d.tags.get(id))?.updatedAt ?? Date.now()) : Date.now(),
          };
      await d.tags.put(record);
      await appendAudit(d, existing ? 'tagChanged' : 'tagAdded', {
        kind: existing?.kind ?? 'rule',
        isBuiltIn: Boolean(existing?.isBuiltIn),
      });
      return { ok: true, id };
    },

    async deleteTag(id: string): Promise<void> {
      const d = database();
      if (id.startsWith('user:')) {
        await d.tags.delete(id);
      } else {
        await d.tags.put({ id, isBuiltIn: true, isDeleted: true, updatedAt: Date.now() });
      }
      await appendAudit(d, 'tagDeleted', { isBuiltIn: !id.startsWith('user:') });
    },

    /** Brings back every built-in tag as generated (the user's own tags stay). */
    async resetBuiltInTags(): Promise<void> {
      const d = database();
      await d.tags.filter((t) => t.isBuiltIn).delete();
      await appendAudit(d, 'tagsReset', {});
    },

    async saveSegment(input: {
      id?: string;
      name: string;
      all: string[];
      any: string[];
      none: string[];
    }): Promise<string> {
      const d = database();
      const name = input.name.trim();
      if (!name) {
        throw new Error('A saved segment needs a name.');
      }
      if (!input.all.length && !input.any.length) {
        throw new Error('A saved segment needs at least one tag to include.');
      }
      const now = Date.now();
      const old = input.id ? await d.savedSegments.get(input.id) : undefined;
      const id = old?.id ?? `seg:${crypto.randomUUID()}`;
      await d.savedSegments.put({
        id,
        name,
        all: [...input.all],
        any: [...input.any],
        none: [...input.none],
        createdAt: old?.createdAt ?? now,
        updatedAt: now,
      });
      await appendAudit(d, old ? 'segmentChanged' : 'segmentSaved', {
        tags: input.all.length + input.any.length + input.none.length,
      });
      return id;
    },

    async deleteSegment(id: string): Promise<void> {
      const d = database();
      await d.savedSegments.delete(id);
      await appendAudit(d, 'segmentDeleted', {});
    },

    /** Size, value and what sets the members of a tag or saved segment apart. */
    async groupProfile(
      lang: Lang,
      target: ListTarget,
    ): Promise<{ stat: GroupStat; profile: GroupProfileView } | null> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got) {
        return null;
      }
      const bits = await targetBits(d, got.t, target);
      if (!bits) {
        return null;
      }
      const results = { ...got.l.customers, features: null };
      const member = (i: number) => (has(bits, i) ? 0 : -1);
      const [stat] = groupStats(['group'], member, results);
      const [profile] = profilesOf(['group'], member, results, new Set(allowedNames(got.grants)));
      return { stat: stat!, profile: profile! };
    },

    /**
     * The consent-filtered list of a tag or saved segment for a purpose: pseudonymous ids only
     * (never a raw identifier), formula-safe CSV, written to the audit log.
     */
    async exportList(lang: Lang, target: ListTarget, purpose: ConsentPurpose): Promise<ListExport> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got) {
        throw new Error('Run the analysis first: lists are drawn from its tags.');
      }
      const bits = await targetBits(d, got.t, target);
      if (!bits) {
        throw new Error('That tag or segment no longer exists.');
      }
      const eligible = and(bits, got.t.ctx.permitted[purpose]);
      const ids = await exportIds(d, got.l);
      if (!ids) {
        throw new Error('This workspace has no pseudonym key yet: import a file first.');
      }
      const rows: (string | number)[][] = [['pid', 'purpose']];
      for (const c of indices(eligible)) {
        rows.push([ids[c]!, purpose]);
      }
      const name = await targetName(d, got.t, target);
      const total = count(bits);
      const sensitiveUse = grantsReadByRules(await targetRules(d, got.t, target), got.grants);
      await appendAudit(d, 'listExported', {
        purpose,
        target: 'tagId' in target ? 'tag' : 'segment',
        rows: rows.length - 1,
        leftOutNoConsent: total - (rows.length - 1),
        sensitiveAttributes: sensitiveUse.length ? allowedNames(sensitiveUse).join(', ') : null,
      });
      return {
        csv: toCsv(rows),
        fileName: `portrait-list-${purpose}-${safeFileName(name)}.csv`,
        rows: rows.length - 1,
        leftOut: total - (rows.length - 1),
        tracked: got.t.ctx.tracked[purpose],
        sensitiveUse,
      };
    },

    /** The groups a persona can stand for, with their sizes. */
    async personaGroups(lang: Lang): Promise<{ ref: GroupRef; label: string; size: number }[]> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got) {
        return [];
      }
      const view = (await d.analysisRuns.get('latest'))?.view as SegmentsViewData | undefined;
      const out: { ref: GroupRef; label: string; size: number }[] = [];
      for (const g of view?.segments ?? []) {
        out.push({
          ref: { kind: 'segment', key: g.id },
          label: groupLabel({ kind: 'segment', key: g.id }, lang),
          size: g.customers,
        });
      }
      for (const g of view?.clusters ?? []) {
        out.push({
          ref: { kind: 'cluster', key: g.id },
          label: groupLabel({ kind: 'cluster', key: g.id }, lang),
          size: g.customers,
        });
      }
      for (const g of view?.lifecycle ?? []) {
        out.push({
          ref: { kind: 'lifecycle', key: g.id },
          label: groupLabel({ kind: 'lifecycle', key: g.id }, lang),
          size: g.customers,
        });
      }
      for (const s of segmentRows(got.t, await d.savedSegments.toArray())) {
        out.push({
          ref: { kind: 'saved', key: s.id },
          label: groupLabel({ kind: 'saved', key: s.id }, lang, s.name),
          size: s.customers,
        });
      }
      return out;
    },

    /** The statistics behind persona cards, for each group asked. */
    async personaFacts(lang: Lang, refs: GroupRef[]): Promise<(GroupFacts | null)[]> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got) {
        return refs.map(() => null);
      }
      const minGroup = (await getSetting<number>(d, 'minGroup')) ?? DEFAULT_MIN_GROUP;
      const results = got.l.customers;
      const out: (GroupFacts | null)[] = [];
      for (const ref of refs) {
        const members = await membersOf(d, got.t, got.l, ref);
        out.push(members ? groupFacts(ref, results, members, lang, minGroup) : null);
      }
      return out;
    },

    /** Tags most members of a group carry (for the persona's tag map). */
    async groupTags(
      lang: Lang,
      ref: GroupRef,
    ): Promise<{ category: TagCategory; name: string; share: number }[]> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got) {
        return [];
      }
      const members = await membersOf(d, got.t, got.l, ref);
      if (!members) {
        return [];
      }
      const bits = bitsetFromMask(members);
      const size = count(bits);
      const out: { category: TagCategory; name: string; share: number }[] = [];
      for (const def of got.t.defs) {
        const b = got.t.bits.get(def.id);
        if (b && size) {
          const share = andCount(b, bits) / size;
          if (share >= 0.3) {
            out.push({ category: def.category, name: def.name, share });
          }
        }
      }
      return out.sort((a, b) => b.share - a.share).slice(0, 40);
    },

    /** One customer, pseudonymously: by pid, customer id, phone, e-mail or ID number. */
    async lookupCustomer(lang: Lang, q: PersonQuery): Promise<CustomerCard | null> {
      const d = database();
      const got = await tagsOf(d, lang);
      if (!got || !q.value.trim()) {
        return null;
      }
      const { l, t } = got;
      const table = l.customers.table;
      l.index ??= new Map(table.keys.map((k, i) => [k, i]));
      let c = -1;
      if (q.kind === 'pid') {
        c = l.index.get(q.value.trim()) ?? -1;
        if (c < 0) {
          const ids = await exportIds(d, l);
          c = ids ? ids.indexOf(q.value.trim()) : -1;
        }
      } else {
        for (const key of await findCustomerKeys(d, q)) {
          const i = l.index.get(key);
          if (i !== undefined) {
            c = i;
            break;
          }
        }
      }
      if (c < 0) {
        return null;
      }
      const ids = await exportIds(d, l);
      const key = table.keys[c]!;
      const pid = ids?.[c] ?? (isPseudonym(key) ? key : '');
      const inTag = (b: Bitset) => has(b, c);
      const tags = t.defs
        .filter((def) => {
          const b = t.bits.get(def.id);
          return b ? inTag(b) : false;
        })
        .map((def) => ({ name: def.name, category: def.category }));
      const rfm = l.customers.rfm;
      const hasTx = rfm ? rfm.values.hasTx[c] === 1 : false;
      const seg = rfm?.segments.codes[c];
      const life = l.customers.lifecycleCodes?.[c];
      const cl = l.customers.clusterLabels?.[c];
      const attributes: { name: string; value: string }[] = [];
      for (const f of t.ctx.fields.fields) {
        if (f.kind === 'category' && !['segment', 'lifecycle'].includes(f.name)) {
          const v = f.values[f.codes[c]!];
          if (v) {
            attributes.push({ name: f.name, value: v });
          }
        }
      }
      const consent = {} as CustomerCard['consent'];
      for (const p of PURPOSES) {
        const arr = table.consent[p];
        consent[p] = arr ? CONSENT_NAMES[arr[c]!]! : 'untracked';
      }
      await appendAudit(d, 'customerLookup', { request: q.kind, found: true });
      return {
        pid,
        query: maskQuery(q),
        tags,
        rfm:
          rfm && hasTx
            ? {
                R: rfm.values.R[c]!,
                F: rfm.values.F[c]!,
                M: rfm.values.M[c]!,
                rScore: rfm.scores.rScore[c]!,
                fScore: rfm.scores.fScore[c]!,
                mScore: rfm.scores.mScore[c]!,
              }
            : null,
        segment: seg !== undefined && seg !== NOT_PARTICIPATING ? SEGMENT_NAMES[seg]! : null,
        lifecycle:
          life !== undefined && life < LIFECYCLE_STAGES.length ? LIFECYCLE_STAGES[life]! : null,
        cluster: cl !== undefined && cl >= 0 ? cl + 1 : null,
        orders:
          rfm && hasTx
            ? {
                count: rfm.values.F[c]!,
                first: rfm.values.first[c]!,
                last: rfm.values.last[c]!,
                total: rfm.values.M[c]!,
                basket: rfm.values.F[c]! ? rfm.values.M[c]! / rfm.values.F[c]! : 0,
              }
            : null,
        attributes,
        consent,
        isProfiled: inTag(t.ctx.universe),
      };
    },
  };

  /** 1 for the members of a group (segment, cluster, lifecycle stage, saved segment). */
  async function membersOf(
    d: PortraitDb,
    t: TagAnalysis,
    l: Loaded,
    ref: GroupRef,
  ): Promise<Uint8Array | null> {
    const c = l.customers;
    const n = c.table.n;
    const out = new Uint8Array(n);
    if (ref.kind === 'segment') {
      const idx = (SEGMENT_NAMES as readonly string[]).indexOf(ref.key);
      if (!c.rfm || idx < 0) {
        return null;
      }
      for (let i = 0; i < n; i++) {
        out[i] = c.rfm.segments.codes[i] === idx ? 1 : 0;
      }
    } else if (ref.kind === 'lifecycle') {
      const idx = (LIFECYCLE_STAGES as readonly string[]).indexOf(ref.key);
      if (!c.lifecycleCodes || idx < 0) {
        return null;
      }
      for (let i = 0; i < n; i++) {
        out[i] = c.lifecycleCodes[i] === idx ? 1 : 0;
      }
    } else if (ref.kind === 'cluster') {
      const idx = Number(ref.key) - 1;
      if (!c.clusterLabels || !(idx >= 0)) {
        return null;
      }
      for (let i = 0; i < n; i++) {
        out[i] = c.clusterLabels[i] === idx ? 1 : 0;
      }
    } else {
      const bits = await targetBits(d, t, { segmentId: ref.key });
      return bits ? maskFromBitset(bits, n) : null;
    }
    return out;
  }

  async function targetBits(
    d: PortraitDb,
    t: TagAnalysis,
    target: ListTarget,
  ): Promise<Bitset | null> {
    if ('tagId' in target) {
      return t.bits.get(target.tagId) ?? null;
    }
    const s = await d.savedSegments.get(target.segmentId);
    return s ? combineTags(t.ctx, t.bits, s).bits : null;
  }

  /** The rules a list is drawn by: the tag's, or those of every tag a saved segment names. */
  async function targetRules(d: PortraitDb, t: TagAnalysis, target: ListTarget): Promise<string[]> {
    const ruleOf = (id: string) => t.defs.find((x) => x.id === id)?.rule;
    if ('tagId' in target) {
      const rule = ruleOf(target.tagId);
      return rule === undefined ? [] : [rule];
    }
    const s = await d.savedSegments.get(target.segmentId);
    return s
      ? [...s.all, ...s.any, ...s.none].flatMap((id) => {
          const rule = ruleOf(id);
          return rule === undefined ? [] : [rule];
        })
      : [];
  }

  async function targetName(d: PortraitDb, t: TagAnalysis, target: ListTarget): Promise<string> {
    if ('tagId' in target) {
      return t.defs.find((x) => x.id === target.tagId)?.name ?? 'tag';
    }
    return (await d.savedSegments.get(target.segmentId))?.name ?? 'segment';
  }

  return api;
}

/** The identifier the user typed, masked for display (a pid is already a pseudonym). */
function maskQuery(q: PersonQuery): string {
  const v = q.value.trim();
  switch (q.kind) {
    case 'pid':
      return v;
    case 'phone':
    case 'email':
    case 'cnId':
      return maskValue(v, q.kind);
    default:
      return v.length <= 4
        ? '*'.repeat(v.length)
        : v.slice(0, 2) + '*'.repeat(v.length - 4) + v.slice(-2);
  }
}

function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || 'list';
}
