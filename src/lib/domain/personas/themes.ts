// Themes in free-text survey answers ("what bothers you most?") and a check for answers that
// are safe to quote on a persona card.
//
// A theme is a phrase a marketer would write on a card (排队时间长, 积分过期太快, customer
// service, loyalty points), counted by the number of answers that mention it, so one long rant
// cannot outweigh ten short answers. How a phrase is found:
//
// 1. Each answer is cut into clauses at punctuation, numbers and removed personal data, and
//    each clause into words with Intl.Segmenter (ICU dictionaries in every current browser and
//    Node). Words are sorted into classes: stop words end a phrase (我, 希望, 觉得, but, I);
//    filler words vanish without ending it (的, 很, 经常, the, was); a negation or 太 / too is
//    bound to the next word (不方便, 太慢, not working); 一点 / 一些 stick to the word before
//    (快一点); joining words (和, 比, 得, 再, of, at …) may sit inside a phrase, never at its
//    edges; vague words (满意, 体验, 改进, good …) may be part of a phrase but never a theme by
//    themselves. Runs of single characters the segmenter did not know (客 | 服) are joined.
// 2. The document frequency of every run of up to MAX_PHRASE_WORDS adjacent words is counted,
//    level by level: a run is only counted when both its shorter runs appear in at least
//    MIN_THEME_COUNT answers (so the work stays linear in the number of words).
// 3. In every clause, adjacent pieces are merged bottom-up, the most cohesive pair first, while
//    the merged phrase holds at least PHRASE_SHARE of the answers of its rarer part and
//    PHRASE_MIN_SHARE of its more common part (客服 + 回复慢 → 客服回复慢 when most answers that
//    say 回复慢 say 客服回复慢). A clause thus becomes a few non-overlapping phrases: the
//    longest frequent phrase that subsumes its parts wins, and a part inside it is not counted
//    again.
// 4. A theme's count is the number of answers in which it is such a phrase. Equal answers are
//    segmented once (survey columns repeat a lot), which with step 2 keeps it fast on 100k
//    answers. Everything is deterministic and independent of the order of the answers.
import type { Lang } from '../types';

export interface Theme {
  /**
   * The phrase as most answers write it: 的 / 很 / 经常 … left out, English filler kept inside
   * (prices are too high), Latin words lower-cased unless an acronym or in a Chinese answer.
   */
  theme: string;
  /** How many answers mention the theme (an answer counts once). */
  count: number;
}

/** A theme, and a phrase used to build a longer one, is mentioned by at least this many answers. */
export const MIN_THEME_COUNT = 2;
/** Two pieces merge when the phrase holds this share of the answers of the rarer piece … */
export const PHRASE_SHARE = 0.6;
/**
 * … and this share of the answers of the more common piece, so a frequent phrase is not split
 * up by rare words around it (周末 + 排队时间长 stays two pieces when 排队时间长 is common).
 */
export const PHRASE_MIN_SHARE = 0.1;
/** The longest phrase, in words (joining words included). */
export const MAX_PHRASE_WORDS = 8;

// --- Word classes ---

function wordSet(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w !== ''));
}

/** Chinese words that end a phrase: pronouns, conjunctions, hedges, discourse words. */
const ZH_STOP = wordSet(`
  是 在 或 而 而且 并且 但 但是 可是 不过 因为 所以 如果 虽然 还是 或者 要是 只是 就 就是 却
  我 我们 你 你们 您 他 她 它 他们 她们 大家 自己 咱们 人家 有 要 会 能 可以 可能 应该 需要
  这 那 这个 那个 这些 那些 这样 那样 这里 那里 这种 那种 个 吗 呢 吧 啊 呀 哦 嗯 哈 啦 嘛 哎
  让 从 到 向 着 过 之 等 一下 还有 其他 其它 然后 以及 另外 此外 同时 其实 当然 比如 例如
  时候 问题 觉得 感觉 希望 建议 谢谢 目前 现在 已经 最近 以后 之前 之后 整体 总体 总的来说
  方面 情况 一样 什么 怎么 怎样 为什么 没什么 主要 主要是 尽快 赶紧 一个 一般 其他的 啥 哪里
`);

/** Chinese filler that vanishes inside a phrase (排队的时间 = 排队时间, 经常闪退 = 闪退). */
const ZH_FILLER = wordSet(`
  的 地 了 很 都 也 还 又 真 挺 超 超级 非常 特别 比较 有点 有些 有点儿 真的 实在 确实 简直 相当
  十分 极其 蛮 稍微 经常 总是 一直 老是 常常 每次 有时 有时候 偶尔 老 更 最 越来越
`);

