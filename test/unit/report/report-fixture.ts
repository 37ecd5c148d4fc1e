// Report models for the report tests: a realistic Chinese one (8 RFM segments, 2 personas) and
// one full of XSS payloads.
import { suppressSmallGroups } from '../../../src/lib/domain/report/guard';

/** The fixture's workspace k (larger than the default 5, so two segments get merged). */
const FIXTURE_K = 10;
import type { ReportModel, ReportPersona, ReportTable } from '../../../src/lib/domain/report/html';

/** A simple placeholder avatar standing in for the generator's output. */
export function placeholderAvatar(fill: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 88 88" class="avatar-svg"><rect width="88" height="88" fill="#e8eef5"></rect><circle cx="44" cy="34" r="16" fill="${fill}"></circle><ellipse cx="44" cy="80" rx="28" ry="22" fill="${fill}"></ellipse></svg>`;
}

interface SegmentRow {
  id: string;
  label: string;
  customers: number;
  revenue: number;
  meanR: number;
  meanF: number;
}

const SEGMENTS: SegmentRow[] = [
  { id: 'a', label: '重要价值', customers: 1234, revenue: 1_532_480.5, meanR: 18.2, meanF: 9.4 },
  { id: 'b', label: '重要发展', customers: 356, revenue: 289_110, meanR: 22.7, meanF: 2.1 },
  { id: 'c', label: '重要保持', customers: 512, revenue: 610_300.25, meanR: 143.5, meanF: 7.8 },
  { id: 'd', label: '重要挽留', customers: 7, revenue: 8_400, meanR: 201, meanF: 1.3 },
  { id: 'e', label: '一般价值', customers: 431, revenue: 96_420.8, meanR: 25.1, meanF: 6.2 },
  { id: 'f', label: '一般发展', customers: 1876, revenue: 203_880, meanR: 30.4, meanF: 1.2 },
  { id: 'g', label: '一般保持', customers: 6, revenue: 1_250, meanR: 160.2, meanF: 5.1 },
  { id: 'h', label: '一般挽留', customers: 2210, revenue: 150_900, meanR: 240.8, meanF: 1.1 },
];

type SegmentStat = 'revenue' | 'meanR' | 'meanF';

function sampleSegmentTable(): { table: ReportTable; smallest: number | null; suppressed: number } {
  const guarded = suppressSmallGroups(
    SEGMENTS,
    FIXTURE_K,
    { id: 'other', label: '其他' },
    (members) => {
      const n = members.reduce((s, m) => s + m.customers, 0);
      const weighted = (key: SegmentStat): number =>
        Math.round((members.reduce((s, m) => s + m[key] * m.customers, 0) / n) * 10) / 10;
      return {
        revenue: members.reduce((s, m) => s + m.revenue, 0),
        meanR: weighted('meanR'),
        meanF: weighted('meanF'),
      };
    },
  );
  const rows = guarded.groups.map((g) =>
    g.isSuppressed
      ? [g.label, null, null, null, null]
      : [g.label, g.customers, g.revenue, g.meanR, g.meanF],
  );
  return {
    table: {
      title: 'RFM 八类客户',
      columns: ['分群', '客户数', '消费总额（元）', '平均 R（天）', '平均 F（次）'],
      rows,
      note: '“其他”合并了人数少于 10 人的分群（重要挽留、一般保持）。',
    },
    smallest: guarded.smallest,
    suppressed: guarded.suppressed,
  };
}

