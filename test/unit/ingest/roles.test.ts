import {
  guessConsentPurpose,
  guessDatasetKind,
  guessRoles,
  type ColumnSketch,
} from '../../../src/lib/domain/ingest/roles';
import { inferColumn } from '../../../src/lib/domain/ingest/infer';
import { scanCsv } from '../../../src/lib/domain/ingest/csv-scanner';
import { sniffDelimiter } from '../../../src/lib/domain/ingest/delimiter';
import { normalizeHeaders } from '../../../src/lib/domain/ingest/headers';
import type { ColumnRole, ColumnType } from '../../../src/lib/domain/types';
import { fixtureText } from './fixtures';

/** Columns of a fixture with their inferred types. */
function sketchOf(name: string): ColumnSketch[] {
  const text = fixtureText(name);
  const [raw, ...rows] = scanCsv(text, sniffDelimiter(text, true)).records;
  const headers = normalizeHeaders(raw!, 'zh-CN');
  return headers.map((h, i) => ({
    name: h,
    type: inferColumn(
      h,
      rows.map((r) => r[i] ?? ''),
    ).type,
  }));
}

function rolesOf(columns: ColumnSketch[]): [string, ColumnRole | null][] {
  const roles = guessRoles(columns);
  return columns.map((c, i) => [c.name, roles[i] ?? null]);
}

const sketch = (cols: [string, ColumnType][]): ColumnSketch[] =>
  cols.map(([name, type]) => ({ name, type }));

describe('guessRoles', () => {
  it('maps the UCI-like orders file', () => {
    expect(rolesOf(sketchOf('basic.csv'))).toEqual([
      ['InvoiceNo', 'orderId'],
      ['StockCode', 'attribute'],
      ['Description', 'attribute'],
      ['Quantity', 'quantity'],
      ['InvoiceDate', 'date'],
      ['UnitPrice', 'unitPrice'],
      ['CustomerID', 'customerId'],
      ['Country', 'attribute'],
    ]);
  });

  it('maps the Chinese shop export, preferring the paid amount and the creation time', () => {
    expect(rolesOf(sketchOf('cn-orders.csv'))).toEqual([
      ['订单编号', 'orderId'],
      ['买家会员名', 'customerId'],
      ['订单创建时间', 'date'],
      ['订单付款时间', 'attribute'],
      ['买家实际支付金额', 'amount'],
      ['总金额', 'attribute'],
      ['收货人姓名', 'attribute'],
      ['联系手机', 'attribute'],
      ['收货地址', 'attribute'],
      ['订单状态', 'attribute'],
    ]);
  });

  it('maps the member table with its consent columns', () => {
    expect(rolesOf(sketchOf('tabs.tsv'))).toEqual([
      ['会员ID', 'customerId'],
      ['姓名', 'attribute'],
      ['性别', 'attribute'],
      ['会员等级', 'attribute'],
      ['注册日期', 'attribute'],
      ['营销同意', 'consent'],
      ['画像同意', 'consent'],
      ['共享同意', 'consent'],
    ]);
  });

  it('maps the semicolon file (German headers) and the fixtures with 客户ID / 日期 / 金额', () => {
    expect(rolesOf(sketchOf('semicolon-decimal-comma.csv'))).toEqual([
      ['Kundennummer', 'customerId'],
      ['Datum', 'date'],
      ['Betrag', 'amount'],
      ['Menge', 'quantity'],
      ['Kategorie', 'attribute'],
    ]);
    expect(rolesOf(sketchOf('dmy-dates.csv'))).toEqual([
      ['客户ID', 'customerId'],
      ['日期', 'date'],
      ['金额', 'amount'],
    ]);
  });

  it('never gives 单价 the amount role nor 订单编号 the customer role', () => {
    expect(
      rolesOf(
        sketch([
          ['订单编号', 'id'],
          ['单价', 'number'],
          ['数量', 'number'],
          ['下单时间', 'date'],
          ['客户编号', 'id'],
        ]),
      ),
    ).toEqual([
      ['订单编号', 'orderId'],
      ['单价', 'unitPrice'],
      ['数量', 'quantity'],
      ['下单时间', 'date'],
      ['客户编号', 'customerId'],
    ]);
    expect(guessRoles(sketch([['订单编号', 'id']]))).toEqual(['orderId']);
  });

  it('gives each role to one column only, the best match', () => {
    expect(
      rolesOf(
        sketch([
          ['付款时间', 'date'],
          ['下单时间', 'date'],
          ['应付金额', 'number'],
          ['实付金额', 'number'],
          ['优惠金额', 'number'],
        ]),
      ),
    ).toEqual([
      ['付款时间', 'attribute'],
      ['下单时间', 'date'],
      ['应付金额', 'attribute'],
      ['实付金额', 'amount'],
      ['优惠金额', 'attribute'],
    ]);
  });

  it('matches case-insensitively and ignores spaces, underscores and bracketed units', () => {
    expect(
      guessRoles(
        sketch([
          ['customer_id', 'id'],
          ['Order Date', 'date'],
          ['Total Amount (USD)', 'number'],
        ]),
      ),
    ).toEqual(['customerId', 'date', 'amount']);
    expect(
      guessRoles(
        sketch([
          ['总金额', 'number'],
          ['实付金额（元）', 'number'],
        ]),
      ),
    ).toEqual(['attribute', 'amount']);
  });

  it('requires a fitting type: a date role needs a date column, an amount a number column', () => {
    expect(
      guessRoles(
        sketch([
          ['日期', 'text'],
          ['金额', 'category'],
          ['客户ID', 'id'],
        ]),
      ),
    ).toEqual(['attribute', 'attribute', 'customerId']);
  });

  it('uses the phone column as the customer key only for transactions without a customer id', () => {
    expect(
      guessRoles(
        sketch([
          ['手机', 'id'],
          ['下单时间', 'date'],
          ['金额', 'number'],
        ]),
      ),
    ).toEqual(['customerId', 'date', 'amount']);
    expect(
      guessRoles(
        sketch([
          ['手机', 'id'],
          ['客户ID', 'id'],
          ['下单时间', 'date'],
          ['金额', 'number'],
        ]),
      ),
    ).toEqual(['attribute', 'customerId', 'date', 'amount']);
    expect(
      guessRoles(
        sketch([
          ['手机', 'id'],
          ['姓名', 'text'],
          ['城市', 'category'],
        ]),
      ),
    ).toEqual(['attribute', 'attribute', 'attribute']);
    expect(
      guessRoles(
        sketch([
          ['Email', 'text'],
          ['Date', 'date'],
          ['Quantity', 'number'],
          ['Price', 'number'],
        ]),
      ),
    ).toEqual(['customerId', 'date', 'quantity', 'unitPrice']);
  });

  it('keeps headers like __proto__ and constructor as plain attributes', () => {
    expect(guessRoles(sketchOf('blank-headers-dups.csv'))).toEqual(Array(8).fill('attribute'));
  });
});

