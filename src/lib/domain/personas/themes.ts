// Themes in free-text survey answers ("what bothers you most?") and a check for answers that
// are safe to quote on a persona card.
//
// Themes are words and adjacent word pairs counted by document frequency: the number of
// answers that mention them, so one long rant cannot outweigh ten short answers. Words come
// from Intl.Segmenter (ICU dictionaries in every current browser and Node), stop words are
// dropped, and for Chinese, where the segmenter often splits a compound (排队 | 时间) or a
// word it does not know into single characters (客 | 服), adjacent pairs are counted too and
// a pair replaces its parts when it covers most of their mentions.
import type { Lang } from '../types';

export interface Theme {
  theme: string;
  /** How many answers mention the theme. */
  count: number;
}

/**
 * A pair replaces a part when it appears in at least this share of the answers that
 * mention the part (排队时间 in 3 of the 4 answers that mention 排队 → 排队 is not listed).
 */
export const BIGRAM_SHARE = 0.6;
/** A pair must appear in at least this many answers to become a theme. */
export const MIN_BIGRAM_COUNT = 2;

// --- Stop words ---

function wordSet(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w !== ''));
}

/** Function words and vague words that never make a theme on their own. */
const ZH_STOP = wordSet(`
  的 了 是 在 和 与 及 或 也 很 太 都 就 而 而且 并且 但 但是 可是 不过 因为 所以 如果 虽然 还是 或者
  我 我们 你 你们 您 他 她 它 他们 她们 大家 自己 有 没有 没 不 别 还 又 再 要 会 能 可以 可能 应该
  对 这 那 这个 那个 这些 那些 这样 那样 这里 那里 个 吗 呢 吧 啊 呀 哦 嗯 哈 啦 嘛 让 被 把 给 从
  到 跟 比 向 着 过 得 地 之 等 一些 一点 一下 有点 有些 比较 非常 特别 真的 真 挺 好 最 更 越 还有
  其他 然后 以及 一直 每次 时候 东西 问题 觉得 感觉 希望 就是 什么 怎么 怎样 为什么 现在 已经 总是
  经常 有时 一个 一般 其实 当然 需要 比如 例如 建议 谢谢 目前 整体 总体 方面 情况 一样 特别是
`);

const EN_STOP = wordSet(`
  a an the and or but nor so if then than that this these those there here it its it's itself
  i i'm i've i'd me my mine we we're our ours us you you're your yours he him his she her hers
  they them their theirs is are was were be been being am do does did doing done have has had
  having will would shall should can can't cannot could may might must to of in on at by for
  with without from into onto about above below over under up down out off again further once
  very too not no nor only just also really quite rather more most much many some any all both
  each few other such own same as when where why how what which who whom whose while because
  until through during before after get got getting go goes going make makes made don't doesn't
  didn't isn't aren't wasn't weren't won't wouldn't couldn't shouldn't haven't hasn't hadn't
  thing things lot lots bit always never often sometimes usually still even though although
  like would've one two yes ok okay please thanks thank etc
`);

/** Degree adverbs stripped from the front of a Chinese word (太快 → 快, 非常方便 → 方便). */
const ZH_DEGREE_PREFIXES = '非常 特别 比较 有点 有些 真的 太 很 挺 好 超'.split(' ');
/** Single characters that carry a complaint or praise by themselves; other lone ones are noise. */
const ZH_SINGLE_ALLOWED = wordSet(
  '贵 慢 快 少 多 差 难 卡 乱 吵 挤 脏 远 久 累 烦 长 短 小 大 旧 淡 咸',
);
/**
 * Common one-character verbs and function characters: they are never the first or a later
 * character of a word the segmenter missed (找 | 客 | 服 is 找 + 客服, not 找客服).
 */
