import {
  REPORT_CSP,
  escapeHtml,
  formatReportNumber,
  renderHtmlReport,
} from '../../../src/lib/domain/report/html';
import type { ReportModel } from '../../../src/lib/domain/report/html';
import { placeholderAvatar, sampleModel, XSS_PAYLOADS, xssModel } from './report-fixture';
import { checkNesting, scanTags } from './html-scan';
import type { ScannedTag } from './html-scan';

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'h1', 'h2', 'h3',
  'h4', 'p', 'time', 'div', 'span', 'strong', 'small', 'aside', 'section', 'article', 'ul', 'li',
  'dl', 'dt', 'dd', 'figure', 'figcaption', 'blockquote', 'table', 'caption', 'thead', 'tbody',
  'tr', 'th', 'td', 'svg', 'desc', 'g', 'line', 'rect', 'text', 'circle', 'ellipse',
]); // prettier-ignore

const ALLOWED_ATTRS = new Set([
  'lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'scope', 'datetime', 'role',
  'aria-labelledby', 'aria-describedby', 'aria-hidden', 'xmlns', 'viewbox', 'width', 'height',
  'preserveaspectratio', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'rx', 'ry', 'cx', 'cy', 'r', 'fill',
  'text-anchor',
]); // prettier-ignore

function minimalModel(overrides: Partial<ReportModel> = {}): ReportModel {
  return {
    lang: 'en',
    title: 'Report',
    generatedAt: '2024-05-01T08:00:00.000Z',
    purpose: { label: 'Profiling', note: 'Internal analysis only.' },
    guard: { minGroup: 10, smallestShown: 12, suppressed: 0 },
    overview: [],
    charts: [],
    tables: [],
    personas: [],
    methods: [],
    notices: [],
    ...overrides,
  };
}

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes an already escaped text again (it is text, not markup)', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('renderHtmlReport: XSS', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    describe(lang, () => {
      const model = xssModel(lang);
      const html = renderHtmlReport(model);
      // Scanned in a hook so that leaked markup fails the tests, not the collection.
      let tags: ScannedTag[] = [];
      beforeAll(() => {
        tags = scanTags(html);
      });

      it('has no markup from the model: every tag and attribute is one of ours', () => {
        for (const tag of tags) {
          expect(ALLOWED_TAGS, tag.name).toContain(tag.name);
          for (const [name] of tag.attrs) {
            expect(ALLOWED_ATTRS, `${tag.name} ${name}`).toContain(name.toLowerCase());
          }
        }
      });

      it('has no script, img, iframe, event handler or javascript: attribute', () => {
        expect(html).not.toMatch(/<script/i);
        expect(html).not.toMatch(/<img/i);
        expect(html).not.toMatch(/<iframe/i);
        expect(html).not.toMatch(/<a\s/i);
        for (const tag of tags) {
          for (const [name, value] of tag.attrs) {
            expect(name).not.toMatch(/^on/i);
            expect(value).not.toMatch(/javascript:/i);
            expect(value).not.toMatch(/[<>]/);
          }
        }
        // " onerror=" may appear only inside escaped text, never inside a tag.
        for (const m of html.matchAll(/ on\w+=/gi)) {
          const before = html.slice(0, m.index);
          expect(before.lastIndexOf('<')).toBeLessThan(before.lastIndexOf('>'));
        }
      });

      it('shows every payload as escaped text', () => {
        for (const payload of XSS_PAYLOADS) {
          expect(html).toContain(escapeHtml(payload));
        }
      });

      it('holds no svg but the charts and the avatars', () => {
        const svgs = tags.filter((t) => t.name === 'svg' && !t.closing);
        expect(svgs).toHaveLength(model.charts.length + model.personas.length);
        const avatar = placeholderAvatar('#446688');
        expect(html.split(avatar)).toHaveLength(model.personas.length + 1);
        const chartSvgs = svgs.filter((t) => t.attrs.some(([n, v]) => n === 'role' && v === 'img'));
        expect(chartSvgs).toHaveLength(model.charts.length);
      });

      it('puts the CSP first in head, right after the charset', () => {
        const head = tags.filter((t) => !t.closing).map((t) => t.name);
        expect(head.slice(0, 4)).toEqual(['html', 'head', 'meta', 'meta']);
        const [charset, csp] = tags.filter((t) => t.name === 'meta');
        expect(charset?.attrs).toEqual([['charset', 'utf-8']]);
        expect(csp?.attrs).toEqual([
          ['http-equiv', 'Content-Security-Policy'],
          ['content', REPORT_CSP],
        ]);
        expect(REPORT_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
      });

      it('refers to no URL but the SVG namespace', () => {
        const urls = html.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
        expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
        expect(html).not.toMatch(/url\(/i);
        expect(html).not.toMatch(/@import|@font-face/i);
      });
    });
  }
});