/** Chinese negations and 太: bound to the next word (不 + 方便 → 不方便, 太 + 慢 → 太慢). */
const ZH_PREFIX = wordSet('不 没 没有 太 不太 不够 不能 无法 难以 别 过于 未 不是');

/** Chinese joining words: kept inside a phrase (注册和登录, 价格比别家贵), never at its edges. */
const ZH_JOIN = wordSet('和 与 及 跟 同 比 得 再 被 给 把 对');

/** Stuck to the word before (快一点, 多一些); dropped elsewhere. */
const ZH_SUFFIX = wordSet('一点 一些 些 点 一点儿');

/** Words that may be part of a theme but are too vague to be one (满意, 体验一般 …). */
const ZH_VAGUE = wordSet(`
  满意 不错 体验 失望 改进 改善 解决 处理 提升 提高 优化 加强 还行 挺好 更好 很好 好 差 大 小 多 少
  不满 不满意 一般般 可以的 好的 麻烦 东西
`);

const EN_STOP = wordSet(`
  and or but nor so if then than that this these those there here it its it's itself i i'm i've
  i'd me my mine we we're our ours us you you're your yours he him his she her hers they them
  their theirs do does did doing done have has had having will would shall should can could may
  might must about above below over under up down out off again further once only more most much
  many some any all both each few other such own same as when where why how what which who whom
  whose while because until through during before after get got getting go goes going make makes
  made thing things lot lots bit like would've one two yes ok okay please thanks thank etc
`);
const EN_FILLER = wordSet(`
  a an the is are was were be been being am 's very really quite rather just also still even
  always often usually sometimes pretty extremely totally especially keep keeps kept
`);
const EN_PREFIX = wordSet(`
  not no never too hardly barely can't cannot don't doesn't didn't isn't aren't wasn't weren't
  won't wouldn't couldn't shouldn't haven't hasn't hadn't
`);
const EN_JOIN = wordSet('of at in on for to with from by');
const EN_VAGUE = wordSet(`
  good great nice fine bad ok experience overall satisfied happy excellent better worse best worst
  improve improvement issue problem slow fast quick quickly expensive cheap high low long short
  late early hard easy friendly rude helpful
`);

/** Degree adverbs stripped from the front of a Chinese word (非常方便 → 方便; 太 stays). */
const ZH_DEGREE_PREFIXES = '非常 特别 比较 有点 有些 真的 很 挺 超'.split(' ');
/** Single characters that carry a complaint or praise; other lone ones are joined or noise. */
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

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_ONLY = /^[\u3400-\u9fff\uf900-\ufaff]+$/;
const CJK_G = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD = /^[a-z][a-z'-]*$/;
const ZH_NUMBER =
  /^[零〇一二两三四五六七八九十百千万亿几半]+[个次天元块年月日号件单岁分秒周遍位]?$/;

// Things that are never part of a theme, removed before segmenting (they end a clause).
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_LIKE = /(?:https?:\/\/|www\.)\S+|[a-z0-9-]+\.(?:com|cn|net|org|io)\b\S*/gi;
const HANDLE = /@[\p{L}\p{N}_.-]+/gu;
const DIGITS = /\d[\d\s-]*/g;

// --- Segmenting ---

type Segmenter = (text: string) => Iterable<{ segment: string; isWordLike?: boolean }>;

const segmenters = new Map<string, Segmenter>();

function segmenterFor(locale: 'zh' | 'en'): Segmenter {
  const cached = segmenters.get(locale);
  if (cached) {
    return cached;
  }
  let segment: Segmenter;
  if (typeof Intl.Segmenter === 'function') {
    const s = new Intl.Segmenter(locale, { granularity: 'word' });
    segment = (text) => s.segment(text);
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

/** Light English stemming for counting: prices → price, deliveries → delivery, boxes → box. */
function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is|'s)$/.test(word)) {
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
      // 非常方便 → 方便, 很慢 → 慢; but 好用 and 超市 stay (用, 市 are not words alone).
      if (rest.length >= 2 ? prefix.length >= 2 : ZH_SINGLE_ALLOWED.has(rest)) {
        return rest;
      }
    }
  }
  return word;
}

