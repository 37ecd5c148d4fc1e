import { isQuotable, topThemes } from '../../../src/lib/domain/personas/themes';
import type { Theme } from '../../../src/lib/domain/personas/themes';

// Twenty answers to "您对我们最不满意的地方是什么？" as they come out of a survey export.
const ZH_ANSWERS = [
  '门店排队时间长，而且积分过期太快。',
  '注册和登录步骤太多，客服回复慢。',
  '送货快',
  '价格太贵',
  '排队时间太长了，希望多开几个收银台',
  '积分过期了都不知道，没有提醒',
  '客服态度不错，但是回复很慢',
  '会员积分过期太快，根本用不完',
  '周末去门店排队的时间太长',
  '价格有点贵，不过质量还可以',
  '客服电话一直打不通',
  '送货很快，包装也不错',
  '登录总是要验证码，步骤太麻烦',
  '积分过期规则不清楚',
  '排队时间长，店员太少',
  '东西挺好的，就是价格贵',
  '联系客服要等很久',
  '我的手机号13812345678，请联系我',
  '优惠券太少，活动规则复杂',
  '门店环境不错，就是排队时间长',
];

const EN_ANSWERS = [
  'Prices are too high for what you get.',
  'Delivery was slow and the customer service never replied.',
  'Customer service was friendly but slow.',
  'Long queues at the store on weekends.',
  'The prices keep going up.',
  'Points expire too quickly.',
  'My points expired before I could use them!',
  'Great products, fast delivery.',
  'Call me at 415-555-0199 or mail jane.doe@example.com',
  'Checkout queues are too long.',
  'Customer service is hard to reach.',
  'Delivery took two weeks.',
];

function countOf(themes: readonly Theme[], theme: string): number | undefined {
  return themes.find((t) => t.theme === theme)?.count;
}

/** How many answers contain the text (what a theme's count must equal for Chinese). */
function answersContaining(answers: readonly string[], ...parts: string[]): number {
  return answers.filter((a) => parts.every((p) => a.includes(p))).length;
}

describe('topThemes (Chinese)', () => {
  const themes = topThemes(ZH_ANSWERS, 'zh-CN', 10);

  it('finds the queue, points-expiry and customer-service themes at the top', () => {
    const top = themes.slice(0, 6).map((t) => t.theme);
    expect(top.some((t) => t === '排队时间' || t === '排队')).toBe(true);
    expect(top).toContain('积分过期');
    expect(top).toContain('客服');
  });

  it('counts answers, not mentions', () => {
    expect(countOf(themes, '积分过期')).toBe(answersContaining(ZH_ANSWERS, '积分过期'));
    expect(countOf(themes, '客服')).toBe(answersContaining(ZH_ANSWERS, '客服'));
    expect(countOf(themes, '排队时间')).toBe(
      ZH_ANSWERS.filter((a) => /排队(?:的)?时间/.test(a)).length,
    );
    // Repeating a theme in one answer does not count twice.
    expect(topThemes(['客服客服，客服！', '客服慢'], 'zh-CN')).toContainEqual({
      theme: '客服',
      count: 2,
    });
  });

  it('prefers a pair over the words it covers', () => {
    const all = topThemes(ZH_ANSWERS, 'zh-CN', 100).map((t) => t.theme);
    expect(all).toContain('积分过期');
    expect(all).not.toContain('积分');
    expect(all).not.toContain('排队');
    expect(all).toContain('价格贵');
    expect(all).not.toContain('价格');
  });

  it('keeps a word when a pair covers too few of its answers', () => {
    const themes2 = topThemes(
      ['客服回复慢', '客服回复慢', '客服态度差', '客服电话打不通', '找客服很难'],
      'zh-CN',
      10,
    );
    // 客服回复 is in 2 of the 5 answers that mention 客服 (< 60 %): 客服 stays, with all 5.
    // It is in both answers that mention 回复, so it replaces 回复.
    expect(countOf(themes2, '客服')).toBe(5);
    expect(countOf(themes2, '客服回复')).toBe(2);
    expect(countOf(themes2, '回复')).toBeUndefined();
  });

  it('never lists stop words, numbers or personal data', () => {
    const all = topThemes(ZH_ANSWERS, 'zh-CN', 1000).map((t) => t.theme);
    for (const stop of ['的', '了', '是', '而且', '但是', '我', '太', '很', '不', '就是', '东西']) {
      expect(all).not.toContain(stop);
    }
    for (const theme of all) {
      expect(theme).not.toMatch(/\d/);
      expect(theme.length).toBeGreaterThan(0);
    }
    const noisy = topThemes(
      [
        '电话 138 1234 5678',
        '邮箱 zhang.san@qq.com',
        '加我 @小王爱购物',
        'www.example.cn 看看',
        '2024年3月5日',
      ],
      'zh-CN',
      100,
    ).map((t) => t.theme);
    expect(noisy.join(' ')).not.toMatch(/\d|@|qq|zhang|example|小王爱购物/);
  });

  it('sorts by count, then by theme text, and is deterministic', () => {
    for (let i = 1; i < themes.length; i++) {
      const a = themes[i - 1];
      const b = themes[i];
      expect(a && b && (a.count > b.count || (a.count === b.count && a.theme < b.theme))).toBe(
        true,
      );
    }
    expect(topThemes([...ZH_ANSWERS].reverse(), 'zh-CN', 10)).toEqual(themes);
  });

  it('respects the limit', () => {
    expect(topThemes(ZH_ANSWERS, 'zh-CN')).toHaveLength(5);
    expect(topThemes(ZH_ANSWERS, 'zh-CN', 2)).toHaveLength(2);
    expect(topThemes(ZH_ANSWERS, 'zh-CN', 0)).toEqual([]);
    expect(topThemes([], 'zh-CN')).toEqual([]);
    expect(topThemes(['', '   ', '。。。'], 'zh-CN')).toEqual([]);
  });
});

describe('topThemes (English)', () => {
  const themes = topThemes(EN_ANSWERS, 'en', 10);

  it('finds the main themes, lower-cased and singular', () => {
    expect(countOf(themes, 'customer service')).toBe(3);
    expect(countOf(themes, 'delivery')).toBe(3);
    expect(countOf(themes, 'price')).toBe(2);
    expect(countOf(themes, 'queue')).toBe(2);
    expect(countOf(themes, 'point')).toBe(2);
    expect(themes[0]?.theme).toBe('customer service');
  });

  it('drops stop words and personal data', () => {
    const all = topThemes(EN_ANSWERS, 'en', 1000).map((t) => t.theme);
    for (const stop of ['the', 'are', 'too', 'and', 'my', 'i', 'was', 'is']) {
      expect(all).not.toContain(stop);
    }
    expect(all.join(' ')).not.toMatch(/\d|@|jane|doe|example/);
  });

  it('handles mixed Chinese and English answers', () => {
    const mixed = topThemes(['APP 经常闪退', 'app 闪退', 'The app crashes', '客服慢'], 'en', 5);
    expect(countOf(mixed, 'app')).toBeGreaterThanOrEqual(2);
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
