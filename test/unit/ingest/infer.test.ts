import { inferColumn } from '../../../src/lib/domain/ingest/infer';
import { scanCsv } from '../../../src/lib/domain/ingest/csv-scanner';
import { sniffDelimiter } from '../../../src/lib/domain/ingest/delimiter';
import { normalizeHeaders } from '../../../src/lib/domain/ingest/headers';
import type { ColumnType } from '../../../src/lib/domain/types';
import { fixtureText } from './fixtures';

/** Column types of a fixture, as [header, type] pairs. */
function fixtureTypes(name: string): [string, ColumnType][] {
  const text = fixtureText(name);
  const [raw, ...rows] = scanCsv(text, sniffDelimiter(text, true)).records;
  const headers = normalizeHeaders(raw!, 'zh-CN');
  return headers.map((h, i) => [
    h,
    inferColumn(
      h,
      rows.map((r) => r[i] ?? ''),
    ).type,
  ]);
}

describe('inferColumn', () => {
  it('types the columns of the UCI-like orders file', () => {
    expect(fixtureTypes('basic.csv')).toEqual([
      ['InvoiceNo', 'id'],
      ['StockCode', 'id'],
      ['Description', 'text'],
      ['Quantity', 'number'],
      ['InvoiceDate', 'date'],
      ['UnitPrice', 'number'],
      ['CustomerID', 'id'],
      ['Country', 'category'],
    ]);
    const text = fixtureText('basic.csv');
    const rows = scanCsv(text, ',').records.slice(1);
    expect(
      inferColumn(
        'InvoiceDate',
        rows.map((r) => r[4]!),
      ).dateOrder,
    ).toBe('MDY');
  });

  it('types the columns of the Chinese orders file', () => {
    expect(fixtureTypes('cn-orders.csv')).toEqual([
      ['订单编号', 'id'],
      ['买家会员名', 'text'],
      ['订单创建时间', 'date'],
      ['订单付款时间', 'date'],
      ['买家实际支付金额', 'number'],
      ['总金额', 'number'],
      ['收货人姓名', 'text'],
      ['联系手机', 'id'],
      ['收货地址', 'text'],
      ['订单状态', 'category'],
    ]);
  });

  it('reads decimal commas and day-first dates in the semicolon file', () => {
    const text = fixtureText('semicolon-decimal-comma.csv');
    const rows = scanCsv(text, ';').records.slice(1);
    const amount = inferColumn(
      'Betrag',
      rows.map((r) => r[2]!),
    );
    expect(amount).toEqual({ type: 'number', decimalComma: true, warnings: [] });
    expect(
      inferColumn(
        'Datum',
        rows.map((r) => r[1]!),
      ),
    ).toEqual({
      type: 'date',
      dateOrder: 'DMY',
      warnings: [],
    });
    expect(
      inferColumn(
        'Kundennummer',
        rows.map((r) => r[0]!),
      ).type,
    ).toBe('id');
  });

  it('keeps long digit strings and leading zeros as ids', () => {
    expect(inferColumn('订单号', ['241001093215000001', '241001101502000002']).type).toBe('id');
    expect(inferColumn('x', ['110105199003071234', '110105199003071235', '3101']).type).toBe('id');
    expect(inferColumn('会员ID', ['00123', '00124', '00125']).type).toBe('id');
    expect(inferColumn('zip', ['08123', '10001', '94103']).type).toBe('id');
  });

  it('warns about ids that Excel turned into scientific notation', () => {
    expect(inferColumn('身份证号', ['1.10105E+17', '1.10105E+17', '3.20102E+17'])).toEqual({
      type: 'id',
      warnings: ['sciNotationId'],
    });
  });

  it('lets an id header win over numeric values', () => {
    expect(inferColumn('CustomerID', ['17850', '13047', '17850']).type).toBe('id');
    expect(inferColumn('客户ID', ['17850.0', '13047.0', '']).type).toBe('id');
    expect(inferColumn('customer_id', ['17850', '13047']).type).toBe('id');
    expect(inferColumn('Paid', ['17850', '13047', '12000', '400']).type).toBe('number');
  });

  it('types alphanumeric codes that are mostly distinct as ids', () => {
    const codes = Array.from({ length: 30 }, (_, i) => `SO24100100${String(i).padStart(2, '0')}`);
    expect(inferColumn('单据', codes).type).toBe('id');
    expect(inferColumn('ref', ['C000123', 'C000124', 'C000125', 'C000126']).type).toBe('id');
  });

  it('types numbers, with a warning when a few values are not numbers', () => {
    expect(inferColumn('x', ['1', '2.5', '-3', '1,234.00'])).toEqual({
      type: 'number',
      warnings: [],
    });
    const mostly = [...Array.from({ length: 9 }, (_, i) => String(i * 10)), 'n/a'];
    expect(inferColumn('x', mostly).type).toBe('text');
    expect(inferColumn('金额', mostly)).toEqual({ type: 'number', warnings: ['someNotNumbers'] });
  });

  it('types dates and flags ambiguous orders', () => {
    expect(inferColumn('when', ['2024-01-02', '2024-01-03 08:00'])).toEqual({
      type: 'date',
      dateOrder: 'YMD',
      warnings: [],
    });
    expect(inferColumn('日期', ['01/02/2024', '03/04/2024'])).toEqual({
      type: 'date',
      dateOrder: 'ambiguous',
      warnings: ['ambiguousDateOrder'],
    });
    expect(inferColumn('x', ['2.1', '3.4']).type).toBe('number');
  });

  it('reads Excel serial numbers as dates only under a date header', () => {
    expect(inferColumn('下单时间', ['40886', '40887.5', '40890'])).toEqual({
      type: 'date',
      excelSerial: true,
      warnings: ['excelSerialDates'],
    });
    expect(inferColumn('积分', ['40886', '40887', '40890']).type).toBe('number');
    expect(inferColumn('下单时间', ['40886', '12']).type).toBe('number');
  });

  it('types few repeated values as categories and the rest as text', () => {
    const cities = Array.from({ length: 40 }, (_, i) => ['北京', '上海', '广州'][i % 3]!);
    expect(inferColumn('城市', cities).type).toBe('category');
    const names = Array.from({ length: 40 }, (_, i) => `客户 ${i} 的备注`);
    expect(inferColumn('备注', names).type).toBe('text');
  });

  it('says text with a warning for an empty column', () => {
    expect(inferColumn('x', ['', '  '])).toEqual({ type: 'text', warnings: ['allEmpty'] });
  });

  it('looks at the first 2,000 non-empty values only', () => {
    const values = [
      ...Array.from({ length: 2000 }, (_, i) => String(i)),
      ...Array(500).fill('abc'),
    ];
    expect(inferColumn('x', values).type).toBe('number');
  });
});
