// Workspace backup: one binary file holding every table, optionally encrypted with a passphrase.
//
// File layout (format version 1). Framing integers are big-endian (network order, as in PNG);
// typed-array data is little-endian (the byte order of every platform a browser runs on).
//
//   offset  size  content
//   0       10    magic, ASCII "PORTRAITBK"
//   10      2     format version, uint16 (= 1)
//   12      4     header length H, uint32 (1 … 65,536)
//   16      H     header: compact JSON, UTF-8, keys in this order —
//                   { format: "portrait.backup", version: 1, createdAt, appVersion,
//                     encrypted, kdf?, cipher?, checksum: "sha256:<hex>", bodyLength, hasKey }
//                 kdf    = { name: "PBKDF2", hash: "SHA-256", iterations, salt: base64(16 bytes) }
//                 cipher = { name: "AES-GCM", iv: base64(12 bytes) }      (both only if encrypted)
//                 checksum = SHA-256 of the plaintext body; bodyLength = its length in bytes
//   16+H    …     body: the plaintext body (bodyLength bytes), or, when encrypted, its AES-256-GCM
//                 ciphertext followed by the 16-byte tag (bodyLength + 16 bytes). The GCM
//                 additional data is bytes [0, 16+H): magic, version, length and header, so
//                 changing any of them makes decryption fail. The file ends there; trailing
//                 bytes are refused.
//
// Plaintext body:
//   0       4     JSON length J, uint32
//   4       J     the document, compact JSON, UTF-8:
//                   { createdAt, appVersion, tables: { <name>: [records…] }, pidKey? }
//   4+J     …     zero padding to a multiple of 8 — the start B of the binary section
//   B       …     binary section: the bytes of every typed array, each starting at a multiple
//                 of 8 from B (zero padding between), referenced from the document.
//
// Values the JSON document cannot hold are written as tagged objects, so that typed arrays are
// not inflated by base64 or number lists (they can be tens of MB):
//   { "$ta": "Float64Array", "off": N, "len": M }   typed array (M elements) at B + N;
//                                                    "ArrayBuffer" too (M bytes)
//   { "$num": "NaN" | "Infinity" | "-Infinity" | "-0" }
//   { "$undef": 1 }                                  undefined (also an array hole)
//   { "$date": ms | null }                           Date (null: an invalid date)
//   { "$obj": { … } }                                a plain object with a key starting with "$";
//                                                    its keys are taken literally
// Any other object with a key starting with "$" is refused as corrupt.
//
// Checks on restore, in order, each refusing the whole file (nothing is returned until all
// pass): magic (foreignFile) · version (unsupportedVersion) · header JSON, schema, canonical
// form and total length (corrupt) · passphrase given when encrypted (needsPassphrase) · GCM
// authentication (wrongPassphraseOrCorrupt) · SHA-256 of the plaintext body (corrupt) · body
// structure, every typed-array reference in bounds, header/body agreement (corrupt).
// For an unencrypted file the header is not covered by the checksum; instead it must be the
// exact canonical serialization of a valid header and agree with the body, so flipping any
// bit of it is still detected.
//
// The pseudonymization key (the 32 pid key bytes, see ./key-material.ts) is written only into
// an encrypted body, as document field `pidKey`. Encoding it without a passphrase throws.
//
// A note on the clear checksum of an encrypted file: it lets someone who already guesses the
// entire plaintext confirm the guess, nothing more; a body that carries the key holds 256 random
// bits, so it cannot be guessed at all.

import type { PortraitError } from '../types';

export const BACKUP_MAGIC = 'PORTRAITBK';
export const BACKUP_FORMAT = 'portrait.backup';
export const BACKUP_VERSION = 1;
/** PBKDF2-SHA-256 iterations of a new encrypted backup (OWASP 2023 advice for SHA-256). */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** Refused above this on read: a forged header must not make restore hang for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** Suggested file name suffix. */
export const BACKUP_FILE_EXTENSION = '.portrait-backup';

