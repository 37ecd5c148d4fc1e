#!/usr/bin/env node
// Seeded, deterministic sample data for Portrait: a Chinese retail workspace.
//
//   node scripts/gen-sample.mjs [--out DIR] [--plain] [--seed N] [--customers N] [--orders N]
//     writes customers.csv.gz, orders.csv.gz and survey.csv.gz (default DIR public/sample;
//     --plain writes uncompressed .csv instead). UTF-8 without BOM, comma, CRLF, RFC 4180 quoting.
//   node scripts/gen-sample.mjs --bench [--orders 1000000] [--customers 100000] [--out bench/data]
//     writes ONE uncompressed file orders-1m.csv with an English header
//     (order_id,customer_id,order_date,amount,channel,city,category), ISO datetimes and numeric
//     customer ids, streamed to disk in chunks.
//
// Same seed and same arguments give byte-identical files: all randomness comes from one seeded
// PRNG (sfc32) split into named streams, nothing reads the clock, and gzip is given mtime 0 and a
// pinned OS byte. (The deflate bytes themselves are only as stable as Node's bundled zlib; the
// CSV text is stable everywhere.)
//
// Hidden personas (never written out) make real segments emerge from RFM and k-means:
//   loyal      ~8%  15–40 orders over the two years, ¥400–2000 baskets, last order in the last
//                   45 days, 门店/App, 美妆/服饰/数码, aged 35–54, 金卡/钻石
//   newApp    ~15%  registered in the last 6 months, 1–3 orders, App/小程序, aged 18–30
//   lapsed    ~10%  big baskets and 5–15 orders, but the last one 9–20 months before the end
//   bargain   ~20%  10–35 small orders (¥20–120), 小程序/天猫/京东, 食品/家居, spikes on 11-11 and
//                   6-18 (with a midnight rush on 11-11)
//   occasional ~30% 2–6 mid-sized orders spread over the period
//   oneTimer  ~17%  a single order more than 200 days before the end
// About 8% of customers (none of them loyal or lapsed) never order. Order counts are scaled so
// the file has exactly --orders rows; amounts are lognormal per persona; time of day follows
// per-persona lunch/evening peaks (stores only open 10:00–21:59).
//
// Planted defects in orders.csv, one per row so the expected exclusion counts are exact (they are
// printed): empty 客户ID ~0.2% · unparseable 下单时间 ~0.1% · unparseable 金额 AND 单价 ~0.1% ·
// zero amount (数量 0, or 单价 and 金额 0) ~0.2% · cancellations/returns ~2% (订单编号 "C" + the
// original id, negative 数量 and 金额, dated after the original) · exact duplicates ~0.3% (every
// cell equal to an earlier clean row, right after it or later in the file). ~3% of orders belong
// to guests (G000123) who are not in customers.csv. customers.csv has ~3% phones written
// "+86 138-0013-8000" / "138 0013 8000" / "+86 13800138000", ~15% empty emails and ~10% empty
// 身份证号; every id present has a valid GB 11643 check digit, a real birth date (ages 18–70 in
// 2026), a 17th digit matching 性别 and the region code of 城市. survey.csv free text never holds
// phone numbers, emails or id numbers; a few answers need quoting (ASCII comma, quotes, a line
// break) to exercise the CSV parser. The benchmark file plants the same order defects at ~0.5% in
// all, plus 1% cancellations and ~0.1% customer ids written "17850.0" (a spreadsheet round trip).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const DEFAULT_SEED = 20261031;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** splitmix32 step: spreads a 32-bit seed over sfc32's 128-bit state. */
function splitmix32(state) {
  let z = (state + 0x9e3779b9) | 0;
  let t = z ^ (z >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return [z, t >>> 0];
}

function hashString(text) {
  // FNV-1a: stream names become sub-seeds, so adding a column to one file never shifts another.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/**
 * A small seeded PRNG (sfc32) with the draws the generator needs.
 * `stream` names an independent sequence derived from the same seed.
 */
export function createRng(seed, stream = '') {
  let s = (seed ^ hashString(stream)) >>> 0;
  const words = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(s);
    s = next;
    words.push(out);
  }
  let [a, b, c, d] = words;
  const next32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) {
    next32();
  } // warm up
  let spareNormal = null;
  const rng = {
    /** Uniform in [0, 1). */
    float: () => next32() / 4294967296,
    /** Uniform integer in [lo, hi], both inclusive. */
    int: (lo, hi) => lo + Math.floor(rng.float() * (hi - lo + 1)),
    chance: (p) => rng.float() < p,
    pick: (items) => items[Math.floor(rng.float() * items.length)],
    /** Standard normal (Box–Muller, second value kept for the next call). */
    normal: () => {
      if (spareNormal !== null) {
        const v = spareNormal;
        spareNormal = null;
        return v;
      }
      let u = 0;
      while (u === 0) {
        u = rng.float();
      }
      const v = rng.float();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    lognormal: (median, sigma) => median * Math.exp(sigma * rng.normal()),
  };
  return rng;
}

/** Returns `(rng) => item` drawing items with the given relative weights. */
export function weighted(items, weights) {
  const cumulative = [];
  let total = 0;
  for (const w of weights) {
    cumulative.push((total += w));
  }
  return (rng) => {
    const x = rng.float() * total;
    for (let i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return items[i];
      }
    }
    return items[items.length - 1];
  };
}

/** weighted() over an object { item: weight }. */
const weightedMap = (map) => weighted(Object.keys(map), Object.values(map));

// ---------------------------------------------------------------------------------------------
// Calendar: whole days since 1970-01-01 (UTC wall clock, as the app parses zone-less dates)

const SECONDS_PER_DAY = 86400;
export const dayOf = (y, m, d) => Date.UTC(y, m - 1, d) / 86400000;