describe('renderHtmlReport: document', () => {
  const model = sampleModel();
  const html = renderHtmlReport(model);

  it('is a well-formed document', () => {
    expect(
      html.startsWith('<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">'),
    ).toBe(true);
    const tags = scanTags(html);
    expect(checkNesting(tags)).toBeGreaterThan(100);
    expect(tags.filter((t) => t.name === 'html' && !t.closing)).toHaveLength(1);
    expect(tags.filter((t) => t.name === 'body' && !t.closing)).toHaveLength(1);
  });

  it('is well-formed with XSS payloads too', () => {
    expect(checkNesting(scanTags(renderHtmlReport(xssModel())))).toBeGreaterThan(50);
  });

  it('has the sections in Chinese with the guard line', () => {
    for (const heading of ['概览', '客户分群', '用户画像', '数据质量', '方法与定义']) {
      expect(html).toContain(`>${heading}</h2>`);
    }
    expect(html).toContain('最小展示组：13 人（少于 10 人的组已并入“其他”）');
    expect(html).toContain('已并入“其他”的组：2 个');
    expect(html).toContain('用途');
    expect(html).toContain('生成时间');
    expect(html).toContain('2024年7月1日');
  });

  it('has the sections in English', () => {
    const en = renderHtmlReport(
      minimalModel({
        tables: [
          { title: 'Segments', columns: ['Segment', 'Customers'], rows: [['A', 12]] },
          { title: 'Quality', columns: ['Item', 'Rows'], rows: [['Kept', 5]], section: 'quality' },
        ],
        personas: sampleModel().personas,
        overview: [{ label: 'Customers', value: '12' }],
        methods: [{ term: 'R', definition: 'Recency' }],
      }),
    );
    for (const heading of [
      'Overview',
      'Segments',
      'Personas',
      'Data quality',
      'Methods and definitions',
    ]) {
      expect(en).toContain(`>${heading}</h2>`);
    }
    expect(en).toContain(
      'Smallest group shown: 12 (groups under 10 customers merged into “Other”)',
    );
    expect(en).toContain('Purpose');
    expect(en).toContain('Generated');
    expect(en).toContain('May 1, 2024');
    expect(en).toContain('<html lang="en">');
  });

  it('leaves out empty sections and shows "—" when no group is shown', () => {
    const empty = renderHtmlReport(
      minimalModel({ guard: { minGroup: 5, smallestShown: null, suppressed: 0 } }),
    );
    expect(empty).not.toContain('<section');
    expect(empty).toContain('Smallest group shown: — (groups under 5 customers');
    expect(empty).not.toContain('merged into “Other”:');
  });

  it('draws one bar per value, scaled to the largest', () => {
    const chart = renderHtmlReport(
      minimalModel({
        charts: [
          {
            title: 'T',
            description: 'D',
            bars: [
              { label: 'big', value: 200, display: '200' },
              { label: 'half', value: 100, display: '100' },
              { label: 'none', value: 0, display: '0' },
              { label: 'negative', value: -5, display: '-5' },
            ],
          },
        ],
      }),
    );
    const widths = [...chart.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toEqual([390, 195, 0, 0]);
    expect(chart).toContain('<title id="chart-1-title">T</title>');
    expect(chart).toContain('<desc id="chart-1-desc">D</desc>');
    expect(chart).toContain('aria-labelledby="chart-1-title" aria-describedby="chart-1-desc"');
    expect(chart).toContain('class="visually-hidden"');
  });

  it('leaves room for the value text right of the longest bar', () => {
    const chart = renderHtmlReport(
      minimalModel({
        charts: [
          {
            title: 'T',
            description: 'D',
            bars: [
              { label: 'a', value: 10, display: '1,234,567 (45.6%)' },
              { label: 'b', value: 5, display: 'x'.repeat(80) },
            ],
          },
        ],
      }),
    );
    const width = Number(/<rect class="bar"[^>]* width="([\d.]+)"/.exec(chart)?.[1]);
    expect(width).toBeLessThan(640 - 190 - 100);
    expect(chart).toContain('>1,234,567 (45.6%)</text>');
    expect(chart).toMatch(/>x+…<\/text>/);
  });

  it('shortens a long chart label and keeps it whole in the tooltip and data table', () => {
    const long = '一个非常非常非常非常非常非常长的分群名称';
    const chart = renderHtmlReport(
      minimalModel({
        charts: [{ title: 'T', description: 'D', bars: [{ label: long, value: 1, display: '1' }] }],
      }),
    );
    expect(chart).toMatch(/<\/title>[^<]+…<\/text>/);
    expect(chart).toContain(`<title>${long}</title>`);
    expect(chart).toContain(`<th scope="row">${long}</th>`);
  });

  it('marks template personas, edited fields, real and illustrative quotes', () => {
    expect(html).toContain('>模板</span>');
    expect(html).toContain('目标与痛点来自模板，并非来自问卷回答。');
    expect(html).toContain('已编辑：标语');
    expect(html).toContain('真实问卷回答');
    const en = renderHtmlReport(
      minimalModel({ personas: [{ ...sampleModel().personas[0]!, quoteIsReal: false }] }),
    );
    expect(en).toContain('Illustrative quote');
    expect(en).toContain('Edited: tagline');
    expect(en).toContain('Based on 1,234 customers');
  });

  it('shows each fact with its basis', () => {
    expect(html).toContain(
      '<dt>年龄</dt><dd><span class="fact-value">30–39 岁</span><small class="basis">基于 1,234 位客户：平均年龄 33.8 岁</small></dd>',
    );
  });

  it('has a print stylesheet for A4 that keeps cards whole', () => {
    expect(html).toContain('@media print');
    expect(html).toContain('size: A4');
    expect(html).toMatch(/\.persona[^{]*\{[^}]*page-break-inside: avoid/);
    expect(html).toContain(
      '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"',
    );
  });
});

describe('renderHtmlReport: numbers', () => {
  const table = {
    title: 'T',
    columns: ['Name', 'Value'],
    rows: [
      ['a', 1234567.891],
      ['b', -12.5],
      ['c', null],
    ],
  };

  it('formats numbers for the language', () => {
    expect(formatReportNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatReportNumber(1234567.891, 'zh-CN')).toBe('1,234,567.89');
    expect(formatReportNumber(-12.5, 'en')).toBe('-12.5');
    expect(formatReportNumber(Number.NaN, 'en')).toBe('—');
    for (const lang of ['en', 'zh-CN'] as const) {
      const expected = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(
        1234567.891,
      );
      expect(renderHtmlReport(minimalModel({ lang, tables: [table] }))).toContain(
        `<td class="num">${expected}</td>`,
      );
    }
  });

  it('right-aligns numeric columns and shows null as a dash', () => {
    const html = renderHtmlReport(minimalModel({ tables: [table] }));
    expect(html).toContain('<th scope="col">Name</th><th scope="col" class="num">Value</th>');
    expect(html).toContain('<td class="num">-12.5</td>');
    expect(html).toContain('<td class="hidden-value">—</td>');
    expect(html).toContain('<th scope="row">a</th>');
  });

  it('formats the generated time for the language and zone', () => {
    const at = '2024-05-01T20:30:00.000Z';
    const zh = renderHtmlReport(
      minimalModel({ lang: 'zh-CN', generatedAt: at, timeZone: 'Asia/Shanghai' }),
    );
    expect(zh).toContain('<time datetime="2024-05-01T20:30:00.000Z">2024年5月2日 04:30</time>');
    const en = renderHtmlReport(minimalModel({ generatedAt: at }));
    expect(en).toMatch(
      /<time datetime="2024-05-01T20:30:00.000Z">May 1, 2024[^<]*8:30\sPM<\/time>/,
    );
    const bad = renderHtmlReport(minimalModel({ generatedAt: 'yesterday"><b>' }));
    expect(bad).toContain('<time>yesterday&quot;&gt;&lt;b&gt;</time>');
  });
});
