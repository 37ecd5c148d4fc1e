import { fieldCounts, sniffDelimiter } from '../../../src/lib/domain/ingest/delimiter';
import { fixtureText } from './fixtures';

describe('sniffDelimiter', () => {
  it('finds the delimiter of each fixture', () => {
    expect(sniffDelimiter(fixtureText('basic.csv'))).toBe(',');
    expect(sniffDelimiter(fixtureText('cn-orders.csv'))).toBe(',');
    expect(sniffDelimiter(fixtureText('semicolon-decimal-comma.csv'))).toBe(';');
    expect(sniffDelimiter(fixtureText('tabs.tsv'))).toBe('\t');
    expect(sniffDelimiter(fixtureText('pipe.csv'))).toBe('|');
    expect(sniffDelimiter(fixtureText('stray-quote.csv'))).toBe(',');
  });

  it('ignores delimiters inside quotes', () => {
    const text = 'name;note\n"Li, Wei";"a, b, c"\n"Wang, Fang";"d, e"\n"Zhao";"f,g,h,i"\n';
    expect(sniffDelimiter(text)).toBe(';');
  });

  it('prefers a semicolon over the decimal commas inside the numbers', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2,25;x\n3,75;4;y\n')).toBe(';');
  });

  it('falls back to a comma for one-column files and empty text', () => {
    expect(sniffDelimiter('客户ID\nC001\nC002\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('goes to the comma on a tie', () => {
    expect(sniffDelimiter('a,b;c\n1,2;3\n')).toBe(',');
  });

  it('picks the delimiter of a header-only file', () => {
    expect(sniffDelimiter('客户ID\t下单时间\t金额\n')).toBe('\t');
  });

  it('does not count a last line cut by the sample unless told it is the whole text', () => {
    expect(fieldCounts('a,b,c\n1,2,3\n4,5', ',')).toEqual([3, 3]);
    expect(fieldCounts('a,b,c\n1,2,3\n4,5', ',', 50, true)).toEqual([3, 3, 2]);
    expect(fieldCounts('a,b\n\n\r\n1,"x\ny"\n', ',')).toEqual([2, 2]);
  });
});