/** [year, month, day] of a day number (Howard Hinnant's civil_from_days). */
export function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;
export const formatDay = (days) => {
  const [y, m, d] = civilFromDays(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
};

export const REGISTRATION_START = dayOf(2023, 1, 1);
export const WINDOW_START = dayOf(2024, 11, 1); // first day of the two years of orders
export const WINDOW_END = dayOf(2026, 10, 31); // last day, inclusive
const END_TS = (WINDOW_END + 1) * SECONDS_PER_DAY - 1; // 2026-10-31 23:59:59
const MONTH = 30.44;

// Promotion days inside the order window, with their relative pull (11-11 beats 6-18).
const PROMO_DAYS = [
  [dayOf(2024, 11, 10), 1],
  [dayOf(2024, 11, 11), 5],
  [dayOf(2024, 11, 12), 1],
  [dayOf(2024, 12, 12), 1],
  [dayOf(2025, 6, 17), 1],
  [dayOf(2025, 6, 18), 3],
  [dayOf(2025, 11, 10), 1],
  [dayOf(2025, 11, 11), 5],
  [dayOf(2025, 11, 12), 1],
  [dayOf(2025, 12, 12), 1],
  [dayOf(2026, 6, 17), 1],
  [dayOf(2026, 6, 18), 3],
];
const isDoubleEleven = (day) => {
  const [, m, d] = civilFromDays(day);
  return m === 11 && d === 11;
};

// ---------------------------------------------------------------------------------------------
// Reference tables

/** A whitespace-separated text table, `width` words per record: 'a b  c d' → [[a, b], [c, d]]. */
function parseTable(text, width) {
  const words = text.trim().split(/\s+/);
  const rows = [];
  for (let i = 0; i < words.length; i += width) {
    rows.push(words.slice(i, i + width));
  }
  return rows;
}

/** Region codes (first 6 digits of 身份证号) per city; other engineers use the same list. */
export const CITY_REGION_CODES = {
  北京: '110101',
  上海: '310101',
  广州: '440106',
  深圳: '440305',
  杭州: '330106',
  成都: '510107',
  武汉: '420106',
  南京: '320102',
  西安: '610113',
  重庆: '500103',
  苏州: '320505',
  天津: '120101',
  长沙: '430102',
  郑州: '410102',
  青岛: '370202',
};
const CITY_WEIGHTS = {
  上海: 14,
  北京: 13,
  深圳: 11,
  杭州: 10,
  广州: 8,
  成都: 7,
  南京: 6,
  武汉: 6,
  苏州: 5,
  重庆: 5,
  西安: 4,
  天津: 4,
  长沙: 4,
  郑州: 4,
  青岛: 3,
};
const CITY_EN = {
  北京: 'Beijing',
  上海: 'Shanghai',
  广州: 'Guangzhou',
  深圳: 'Shenzhen',
  杭州: 'Hangzhou',
  成都: 'Chengdu',
  武汉: 'Wuhan',
  南京: 'Nanjing',
  西安: "Xi'an",
  重庆: 'Chongqing',
  苏州: 'Suzhou',
  天津: 'Tianjin',
  长沙: 'Changsha',
  郑州: 'Zhengzhou',
  青岛: 'Qingdao',
};
export const CITIES = Object.keys(CITY_REGION_CODES);

export const CHANNELS = ['App', '小程序', '天猫', '京东', '门店', '官网'];
const CHANNEL_EN = ['App', 'MiniProgram', 'Tmall', 'JD', 'Store', 'Web'];
const STORE = CHANNELS.indexOf('门店');
export const CATEGORIES = ['服饰', '美妆', '母婴', '数码', '食品', '家居', '运动'];
const CATEGORY_EN = ['Apparel', 'Beauty', 'MotherBaby', 'Electronics', 'Food', 'Home', 'Sports'];
// Basket size relative to the persona's median: electronics cost more, food less.
const CATEGORY_PRICE = [1.0, 0.9, 0.9, 1.6, 0.55, 1.0, 1.0];

// Surnames: character, pinyin, rough frequency weight (王李张刘陈 lead, as in the census).
// Kept as one text table so the formatter leaves it compact.
const SURNAMES = parseTable(
  `
  王 wang 7.1  李 li 7.0  张 zhang 6.7  刘 liu 5.4  陈 chen 4.5  杨 yang 3.1
  黄 huang 2.4  赵 zhao 2.3  吴 wu 2.1  周 zhou 2.1  徐 xu 1.7  孙 sun 1.5
  马 ma 1.5  朱 zhu 1.4  胡 hu 1.3  郭 guo 1.2  何 he 1.2  林 lin 1.2
  高 gao 1.1  罗 luo 1.0  郑 zheng 1.0  梁 liang 0.9  谢 xie 0.8  宋 song 0.8
  唐 tang 0.8  许 xu 0.7  韩 han 0.7  冯 feng 0.7  邓 deng 0.7  曹 cao 0.6
  彭 peng 0.6  曾 zeng 0.6  肖 xiao 0.6  田 tian 0.5  董 dong 0.5  袁 yuan 0.5
  潘 pan 0.5  于 yu 0.5  蒋 jiang 0.5  蔡 cai 0.5  余 yu 0.5  杜 du 0.4
  叶 ye 0.4  程 cheng 0.4  苏 su 0.4  魏 wei 0.4  吕 lv 0.4  丁 ding 0.4
  任 ren 0.4  沈 shen 0.4  姚 yao 0.3  卢 lu 0.3  姜 jiang 0.3  崔 cui 0.3
  钟 zhong 0.3  谭 tan 0.3  陆 lu 0.3  汪 wang 0.3  范 fan 0.3  金 jin 0.3
  石 shi 0.3  廖 liao 0.3  贾 jia 0.3  夏 xia 0.3  韦 wei 0.3  方 fang 0.3
  白 bai 0.2  邹 zou 0.2  孟 meng 0.2  熊 xiong 0.2  秦 qin 0.2  邱 qiu 0.2
  江 jiang 0.2  尹 yin 0.2  薛 xue 0.2  段 duan 0.2  雷 lei 0.2  侯 hou 0.2
  龙 long 0.2  史 shi 0.2  陶 tao 0.2  贺 he 0.2  顾 gu 0.2  毛 mao 0.2
  郝 hao 0.2  龚 gong 0.2  邵 shao 0.2  万 wan 0.2  钱 qian 0.2  严 yan 0.2
  武 wu 0.2  戴 dai 0.2  孔 kong 0.1  汤 tang 0.1  欧阳 ouyang 0.05
`,
  3,
);
const pickSurname = weighted(
  SURNAMES.map(([ch]) => ch),
  SURNAMES.map(([, , w]) => Number(w)),
);
const SURNAME_PINYIN = Object.fromEntries(SURNAMES.map(([ch, py]) => [ch, py]));

// Given-name characters by gender and generation (older customers have older-style names).
const GIVEN = {
  male: {
    older: '伟强磊军勇刚平明华斌波辉东海永志国成亮峰宏振建林文杰涛',
    younger: '子轩浩宇睿泽昊然晨嘉铭博俊凯豪鑫帅天一思承航奕锦宸阳',
  },
  female: {
    older: '秀英桂兰芳丽艳娟霞燕红梅萍玲静敏莉琴凤华洁慧丹',
    younger: '梓涵欣怡雨萱诗琪思语晨可馨彤妍若一紫悦佳婷雪颖琳晶倩雯梦璐瑶蕾薇',
  },
};
const PINYIN = Object.fromEntries(
  parseTable(
    `
  伟 wei  强 qiang  磊 lei  军 jun  勇 yong  刚 gang  平 ping  明 ming  华 hua  斌 bin
  波 bo  辉 hui  东 dong  海 hai  永 yong  志 zhi  国 guo  成 cheng  亮 liang  峰 feng
  宏 hong  振 zhen  建 jian  林 lin  文 wen  杰 jie  涛 tao  子 zi  轩 xuan  浩 hao
  宇 yu  睿 rui  泽 ze  昊 hao  然 ran  晨 chen  嘉 jia  铭 ming  博 bo  俊 jun
  凯 kai  豪 hao  鑫 xin  帅 shuai  天 tian  一 yi  思 si  承 cheng  航 hang  奕 yi
  锦 jin  宸 chen  阳 yang  秀 xiu  英 ying  桂 gui  兰 lan  芳 fang  丽 li  艳 yan
  娟 juan  霞 xia  燕 yan  红 hong  梅 mei  萍 ping  玲 ling  静 jing  敏 min  莉 li
  琴 qin  凤 feng  洁 jie  慧 hui  丹 dan  梓 zi  涵 han  欣 xin  怡 yi  雨 yu
  萱 xuan  诗 shi  琪 qi  语 yu  可 ke  馨 xin  彤 tong  妍 yan  若 ruo  紫 zi
  悦 yue  佳 jia  婷 ting  雪 xue  颖 ying  琳 lin  晶 jing  倩 qian  雯 wen  梦 meng
  璐 lu  瑶 yao  蕾 lei  薇 wei
`,
    2,
  ),
);

// Real mainland mobile prefixes (all match 1[3-9]\d).
const MOBILE_PREFIXES = (
  '130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 159 166 ' +
  '172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 196 197 198 199'
).split(' ');
const pickEmailDomain = weightedMap({
  'qq.com': 24,
  '163.com': 30,
  '126.com': 14,
  'gmail.com': 16,
  'outlook.com': 16,
});

const TIERS = ['普通', '银卡', '金卡', '钻石'];

// Hour-of-day weights, 00h..23h.
const HOURS = {
  // Lunch and evening peaks, office hours in between.
  daytime: [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 3, 4, 5, 6, 8, 7, 5, 5, 5, 6, 7, 9, 10, 9, 6, 3],
  // Phones in the evening and late at night, a lunch bump.
  evening: [
    4, 2.5, 1.2, 0.5, 0.3, 0.3, 0.5, 1, 2, 2.5, 3, 4, 7, 6, 3, 3, 3, 4, 5, 8, 11, 12, 11, 8,
  ],
  // Deal hunting at lunch and after dinner.
  bargain: [3, 1.5, 0.8, 0.4, 0.3, 0.3, 0.6, 1.5, 3, 3, 3, 5, 9, 7, 3, 3, 3, 4, 6, 8, 10, 11, 9, 5],
  // Stores open 10:00–22:00, busiest after work.
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 5, 5, 5, 5, 6, 6, 7, 8, 7, 4, 0, 0],
};
const HOUR_LIST = Array.from({ length: 24 }, (_, h) => h);
const hourPicker = (name) => weighted(HOUR_LIST, HOURS[name]);
const STORE_HOURS = hourPicker('store');