const PREFIX_BYTES = 16;
const MAX_HEADER_BYTES = 65_536;
const MAX_APP_VERSION_LENGTH = 200;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface BackupPayload {
  createdAt: number;
  appVersion: string;
  /** Plain records per table: no class instances, no CryptoKey (see the layout above). */
  tables: Record<string, unknown[]>;
  /** The raw pid key (32 bytes): only in an encrypted backup. The caller zeroes it after use. */
  pidKeyBytes?: Uint8Array;
}

export interface BackupKdf {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** base64 of 16 random bytes */
  salt: string;
}

export interface BackupCipher {
  name: 'AES-GCM';
  /** base64 of 12 random bytes */
  iv: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: number;
  appVersion: string;
  encrypted: boolean;
  kdf?: BackupKdf;
  cipher?: BackupCipher;
  /** 'sha256:' + 64 lowercase hex digits of the plaintext body */
  checksum: string;
  bodyLength: number;
  hasKey: boolean;
}

export interface EncodeBackupOptions {
  /** Encrypt with this passphrase (NFC-normalized, then UTF-8). Absent: not encrypted. */
  passphrase?: string;
  /** PBKDF2 iterations; default and minimum {@link DEFAULT_PBKDF2_ITERATIONS}. */
  iterations?: number;
  /** Tests only: any iteration count ≥ 1, bypassing the minimum. Never set it in the app. */
  unsafeTestIterations?: number;
}

export type BackupErrorCode =
  | 'foreignFile'
  | 'unsupportedVersion'
  | 'corrupt'
  | 'needsPassphrase'
  /** GCM cannot tell a wrong passphrase from a damaged ciphertext or header: both fail alike. */
  | 'wrongPassphraseOrCorrupt'
  | 'keyNeedsPassphrase'
  | 'emptyPassphrase'
  | 'unsupportedValue';

const MESSAGES: Record<BackupErrorCode, (detail: string) => { en: string; zh: string }> = {
  foreignFile: () => ({
    en: 'This file is not a Portrait workspace backup.',
    zh: '此文件不是 Portrait 工作区备份。',
  }),
  unsupportedVersion: (v) => ({
    en: `This backup uses format version ${v}, which this version of Portrait cannot read. If it was made by a newer Portrait, update the app and try again.`,
    zh: `此备份的格式版本为 ${v}，当前版本的 Portrait 无法读取。如果它由较新版本的 Portrait 创建，请更新应用后重试。`,
  }),
  corrupt: (d) => ({
    en: `The backup file is damaged or incomplete${d ? ` (${d})` : ''}. Nothing was changed.`,
    zh: '备份文件已损坏或不完整，未做任何更改。',
  }),
  needsPassphrase: () => ({
    en: 'This backup is encrypted. Enter its passphrase to restore it.',
    zh: '此备份已加密，请输入密码后再恢复。',
  }),
  wrongPassphraseOrCorrupt: () => ({
    en: 'The passphrase is wrong, or the encrypted backup has been damaged (encryption cannot tell the two apart). Nothing was changed.',
    zh: '密码错误，或加密备份已损坏（加密校验无法区分这两种情况）。未做任何更改。',
  }),
  keyNeedsPassphrase: () => ({
    en: 'The pseudonymization key can only be saved in an encrypted backup. Choose a passphrase, or back up without the key.',
    zh: '化名密钥只能保存在加密备份中。请设置密码，或在不含密钥的情况下备份。',
  }),
  emptyPassphrase: () => ({
    en: 'The passphrase must not be empty.',
    zh: '密码不能为空。',
  }),
  unsupportedValue: (d) => ({
    en: `A record holds a value that cannot be backed up: ${d}.`,
    zh: `某条记录包含无法备份的值：${d}。`,
  }),
};