describe('guessConsentPurpose', () => {
  it('reads the purpose from Chinese and English headers', () => {
    expect(guessConsentPurpose('营销同意')).toBe('marketing');
    expect(guessConsentPurpose('是否同意接收营销短信')).toBe('marketing');
    expect(guessConsentPurpose('marketing_consent')).toBe('marketing');
    expect(guessConsentPurpose('Accepts Marketing')).toBe('marketing');
    expect(guessConsentPurpose('画像同意')).toBe('profiling');
    expect(guessConsentPurpose('Profiling consent')).toBe('profiling');
    expect(guessConsentPurpose('共享同意')).toBe('sharing');
    expect(guessConsentPurpose('third_party_sharing')).toBe('sharing');
    expect(guessConsentPurpose('consent')).toBeNull();
    expect(guessConsentPurpose('城市')).toBeNull();
  });
});

describe('guessDatasetKind', () => {
  const kindOf = (columns: ColumnSketch[]) => guessDatasetKind(columns, guessRoles(columns));

  it('calls order files transactions', () => {
    expect(kindOf(sketchOf('basic.csv'))).toBe('transactions');
    expect(kindOf(sketchOf('cn-orders.csv'))).toBe('transactions');
    expect(kindOf(sketchOf('semicolon-decimal-comma.csv'))).toBe('transactions');
    expect(kindOf(sketchOf('ambiguous-dates.csv'))).toBe('transactions');
  });

  it('calls a member table with consent or personal columns customers', () => {
    expect(kindOf(sketchOf('tabs.tsv'))).toBe('customers');
    expect(
      kindOf(
        sketch([
          ['客户ID', 'id'],
          ['城市', 'category'],
          ['性别', 'category'],
        ]),
      ),
    ).toBe('customers');
  });

  it('calls the rest surveys', () => {
    expect(kindOf(sketchOf('pipe.csv'))).toBe('survey');
    expect(
      kindOf(
        sketch([
          ['用户ID', 'id'],
          ['Q1 您的年龄段？', 'category'],
          ['Q2 满意度', 'number'],
        ]),
      ),
    ).toBe('survey');
    expect(
      kindOf(
        sketch([
          ['a', 'text'],
          ['b', 'number'],
        ]),
      ),
    ).toBe('survey');
  });
});