// ---------------------------------------------------------------------------------------------
// Personas

const W = (...weights) => weights; // weights in CHANNELS / CATEGORIES / TIERS order

/** Hidden personas; see the header comment for the story each one tells. */
export const PERSONAS = {
  loyal: {
    share: 0.08,
    age: [35, 54],
    femaleShare: 0.62,
    registered: [REGISTRATION_START, dayOf(2025, 6, 30)],
    orders: [15, 40],
    basket: { median: 780, sigma: 0.45, min: 200, max: 6000 },
    channels: W(34, 8, 8, 6, 38, 6),
    categories: W(28, 30, 5, 20, 5, 7, 5),
    quantity: { 1: 75, 2: 18, 3: 5, 4: 2 },
    hours: 'daytime',
    promo: 0.08,
    tiers: W(0, 5, 55, 40),
    consent: { marketing: [75, 15, 10], profiling: [85, 5, 10], sharing: [35, 50, 15] },
    survey: { responds: 3, satisfaction: 4.5 },
  },
  newApp: {
    share: 0.15,
    age: [18, 30],
    femaleShare: 0.52,
    registered: [WINDOW_END - 183, WINDOW_END],
    orders: [1, 3],
    basket: { median: 150, sigma: 0.6, min: 9, max: 3000 },
    channels: W(60, 40, 0, 0, 0, 0),
    categories: W(25, 22, 4, 18, 14, 7, 10),
    quantity: { 1: 78, 2: 16, 3: 6 },
    hours: 'evening',
    promo: 0.05,
    tiers: W(85, 15, 0, 0),
    consent: { marketing: [70, 15, 15], profiling: [80, 5, 15], sharing: [40, 40, 20] },
    survey: { responds: 1.5, satisfaction: 4.0 },
  },
  lapsed: {
    share: 0.1,
    age: [30, 55],
    femaleShare: 0.55,
    registered: [REGISTRATION_START, dayOf(2024, 10, 31)],
    orders: [5, 15],
    basket: { median: 620, sigma: 0.5, min: 150, max: 5000 },
    channels: W(25, 10, 20, 20, 20, 5),
    categories: W(25, 20, 10, 22, 5, 13, 5),
    quantity: { 1: 74, 2: 18, 3: 6, 4: 2 },
    hours: 'daytime',
    promo: 0.08,
    tiers: W(10, 40, 40, 10),
    consent: { marketing: [45, 35, 20], profiling: [65, 15, 20], sharing: [20, 55, 25] },
    survey: { responds: 0.8, satisfaction: 2.6 },
  },
  bargain: {
    share: 0.2,
    age: [25, 70],
    femaleShare: 0.6,
    registered: [REGISTRATION_START, dayOf(2026, 4, 30)],
    orders: [10, 35],
    basket: { median: 62, sigma: 0.45, min: 12, max: 400 },
    channels: W(8, 37, 28, 25, 1, 1),
    categories: W(10, 8, 8, 3, 40, 25, 6),
    quantity: { 1: 45, 2: 25, 3: 15, 4: 7, 5: 5, 6: 3 },
    hours: 'bargain',
    promo: 0.22,
    midnightRush: true,
    tiers: W(60, 35, 5, 0),
    consent: { marketing: [75, 12, 13], profiling: [75, 10, 15], sharing: [35, 45, 20] },
    survey: { responds: 1.2, satisfaction: 3.6 },
  },
  occasional: {
    share: 0.3,
    age: [22, 60],
    femaleShare: 0.52,
    registered: [REGISTRATION_START, dayOf(2026, 6, 30)],
    orders: [2, 6],
    basket: { median: 220, sigma: 0.55, min: 15, max: 4000 },
    channels: W(22, 18, 20, 18, 14, 8),
    categories: W(22, 15, 12, 14, 14, 13, 10),
    quantity: { 1: 72, 2: 18, 3: 6, 4: 2, 5: 2 },
    hours: 'daytime',
    promo: 0.08,
    tiers: W(60, 33, 7, 0),
    consent: { marketing: [55, 28, 17], profiling: [75, 10, 15], sharing: [28, 52, 20] },
    survey: { responds: 1, satisfaction: 3.7 },
  },
  oneTimer: {
    share: 0.17,
    age: [18, 70],
    femaleShare: 0.5,
    registered: [REGISTRATION_START, dayOf(2026, 3, 31)],
    orders: [1, 1],
    basket: { median: 160, sigma: 0.7, min: 9, max: 3000 },
    channels: W(18, 22, 22, 20, 10, 8),
    categories: W(18, 14, 12, 14, 16, 14, 12),
    quantity: { 1: 75, 2: 17, 3: 6, 4: 2 },
    hours: 'evening',
    promo: 0.12,
    tiers: W(90, 10, 0, 0),
    consent: { marketing: [45, 35, 20], profiling: [68, 14, 18], sharing: [22, 55, 23] },
    survey: { responds: 0.6, satisfaction: 3.0 },
  },
};
// Guests (not in customers.csv) buy like occasional shoppers, mostly in stores and on the web.
const GUEST = {
  ...PERSONAS.occasional,
  channels: W(5, 25, 0, 0, 45, 25),
  hours: 'daytime',
};
// Personas whose order counts stretch to reach the requested row count (one-timers stay at one).
const SCALABLE = new Set(['loyal', 'lapsed', 'bargain', 'occasional']);
const NO_ORDER_SHARE = 0.08;
const NO_ORDER_RATE_OTHERS = NO_ORDER_SHARE / (1 - PERSONAS.loyal.share - PERSONAS.lapsed.share);

/** Adds the pickers derived from a persona's weight tables (once, at load). */
function prepare(persona) {
  const genderCategory = (isMale) =>
    weighted(
      CATEGORIES.map((_, i) => i),
      persona.categories.map((w, i) => {
        // Men lean to electronics and sports, women to beauty: the tags should find it.
        if (isMale) {
          return w * [1, 0.3, 0.7, 2, 1, 0.9, 1.5][i];
        }
        return w * [1.1, 1.3, 1.2, 0.6, 1, 1, 0.8][i];
      }),
    );
  return {
    ...persona,
    pickChannel: weighted(
      CHANNELS.map((_, i) => i),
      persona.channels,
    ),
    pickCategory: { male: genderCategory(true), female: genderCategory(false) },
    pickQuantity: weighted(
      Object.keys(persona.quantity).map(Number),
      Object.values(persona.quantity),
    ),
    pickHour: hourPicker(persona.hours),
    pickTier: weighted(TIERS, persona.tiers),
    // 是 / 否 / empty (never asked), per purpose.
    pickConsent: Object.fromEntries(
      Object.entries(persona.consent).map(([purpose, w]) => [
        purpose,
        weighted(['是', '否', ''], w),
      ]),
    ),
  };
}
const PREPARED = Object.fromEntries(Object.entries(PERSONAS).map(([k, p]) => [k, prepare(p)]));
const PREPARED_GUEST = prepare(GUEST);
const pickPersona = weighted(
  Object.keys(PERSONAS),
  Object.values(PERSONAS).map((p) => p.share),
);

// ---------------------------------------------------------------------------------------------
// 身份证号 (GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a resident id number. */
export function cnIdCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  }
  return ID_CHECK[sum % 11];
}

