// Persona names that fit a customer group: its dominant gender, its age band and the UI
// language (张静, 32 岁 / "Emma W., 32"). Names are invented from pools of common given names
// by birth generation, so a 60-year-old is not called 梓轩 or Olivia. The same seed always
// gives the same name and age.
import type { Lang } from '../types';
import { seededIndex, seededPick } from './hash';

export type PersonaGender = 'female' | 'male' | null;
/** Birth generation, from the persona's age (fixed cut-offs, so names never drift by date). */
export type Generation = 'senior' | 'middle' | 'adult' | 'young';
type PoolKey = 'female' | 'male' | 'neutral';

export interface PersonaNameInput {
  seed: string;
  gender: PersonaGender;
  ageBand: string | null;
  lang: Lang;
}

export interface PersonaName {
  name: string;
  age: number;
}

/** Ages a persona can have; bands beyond these are clamped. */
export const MIN_PERSONA_AGE = 14;
export const MAX_PERSONA_AGE = 90;
/** The range used when the band is missing or unreadable. */
export const DEFAULT_AGE_RANGE = { min: 30, max: 39 } as const;
/**
 * The year "90后" and "00后" are read against. A constant, not today's date, so a band gives
 * the same ages next year too (the persona is illustrative, not a census).
 */
export const GENERATION_REFERENCE_YEAR = 2025;

/** How many years an open band ("65+", "55岁以上") spans. */
const OPEN_BAND_SPAN = 9;

// --- Age bands ---

/**
 * Reads an age band label into an inclusive age range, or null when it holds no age.
 * Understands "25-34", "25–34" (en dash), "25～34", "25至34岁", "25 to 34", "65+", "≥65",
 * "65岁以上", "65 and over", "<18", "18岁以下", "under 18", "90后" and a single age ("30岁").
 * The result is clamped to MIN_PERSONA_AGE..MAX_PERSONA_AGE.
 */
export function parseAgeBand(band: string | null): { min: number; max: number } | null {
  if (band === null) {
    return null;
  }
  const text = band.normalize('NFKC').trim().toLowerCase();
  const range = /(\d{1,3})\s*(?:-|–|—|~|〜|至|到|to)\s*(\d{1,3})/.exec(text);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    return clampRange(Math.min(a, b), Math.max(a, b));
  }
  const generation = /(\d{2})\s*后/.exec(text);
  if (generation) {
    // "90后" = born 1990–1999, "00后" = born 2000–2009, "10后" = born 2010–2019.
    const yy = Number(generation[1]);
    const decade = yy >= 30 ? 1900 + yy : 2000 + yy;
    const start = decade - (decade % 10);
    return clampRange(GENERATION_REFERENCE_YEAR - start - 9, GENERATION_REFERENCE_YEAR - start);
  }
  const below = /(?:<|＜|under|below|小于|不满|未满)\s*(\d{1,3})|(\d{1,3})\s*岁?\s*以下/.exec(text);
  if (below) {
    const n = Number(below[1] ?? below[2]);
    return clampRange(n - 4, n - 1);
  }
  const above =
    /(?:>=?|≥|over|above|大于)\s*(\d{1,3})|(\d{1,3})\s*(?:\+|岁?\s*(?:及)?以上|and over|or over|and above|or older|plus)/.exec(
      text,
    );
  if (above) {
    const n = Number(above[1] ?? above[2]);
    return clampRange(n, n + OPEN_BAND_SPAN);
  }
  const single = /(\d{1,3})/.exec(text);
  if (single) {
    const n = Number(single[1]);
    return clampRange(n, n);
  }
  return null;
}

function clampRange(min: number, max: number): { min: number; max: number } {
  const lo = Math.min(Math.max(min, MIN_PERSONA_AGE), MAX_PERSONA_AGE);
  const hi = Math.min(Math.max(max, lo), MAX_PERSONA_AGE);
  return { min: lo, max: hi };
}

/** A deterministic whole age inside the band (30–39 when the band is missing or unreadable). */
export function personaAge(seed: string, ageBand: string | null): number {
  const { min, max } = parseAgeBand(ageBand) ?? DEFAULT_AGE_RANGE;
  return min + seededIndex(seed, 'age', max - min + 1);
}

/** senior ≥ 60, middle 45–59, adult 30–44, young < 30. */
export function generationOf(age: number): Generation {
  if (age >= 60) {
    return 'senior';
  }
  if (age >= 45) {
    return 'middle';
  }
  if (age >= 30) {
    return 'adult';
  }
  return 'young';
}

// --- Name pools ---

/** Splits a space-separated word list (keeps the pools readable and prettier-stable). */
function words(list: string): readonly string[] {
  return list.split(' ');
}

/** Common single-character surnames, roughly in order of frequency. */
export const ZH_SURNAMES = words(
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 ' +
    '彭 曾 肖 田 董 袁 潘 蒋 蔡 余 杜 叶 程 魏 苏 吕 丁 沈',
);

type Pools = Readonly<Record<PoolKey, Readonly<Record<Generation, readonly string[]>>>>;

