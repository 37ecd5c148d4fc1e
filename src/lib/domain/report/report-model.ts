// The shareable report's content, from the analysis and the personas: aggregates only. Groups
// under the workspace's k are merged into "其他 / Other" (or suppressed), personas of groups
// under k are left out, and free text on cards is passed through the identifier mask, so a
// phone number someone typed into a card never leaves in a report.
import type { ExclusionReason, Lang } from '../types';
import { EXCLUSION_REASONS } from '../types';
import type { AnalysisResult } from '../analysis/analyze';
import type { GroupStat, SegmentsViewData } from '../analysis/views';
import { SEGMENT_INFO } from '../rfm/rfm';
import { LIFECYCLE_INFO, type LifecycleStage } from '../lifecycle/lifecycle';
import type { SegmentName } from '../summary/summary';
import { maskFreeText } from '../privacy/mask';
import type { PersonaCard } from '../personas/persona';
import { avatarSvg } from '../personas/avatar';
import { suppressSmallGroups } from './guard';
import { sensitiveCategoryLabel, type SensitiveGrant } from '../privacy/sensitive-use';
import type { ReportChart, ReportModel, ReportPersona, ReportTable } from './html';

export const REPORT_PURPOSES = ['internal', 'marketing', 'sharing'] as const;
export type ReportPurpose = (typeof REPORT_PURPOSES)[number];

export const PURPOSE_LABELS: Record<ReportPurpose, { zh: string; en: string }> = {
  internal: { zh: '内部分析', en: 'Internal analysis' },
  marketing: { zh: '营销策划', en: 'Marketing planning' },
  sharing: { zh: '对外分享', en: 'Sharing with a partner' },
};

export interface QualityInput {
  name: string;
  rows: number;
  kept: number | null;
  excluded: Record<ExclusionReason, number> | null;
}

export interface ReportInput {
  lang: Lang;
  generatedAt: string;
  timeZone?: string;
  purpose: ReportPurpose;
  minGroup: number;
  result: AnalysisResult;
  view: SegmentsViewData;
  quality: QualityInput[];
  personas: PersonaCard[];
  /** Sensitive attributes allowed with a written purpose (printed on the report). */
  sensitiveUse?: readonly SensitiveGrant[];
}

const REASON_LABELS: Record<ExclusionReason, { zh: string; en: string }> = {
  noCustomer: { zh: '无客户', en: 'No customer' },
  badDate: { zh: '日期无效', en: 'Bad date' },
  badAmount: { zh: '金额无效', en: 'Bad amount' },
  cancelled: { zh: '取消/退货', en: 'Cancelled / return' },
  zeroAmount: { zh: '零金额', en: 'Zero amount' },
  duplicate: { zh: '重复行', en: 'Duplicate row' },
};