/** Shown before restoring a backup without the key (hasKey false). */
export const NO_KEY_RESTORE_WARNING = {
  en: 'This backup does not contain the pseudonymization key. After restoring it, customers in new imports will get new pseudonymous ids that do not join the restored data.',
  zh: '此备份不包含化名密钥。恢复后，新导入数据中的客户将获得新的化名 ID，无法与已恢复的数据关联。',
} as const;

export class BackupError extends Error {
  readonly code: BackupErrorCode;
  /** The same message in Chinese. */
  readonly messageZh: string;
  /** Technical detail (English), for logs and tests. */
  readonly detail: string;

  constructor(code: BackupErrorCode, detail = '', options?: ErrorOptions) {
    const m = MESSAGES[code](detail);
    super(m.en, options);
    this.name = 'BackupError';
    this.code = code;
    this.messageZh = m.zh;
    this.detail = detail;
  }

  /** Plain data to cross a worker boundary (Comlink keeps only name/message of an Error). */
  toPlain(): PortraitError & { messageZh: string } {
    return { code: this.code, message: this.message, messageZh: this.messageZh };
  }
}

const corrupt = (detail: string, cause?: unknown): BackupError =>
  new BackupError('corrupt', detail, cause === undefined ? undefined : { cause });

// --- small helpers -------------------------------------------------------------------------

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const encoder = new TextEncoder();
const MAGIC_BYTES = encoder.encode(BACKUP_MAGIC);
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndian(): void {
  if (!IS_LITTLE_ENDIAN) {
    throw new Error('Portrait backups are not supported on big-endian platforms');
  }
}

const align8 = (n: number): number => (n + 7) & ~7;

/** A view WebCrypto accepts (backed by an ArrayBuffer, not a SharedArrayBuffer); copies if not. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', own(bytes)));
  let s = '';
  for (const b of digest) {
    s += b.toString(16).padStart(2, '0');
  }
  return s;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** Strict: only the canonical base64 of exactly `length` bytes is accepted. */
