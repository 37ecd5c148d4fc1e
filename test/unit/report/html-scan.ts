// A strict little scanner for the HTML we generate. Escaped text never holds a raw '<', so
// every '<' outside <style> must start a tag this scanner understands; anything else means
// markup leaked from the model.

export interface ScannedTag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: [string, string][];
  index: number;
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'=<>/]+(?:="[^"<>]*")?)*)\s*(\/?)>/y;
const ATTR = /([^\s"'=<>/]+)(?:="([^"]*)")?/g;

export const VOID_ELEMENTS = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** The content of <style> with the same length of spaces, so indexes stay valid. */
function blankStyles(html: string): string {
  return html.replace(
    /(<style>)([\s\S]*?)(<\/style>)/g,
    (_m, open: string, css: string, close: string) => open + ' '.repeat(css.length) + close,
  );
}

export function scanTags(html: string): ScannedTag[] {
  const text = blankStyles(html);
  const tags: ScannedTag[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('<', from);
    if (at < 0) {
      break;
    }
    if (text.startsWith('<!doctype html>', at)) {
      from = at + 1;
      continue;
    }
    TAG.lastIndex = at;
    const m = TAG.exec(text);
    if (!m) {
      throw new Error(`Not a tag at ${at}: ${JSON.stringify(text.slice(at, at + 80))}`);
    }
    const attrs: [string, string][] = [];
    for (const a of (m[3] ?? '').matchAll(ATTR)) {
      attrs.push([a[1] ?? '', a[2] ?? '']);
    }
    tags.push({
      name: (m[2] ?? '').toLowerCase(),
      closing: m[1] === '/',
      selfClosing: m[4] === '/',
      attrs,
      index: at,
    });
    from = at + m[0].length;
  }
  return tags;
}

/** Throws unless every element is closed in order (void elements and `/>` excepted). */
export function checkNesting(tags: readonly ScannedTag[]): number {
  const stack: string[] = [];
  let opened = 0;
  for (const tag of tags) {
    if (tag.closing) {
      const top = stack.pop();
      if (top !== tag.name) {
        throw new Error(`</${tag.name}> closes <${top ?? 'nothing'}> at ${tag.index}`);
      }
    } else {
      opened++;
      if (!tag.selfClosing && !VOID_ELEMENTS.has(tag.name)) {
        stack.push(tag.name);
      }
    }
  }
  if (stack.length) {
    throw new Error(`Unclosed: ${stack.join(' > ')}`);
  }
  return opened;
}
