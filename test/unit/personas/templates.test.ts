import {
  GENERIC_TEMPLATE,
  LIFECYCLE_TEMPLATES,
  SEGMENT_TEMPLATES,
  fillTemplate,
  segmentForHint,
  templateFor,
} from '../../../src/lib/domain/personas/templates';
import type { PersonaTemplate } from '../../../src/lib/domain/personas/templates';
import { SEGMENT_NAMES } from '../../../src/lib/domain/summary/summary';
import { LIFECYCLE_STAGES } from '../../../src/lib/domain/lifecycle/lifecycle';

const LANGS = ['zh-CN', 'en'] as const;
const PLACEHOLDERS = ['name', 'channel', 'category', 'basket', 'days'];
const CJK = /[\u4e00-\u9fff]/;

const FULL_ZH = {
  name: '张静',
  channel: '微信小程序',
  category: '护肤品',
  basket: '¥368',
  days: '12',
};
const FULL_EN = {
  name: 'Emma W.',
  channel: 'the app',
  category: 'skincare',
  basket: '$45',
  days: '12',
};

function allTemplates(): [string, PersonaTemplate, (typeof LANGS)[number]][] {
  const out: [string, PersonaTemplate, (typeof LANGS)[number]][] = [];
  for (const lang of LANGS) {
    for (const key of SEGMENT_NAMES) {
      out.push([key, SEGMENT_TEMPLATES[key][lang], lang]);
    }
    for (const key of LIFECYCLE_STAGES) {
      out.push([key, LIFECYCLE_TEMPLATES[key][lang], lang]);
    }
    out.push(['generic', GENERIC_TEMPLATE[lang], lang]);
  }
  return out;
}

describe('story templates', () => {
  it('cover exactly the eight RFM segments and the five lifecycle stages', () => {
    expect(Object.keys(SEGMENT_TEMPLATES).sort()).toEqual([...SEGMENT_NAMES].sort());
    expect(Object.keys(SEGMENT_TEMPLATES).sort()).toEqual(
      [
        '重要价值',
        '重要发展',
        '重要保持',
        '重要挽留',
        '一般价值',
        '一般发展',
        '一般保持',
        '一般挽留',
      ].sort(),
    );
    expect(Object.keys(LIFECYCLE_TEMPLATES).sort()).toEqual(
      ['new', 'growing', 'mature', 'dormant', 'churned'].sort(),
    );
  });

  it.each(allTemplates())('%s (%s) is complete and non-empty', (_key, t, lang) => {
    expect(t.tagline.trim()).not.toBe('');
    expect(t.quote.trim()).not.toBe('');
    expect(t.goals.length).toBeGreaterThanOrEqual(2);
    expect(t.goals.length).toBeLessThanOrEqual(3);
    expect(t.pains.length).toBeGreaterThanOrEqual(2);
    expect(t.pains.length).toBeLessThanOrEqual(3);
    expect(t.motivations).toHaveLength(2);
    expect(t.actions.length).toBeGreaterThanOrEqual(2);
    expect(t.actions.length).toBeLessThanOrEqual(3);
    for (const line of [
      t.tagline,
      t.quote,
      ...t.goals,
      ...t.pains,
      ...t.motivations,
      ...t.actions,
    ]) {
      expect(line.trim()).not.toBe('');
      expect(line).toBe(line.trim());
      expect(line).not.toMatch(/[{}[\]]/);
      // Each language is written in its own script.
      expect(CJK.test(line)).toBe(lang === 'zh-CN');
    }
    expect(t.scenario).toContain('{name');
  });

  it.each(allTemplates())(
    '%s (%s) scenario reads cleanly with all, some or no values',
    (_k, t, lang) => {
      const full = lang === 'zh-CN' ? FULL_ZH : FULL_EN;
      const partials: Record<string, string>[] = [full, {}, { name: full.name }, { days: '30' }];
      for (const key of PLACEHOLDERS) {
        partials.push(Object.fromEntries(Object.entries(full).filter(([k]) => k !== key)));
      }
      for (const values of partials) {
        const text = fillTemplate(t.scenario, values);
        expect(text).not.toMatch(/[{}]|\[\[|\]\]/);
        expect(text).not.toMatch(/ {2}|，，|，。|,,|,\.| ,| \.|^[，,。.\s]/);
        expect(text).toMatch(lang === 'zh-CN' ? /。$/ : /\.$/);
        for (const [k, v] of Object.entries(values)) {
          if (k !== 'days') {
            expect(text).toContain(v);
          }
        }
      }
      const text = fillTemplate(t.scenario, full);
      for (const value of Object.values(full)) {
        expect(text).toContain(value);
      }
    },
  );

  it('never suggests charging some customers more', () => {
    for (const [, t] of allTemplates()) {
      for (const action of t.actions) {
        expect(action).not.toMatch(
          /提价|涨价|加价|差别定价|价格歧视|杀熟|charge (?:them )?more|raise (?:the )?price|price discrimination|surcharge/i,
        );
      }
    }
  });
});

