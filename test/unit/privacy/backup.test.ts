import {
  BACKUP_MAGIC,
  BackupError,
  decodeBackup,
  DEFAULT_PBKDF2_ITERATIONS,
  encodeBackup,
  readBackupHeader,
  type BackupErrorCode,
  type BackupHeader,
  type BackupPayload,
} from '../../../src/lib/domain/privacy/backup';
import {
  createKeyMaterial,
  keyMaterialFromBytes,
  unwrapKeyBytes,
} from '../../../src/lib/domain/privacy/key-material';

const FAST = { unsafeTestIterations: 1000 } as const;
const PASS = 'correct horse battery staple 马';

function samplePayload(): BackupPayload {
  const shared = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
  return {
    createdAt: 1_750_000_000_123,
    appVersion: '0.1.0',
    tables: {
      datasets: [
        {
          id: 'ds1',
          name: '订单 2024.csv',
          rows: 3,
          createdAt: 1_749_000_000_000,
          tags: ['a', 'b'],
        },
        {
          id: 'ds2',
          name: 'empty',
          rows: 0,
          note: null,
          ok: true,
          nested: { deep: { x: [1, [2]] } },
        },
      ],
      columnChunks: [
        {
          datasetId: 'ds1',
          column: 'amount',
          values: new Float64Array([1.5, NaN, -0, Infinity, -Infinity, 1e-310, Number.MAX_VALUE]),
          codes: new Uint32Array([0, 1, 2, 4_294_967_295]),
          small: new Uint8Array([255, 0, 7]),
          ints: new Int32Array([-2_147_483_648, 0, 2_147_483_647]),
          empty: new Float64Array(0),
          // A view with an offset into a larger buffer: only the view is written.
          view: shared.subarray(3, 6),
          f32: new Float32Array([0.1, NaN]),
          i8: new Int8Array([-128, 127]),
          u16: new Uint16Array([65535]),
          i16: new Int16Array([-1]),
          clamped: new Uint8ClampedArray([0, 255]),
          buffer: new Uint8Array([9, 8, 7]).buffer,
        },
      ],
      numbers: [{ nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0, big: 2 ** 53 - 1 }],
      strings: [
        {
          empty: '',
          zh: '张三 / 重要价值客户',
          emoji: '🧑‍💼',
          lone: '\ud800x',
          quote: '"\\\n\t\u0000',
          looksLikeTag: '{"$ta":"Float64Array","off":0,"len":1}',
        },
      ],
      tricky: [
        { $ta: 'Float64Array', off: 0, len: 99 },
        { $num: 'NaN' },
        { $obj: { $obj: 1 } },
        JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as object,
        [undefined, null, [], {}],
        { u: undefined },
        { when: new Date(1_700_000_000_000), bad: new Date(NaN) },
      ],
      'odd $name': [],
      ['__proto__']: [1],
    },
  };
}

async function expectBackupError(
  p: Promise<unknown>,
  code?: BackupErrorCode,
): Promise<BackupError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BackupError);
  const err = caught as BackupError;
  if (code) {
    expect(err.code).toBe(code);
  }
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.messageZh.length).toBeGreaterThan(0);
  return err;
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = bit >> 3;
  out[i] = (out[i] ?? 0) ^ (1 << (bit & 7));
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(Buffer.from(needle));
}

/** Byte ranges of a file, from the documented layout. */
function layout(file: Uint8Array): { headerEnd: number; header: BackupHeader } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const h = view.getUint32(12);
  return { headerEnd: 16 + h, header: readBackupHeader(file) };
}

/** Builds a file by hand from a header and a plaintext body (unencrypted), as a forger would. */
async function forge(header: BackupHeader, body: Uint8Array): Promise<Uint8Array> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(body)));
  const checksum = 'sha256:' + Buffer.from(digest).toString('hex');
  const json = new TextEncoder().encode(
    JSON.stringify({ ...header, checksum, bodyLength: body.length }),
  );
  const out = new Uint8Array(16 + json.length + body.length);
  out.set(new TextEncoder().encode(BACKUP_MAGIC));
  new DataView(out.buffer).setUint16(10, 1);
  new DataView(out.buffer).setUint32(12, json.length);
  out.set(json, 16);
  out.set(body, 16 + json.length);
  return out;
}

