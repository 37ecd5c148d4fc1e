// `npx tsx scripts/sample-themes.ts [survey.csv[.gz]]`: prints the top survey themes of the
// bundled sample (public/sample/survey.csv.gz by default) per free-text column, over all
// answers and per satisfaction band, so they can be read the way a persona card shows them.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { topThemes, type Theme } from '../src/lib/domain/personas/themes';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ?? path.join(root, 'public', 'sample', 'survey.csv.gz');
const bytes = readFileSync(file);
const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
const { data, meta } = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
  header: true,
  skipEmptyLines: true,
});
const rows = data;
const columns = meta.fields ?? [];

/** Columns whose answers are words (two letters or more), not ids, dates or scores. */
const wordy = (value: string): boolean =>
  (value.match(/[\p{Script=Han}\p{L}]/gu)?.length ?? 0) >= 2 && !/^\w?\d/.test(value);
const textColumns = columns.filter(
  (c) => rows.filter((r) => wordy(r[c] ?? '')).length > rows.length / 2,
);
const satisfaction = columns.find((c) => /满意|satisf/i.test(c));

const show = (themes: readonly Theme[]): string =>
  themes.map((t) => `${t.theme} (${t.count})`).join(' · ') || '—';

for (const column of textColumns) {
  const answers = rows.map((r) => r[column] ?? '').filter((a) => a.trim() !== '');
  const started = performance.now();
  const themes = topThemes(answers, 'zh-CN', 10);
  const ms = (performance.now() - started).toFixed(0);
  console.log(`\n${column}: ${answers.length} answers, ${ms} ms`);
  console.log(`  all: ${show(themes)}`);
  if (satisfaction) {
    for (const [label, lo, hi] of [
      ['1-2', 1, 2],
      ['3', 3, 3],
      ['4-5', 4, 5],
    ] as const) {
      const band = rows.filter((r) => {
        const s = Number(r[satisfaction]);
        return s >= lo && s <= hi && (r[column] ?? '').trim() !== '';
      });
      const top = topThemes(
        band.map((r) => r[column] ?? ''),
        'zh-CN',
        5,
      );
      console.log(`  ${satisfaction} ${label} (${band.length}): ${show(top)}`);
    }
  }
}
