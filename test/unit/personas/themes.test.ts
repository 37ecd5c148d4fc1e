import { isQuotable, mentionsTheme, topThemes } from '../../../src/lib/domain/personas/themes';

// Answers to "您对我们最不满意的地方是什么？" as they come out of a survey export. The expected
// themes below are counted by hand; the numbers in the comments are the answers' positions.
const ZH_ANSWERS = [
  /* 1 */ '排队时间太长了，希望多开几个收银台',
  /* 2 */ '排队时间太长，而且积分过期太快。',
  /* 3 */ '周末去门店排队的时间太长',
  /* 4 */ '积分过期太快，根本用不完',
  /* 5 */ '会员积分过期太快了',
  /* 6 */ '客服回复慢，问题一直没解决',
  /* 7 */ '客服回复很慢',
  /* 8 */ '联系客服回复慢，等了很久',
  /* 9 */ '客服电话总是打不通',
  /* 10 */ '售后电话打不通，退货麻烦',
  /* 11 */ '退货太麻烦了',
  /* 12 */ '配送太慢，包装也破损了',
  /* 13 */ '配送太慢',
  /* 14 */ '价格太贵，优惠券规则复杂',
  /* 15 */ '优惠券规则复杂，看不懂',
  /* 16 */ '手机13812345678，邮箱 zhang.san@example.com',
  /* 17 */ '整体满意，就是配送有点慢',
  /* 18 */ '东西挺好的，没什么问题',
  /* 19 */ '送货很快，包装也不错',
  /* 20 */ '积分过期了都不知道，没有提醒',
  /* 21 */ '积分过期也没有提醒',
];

const EN_ANSWERS = [
  /* 1 */ 'The delivery time is too long.',
  /* 2 */ 'Delivery time is too long, and the courier was rude.',
  /* 3 */ 'Long delivery time.',
  /* 4 */ 'Delivery time keeps changing.',
  /* 5 */ 'My loyalty points expired before I could use them!',
  /* 6 */ 'Loyalty points expire too quickly.',
  /* 7 */ 'I lost my loyalty points.',
  /* 8 */ 'Customer service never answers the phone.',
  /* 9 */ 'Customer service is slow.',
  /* 10 */ 'Could not reach customer service.',
  /* 11 */ 'Prices are too high.',
  /* 12 */ 'The prices are too high for me.',
  /* 13 */ 'Call me at 415-555-0199 or write to jane.doe@example.com',
  /* 14 */ 'Great products, fast delivery.',
  /* 15 */ 'The app keeps crashing at checkout.',
];