/** A body with the given document and binary section (the documented body layout). */
function body(doc: unknown, binary: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(doc));
  const start = (4 + json.length + 7) & ~7;
  const out = new Uint8Array(start + binary.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  out.set(binary, start);
  return out;
}

describe('backup round trip', () => {
  it('restores an unencrypted backup exactly: typed arrays, NaN, ±Infinity, -0, tags, dates', async () => {
    const payload = samplePayload();
    const file = await encodeBackup(payload);
    const header = readBackupHeader(file);
    expect(header).toMatchObject({
      format: 'portrait.backup',
      version: 1,
      encrypted: false,
      hasKey: false,
      createdAt: payload.createdAt,
      appVersion: '0.1.0',
    });
    expect(header.kdf).toBeUndefined();
    expect(header.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);

    const back = await decodeBackup(file);
    expect(back).toEqual(payload);
    const chunk = back.tables.columnChunks?.[0] as Record<string, unknown>;
    expect(chunk.values).toBeInstanceOf(Float64Array);
    expect(chunk.codes).toBeInstanceOf(Uint32Array);
    expect(chunk.small).toBeInstanceOf(Uint8Array);
    expect(chunk.ints).toBeInstanceOf(Int32Array);
    expect(chunk.clamped).toBeInstanceOf(Uint8ClampedArray);
    expect(chunk.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(chunk.buffer as ArrayBuffer)]).toEqual([9, 8, 7]);
    expect([...(chunk.view as Float64Array)]).toEqual([4, 5, 6]);
    const values = chunk.values as Float64Array;
    expect(Number.isNaN(values[1])).toBe(true);
    expect(Object.is(values[2], -0)).toBe(true);
    expect(values[5]).toBe(1e-310);
    const nums = back.tables.numbers?.[0] as Record<string, number>;
    expect(Number.isNaN(nums.nan)).toBe(true);
    expect(nums.inf).toBe(Infinity);
    expect(nums.ninf).toBe(-Infinity);
    expect(Object.is(nums.negZero, -0)).toBe(true);
    // Objects that look like tags come back as the plain objects they were.
    expect(back.tables.tricky?.[0]).toEqual({ $ta: 'Float64Array', off: 0, len: 99 });
    expect(back.tables.tricky?.[2]).toEqual({ $obj: { $obj: 1 } });
    // "__proto__" stays an own key and pollutes nothing.
    const proto = back.tables.tricky?.[3] as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(back.tables)).toContain('__proto__');
    // undefined survives in arrays, and as an own key.
    expect(back.tables.tricky?.[4]).toEqual([undefined, null, [], {}]);
    expect(Object.hasOwn(back.tables.tricky?.[5] as object, 'u')).toBe(true);
    const dates = back.tables.tricky?.[6] as { when: Date; bad: Date };
    expect(dates.when).toBeInstanceOf(Date);
    expect(dates.when.getTime()).toBe(1_700_000_000_000);
    expect(Number.isNaN(dates.bad.getTime())).toBe(true);
    expect((back.tables.strings?.[0] as Record<string, string>).lone).toBe('\ud800x');
    expect(back.pidKeyBytes).toBeUndefined();
  });

  it('returns typed arrays that own their buffers, aligned and independent of the file', async () => {
    const file = await encodeBackup(samplePayload());
    const back = await decodeBackup(file);
    const chunk = back.tables.columnChunks?.[0] as Record<string, Float64Array>;
    expect(chunk.values?.byteOffset).toBe(0);
    expect(chunk.values?.buffer.byteLength).toBe(chunk.values?.byteLength);
    file.fill(0);
    expect(chunk.values?.[0]).toBe(1.5);
  });

  it('restores an encrypted backup with the key', async () => {
    const payload = samplePayload();
    const material = await createKeyMaterial();
    const key = await unwrapKeyBytes(material);
    const file = await encodeBackup(
      { ...payload, pidKeyBytes: key },
      { passphrase: PASS, ...FAST },
    );
    const header = readBackupHeader(file);
    expect(header).toMatchObject({
      encrypted: true,
      hasKey: true,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1000 },
      cipher: { name: 'AES-GCM' },
    });
    expect(Buffer.from(header.kdf?.salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(header.cipher?.iv ?? '', 'base64')).toHaveLength(12);

    const back = await decodeBackup(file, PASS);
    const { pidKeyBytes, ...rest } = back;
    expect(rest).toEqual(payload);
    expect(pidKeyBytes).toEqual(key);
    // The restored key signs like the original: old and new pids join.
    const restored = await keyMaterialFromBytes(pidKeyBytes ?? new Uint8Array(0));
    const msg = new TextEncoder().encode('13800138000');
    expect(new Uint8Array(await crypto.subtle.sign('HMAC', restored.pidKey, msg))).toEqual(
      new Uint8Array(await crypto.subtle.sign('HMAC', material.pidKey, msg)),
    );
    pidKeyBytes?.fill(0);
    key.fill(0);
  });

  it('restores an encrypted backup without the key', async () => {
    const payload = samplePayload();
    const file = await encodeBackup(payload, { passphrase: PASS, ...FAST });
    expect(readBackupHeader(file)).toMatchObject({ encrypted: true, hasKey: false });
    expect(await decodeBackup(file, PASS)).toEqual(payload);
  });

  it('uses fresh salt and IV each time', async () => {
    const payload = samplePayload();
    const a = readBackupHeader(await encodeBackup(payload, { passphrase: PASS, ...FAST }));
    const b = readBackupHeader(await encodeBackup(payload, { passphrase: PASS, ...FAST }));
    expect(a.kdf?.salt).not.toBe(b.kdf?.salt);
    expect(a.cipher?.iv).not.toBe(b.cipher?.iv);
  });

  it('treats NFC and NFD spellings of a passphrase alike', async () => {
    const file = await encodeBackup(samplePayload(), { passphrase: 'café', ...FAST });
    await expect(decodeBackup(file, 'cafe\u0301')).resolves.toBeDefined();
  });

  it('round-trips an empty workspace', async () => {
    const payload: BackupPayload = { createdAt: 0, appVersion: '', tables: {} };
    expect(await decodeBackup(await encodeBackup(payload))).toEqual(payload);
    expect(
      await decodeBackup(await encodeBackup(payload, { passphrase: 'x', ...FAST }), 'x'),
    ).toEqual(payload);
  });

  it('uses 600,000 PBKDF2 iterations by default', async () => {
    expect(DEFAULT_PBKDF2_ITERATIONS).toBe(600_000);
    const payload = samplePayload();
    let t = performance.now();
    const file = await encodeBackup(payload, { passphrase: PASS });
    const encodeMs = performance.now() - t;
    expect(readBackupHeader(file).kdf?.iterations).toBe(600_000);
    t = performance.now();
    expect(await decodeBackup(file, PASS)).toEqual(payload);
    const decodeMs = performance.now() - t;
    console.warn(
      `[backup] 600k PBKDF2, small payload: encode ${encodeMs.toFixed(0)} ms, decode ${decodeMs.toFixed(0)} ms`,
    );
  }, 60_000);
});

