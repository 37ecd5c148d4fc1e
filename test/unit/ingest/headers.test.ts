import { normalizeHeaders } from '../../../src/lib/domain/ingest/headers';
import { scanCsv } from '../../../src/lib/domain/ingest/csv-scanner';
import { fixtureText } from './fixtures';

describe('normalizeHeaders', () => {
  it('trims and removes BOM and zero-width characters', () => {
    expect(
      normalizeHeaders(['\ufeff客户ID', ' 金额 ', 'a\u200bb', '\u3000日期\u3000'], 'zh-CN'),
    ).toEqual(['客户ID', '金额', 'ab', '日期']);
  });

  it('names blank headers by their 1-based position in the chosen language', () => {
    expect(normalizeHeaders(['a', '', '  ', '\u200b'], 'zh-CN')).toEqual([
      'a',
      '列2',
      '列3',
      '列4',
    ]);
    expect(normalizeHeaders(['a', '', 'c'], 'en')).toEqual(['a', 'Column 2', 'c']);
  });

  it('numbers duplicates from the second one on', () => {
    expect(normalizeHeaders(['手机', '手机', 'x', '手机'], 'zh-CN')).toEqual([
      '手机',
      '手机 (2)',
      'x',
      '手机 (3)',
    ]);
  });

  it('never produces a name that another header already has', () => {
    expect(normalizeHeaders(['手机', '手机', '手机 (2)'], 'zh-CN')).toEqual([
      '手机',
      '手机 (3)',
      '手机 (2)',
    ]);
    expect(normalizeHeaders(['列2', ''], 'zh-CN')).toEqual(['列2', '列2 (2)']);
  });

  it('handles the blank-headers-dups fixture, __proto__ and constructor included', () => {
    const [raw] = scanCsv(fixtureText('blank-headers-dups.csv'), ',').records;
    const headers = normalizeHeaders(raw!, 'zh-CN');
    expect(headers).toEqual([
      '手机',
      '列2',
      '手机 (2)',
      '__proto__',
      'constructor',
      '手机 (3)',
      '列7',
      'toString',
    ]);
    const byName = new Map(headers.map((h, i) => [h, i]));
    expect(byName.get('__proto__')).toBe(3);
    expect(byName.get('constructor')).toBe(4);
    expect(new Set(headers).size).toBe(headers.length);
  });
});