const ZH_NO_JOIN = wordSet(
  '找 买 卖 用 去 来 看 说 打 拿 送 退 换 问 想 做 给 到 上 下 里 后 前 才 能 开 关 叫 请 加 每 各 该 次 件 种 等',
);
/** Particles that may sit between the two words of a pair (排队的时间, 价格太贵). */
const ZH_TRANSPARENT = wordSet('的 太 很 都 也 还 又 真 挺 好 非常 特别 比较 有点 有些');

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_ONLY = /^[\u3400-\u9fff\uf900-\ufaff]+$/;
const LATIN_WORD = /^[a-z][a-z'-]*$/;
const ZH_NUMBER =
  /^[零〇一二两三四五六七八九十百千万亿几半]+[个次天元块年月日号件单岁分秒周遍位]?$/;

// Things that are never a theme, removed before segmenting (and breaking word pairs).
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_LIKE = /(?:https?:\/\/|www\.)\S+/gi;
const HANDLE = /@[\p{L}\p{N}_.-]+/gu;
const DIGITS = /\d[\d\s-]*/g;

// --- Segmenting ---

type Segmenter = (text: string) => { segment: string; isWordLike: boolean }[];

const segmenters = new Map<string, Segmenter>();

function segmenterFor(locale: 'zh' | 'en'): Segmenter {
  const cached = segmenters.get(locale);
  if (cached) {
    return cached;
  }
  let segment: Segmenter;
  if (typeof Intl.Segmenter === 'function') {
    const s = new Intl.Segmenter(locale, { granularity: 'word' });
    segment = (text) =>
      Array.from(s.segment(text), (x) => ({
        segment: x.segment,
        isWordLike: x.isWordLike ?? false,
      }));
  } else {
    // Without Intl.Segmenter (old runtimes): runs of letters are words, CJK runs stay whole.
    segment = (text) =>
      Array.from(text.matchAll(/[\p{L}\p{M}'’-]+|[^\p{L}\p{M}'’-]+/gu), (m) => ({
        segment: m[0],
        isWordLike: /\p{L}/u.test(m[0]),
      }));
  }
  segmenters.set(locale, segment);
  return segment;
}

/** Light English stemming: prices → price, deliveries → delivery, boxes → box. */
function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is)$/.test(word)) {
    return word;
  }
  if (word.endsWith('ies') && word.length > 4) {
    return `${word.slice(0, -3)}y`;
  }
  if (/(?:ches|shes|xes)$/.test(word)) {
    return word.slice(0, -2);
  }
  if (word.endsWith('s')) {
    return word.slice(0, -1);
  }
  return word;
}

function stripDegree(word: string): string {
  for (const prefix of ZH_DEGREE_PREFIXES) {
    if (word.length > prefix.length && word.startsWith(prefix)) {
      const rest = word.slice(prefix.length);
      // 太快 → 快, 非常方便 → 方便; but 好用 and 超市 stay (用, 市 are not words alone).
      if (rest.length >= 2 ? prefix.length >= 2 : ZH_SINGLE_ALLOWED.has(rest)) {
        return rest;
      }
    }
  }
  return word;
}

/**
 * A segment as counted: the word, '' for a stop word (skipped) or null for noise that ends a
 * clause (a number, a lone character, another script).
 */
function normalizeToken(raw: string): string | null {
  const lower = raw.normalize('NFKC').toLowerCase();
  if (CJK.test(lower)) {
    if (!CJK_ONLY.test(lower) || ZH_NUMBER.test(lower)) {
      return null;
    }
    if (ZH_STOP.has(lower)) {
      return '';
    }
    const word = stripDegree(lower);
    return word.length >= 2 || ZH_SINGLE_ALLOWED.has(word) ? word : null;
  }
  const word = lower.replace(/’/g, "'").replace(/'s$/, '');
  if (!LATIN_WORD.test(word)) {
    return null;
  }
  const stem = singular(word);
  return EN_STOP.has(word) || EN_STOP.has(stem) || stem.length < 2 ? '' : stem;
}

interface Terms {
  /** Words and pairs mentioned in one answer. */
  terms: Set<string>;
  /** The two words of each pair. */
  pairs: Map<string, readonly [string, string]>;
}

/** Single CJK characters the segmenter left alone that are neither stop words nor allowed. */
function isLoneChar(text: string): boolean {
  return (
    text.length === 1 &&
    CJK_ONLY.test(text) &&
    !ZH_STOP.has(text) &&
    !ZH_SINGLE_ALLOWED.has(text) &&
    !ZH_NO_JOIN.has(text)
  );
}

/**
 * The words and adjacent pairs of one answer. Punctuation, numbers and removed personal data
 * end a clause, so no pair spans them; stop words are skipped, and only the particles in
 * ZH_TRANSPARENT may sit inside a pair (排队的时间 → 排队时间).
 */
function termsOf(text: string): Terms {
  const cleaned = text
    .normalize('NFKC')
    .replace(EMAIL, ' | ')
    .replace(URL_LIKE, ' | ')
    .replace(HANDLE, ' | ')
    .replace(DIGITS, ' | ');
  const segment = segmenterFor(CJK.test(cleaned) ? 'zh' : 'en');

  // Runs of lone characters are usually a word missing from the segmenter's dictionary
  // (客 | 服, 门 | 店): join them.
  const words: { text: string; isWord: boolean; isRun: boolean }[] = [];
  for (const s of segment(cleaned)) {
    const prev = words.at(-1);
    const lone = s.isWordLike && isLoneChar(s.segment);
    if (lone && prev?.isRun === true) {
      prev.text += s.segment;
      continue;
    }
    words.push({ text: s.segment, isWord: s.isWordLike, isRun: lone });
  }

  const terms = new Set<string>();
  const pairs = new Map<string, readonly [string, string]>();
  let previous: string | null = null;
  for (const w of words) {
    if (!w.isWord) {
      // Spaces keep a pair together (customer service); punctuation ends it.
      if (w.text.trim() !== '') {
        previous = null;
      }
      continue;
    }
    const token = normalizeToken(w.text);
    if (token === null) {
      previous = null;
      continue;
    }
    if (token === '') {
      if (!ZH_TRANSPARENT.has(w.text)) {
        previous = null;
      }
      continue;
    }
    terms.add(token);
    if (previous !== null && previous !== token) {
      const joiner = LATIN_WORD.test(previous) && LATIN_WORD.test(token) ? ' ' : '';
      const pair = `${previous}${joiner}${token}`;
      terms.add(pair);
      pairs.set(pair, [previous, token]);
    }
    previous = token;
  }
  return { terms, pairs };
}

/**
 * The most mentioned themes in free-text answers, counted by the number of answers that
 * mention each (document frequency), highest first, ties in code-point order of the theme.
 * Chinese and English answers may be mixed; each answer is segmented in its own language
 * (locale 'zh' when it holds a CJK character, else 'en'), so `_lang` (the UI language) does
 * not change the result today. A pair of adjacent words (积分过期) that appears in at least
 * MIN_BIGRAM_COUNT answers and in BIGRAM_SHARE of the answers mentioning one of its words
 * replaces that word; numbers, e-mail addresses, phone numbers, URLs and handles never
 * become themes.
 */
export function topThemes(texts: readonly string[], _lang: Lang, limit = 5): Theme[] {
  const counts = new Map<string, number>();
  const pairParts = new Map<string, readonly [string, string]>();
  const singles = new Set<string>();
  for (const text of texts) {
    const { terms, pairs } = termsOf(text);
    for (const term of terms) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      if (!pairs.has(term)) {
        singles.add(term);
      }
    }
    for (const [pair, parts] of pairs) {
      pairParts.set(pair, parts);
    }
  }

  const themes = new Map<string, number>();
  for (const term of singles) {
    themes.set(term, counts.get(term) ?? 0);
  }
  const replaced = new Set<string>();
  for (const [pair, parts] of pairParts) {
    const count = counts.get(pair) ?? 0;
    if (count < MIN_BIGRAM_COUNT) {
      continue;
    }
    const covered = parts.filter((part) => count >= BIGRAM_SHARE * (counts.get(part) ?? 0));
    if (covered.length > 0) {
      themes.set(pair, count);
      for (const part of covered) {
        replaced.add(part);
      }
    }
  }
  for (const part of replaced) {
    themes.delete(part);
  }

  const max = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
  return [...themes]
    .map(([theme, count]) => ({ theme, count }))
    .sort((a, b) => b.count - a.count || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0))
    .slice(0, max);
}