/** An 18-character id: region, birth date, 3-digit sequence (odd last digit = male), check. */
export function makeCnId(regionCode, birthDay, isMale, rng) {
  const [y, m, d] = civilFromDays(birthDay);
  const last = rng.int(0, 4) * 2 + (isMale ? 1 : 0);
  const first17 = `${regionCode}${y}${pad2(m)}${pad2(d)}${pad2(rng.int(0, 99))}${last}`;
  return first17 + cnIdCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------
// Customers

function makeName(rng, isMale, birthYear) {
  const surname = pickSurname(rng);
  const pools = GIVEN[isMale ? 'male' : 'female'];
  const generation =
    birthYear < 1980
      ? 'older'
      : birthYear > 1992
        ? 'younger'
        : rng.chance(0.5)
          ? 'older'
          : 'younger';
  const pool = pools[generation];
  // Names stay 2–3 characters: a compound surname (欧阳) takes a one-character given name.
  const oneChar = surname.length > 1 || rng.chance(generation === 'older' ? 0.45 : 0.2);
  let given = rng.pick(pool);
  if (!oneChar) {
    // An occasional doubled name (婷婷, 欣欣) for women; otherwise two different characters.
    if (!isMale && rng.chance(0.04)) {
      given += given;
    } else {
      let second = rng.pick(pool);
      while (second === given) {
        second = rng.pick(pool);
      }
      given += second;
    }
  }
  const givenPinyin = [...given].map((ch) => PINYIN[ch]).join('');
  return { name: surname + given, surnamePinyin: SURNAME_PINYIN[surname], givenPinyin, given };
}

function makeEmail(rng, name, birthYear, taken) {
  let email;
  if (rng.chance(0.22)) {
    email = `${rng.int(1, 9)}${String(rng.int(0, 999999999)).padStart(rng.int(5, 9), '0')}@qq.com`;
  } else {
    const s = name.surnamePinyin;
    const g = name.givenPinyin;
    const initials = [...name.given].map((ch) => PINYIN[ch][0]).join('');
    const local = weighted(
      [
        `${s}${g}`,
        `${g}${s}`,
        `${s}.${g}`,
        `${s}${g}${birthYear % 100}`,
        `${s[0]}${initials}${birthYear}`,
        `${s}_${g}${rng.int(1, 999)}`,
      ],
      [25, 10, 15, 20, 15, 15],
    )(rng);
    email = `${local}@${pickEmailDomain(rng)}`;
  }
  while (taken.has(email)) {
    email = email.replace('@', String(rng.int(0, 9)) + '@');
  }
  taken.add(email);
  return email;
}

function makePhone(rng, taken) {
  let phone;
  do {
    phone = rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99999999)).padStart(8, '0');
  } while (taken.has(phone));
  taken.add(phone);
  // ~3% written the way people type them, to exercise canonicalisation.
  const r = rng.float();
  if (r < 0.012) {
    return `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
  }
  if (r < 0.024) {
    return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  }
  if (r < 0.03) {
    return `+86 ${phone}`;
  }
  return phone;
}

/**
 * `count` customers ordered by registration (so ids grow with 注册日期), each with its hidden
 * persona and the attributes the other files depend on.
 */
export function generateCustomers(count, seed = DEFAULT_SEED) {
  const rng = createRng(seed, 'customers');
  const cityPicker = weightedMap(CITY_WEIGHTS);
  const phones = new Set();
  const emails = new Set();
  const customers = [];
  for (let i = 0; i < count; i++) {
    const personaName = pickPersona(rng);
    const p = PREPARED[personaName];
    const isMale = !rng.chance(p.femaleShare);
    const age = rng.int(p.age[0], p.age[1]);
    // Ages 18–70 throughout 2026: born 1956-01-01 .. 2007-12-31.
    const birthYear = Math.min(2007, Math.max(1956, 2026 - age - (rng.chance(0.5) ? 1 : 0)));
    const birthDay = rng.int(dayOf(birthYear, 1, 1), dayOf(birthYear, 12, 31));
    const city = cityPicker(rng);
    const registered = rng.int(p.registered[0], p.registered[1]);
    // Loyal and lapsed customers bought by definition; the 8% who never ordered are the others.
    const hasOrders =
      personaName === 'loyal' || personaName === 'lapsed' || !rng.chance(NO_ORDER_RATE_OTHERS);
    const name = makeName(rng, isMale, birthYear);
    const consent = {
      marketing: p.pickConsent.marketing(rng),
      profiling: p.pickConsent.profiling(rng),
      sharing: p.pickConsent.sharing(rng),
    };
    customers.push({
      persona: personaName,
      isMale,
      birthDay,
      city,
      registered,
      hasOrders,
      name: name.name,
      phone: makePhone(rng, phones),
      email: rng.chance(0.15) ? '' : makeEmail(rng, name, birthYear, emails),
      cnId: rng.chance(0.1) ? '' : makeCnId(CITY_REGION_CODES[city], birthDay, isMale, rng),
      tier: hasOrders ? p.pickTier(rng) : rng.chance(0.9) ? '普通' : '银卡',
      consent,
      // A habitual channel and category make each customer's orders hang together.
      favouriteChannel: p.pickChannel(rng),
      favouriteCategory: p.pickCategory[isMale ? 'male' : 'female'](rng),
      sortKey: registered + rng.float(),
    });
  }
  customers.sort((a, b) => a.sortKey - b.sortKey);
  const width = Math.max(6, String(count).length);
  customers.forEach((c, i) => {
    c.id = 'C' + String(i + 1).padStart(width, '0');
    delete c.sortKey;
  });
  return customers;
}

export const CUSTOMER_HEADER = [
  '客户ID',
  '姓名',
  '手机',
  '邮箱',
  '身份证号',
  '性别',
  '城市',
  '注册日期',
  '会员等级',
  '营销同意',
  '画像同意',
  '共享同意',
];

export const customerRow = (c) => [
  c.id,
  c.name,
  c.phone,
  c.email,
  c.cnId,
  c.isMale ? '男' : '女',
  c.city,
  formatDay(c.registered),
  c.tier,
  c.consent.marketing,
  c.consent.profiling,
  c.consent.sharing,
];

// ---------------------------------------------------------------------------------------------
// Orders, stored column-wise (typed arrays) so a million rows stay cheap

export const KIND = {
  purchase: 0,
  cancel: 1,
  duplicate: 2,
  noCustomer: 3,
  badDate: 4,
  badAmount: 5,
  zeroAmount: 6,
};

/** Share of rows per kind: the sample (default) and the benchmark file (~0.5% defects). */
export const DEFECT_RATES = {
  sample: {
    duplicate: 0.003,
    cancel: 0.02,
    noCustomer: 0.002,
    badDate: 0.001,
    badAmount: 0.001,
    zeroAmount: 0.002,
    guest: 0.03,
    decimalId: 0,
  },
  bench: {
    duplicate: 0.0015,
    cancel: 0.01,
    noCustomer: 0.001,
    badDate: 0.0005,
    badAmount: 0.0005,
    zeroAmount: 0.001,
    guest: 0.03,
    decimalId: 0.001,
  },
};
const BAD_DATES = ['2025-13-45', 'unknown', '2026-02-30 14:20:00', '待定'];
const BAD_DATES_ISO = ['2025-13-45T10:00:00', 'unknown', '2026-02-30T14:20:00', 'N/A'];
const BAD_AMOUNTS = ['abc', '', '暂无']; // written in 金额 AND 单价, so both mappings fail

/** The days a customer may order on: [from, to], plus a pinned last day for some personas. */
function orderWindow(c, rng) {
  const from = Math.max(c.registered, WINDOW_START);
  switch (c.persona) {
    case 'loyal':
      return { from, to: WINDOW_END, last: rng.int(WINDOW_END - 45, WINDOW_END) };
    case 'lapsed': {
      const last = WINDOW_END - Math.round((rng.int(9 * 100, 20 * 100) / 100) * MONTH);
      return { from: Math.min(from, last), to: last, last };
    }
    case 'oneTimer':
      return { from, to: Math.max(from, WINDOW_END - 200) };
    default:
      return { from, to: WINDOW_END };
  }
}

/** A day in [from, to]: sometimes a promotion day, otherwise weekends a little busier. */
function sampleDay(rng, from, to, promo) {
  if (rng.chance(promo)) {
    const days = PROMO_DAYS.filter(([d]) => d >= from && d <= to);
    if (days.length > 0) {
      return weighted(
        days.map(([d]) => d),
        days.map(([, w]) => w),
      )(rng);
    }
  }
  for (;;) {
    const day = rng.int(from, to);
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 0 || weekday === 6 || rng.chance(0.8)) {
      return day;
    }
  }
}

/** Charm pricing: ¥129.90, ¥88.00, or an odd price for the cheap and the unlucky. */
function priceCents(rng, unit) {
  if (unit < 10) {
    return Math.max(100, Math.round(unit * 10) * 10);
  }
  const r = rng.float();
  if (r < 0.5) {
    return Math.round(unit) * 100 - 10;
  }
  if (r < 0.75) {
    return Math.round(unit) * 100;
  }
  return Math.round(unit * 100);
}

function createOrderTable(n) {
  return {
    n,
    kind: new Uint8Array(n),
    customer: new Int32Array(n), // index into customers, then guests after them
    ts: new Uint32Array(n), // seconds since 1970, wall clock
    sortTs: new Uint32Array(n), // where the row sits in the file (differs for later duplicates)
    quantity: new Int16Array(n),
    price: new Int32Array(n), // cents
    channel: new Uint8Array(n),
    category: new Uint8Array(n),
    ref: new Int32Array(n).fill(-1), // the original row of a cancellation or duplicate
    variant: new Uint8Array(n), // which bad value; for purchases 1 = customer id written "17850.0"
    seq: new Uint32Array(n), // per-day order number
    order: null, // row indices in file order
  };
}

/** Fills row i with an order of customer index `ci` (profile `p`) on `day`. */
function fillOrder(t, i, rng, ci, who, p, day) {
  const channel = rng.chance(0.55) ? who.favouriteChannel : p.pickChannel(rng);
  const category = rng.chance(0.5)
    ? who.favouriteCategory
    : p.pickCategory[who.isMale ? 'male' : 'female'](rng);
  // Stores keep opening hours; deal hunters wait up for 11-11, which opens at 00:00.
  let hour;
  if (channel === STORE) {
    hour = STORE_HOURS(rng);
  } else if (p.midnightRush && isDoubleEleven(day) && rng.chance(0.25)) {
    hour = 0;
  } else {
    hour = p.pickHour(rng);
  }
  const ts = day * SECONDS_PER_DAY + hour * 3600 + rng.int(0, 3599);
  const quantity = p.pickQuantity(rng);
  const basket = Math.min(
    p.basket.max,
    Math.max(
      p.basket.min,
      rng.lognormal(p.basket.median * CATEGORY_PRICE[category], p.basket.sigma),
    ),
  );
  t.customer[i] = ci;
  t.ts[i] = ts;
  t.sortTs[i] = ts;
  t.quantity[i] = quantity;
  t.price[i] = priceCents(rng, basket / quantity);
  t.channel[i] = channel;
  t.category[i] = category;
}

/** Base order counts per customer, stretched so the known customers get exactly `target`. */
function allocateOrderCounts(customers, target, rng) {
  const counts = new Int32Array(customers.length);
  const scalable = [];
  let fixed = 0;
  let scalableBase = 0;
  customers.forEach((c, i) => {
    if (!c.hasOrders) {
      return;
    }
    const [lo, hi] = PERSONAS[c.persona].orders;
    counts[i] = rng.int(lo, hi);
    if (SCALABLE.has(c.persona)) {
      scalable.push(i);
      scalableBase += counts[i];
    } else {
      fixed += counts[i];
    }
  });
  const factor = scalableBase > 0 ? Math.max(0, target - fixed) / scalableBase : 0;
  let total = fixed;
  for (const i of scalable) {
    const x = counts[i] * factor;
    counts[i] = Math.max(1, Math.floor(x + rng.float())); // stochastic rounding keeps the mean
    total += counts[i];
  }
  // Nudge single customers until the total is exact (random, so no persona is favoured).
  const growable = scalable.length > 0 ? scalable : customers.map((_, i) => i);
  while (total < target) {
    counts[rng.pick(growable)]++;
    total++;
  }
  // Too many: take orders from scalable customers down to one each, and only if the fixed
  // personas alone exceed the target (a tiny --orders), from anyone down to none.
  for (const floor of [1, 0]) {
    const candidates = (floor === 1 ? scalable : customers.map((_, i) => i)).filter(
      (i) => counts[i] > floor,
    );
    while (total > target && candidates.length > 0) {
      const k = rng.int(0, candidates.length - 1);
      const i = candidates[k];
      counts[i]--;
      total--;
      if (counts[i] === floor) {
        candidates[k] = candidates[candidates.length - 1];
        candidates.pop();
      }
    }
  }
  return counts;
}

/** Picks `k` distinct values from `pool` (partial Fisher–Yates, in place). */
function sampleDistinct(rng, pool, k) {
  const out = [];
  for (let j = 0; j < k && j < pool.length; j++) {
    const r = rng.int(j, pool.length - 1);
    const tmp = pool[j];
    pool[j] = pool[r];
    pool[r] = tmp;
    out.push(pool[j]);
  }
  return out;
}

/**
 * `rows` order rows for `customers` (from generateCustomers), in file order, with the defects of
 * `rates` planted. Returns the column table, the guests and the exact planted counts.
 */
export function generateOrders(
  customers,
  rows,
  { seed = DEFAULT_SEED, rates = DEFECT_RATES.sample } = {},
) {
  const rng = createRng(seed, 'orders');
  const n = rows;
  const planted = {
    duplicate: Math.round(n * rates.duplicate),
    cancelled: Math.round(n * rates.cancel),
    noCustomer: Math.round(n * rates.noCustomer),
    badDate: Math.round(n * rates.badDate),
    badAmount: Math.round(n * rates.badAmount),
    zeroAmount: Math.round(n * rates.zeroAmount),
  };
  const defects = planted.noCustomer + planted.badDate + planted.badAmount + planted.zeroAmount;
  const purchases = n - defects - planted.cancelled - planted.duplicate;
  if (purchases < 1) {
    throw new Error(`--orders ${n} is too small`);
  }
  const guestOrders = Math.round(purchases * rates.guest);
  const known = purchases - guestOrders;
  const t = createOrderTable(n);

  // 1. Known customers.
  const counts = allocateOrderCounts(customers, known, rng);
  const buyers = [];
  const windows = new Map(); // customer index → order window, reused for the defect rows
  let i = 0;
  customers.forEach((c, ci) => {
    const k = counts[ci];
    if (k === 0) {
      return;
    }
    buyers.push(ci);
    const p = PREPARED[c.persona];
    const w = orderWindow(c, rng);
    windows.set(ci, w);
    for (let j = 0; j < k; j++) {
      const day = j === 0 && w.last !== undefined ? w.last : sampleDay(rng, w.from, w.to, p.promo);
      fillOrder(t, i++, rng, ci, c, p, day);
    }
  });

  // 2. Guests: 1–3 orders each, not in customers.csv.
  const guests = [];
  const cityPicker = weightedMap(CITY_WEIGHTS);
  while (i < purchases) {
    const guest = {
      isMale: rng.chance(0.45),
      city: cityPicker(rng),
      favouriteChannel: PREPARED_GUEST.pickChannel(rng),
      favouriteCategory: 0,
    };
    guest.favouriteCategory = PREPARED_GUEST.pickCategory[guest.isMale ? 'male' : 'female'](rng);
    const gi = customers.length + guests.length;
    guests.push(guest);
    for (let k = rng.int(1, 3); k > 0 && i < purchases; k--) {
      const day = sampleDay(rng, WINDOW_START, WINDOW_END, 0.05);
      fillOrder(t, i++, rng, gi, guest, PREPARED_GUEST, day);
    }
  }
  // Bench only: some known customers' ids come back from a spreadsheet as "17850.0".
  const knownRows = Array.from({ length: known }, (_, r) => r);
  const decimalIdRows = sampleDistinct(rng, knownRows, Math.round(purchases * rates.decimalId));
  for (const r of decimalIdRows) {
    t.variant[r] = 1;
  }

  // 3. One defect per row, each an otherwise ordinary order of a random buyer.
  const defectKinds = [
    ['noCustomer', KIND.noCustomer, 1],
    ['badDate', KIND.badDate, BAD_DATES.length],
    ['badAmount', KIND.badAmount, BAD_AMOUNTS.length],
    ['zeroAmount', KIND.zeroAmount, 2],
  ];
  for (const [name, kind, variants] of defectKinds) {
    for (let k = 0; k < planted[name]; k++, i++) {
      const ci = buyers.length > 0 ? rng.pick(buyers) : 0;
      const c = customers[ci];
      const p = PREPARED[c.persona];
      const w = windows.get(ci) ?? { from: WINDOW_START, to: WINDOW_END };
      fillOrder(t, i, rng, ci, c, p, sampleDay(rng, w.from, w.to, p.promo));
      t.kind[i] = kind;
      t.variant[i] = rng.int(0, variants - 1);
    }
  }

  // 4. Cancellations and returns of earlier clean orders: same goods, negative quantity.
  const cleanRows = () => Array.from({ length: purchases }, (_, r) => r);
  for (const orig of sampleDistinct(rng, cleanRows(), planted.cancelled)) {
    t.kind[i] = KIND.cancel;
    t.ref[i] = orig;
    t.customer[i] = t.customer[orig];
    // 2 h to 15 days later, squeezed near the end so nothing passes 2026-10-31 23:59:59.
    const room = END_TS - t.ts[orig];
    t.ts[i] =
      t.ts[orig] +
      (room < 2 * 3600
        ? rng.int(0, room)
        : rng.int(2 * 3600, Math.min(room, 15 * SECONDS_PER_DAY)));
    t.sortTs[i] = t.ts[i];
    t.quantity[i] = -rng.int(1, t.quantity[orig]);
    t.price[i] = t.price[orig];
    t.channel[i] = t.channel[orig];
    t.category[i] = t.category[orig];
    i++;
  }

  // 5. Exact duplicates (an export run twice, a retried sync): right after the original or later.
  for (const orig of sampleDistinct(rng, cleanRows(), planted.duplicate)) {
    t.kind[i] = KIND.duplicate;
    t.ref[i] = orig;
    t.sortTs[i] = rng.chance(0.5)
      ? t.sortTs[orig]
      : Math.min(END_TS, t.sortTs[orig] + rng.int(60, 20 * SECONDS_PER_DAY));
    i++;
  }

  // 6. File order: by time; on equal times by row index, which puts a duplicate after its
  // original. Packing (time, index) into one double lets the native numeric sort do the work.
  if (n >= 2 ** 24) {
    throw new Error('at most 16,777,215 order rows');
  }
  const keys = new Float64Array(n);
  const base = WINDOW_START * SECONDS_PER_DAY;
  for (let r = 0; r < n; r++) {
    keys[r] = (t.sortTs[r] - base) * 2 ** 24 + r;
  }
  keys.sort();
  t.order = new Uint32Array(n);
  const perDay = new Uint32Array(WINDOW_END - WINDOW_START + 2);
  for (let k = 0; k < n; k++) {
    const r = keys[k] % 2 ** 24;
    t.order[k] = r;
    // Order numbers count up per day in file order; cancellations and duplicates reuse theirs.
    if (t.kind[r] !== KIND.cancel && t.kind[r] !== KIND.duplicate) {
      t.seq[r] = ++perDay[Math.floor(t.ts[r] / SECONDS_PER_DAY) - WINDOW_START];
    }
  }
  return { table: t, guests, planted, purchases, guestOrders };
}

// Per-day strings, computed once: a million rows only concatenate.
const DAY_STRINGS = new Map();
function dayStrings(day) {
  let s = DAY_STRINGS.get(day);
  if (!s) {
    const iso = formatDay(day);
    s = { iso, compact: iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) };
    DAY_STRINGS.set(day, s);
  }
  return s;
}
const TWO_DIGITS = Array.from({ length: 100 }, (_, k) => pad2(k));

function formatTime(ts, separator) {
  const day = Math.floor(ts / SECONDS_PER_DAY);
  const sec = ts - day * SECONDS_PER_DAY;
  const hh = Math.floor(sec / 3600);
  const mm = Math.floor((sec % 3600) / 60);
  const clock = `${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[sec % 60]}`;
  return dayStrings(day).iso + separator + clock;
}

/** Cents as a decimal with two places, exactly (no floating-point rounding). */
export function formatCents(cents) {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${TWO_DIGITS[abs % 100]}`;
}

