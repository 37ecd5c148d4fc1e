import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  createFastPseudonymizer,
  createPseudonymizer,
  createWebCryptoPseudonymizer,
  deriveSubKey,
  EMPTY_PID,
  generateWorkspaceKey,
  importSubKey,
  isPseudoId,
  PID_SUBKEY_LABEL,
  pidFromMac,
  pseudonymizeColumn,
  type Pseudonymizer,
} from '../../../src/lib/domain/privacy/pseudonymize';
import type { PseudoId } from '../../../src/lib/domain/types';

const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();

async function fixedKey(byte: number): Promise<CryptoKey> {
  const raw = new Uint8Array(32).fill(byte);
  return subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

async function bothFor(key: CryptoKey): Promise<[Pseudonymizer, Pseudonymizer]> {
  return [createWebCryptoPseudonymizer(key), createFastPseudonymizer(await deriveSubKey(key))];
}

describe('generateWorkspaceKey', () => {
  it('makes a non-extractable HMAC-SHA-256 key that can only sign', async () => {
    const key = await generateWorkspaceKey();
    expect(key.extractable).toBe(false);
    expect(key.usages).toEqual(['sign']);
    expect(key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 });
    await expect(subtle.exportKey('raw', key)).rejects.toThrow();
    await expect(subtle.exportKey('jwk', key)).rejects.toThrow();
  });

  it('makes a different key each time', async () => {
    const [a, b] = [await generateWorkspaceKey(), await generateWorkspaceKey()];
    const [pa, pb] = [
      createFastPseudonymizer(await deriveSubKey(a)),
      createFastPseudonymizer(await deriveSubKey(b)),
    ];
    expect(pa.pid('13800138000')).not.toBe(pb.pid('13800138000'));
  });
});

describe('deriveSubKey', () => {
  it('is HMAC-SHA-256(workspace key, "portrait/pid/v1")', async () => {
    const sub = await deriveSubKey(await fixedKey(7));
    const expected = hmac(sha256, new Uint8Array(32).fill(7), enc.encode(PID_SUBKEY_LABEL));
    expect(sub).toHaveLength(32);
    expect(toHex(sub)).toBe(toHex(expected));
  });

  it('imports as a non-extractable signing key', async () => {
    const key = await importSubKey(await deriveSubKey(await fixedKey(7)));
    expect(key.extractable).toBe(false);
    await expect(subtle.exportKey('raw', key)).rejects.toThrow();
  });
});