const PERSONAS: ReportPersona[] = [
  {
    groupLabel: 'RFM 分群 重要价值',
    name: '林晓雯',
    age: 34,
    tagline: '注重品质的都市白领，愿意为好体验多花钱',
    avatarSvg: placeholderAvatar('#4f7cac'),
    basedOn: 1234,
    facts: [
      { label: '年龄', value: '30–39 岁', basis: '基于 1,234 位客户：平均年龄 33.8 岁' },
      { label: '地区', value: '上海、杭州', basis: '基于 1,180 位有地区信息的客户：占 46%' },
      { label: '购买频次', value: '每月 1–2 次', basis: '基于 1,234 位客户：平均 F 9.4 次' },
      { label: '年消费', value: '约 1,240 元', basis: '基于 1,234 位客户：M 中位数 1,238 元' },
    ],
    goals: ['省时省心地买到可靠的好东西', '第一时间体验新品'],
    pains: ['售后响应慢', '促销规则太复杂'],
    motivations: ['会员专属服务', '品质保证'],
    quote: '只要东西好、服务好，贵一点也没关系。',
    quoteIsReal: true,
    scenario: '周五下班路上用手机浏览新品，看到会员专享价后直接下单，周末收货试用。',
    actions: ['提供 VIP 专属客服', '新品优先体验名额', '简化会员积分规则'],
    isTemplate: false,
    edited: ['tagline'],
  },
  {
    groupLabel: 'RFM 分群 一般挽留',
    name: '王建国',
    age: null,
    tagline: '很久没来的偶尔买家',
    avatarSvg: placeholderAvatar('#8a6d3b'),
    basedOn: 2210,
    facts: [
      { label: '最近购买', value: '约 8 个月前', basis: '基于 2,210 位客户：平均 R 240.8 天' },
      { label: '购买次数', value: '1 次', basis: '基于 2,210 位客户：F 中位数 1 次' },
    ],
    goals: ['买到划算的日用品'],
    pains: ['不记得平台还有什么值得买'],
    motivations: ['明显的价格优惠'],
    quote: null,
    quoteIsReal: false,
    scenario: '收到一条久违的提醒，看到常买的商品有活动，考虑要不要回来看看。',
    actions: ['低成本唤醒提醒（仅限已同意营销的客户）', '评估是否值得继续投入'],
    isTemplate: true,
    edited: [],
  },
];

export function sampleModel(): ReportModel {
  const segments = sampleSegmentTable();
  return {
    lang: 'zh-CN',
    title: '客户画像报告 · 2024 年第二季度',
    generatedAt: '2024-07-01T02:30:00.000Z',
    timeZone: 'Asia/Shanghai',
    workspaceNote: '数据来源：商城订单导出（2023-07 至 2024-06）与会员问卷',
    purpose: {
      label: '画像（内部分析）',
      note: '仅用于理解客户群体、改进产品与服务；只包含同意“画像”用途的客户。',
    },
    guard: {
      minGroup: FIXTURE_K,
      smallestShown: segments.smallest,
      suppressed: segments.suppressed,
    },
    overview: [
      { label: '客户数', value: '6,908' },
      { label: '纳入画像', value: '6,632' },
      { label: '未同意画像（已排除）', value: '276' },
      { label: '分析日期', value: '2024-07-01' },
    ],
    charts: [
      {
        title: 'RFM 分群客户数',
        description: '八类 RFM 分群中每类的客户数；少于 10 人的分群已并入“其他”。',
        bars: segments.table.rows.map((row) => {
          const n = typeof row[1] === 'number' ? row[1] : 0;
          return { label: String(row[0]), value: n, display: n.toLocaleString('zh-CN') };
        }),
      },
      {
        title: '生命周期阶段',
        description: '各生命周期阶段的客户数。',
        bars: [
          { label: '引入期', value: 980, display: '980（14.8%）' },
          { label: '成长期', value: 1460, display: '1,460（22.0%）' },
          { label: '成熟期', value: 1712, display: '1,712（25.8%）' },
          { label: '休眠期', value: 1290, display: '1,290（19.5%）' },
          { label: '流失期', value: 1190, display: '1,190（17.9%）' },
        ],
      },
    ],
    tables: [
      segments.table,
      {
        title: '生命周期',
        columns: ['阶段', '客户数', '占比（%）'],
        rows: [
          ['引入期', 980, 14.78],
          ['成长期', 1460, 22.01],
          ['成熟期', 1712, 25.81],
          ['休眠期', 1290, 19.45],
          ['流失期', 1190, 17.94],
        ],
      },
      {
        title: 'k-means 聚类（k = 4，轮廓系数 0.41）',
        columns: ['聚类', '客户数', '平均 R（天）', '平均 F（次）', '平均 M（元）'],
        rows: [
          ['聚类 1', 2480, 35.2, 1.4, 132.5],
          ['聚类 2', 1905, 210.7, 1.2, 98.1],
          ['聚类 3', 1390, 28.9, 6.8, 812.4],
          ['聚类 4', 857, 120.3, 4.9, 1520.75],
        ],
      },
      {
        title: '数据质量',
        section: 'quality',
        columns: ['项目', '行数'],
        rows: [
          ['导入行数', 58_214],
          ['保留交易', 55_032],
          ['无客户编号', 412],
          ['日期无法解析', 37],
          ['退货/取消', 2_301],
          ['金额为 0', 389],
          ['重复行', 43],
        ],
        note: '退货、金额为 0 和重复行默认不计入分析。',
      },
    ],
    personas: PERSONAS,
    methods: [
      { term: 'R（最近一次消费）', definition: '最后一次交易到分析日期的整天数。' },
      { term: 'F（消费频次）', definition: '不同订单号的数量。' },
      { term: 'M（消费金额）', definition: '交易金额之和。' },
      {
        term: 'RFM 八类分群',
        definition: 'R 低于均值、F 与 M 高于均值为“高”，按高低组合分为八类。',
      },
      {
        term: '生命周期',
        definition: '根据最近一次消费、频次和客户时长划分为引入、成长、成熟、休眠、流失五个阶段。',
      },
      {
        term: 'k-means 聚类',
        definition:
          '特征标准化（RFM 取 log1p）后用 k-means++ 聚类，固定随机种子，按轮廓系数选择 k。',
      },
    ],
    notices: [
      '本报告不得用于对不同客户实行差别定价（“大数据杀熟”）。',
      '画像为群体描述，不代表任何具体个人。',
    ],
  };
}

