import { avatarSvg, escapeXml } from '../../../src/lib/domain/personas/avatar';

const ALLOWED_ELEMENTS = new Set(['svg', 'title', 'circle', 'ellipse', 'rect', 'path']);
const ALLOWED_ATTRIBUTES = new Set([
  'xmlns',
  'viewBox',
  'width',
  'height',
  'role',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'x',
  'y',
  'd',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-linecap',
]);
const ENTITY = /&(?:amp|lt|gt|quot|apos);/g;

/**
 * A tiny XML well-formedness check for the subset avatarSvg writes: tags balance, attribute
 * values are quoted and hold no raw `<` or bare `&`, text holds no raw `<`, `>` or bare `&`,
 * and only the expected elements and attributes occur. Returns the problems found.
 */
function checkXml(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w:-]*="[^"]*")*)\s*(\/?)>/y;
  let i = 0;
  let elements = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (/[<>]/.test(text) || /&/.test(text.replace(ENTITY, ''))) {
      problems.push(`bad text ${JSON.stringify(text)}`);
    }
    if (lt === -1) {
      break;
    }
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
      break;
    }
    const [whole, closing, name = '', attrs = '', selfClosing] = m;
    if (!ALLOWED_ELEMENTS.has(name)) {
      problems.push(`element ${name}`);
    }
    if (closing) {
      if (stack.pop() !== name) {
        problems.push(`unbalanced </${name}>`);
      }
    } else {
      elements++;
      const seen = new Set<string>();
      for (const a of attrs.matchAll(/([A-Za-z][\w:-]*)="([^"]*)"/g)) {
        const [, attr = '', value = ''] = a;
        if (!ALLOWED_ATTRIBUTES.has(attr)) {
          problems.push(`attribute ${attr} on ${name}`);
        }
        if (seen.has(attr)) {
          problems.push(`duplicate ${attr} on ${name}`);
        }
        seen.add(attr);
        if (/</.test(value) || /&/.test(value.replace(ENTITY, ''))) {
          problems.push(`bad value ${attr}="${value}"`);
        }
      }
      if (!selfClosing) {
        stack.push(name);
      }
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) {
    problems.push(`unclosed ${stack.join(', ')}`);
  }
  if (elements === 0) {
    problems.push('no elements');
  }
  return problems;
}

const HOSTILE = `<script>alert(1)</script>&"'`;

function sample(): string[] {
  const out: string[] = [];
  for (const gender of ['female', 'male', null] as const) {
    for (const age of [16, 24, 38, 52, 58, 71]) {
      for (const seed of ['a', 'b', 'c', '重要价值', 'cluster-3']) {
        out.push(avatarSvg({ seed, gender, age, title: `${seed} ${age}` }));
      }
    }
  }
  return out;
}

describe('checkXml (the test helper)', () => {
  it('catches what it should', () => {
    expect(checkXml('<svg><title>ok</title></svg>')).toEqual([]);
    expect(checkXml('<svg><title>a & b</title></svg>')).not.toEqual([]);
    expect(checkXml('<svg><path d="1"></svg>')).not.toEqual([]);
    expect(checkXml('<svg onload="x()"></svg>')).not.toEqual([]);
    expect(checkXml('<svg><script>x</script></svg>')).not.toEqual([]);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('keeps Chinese, emoji and whitespace, drops characters XML forbids', () => {
    expect(escapeXml('张静，32 岁 😀\n')).toBe('张静，32 岁 😀\n');
    expect(escapeXml('a\u0000b\u0008c\u001fd\ud800e\udc00f\uffff')).toBe('abcdef');
  });
});

describe('avatarSvg', () => {
  it('is deterministic', () => {
    const input = { seed: 'seg-1', gender: 'female', age: 32, title: '张静' } as const;
    expect(avatarSvg(input)).toBe(avatarSvg({ ...input }));
  });

  it('varies with the seed', () => {
    const svgs = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) =>
      avatarSvg({ seed, gender: 'male', age: 40, title: 't' }),
    );
    expect(new Set(svgs).size).toBeGreaterThanOrEqual(5);
  });

  it('is well-formed, with only the expected elements and attributes', () => {
    for (const svg of sample()) {
      expect(checkXml(svg)).toEqual([]);
      expect(svg.startsWith('<svg ')).toBe(true);
      expect(svg.endsWith('</svg>')).toBe(true);
    }
  });

  it('cannot load or run anything', () => {
    for (const svg of [
      ...sample(),
      avatarSvg({ seed: 'x', gender: null, age: 30, title: HOSTILE }),
    ]) {
      expect(svg).not.toMatch(/href/i);
      expect(svg).not.toMatch(/url\(/i);
      expect(svg).not.toMatch(/<script/i);
      expect(svg).not.toMatch(/<image/i);
      expect(svg).not.toMatch(/foreignObject/i);
      expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
      expect(svg).not.toMatch(/javascript:/i);
    }
  });

  it('escapes the title', () => {
    const svg = avatarSvg({ seed: 'x', gender: null, age: 30, title: HOSTILE });
    expect(svg).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;</title>');
    expect(checkXml(svg)).toEqual([]);
  });

  it('has role="img", the 120 viewBox and the requested size', () => {
    const svg = avatarSvg({ seed: 'x', gender: 'female', age: 30, title: 'Emma W., 30' });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('viewBox="0 0 120 120"');
    expect(svg).toContain('width="120" height="120"');
    expect(svg).toMatch(/<svg[^>]*><title>Emma W\., 30<\/title>/);
    expect(avatarSvg({ seed: 'x', gender: 'female', age: 30, title: 't', size: 48 })).toContain(
      'width="48" height="48"',
    );
    for (const size of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(avatarSvg({ seed: 'x', gender: 'female', age: 30, title: 't', size })).toContain(
        'width="120" height="120"',
      );
    }
  });

  it('uses grey hair tones from 55 and never below', () => {
    const greys = ['#9ca3af', '#b8b8b8', '#d1d5db', '#8e8e8e'];
    const hasGrey = (svg: string) => greys.some((g) => svg.includes(g));
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      for (const gender of ['female', 'male', null] as const) {
        expect(hasGrey(avatarSvg({ seed, gender, age: 60, title: 't' }))).toBe(true);
        expect(hasGrey(avatarSvg({ seed, gender, age: 35, title: 't' }))).toBe(false);
      }
    }
  });

  it('survives a non-finite age', () => {
    expect(checkXml(avatarSvg({ seed: 'x', gender: 'male', age: Number.NaN, title: 't' }))).toEqual(
      [],
    );
  });
});