/** Given names typical of each birth generation in mainland China. */
export const ZH_GIVEN_NAMES: Pools = {
  female: {
    senior: words('秀英 桂英 淑珍 玉兰 秀兰 桂兰 凤英 淑华 秀珍 玉珍 素芳 玉梅'),
    middle: words('红梅 丽华 春燕 秀梅 美玲 晓红 艳 海燕 丽萍 卫红 雪梅 慧'),
    adult: words('静 丽 敏 芳 娟 婷 燕 颖 洁 晶 倩 丹 雪 琳 佳'),
    young: words('子涵 欣怡 雨桐 梓涵 诗涵 可馨 佳怡 雨萱 梦瑶 思琪 欣妍 语桐'),
  },
  male: {
    senior: words('建国 国强 志明 德明 永清 卫东 振华 国庆 建民 福生 德胜 永康'),
    middle: words('志强 建军 海涛 志刚 建平 海波 卫国 立军 红兵 永刚 东升 建新'),
    adult: words('伟 磊 军 勇 强 涛 鹏 浩 斌 俊杰 明 亮 晨阳 宇'),
    young: words('梓轩 浩然 子轩 宇轩 俊熙 博文 皓轩 宇航 泽宇 明轩 一鸣 睿'),
  },
  // For groups without a dominant gender: names given to girls and boys alike.
  neutral: {
    senior: words('建华 文华 立新 平 明 华'),
    middle: words('建华 立新 卫华 文 平 红'),
    adult: words('晨 文 宁 洋 畅 凡 安'),
    young: words('子墨 一诺 安然 思远 子安 雨辰 晨 安'),
  },
};

/** English first names by birth generation (popular in the US and UK in each era). */
export const EN_FIRST_NAMES: Pools = {
  female: {
    senior: words('Linda Susan Patricia Barbara Carol Nancy Karen Sandra Donna Margaret'),
    middle: words('Lisa Michelle Kimberly Amy Angela Julie Tracy Laura Heather Dawn'),
    adult: words('Jennifer Jessica Sarah Amanda Emily Megan Rachel Nicole Lauren Hannah'),
    young: words('Emma Olivia Sophia Chloe Grace Ava Mia Zoe Isabella Lily'),
  },
  male: {
    senior: words('Robert James John Richard Thomas Gary Steven Dennis Kenneth Paul'),
    middle: words('David Brian Scott Jeffrey Kevin Eric Mark Timothy Darren Craig'),
    adult: words('Michael Christopher Matthew Daniel Andrew Ryan Joshua Jason Adam Tom'),
    young: words('Liam Noah Ethan Lucas Jacob Mason Oliver Logan Owen Leo'),
  },
  neutral: {
    senior: words('Leslie Terry Lee Dana Chris Robin Kim Pat'),
    middle: words('Chris Terry Kim Dana Jamie Robin Leslie Lee'),
    adult: words('Alex Jordan Jamie Casey Morgan Taylor Sam Chris'),
    young: words('Alex Jordan Riley Avery Casey Morgan Quinn Sam'),
  },
};

/** Initials of common surnames (no Q, X, Z …, which would look contrived). */
const EN_LAST_INITIALS = 'ABCDEFGHJKLMNPRSTW';

/**
 * Full Chinese names that belong to a well-known person or read as an unfortunate pun
 * (杨伟 ≈ 阳痿, 胡丽 ≈ 狐狸): the next name in the same pool is taken instead.
 */
const ZH_AVOID: ReadonlySet<string> = new Set(
  words(
    '杨伟 胡丽 马丽 李娜 张杰 林俊杰 刘涛 黄磊 邓超 周涛 朱军 刘洋 周杰 王刚 李静 陈静 ' +
      '韩红 陈红 张亮 李宁 胡军 董洁 朱丹 何洁 林丹 李勇 王明',
  ),
);

function poolKey(gender: PersonaGender): PoolKey {
  return gender ?? 'neutral';
}

// --- Names ---

/** A name and age for a persona: deterministic for the same input. */
export function personaName(input: PersonaNameInput): PersonaName {
  const age = personaAge(input.seed, input.ageBand);
  const generation = generationOf(age);
  const key = poolKey(input.gender);
  const name =
    input.lang === 'zh-CN'
      ? zhName(input.seed, ZH_GIVEN_NAMES[key][generation])
      : enName(input.seed, EN_FIRST_NAMES[key][generation]);
  return { name, age };
}

function zhName(seed: string, givenNames: readonly string[]): string {
  const surname = seededPick(seed, 'surname', ZH_SURNAMES) ?? '王';
  const start = seededIndex(seed, 'given', givenNames.length);
  // Walk the pool from the seeded start until a name is not on the avoid list.
  for (let step = 0; step < givenNames.length; step++) {
    const given = givenNames[(start + step) % givenNames.length] ?? '';
    if (!ZH_AVOID.has(surname + given)) {
      return surname + given;
    }
  }
  return surname + (givenNames[start] ?? '');
}

function enName(seed: string, firstNames: readonly string[]): string {
  const first = seededPick(seed, 'first', firstNames) ?? 'Alex';
  const initial = EN_LAST_INITIALS[seededIndex(seed, 'initial', EN_LAST_INITIALS.length)] ?? 'W';
  return `${first} ${initial}.`;
}

/** "张静，32 岁" / "Emma W., 32": how a card's heading shows name and age. */
export function formatNameAge(person: PersonaName, lang: Lang): string {
  return lang === 'zh-CN' ? `${person.name}，${person.age} 岁` : `${person.name}, ${person.age}`;
}