/** Single CJK characters the segmenter left alone that may belong to an unknown word. */
function isLoneChar(text: string): boolean {
  return (
    text.length === 1 &&
    CJK_ONLY.test(text) &&
    !ZH_STOP.has(text) &&
    !ZH_FILLER.has(text) &&
    !ZH_PREFIX.has(text) &&
    !ZH_JOIN.has(text) &&
    !ZH_SUFFIX.has(text) &&
    !ZH_SINGLE_ALLOWED.has(text) &&
    !ZH_NO_JOIN.has(text)
  );
}

const CONTENT = 0;
const VAGUE = 1;
const JOIN = 2;

/** A word of a clause as counted: its key (what is compared) and how it is written. */
interface Word {
  key: string;
  surface: string;
  kind: typeof CONTENT | typeof VAGUE | typeof JOIN;
  /**
   * English filler written before the word ("are a" in "returns are a hassle"): shown inside a
   * phrase, since English reads broken without it. Chinese filler is left out (赠品缺货).
   */
  lead: string;
}

type WordClass =
  | { readonly cls: 'break' }
  | { readonly cls: 'filler'; readonly surface: string }
  | {
      readonly cls: 'prefix' | 'join' | 'suffix' | 'word';
      readonly key: string;
      readonly surface: string;
      readonly vague: boolean;
    };

/**
 * How a Latin word is shown: as written in Chinese answers (App, iPhone: names, not sentence
 * starts) and in acronyms (APP, QR, WiFi), lower-cased otherwise.
 */
function latinSurface(raw: string, inChinese: boolean): string {
  const caps = raw.match(/\p{Lu}/gu)?.length ?? 0;
  return inChinese || caps >= 2 ? raw : raw.toLowerCase();
}

const ZH_CLASSES = [
  [ZH_PREFIX, 'prefix'],
  [ZH_JOIN, 'join'],
  [ZH_SUFFIX, 'suffix'],
] as const;
const EN_CLASSES = [
  [EN_PREFIX, 'prefix'],
  [EN_JOIN, 'join'],
] as const;

/** Classes of the words seen so far, per language: survey answers reuse a small vocabulary. */
const classCache = new Map<string, WordClass>();
const CLASS_CACHE_SIZE = 100_000;

function classify(raw: string, inChinese: boolean): WordClass {
  const cacheKey = inChinese ? `z${raw}` : `e${raw}`;
  let c = classCache.get(cacheKey);
  if (c === undefined) {
    if (classCache.size >= CLASS_CACHE_SIZE) {
      classCache.clear();
    }
    c = classifyWord(raw, inChinese);
    classCache.set(cacheKey, c);
  }
  return c;
}

