import { canonicalize, canonicalPhone, cleanText } from '../../../src/lib/domain/privacy/canonical';

describe('cleanText', () => {
  it('removes zero-width characters and the byte-order mark', () => {
    expect(cleanText('\uFEFF138\u200B0013\u200C8000\u200D\u2060')).toBe('13800138000');
  });

  it('turns full-width characters half-width and trims', () => {
    expect(cleanText('　ＡＢＣ１２３＠ｘ　')).toBe('ABC123@x');
  });

  it('treats NBSP as a space: trimmed at the ends', () => {
    expect(cleanText('\u00A0abc\u00A0')).toBe('abc');
  });

  it('leaves plain ASCII alone', () => {
    expect(cleanText('C12345')).toBe('C12345');
    expect(cleanText('')).toBe('');
  });
});

describe('canonicalize phone', () => {
  it.each([
    '13800138000',
    '+86 138-0013-8000',
    '０086 13800138000',
    '+8613800138000',
    '008613800138000',
    '8613800138000',
    '(+86) 138.0013.8000',
    '138 0013 8000',
    ' 138-0013-8000 ',
    '１３８００１３８０００',
    '\u200B13800138000',
  ])('reads %s as 13800138000', (raw) => {
    expect(canonicalize(raw, 'phone')).toBe('13800138000');
  });

  it('keeps an 86 prefix when the rest is not a mainland mobile', () => {
    expect(canonicalPhone('8612345678901')).toBe('8612345678901');
    expect(canonicalPhone('86 10 12345678')).toBe('861012345678');
  });

  it('strips separators from landline and foreign numbers but keeps their prefix', () => {
    expect(canonicalPhone('010-1234 5678')).toBe('01012345678');
    expect(canonicalPhone('+1 (555) 123-4567')).toBe('+15551234567');
  });
});

describe('canonicalize email', () => {
  it('trims and lower-cases', () => {
    expect(canonicalize('Foo.Bar@Example.COM ', 'email')).toBe('foo.bar@example.com');
  });

  it('reads a full-width at sign', () => {
    expect(canonicalize('foo＠qq.com', 'email')).toBe('foo@qq.com');
  });
});

describe('canonicalize cnId', () => {
  it('upper-cases x and removes spaces', () => {
    expect(canonicalize(' 110105 19491231 002x ', 'cnId')).toBe('11010519491231002X');
  });
});

describe('canonicalize name', () => {
  it('collapses internal whitespace', () => {
    expect(canonicalize('  John \u00A0  Smith ', 'name')).toBe('John Smith');
  });

  it('removes a space between Han characters', () => {
    expect(canonicalize('李 雷', 'name')).toBe('李雷');
    expect(canonicalize('欧阳　娜娜', 'name')).toBe('欧阳娜娜');
  });
});

describe('canonicalize other kinds', () => {
  it('collapses whitespace in an address', () => {
    expect(canonicalize('广东省  深圳市\t南山区', 'address')).toBe('广东省 深圳市 南山区');
  });

  it('only cleans a customer id or plain text', () => {
    expect(canonicalize(' C１２３ ', 'id')).toBe('C123');
    expect(canonicalize('Ab  C', null)).toBe('Ab  C');
  });
});