function fromBase64(s: string, length: number, what: string): Uint8Array<ArrayBuffer> {
  let bin: string;
  try {
    bin = atob(s);
  } catch (cause) {
    throw corrupt(`${what} is not base64`, cause);
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (bytes.length !== length || toBase64(bytes) !== s) {
    throw corrupt(`${what} is not the base64 of ${length} bytes`);
  }
  return bytes;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  if (Object.prototype.toString.call(v) !== '[object Object]') {
    return false;
  }
  // Object.prototype of any realm, or none: not a class instance.
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** obj[key] = value, also for the key "__proto__" (which would otherwise set the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// --- body: document + binary section -------------------------------------------------------

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type BinaryName = TypedArrayName | 'ArrayBuffer';

function isTypedArrayName(s: unknown): s is TypedArrayName {
  return typeof s === 'string' && Object.hasOwn(TYPED_ARRAYS, s);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function encodeNumber(n: number): Json {
  if (Number.isFinite(n)) {
    return Object.is(n, -0) ? { $num: '-0' } : n;
  }
  return { $num: Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity' };
}

const NUMBER_TAGS: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

/** Walks the records into a JSON-able copy, collecting typed arrays into the binary section. */
class BodyWriter {
  readonly views: { off: number; bytes: Uint8Array }[] = [];
  binaryLength = 0;
  private readonly path: (string | number)[] = [];
  private readonly ancestors = new Set<object>();

  private unsupported(what: string): BackupError {
    let p = '';
    for (const k of this.path) {
      p +=
        typeof k === 'number'
          ? `[${k}]`
          : /^[A-Za-z_$][\w$]*$/.test(k)
            ? `.${k}`
            : `[${JSON.stringify(k)}]`;
    }
    return new BackupError('unsupportedValue', `${what} at ${p.replace(/^\./, '') || '(root)'}`);
  }

  private binary(name: BinaryName, bytes: Uint8Array, len: number): Json {
    const off = this.binaryLength;
    this.views.push({ off, bytes });
    this.binaryLength = align8(off + bytes.byteLength);
    return { $ta: name, off, len };
  }

  value(v: unknown): Json {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return encodeNumber(v);
      case 'undefined':
        return { $undef: 1 };
      case 'object':
        break;
      default:
        throw this.unsupported(`a ${typeof v}`);
    }
    if (v === null) {
      return null;
    }
    const tag = Object.prototype.toString.call(v).slice(8, -1);
    if (ArrayBuffer.isView(v)) {
      if (!isTypedArrayName(tag)) {
        throw this.unsupported(`a ${tag}`);
      }
      const ta = v as InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;
      return this.binary(tag, new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength), ta.length);
    }
    if (tag === 'ArrayBuffer') {
      const ab = v as ArrayBuffer;
      return this.binary('ArrayBuffer', new Uint8Array(ab), ab.byteLength);
    }
    if (tag === 'Date') {
      const t = (v as Date).getTime();
      return { $date: Number.isNaN(t) ? null : t };
    }
    if (this.ancestors.has(v)) {
      throw this.unsupported('a cycle');
    }
    if (Array.isArray(v)) {
      this.ancestors.add(v);
      const out: Json[] = new Array<Json>(v.length);
      for (let i = 0; i < v.length; i++) {
        this.path.push(i);
        out[i] = this.value(v[i]);
        this.path.pop();
      }
      this.ancestors.delete(v);
      return out;
    }
    if (!isPlainObject(v)) {
      const ctor: unknown = (Object.getPrototypeOf(v) as { constructor?: unknown } | null)
        ?.constructor;
      const name = typeof ctor === 'function' && ctor.name ? ctor.name : tag;
      throw this.unsupported(`an instance of ${name}`);
    }
    this.ancestors.add(v);
    const out: Record<string, Json> = {};
    let hasDollarKey = false;
    for (const key of Object.keys(v)) {
      hasDollarKey ||= key.startsWith('$');
      this.path.push(key);
      setOwn(out, key, this.value(v[key]));
      this.path.pop();
    }
    this.ancestors.delete(v);
    return hasDollarKey ? { $obj: out } : out;
  }

  tables(tables: Record<string, unknown[]>): Json {
    const out: Record<string, Json> = {};
    for (const name of Object.keys(tables)) {
      this.path.push('tables', name);
      const records = tables[name];
      if (!Array.isArray(records)) {
        throw this.unsupported('a table that is not an array');
      }
      setOwn(out, name, this.value(records));
      this.path.length = 0;
    }
    return out;
  }
}

function serializeBody(payload: BackupPayload): Uint8Array<ArrayBuffer> {
  const writer = new BodyWriter();
  const doc: Record<string, Json> = {
    createdAt: payload.createdAt,
    appVersion: payload.appVersion,
    tables: writer.tables(payload.tables),
  };
  if (payload.pidKeyBytes) {
    doc.pidKey = writer.value(payload.pidKeyBytes);
  }
  const json = encoder.encode(JSON.stringify(doc));
  const binaryStart = align8(4 + json.length);
  const body = new Uint8Array(binaryStart + writer.binaryLength);
  new DataView(body.buffer).setUint32(0, json.length);
  body.set(json, 4);
  for (const { off, bytes } of writer.views) {
    body.set(bytes, binaryStart + off);
  }
  return body;
}

/** Rebuilds records from the document, copying typed arrays out of the binary section. */
class BodyReader {
  constructor(private readonly binary: Uint8Array) {}

  value(j: unknown): unknown {
    if (j === null || typeof j !== 'object') {
      return j; // string, number or boolean: all JSON.parse yields besides objects and arrays
    }
    if (Array.isArray(j)) {
      const out = new Array<unknown>(j.length);
      for (let i = 0; i < j.length; i++) {
        out[i] = this.value(j[i]);
      }
      return out;
    }
    const o = j as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.some((k) => k.startsWith('$'))) {
      return this.tagged(o, keys);
    }
    return this.entries(o, keys);
  }

  private entries(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      setOwn(out, key, this.value(o[key]));
    }
    return out;
  }

  private tagged(o: Record<string, unknown>, keys: string[]): unknown {
    const only = keys.length === 1 ? keys[0] : undefined;
    if (only === '$num' && typeof o.$num === 'string' && Object.hasOwn(NUMBER_TAGS, o.$num)) {
      return NUMBER_TAGS[o.$num];
    }
    if (only === '$undef' && o.$undef === 1) {
      return undefined;
    }
    if (only === '$date' && (o.$date === null || Number.isFinite(o.$date))) {
      return new Date(o.$date === null ? NaN : (o.$date as number));
    }
    if (only === '$obj') {
      const inner = o.$obj;
      if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
        throw corrupt('bad object tag');
      }
      return this.entries(inner as Record<string, unknown>, Object.keys(inner));
    }
    if (keys.length === 3 && '$ta' in o && 'off' in o && 'len' in o) {
      return this.binaryRef(o.$ta, o.off, o.len);
    }
    throw corrupt(`unknown tag ${JSON.stringify(keys)}`);
  }

  private binaryRef(name: unknown, off: unknown, len: unknown): unknown {
    if (name !== 'ArrayBuffer' && !isTypedArrayName(name)) {
      throw corrupt(`unknown binary type ${JSON.stringify(name)}`);
    }
    if (!Number.isSafeInteger(off) || !Number.isSafeInteger(len)) {
      throw corrupt('binary reference without integer offset and length');
    }
    const start = off as number;
    const count = len as number;
    const width = name === 'ArrayBuffer' ? 1 : TYPED_ARRAYS[name].BYTES_PER_ELEMENT;
    const byteLength = count * width;
    if (start < 0 || count < 0 || start % 8 !== 0 || start + byteLength > this.binary.length) {
      throw corrupt(`binary reference out of bounds (${name} at ${start}, ${count} elements)`);
    }
    // A copy into its own buffer: aligned, independent of the file, and the file's plaintext
    // can be zeroed afterwards.
    const copy = new Uint8Array(byteLength);
    copy.set(this.binary.subarray(start, start + byteLength));
    return name === 'ArrayBuffer' ? copy.buffer : new TYPED_ARRAYS[name](copy.buffer);
  }
}