describe('backup refusals', () => {
  it('refuses a wrong or missing passphrase', async () => {
    const file = await encodeBackup(samplePayload(), { passphrase: PASS, ...FAST });
    await expectBackupError(decodeBackup(file, PASS + ' '), 'wrongPassphraseOrCorrupt');
    await expectBackupError(decodeBackup(file, 'guess'), 'wrongPassphraseOrCorrupt');
    await expectBackupError(decodeBackup(file), 'needsPassphrase');
    await expectBackupError(decodeBackup(file, ''), 'needsPassphrase');
  });

  it('refuses a flipped bit in every byte of an encrypted file', async () => {
    const payload = samplePayload();
    const key = crypto.getRandomValues(new Uint8Array(32));
    const file = await encodeBackup(
      { ...payload, pidKeyBytes: key },
      { passphrase: PASS, ...FAST },
    );
    const { headerEnd } = layout(file);
    const codes = new Map<string, number>();
    // Every byte of magic, version and header; every 5th of the ciphertext; all of the tag.
    const positions = [...file.keys()].filter(
      (i) => i < headerEnd || (i - headerEnd) % 5 === 0 || i >= file.length - 16,
    );
    for (const i of positions) {
      const bad = flip(file, i * 8 + (i % 8));
      const err = await expectBackupError(decodeBackup(bad, PASS));
      codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
      if (i < 10) {
        expect(err.code).toBe('foreignFile');
      } else if (i < 12) {
        expect(err.code).toBe('unsupportedVersion');
      } else if (i >= headerEnd) {
        // Ciphertext and tag: GCM refuses before any plaintext is looked at.
        expect(err.code).toBe('wrongPassphraseOrCorrupt');
      }
    }
    // Sanity: the untouched file still decodes.
    expect((await decodeBackup(file, PASS)).pidKeyBytes).toEqual(key);
    expect(codes.get('wrongPassphraseOrCorrupt')).toBeGreaterThan(0);
  }, 60_000);

  it('refuses every single-bit flip in the header of an unencrypted file', async () => {
    const file = await encodeBackup(samplePayload());
    const { headerEnd } = layout(file);
    for (let bit = 0; bit < headerEnd * 8; bit++) {
      await expectBackupError(decodeBackup(flip(file, bit)));
    }
  }, 60_000);

  it('refuses a flipped bit in the body of an unencrypted file (document, binary, padding)', async () => {
    const file = await encodeBackup(samplePayload());
    const { headerEnd } = layout(file);
    const positions = [
      headerEnd, // JSON length
      headerEnd + 3,
      headerEnd + 4, // first byte of the document
      headerEnd + 40,
      Math.floor((headerEnd + file.length) / 2),
      file.length - 9,
      file.length - 1, // last byte (binary section or its padding)
    ];
    for (const pos of positions) {
      for (const b of [0, 5, 7]) {
        const err = await expectBackupError(decodeBackup(flip(file, pos * 8 + b)), 'corrupt');
        expect(err.detail).toBe('checksum mismatch');
      }
    }
  });

  it('refuses a changed checksum, truncation and trailing bytes', async () => {
    const plain = await encodeBackup(samplePayload());
    const sealed = await encodeBackup(samplePayload(), { passphrase: PASS, ...FAST });
    for (const [file, pass] of [
      [plain, undefined],
      [sealed, PASS],
    ] as const) {
      const at = indexOf(file, new TextEncoder().encode('sha256:')) + 7 + 10;
      // '0'..'9' and 'a'..'f' differ from each other in bit 0 of the next valid digit.
      const hex = file.slice();
      hex[at] = (hex[at] ?? 0) === 0x30 ? 0x31 : 0x30;
      await expectBackupError(decodeBackup(hex, pass));
      await expectBackupError(decodeBackup(file.subarray(0, file.length - 1), pass), 'corrupt');
      await expectBackupError(decodeBackup(file.subarray(0, 20), pass), 'corrupt');
      const longer = new Uint8Array(file.length + 1);
      longer.set(file);
      await expectBackupError(decodeBackup(longer, pass), 'corrupt');
      expect(() => readBackupHeader(longer)).toThrow(BackupError);
    }
  });

  it('refuses foreign files', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0,
    ]);
    const csv = new TextEncoder().encode('customer_id,date,amount\n17850,2024-01-01,12.5\n');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const json = new TextEncoder().encode(
      JSON.stringify({ format: 'portrait.backup', version: 1 }),
    );
    for (const bytes of [
      png,
      csv,
      zip,
      json,
      new Uint8Array(0),
      new TextEncoder().encode('PORTRAIT'),
    ]) {
      await expectBackupError(decodeBackup(bytes), 'foreignFile');
      await expectBackupError(decodeBackup(bytes, PASS), 'foreignFile');
      expect(() => readBackupHeader(bytes)).toThrow(BackupError);
    }
  });

  it('refuses a newer format version, with the version in the message', async () => {
    const file = await encodeBackup(samplePayload());
    const v2 = file.slice();
    new DataView(v2.buffer).setUint16(10, 2);
    const err = await expectBackupError(decodeBackup(v2), 'unsupportedVersion');
    expect(err.message).toContain('2');
    expect(err.messageZh).toContain('2');
  });

  it('refuses out-of-bounds and malformed structure even with a valid checksum', async () => {
    const header: BackupHeader = {
      format: 'portrait.backup',
      version: 1,
      createdAt: 5,
      appVersion: '1',
      encrypted: false,
      checksum: '',
      bodyLength: 0,
      hasKey: false,
    };
    const doc = (tables: unknown, extra: object = {}) => ({
      createdAt: 5,
      appVersion: '1',
      tables,
      ...extra,
    });
    const bin8 = new Uint8Array(8);
    // The forger works: a well-formed forged file decodes.
    const good = await forge(
      header,
      body(doc({ t: [{ $ta: 'Float64Array', off: 0, len: 1 }] }), bin8),
    );
    expect(await decodeBackup(good)).toEqual({
      createdAt: 5,
      appVersion: '1',
      tables: { t: [new Float64Array(1)] },
    });
    const bad: [string, Uint8Array][] = [
      ['past the end', body(doc({ t: [{ $ta: 'Float64Array', off: 0, len: 2 }] }), bin8)],
      ['offset past the end', body(doc({ t: [{ $ta: 'Uint8Array', off: 16, len: 0 }] }), bin8)],
      ['unaligned', body(doc({ t: [{ $ta: 'Uint8Array', off: 1, len: 1 }] }), bin8)],
      ['negative', body(doc({ t: [{ $ta: 'Uint8Array', off: -8, len: 1 }] }), bin8)],
      ['fractional', body(doc({ t: [{ $ta: 'Uint8Array', off: 0, len: 0.5 }] }), bin8)],
      ['unknown type', body(doc({ t: [{ $ta: 'BigInt64Array', off: 0, len: 1 }] }), bin8)],
      ['extra ref key', body(doc({ t: [{ $ta: 'Uint8Array', off: 0, len: 1, x: 1 }] }), bin8)],
      ['unknown tag', body(doc({ t: [{ $evil: 1 }] }))],
      ['bad $num', body(doc({ t: [{ $num: 'constructor' }] }))],
      ['table not array', body(doc({ t: { a: 1 } }))],
      ['tables not object', body(doc([]))],
      ['extra field', body(doc({}, { more: 1 }))],
      [
        'key in keyless file',
        body(doc({}, { pidKey: { $ta: 'Uint8Array', off: 0, len: 8 } }), bin8),
      ],
      ['createdAt disagrees', body({ createdAt: 6, appVersion: '1', tables: {} })],
      ['not JSON', new TextEncoder().encode('\0\0\0\x05{nope')],
      ['JSON length too big', new Uint8Array([0, 0, 0, 200, 123, 125, 0, 0])],
    ];
    for (const [what, b] of bad) {
      const err = await expectBackupError(decodeBackup(await forge(header, b)), 'corrupt');
      expect(err.detail, what).not.toBe('checksum mismatch');
    }
    // Non-canonical headers: same fields, different bytes.
    const valid = await forge(header, body(doc({})));
    expect(await decodeBackup(valid)).toBeDefined();
    const text = new TextDecoder().decode(valid.subarray(16, layout(valid).headerEnd));
    for (const variant of [
      text.replace('"createdAt":5', '"createdAt":5.0'),
      text.replace('{', '{ '),
      text.replace('"appVersion":"1"', '"appVersion":"\\u0031"'),
    ]) {
      const json = new TextEncoder().encode(variant);
      const f = new Uint8Array(16 + json.length + header.bodyLength);
      const rest = valid.subarray(layout(valid).headerEnd);
      const out = new Uint8Array(16 + json.length + rest.length);
      out.set(valid.subarray(0, 12));
      new DataView(out.buffer).setUint32(12, json.length);
      out.set(json, 16);
      out.set(rest, 16 + json.length);
      expect(f.length).toBeGreaterThan(0);
      await expectBackupError(decodeBackup(out), 'corrupt');
    }
  });
});

