// The shareable report: one self-contained HTML file that opens from disk, offline, and prints
// well on A4. It holds aggregates only (the model is built from guarded groups, see guard.ts).
//
// Security model: every text of the model is escaped and lands in element content only — never
// in an attribute, a URL, a style or a script. The only markup inserted as is is `avatarSvg`,
// which our own avatar generator produces. A strict CSP (no scripts, no requests, data: images
// only) is the first thing after the charset, so even a bad avatar could not run or fetch.
import type { Lang } from '../types';
import { toCsv } from './csv';

export interface ReportFact {
  label: string;
  value: string;
  /** The statistic behind the value, e.g. "based on 1,234 customers: mean age 32.4". */
  basis: string;
}

export interface ReportPersona {
  /** e.g. "RFM segment 重要价值" (already localized). */
  groupLabel: string;
  name: string;
  age: number | null;
  tagline: string;
  /** TRUSTED inline SVG produced by our own avatar generator: inserted as is. */
  avatarSvg: string;
  /** Customers in the group. */
  basedOn: number;
  facts: ReportFact[];
  goals: string[];
  pains: string[];
  motivations: string[];
  quote: string | null;
  /** True when the quote is a real survey answer, false when it was written for the persona. */
  quoteIsReal: boolean;
  scenario: string;
  actions: string[];
  /** Goals and pains come from templates, not from survey answers. */
  isTemplate: boolean;
  /** Names of fields the user edited (name, age, tagline, facts, goals, pains, motivations, …). */
  edited: string[];
}

/** Which section of the report a table or chart belongs to (default 'segments'). */
export type ReportSection = 'segments' | 'quality';

export type ReportCell = string | number | null;

export interface ReportTable {
  title: string;
  columns: string[];
  /** Numbers are formatted for the report's language; null shows as "—" (hidden/none). */
  rows: ReportCell[][];
  note?: string;
  section?: ReportSection;
}

export interface ReportBar {
  label: string;
  value: number;
  /** The value as shown next to the bar, e.g. "1,234 (12.5%)". */
  display: string;
}

export interface ReportChart {
  title: string;
  /** What the chart shows, in words (its accessible description). */
  description: string;
  bars: ReportBar[];
  section?: ReportSection;
}

export interface ReportModel {
  lang: Lang;
  title: string;
  /** ISO timestamp. */
  generatedAt: string;
  /** IANA time zone for showing generatedAt (the UI passes the user's); default 'UTC'. */
  timeZone?: string;
  workspaceNote?: string;
  /** The declared purpose of this export, shown prominently. */
  purpose: { label: string; note: string };
  guard: { minGroup: number; smallestShown: number | null; suppressed: number };
  /** Customers, profiled, left out (no consent), analysis date… */
  overview: { label: string; value: string }[];
  charts: ReportChart[];
  tables: ReportTable[];
  personas: ReportPersona[];
  /** Definitions of R, F, M, segments, lifecycle, k-means. */
  methods: { term: string; definition: string }[];
  /** e.g. the no-price-discrimination notice. */
  notices: string[];
  /**
   * Sensitive attributes the analysis was allowed to use, each with its written purpose
   * (category already localized, allowedOn a date). An empty list prints "no sensitive
   * attribute used"; undefined prints nothing (a model not built from an analysis).
   */
  sensitiveUse?: ReportSensitiveUse[];
}

export interface ReportSensitiveUse {
  attribute: string;
  category: string;
  purpose: string;
  /** YYYY-MM-DD. */
  allowedOn: string;
}

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

// --- Fixed UI text ---

