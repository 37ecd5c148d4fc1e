import { describe, expect, it } from 'vitest';
import { freshApi, importText as importFile, type ImportApiUnderTest } from './helpers';

const fresh = freshApi;

const CUSTOMERS = [
  '客户ID,姓名,手机,营销同意',
  'C001,王小明,13800138000,是',
  'C002,李华,13912345678,否',
  'C003,赵雪,15011112222,是',
].join('\n');
const ORDERS = [
  '订单编号,客户ID,下单时间,金额',
  ...Array.from(
    { length: 30 },
    (_, i) => `SO${i},C00${(i % 3) + 1},2024-0${(i % 9) + 1}-01,${10 + i}`,
  ),
].join('\n');

async function importText(api: ImportApiUnderTest, name: string, text: string) {
  const { result } = await importFile(api, name, text);
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
}

describe('erasure and access', () => {
  it('finds a person by phone, with their orders through the customer id', async () => {
    const { api } = fresh();
    await importText(api, 'customers.csv', CUSTOMERS);
    await importText(api, 'orders.csv', ORDERS);
    const found = await api.findPerson({ kind: 'phone', value: '+86 138-0013-8000' });
    expect(found.total).toBe(1 + 10);
    expect(found.matches.map((m) => [m.name, m.rows])).toEqual([
      ['customers.csv', 1],
      ['orders.csv', 10],
    ]);
    expect(JSON.stringify(found)).not.toContain('13800138000');
    const access = await api.accessReport({ kind: 'phone', value: '13800138000' });
    const text = JSON.stringify(access);
    expect(text).toContain('C001');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('王小明');
  });

  it('erases every row, writes a receipt without raw identifiers, and blocks a re-import', async () => {
    const { api, database } = fresh();
    await importText(api, 'customers.csv', CUSTOMERS);
    await importText(api, 'orders.csv', ORDERS);
    const receipt = await api.erasePerson({ kind: 'phone', value: '13800138000' });
    expect(receipt.rowsDeleted).toBe(11);
    expect(JSON.stringify(receipt)).not.toContain('13800138000');
    expect(JSON.stringify(receipt)).not.toContain('C001');
    expect((await api.findPerson({ kind: 'customerId', value: 'C001' })).total).toBe(0);
    const datasets = await database.datasets.toArray();
    expect(datasets.map((d) => d.rows).sort()).toEqual([2, 20]);
    // No dictionary keeps the person's key or pseudonym.
    const dicts = JSON.stringify(await database.dictionaries.toArray());
    expect(dicts).not.toContain('C001');
    for (const pid of receipt.pseudonyms) {
      expect(dicts).not.toContain(pid);
    }
    // Importing the same files again does not bring them back.
    await importText(api, 'customers-again.csv', CUSTOMERS);
    await importText(api, 'orders-again.csv', ORDERS);
    expect((await api.findPerson({ kind: 'customerId', value: 'C001' })).total).toBe(0);
    expect((await api.findPerson({ kind: 'customerId', value: 'C002' })).total).toBe(2 + 20);
  });

  it('keeps an erased person gone after restoring an older backup', async () => {
    const { api } = fresh();
    await importText(api, 'customers.csv', CUSTOMERS);
    await importText(api, 'orders.csv', ORDERS);
    const backup = await api.backup('a passphrase for the test');
    expect(backup.ok).toBe(true);
    const bytes = (backup as Extract<typeof backup, { ok: true }>).value.bytes;
    await api.erasePerson({ kind: 'customerId', value: 'C001' });
    const restored = await api.restore(new Blob([bytes as BlobPart]), 'a passphrase for the test');
    expect(restored.ok).toBe(true);
    expect((await api.findPerson({ kind: 'customerId', value: 'C001' })).total).toBe(0);
    expect((await api.findPerson({ kind: 'phone', value: '13800138000' })).total).toBe(0);
    expect((await api.findPerson({ kind: 'customerId', value: 'C003' })).total).toBe(11);
  });
});
