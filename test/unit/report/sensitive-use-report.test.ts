// Sensitive attributes on the outputs: the HTML report, the report CSV and the summary JSON
// say which sensitive attribute was allowed and for what written purpose (or that none was).
import { renderHtmlReport, reportTablesCsv } from '../../../src/lib/domain/report/html';
import { buildReportModel } from '../../../src/lib/domain/report/report-model';
import { buildSummary } from '../../../src/lib/domain/summary/summary';
import type { AnalysisResult } from '../../../src/lib/domain/analysis/analyze';
import type { SegmentsViewData } from '../../../src/lib/domain/analysis/views';
import type { SensitiveGrant } from '../../../src/lib/domain/privacy/sensitive-use';
import { sampleModel } from './report-fixture';

const GRANT: SensitiveGrant = {
  attribute: '月收入',
  category: 'income',
  purpose: '分析收入与复购的关系 <script>alert(1)</script> & 会员分层',
  grantedAt: '2025-03-04T05:06:07.000Z',
};

const RESULT = {
  analysisDate: null,
  customers: 100,
  profiled: 100,
  leftOut: 0,
  profilingTracked: false,
  clusters: null,
} as unknown as AnalysisResult;
const VIEW = { segments: [], lifecycle: [], clusters: [] } as unknown as SegmentsViewData;

function model(lang: 'zh-CN' | 'en', sensitiveUse?: SensitiveGrant[]) {
  return buildReportModel({
    lang,
    generatedAt: '2025-03-05T00:00:00.000Z',
    purpose: 'internal',
    minGroup: 5,
    result: RESULT,
    view: VIEW,
    quality: [],
    personas: [],
    sensitiveUse,
  }).model;
}

describe('report: sensitive attributes', () => {
  it('states that none was used when no grant is in force', () => {
    expect(renderHtmlReport(model('zh-CN', []))).toContain('未使用任何敏感属性');
    expect(renderHtmlReport(model('en'))).toContain('No sensitive attribute used');
    expect(reportTablesCsv(model('en'))).toContain(
      '\r\nSensitive attributes,"No sensitive attribute used (',
    );
  });

  it('prints each allowed attribute with its category, written purpose and date (escaped)', () => {
    const html = renderHtmlReport(model('zh-CN', [GRANT]));
    expect(html).toContain('月收入（收入）· 使用目的：“分析收入与复购的关系 &lt;script&gt;');
    expect(html).toContain('2025-03-04 允许');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('未使用任何敏感属性');
    const en = renderHtmlReport(model('en', [GRANT]));
    expect(en).toContain('月收入 (income) · purpose of use: “');
    expect(en).toContain('allowed on 2025-03-04');
    const csv = reportTablesCsv(model('en', [GRANT]));
    expect(csv).toContain(
      `\r\nSensitive attribute used,月收入,income,Purpose of use: ${GRANT.purpose},2025-03-04\r\n`,
    );
  });

  it('prints nothing about it for a model built without the field', () => {
    const m = sampleModel();
    expect(m.sensitiveUse).toBeUndefined();
    expect(renderHtmlReport(m)).not.toContain('id="sensitive-use"');
  });
});

describe('summary: sensitiveUse', () => {
  const parts = { inputs: [], transactions: [], analysisDateMs: null, customers: 0 };

  it('has no such key without grants (the v1 fields unchanged)', () => {
    expect(Object.keys(buildSummary(parts))).toEqual([
      'schema',
      'inputs',
      'transactions',
      'analysisDate',
      'customers',
      'rfm',
      'clusters',
      'lifecycle',
      'consent',
      'tags',
    ]);
    expect('sensitiveUse' in buildSummary({ ...parts, sensitiveUse: [] })).toBe(false);
  });

  it('adds the grants as the last field', () => {
    const s = buildSummary({ ...parts, sensitiveUse: [GRANT] });
    expect(Object.keys(s).at(-1)).toBe('sensitiveUse');
    expect(s.sensitiveUse).toEqual([GRANT]);
  });
});