/** The class of a segment of NFKC-normalized text. */
function classifyWord(norm: string, inChinese: boolean): WordClass {
  const lower = norm.toLowerCase();
  if (CJK.test(lower)) {
    if (!CJK_ONLY.test(lower) || ZH_NUMBER.test(lower)) {
      return { cls: 'break' };
    }
    if (ZH_FILLER.has(lower)) {
      return { cls: 'filler', surface: '' };
    }
    for (const [set, cls] of ZH_CLASSES) {
      if (set.has(lower)) {
        return { cls, key: lower, surface: lower, vague: false };
      }
    }
    if (ZH_STOP.has(lower)) {
      return { cls: 'break' };
    }
    // Filler the segmenter glued to a negation (也没有, 很不, 都不): the negation counts.
    for (let i = 1; i < lower.length && ZH_FILLER.has(lower.slice(i - 1, i)); i++) {
      const rest = lower.slice(i);
      if (ZH_PREFIX.has(rest)) {
        return { cls: 'prefix', key: rest, surface: rest, vague: false };
      }
    }
    const word = stripDegree(lower);
    return { cls: 'word', key: word, surface: word, vague: ZH_VAGUE.has(word) };
  }
  const word = lower.replace(/’/g, "'");
  if (!LATIN_WORD.test(word)) {
    return { cls: 'break' };
  }
  const surface = latinSurface(norm.replace(/’/g, "'"), inChinese);
  if (EN_FILLER.has(word)) {
    return { cls: 'filler', surface };
  }
  for (const [set, cls] of EN_CLASSES) {
    if (set.has(word)) {
      return { cls, key: word, surface, vague: false };
    }
  }
  const stem = singular(word.replace(/'s$/, ''));
  if (EN_STOP.has(word) || EN_STOP.has(stem) || stem.length < 2) {
    return { cls: 'break' };
  }
  return { cls: 'word', key: stem, surface, vague: EN_VAGUE.has(word) || EN_VAGUE.has(stem) };
}

const isLatin = (char: string): boolean => /[a-z]/i.test(char);

/** Joins words as written: Latin words with a space, Chinese ones without (app 闪退, 客服回复慢). */
function joinWords(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (out !== '' && (/[a-z]$/i.test(out) || /^[a-z]/i.test(part))) {
      out += ' ';
    }
    out += part;
  }
  return out;
}

/**
 * The clauses of one answer as lists of words. Punctuation, numbers and removed personal data
 * end a clause (spaces do not); stop words end a phrase, so they end the clause too.
 */
function clausesOf(text: string): Word[][] {
  const cleaned = text
    .normalize('NFKC')
    .replace(EMAIL, ' | ')
    .replace(URL_LIKE, ' | ')
    .replace(HANDLE, ' | ')
    .replace(DIGITS, ' | ');
  const inChinese = CJK.test(cleaned);
  const segment = segmenterFor(inChinese ? 'zh' : 'en');

  // Runs of lone characters are usually a word missing from the segmenter's dictionary
  // (客 | 服, 门 | 店): join them.
  const segments: { text: string; isWord: boolean; isRun: boolean }[] = [];
  for (const s of segment(cleaned)) {
    const prev = segments.at(-1);
    const isWord = s.isWordLike === true;
    const lone = isWord && isLoneChar(s.segment);
    if (lone && prev?.isRun === true) {
      prev.text += s.segment;
      continue;
    }
    segments.push({ text: s.segment, isWord, isRun: lone });
  }

  const clauses: Word[][] = [];
  let clause: Word[] = [];
  let prefix: { key: string; surface: string } | null = null;
  let fillers: string[] = [];
  /** The filler since the last word, shown before the next one inside a phrase. */
  const takeLead = (): string => {
    const lead = clause.length > 0 ? fillers.join(' ') : '';
    fillers = [];
    return lead;
  };
  const endClause = (): void => {
    prefix = null;
    fillers = [];
    // Joining words only count between two words.
    while (clause.length > 0 && clause.at(-1)?.kind === JOIN) {
      clause.pop();
    }
    if (clause.length > 0) {
      clauses.push(clause);
    }
    clause = [];
  };
  for (const s of segments) {
    if (!s.isWord) {
      // Spaces keep a phrase together (customer service); punctuation ends it.
      if (s.text.trim() !== '') {
        endClause();
      }
      continue;
    }
    const c = classify(s.text, inChinese);
    if (c.cls === 'break') {
      endClause();
      continue;
    }
    if (c.cls === 'filler') {
      if (c.surface !== '') {
        fillers.push(c.surface);
      }
      continue;
    }
    if (c.cls === 'prefix') {
      // 不 + 太 + 方便 → 不太方便.
      prefix = prefix
        ? { key: joinWords([prefix.key, c.key]), surface: joinWords([prefix.surface, c.surface]) }
        : { key: c.key, surface: c.surface };
      continue;
    }
    const bound = prefix;
    prefix = null;
    if (c.cls === 'suffix') {
      const last = clause.at(-1);
      if (bound === null && last && last.kind !== JOIN) {
        last.key += c.key;
        last.surface += c.surface;
      }
      continue;
    }
    if (c.cls === 'join') {
      if (clause.length > 0) {
        clause.push({ key: c.key, surface: c.surface, kind: JOIN, lead: takeLead() });
      }
      continue;
    }
    clause.push({
      key: bound ? joinWords([bound.key, c.key]) : c.key,
      surface: bound ? joinWords([bound.surface, c.surface]) : c.surface,
      kind: c.vague ? VAGUE : CONTENT,
      lead: takeLead(),
    });
  }
  endClause();
  return clauses;
}

// --- Counting and merging ---

/** 太 / 不 … bound to a single character (太慢, 不准): a theme only with what it is about. */
const ZH_PREFIX_AND_CHAR = new RegExp(
  `^(?:${[...ZH_PREFIX].join('|')})+[\u3400-\u9fff\uf900-\ufaff]$`,
);

/**
 * Whether a phrase may be a theme: it holds a word that is not vague, is more than a negation
 * of one character, and has two Chinese characters or two letters.
 */
function isThemeWorthy(words: readonly Word[], text: string): boolean {
  if (!words.some((w) => w.kind === CONTENT)) {
    return false;
  }
  if (words.length === 1 && ZH_PREFIX_AND_CHAR.test(words[0]!.key)) {
    return false;
  }
  const han = text.match(CJK_G)?.length ?? 0;
  const latin = text.match(/[a-z]/gi)?.length ?? 0;
  return (han >= 2 || latin >= 2) && !IDENTIFYING.some((re) => re.test(text));
}

/**
 * The most mentioned themes in free-text answers, highest count first, ties in code-point order
 * of the theme. A theme is a phrase of adjacent words found as described at the top of this
 * file; its count is the number of answers that mention it as a phrase of their own (an answer
 * counts once; an occurrence inside a longer theme belongs to the longer one). Themes mentioned
 * by fewer than MIN_THEME_COUNT answers are left out. Chinese and English answers may be mixed;
 * each answer is segmented in its own language (locale 'zh' when it holds a CJK character,
 * else 'en'), so `_lang` (the UI language) does not change the result today. Numbers, e-mail
 * addresses, phone numbers, URLs and handles never become part of a theme.
 */
export function topThemes(texts: readonly string[], _lang: Lang, limit = 5): Theme[] {
  const max = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
  if (max === 0) {
    return [];
  }
  // Equal answers are segmented once and weigh their number.
  const weights = new Map<string, number>();
  for (const text of texts) {
    const t = text.trim();
    if (t !== '') {
      weights.set(t, (weights.get(t) ?? 0) + 1);
    }
  }

  // Words as ids; each answer's clauses laid end to end in `seq`, -1 between clauses.
  const wordIds = new Map<string, number>();
  const words: Word[] = [];
  const seq: number[] = [];
  /** How each word of seq is written in its answer (Prices, prices …), with and without lead. */
  const written: string[] = [];
  const bare: string[] = [];
  const answers: { weight: number; start: number; end: number }[] = [];
  for (const [text, weight] of weights) {
    const start = seq.length;
    for (const clause of clausesOf(text)) {
      for (const w of clause) {
        // The key names a word (and fixes its kind); surfaces are kept per occurrence.
        const id = wordIds.get(w.key);
        if (id === undefined) {
          wordIds.set(w.key, words.length);
          seq.push(words.length);
          words.push(w);
        } else {
          seq.push(id);
        }
        written.push(w.lead === '' ? w.surface : `${w.lead} ${w.surface}`);
        bare.push(w.surface);
      }
      seq.push(-1);
      written.push('');
      bare.push('');
    }
    if (seq.length > start) {
      answers.push({ weight, start, end: seq.length });
    }
  }
  const nWords = words.length;

  // Document frequency of word runs (ids ≥ nWords are runs of two words or more). A run is
  // the child of its run minus the last word; children are keyed parent * nWords + word.
  const df: number[] = new Array<number>(nWords).fill(0);
  const lastSeen: number[] = new Array<number>(nWords).fill(-1);
  const children = new Map<number, number>();
  const count = (id: number, a: number, weight: number): void => {
    if (lastSeen[id] !== a) {
      lastSeen[id] = a;
      df[id] = (df[id] ?? 0) + weight;
    }
  };
  let runs = Int32Array.from(seq);
  answers.forEach(({ weight, start, end }, a) => {
    for (let i = start; i < end; i++) {
      const id = runs[i]!;
      if (id >= 0) {
        count(id, a, weight);
      }
    }
  });
  for (let n = 2; n <= MAX_PHRASE_WORDS; n++) {
    const next = new Int32Array(seq.length).fill(-1);
    let any = false;
    answers.forEach(({ weight, start, end }, a) => {
      for (let i = start; i + n <= end; i++) {
        const left = runs[i]!;
        const right = runs[i + 1]!;
        if (left < 0 || right < 0 || df[left]! < MIN_THEME_COUNT || df[right]! < MIN_THEME_COUNT) {
          continue;
        }
        const key = left * nWords + seq[i + n - 1]!;
        let id = children.get(key);
        if (id === undefined) {
          id = df.length;
          children.set(key, id);
          df.push(0);
          lastSeen.push(-1);
        }
        next[i] = id;
        count(id, a, weight);
        any = true;
      }
    });
    runs = next;
    if (!any) {
      break;
    }
  }
  const dfOf = (start: number, end: number): number => {
    if (end - start > MAX_PHRASE_WORDS) {
      return 0;
    }
    let id = seq[start]!;
    for (let j = start + 1; j < end && id >= 0; j++) {
      id = children.get(id * nWords + seq[j]!) ?? -1;
    }
    return id >= 0 ? (df[id] ?? 0) : 0;
  };

  /** The phrases of the clause seq[from, to): pieces merged bottom-up, most cohesive first. */
  function phrasesOf(from: number, to: number): [number, number][] {
    // Pieces start and end on a word that is not a joining word.
    const pieces: { s: number; e: number; df: number }[] = [];
    for (let p = from; p < to; p++) {
      if (words[seq[p]!]!.kind !== JOIN) {
        pieces.push({ s: p, e: p + 1, df: df[seq[p]!] ?? 0 });
      }
    }
    for (;;) {
      let best = -1;
      let bestScore = 0;
      let bestDf = 0;
      for (let k = 0; k + 1 < pieces.length; k++) {
        const a = pieces[k]!;
        const b = pieces[k + 1]!;
        const m = dfOf(a.s, b.e);
        const lo = Math.min(a.df, b.df);
        const hi = Math.max(a.df, b.df);
        if (m < MIN_THEME_COUNT || m < PHRASE_SHARE * lo || m < PHRASE_MIN_SHARE * hi) {
          continue;
        }
        const score = m / lo;
        if (score > bestScore || (score === bestScore && m > bestDf)) {
          best = k;
          bestScore = score;
          bestDf = m;
        }
      }
      if (best < 0) {
        return pieces.map((p) => [p.s, p.e]);
      }
      const a = pieces[best]!;
      const b = pieces[best + 1]!;
      pieces.splice(best, 2, { s: a.s, e: b.e, df: bestDf });
    }
  }

  // Merge each clause into phrases and count the themes.
  const themeCount = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  answers.forEach(({ weight, start, end }) => {
    const seen = new Set<string>();
    let i = start;
    while (i < end) {
      let j = i;
      while (seq[j]! >= 0) {
        j++;
      }
      for (const [s, e] of phrasesOf(i, j)) {
        const ws = seq.slice(s, e).map((id) => words[id]!);
        const key = joinWords(ws.map((w) => w.key));
        const surface = joinWords([bare[s]!, ...written.slice(s + 1, e)]);
        if (seen.has(key) || !isThemeWorthy(ws, surface)) {
          continue;
        }
        seen.add(key);
        themeCount.set(key, (themeCount.get(key) ?? 0) + weight);
        const forms = surfaces.get(key) ?? new Map<string, number>();
        forms.set(surface, (forms.get(surface) ?? 0) + weight);
        surfaces.set(key, forms);
      }
      i = j + 1;
    }
  });

  return [...themeCount]
    .filter(([, n]) => n >= MIN_THEME_COUNT)
    .map(([key, n]) => ({ theme: mostCommon(surfaces.get(key)) ?? key, count: n }))
    .sort((a, b) => b.count - a.count || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0))
    .slice(0, max);
}

