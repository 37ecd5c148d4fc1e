// A one-persona poster as our own SVG (A4 landscape, 297 × 210 mm at 96 dpi: 1123 × 794): the
// PNG export draws it on a canvas, so nothing fetches and the text is exactly the card's.
// Every text is XML-escaped; the avatar is our generated SVG, nested.
import { avatarSvg, escapeXml } from './avatar';
import type { PersonaCard, PersonaFigure } from './persona';

export const POSTER_WIDTH = 1123;
export const POSTER_HEIGHT = 794;

/** Display width of a character: CJK and full-width count double. */
function charWidth(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
    ch,
  )
    ? 2
    : 1;
}

/** Wraps text into lines of at most `width` half-width columns (at most `maxLines`). */
export function wrapText(text: string, width: number, maxLines = 99): string[] {
  const lines: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of [...text]) {
    const cw = charWidth(ch);
    if (w + cw > width && line) {
      // Break English at the last space when there is one.
      const space = line.lastIndexOf(' ');
      if (cw === 1 && ch !== ' ' && space > width / 2) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
        w = [...line].reduce((s, c) => s + charWidth(c), 0);
      } else {
        lines.push(line);
        line = '';
        w = 0;
      }
      if (lines.length === maxLines) {
        lines[maxLines - 1] = lines[maxLines - 1]!.replace(/.$/u, '…');
        return lines;
      }
    }
    if (!(line === '' && ch === ' ')) {
      line += ch;
      w += cw;
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines.slice(0, maxLines);
}

interface Block {
  x: number;
  y: number;
  width: number;
}

function textLines(
  lines: string[],
  b: Block,
  size: number,
  weight = 400,
  fill = '#1f2937',
): { svg: string; height: number } {
  const lh = Math.round(size * 1.45);
  const svg = lines
    .map(
      (l, i) =>
        `<text x="${b.x}" y="${b.y + size + i * lh}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(l)}</text>`,
    )
    .join('');
  return { svg, height: lines.length * lh };
}

function list(
  title: string,
  items: string[],
  b: Block,
  colour: string,
): { svg: string; height: number } {
  let y = b.y;
  let svg = `<rect x="${b.x}" y="${y}" width="6" height="20" rx="2" fill="${colour}"/>`;
  svg += `<text x="${b.x + 14}" y="${y + 16}" font-size="17" font-weight="700" fill="#111827">${escapeXml(title)}</text>`;
  y += 30;
  for (const item of items.slice(0, 4)) {
    const lines = wrapText(item, Math.floor(b.width / 8.2) - 3, 2);
    svg += `<circle cx="${b.x + 5}" cy="${y + 9}" r="3" fill="${colour}"/>`;
    const t = textLines(lines, { x: b.x + 16, y: y - 4, width: b.width - 16 }, 14);
    svg += t.svg;
    y += t.height + 6;
  }
  return { svg, height: y - b.y };
}

function figures(title: string, items: PersonaFigure[], b: Block): { svg: string; height: number } {
  let y = b.y;
  let svg = `<text x="${b.x}" y="${y + 16}" font-size="15" font-weight="700" fill="#374151">${escapeXml(title)}</text>`;
  y += 26;
  for (const f of items.slice(0, 6)) {
    svg += `<text x="${b.x}" y="${y + 14}" font-size="13" fill="#6b7280">${escapeXml(f.label)}</text>`;
    svg += `<text x="${b.x + b.width}" y="${y + 14}" font-size="14" font-weight="600" fill="#111827" text-anchor="end">${escapeXml(f.value)}</text>`;
    y += 22;
  }
  return { svg, height: y - b.y };
}

/** The poster as an SVG document (A4 landscape); `labels` are the UI strings in the card's language. */
export function posterSvg(
  card: PersonaCard,
  labels: {
    goals: string;
    pains: string;
    motivations: string;
    actions: string;
    scenario: string;
    demographics: string;
    behaviour: string;
    value: string;
    footer: string;
  },
): string {
  const W = POSTER_WIDTH;
  const H = POSTER_HEIGHT;
  const avatar = avatarSvg({
    seed: card.seed,
    gender: card.gender,
    age: card.age,
    title: card.name,
    size: 150,
  }).replace('<svg ', '<svg x="48" y="56" ');
  const en = card.lang === 'en';
  const nameLine = en ? `${card.name}, ${card.age}` : `${card.name}，${card.age} 岁`;
  let body = '';
  body += `<rect width="${W}" height="${H}" fill="#ffffff"/>`;
  body += `<rect width="${W}" height="262" fill="#eef2ff"/>`;
  body += avatar;
  body += `<text x="226" y="98" font-size="15" fill="#4338ca">${escapeXml(card.groupLabel)}</text>`;
  body += `<text x="226" y="146" font-size="40" font-weight="700" fill="#111827">${escapeXml(nameLine)}</text>`;
  body += textLines(
    wrapText(card.tagline, 78, 2),
    { x: 226, y: 160, width: 620 },
    20,
    400,
    '#374151',
  ).svg;
  const quote = wrapText(`“${card.quote}”`, 80, 2);
  body += textLines(quote, { x: 226, y: 208, width: 700 }, 16, 400, '#4b5563').svg;

  // Right column: figures.
  const fx = 860;
  const fw = 220;
  let fy = 40;
  for (const [title, items] of [
    [labels.demographics, card.demographics],
    [labels.value, card.value],
  ] as const) {
    const f = figures(title, items, { x: fx, y: fy, width: fw });
    body += f.svg;
    fy += f.height + 10;
  }

  // Lower area: three lists and behaviour.
  const top = 290;
  const colW = 250;
  const cols: [string, string[], string][] = [
    [labels.goals, card.goals, '#059669'],
    [labels.pains, card.pains, '#dc2626'],
    [labels.motivations, card.motivations, '#d97706'],
  ];
  cols.forEach(([title, items, colour], i) => {
    body += list(title, items, { x: 48 + i * (colW + 24), y: top, width: colW }, colour).svg;
  });
  const bf = figures(labels.behaviour, card.behaviour, { x: fx, y: top, width: fw });
  body += bf.svg;

  const sy = 560;
  body += `<text x="48" y="${sy + 16}" font-size="17" font-weight="700" fill="#111827">${escapeXml(labels.scenario)}</text>`;
  body += textLines(wrapText(card.scenario, 96, 3), { x: 48, y: sy + 24, width: 780 }, 14).svg;
  body += list(labels.actions, card.actions, { x: 48, y: 660, width: 780 }, '#2563eb').svg;
  body += `<text x="${W - 40}" y="${H - 20}" font-size="11" fill="#6b7280" text-anchor="end">${escapeXml(labels.footer)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Noto Sans SC',system-ui,sans-serif" role="img"><title>${escapeXml(nameLine)}</title>${body}</svg>`;
}