function deserializeBody(body: Uint8Array, header: BackupHeader): BackupPayload {
  if (body.length < 4) {
    throw corrupt('body too short');
  }
  const jsonLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
  const binaryStart = align8(4 + jsonLength);
  if (binaryStart > body.length) {
    throw corrupt('body document overruns the body');
  }
  let doc: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      body.subarray(4, 4 + jsonLength),
    );
    doc = JSON.parse(text);
  } catch (cause) {
    throw corrupt('body document is not UTF-8 JSON', cause);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw corrupt('body document is not an object');
  }
  const d = doc as Record<string, unknown>;
  const expected = header.hasKey
    ? ['createdAt', 'appVersion', 'tables', 'pidKey']
    : ['createdAt', 'appVersion', 'tables'];
  const keys = Object.keys(d);
  if (keys.length !== expected.length || !expected.every((k) => Object.hasOwn(d, k))) {
    throw corrupt('body document has unexpected fields');
  }
  if (d.createdAt !== header.createdAt || d.appVersion !== header.appVersion) {
    throw corrupt('header and body disagree');
  }
  const tables = d.tables;
  if (tables === null || typeof tables !== 'object' || Array.isArray(tables)) {
    throw corrupt('tables is not an object');
  }
  const reader = new BodyReader(body.subarray(binaryStart));
  const outTables: Record<string, unknown[]> = {};
  try {
    for (const [name, records] of Object.entries(tables as Record<string, unknown>)) {
      if (!Array.isArray(records)) {
        throw corrupt(`table ${JSON.stringify(name)} is not an array`);
      }
      setOwn(outTables, name, reader.value(records));
    }
  } catch (e) {
    // e.g. a RangeError from absurd nesting
    throw e instanceof BackupError ? e : corrupt('body structure', e);
  }
  const payload: BackupPayload = {
    createdAt: header.createdAt,
    appVersion: header.appVersion,
    tables: outTables,
  };
  if (header.hasKey) {
    const key = reader.value(d.pidKey);
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw corrupt('pidKey is not 32 bytes');
    }
    payload.pidKeyBytes = key;
  }
  return payload;
}

