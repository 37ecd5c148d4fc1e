import {
  createKeyMaterial,
  keyMaterialFromBytes,
  PID_KEY_BYTES,
  unwrapKeyBytes,
} from '../../../src/lib/domain/privacy/key-material';
import { createWebCryptoPseudonymizer } from '../../../src/lib/domain/privacy/pseudonymize';

const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();
const INPUTS = ['', '13800138000', 'alice@example.com', '张三', 'x'.repeat(1000)];

async function signatures(key: CryptoKey): Promise<string[]> {
  const out: string[] = [];
  for (const s of INPUTS) {
    out.push(Buffer.from(await subtle.sign('HMAC', key, enc.encode(s))).toString('hex'));
  }
  return out;
}

function importHmac(raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey('raw', new Uint8Array(raw), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
}

describe('key material', () => {
  it('makes a non-extractable HMAC pid key and a non-extractable AES-GCM wrap key', async () => {
    const m = await createKeyMaterial();
    expect(m.pidKey.extractable).toBe(false);
    expect(m.pidKey.usages).toEqual(['sign']);
    expect(m.pidKey.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } });
    expect(m.wrapKey.extractable).toBe(false);
    expect([...m.wrapKey.usages].sort()).toEqual(['decrypt', 'encrypt']);
    expect(m.wrapKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(subtle.exportKey('raw', m.pidKey)).rejects.toThrow();
    await expect(subtle.exportKey('jwk', m.pidKey)).rejects.toThrow();
    await expect(subtle.exportKey('raw', m.wrapKey)).rejects.toThrow();
    await expect(subtle.exportKey('jwk', m.wrapKey)).rejects.toThrow();
    expect(m.wrapped.iv).toHaveLength(12);
    expect(m.wrapped.data).toHaveLength(PID_KEY_BYTES + 16);
  });

  it('unwraps bytes that sign exactly as the pid key does', async () => {
    const m = await createKeyMaterial();
    const raw = await unwrapKeyBytes(m);
    expect(raw).toHaveLength(PID_KEY_BYTES);
    const imported = await importHmac(raw);
    raw.fill(0);
    expect(await signatures(imported)).toEqual(await signatures(m.pidKey));
  });

  it('makes fresh, different keys each time', async () => {
    const [a, b] = await Promise.all([createKeyMaterial(), createKeyMaterial()]);
    expect(await signatures(a.pidKey)).not.toEqual(await signatures(b.pidKey));
    expect(a.wrapped.iv).not.toEqual(b.wrapped.iv);
  });

  it('rebuilds from unwrapped bytes: same signatures and pids, a new wrap key', async () => {
    const m = await createKeyMaterial();
    const raw = await unwrapKeyBytes(m);
    const restored = await keyMaterialFromBytes(raw);
    expect(restored.pidKey.extractable).toBe(false);
    expect(restored.wrapKey.extractable).toBe(false);
    expect(await signatures(restored.pidKey)).toEqual(await signatures(m.pidKey));
    // The restored material unwraps to the same bytes, under its own wrap key only.
    const again = await unwrapKeyBytes(restored);
    expect(again).toEqual(raw);
    await expect(unwrapKeyBytes({ wrapKey: m.wrapKey, wrapped: restored.wrapped })).rejects.toThrow(
      /does not decrypt/,
    );
    // Pseudonyms made with either key join.
    const values = ['13800138000', 'p@example.com'];
    expect(await createWebCryptoPseudonymizer(restored.pidKey).pidMany(values)).toEqual(
      await createWebCryptoPseudonymizer(m.pidKey).pidMany(values),
    );
    raw.fill(0);
    again.fill(0);
  });

  it('does not zero or keep the caller’s bytes', async () => {
    const raw = globalThis.crypto.getRandomValues(new Uint8Array(PID_KEY_BYTES));
    const copy = raw.slice();
    const m = await keyMaterialFromBytes(raw);
    expect(raw).toEqual(copy);
    raw.fill(0);
    // Changing the caller's buffer afterwards changes nothing.
    expect(await signatures(m.pidKey)).toEqual(await signatures(await importHmac(copy)));
    // The bytes are not in the wrapped blob in the clear.
    expect(Buffer.from(m.wrapped.data).includes(Buffer.from(copy))).toBe(false);
  });

  it('rejects key bytes of the wrong length', async () => {
    await expect(keyMaterialFromBytes(new Uint8Array(16))).rejects.toThrow(RangeError);
    await expect(keyMaterialFromBytes(new Uint8Array(33))).rejects.toThrow(RangeError);
  });

  it('refuses a tampered wrapped blob', async () => {
    const m = await createKeyMaterial();
    const data = m.wrapped.data.slice();
    data[3] = (data[3] ?? 0) ^ 1;
    await expect(
      unwrapKeyBytes({ wrapKey: m.wrapKey, wrapped: { iv: m.wrapped.iv, data } }),
    ).rejects.toThrow(/does not decrypt/);
  });

  it('survives structured cloning (as IndexedDB stores it), still non-extractable', async () => {
    const m = await createKeyMaterial();
    const clone = structuredClone(m);
    expect(clone.pidKey.extractable).toBe(false);
    expect(clone.wrapKey.extractable).toBe(false);
    await expect(subtle.exportKey('raw', clone.pidKey)).rejects.toThrow();
    expect(await signatures(clone.pidKey)).toEqual(await signatures(m.pidKey));
    const raw = await unwrapKeyBytes(clone);
    expect(await signatures(await importHmac(raw))).toEqual(await signatures(m.pidKey));
    raw.fill(0);
  });
});