describe('topThemes (Chinese)', () => {
  const themes = topThemes(ZH_ANSWERS, 'zh-CN', 100);

  it('finds whole phrases with the number of answers that mention them', () => {
    expect(themes).toEqual([
      // 6, 7 (很慢 = 慢), 8: 客服 is never said apart from 回复慢 often enough to stand alone.
      { theme: '客服回复慢', count: 3 },
      // 1, 2, 3 (排队的时间: 的 is left out).
      { theme: '排队时间太长', count: 3 },
      // 2, 4, 5.
      { theme: '积分过期太快', count: 3 },
      // 14, 15.
      { theme: '优惠券规则复杂', count: 2 },
      // 12 (包装破损 is said once), 19.
      { theme: '包装', count: 2 },
      // 20, 21: the negation stays.
      { theme: '没有提醒', count: 2 },
      // 9, 10 (售后电话打不通 and 客服电话打不通 are said once each; 总是 is left out).
      { theme: '电话打不通', count: 2 },
      // 20, 21: 积分过期 outside 积分过期太快 (2, 4, 5 are not counted again).
      { theme: '积分过期', count: 2 },
      // 10 (退货麻烦), 11 (退货太麻烦): 麻烦 alone is too vague.
      { theme: '退货', count: 2 },
      // 12, 13; 17 says 配送有点慢, which is not 太慢.
      { theme: '配送太慢', count: 2 },
    ]);
  });

  it('never lists single words, stop words, vague words, numbers or personal data', () => {
    const all = themes.map((t) => t.theme);
    for (const weak of ['满意', '快', '慢', '太慢', '多', '问题', '东西', '挺好', '客服', '过期']) {
      expect(all).not.toContain(weak);
    }
    const noisy = topThemes(
      [
        '电话 138 1234 5678',
        '电话 138 1234 5678',
        '邮箱 zhang.san@qq.com',
        '邮箱 zhang.san@qq.com',
        '加我 @小王爱购物',
        '加我 @小王爱购物',
        'www.example.cn 看看',
        'www.example.cn 看看',
        '身份证 11010519491231002X',
        '身份证 11010519491231002X',
        '2024年3月5日',
        '2024年3月5日',
      ],
      'zh-CN',
      100,
    ).map((t) => t.theme);
    expect(noisy.join(' ')).not.toMatch(/\d|@|qq|zhang|example|小王爱购物|x/i);
    // Only the words around the removed data are left.
    expect(noisy).toEqual(['电话', '看看', '身份证', '邮箱']);
  });

  it('keeps 太 and negations but needs more than 太 and one character', () => {
    expect(topThemes(['太慢', '太慢了！', '真的太慢'], 'zh-CN')).toEqual([]);
    expect(topThemes(['发票开具不方便', '发票开具很不方便'], 'zh-CN')).toEqual([
      { theme: '发票开具不方便', count: 2 },
    ]);
  });

  it('counts answers, not mentions', () => {
    expect(topThemes(['客服回复慢，客服回复慢！', '客服回复慢', '配送太慢'], 'zh-CN')).toEqual([
      { theme: '客服回复慢', count: 2 },
    ]);
    // Equal answers are segmented once but each counts.
    expect(topThemes(['配送太慢', '配送太慢。', ' 配送太慢 ', '配送很慢'], 'zh-CN')).toEqual([
      { theme: '配送太慢', count: 3 },
    ]);
  });

  it('keeps a word when a longer phrase covers too few of its answers', () => {
    // 客服回复慢 holds both answers that say 回复 and 慢, so it is one phrase; 客服 is then
    // counted in the other three answers only (3, not 5).
    expect(
      topThemes(
        ['客服回复慢', '客服回复慢', '客服态度差', '客服电话打不通', '找客服很难'],
        'zh-CN',
        10,
      ),
    ).toEqual([
      { theme: '客服', count: 3 },
      { theme: '客服回复慢', count: 2 },
    ]);
  });

  it('does not join a common phrase with a rare neighbour', () => {
    // 排队时间长 is said in 52 answers: 10 say 门店排队时间长 (19 %, a theme of its own), 2 say
    // 周末排队时间长 (4 %, below PHRASE_MIN_SHARE): 周末 stays apart although it is always there.
    const answers = [
      ...Array.from({ length: 40 }, (_, i) => (i % 2 ? '排队时间长' : '排队时间长！')),
      ...Array.from({ length: 10 }, () => '门店排队时间长'),
      '周末排队时间长',
      '周末排队时间长',
    ];
    expect(topThemes(answers, 'zh-CN')).toEqual([
      { theme: '排队时间长', count: 42 },
      { theme: '门店排队时间长', count: 10 },
      { theme: '周末', count: 2 },
    ]);
  });

  it('sorts by count, then by theme text, and does not depend on the order of answers', () => {
    for (let i = 1; i < themes.length; i++) {
      const a = themes[i - 1];
      const b = themes[i];
      expect(a && b && (a.count > b.count || (a.count === b.count && a.theme < b.theme))).toBe(
        true,
      );
    }
    expect(topThemes([...ZH_ANSWERS].reverse(), 'zh-CN', 100)).toEqual(themes);
  });

  it('respects the limit', () => {
    expect(topThemes(ZH_ANSWERS, 'zh-CN')).toHaveLength(5);
    expect(topThemes(ZH_ANSWERS, 'zh-CN', 2)).toEqual(themes.slice(0, 2));
    expect(topThemes(ZH_ANSWERS, 'zh-CN', 0)).toEqual([]);
    expect(topThemes([], 'zh-CN')).toEqual([]);
    expect(topThemes(['', '   ', '。。。'], 'zh-CN')).toEqual([]);
  });
});