// --- header --------------------------------------------------------------------------------

/** The header JSON, keys in the fixed order of the layout. */
function serializeHeader(h: BackupHeader): string {
  const o: Record<string, unknown> = {
    format: h.format,
    version: h.version,
    createdAt: h.createdAt,
    appVersion: h.appVersion,
    encrypted: h.encrypted,
  };
  if (h.kdf) {
    const { name, hash, iterations, salt } = h.kdf;
    o.kdf = { name, hash, iterations, salt };
  }
  if (h.cipher) {
    const { name, iv } = h.cipher;
    o.cipher = { name, iv };
  }
  o.checksum = h.checksum;
  o.bodyLength = h.bodyLength;
  o.hasKey = h.hasKey;
  return JSON.stringify(o);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function hasExactKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
}

function validIterations(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= MAX_PBKDF2_ITERATIONS;
}

function validateHeader(v: unknown): BackupHeader {
  if (!isRecord(v)) {
    throw corrupt('header is not an object');
  }
  const base = [
    'format',
    'version',
    'createdAt',
    'appVersion',
    'encrypted',
    'checksum',
    'bodyLength',
    'hasKey',
  ];
  const keys = v.encrypted === true ? [...base, 'kdf', 'cipher'] : base;
  if (!hasExactKeys(v, keys)) {
    throw corrupt('header has unexpected fields');
  }
  if (v.format !== BACKUP_FORMAT || v.version !== BACKUP_VERSION) {
    throw corrupt('header format or version');
  }
  if (
    typeof v.createdAt !== 'number' ||
    !Number.isFinite(v.createdAt) ||
    typeof v.appVersion !== 'string' ||
    v.appVersion.length > MAX_APP_VERSION_LENGTH ||
    typeof v.encrypted !== 'boolean' ||
    typeof v.hasKey !== 'boolean' ||
    typeof v.checksum !== 'string' ||
    !/^sha256:[0-9a-f]{64}$/.test(v.checksum) ||
    !Number.isSafeInteger(v.bodyLength) ||
    (v.bodyLength as number) < 4
  ) {
    throw corrupt('header field of the wrong type');
  }
  if (v.hasKey && !v.encrypted) {
    throw corrupt('an unencrypted backup cannot hold the key');
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: v.createdAt,
    appVersion: v.appVersion,
    encrypted: v.encrypted,
    checksum: v.checksum,
    bodyLength: v.bodyLength as number,
    hasKey: v.hasKey,
  };
  if (v.encrypted) {
    const { kdf, cipher } = v;
    if (
      !isRecord(kdf) ||
      !hasExactKeys(kdf, ['name', 'hash', 'iterations', 'salt']) ||
      kdf.name !== 'PBKDF2' ||
      kdf.hash !== 'SHA-256' ||
      !validIterations(kdf.iterations) ||
      typeof kdf.salt !== 'string'
    ) {
      throw corrupt('header kdf');
    }
    if (
      !isRecord(cipher) ||
      !hasExactKeys(cipher, ['name', 'iv']) ||
      cipher.name !== 'AES-GCM' ||
      typeof cipher.iv !== 'string'
    ) {
      throw corrupt('header cipher');
    }
    fromBase64(kdf.salt, SALT_BYTES, 'salt');
    fromBase64(cipher.iv, IV_BYTES, 'iv');
    header.kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations, salt: kdf.salt };
    header.cipher = { name: 'AES-GCM', iv: cipher.iv };
  }
  return header;
}