describe('the key stays out of unencrypted files', () => {
  it('refuses to write the key without a passphrase', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    await expectBackupError(
      encodeBackup({ ...samplePayload(), pidKeyBytes: key }),
      'keyNeedsPassphrase',
    );
    await expectBackupError(
      encodeBackup({ ...samplePayload(), pidKeyBytes: key }, { passphrase: '' }),
      'emptyPassphrase',
    );
  });

  it('never has the key bytes in the clear in an encrypted file', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const file = await encodeBackup(
      { ...samplePayload(), pidKeyBytes: key },
      { passphrase: PASS, ...FAST },
    );
    expect(indexOf(file, key)).toBe(-1);
    // Nor any 8-byte window of it, nor its hex or base64 spelling.
    for (let i = 0; i + 8 <= key.length; i += 4) {
      expect(indexOf(file, key.subarray(i, i + 8))).toBe(-1);
    }
    const text = new TextDecoder('latin1').decode(file);
    expect(text).not.toContain(Buffer.from(key).toString('hex'));
    expect(text).not.toContain(Buffer.from(key).toString('base64').slice(0, 20));
    // The caller's key is not zeroed by encoding.
    expect(key.some((b) => b !== 0)).toBe(true);
  });

  it('does not encrypt with fewer than 600,000 iterations unless a test says so', async () => {
    await expect(
      encodeBackup(samplePayload(), { passphrase: PASS, iterations: 1000 }),
    ).rejects.toThrow(RangeError);
    await expect(
      encodeBackup(samplePayload(), { passphrase: PASS, unsafeTestIterations: 0 }),
    ).rejects.toThrow(RangeError);
  });
});