describe('pid', () => {
  it('is "p_" and 22 base64url characters: the first 16 bytes of HMAC(subKey, value)', async () => {
    const key = await fixedKey(1);
    const sub = await deriveSubKey(key);
    const p = createFastPseudonymizer(sub);
    const pid = p.pid('13800138000') as PseudoId;
    const mac = hmac(sha256, sub, enc.encode('13800138000'));
    expect(pid).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
    expect(pid).toBe(`p_${toBase64Url(mac.slice(0, 16))}`);
    expect(isPseudoId(pid)).toBe(true);
  });

  it('is the same for the same key and input', async () => {
    const key = await fixedKey(1);
    const [a, b] = [
      createFastPseudonymizer(await deriveSubKey(key)),
      createFastPseudonymizer(await deriveSubKey(key)),
    ];
    expect(a.pid('13800138000')).toBe(b.pid('13800138000'));
    expect(await createWebCryptoPseudonymizer(key).pid('x')).toBe(
      await createWebCryptoPseudonymizer(key).pid('x'),
    );
  });

  it('differs for another key', async () => {
    const [a] = await bothFor(await fixedKey(1));
    const [b] = await bothFor(await fixedKey(2));
    expect(await a.pid('13800138000')).not.toBe(await b.pid('13800138000'));
  });

  it('differs for different inputs', async () => {
    const p = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    expect(p.pid('13800138000')).not.toBe(p.pid('13800138001'));
  });

  it('is not a plain SHA-256 of the input', async () => {
    const p = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    for (const value of ['13800138000', 'foo.bar@qq.com', '']) {
      const pid = p.pid(value) as string;
      const digest = new Uint8Array(await subtle.digest('SHA-256', enc.encode(value)));
      const body = pid.slice(2);
      expect(body).not.toBe(toBase64Url(digest.slice(0, 16)));
      expect(toBase64Url(digest)).not.toContain(body);
      expect(toHex(digest)).not.toContain(body.toLowerCase());
    }
  });

  it('is the same from the WebCrypto and the fast implementation', async () => {
    const key = await generateWorkspaceKey();
    const [web, fast] = await bothFor(key);
    const values = [
      '13800138000',
      'foo.bar@qq.com',
      '11010519491231002X',
      '李雷',
      'C-00042',
      'é'.repeat(300),
    ];
    expect(await web.pidMany(values)).toEqual(await fast.pidMany(values));
    for (const v of values) {
      expect(await web.pid(v)).toBe(fast.pid(v));
    }
  });

  it('gives the same pids through createPseudonymizer either way', async () => {
    const key = await generateWorkspaceKey();
    const fast = await createPseudonymizer(key);
    const web = await createPseudonymizer(key, 'webcrypto');
    expect(fast.impl).toBe('noble');
    expect(web.impl).toBe('webcrypto');
    expect(await fast.pid('13800138000')).toBe(await web.pid('13800138000'));
  });

  it('keeps pidMany in input order across WebCrypto batches', async () => {
    const key = await fixedKey(3);
    const [web, fast] = await bothFor(key);
    const values = Array.from({ length: 2500 }, (_, i) => `v${i}`);
    const pids = await web.pidMany(values);
    expect(pids).toHaveLength(2500);
    expect(pids[2499]).toBe(fast.pid('v2499'));
    expect(new Set(pids).size).toBe(2500);
  });

  it('rejects a sub-key that is not 32 bytes', () => {
    expect(() => createFastPseudonymizer(new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('pidFromMac', () => {
  it('encodes 16 bytes as 22 base64url characters', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 8 + 3);
    expect(pidFromMac(bytes)).toBe(`p_${toBase64Url(bytes.slice(0, 16))}`);
    expect(pidFromMac(new Uint8Array(16).fill(255))).toBe('p______________________w');
    expect(() => pidFromMac(new Uint8Array(15))).toThrow(RangeError);
  });
});

describe('pseudonymizeColumn', () => {
  it('gives canonical variants of the same phone the same pid', async () => {
    const p = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    const pids = await pseudonymizeColumn(
      ['13800138000', '+86 138-0013-8000', '０086 13800138000', ' 138 0013 8000 '],
      'phone',
      p,
    );
    expect(new Set(pids).size).toBe(1);
    expect(pids[0]).toBe(p.pid('13800138000'));
  });

  it('gives canonical variants of an e-mail the same pid', async () => {
    const p = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    const pids = await pseudonymizeColumn(
      ['Foo.Bar@Example.COM ', 'foo.bar@example.com'],
      'email',
      p,
    );
    expect(pids[0]).toBe(pids[1]);
  });

  it('keeps empty cells empty', async () => {
    const p = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    const pids = await pseudonymizeColumn(['', '13800138000', '  ', '\u200B', ''], 'phone', p);
    expect(pids[0]).toBe(EMPTY_PID);
    expect(pids[0]).toBe('');
    expect(pids[2]).toBe('');
    expect(pids[3]).toBe('');
    expect(pids[1]).toMatch(/^p_/);
  });

  it('hashes each distinct canonical value once', async () => {
    const inner = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    const seen: string[] = [];
    const counting: Pseudonymizer = {
      impl: inner.impl,
      pid: (v) => inner.pid(v),
      pidMany: (vs) => {
        seen.push(...vs);
        return inner.pidMany(vs);
      },
    };
    const values = [
      '13800138000',
      '+8613800138000',
      '15012345678',
      '13800138000',
      '',
      '15012345678',
    ];
    const pids = await pseudonymizeColumn(values, 'phone', counting);
    expect(seen.sort()).toEqual(['13800138000', '15012345678']);
    expect(pids).toHaveLength(6);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[5]);
  });

  it('hashes a value once across chunks when given a cache', async () => {
    const inner = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    let hashed = 0;
    const counting: Pseudonymizer = {
      impl: inner.impl,
      pid: (v) => inner.pid(v),
      pidMany: (vs) => {
        hashed += vs.length;
        return inner.pidMany(vs);
      },
    };
    const cache = new Map<string, PseudoId>();
    const a = await pseudonymizeColumn(['13800138000', '15012345678'], 'phone', counting, cache);
    const b = await pseudonymizeColumn(
      ['+86 150 1234 5678', '18688889999'],
      'phone',
      counting,
      cache,
    );
    expect(hashed).toBe(3);
    expect(b[0]).toBe(a[1]);
  });

  it('gives the same column of pids from both implementations', async () => {
    const key = await generateWorkspaceKey();
    const [web, fast] = await bothFor(key);
    const values = ['13800138000', '', '+86 139 1234 5678', '13800138000'];
    expect(await pseudonymizeColumn(values, 'phone', web)).toEqual(
      await pseudonymizeColumn(values, 'phone', fast),
    );
  });

  it('does not separate kinds: the same canonical text gets the same pid in any column', async () => {
    // Intended: a phone used as the customer key in one file joins the phone column of another.
    const p = createFastPseudonymizer(await deriveSubKey(await fixedKey(1)));
    const [asPhone] = await pseudonymizeColumn(['13800138000'], 'phone', p);
    const [asId] = await pseudonymizeColumn(['13800138000'], 'id', p);
    expect(asPhone).toBe(asId);
  });
});