function writePrefix(headerJson: string): Uint8Array<ArrayBuffer> {
  const json = encoder.encode(headerJson);
  const prefix = new Uint8Array(PREFIX_BYTES + json.length);
  const view = new DataView(prefix.buffer);
  prefix.set(MAGIC_BYTES, 0);
  view.setUint16(10, BACKUP_VERSION);
  view.setUint32(12, json.length);
  prefix.set(json, PREFIX_BYTES);
  return prefix;
}

interface ParsedFile {
  header: BackupHeader;
  /** Bytes [0, 16 + H): the GCM additional data. */
  prefix: Uint8Array;
  /** The plaintext body, or ciphertext + tag. */
  body: Uint8Array;
}

function parseFile(bytes: Uint8Array): ParsedFile {
  if (bytes.length < MAGIC_BYTES.length || MAGIC_BYTES.some((b, i) => bytes[i] !== b)) {
    throw new BackupError('foreignFile');
  }
  if (bytes.length < PREFIX_BYTES) {
    throw corrupt('file too short');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(10);
  if (version !== BACKUP_VERSION) {
    throw new BackupError('unsupportedVersion', String(version));
  }
  const headerLength = view.getUint32(12);
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) {
    throw corrupt('header length');
  }
  if (PREFIX_BYTES + headerLength > bytes.length) {
    throw corrupt('file too short for its header');
  }
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
    );
    parsed = JSON.parse(text);
  } catch (cause) {
    throw corrupt('header is not UTF-8 JSON', cause);
  }
  const header = validateHeader(parsed);
  // Canonical form: with the fields checked above, this leaves no bit of the header free.
  if (serializeHeader(header) !== text) {
    throw corrupt('header is not in canonical form');
  }
  const prefixLength = PREFIX_BYTES + headerLength;
  const expectedLength = prefixLength + header.bodyLength + (header.encrypted ? TAG_BYTES : 0);
  if (bytes.length !== expectedLength) {
    throw corrupt(bytes.length < expectedLength ? 'file is truncated' : 'file has trailing bytes');
  }
  return {
    header,
    prefix: bytes.subarray(0, prefixLength),
    body: bytes.subarray(prefixLength),
  };
}

// --- crypto --------------------------------------------------------------------------------

async function deriveBackupKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  // NFC: the same passphrase typed on another system (or IME) may arrive decomposed.
  const secret = encoder.encode(passphrase.normalize('NFC'));
  try {
    const base = await subtle().importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
    return await subtle().deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  } finally {
    secret.fill(0);
  }
}

// --- API -----------------------------------------------------------------------------------

/**
 * Encodes a workspace as one backup file. With `passphrase`, the body is encrypted
 * (PBKDF2-SHA-256 → AES-256-GCM, random salt and IV); `payload.pidKeyBytes` is allowed only then.
 * Throws {@link BackupError} ('keyNeedsPassphrase', 'emptyPassphrase', 'unsupportedValue') or
 * RangeError (iterations, payload fields).
 */
