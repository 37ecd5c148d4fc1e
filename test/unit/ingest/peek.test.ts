// peekFile scans the head only until its sample is full: the result must be the one a scan of
// the whole head gives.
import { describe, expect, it } from 'vitest';
import { SAMPLE_RECORDS, peekFile } from '../../../src/lib/domain/ingest/read';
import { scanCsv } from '../../../src/lib/domain/ingest/csv-scanner';

/** What peekFile returned when it scanned the whole head at once. */
function wholeScan(text: string, isWhole: boolean) {
  const { records } = scanCsv(text, ',');
  // scanCsv ends the input; a head that is not the whole file ends without its cut record.
  const kept = isWhole ? records : scanWithoutEnd(text);
  const capped = kept.slice(0, SAMPLE_RECORDS + 1);
  if (!isWhole && capped.length > 1) {
    capped.pop();
  }
  return { headers: capped[0], sample: capped.slice(1) };
}

function scanWithoutEnd(text: string): string[][] {
  // A record ends at its line end; the text after the last line end is not a record yet.
  const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return scanCsv(text.slice(0, last + 1), ',').records;
}

function csv(rows: number, longCell: number): string {
  const lines = ['id,name,note,amount'];
  for (let i = 0; i < rows; i++) {
    const note = i % 97 === 5 ? `"a quoted note, with a line end\nand ""quotes"" ${i}"` : 'x';
    lines.push(`${i},name ${i},${note}${'y'.repeat(i % 13 === 0 ? longCell : 0)},${i % 50}.5`);
  }
  return lines.join('\n') + '\n';
}

describe('peekFile', () => {
  for (const [rows, longCell] of [
    [5000, 0],
    [5000, 200],
    [1500, 0],
    [SAMPLE_RECORDS, 3000],
  ] as const) {
    for (const isWhole of [true, false]) {
      it(`samples ${rows} rows (cells up to ${longCell} more), ${isWhole ? 'whole' : 'a head'}, as a whole scan does`, () => {
        const text = csv(rows, longCell);
        const bytes = new TextEncoder().encode(text);
        const peek = peekFile(bytes, 'f.csv', { lang: 'en', isWhole, delimiter: ',' });
        const expected = wholeScan(text, isWhole);
        expect(peek.headers).toEqual(expected.headers);
        expect(peek.sample).toEqual(expected.sample);
        expect(peek.sample.length).toBe(
          Math.min(isWhole ? rows : rows - 1, isWhole ? SAMPLE_RECORDS : SAMPLE_RECORDS - 1),
        );
      });
    }
  }
});