interface ReportLabels {
  colon: string;
  generated: string;
  purpose: string;
  notices: string;
  privacy: string;
  overview: string;
  segments: string;
  personas: string;
  quality: string;
  methods: string;
  smallestShown: (smallest: string, k: string) => string;
  mergedGroups: (n: string) => string;
  hiddenMark: string;
  nameAge: (name: string, age: string) => string;
  basedOn: (n: string) => string;
  goals: string;
  pains: string;
  motivations: string;
  facts: string;
  quote: string;
  quoteReal: string;
  quoteIllustrative: string;
  scenario: string;
  actions: string;
  template: string;
  templateNote: string;
  edited: string;
  editedFields: (fields: string) => string;
  chartData: string;
  footer: string;
  fields: Readonly<Record<string, string>>;
  csvTitle: string;
  csvK: string;
  csvSmallest: string;
  csvSuppressed: string;
  csvNote: string;
  sensitive: string;
  sensitiveNone: string;
  sensitiveUsed: string;
  sensitiveItem: (u: ReportSensitiveUse) => string;
  csvSensitiveUsed: string;
  csvPurposeOfUse: (purpose: string) => string;
}

const LABELS: Readonly<Record<Lang, ReportLabels>> = {
  'zh-CN': {
    colon: '：',
    generated: '生成时间',
    purpose: '用途',
    notices: '使用须知',
    privacy: '隐私保护',
    overview: '概览',
    segments: '客户分群',
    personas: '用户画像',
    quality: '数据质量',
    methods: '方法与定义',
    smallestShown: (s, k) => `最小展示组：${s} 人（少于 ${k} 人的组已并入“其他”）`,
    mergedGroups: (n) => `已并入“其他”的组：${n} 个`,
    hiddenMark: '“—”表示已隐藏或无数据。报告只含汇总数据，不含任何个人记录。',
    nameAge: (name, age) => `${name}，${age} 岁`,
    basedOn: (n) => `基于 ${n} 位客户`,
    goals: '目标',
    pains: '痛点',
    motivations: '动机',
    facts: '关键事实',
    quote: '引语',
    quoteReal: '真实问卷回答',
    quoteIllustrative: '示意引语（为画像撰写，并非客户原话）',
    scenario: '典型场景',
    actions: '建议行动',
    template: '模板',
    templateNote: '目标与痛点来自模板，并非来自问卷回答。',
    edited: '已编辑',
    editedFields: (f) => `已编辑：${f}`,
    chartData: '图表数据',
    footer: '由 Portrait（画像）在本机生成。报告只含汇总数据。',
    fields: {
      name: '姓名',
      age: '年龄',
      tagline: '标语',
      facts: '关键事实',
      goals: '目标',
      pains: '痛点',
      motivations: '动机',
      quote: '引语',
      scenario: '典型场景',
      actions: '建议行动',
    },
    csvTitle: '报告',
    csvK: '最小组人数 (k)',
    csvSmallest: '最小展示组',
    csvSuppressed: '已并入“其他”的组',
    csvNote: '注',
    sensitive: '敏感属性',
    sensitiveNone:
      '未使用任何敏感属性（民族、宗教、健康、政治面貌、婚姻、收入、位置、子女年龄等默认不参与分析）。',
    sensitiveUsed: '本报告背后的分析获准使用以下敏感属性，每项均写明了使用目的并记入审计日志：',
    sensitiveItem: (u) =>
      `${u.attribute}（${u.category}）· 使用目的：“${u.purpose}” · ${u.allowedOn} 允许`,
    csvSensitiveUsed: '使用的敏感属性',
    csvPurposeOfUse: (p) => `使用目的：${p}`,
  },
  en: {
    colon: ': ',
    generated: 'Generated',
    purpose: 'Purpose',
    notices: 'Notices',
    privacy: 'Privacy',
    overview: 'Overview',
    segments: 'Segments',
    personas: 'Personas',
    quality: 'Data quality',
    methods: 'Methods and definitions',
    smallestShown: (s, k) =>
      `Smallest group shown: ${s} (groups under ${k} customers merged into “Other”)`,
    mergedGroups: (n) => `Groups merged into “Other”: ${n}`,
    hiddenMark: '“—” marks a hidden or missing value. The report holds aggregates only.',
    nameAge: (name, age) => `${name}, ${age}`,
    basedOn: (n) => `Based on ${n} customers`,
    goals: 'Goals',
    pains: 'Pain points',
    motivations: 'Motivations',
    facts: 'Key facts',
    quote: 'Quote',
    quoteReal: 'Real survey answer',
    quoteIllustrative: 'Illustrative quote (written for the persona, not a customer’s words)',
    scenario: 'Scenario',
    actions: 'Suggested actions',
    template: 'Template',
    templateNote: 'Goals and pain points come from templates, not from survey answers.',
    edited: 'Edited',
    editedFields: (f) => `Edited: ${f}`,
    chartData: 'Chart data',
    footer: 'Generated by Portrait on this device. The report holds aggregates only.',
    fields: {
      name: 'name',
      age: 'age',
      tagline: 'tagline',
      facts: 'key facts',
      goals: 'goals',
      pains: 'pain points',
      motivations: 'motivations',
      quote: 'quote',
      scenario: 'scenario',
      actions: 'suggested actions',
    },
    csvTitle: 'Report',
    csvK: 'Minimum group size (k)',
    csvSmallest: 'Smallest group shown',
    csvSuppressed: 'Groups merged into “Other”',
    csvNote: 'Note',
    sensitive: 'Sensitive attributes',
    sensitiveNone:
      'No sensitive attribute used (ethnicity, religion, health, political affiliation, marital status, income, location and children’s age stay out of the analysis by default).',
    sensitiveUsed:
      'The analysis behind this report was allowed to use these sensitive attributes, each for the written purpose shown (recorded in the audit log):',
    sensitiveItem: (u) =>
      `${u.attribute} (${u.category}) · purpose of use: “${u.purpose}” · allowed on ${u.allowedOn}`,
    csvSensitiveUsed: 'Sensitive attribute used',
    csvPurposeOfUse: (p) => `Purpose of use: ${p}`,
  },
};

