// Saving a chart as SVG or PNG, drawn from our own SVG (nothing is fetched). Styles come from
// CSS classes and variables, so the computed paint of every element is written into the copy
// as attributes; the PNG is the same SVG rasterised on a canvas through a blob: URL.
const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'fill-opacity'];
const TEXT = ['font-size', 'font-family', 'font-weight'];

function inlined(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [copy, ...copy.querySelectorAll('*')];
  src.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = dst[i]!;
    for (const p of [...PAINT, ...(el instanceof SVGTextElement || el === svg ? TEXT : [])]) {
      const v = style.getPropertyValue(p);
      if (v && !target.hasAttribute(p)) {
        target.setAttribute(p, v);
      }
    }
  });
  const box = svg.viewBox.baseVal;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(box?.width || svg.clientWidth));
  copy.setAttribute('height', String(box?.height || svg.clientHeight));
  copy.removeAttribute('class');
  return copy;
}

function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgText(svg: SVGSVGElement): string {
  return new XMLSerializer().serializeToString(inlined(svg));
}

export function saveSvg(svg: SVGSVGElement, name: string): void {
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), `${name}.svg`);
}

export async function savePng(svg: SVGSVGElement, name: string, scale = 2): Promise<void> {
  const box = svg.viewBox.baseVal;
  await saveSvgTextAsPng(
    svgText(svg),
    box?.width || svg.clientWidth,
    box?.height || svg.clientHeight,
    name,
    scale,
  );
}

/** Draws an SVG document (our own markup) on a canvas and downloads it as PNG. */
export async function saveSvgTextAsPng(
  text: string,
  boxWidth: number,
  boxHeight: number,
  name: string,
  scale = 2,
): Promise<void> {
  const width = Math.round(boxWidth * scale);
  const height = Math.round(boxHeight * scale);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle =
      getComputedStyle(document.documentElement).getPropertyValue('--surface') || '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) {
      download(blob, `${name}.png`);
    }
  } finally {
    URL.revokeObjectURL(url);
  }
}