/** The most frequent form, ties in code-point order. */
function mostCommon(forms: ReadonlyMap<string, number> | undefined): string | undefined {
  let best: string | undefined;
  let bestN = 0;
  for (const [form, n] of forms ?? []) {
    if (n > bestN || (n === bestN && best !== undefined && form < best)) {
      best = form;
      bestN = n;
    }
  }
  return best;
}

let lastTarget: { theme: string; key: string } | null = null;

/**
 * Whether an answer mentions a theme returned by topThemes, compared the way themes are
 * counted (case, plurals, 的 / 很 / 经常 … and the answer's punctuation do not matter): 赠品经常缺货
 * mentions 赠品缺货, "Loyalty points expire" mentions "loyalty points".
 */
export function mentionsTheme(text: string, theme: string): boolean {
  // One theme is usually matched against many answers in a row: keep its key.
  if (lastTarget?.theme !== theme) {
    const key = clausesOf(theme)
      .map((c) => joinWords(c.map((w) => w.key)))
      .join(' | ');
    lastTarget = { theme, key };
  }
  const target = lastTarget.key;
  if (target === '') {
    return false;
  }
  const latinStart = isLatin(target[0]!);
  const latinEnd = isLatin(target.at(-1)!);
  for (const clause of clausesOf(text)) {
    const hay = joinWords(clause.map((w) => w.key));
    for (let at = hay.indexOf(target); at >= 0; at = hay.indexOf(target, at + 1)) {
      const before = hay[at - 1];
      const after = hay[at + target.length];
      // Latin words match whole (price is not in "priceless").
      if (latinStart && before !== undefined && before !== ' ') {
        continue;
      }
      if (latinEnd && after !== undefined && after !== ' ') {
        continue;
      }
      return true;
    }
  }
  return false;
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