export async function encodeBackup(
  payload: BackupPayload,
  options: EncodeBackupOptions = {},
): Promise<Uint8Array> {
  assertLittleEndian();
  const { passphrase } = options;
  if (passphrase === '') {
    throw new BackupError('emptyPassphrase');
  }
  if (payload.pidKeyBytes !== undefined && passphrase === undefined) {
    throw new BackupError('keyNeedsPassphrase');
  }
  if (payload.pidKeyBytes !== undefined && payload.pidKeyBytes.length !== KEY_BYTES) {
    throw new RangeError(`the pid key has ${KEY_BYTES} bytes, got ${payload.pidKeyBytes.length}`);
  }
  if (!Number.isFinite(payload.createdAt)) {
    throw new RangeError('createdAt must be a finite number (ms since the epoch)');
  }
  if (
    typeof payload.appVersion !== 'string' ||
    payload.appVersion.length > MAX_APP_VERSION_LENGTH
  ) {
    throw new RangeError(`appVersion must be a string of at most ${MAX_APP_VERSION_LENGTH}`);
  }
  let iterations = DEFAULT_PBKDF2_ITERATIONS;
  if (options.unsafeTestIterations !== undefined) {
    iterations = options.unsafeTestIterations;
  } else if (options.iterations !== undefined) {
    if (options.iterations < DEFAULT_PBKDF2_ITERATIONS) {
      throw new RangeError(`at least ${DEFAULT_PBKDF2_ITERATIONS} PBKDF2 iterations are required`);
    }
    iterations = options.iterations;
  }
  if (!validIterations(iterations)) {
    throw new RangeError(`PBKDF2 iterations must be an integer in 1…${MAX_PBKDF2_ITERATIONS}`);
  }

  const body = serializeBody(payload);
  try {
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: payload.createdAt,
      appVersion: payload.appVersion,
      encrypted: passphrase !== undefined,
      checksum: `sha256:${await sha256Hex(body)}`,
      bodyLength: body.length,
      hasKey: payload.pidKeyBytes !== undefined,
    };
    if (passphrase === undefined) {
      return concat(writePrefix(serializeHeader(header)), body);
    }
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    header.kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) };
    header.cipher = { name: 'AES-GCM', iv: toBase64(iv) };
    const prefix = writePrefix(serializeHeader(header));
    const key = await deriveBackupKey(passphrase, salt, iterations);
    const sealed = await subtle().encrypt(
      { name: 'AES-GCM', iv, additionalData: prefix },
      key,
      body,
    );
    return concat(prefix, new Uint8Array(sealed));
  } finally {
    // The plaintext may hold the pid key; the returned file holds a copy of what it needs.
    if (passphrase !== undefined) {
      body.fill(0);
    }
  }
}

/**
 * Reads and validates the header only (magic, version, header JSON, total length), so the UI
 * can ask for a passphrase only when `encrypted`. Throws {@link BackupError}.
 */
export function readBackupHeader(bytes: Uint8Array): BackupHeader {
  return parseFile(bytes).header;
}

/**
 * Decodes and fully verifies a backup file; returns nothing unless every check passes (see
 * the layout comment for the order). Throws {@link BackupError}. The caller zeroes
 * `pidKeyBytes` once it has made key material from it.
 */
export async function decodeBackup(bytes: Uint8Array, passphrase?: string): Promise<BackupPayload> {
  assertLittleEndian();
  const { header, prefix, body } = parseFile(bytes);
  let plain: Uint8Array;
  if (header.encrypted) {
    const { kdf, cipher } = header;
    if (!kdf || !cipher) {
      throw corrupt('header kdf or cipher missing');
    }
    if (passphrase === undefined || passphrase === '') {
      throw new BackupError('needsPassphrase');
    }
    const key = await deriveBackupKey(
      passphrase,
      fromBase64(kdf.salt, SALT_BYTES, 'salt'),
      kdf.iterations,
    );
    try {
      plain = new Uint8Array(
        await subtle().decrypt(
          {
            name: 'AES-GCM',
            iv: fromBase64(cipher.iv, IV_BYTES, 'iv'),
            additionalData: own(prefix),
          },
          key,
          own(body),
        ),
      );
    } catch (cause) {
      throw new BackupError('wrongPassphraseOrCorrupt', '', { cause });
    }
  } else {
    plain = body;
  }
  try {
    if (plain.length !== header.bodyLength) {
      throw corrupt('body length');
    }
    if (`sha256:${await sha256Hex(plain)}` !== header.checksum) {
      throw corrupt('checksum mismatch');
    }
    return deserializeBody(plain, header);
  } finally {
    // Decrypted plaintext may hold the pid key; everything returned is a copy.
    if (header.encrypted) {
      plain.fill(0);
    }
  }
}