function orderId(t, r) {
  if (t.kind[r] === KIND.cancel) {
    return 'C' + orderId(t, t.ref[r]);
  }
  // SO + yymmdd + a 4-digit daily number (5 digits on the busiest days of the benchmark file).
  const seq = t.seq[r];
  const day = dayStrings(Math.floor(t.ts[r] / SECONDS_PER_DAY)).compact;
  return `SO${day}${seq < 10000 ? String(seq).padStart(4, '0') : seq}`;
}

/** The cells of row r for orders.csv (订单编号, 客户ID, 下单时间, 数量, 单价, 金额, 渠道, 品类). */
export function orderCells(t, r, customers) {
  if (t.kind[r] === KIND.duplicate) {
    return orderCells(t, t.ref[r], customers);
  }
  const kind = t.kind[r];
  const ci = t.customer[r];
  let customerId = '';
  if (kind !== KIND.noCustomer) {
    customerId = ci < customers.length ? customers[ci].id : guestId(ci - customers.length);
  }
  let quantity = String(t.quantity[r]);
  let price = formatCents(t.price[r]);
  let amount = formatCents(t.quantity[r] * t.price[r]);
  if (kind === KIND.badAmount) {
    price = amount = BAD_AMOUNTS[t.variant[r]];
  }
  if (kind === KIND.zeroAmount) {
    // Variant 0: an order line emptied before shipping; variant 1: a free gift.
    if (t.variant[r] === 0) {
      quantity = '0';
    } else {
      price = '0.00';
    }
    amount = '0.00';
  }
  const time = kind === KIND.badDate ? BAD_DATES[t.variant[r]] : formatTime(t.ts[r], ' ');
  return [
    orderId(t, r),
    customerId,
    time,
    quantity,
    price,
    amount,
    CHANNELS[t.channel[r]],
    CATEGORIES[t.category[r]],
  ];
}