describe('segmentForHint', () => {
  it.each([
    [true, true, true, '重要价值'],
    [true, false, true, '重要发展'],
    [false, true, true, '重要保持'],
    [false, false, true, '重要挽留'],
    [true, true, false, '一般价值'],
    [true, false, false, '一般发展'],
    [false, true, false, '一般保持'],
    [false, false, false, '一般挽留'],
  ])('R %s F %s M %s → %s', (rHigh, fHigh, mHigh, segment) => {
    expect(segmentForHint({ rHigh, fHigh, mHigh })).toBe(segment);
  });
});

describe('templateFor', () => {
  it('returns the segment and lifecycle templates, marked as templates', () => {
    const t = templateFor('segment', '重要价值', 'zh-CN');
    expect(t.isTemplate).toBe(true);
    expect(t.source).toEqual({ kind: 'segment', key: '重要价值' });
    expect(t.quote).toBe(SEGMENT_TEMPLATES.重要价值['zh-CN'].quote);
    const l = templateFor('lifecycle', 'dormant', 'en');
    expect(l.isTemplate).toBe(true);
    expect(l.source).toEqual({ kind: 'lifecycle', key: 'dormant' });
    expect(l.tagline).toBe(LIFECYCLE_TEMPLATES.dormant.en.tagline);
  });

  it('maps a cluster or saved segment to the closest RFM segment with a hint', () => {
    const c = templateFor('cluster', 'cluster-2', 'en', { rHigh: false, fHigh: true, mHigh: true });
    expect(c.source).toEqual({ kind: 'segment', key: '重要保持' });
    expect(c.tagline).toBe(SEGMENT_TEMPLATES.重要保持.en.tagline);
    const s = templateFor('saved', 'VIP 标签', 'zh-CN', {
      rHigh: true,
      fHigh: false,
      mHigh: false,
    });
    expect(s.source).toEqual({ kind: 'segment', key: '一般发展' });
  });

  it('falls back to the generic template', () => {
    for (const [kind, key] of [
      ['cluster', 'cluster-1'],
      ['saved', 'my tag'],
      ['segment', 'unknown'],
      ['lifecycle', 'toString'],
      ['segment', '__proto__'],
    ] as const) {
      const t = templateFor(kind, key, 'zh-CN');
      expect(t.isTemplate).toBe(true);
      expect(t.source).toEqual({ kind: 'generic' });
      expect(t.tagline).toBe(GENERIC_TEMPLATE['zh-CN'].tagline);
    }
  });

  it('returns a copy the caller may edit', () => {
    const t = templateFor('segment', '一般价值', 'en');
    t.goals.push('changed');
    t.actions.length = 0;
    expect(SEGMENT_TEMPLATES.一般价值.en.goals).not.toContain('changed');
    expect(SEGMENT_TEMPLATES.一般价值.en.actions.length).toBeGreaterThan(0);
  });
});

describe('fillTemplate', () => {
  it('replaces known placeholders', () => {
    expect(fillTemplate('{name} 在{channel}下单', { name: '张静', channel: '小程序' })).toBe(
      '张静 在小程序下单',
    );
  });

  it('removes a placeholder without a value, or uses its fallback', () => {
    expect(fillTemplate('Hello {name}, bye', {})).toBe('Hello, bye');
    expect(fillTemplate('{name|这位顾客}来了', {})).toBe('这位顾客来了');
    expect(fillTemplate('{name|这位顾客}来了', { name: '  ' })).toBe('这位顾客来了');
    expect(fillTemplate('{name|这位顾客}来了', { name: '李雷' })).toBe('李雷来了');
  });

  it('drops an optional clause whose placeholder is missing, keeps it otherwise', () => {
    const t = '{name}下了单[[，花了 {basket}]][[，在 {days} 天前]]。';
    expect(fillTemplate(t, { name: '张静', basket: '¥99', days: '3' })).toBe(
      '张静下了单，花了 ¥99，在 3 天前。',
    );
    expect(fillTemplate(t, { name: '张静', days: '3' })).toBe('张静下了单，在 3 天前。');
    expect(fillTemplate(t, { name: '张静' })).toBe('张静下了单。');
    expect(fillTemplate('A[[ with {x|fallback}]].', {})).toBe('A with fallback.');
  });

  it('inserts values literally: no re-scanning, no $ patterns, no prototype keys', () => {
    expect(fillTemplate('{a} {b}', { a: '{b}', b: 'B' })).toBe('{b} B');
    expect(fillTemplate('{a}', { a: '$& $1 $$' })).toBe('$& $1 $$');
    expect(fillTemplate('x{constructor}y{toString}z', {})).toBe('xyz');
    expect(fillTemplate('[[{a}]]', { a: '[[{b}]]' })).toBe('[[{b}]]');
  });

  it('leaves other braces and brackets alone and tidies spacing', () => {
    expect(fillTemplate('Use {1} and [x] as is.', {})).toBe('Use {1} and [x] as is.');
    expect(fillTemplate('Ordered {days} days ago.', { days: '1' })).toBe('Ordered 1 day ago.');
    expect(fillTemplate('Ordered {days} days ago.', { days: '11' })).toBe('Ordered 11 days ago.');
    expect(fillTemplate('A  {x} , b', {})).toBe('A, b');
  });
});
