// @vitest-environment jsdom
// Parses the report the way a browser does and checks what it would build: no active content,
// every model text shown as text, and no element moved or added by the parser's error recovery.
import { renderHtmlReport } from '../../../src/lib/domain/report/html';
import { sampleModel, XSS_PAYLOADS, xssModel } from './report-fixture';
import { checkNesting, scanTags } from './html-scan';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('renderHtmlReport in a browser parser', () => {
  const model = xssModel('en');
  const html = renderHtmlReport(model);
  const doc = parse(html);

  it('builds no active element and no event handler', () => {
    expect(doc.querySelectorAll('script, img, iframe, a, link, object, embed, form').length).toBe(
      0,
    );
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name).not.toMatch(/^on/i);
        expect(attr.value).not.toMatch(/javascript:/i);
      }
    }
  });

  it('shows the payloads as text where the model put them', () => {
    const persona = model.personas[0]!;
    const card = doc.querySelector('article.persona')!;
    expect(card.querySelector('h3')!.textContent).toBe(`${persona.name}, 30 Edited`);
    expect(card.querySelector('.tagline')!.textContent).toBe(persona.tagline);
    expect(card.querySelector('blockquote')!.textContent).toBe(persona.quote);
    expect(doc.querySelector('h1')!.textContent).toBe(model.title);
    expect(doc.title).toBe(model.title);
    const headers = Array.from(
      doc.querySelectorAll('#segments table:not(.visually-hidden) thead th'),
    );
    expect(headers.map((th) => th.textContent)).toEqual(model.tables[0]!.columns);
    const text = doc.body.textContent ?? '';
    for (const payload of XSS_PAYLOADS) {
      expect(text).toContain(payload);
    }
  });

  it('builds exactly the elements written (no parser error recovery)', () => {
    for (const m of [model, sampleModel()]) {
      const out = renderHtmlReport(m);
      const written = checkNesting(scanTags(out));
      expect(parse(out).getElementsByTagName('*').length).toBe(written);
    }
  });

  it('gives each chart an accessible name, description and data table', () => {
    const svg = doc.querySelector('svg[role="img"]')!;
    const chart = model.charts[0]!;
    const title = doc.getElementById(svg.getAttribute('aria-labelledby')!)!;
    const desc = doc.getElementById(svg.getAttribute('aria-describedby')!)!;
    expect(title.textContent).toBe(chart.title);
    expect(desc.textContent).toBe(chart.description);
    const rows = Array.from(svg.closest('figure')!.querySelectorAll('table.visually-hidden tr'));
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(
      chart.bars.map((b) => b.label),
    );
  });

  it('keeps the CSP as the first element after the charset', () => {
    const head = doc.head.children;
    expect(head[0]!.getAttribute('charset')).toBe('utf-8');
    expect(head[1]!.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(head[1]!.getAttribute('content')).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    );
  });
});
