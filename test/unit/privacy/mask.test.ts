import {
  maskAddress,
  maskCnId,
  maskEmail,
  maskFreeText,
  maskName,
  maskPhone,
  maskValue,
} from '../../../src/lib/domain/privacy/mask';

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('+86 138-0013-8000')).toBe('138****8000');
  });

  it('masks a landline and a short number too', () => {
    expect(maskPhone('010-12345678')).toBe('010****5678');
    expect(maskPhone('12345')).toBe('***45');
  });
});

describe('maskName', () => {
  it('keeps the surname', () => {
    expect(maskName('李雷')).toBe('李*');
    expect(maskName('韩梅梅')).toBe('韩**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
  });

  it('keeps the first character when the surname is not known', () => {
    expect(maskName('阿依古丽')).toBe('阿***');
    expect(maskName('李')).toBe('*');
  });

  it('keeps the initial of each Latin word', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName(' John  Smith ')).toBe('J*** S****');
  });
});

describe('maskCnId', () => {
  it('keeps the first 4 and last 4 of an 18-digit number', () => {
    expect(maskCnId('11010519491231002X')).toBe('1101**********002X');
    expect(maskCnId('11010519491231002x')).toBe('1101**********002X');
  });

  it('keeps the first 4 and last 3 of a 15-digit number', () => {
    expect(maskCnId('110105491231002')).toBe('1101********002');
  });
});

describe('maskEmail', () => {
  it('keeps the first character of the local part and the domain', () => {
    expect(maskEmail('foo.bar@qq.com')).toBe('f******@qq.com');
    expect(maskEmail('Foo.Bar@QQ.com')).toBe('f******@qq.com');
  });

  it('stars a one-character local part', () => {
    expect(maskEmail('a@qq.com')).toBe('*@qq.com');
  });
});

describe('maskAddress', () => {
  it('keeps the region down to the district', () => {
    expect(maskAddress('广东省深圳市南山区科技园南路1号')).toBe('广东省深圳市南山区****');
    expect(maskAddress('上海市浦东新区世纪大道100号')).toBe('上海市浦东新区****');
  });

  it('stars an address without a known region', () => {
    expect(maskAddress('科技园南路1号')).toBe('****');
  });

  it('keeps what follows the last comma of a Latin address', () => {
    expect(maskAddress('221B Baker Street, London')).toBe('****, London');
  });
});

describe('maskValue', () => {
  it('dispatches on the kind', () => {
    expect(maskValue('13800138000', 'phone')).toBe('138****8000');
    expect(maskValue('foo.bar@qq.com', 'email')).toBe('f******@qq.com');
    expect(maskValue('11010519491231002X', 'cnId')).toBe('1101**********002X');
    expect(maskValue('李雷', 'name')).toBe('李*');
    expect(maskValue('广东省深圳市南山区科技园', 'address')).toBe('广东省深圳市南山区****');
  });

  it('masks free text when the kind is unknown, and keeps empty empty', () => {
    expect(maskValue('call 13800138000', null)).toBe('call 138****8000');
    expect(maskValue('', 'phone')).toBe('');
    expect(maskValue('  ', 'name')).toBe('');
  });
});

describe('maskFreeText', () => {
  it('masks a phone number, an e-mail and an ID number inside text', () => {
    expect(
      maskFreeText('请联系我：13800138000，邮箱 foo.bar@qq.com，身份证11010519491231002X。谢谢'),
    ).toBe('请联系我：138****8000，邮箱 f******@qq.com，身份证1101**********002X。谢谢');
  });

  it('masks numbers written with +86, dashes or spaces', () => {
    expect(maskFreeText('tel +86 138-0013-8000 or 138 0013 8000')).toBe(
      'tel 138****8000 or 138****8000',
    );
  });

  it('masks full-width digits and leaves Chinese punctuation as written', () => {
    expect(maskFreeText('电话：１３８００１３８０００，好的。')).toBe('电话：138****8000，好的。');
  });

  it('masks a 15-digit number and an ID-shaped number even with a wrong check digit', () => {
    expect(maskFreeText('旧证110105491231002')).toBe('旧证1101********002');
    expect(maskFreeText('id 110105194912310021')).toBe('id 1101**********0021');
  });

  it('masks a landline with an area code', () => {
    expect(maskFreeText('座机010-12345678')).toBe('座机010****5678');
  });

  it('masks an e-mail whose local part is a phone number as one e-mail', () => {
    expect(maskFreeText('13800138000@163.com')).toBe('1**********@163.com');
  });

  it('leaves dates, amounts, order numbers and plain text alone', () => {
    const text = '2024-01-15 下单 ¥1,299.00，订单号 C123456，数量 3，很满意！';
    expect(maskFreeText(text)).toBe(text);
  });

  it('does not mask a mobile-like run inside a longer number', () => {
    expect(maskFreeText('6222021380013800012')).toBe('6222021380013800012');
  });

  it('returns empty text unchanged', () => {
    expect(maskFreeText('')).toBe('');
  });
});