describe('topThemes (English)', () => {
  const themes = topThemes(EN_ANSWERS, 'en', 100);

  it('finds bigrams and longer phrases, as most answers write them', () => {
    expect(themes).toEqual([
      // 8, 9, 10.
      { theme: 'customer service', count: 3 },
      // 5, 6, 7 (points expired / expire are different words, so the phrase stops there).
      { theme: 'loyalty points', count: 3 },
      // 3, 4: delivery time outside "delivery time is too long".
      { theme: 'delivery time', count: 2 },
      // 1, 2: "is" is kept inside the phrase as written.
      { theme: 'delivery time is too long', count: 2 },
      // 11, 12.
      { theme: 'prices are too high', count: 2 },
    ]);
  });

  it('drops stop words, vague words and personal data', () => {
    const all = topThemes(EN_ANSWERS, 'en', 1000).map((t) => t.theme);
    for (const weak of ['the', 'are', 'too', 'and', 'my', 'i', 'slow', 'great', 'delivery']) {
      expect(all).not.toContain(weak);
    }
    expect(all.join(' ')).not.toMatch(/\d|@|jane|doe|example/);
  });

  it('handles mixed Chinese and English answers', () => {
    // Latin words in Chinese answers keep their case; equal counts pick the first form in
    // code-point order. "The app crashes" mentions the app but not 闪退.
    expect(topThemes(['APP 经常闪退', 'App 闪退', 'The app crashes', '客服慢'], 'en')).toEqual([
      { theme: 'APP 闪退', count: 2 },
    ]);
  });
});

describe('mentionsTheme', () => {
  it('matches an answer the way themes are counted', () => {
    expect(mentionsTheme('赠品经常缺货，希望改进', '赠品缺货')).toBe(true);
    expect(mentionsTheme('周末去门店排队的时间太长', '排队时间太长')).toBe(true);
    expect(mentionsTheme('排队时间长', '排队时间太长')).toBe(false);
    expect(mentionsTheme('Loyalty Points expire too fast', 'loyalty points')).toBe(true);
    expect(mentionsTheme('The prices were too high!', 'prices are too high')).toBe(true);
    expect(mentionsTheme('Priceless service', 'price')).toBe(false);
    expect(mentionsTheme('排队，时间太长', '排队时间太长')).toBe(false);
    expect(mentionsTheme('anything', '')).toBe(false);
  });
});

describe('isQuotable', () => {
  it.each([
    '排队时间太长了，希望多开几个收银台',
    '客服态度不错，但是回复很慢',
    'Delivery was slow and nobody replied.',
    '买了 3 次，每次都要等 20 分钟',
    '价格 199 元有点贵',
    '服务很好',
    'WeChat payment kept failing',
    '微信支付很方便，QQ 音乐也好用',
  ])('accepts %s', (text) => {
    expect(isQuotable(text)).toBe(true);
  });

  it.each([
    ['a mobile number', '有问题请打我电话13812345678'],
    ['a mobile number with +86', '电话 +86 138 1234 5678 随时联系'],
    ['a mobile number with 86 and dashes', '联系方式：86-139-1234-5678'],
    ['a mobile number with spaces', '我的号码是 150 0000 1111'],
    ['a long digit run', '订单号 2024051200 一直没发货'],
    ['a landline', '请回电 010-8888 6666'],
    ['an 18-character ID number', '身份证11010519491231002X办卡'],
    ['an 18-digit ID number', '证件号 110105194912310021'],
    ['a 15-digit ID number', '老身份证 110105491231002'],
    ['an e-mail address', '结果发到 zhang.san@example.com 吧'],
    ['a URL', '看看这个 https://example.com/a 的做法'],
    ['a bare domain', 'Prices are lower on shop-example.com though'],
    ['www', '参考 www.example 的页面'],
    ['an @handle', '欢迎关注 @小王爱购物 的分享'],
    ['an English @handle', 'Ask @jane_doe, she knows'],
    ['a WeChat id', '加我微信 wxid_abc123 细聊'],
    ['a QQ number', '我的 QQ: 3344556 有空聊'],
    ['a WeChat id after 微信号', '微信号 zhangsan 欢迎加'],
    ['a WeChat id after a colon', 'vx：lucky_cat 加一下'],
    ['full-width digits', '电话１３８１２３４５６７８'],
  ])('refuses %s', (_label, text) => {
    expect(isQuotable(text)).toBe(false);
  });

  it('refuses text shorter than 4 or longer than 120 characters', () => {
    expect(isQuotable('太贵')).toBe(false);
    expect(isQuotable('  好  ')).toBe(false);
    expect(isQuotable('')).toBe(false);
    expect(isQuotable('很不方便')).toBe(true);
    expect(isQuotable('慢'.repeat(120))).toBe(true);
    expect(isQuotable('慢'.repeat(121))).toBe(false);
    // Length is counted in characters, not UTF-16 units.
    expect(isQuotable('😀'.repeat(100))).toBe(true);
  });
});
