import { BOM } from '../../../src/lib/domain/report/csv';
import { reportTablesCsv } from '../../../src/lib/domain/report/html';
import type { ReportModel } from '../../../src/lib/domain/report/html';
import { sampleModel } from './report-fixture';

function model(): ReportModel {
  return {
    lang: 'en',
    title: 'Q2 report',
    generatedAt: '2024-05-01T08:00:00.000Z',
    purpose: { label: 'Profiling', note: 'Internal, aggregates only' },
    guard: { minGroup: 10, smallestShown: 12, suppressed: 2 },
    overview: [{ label: 'Customers', value: '1,234' }],
    charts: [],
    tables: [
      {
        title: 'Segments',
        columns: ['Segment', 'Customers', 'Change'],
        rows: [
          ['=1+2";=1+2', 12, -12.5],
          ['Other', null, 3],
        ],
        note: 'Groups under 10 merged',
      },
      { title: 'Quality', columns: ['Item', 'Rows'], rows: [['Kept', 5]], section: 'quality' },
    ],
    personas: [],
    methods: [],
    notices: [],
  };
}

describe('reportTablesCsv', () => {
  const csv = reportTablesCsv(model());
  const lines = csv.slice(BOM.length).split('\r\n');

  it('starts with a BOM and uses CRLF only', () => {
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('opens with purpose, generated time and guard lines', () => {
    expect(lines.slice(0, 6)).toEqual([
      'Report,Q2 report',
      'Purpose,Profiling,"Internal, aggregates only"',
      'Generated,2024-05-01T08:00:00.000Z',
      'Minimum group size (k),10',
      'Smallest group shown,12',
      'Groups merged into “Other”,2',
    ]);
  });

  it('holds every table with a title row before it and a blank row between', () => {
    expect(lines.slice(6)).toEqual([
      '',
      'Overview',
      'Customers,"1,234"',
      '',
      'Segments',
      'Segment,Customers,Change',
      `"'=1+2"";=1+2",12,-12.5`,
      'Other,,3',
      'Note,Groups under 10 merged',
      '',
      'Quality',
      'Item,Rows',
      'Kept,5',
      '',
    ]);
  });

  it('makes formula-like text safe and keeps negative numbers as numbers', () => {
    expect(csv).toContain(`"'=1+2"";=1+2"`);
    expect(csv).toContain(',-12.5\r\n');
    expect(csv).not.toContain("'-12.5");
  });

  it('writes the labels in Chinese for a Chinese report', () => {
    const zh = reportTablesCsv(sampleModel()).slice(BOM.length).split('\r\n');
    expect(zh[0]).toBe('报告,客户画像报告 · 2024 年第二季度');
    expect(zh[3]).toBe('最小组人数 (k),10');
    expect(zh[4]).toBe('最小展示组,13');
    expect(zh).toContain('RFM 八类客户');
    expect(zh).toContain('数据质量');
    expect(zh).toContain('其他,13,9650,182.2,3.1');
  });
});