const guestId = (g) => 'G' + String(g + 1).padStart(6, '0');

export const ORDER_HEADER = [
  '订单编号',
  '客户ID',
  '下单时间',
  '数量',
  '单价',
  '金额',
  '渠道',
  '品类',
];
export const BENCH_HEADER = 'order_id,customer_id,order_date,amount,channel,city,category';
const BENCH_ID_BASE = 10000; // numeric customer ids start at 10001 (guests follow the customers)

/** One line of the benchmark file (no quoting needed: no value holds a comma or quote). */
export function benchLine(t, r, customers, guests) {
  if (t.kind[r] === KIND.duplicate) {
    return benchLine(t, t.ref[r], customers, guests);
  }
  const kind = t.kind[r];
  const ci = t.customer[r];
  let customerId = kind === KIND.noCustomer ? '' : String(BENCH_ID_BASE + 1 + ci);
  if (kind === KIND.purchase && t.variant[r] === 1) {
    customerId += '.0';
  } // re-saved by a spreadsheet
  const city = ci < customers.length ? customers[ci].city : guests[ci - customers.length].city;
  const date = kind === KIND.badDate ? BAD_DATES_ISO[t.variant[r]] : formatTime(t.ts[r], 'T');
  let amount = formatCents(t.quantity[r] * t.price[r]);
  if (kind === KIND.badAmount) {
    amount = t.variant[r] === 1 ? '' : 'abc';
  }
  if (kind === KIND.zeroAmount) {
    amount = '0.00';
  }
  const channel = CHANNEL_EN[t.channel[r]];
  const category = CATEGORY_EN[t.category[r]];
  return `${orderId(t, r)},${customerId},${date},${amount},${channel},${CITY_EN[city]},${category}`;
}