function labelsFor(lang: Lang): ReportLabels {
  return lang === 'en' ? LABELS.en : LABELS['zh-CN'];
}

// --- Formatting ---

const HIDDEN = '—';
const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** A number for the report's language (grouping, at most 2 decimals); "—" when not finite. */
export function formatReportNumber(n: number, lang: Lang): string {
  if (!Number.isFinite(n)) {
    return HIDDEN;
  }
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    numberFormats.set(lang, format);
  }
  return format.format(n);
}

function formatGeneratedAt(iso: string, lang: Lang, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  try {
    return new Intl.DateTimeFormat(lang, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone,
    }).format(date);
  } catch (_error) {
    // An unknown time zone: fall back to UTC rather than failing the export.
    return new Intl.DateTimeFormat(lang, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(date);
  }
}

const esc = escapeHtml;

/** <time> with a machine-readable datetime we produce ourselves (no model text in attributes). */
function timeHtml(iso: string, shown: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? `<time>${esc(shown)}</time>`
    : `<time datetime="${date.toISOString()}">${esc(shown)}</time>`;
}

// --- Pieces ---

function cellHtml(cell: ReportCell | undefined, lang: Lang, tag: 'td' | 'th'): string {
  const scope = tag === 'th' ? ' scope="row"' : '';
  if (cell === null || cell === undefined) {
    return `<${tag}${scope} class="hidden-value">${HIDDEN}</${tag}>`;
  }
  if (typeof cell === 'number') {
    return `<${tag}${scope} class="num">${esc(formatReportNumber(cell, lang))}</${tag}>`;
  }
  return `<${tag}${scope}>${esc(cell)}</${tag}>`;
}

/** A column is numeric (right-aligned header) when all its non-empty cells are numbers. */
function isNumericColumn(rows: readonly ReportCell[][], index: number): boolean {
  let seen = false;
  for (const row of rows) {
    const cell = row[index];
    if (cell === null || cell === undefined) {
      continue;
    }
    if (typeof cell !== 'number') {
      return false;
    }
    seen = true;
  }
  return seen;
}

