// A flat, illustrated head-and-shoulders avatar as a self-contained SVG string, built from
// simple shapes and chosen by a seeded hash: the same persona always gets the same face.
//
// IMPORTANT: the string is meant to be inlined in the page. It is built only from fixed
// element and attribute names, numbers and colours chosen here; the only caller text is the
// <title>, which is XML-escaped. No href, no <image>, no url(…) (so no clipPath or gradients),
// no <script>, no event attributes, no <foreignObject>: nothing can load or run anything.
import { seededIndex, seededPick } from './hash';
import type { PersonaGender } from './names';

export interface AvatarInput {
  seed: string;
  gender: PersonaGender;
  age: number;
  /** Accessible name, e.g. "张静，32 岁"; escaped into <title>. */
  title: string;
  /** Width and height in CSS pixels; 120 when missing or not a positive finite number. */
  size?: number;
}

/** Hair tones from age 55. */
export const GREY_AGE = 55;
const VIEWBOX = 120;

/** Soft background colours. */
const BACKGROUNDS = [
  '#dbeafe',
  '#dcfce7',
  '#fef3c7',
  '#fce7f3',
  '#ede9fe',
  '#e0f2fe',
  '#ffedd5',
  '#ccfbf1',
] as const;
/** A range of skin tones, light to deep. */
const SKIN_TONES = ['#f9dcc4', '#f1c9a5', '#e8b48a', '#d39b6a', '#b7794d', '#8d5a3b'] as const;
const HAIR_COLOURS = ['#2b1d16', '#3b2a20', '#1f1b1a', '#4a3123', '#6b4a2f', '#8a5a33'] as const;
const GREY_HAIR_COLOURS = ['#9ca3af', '#b8b8b8', '#d1d5db', '#8e8e8e'] as const;
const SHIRT_COLOURS = [
  '#2563eb',
  '#0f766e',
  '#b45309',
  '#7c3aed',
  '#be123c',
  '#334155',
  '#15803d',
  '#0e7490',
] as const;
const FEATURE_COLOUR = '#2d2a32';
const GLASSES_COLOUR = '#374151';

type HairStyle = 'short' | 'sidePart' | 'crew' | 'receding' | 'long' | 'bob' | 'bun' | 'ponytail';

const HAIR_BY_GENDER: Readonly<Record<'female' | 'male' | 'neutral', readonly HairStyle[]>> = {
  female: ['long', 'bob', 'bun', 'ponytail'],
  male: ['short', 'sidePart', 'crew'],
  neutral: ['short', 'bob', 'sidePart', 'crew'],
};

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Lone surrogates and C0 controls other than tab, newline and carriage return are not
    // allowed anywhere in an XML 1.0 document, even escaped.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + (text[i + 1] ?? '');
        i++;
      }
      continue;
    }
    if ((c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      continue;
    }
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      continue;
    }
    switch (c) {
      case 0x26:
        out += '&amp;';
        break;
      case 0x3c:
        out += '&lt;';
        break;
      case 0x3e:
        out += '&gt;';
        break;
      case 0x22:
        out += '&quot;';
        break;
      case 0x27:
        out += '&apos;';
        break;
      default:
        out += text[i] ?? '';
    }
  }
  return out;
}

/** A number as SVG text: finite, at most two decimals. */
function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}

type Attrs = Readonly<Record<string, number | string>>;

/** One self-closing element. Attribute values are our own numbers and colours only. */
function el(name: string, attrs: Attrs): string {
  const parts = Object.entries(attrs).map(
    ([key, value]) => `${key}="${typeof value === 'number' ? n(value) : escapeXml(value)}"`,
  );
  return `<${name} ${parts.join(' ')}/>`;
}

function hairStyleFor(seed: string, gender: PersonaGender, age: number): HairStyle {
  const styles = HAIR_BY_GENDER[gender ?? 'neutral'];
  const style = seededPick(seed, 'hair', styles) ?? 'short';
  // Some older men get a receding hairline instead of a full top.
  if (gender === 'male' && age >= 50 && seededIndex(seed, 'receding', 3) === 0) {
    return 'receding';
  }
  return style;
}

/** Hair drawn behind the head (long hair, bob sides, bun, ponytail). */
function hairBack(style: HairStyle, colour: string): string {
  switch (style) {
    case 'long':
      return el('path', {
        d: 'M38 50 C36 26 84 26 82 50 L85 86 C75 91 45 91 35 86 Z',
        fill: colour,
      });
    case 'bob':
      return el('path', { d: 'M37 52 C35 26 85 26 83 52 L84 72 L36 72 Z', fill: colour });
    case 'bun':
      return el('circle', { cx: 60, cy: 22, r: 10, fill: colour });
    case 'ponytail':
      return el('path', { d: 'M76 36 C92 40 94 60 86 76 C84 62 80 50 74 44 Z', fill: colour });
    default:
      return '';
  }
}