// ---------------------------------------------------------------------------------------------
// Survey

const GOALS = [
  '性价比高',
  '品质可靠',
  '送货快',
  '新品尝鲜',
  '给孩子买好东西',
  '品牌正品',
  '囤货省钱',
  '方便快捷',
  '追随潮流',
  '会员专属服务',
];
const GOAL_WEIGHTS = {
  loyal: [2, 8, 3, 4, 2, 7, 0.5, 3, 2, 6],
  newApp: [4, 3, 4, 7, 1, 2, 1, 6, 6, 1],
  lapsed: [3, 7, 6, 2, 3, 4, 1, 3, 1, 2],
  bargain: [9, 2, 3, 1, 3, 1, 7, 2, 0.5, 1],
  occasional: [5, 5, 5, 2, 4, 3, 2, 4, 2, 1],
  oneTimer: [6, 4, 5, 3, 2, 2, 2, 4, 2, 0.5],
};

// Pain points with persona leanings (weights in PERSONAS order: loyal newApp lapsed bargain
// occasional oneTimer). The last entries need CSV quoting: an ASCII comma and quotes.
const PAINS = [
  ['配送太慢', [1, 2, 3, 1.5, 2, 3]],
  ['客服回复慢', [1, 1.5, 3, 1, 1.5, 2]],
  ['价格比别家贵', [0.5, 1.5, 1.5, 4, 2, 2.5]],
  ['退货麻烦', [1, 1, 3, 1, 2, 2]],
  ['优惠券规则复杂', [0.5, 2, 1, 4, 1.5, 1]],
  ['尺码不准', [1, 1, 2, 0.5, 2, 1.5]],
  ['包装破损', [0.5, 0.5, 1, 2, 1.5, 1]],
  ['商品和图片不符', [0.5, 1.5, 1.5, 1, 1.5, 2]],
  ['物流信息不更新', [0.5, 1, 1.5, 1.5, 1, 1]],
  ['满减门槛太高', [0.3, 1, 0.5, 3, 1, 1]],
  ['App 经常闪退', [1, 3, 1, 0.5, 0.5, 0.5]],
  ['注册和登录步骤太多', [0.3, 2.5, 0.3, 0.3, 0.5, 1]],
  ['会员权益太少', [3, 0.5, 1.5, 1, 0.5, 0.3]],
  ['新品上得太慢', [2.5, 1.5, 0.5, 0.3, 0.5, 0.3]],
  ['门店排队时间长', [2, 0.2, 1, 0.2, 0.5, 0.3]],
  ['售后电话总是打不通', [0.5, 0.5, 2.5, 0.5, 1, 1.5]],
  ['质量不如以前了', [1, 0.2, 3, 0.5, 1, 1]],
  ['积分过期太快', [2, 0.3, 1, 1.5, 0.5, 0.2]],
  ['发票开具不方便', [1.5, 0.3, 0.5, 0.3, 0.5, 0.3]],
  ['赠品经常缺货', [0.5, 0.5, 0.5, 1.5, 0.5, 0.3]],
  ['页面显示"有货",下单后却说缺货', [0.1, 0.2, 0.2, 0.2, 0.1, 0.2]],
  ['"限时特价"其实天天都有', [0.05, 0.1, 0.1, 0.3, 0.1, 0.1]],
];
const PERSONA_ORDER = Object.keys(PERSONAS);
const PAIN_PICKERS = Object.fromEntries(
  PERSONA_ORDER.map((name, k) => [
    name,
    weighted(
      PAINS.map(([text]) => text),
      PAINS.map(([, w]) => w[k]),
    ),
  ]),
);
const WISHES = [
  '优惠再多一点',
  '新品更新快一些',
  '配送再快一点',
  '会员活动多一些',
  '客服响应再快些',
];
// {a}, {b}, {c}: distinct pain points; {w}: a wish. Happy templates only for satisfied people.
const PAIN_TEMPLATES = weighted(
  [
    '{a}。',
    '{a}，而且{b}。',
    '{a}，{b}。',
    '主要是{a}，希望改进。',
    '{a}，另外{b}，体验一般。',
    '感觉{a}，{b}，还有{c}。',
    '最近几次都{a}，有点失望。',
    '{a}。\n{b}，希望尽快解决。',
  ],
  [14, 20, 14, 12, 10, 6, 6, 0.5],
);
const HAPPY_TEMPLATES = weighted(
  ['整体满意，就是{a}。', '没什么大问题，希望{w}。', '挺好的，要是{w}就更好了。'],
  [5, 4, 3],
);

const JOBS = [
  '白领',
  '学生',
  '自由职业',
  '企业主',
  '退休',
  '教师',
  '医护',
  '公务员',
  '工程师',
  '销售',
  '全职妈妈',
];
const JOB_WEIGHTS = {
  loyal: [8, 0, 2, 6, 0.5, 2, 3, 2, 3, 2, 1],
  newApp: [7, 8, 3, 0.5, 0, 1, 1, 1, 3, 2, 0.5],
  lapsed: [7, 0.5, 2, 2, 1, 2, 2, 2, 3, 2, 1],
  bargain: [5, 1.5, 3, 0.5, 5, 2, 1.5, 1, 1.5, 1.5, 3],
  occasional: [8, 1.5, 2.5, 1, 1.5, 2, 2, 2, 3, 2.5, 1.5],
  oneTimer: [6, 3, 3, 1, 1.5, 1.5, 1.5, 1, 2, 2, 1],
};
const GOAL_PICKERS = Object.fromEntries(
  PERSONA_ORDER.map((name) => [name, weighted(GOALS, GOAL_WEIGHTS[name])]),
);
const JOB_PICKERS = Object.fromEntries(
  PERSONA_ORDER.map((name) => [name, weighted(JOBS, JOB_WEIGHTS[name])]),
);
/** Jobs that only fit some people: no retired 30-year-olds, no 50-year-old students. */
const jobFits = (job, age, isMale) =>
  !(job === '学生' && age > 26) &&
  !(job === '退休' && age < 50) &&
  !(job === '全职妈妈' && (isMale || age < 23));

const ageBand = (age) =>
  age < 25 ? '18-24' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : '55+';