function tableHtml(table: ReportTable, lang: Lang): string {
  const width = Math.max(table.columns.length, ...table.rows.map((r) => r.length));
  const head = Array.from({ length: width }, (_, i) => {
    const cls = isNumericColumn(table.rows, i) ? ' class="num"' : '';
    return `<th scope="col"${cls}>${esc(table.columns[i] ?? '')}</th>`;
  }).join('');
  const body = table.rows
    .map((row) => {
      const cells = Array.from({ length: width }, (_, i) => {
        const cell = row[i];
        // A text first cell names the row (a segment, a stage): a row header for screen readers.
        return i === 0 && typeof cell === 'string'
          ? cellHtml(cell, lang, 'th')
          : cellHtml(cell, lang, 'td');
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const note = table.note ? `<p class="note">${esc(table.note)}</p>` : '';
  return `<div class="table-block">
<table>
<caption>${esc(table.title)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
${note}</div>`;
}

// Chart geometry in SVG user units (the SVG scales to the page width).
const CHART_WIDTH = 640;
const LABEL_WIDTH = 190;
const MIN_VALUE_WIDTH = 60;
const MAX_VALUE_WIDTH = 220;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 18;
const FONT_SIZE = 13;

/** Rough rendered width: CJK and other wide characters take a full em, the rest about half. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width += code >= 0x1100 && !(code >= 0xff61 && code <= 0xffdc) ? FONT_SIZE : FONT_SIZE * 0.58;
  }
  return width;
}

function fitLabel(label: string, max: number): string {
  if (textWidth(label) <= max) {
    return label;
  }
  const chars = Array.from(label);
  while (chars.length > 0 && textWidth(chars.join('') + '…') > max) {
    chars.pop();
  }
  return chars.join('') + '…';
}

function chartHtml(chart: ReportChart, index: number, lang: Lang, labels: ReportLabels): string {
  const id = `chart-${index + 1}`;
  const max = Math.max(0, ...chart.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  // Leave room right of the longest bar for the longest value text (long ones are shortened).
  const valueWidth = Math.min(
    MAX_VALUE_WIDTH,
    Math.max(MIN_VALUE_WIDTH, ...chart.bars.map((b) => textWidth(b.display) + 12)),
  );
  const barArea = CHART_WIDTH - LABEL_WIDTH - valueWidth;
  const height = Math.max(1, chart.bars.length) * ROW_HEIGHT + 8;
  const rows = chart.bars
    .map((bar, i) => {
      const y = 4 + i * ROW_HEIGHT;
      const value = Number.isFinite(bar.value) && bar.value > 0 ? bar.value : 0;
      const w = max > 0 ? (value / max) * barArea : 0;
      const barWidth = value > 0 ? Math.max(1, w) : 0;
      const textY = y + ROW_HEIGHT / 2 + FONT_SIZE * 0.35;
      const shown = fitLabel(bar.label, LABEL_WIDTH - 12);
      return `<g>
<text class="bar-label" x="${LABEL_WIDTH - 8}" y="${textY.toFixed(1)}" text-anchor="end"><title>${esc(bar.label)}</title>${esc(shown)}</text>
<rect class="bar" x="${LABEL_WIDTH}" y="${(y + (ROW_HEIGHT - BAR_HEIGHT) / 2).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${BAR_HEIGHT}" rx="2"></rect>
<text class="bar-value" x="${(LABEL_WIDTH + barWidth + 6).toFixed(1)}" y="${textY.toFixed(1)}">${esc(fitLabel(bar.display, CHART_WIDTH - LABEL_WIDTH - barWidth - 10))}</text>
</g>`;
    })
    .join('\n');
  const dataRows = chart.bars
    .map(
      (bar) =>
        `<tr><th scope="row">${esc(bar.label)}</th><td class="num">${esc(bar.display)}</td><td class="num">${esc(formatReportNumber(bar.value, lang))}</td></tr>`,
    )
    .join('\n');
  // The accessible name and description point at <title>/<desc> by id, so that no model text
  // is ever placed inside an attribute.
  return `<figure class="chart">
<figcaption><span class="chart-title">${esc(chart.title)}</span><span class="chart-desc">${esc(chart.description)}</span></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" preserveAspectRatio="xMinYMin meet">
<title id="${id}-title">${esc(chart.title)}</title>
<desc id="${id}-desc">${esc(chart.description)}</desc>
<line class="axis" x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height}"></line>
${rows}
</svg>
<table class="visually-hidden">
<caption>${esc(labels.chartData)}${esc(labels.colon)}${esc(chart.title)}</caption>
<tbody>
${dataRows}
</tbody>
</table>
</figure>`;
}

function listHtml(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
}

function personaHtml(persona: ReportPersona, lang: Lang, labels: ReportLabels): string {
  const edited = new Set(persona.edited);
  const mark = (field: string): string =>
    edited.has(field) ? ` <span class="badge badge-edited">${esc(labels.edited)}</span>` : '';
  const heading =
    persona.age !== null && Number.isFinite(persona.age)
      ? labels.nameAge(persona.name, formatReportNumber(persona.age, lang))
      : persona.name;

  const badges: string[] = [];
  if (persona.isTemplate) {
    badges.push(`<span class="badge badge-template">${esc(labels.template)}</span>`);
  }
  if (persona.edited.length > 0) {
    const names = persona.edited.map((f) => labels.fields[f] ?? f);
    const sep = lang === 'en' ? ', ' : '、';
    badges.push(
      `<span class="badge badge-edited">${esc(labels.editedFields(names.join(sep)))}</span>`,
    );
  }

  const facts = persona.facts.length
    ? `<section class="facts"><h4>${esc(labels.facts)}${mark('facts')}</h4><dl>${persona.facts
        .map(
          (f) =>
            `<div class="fact"><dt>${esc(f.label)}</dt><dd><span class="fact-value">${esc(f.value)}</span><small class="basis">${esc(f.basis)}</small></dd></div>`,
        )
        .join('')}</dl></section>`
    : '';

  const lists = (
    [
      ['goals', labels.goals, persona.goals],
      ['pains', labels.pains, persona.pains],
      ['motivations', labels.motivations, persona.motivations],
    ] as const
  )
    .filter(([, , items]) => items.length > 0)
    .map(
      ([field, title, items]) =>
        `<section class="list list-${field}"><h4>${esc(title)}${mark(field)}</h4>${listHtml(items)}</section>`,
    )
    .join('');

  const quote =
    persona.quote !== null && persona.quote !== ''
      ? `<figure class="quote"><blockquote>${esc(persona.quote)}</blockquote><figcaption>${esc(
          persona.quoteIsReal ? labels.quoteReal : labels.quoteIllustrative,
        )}${mark('quote')}</figcaption></figure>`
      : '';

  const scenario = persona.scenario
    ? `<section class="scenario"><h4>${esc(labels.scenario)}${mark('scenario')}</h4><p>${esc(persona.scenario)}</p></section>`
    : '';
  const actions = persona.actions.length
    ? `<section class="actions"><h4>${esc(labels.actions)}${mark('actions')}</h4>${listHtml(persona.actions)}</section>`
    : '';
  const templateNote = persona.isTemplate
    ? `<p class="note template-note">${esc(labels.templateNote)}</p>`
    : '';

  // avatarSvg is trusted output of our own generator (see the file comment).
  return `<article class="persona">
<header class="persona-head">
<div class="avatar" aria-hidden="true">${persona.avatarSvg}</div>
<div class="persona-id">
<p class="group-label">${esc(persona.groupLabel)} · ${esc(labels.basedOn(formatReportNumber(persona.basedOn, lang)))}</p>
<h3>${esc(heading)}${mark('name') || mark('age')}</h3>
<p class="tagline">${esc(persona.tagline)}${mark('tagline')}</p>
${badges.length ? `<p class="badges">${badges.join(' ')}</p>` : ''}
</div>
</header>
${facts}
<div class="lists">${lists}</div>
${templateNote}
${quote}
${scenario}
${actions}
</article>`;
}

function section(id: string, title: string, body: string): string {
  return `<section class="block" id="${id}" aria-labelledby="${id}-h">
<h2 id="${id}-h">${esc(title)}</h2>
${body}
</section>`;
}

const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

const STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --soft: #f5f7fa;
  --accent: #2f5f8f; --bar: #3e6f9e; --warn-bg: #fff8e6; --warn-line: #e3b341; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #ffffff; color: var(--ink); font-family: ${FONT_STACK};
  font-size: 15px; line-height: 1.6; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 28px; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 14px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 19px; margin: 0; }
h4 { font-size: 13px; margin: 0 0 4px; color: var(--muted); letter-spacing: .02em; }
p { margin: 0 0 8px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.block { margin: 32px 0 0; }
.purpose { border: 2px solid var(--accent); border-radius: 8px; padding: 12px 16px; margin: 16px 0;
  background: #f0f6fc; }
.purpose-tag { color: var(--muted); }
.purpose-label { font-size: 17px; font-weight: 600; }
.notices { border-left: 4px solid var(--warn-line); background: var(--warn-bg); padding: 10px 16px;
  border-radius: 0 8px 8px 0; margin: 16px 0; }
.notices ul { margin: 4px 0 0; padding-left: 20px; }
.guard { color: var(--muted); font-size: 14px; margin: 8px 0 0; }
.sensitive-use { border-left: 4px solid var(--accent); background: var(--soft); padding: 8px 16px;
  border-radius: 0 8px 8px 0; margin: 12px 0 0; font-size: 14px; }
.sensitive-use ul { margin: 4px 0 0; padding-left: 20px; }
.overview { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px;
  margin: 0; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.stat dt { color: var(--muted); font-size: 13px; }
.stat dd { margin: 2px 0 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.chart { margin: 0 0 28px; }
.chart figcaption { margin-bottom: 6px; }
.chart-title { display: block; font-weight: 600; }
.chart-desc { display: block; color: var(--muted); font-size: 14px; }
.chart svg { display: block; width: 100%; max-width: 720px; height: auto; }
.chart text { font-size: ${FONT_SIZE}px; fill: var(--ink); font-family: inherit; }
.chart .bar { fill: var(--bar); }
.chart .axis { stroke: #9aa5b1; stroke-width: 1; }
.table-block { margin: 0 0 24px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #bcccdc; color: var(--muted); font-weight: 600; }
tbody th { font-weight: 500; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.hidden-value { color: var(--muted); text-align: right; }
.note { color: var(--muted); font-size: 13px; margin-top: 6px; }
.personas { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 20px; }
.persona { border: 1px solid var(--line); border-radius: 12px; padding: 18px 20px; background: #ffffff;
  box-shadow: 0 1px 3px rgba(31, 41, 51, .08); }
.persona-head { display: flex; gap: 16px; align-items: flex-start; margin-bottom: 12px; }
.avatar { flex: 0 0 88px; width: 88px; height: 88px; border-radius: 50%; overflow: hidden;
  background: var(--soft); }
.avatar svg { display: block; width: 100%; height: 100%; }
.group-label { color: var(--accent); font-size: 13px; font-weight: 600; margin: 0 0 2px; }
.tagline { color: var(--muted); margin: 4px 0 6px; }
.badges { margin: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; line-height: 1.4; padding: 1px 8px;
  border-radius: 999px; border: 1px solid; vertical-align: middle; }
.badge-template { color: #7c4a03; border-color: #e3b341; background: #fff8e6; }
.badge-edited { color: #1f4e79; border-color: #8fb3d9; background: #eef5fc; }
.facts dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px 16px;
  margin: 0 0 12px; }
.fact dt { color: var(--muted); font-size: 13px; }
.fact dd { margin: 0; }
.fact-value { display: block; font-weight: 600; }
.basis { display: block; color: var(--muted); font-size: 12px; line-height: 1.4; }
.lists { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px 16px; }
.list ul, .actions ul { margin: 0 0 10px; padding-left: 18px; }
.quote { margin: 8px 0 12px; padding: 8px 14px; border-left: 4px solid var(--line); background: var(--soft);
  border-radius: 0 8px 8px 0; }
.quote blockquote { margin: 0; font-size: 16px; }
.quote blockquote::before { content: "“"; }
.quote blockquote::after { content: "”"; }
.quote figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
.template-note { margin: 0 0 8px; }
.methods dt { font-weight: 600; margin-top: 10px; }
.methods dd { margin: 2px 0 0; color: var(--ink); }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 13px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
@media (max-width: 560px) { .personas { grid-template-columns: 1fr; } main { padding: 20px 14px; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10.5pt; line-height: 1.45; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 20pt; }
  h2 { font-size: 14pt; break-after: avoid; page-break-after: avoid; }
  .purpose, .notices, .quote, .stat, .avatar { background: none; }
  .persona { box-shadow: none; background: none; }
  .personas { display: block; }
  .persona, .chart, tr, .stat, .purpose, .notices, .sensitive-use { break-inside: avoid;
    page-break-inside: avoid; }
  .persona { margin: 0 0 10mm; }
  .badge { background: none; }
  .table-block { overflow: visible; }
  thead { display: table-header-group; }
  .chart .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

/** Renders the whole report as one self-contained HTML document (see the file comment). */
export function renderHtmlReport(model: ReportModel): string {
  const lang: Lang = model.lang === 'en' ? 'en' : 'zh-CN';
  const labels = labelsFor(lang);
  const timeZone = model.timeZone ?? 'UTC';
  const generated = formatGeneratedAt(model.generatedAt, lang, timeZone);
  const { guard } = model;
  const smallest =
    guard.smallestShown === null ? HIDDEN : formatReportNumber(guard.smallestShown, lang);

  const notices = model.notices.length
    ? `<aside class="notices" aria-labelledby="notices-h"><h2 id="notices-h" class="visually-hidden">${esc(labels.notices)}</h2>${listHtml(model.notices)}</aside>`
    : '';

  const guardHtml = `<div class="guard" id="privacy"><p><strong>${esc(labels.privacy)}${esc(labels.colon)}</strong>${esc(
    labels.smallestShown(smallest, formatReportNumber(guard.minGroup, lang)),
  )}${
    guard.suppressed > 0
      ? ` · ${esc(labels.mergedGroups(formatReportNumber(guard.suppressed, lang)))}`
      : ''
  }</p><p>${esc(labels.hiddenMark)}</p></div>`;

  const sensitiveHtml = !model.sensitiveUse
    ? ''
    : model.sensitiveUse.length === 0
      ? `<div class="sensitive-use" id="sensitive-use"><p><strong>${esc(labels.sensitive)}${esc(labels.colon)}</strong>${esc(labels.sensitiveNone)}</p></div>`
      : `<div class="sensitive-use" id="sensitive-use"><p><strong>${esc(labels.sensitive)}${esc(labels.colon)}</strong>${esc(labels.sensitiveUsed)}</p>${listHtml(model.sensitiveUse.map(labels.sensitiveItem))}</div>`;

  const parts: string[] = [];
  if (model.overview.length) {
    parts.push(
      section(
        'overview',
        labels.overview,
        `<dl class="overview">${model.overview
          .map((o) => `<div class="stat"><dt>${esc(o.label)}</dt><dd>${esc(o.value)}</dd></div>`)
          .join('')}</dl>`,
      ),
    );
  }

  const bySection = (s: ReportSection): string => {
    const charts = model.charts
      .map((chart, i) => ({ chart, i }))
      .filter(({ chart }) => (chart.section ?? 'segments') === s)
      .map(({ chart, i }) => chartHtml(chart, i, lang, labels));
    const tables = model.tables
      .filter((t) => (t.section ?? 'segments') === s)
      .map((t) => tableHtml(t, lang));
    return [...charts, ...tables].join('\n');
  };

  const segmentsBody = bySection('segments');
  if (segmentsBody) {
    parts.push(section('segments', labels.segments, segmentsBody));
  }
  if (model.personas.length) {
    parts.push(
      section(
        'personas',
        labels.personas,
        `<div class="personas">${model.personas.map((p) => personaHtml(p, lang, labels)).join('\n')}</div>`,
      ),
    );
  }
  const qualityBody = bySection('quality');
  if (qualityBody) {
    parts.push(section('quality', labels.quality, qualityBody));
  }
  if (model.methods.length) {
    parts.push(
      section(
        'methods',
        labels.methods,
        `<dl class="methods">${model.methods
          .map((m) => `<dt>${esc(m.term)}</dt><dd>${esc(m.definition)}</dd>`)
          .join('')}</dl>`,
      ),
    );
  }

  const workspaceNote = model.workspaceNote
    ? `<p class="meta workspace-note">${esc(model.workspaceNote)}</p>`
    : '';

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Portrait">
<title>${esc(model.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="report-head">
<h1>${esc(model.title)}</h1>
<p class="meta">${esc(labels.generated)}${esc(labels.colon)}${timeHtml(model.generatedAt, generated)}</p>
${workspaceNote}
<div class="purpose"><p><span class="purpose-tag">${esc(labels.purpose)}${esc(labels.colon)}</span><span class="purpose-label">${esc(model.purpose.label)}</span></p><p>${esc(model.purpose.note)}</p></div>
${notices}
${guardHtml}
${sensitiveHtml}
</header>
${parts.join('\n')}
<footer><p>${esc(labels.footer)}</p></footer>
</main>
</body>
</html>
`;
}

/**
 * Every table of the report (the overview first) in one aggregate CSV: header lines for the
 * title, purpose, generated time, guard and sensitive attributes used; then each table with a title row before it and
 * a blank row between. UTF-8 with BOM, CRLF, formula-safe (csv.ts).
 */
export function reportTablesCsv(model: ReportModel): string {
  const lang: Lang = model.lang === 'en' ? 'en' : 'zh-CN';
  const labels = labelsFor(lang);
  const rows: ReportCell[][] = [
    [labels.csvTitle, model.title],
    [labels.purpose, model.purpose.label, model.purpose.note],
    [labels.generated, model.generatedAt],
    [labels.csvK, model.guard.minGroup],
    [labels.csvSmallest, model.guard.smallestShown],
    [labels.csvSuppressed, model.guard.suppressed],
  ];
  if (model.sensitiveUse) {
    if (model.sensitiveUse.length === 0) {
      rows.push([labels.sensitive, labels.sensitiveNone]);
    }
    for (const u of model.sensitiveUse) {
      rows.push([
        labels.csvSensitiveUsed,
        u.attribute,
        u.category,
        labels.csvPurposeOfUse(u.purpose),
        u.allowedOn,
      ]);
    }
  }
  const tables: ReportTable[] = [];
  if (model.overview.length) {
    tables.push({
      title: labels.overview,
      columns: [],
      rows: model.overview.map((o) => [o.label, o.value]),
    });
  }
  tables.push(...model.tables);
  for (const table of tables) {
    rows.push([]);
    rows.push([table.title]);
    if (table.columns.length) {
      rows.push([...table.columns]);
    }
    for (const row of table.rows) {
      rows.push([...row]);
    }
    if (table.note) {
      rows.push([labels.csvNote, table.note]);
    }
  }
  return toCsv(rows);
}