export const XSS_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  'javascript:alert(1)',
  "'><svg onload=alert(1)>",
  '</style><script>alert(2)</script>',
  '<a href="javascript:alert(3)">click</a>',
  '<iframe srcdoc="<script>alert(4)</script>"></iframe>',
  '<!-- --><body onload=alert(5)>',
  '&lt;already&gt; & done',
] as const;

/** The payload at position i (cycling), with a marker so each placement can be found. */
function p(i: number): string {
  return XSS_PAYLOADS[i % XSS_PAYLOADS.length] ?? '';
}

export function xssModel(lang: 'zh-CN' | 'en' = 'en'): ReportModel {
  let i = 0;
  const next = (): string => p(i++);
  const persona = (): ReportPersona => ({
    groupLabel: next(),
    name: next(),
    age: 30,
    tagline: next(),
    avatarSvg: placeholderAvatar('#446688'),
    basedOn: 42,
    facts: [{ label: next(), value: next(), basis: next() }],
    goals: [next(), next()],
    pains: [next()],
    motivations: [next()],
    quote: next(),
    quoteIsReal: false,
    scenario: next(),
    actions: [next()],
    isTemplate: true,
    edited: [next(), 'name'],
  });
  return {
    lang,
    title: next(),
    generatedAt: '2024-05-01T08:00:00.000Z',
    workspaceNote: next(),
    purpose: { label: next(), note: next() },
    guard: { minGroup: 10, smallestShown: 12, suppressed: 2 },
    overview: [{ label: next(), value: next() }],
    charts: [
      {
        title: next(),
        description: next(),
        bars: [
          { label: next(), value: 10, display: next() },
          { label: next(), value: 3, display: next() },
        ],
      },
    ],
    tables: [
      {
        title: next(),
        columns: [next(), next(), next()],
        rows: [
          [next(), 12, next()],
          [next(), null, -3.5],
        ],
        note: next(),
      },
      {
        title: next(),
        section: 'quality',
        columns: [next()],
        rows: [[next()]],
      },
    ],
    personas: [persona(), persona()],
    methods: [
      { term: next(), definition: next() },
      { term: next(), definition: next() },
    ],
    notices: [next(), next()],
  };
}
