import { parseNumber } from '../../../src/lib/domain/ingest/number';
import { normalizeKey } from '../../../src/lib/domain/ingest/key';

describe('parseNumber', () => {
  it('reads plain numbers, signs and surrounding whitespace', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-3.5')).toBe(-3.5);
    expect(parseNumber('+7')).toBe(7);
    expect(parseNumber('  12.50 ')).toBe(12.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('00123')).toBe(123);
  });

  it('reads thousands separators in groups of three', () => {
    expect(parseNumber('1,234.50')).toBe(1234.5);
    expect(parseNumber('1,234,567')).toBe(1234567);
    expect(parseNumber("1'234.50")).toBe(1234.5);
    expect(parseNumber('1 234.50')).toBe(1234.5);
    expect(parseNumber('12,34')).toBeNaN();
    expect(parseNumber('1,2345')).toBeNaN();
    expect(parseNumber('1234,5')).toBeNaN();
  });

  it('reads decimal commas when asked', () => {
    expect(parseNumber('1.234,50', { decimalComma: true })).toBe(1234.5);
    expect(parseNumber('1 234,50', { decimalComma: true })).toBe(1234.5);
    expect(parseNumber('1\u00a0234,50', { decimalComma: true })).toBe(1234.5);
    expect(parseNumber('89,90', { decimalComma: true })).toBe(89.9);
    expect(parseNumber('1.234', { decimalComma: true })).toBe(1234);
    expect(parseNumber('1.5', { decimalComma: true })).toBeNaN();
  });

  it('strips currency signs and codes before or after the number', () => {
    expect(parseNumber('¥1,234.50')).toBe(1234.5);
    expect(parseNumber('￥1,234.50')).toBe(1234.5);
    expect(parseNumber('$ 99.99')).toBe(99.99);
    expect(parseNumber('€5')).toBe(5);
    expect(parseNumber('£5')).toBe(5);
    expect(parseNumber('1,234.50元')).toBe(1234.5);
    expect(parseNumber('RMB 100')).toBe(100);
    expect(parseNumber('CNY100')).toBe(100);
    expect(parseNumber('100 rmb')).toBe(100);
    expect(parseNumber('12,50 €', { decimalComma: true })).toBe(12.5);
    expect(parseNumber('-¥5')).toBe(-5);
    expect(parseNumber('¥-5')).toBe(-5);
  });

  it('reads accounting negatives and trailing minus signs', () => {
    expect(parseNumber('(1,234.50)')).toBe(-1234.5);
    expect(parseNumber('（¥1,234.50）')).toBe(-1234.5);
    expect(parseNumber('1.234,50-', { decimalComma: true })).toBe(-1234.5);
    expect(parseNumber('-(5)')).toBeNaN();
    expect(parseNumber('--5')).toBeNaN();
  });

  it('reads 万 and 亿 exactly', () => {
    expect(parseNumber('1.2万')).toBe(12000);
    expect(parseNumber('3亿')).toBe(300000000);
    expect(parseNumber('2.5万元')).toBe(25000);
    expect(parseNumber('0.07万')).toBe(700);
  });

  it('divides by 100 for a percent sign', () => {
    expect(parseNumber('12.5%')).toBe(0.125);
    expect(parseNumber('-3 %')).toBe(-0.03);
  });

  it('reads full-width digits and punctuation', () => {
    expect(parseNumber('１２３')).toBe(123);
    expect(parseNumber('１，２３４．５')).toBe(1234.5);
    expect(parseNumber('－５')).toBe(-5);
    expect(parseNumber('\u3000８８\u3000')).toBe(88);
  });

  it('reads exponents', () => {
    expect(parseNumber('1.5E+3')).toBe(1500);
    expect(parseNumber('1.10105E+17')).toBe(1.10105e17);
    expect(parseNumber('2e-2')).toBe(0.02);
  });

  it('gives NaN for everything else', () => {
    for (const s of [
      '',
      '   ',
      '-',
      '.',
      'abc',
      '12abc',
      '1-2',
      '2011-12-09',
      '0x10',
      'Infinity',
      'NaN',
      '1,2,3',
      '138 0013 8000',
      '¥',
      '5²',
      '1e5,000',
    ]) {
      expect(parseNumber(s), JSON.stringify(s)).toBeNaN();
    }
  });
});

describe('normalizeKey', () => {
  it('treats 17850.0 and 17850.00 as 17850', () => {
    expect(normalizeKey('17850.0')).toBe('17850');
    expect(normalizeKey('17850.00')).toBe('17850');
    expect(normalizeKey(' 17850 ')).toBe('17850');
    expect(normalizeKey('17850.0')).toBe(normalizeKey('17850'));
  });

  it('keeps leading zeros, real fractions and codes as they are', () => {
    expect(normalizeKey('00123')).toBe('00123');
    expect(normalizeKey('00123.0')).toBe('00123');
    expect(normalizeKey('17850.5')).toBe('17850.5');
    expect(normalizeKey('17850.')).toBe('17850.');
    expect(normalizeKey('.0')).toBe('.0');
    expect(normalizeKey('C17850.0')).toBe('C17850.0');
    expect(normalizeKey('Wang')).toBe('Wang');
    expect(normalizeKey('')).toBe('');
  });
});