function ageOn(birthDay, day) {
  const [by, bm, bd] = civilFromDays(birthDay);
  const [y, m, d] = civilFromDays(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

/** A pain-point sentence of 8–40 characters (redrawn until it fits). */
function painText(rng, persona, satisfaction) {
  const pick = PAIN_PICKERS[persona];
  for (;;) {
    const template =
      satisfaction >= 4 && rng.chance(0.6) ? HAPPY_TEMPLATES(rng) : PAIN_TEMPLATES(rng);
    const a = pick(rng);
    let b = pick(rng);
    while (b === a) {
      b = pick(rng);
    }
    let c = pick(rng);
    while (c === a || c === b) {
      c = pick(rng);
    }
    const text = template
      .replace('{a}', a)
      .replace('{b}', b)
      .replace('{c}', c)
      .replace('{w}', rng.pick(WISHES));
    const length = [...text].length;
    if (length >= 8 && length <= 40) {
      return text;
    }
  }
}

export const SURVEY_HEADER = [
  '客户ID',
  '提交时间',
  '满意度',
  'NPS',
  '购物目标',
  '痛点',
  '年龄段',
  '职业',
];
const SURVEY_START = dayOf(2026, 9, 1); // a two-month questionnaire campaign

/** `count` answers, mostly from existing customers (buyers answer more), ~2% from unknown ids. */
export function generateSurvey(customers, count, seed = DEFAULT_SEED) {
  const rng = createRng(seed, 'survey');
  const unknown = Math.round(count * 0.02);
  // Weighted sampling without replacement (Efraimidis–Spirakis keys).
  const keyed = customers.map((c, i) => {
    const w = PERSONAS[c.persona].survey.responds * (c.hasOrders ? 1 : 0.2);
    return [Math.pow(rng.float(), 1 / w), i];
  });
  keyed.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  const respondents = keyed
    .slice(0, Math.min(customers.length, count - unknown))
    .map(([, i]) => customers[i]);
  const width = Math.max(6, String(customers.length).length);
  const answers = [];
  const answer = (id, persona, day, age, isMale) => {
    const p = PERSONAS[persona];
    const satisfaction = clamp(Math.round(p.survey.satisfaction + rng.normal() * 0.8), 1, 5);
    const nps = clamp(Math.round(satisfaction * 2 - 0.5 + rng.normal() * 1.3), 0, 10);
    let job = JOB_PICKERS[persona](rng);
    while (!jobFits(job, age, isMale)) {
      job = JOB_PICKERS[persona](rng);
    }
    const ts = day * SECONDS_PER_DAY + rng.int(8 * 3600, 23 * 3600 + 3599);
    answers.push({
      ts,
      cells: [
        id,
        formatTime(ts, ' '),
        String(satisfaction),
        String(nps),
        GOAL_PICKERS[persona](rng),
        painText(rng, persona, satisfaction),
        ageBand(age),
        job,
      ],
    });
  };
  for (const c of respondents) {
    const day = rng.int(Math.max(SURVEY_START, c.registered), WINDOW_END);
    answer(c.id, c.persona, day, ageOn(c.birthDay, day), c.isMale);
  }
  for (let k = 0; k < count - respondents.length; k++) {
    // Ids that look right but match no customer (a typo, a deleted account).
    const id = 'C' + String(customers.length + rng.int(1000, 90000)).padStart(width, '0');
    answer(
      id,
      pickPersona(rng),
      rng.int(SURVEY_START, WINDOW_END),
      rng.int(18, 70),
      rng.chance(0.5),
    );
  }
  answers.sort((x, y) => x.ts - y.ts);
  return answers.map((a) => a.cells);
}

// ---------------------------------------------------------------------------------------------
// CSV output

/** RFC 4180: quote a field only when it holds a comma, a quote or a line break. */
export function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
export const csvLine = (cells) => cells.map(csvField).join(',');

/**
 * Collects lines and writes them in ~1 MB chunks: straight to disk for plain files, or into one
 * buffer that is gzipped at the end (gzipSync needs the whole input; the sample is ~15 MB).
 */
class CsvWriter {
  constructor(file, { gzip = false, eol = '\r\n' } = {}) {
    this.file = file;
    this.gzip = gzip;
    this.eol = eol;
    this.pending = '';
    this.rows = -1; // the header is not a row
    this.rawBytes = 0;
    this.chunks = [];
    this.fd = gzip ? null : fs.openSync(file, 'w');
  }

  line(text) {
    this.pending += text + this.eol;
    this.rows++;
    if (this.pending.length >= 1 << 20) {
      this.flush();
    }
  }

  flush() {
    if (!this.pending) {
      return;
    }
    const buf = Buffer.from(this.pending, 'utf8');
    this.rawBytes += buf.length;
    if (this.gzip) {
      this.chunks.push(buf);
    } else {
      fs.writeSync(this.fd, buf);
    }
    this.pending = '';
  }

  close() {
    this.flush();
    let bytes = this.rawBytes;
    if (this.gzip) {
      const gz = gzipSync(Buffer.concat(this.chunks), { level: 9 });
      gz[9] = 3; // OS = Unix everywhere (zlib writes 10 on Windows); mtime is already 0
      fs.writeFileSync(this.file, gz);
      bytes = gz.length;
    } else {
      fs.closeSync(this.fd);
    }
    return { file: this.file, rows: this.rows, rawBytes: this.rawBytes, bytes };
  }
}

function writeCsv(file, header, rows, options) {
  const writer = new CsvWriter(file, options);
  writer.line(csvLine(header));
  for (const cells of rows) {
    writer.line(csvLine(cells));
  }
  return writer.close();
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `Usage:
  node scripts/gen-sample.mjs [--out DIR] [--plain] [--seed N] [--customers N] [--orders N]
      customers, orders and survey CSVs (gzip unless --plain) in DIR (default public/sample)
  node scripts/gen-sample.mjs --bench [--orders N] [--customers N] [--seed N] [--out DIR]
      one plain orders-<N>.csv with an English header in DIR (default bench/data)`;

function seedOf(text) {
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error('--seed needs a non-negative integer');
  }
  return seed >>> 0;
}

function parseArgs(argv) {
  const args = {
    bench: false,
    plain: false,
    seed: DEFAULT_SEED,
    out: null,
    orders: null,
    customers: null,
  };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = () => {
      const v = argv[++k];
      if (v === undefined) {
        throw new Error(`${flag} needs a value`);
      }
      return v;
    };
    const count = () => {
      const v = Number(value().replace(/_/g, ''));
      if (!Number.isInteger(v) || v < 1) {
        throw new Error(`${flag} needs a positive integer`);
      }
      return v;
    };
    if (flag === '--bench') {
      args.bench = true;
    } else if (flag === '--plain') {
      args.plain = true;
    } else if (flag === '--out') {
      args.out = value();
    } else if (flag === '--seed') {
      args.seed = seedOf(value());
    } else if (flag === '--orders') {
      args.orders = count();
    } else if (flag === '--customers') {
      args.customers = count();
    } else if (flag === '--help' || flag === '-h') {
      args.help = true;
    } else {
      throw new Error(`unknown option ${flag} (try --help)`);
    }
  }
  return args;
}

const label = (n) => (n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

export function main(argv = process.argv.slice(2)) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = args.out
    ? path.resolve(args.out)
    : path.join(repoRoot, args.bench ? 'bench/data' : 'public/sample');
  fs.mkdirSync(outDir, { recursive: true });
  const nCustomers = args.customers ?? (args.bench ? 100_000 : 20_000);
  const nOrders = args.orders ?? (args.bench ? 1_000_000 : 200_000);
  const customers = generateCustomers(nCustomers, args.seed);
  const rates = args.bench ? DEFECT_RATES.bench : DEFECT_RATES.sample;
  const { table, guests, planted } = generateOrders(customers, nOrders, { seed: args.seed, rates });
  const defectsNote = Object.entries(planted)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const report = ({ file, rows, rawBytes, bytes }, extra = '') =>
    console.log(
      `${path.relative(process.cwd(), file) || file}: ${rows} rows, ${bytes} bytes` +
        (bytes !== rawBytes ? ` (${rawBytes} raw)` : '') +
        extra,
    );

  if (args.bench) {
    const writer = new CsvWriter(path.join(outDir, `orders-${label(nOrders)}.csv`), { eol: '\n' });
    writer.line(BENCH_HEADER);
    for (let k = 0; k < table.n; k++) {
      writer.line(benchLine(table, table.order[k], customers, guests));
    }
    report(writer.close(), `; planted: ${defectsNote}`);
  } else {
    const options = { gzip: !args.plain };
    const ext = args.plain ? '.csv' : '.csv.gz';
    report(
      writeCsv(
        path.join(outDir, `customers${ext}`),
        CUSTOMER_HEADER,
        customers.map(customerRow),
        options,
      ),
    );
    const orderRows = (function* () {
      for (let k = 0; k < table.n; k++) {
        yield orderCells(table, table.order[k], customers);
      }
    })();
    report(
      writeCsv(path.join(outDir, `orders${ext}`), ORDER_HEADER, orderRows, options),
      `; planted: ${defectsNote}`,
    );
    const survey = generateSurvey(customers, Math.max(1, Math.round(nCustomers * 0.15)), args.seed);
    report(writeCsv(path.join(outDir, `survey${ext}`), SURVEY_HEADER, survey, options));
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${args.seed})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`gen-sample: ${error.message}`);
    process.exit(1);
  }
}