/** Hair drawn over the head (fringe, top). */
function hairFront(style: HairStyle, colour: string): string {
  switch (style) {
    case 'short':
      return el('path', {
        d: 'M40 50 C38 30 50 24 60 24 C71 24 82 30 80 50 C77 40 70 35 60 35 C50 35 43 40 40 50 Z',
        fill: colour,
      });
    case 'sidePart':
      return el('path', {
        d: 'M40 52 C37 30 52 22 62 24 C74 25 83 33 80 52 C78 42 74 37 68 35 C60 38 48 38 40 52 Z',
        fill: colour,
      });
    case 'crew':
      return el('path', {
        d: 'M41 46 C42 30 52 26 60 26 C68 26 78 30 79 46 C74 38 68 34 60 34 C52 34 46 38 41 46 Z',
        fill: colour,
      });
    case 'receding':
      return (
        el('path', { d: 'M40.5 53 C39 42 42 36 48 32 C45.5 38 44.5 44 44.5 53 Z', fill: colour }) +
        el('path', { d: 'M79.5 53 C81 42 78 36 72 32 C74.5 38 75.5 44 75.5 53 Z', fill: colour })
      );
    case 'long':
    case 'bob':
    case 'ponytail':
      return el('path', {
        d: 'M40 50 C38 30 50 24 60 24 C72 24 82 30 80 50 C74 40 64 34 52 38 C47 40 43 44 40 50 Z',
        fill: colour,
      });
    case 'bun':
      return el('path', {
        d: 'M40 50 C38 32 50 26 60 26 C70 26 82 32 80 50 C76 40 68 35 60 35 C52 35 44 40 40 50 Z',
        fill: colour,
      });
  }
}

/** A flat head-and-shoulders avatar as an inline SVG string (deterministic for the input). */
export function avatarSvg(input: AvatarInput): string {
  const { seed, gender } = input;
  const age = Number.isFinite(input.age) ? input.age : 35;
  const size =
    input.size !== undefined && Number.isFinite(input.size) && input.size > 0
      ? input.size
      : VIEWBOX;

  const background = seededPick(seed, 'bg', BACKGROUNDS) ?? BACKGROUNDS[0];
  const skin = seededPick(seed, 'skin', SKIN_TONES) ?? SKIN_TONES[0];
  const hair =
    (age >= GREY_AGE
      ? seededPick(seed, 'hairColour', GREY_HAIR_COLOURS)
      : seededPick(seed, 'hairColour', HAIR_COLOURS)) ?? HAIR_COLOURS[0];
  const shirt = seededPick(seed, 'shirt', SHIRT_COLOURS) ?? SHIRT_COLOURS[0];
  const style = hairStyleFor(seed, gender, age);
  // Glasses get more likely with age: 1 in 4 below 40, 1 in 2 from 40.
  const hasGlasses = seededIndex(seed, 'glasses', age >= 40 ? 2 : 4) === 0;
  const hasVNeck = seededIndex(seed, 'collar', 2) === 0;

  const parts: string[] = [
    el('circle', { cx: 60, cy: 60, r: 60, fill: background }),
    hairBack(style, hair),
    // Shoulders: a curve across the chest closed by the background circle's own arc, so the
    // body stays inside the circle without a clipPath.
    el('path', {
      d: 'M10.56 94 C14 80 30 76 44 74 L76 74 C90 76 106 80 109.44 94 A60 60 0 0 1 10.56 94 Z',
      fill: shirt,
    }),
    el('rect', { x: 52, y: 62, width: 16, height: 14, rx: 4, fill: skin }),
    hasVNeck
      ? el('path', { d: 'M52 74 L60 86 L68 74 Z', fill: skin })
      : el('path', {
          d: 'M50 74 C54 80 66 80 70 74',
          fill: 'none',
          stroke: skin,
          'stroke-width': 3,
        }),
    el('circle', { cx: 40, cy: 52, r: 4.5, fill: skin }),
    el('circle', { cx: 80, cy: 52, r: 4.5, fill: skin }),
    el('ellipse', { cx: 60, cy: 50, rx: 19, ry: 22, fill: skin }),
    hairFront(style, hair),
    el('path', {
      d: 'M50 46 L56 45.5 M64 45.5 L70 46',
      stroke: FEATURE_COLOUR,
      'stroke-width': 1.6,
      'stroke-linecap': 'round',
      fill: 'none',
    }),
    el('circle', { cx: 53, cy: 52, r: 2, fill: FEATURE_COLOUR }),
    el('circle', { cx: 67, cy: 52, r: 2, fill: FEATURE_COLOUR }),
    el('path', {
      d: 'M54 61 Q60 66 66 61',
      stroke: FEATURE_COLOUR,
      'stroke-width': 1.8,
      'stroke-linecap': 'round',
      fill: 'none',
    }),
  ];
  if (hasGlasses) {
    parts.push(
      el('circle', {
        cx: 53,
        cy: 52,
        r: 5.5,
        fill: 'none',
        stroke: GLASSES_COLOUR,
        'stroke-width': 1.6,
      }),
      el('circle', {
        cx: 67,
        cy: 52,
        r: 5.5,
        fill: 'none',
        stroke: GLASSES_COLOUR,
        'stroke-width': 1.6,
      }),
      el('path', { d: 'M58.5 52 L61.5 52', stroke: GLASSES_COLOUR, 'stroke-width': 1.6 }),
    );
  }

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEWBOX} ${VIEWBOX}" ` +
    `width="${n(size)}" height="${n(size)}" role="img">` +
    `<title>${escapeXml(input.title)}</title>` +
    parts.join('') +
    '</svg>'
  );
}