export function buildReportModel(input: ReportInput): {
  model: ReportModel;
  personasLeftOut: number;
} {
  const { lang, result, view, minGroup: k } = input;
  const en = lang === 'en';
  const L = (zh: string, e: string) => (en ? e : zh);
  const nf = (v: number, d = 0) =>
    new Intl.NumberFormat(lang, { maximumFractionDigits: d }).format(v);
  const pf = (v: number) =>
    new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const other = { id: 'other', label: L('其他', 'Other') };
  let smallest: number | null = null;
  let suppressedTotal = 0;
  const note = (s: number | null) => {
    if (s !== null && (smallest === null || s < smallest)) {
      smallest = s;
    }
  };

  // A group table and its chart, guarded.
  const guarded = (
    title: string,
    firstColumn: string,
    groups: GroupStat[],
    label: (id: string) => string,
  ): { table: ReportTable; chart: ReportChart } => {
    const g = suppressSmallGroups(
      groups.map((s) => ({ ...s, id: s.id, label: label(s.id) })),
      k,
      other,
      (members) => {
        const customers = members.reduce((a, m) => a + m.customers, 0);
        const revenue = members.reduce((a, m) => a + m.revenue, 0);
        const totalShare = members.reduce((a, m) => a + m.shareCustomers, 0);
        const revShare = members.reduce((a, m) => a + m.shareRevenue, 0);
        const w = (f: (m: GroupStat) => number) =>
          customers ? members.reduce((a, m) => a + f(m) * m.customers, 0) / customers : NaN;
        return {
          revenue,
          shareCustomers: totalShare,
          shareRevenue: revShare,
          mean: { R: w((m) => m.mean.R), F: w((m) => m.mean.F), M: w((m) => m.mean.M) },
          median: { R: NaN, F: NaN, M: NaN },
        };
      },
    );
    suppressedTotal += g.suppressed;
    note(g.smallest);
    const rows = g.groups.map((x) =>
      x.isSuppressed
        ? [x.label, null, null, null, null, null]
        : [
            x.label,
            x.customers,
            pf(x.shareCustomers),
            pf(x.shareRevenue),
            Number.isFinite(x.mean.F) ? Number(x.mean.F.toFixed(2)) : null,
            Number.isFinite(x.mean.M) ? Number(x.mean.M.toFixed(2)) : null,
          ],
    );
    return {
      table: {
        title,
        columns: [
          firstColumn,
          L('客户数', 'Customers'),
          L('客户占比', 'Share of customers'),
          L('收入占比', 'Share of revenue'),
          L('平均订单数 F', 'Mean F'),
          L('平均消费额 M', 'Mean M'),
        ],
        rows,
        section: 'segments',
        note: g.suppressed
          ? L(
              `${g.suppressed} 个少于 ${k} 人的组已并入“其他”。`,
              `${g.suppressed} group(s) under ${k} customers merged into “Other”.`,
            )
          : undefined,
      },
      chart: {
        title,
        description: L(
          `${title}：各组客户数（少于 ${k} 人的组已合并）。`,
          `${title}: customers per group (groups under ${k} merged).`,
        ),
        section: 'segments',
        bars: g.groups
          .filter((x) => !x.isSuppressed)
          .map((x) => ({
            label: x.label,
            value: x.customers ?? 0,
            display: `${nf(x.customers ?? 0)} (${pf(x.isSuppressed ? 0 : x.shareCustomers)})`,
          })),
      },
    };
  };

  const tables: ReportTable[] = [];
  const charts: ReportChart[] = [];
  if (view.segments.length) {
    const t = guarded(
      L('RFM 八大分群', 'The eight RFM segments'),
      L('分群', 'Segment'),
      view.segments,
      (id) => (en ? `${SEGMENT_INFO[id as SegmentName].en} (${id})` : id),
    );
    tables.push(t.table);
    charts.push(t.chart);
  }
  if (view.lifecycle.length) {
    const t = guarded(
      L('生命周期', 'Lifecycle stages'),
      L('阶段', 'Stage'),
      view.lifecycle,
      (id) => LIFECYCLE_INFO[id as LifecycleStage][en ? 'en' : 'zh'],
    );
    tables.push(t.table);
    charts.push(t.chart);
  }
  if (view.clusters.length) {
    const t = guarded(
      L('K-means 聚类', 'K-means clusters'),
      L('聚类', 'Cluster'),
      view.clusters,
      (id) => L(`聚类 ${id}`, `Cluster ${id}`),
    );
    tables.push(t.table);
  }
  // Data quality: counts of rows by reason (no row content).
  tables.push({
    title: L('数据质量', 'Data quality'),
    columns: [
      L('文件', 'File'),
      L('读取行数', 'Rows read'),
      L('保留', 'Kept'),
      ...EXCLUSION_REASONS.map((r) => REASON_LABELS[r][en ? 'en' : 'zh']),
    ],
    rows: input.quality.map((q) => [
      q.name,
      q.rows,
      q.kept,
      ...EXCLUSION_REASONS.map((r) => (q.excluded ? q.excluded[r] : null)),
    ]),
    section: 'quality',
  });

  // Personas of groups of at least k customers; their text through the identifier mask.
  const safe = (s: string) => maskFreeText(s);
  const personas: ReportPersona[] = [];
  let personasLeftOut = 0;
  for (const card of input.personas) {
    if (card.snapshot.size < k) {
      personasLeftOut++;
      continue;
    }
    note(card.snapshot.size);
    personas.push({
      groupLabel: safe(card.groupLabel),
      name: safe(card.name),
      age: card.age,
      tagline: safe(card.tagline),
      avatarSvg: avatarSvg({
        seed: card.seed,
        gender: card.gender,
        age: card.age,
        title: `${card.name}`,
        size: 96,
      }),
      basedOn: card.snapshot.size,
      facts: [...card.demographics, ...card.behaviour, ...card.value].map((f) => ({
        label: f.label,
        value: safe(f.value),
        basis: f.basis,
      })),
      goals: card.goals.map(safe),
      pains: card.pains.map(safe),
      motivations: card.motivations.map(safe),
      quote: card.quote ? safe(card.quote) : null,
      quoteIsReal: card.quoteIsReal,
      scenario: safe(card.scenario),
      actions: card.actions.map(safe),
      isTemplate: card.storySource === 'template',
      edited: [...card.edited],
    });
  }

  const purposeLabel = PURPOSE_LABELS[input.purpose];
  const model: ReportModel = {
    lang,
    title: L('客户画像报告', 'Customer persona report'),
    generatedAt: input.generatedAt,
    timeZone: input.timeZone,
    purpose: {
      label: purposeLabel[en ? 'en' : 'zh'],
      note: L(
        '本报告仅含汇总数据：不含任何个人标识、假名 ID 或逐人记录。',
        'This report holds aggregates only: no personal identifier, no pseudonymous id, no row about one person.',
      ),
    },
    guard: { minGroup: k, smallestShown: smallest, suppressed: suppressedTotal },
    overview: [
      { label: L('有交易的客户', 'Customers with orders'), value: nf(result.customers) },
      { label: L('参与画像的客户', 'Profiled customers'), value: nf(result.profiled) },
      {
        label: L('因未同意画像被排除', 'Left out (no profiling consent)'),
        value: result.profilingTracked
          ? nf(result.leftOut)
          : L('未记录同意', 'consent not tracked'),
      },
      {
        label: L('分析日期', 'Analysis date'),
        value:
          result.analysisDate === null
            ? '—'
            : new Date(result.analysisDate).toISOString().slice(0, 10),
      },
      ...(result.clusters
        ? [
            {
              label: L('聚类数 k', 'Clusters k'),
              value: `${result.clusters.k} (${result.clusters.kChosenBy === 'user' ? L('用户指定', 'set by user') : L('轮廓系数选择', 'chosen by silhouette')} ${nf(result.clusters.silhouette, 3)})`,
            },
          ]
        : []),
    ],
    charts,
    tables,
    personas,
    sensitiveUse: (input.sensitiveUse ?? []).map((g) => ({
      attribute: safe(g.attribute),
      category: sensitiveCategoryLabel(g.category, lang),
      purpose: safe(g.purpose),
      allowedOn: g.grantedAt.slice(0, 10),
    })),
    methods: [
      {
        term: 'R / F / M',
        definition: L(
          'R = 距分析日期的天数（取整）；F = 不同订单数；M = 金额之和。分析日期默认为最后一笔保留交易之后 24 小时。',
          'R = whole days from the last transaction to the analysis date; F = distinct orders; M = sum of amounts. The analysis date defaults to the latest kept transaction + 24 hours.',
        ),
      },
      {
        term: L('RFM 评分', 'RFM scores'),
        definition: L(
          '按第 20/40/60/80 百分位切点（线性插值）打 1–5 分；R 越近分越高；并列值同分。',
          'Scores 1–5 at the 20/40/60/80th percentile cut points (linear interpolation); the most recent get R = 5; ties share a score.',
        ),
      },
      {
        term: L('八大分群', 'Eight segments'),
        definition: L(
          'R 低于均值（更近）、F 高于均值、M 高于均值为“高”，按三者高低组合成八个分群。',
          'R below its mean (recent), F above its mean and M above its mean count as “high”; the eight combinations are the segments.',
        ),
      },
      {
        term: L('生命周期', 'Lifecycle'),
        definition: L(
          '按最近购买天数、购买次数与首购至今天数，用可编辑的阈值分为引入期、成长期、成熟期、休眠期、流失期。',
          'New, growing, mature, dormant and churned, from recency, frequency and tenure with editable thresholds.',
        ),
      },
      {
        term: 'k-means',
        definition: L(
          '特征标准化（RFM 取 log1p），k-means++ 初始化、至少 10 次重启、固定随机种子；k 在 2–8 中按轮廓系数选择（样本至多 5,000）。',
          'Features z-scored (RFM as log1p), k-means++ with at least 10 restarts and a fixed seed; k in 2–8 by silhouette on a sample of at most 5,000.',
        ),
      },
      {
        term: L('同意', 'Consent'),
        definition: L(
          '未同意“画像”用途的客户不参与分群、聚类与标签。',
          'Customers without profiling consent are left out of segments, clusters and tags.',
        ),
      },
    ],
    notices: [
      L(
        '不得利用本报告对不同客户实行价格歧视（大数据杀熟），须遵守《个人信息保护法》第二十四条。',
        'Do not use this report to charge different customers different prices for the same offer (no price discrimination; PIPL Art. 24).',
      ),
      L(
        `少于 ${k} 人的组不单独展示。`,
        `Groups of fewer than ${k} customers are not shown on their own.`,
      ),
    ],
  };
  return { model, personasLeftOut };
}