// --- Quotable answers ---

/** Quotes on a card are 4 to 120 characters long (code points). */
export const QUOTE_MIN_CHARS = 4;
export const QUOTE_MAX_CHARS = 120;

const CHAT_APP = '(?:微信|wechat|weixin|wx|vx|v信|qq)';

const IDENTIFYING: readonly RegExp[] = [
  // Mainland mobile number, with an optional +86 / 86 / 0086 prefix and spaces or dashes.
  /(?:(?:\+|00)?86[\s-]*)?1[3-9](?:[\s-]?\d){9}/,
  // Any run of 7 or more digits (landlines, QQ numbers, order and card numbers, IDs).
  /\d{7,}/,
  // Seven digits with single spaces or dashes between them (010-1234 5678).
  /\d(?:[\s-]?\d){6}/,
  // Resident ID numbers: 18 characters with a final check digit or X, or the old 15 digits.
  /\d{17}[\dxX]|\d{15}/,
  // E-mail address.
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/,
  // URL or bare domain name.
  /(?:https?:\/\/|www\.)\S|[a-z0-9-]+\.(?:com|cn|net|org|io|co|me|info|top|xyz|edu|gov|cc|tv)\b/i,
  // @handle (Weibo, Douyin, X …).
  /@[\p{L}\p{N}_]/u,
  // A chat id after its app name: 微信号 zhangsan, vx: xyz_88, 微信 abc123. Without a 号 / id
  // / colon marker the id must hold a digit or _, so "WeChat payment" stays quotable.
  new RegExp(`${CHAT_APP}\\s*(?:号|id|[:：])\\s*[:：]?\\s*[a-z0-9_-]{5,}`, 'i'),
  new RegExp(`${CHAT_APP}\\s*(?=[a-z0-9_-]*[\\d_])[a-z0-9_-]{5,}`, 'i'),
];

/**
 * Whether an answer may be quoted on a persona card: 4 to 120 characters and nothing that
 * could identify a person (phone numbers, long digit runs, ID numbers, e-mail addresses,
 * URLs, @handles, chat ids). Dates written with digits (2024-05-01) count as digit runs and
 * are refused too: a false refusal costs a quote, a false pass could expose someone.
 */
export function isQuotable(text: string): boolean {
  const normalized = text.normalize('NFKC').trim();
  const length = [...normalized].length;
  if (length < QUOTE_MIN_CHARS || length > QUOTE_MAX_CHARS) {
    return false;
  }
  return !IDENTIFYING.some((re) => re.test(normalized));
}
