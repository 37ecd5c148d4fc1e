// Survey themes of the bundled sample (scripts/gen-sample.mjs → public/sample/survey.csv.gz):
// what the persona cards show must read like phrases a marketer would write, with true counts.
// `npx tsx scripts/sample-themes.ts` prints them per column and satisfaction band.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { mentionsTheme, topThemes } from '../../../src/lib/domain/personas/themes';

const ROOT = path.resolve(import.meta.dirname, '../../..');

let pains: string[] = [];

beforeAll(() => {
  // The sample is generated (seeded, deterministic), not committed.
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-sample.mjs')], {
    cwd: ROOT,
  });
  expect(r.status).toBe(0);
  const csv = gunzipSync(readFileSync(path.join(ROOT, 'public', 'sample', 'survey.csv.gz')));
  const { data } = Papa.parse<Record<string, string>>(csv.toString('utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  pains = data.map((row) => row['痛点'] ?? '').filter((a) => a.trim() !== '');
}, 60_000);

describe('topThemes on the sample survey', () => {
  it('lists pain points as whole phrases, not single words', () => {
    const themes = topThemes(pains, 'zh-CN', 10);
    expect(themes).toHaveLength(10);
    for (const { theme } of themes) {
      expect([...theme].length).toBeGreaterThanOrEqual(4);
    }
    // What the first version listed: single words and template filler.
    const all = topThemes(pains, 'zh-CN', 100).map((t) => t.theme);
    for (const weak of [
      '满意',
      '快',
      '慢',
      '多',
      '优惠',
      '会员',
      '更新',
      '没什么大',
      '主要是',
      '改进',
    ]) {
      expect(all).not.toContain(weak);
    }
    expect(all).toEqual(expect.arrayContaining(['积分过期太快', '门店排队时间长', '客服回复慢']));
  });

  it('counts each theme in the answers that mention it', () => {
    for (const { theme, count } of topThemes(pains, 'zh-CN', 25)) {
      expect(count).toBe(pains.filter((a) => mentionsTheme(a, theme)).length);
    }
  });
});
