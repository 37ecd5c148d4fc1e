// Tag rules over 100,000 customers: `npx tsx bench/tags.ts [CUSTOMERS]` evaluates ten rules
// into bitsets and combines them (an AND/OR of all ten plus every count), and measures the
// same work done the obvious way — an array of row objects filtered once per rule, then a Set
// intersection/union — as the baseline of the same run. Both must count the same customers.
// Prints one JSON line on stdout (median of 7 repetitions each, after a warm-up).
import { and, count, or } from '../src/lib/domain/tags/bitset';
import { evaluateRule } from '../src/lib/domain/tags/evaluate';
import { parseRule } from '../src/lib/domain/tags/rule';
import type { FieldTable } from '../src/lib/domain/tags/fields';

const n = Number(process.argv[2] ?? 100_000);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['', '上海', '北京', '深圳', '杭州', '广州', '成都', '武汉', '南京', '苏州', '重庆'];
const GENDERS = ['', '女', '男'];
const r = rng(20261123);
const R = new Float64Array(n);
const F = new Float64Array(n);
const M = new Float64Array(n);
const mScore = new Float64Array(n);
const fScore = new Float64Array(n);
const city = new Uint32Array(n);
const gender = new Uint32Array(n);
const rows: {
  R: number;
  F: number;
  M: number;
  M_score: number;
  F_score: number;
  city: string;
  gender: string;
}[] = [];
for (let c = 0; c < n; c++) {
  R[c] = Math.floor(r() * 720);
  F[c] = 1 + Math.floor(-Math.log(1 - r()) * 3);
  M[c] = Math.round(F[c]! * (50 + r() * 900));
  mScore[c] = 1 + Math.floor(r() * 5);
  fScore[c] = 1 + Math.floor(r() * 5);
  city[c] = Math.floor(r() * CITIES.length);
  gender[c] = Math.floor(r() * GENDERS.length);
  rows.push({
    R: R[c]!,
    F: F[c]!,
    M: M[c]!,
    M_score: mScore[c]!,
    F_score: fScore[c]!,
    city: CITIES[city[c]!]!,
    gender: GENDERS[gender[c]!]!,
  });
}
const table: FieldTable = {
  n,
  fields: [
    { name: 'R', kind: 'number', values: R },
    { name: 'F', kind: 'number', values: F },
    { name: 'M', kind: 'number', values: M },
    { name: 'M_score', kind: 'number', values: mScore },
    { name: 'F_score', kind: 'number', values: fScore },
    { name: '城市', kind: 'category', codes: city, values: CITIES },
    { name: '性别', kind: 'category', codes: gender, values: GENDERS },
  ],
};
type Row = (typeof rows)[number];
const RULES: [string, (x: Row) => boolean][] = [
  ['M_score >= 4', (x) => x.M_score >= 4],
  ['F_score >= 4', (x) => x.F_score >= 4],
  ['R <= 30', (x) => x.R <= 30],
  ['R > 180', (x) => x.R > 180],
  ['F = 1', (x) => x.F === 1],
  ['F >= 2', (x) => x.F >= 2],
  ['城市 IN ("上海", "杭州")', (x) => x.city === '上海' || x.city === '杭州'],
  ['性别 = "女"', (x) => x.gender === '女'],
  ['M > 2000 AND R < 90', (x) => x.M > 2000 && x.R < 90],
  ['城市 = "北京" OR M_score = 5', (x) => x.city === '北京' || x.M_score === 5],
];
const asts = RULES.map(([text]) => {
  const p = parseRule(text);
  if (!p.ok) {
    throw new Error(p.error.message.en);
  }
  return p.ast;
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
function time<T>(f: () => T): { ms: number; value: T } {
  let value = f(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    value = f();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), value };
}

const ours = time(() => asts.map((a) => evaluateRule(a, table)));
const bits = ours.value;
// (t0 AND t1 AND … AND t4) OR (t5 AND … AND t9), plus the count of every tag.
const combine = time(() => {
  let left = bits[0]!;
  for (let i = 1; i < 5; i++) {
    left = and(left, bits[i]!);
  }
  let right = bits[5]!;
  for (let i = 6; i < 10; i++) {
    right = and(right, bits[i]!);
  }
  return [count(or(left, right)), ...bits.map(count)];
});
const naive = time(() => RULES.map(([, f]) => rows.flatMap((x, i) => (f(x) ? [i] : []))));
const naiveCombine = time(() => {
  const sets = naive.value.map((ids) => new Set(ids));
  const inter = (from: number, to: number) => {
    let s = sets[from]!;
    for (let i = from + 1; i < to; i++) {
      s = new Set([...s].filter((x) => sets[i]!.has(x)));
    }
    return s;
  };
  return [new Set([...inter(0, 5), ...inter(5, 10)]).size, ...sets.map((s) => s.size)];
});
const same = JSON.stringify(combine.value) === JSON.stringify(naiveCombine.value);
if (!same) {
  throw new Error(`counts differ: ${combine.value.join(',')} vs ${naiveCombine.value.join(',')}`);
}
console.log(
  JSON.stringify({
    customers: n,
    rules: RULES.length,
    evaluateMs: ours.ms,
    combineAndCountMs: combine.ms,
    baselineFilterMs: naive.ms,
    baselineCombineMs: naiveCombine.ms,
    ratioEvaluate: ours.ms / naive.ms,
    ratioCombine: combine.ms / naiveCombine.ms,
    counts: combine.value,
  }),
);