describe('unsupported values', () => {
  class Customer {
    id = 'x';
  }
  const cases: [string, unknown, RegExp][] = [
    ['class instance', new Customer(), /Customer at tables\.t\[0\]\.v/],
    ['Map', new Map(), /Map/],
    ['bigint', 1n, /bigint/],
    ['function', () => 1, /function/],
    ['symbol', Symbol('s'), /symbol/],
    ['BigInt64Array', new BigInt64Array(1), /BigInt64Array/],
    ['DataView', new DataView(new ArrayBuffer(1)), /DataView/],
  ];
  it.each(cases)('refuses a %s with its path', async (_what, v, re) => {
    const err = await expectBackupError(
      encodeBackup({ createdAt: 0, appVersion: '', tables: { t: [{ v }] } }),
      'unsupportedValue',
    );
    expect(err.message).toMatch(re);
  });

  it('refuses a CryptoKey (the caller strips keys)', async () => {
    const { pidKey } = await createKeyMaterial();
    await expectBackupError(
      encodeBackup({ createdAt: 0, appVersion: '', tables: { keys: [{ pidKey }] } }),
      'unsupportedValue',
    );
  });

  it('refuses cycles but allows shared references', async () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    await expectBackupError(
      encodeBackup({ createdAt: 0, appVersion: '', tables: { t: [a] } }),
      'unsupportedValue',
    );
    const shared = { n: 1 };
    const back = await decodeBackup(
      await encodeBackup({ createdAt: 0, appVersion: '', tables: { t: [shared, shared] } }),
    );
    expect(back.tables.t).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('gives plain errors for the worker bridge', () => {
    const plain = new BackupError('corrupt', 'x').toPlain();
    expect(structuredClone(plain)).toEqual(plain);
    expect(plain.code).toBe('corrupt');
  });
});

describe('backup performance', () => {
  it('encodes and decodes ~25 MB of typed arrays quickly (timings printed)', async () => {
    const tables: Record<string, unknown[]> = { columnChunks: [], customers: [] };
    const rows = 65_536;
    let bytes = 0;
    for (let c = 0; c < 32; c++) {
      const values = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        values[i] = i * 1.25 + c;
      }
      const codes = new Uint32Array(rows).map((_, i) => (i * 7 + c) % 1000);
      tables.columnChunks?.push({ datasetId: 'ds1', column: `c${c}`, chunk: c, values, codes });
      bytes += values.byteLength + codes.byteLength;
    }
    for (let i = 0; i < 20_000; i++) {
      tables.customers?.push({
        pid: `p_${i.toString(36).padStart(22, '0')}`,
        segment: i % 8,
        m: i / 3,
      });
    }
    const payload: BackupPayload = { createdAt: Date.now(), appVersion: '0.1.0', tables };
    const mb = (bytes / 2 ** 20).toFixed(1);

    let t = performance.now();
    const plain = await encodeBackup(payload);
    const encPlain = performance.now() - t;
    t = performance.now();
    const backPlain = await decodeBackup(plain);
    const decPlain = performance.now() - t;
    expect(backPlain.tables.columnChunks?.length).toBe(32);
    // Byte-wise (toEqual over millions of elements would take seconds).
    const same = (a: unknown, b: unknown): boolean =>
      Buffer.from(
        (a as Float64Array).buffer,
        (a as Float64Array).byteOffset,
        (a as Float64Array).byteLength,
      ).equals(
        Buffer.from(
          (b as Float64Array).buffer,
          (b as Float64Array).byteOffset,
          (b as Float64Array).byteLength,
        ),
      );
    (backPlain.tables.columnChunks ?? []).forEach((chunk, c) => {
      const { values, codes, ...rest } = chunk as Record<string, unknown>;
      const {
        values: v0,
        codes: c0,
        ...rest0
      } = payload.tables.columnChunks?.[c] as Record<string, unknown>;
      expect(values).toBeInstanceOf(Float64Array);
      expect(codes).toBeInstanceOf(Uint32Array);
      expect(same(values, v0) && same(codes, c0)).toBe(true);
      expect(rest).toEqual(rest0);
    });
    expect(backPlain.tables.customers).toEqual(payload.tables.customers);

    t = performance.now();
    const sealed = await encodeBackup(payload, { passphrase: PASS, ...FAST });
    const encSealed = performance.now() - t;
    t = performance.now();
    const backSealed = await decodeBackup(sealed, PASS);
    const decSealed = performance.now() - t;
    expect(backSealed.tables.customers?.length).toBe(20_000);
    expect(sealed.length - plain.length).toBeLessThan(400);
    // No base64 bloat: the file is the typed-array bytes plus the small document.
    const recordsJson = JSON.stringify(tables.customers).length;
    expect(plain.length).toBeLessThan(bytes + recordsJson + 64 * 1024);

    console.warn(
      `[backup] ${mb} MiB typed arrays + 20k small records, file ${(plain.length / 2 ** 20).toFixed(1)} MiB: ` +
        `plain encode ${encPlain.toFixed(0)} ms, decode ${decPlain.toFixed(0)} ms; ` +
        `encrypted (1,000 iterations) encode ${encSealed.toFixed(0)} ms, decode ${decSealed.toFixed(0)} ms`,
    );
  }, 60_000);
});
