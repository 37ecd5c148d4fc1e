// Key material of a workspace: the pseudonymization key, plus a way to get its bytes back for
// an encrypted backup without ever making the key itself extractable.
//
// Why two keys. The pid key (the "workspace key" of ./pseudonymize.ts) is a non-extractable
// HMAC-SHA-256 key, so script that reads IndexedDB cannot export it. But an encrypted backup
// must carry its 32 raw bytes, or a restored workspace would give new imports new pids that
// never join the old ones. So at creation the raw bytes are also encrypted (AES-256-GCM) under
// a second key, the wrap key, itself non-extractable and used only for this. The three parts
// (pidKey, wrapKey, wrapped) are stored together in IndexedDB: CryptoKey objects are
// structured-cloned as they are, and non-extractable stays non-extractable.
//
// What this protects against, honestly: someone who copies the IndexedDB files to another
// machine gets CryptoKey records the browser will not export; the wrapped bytes are useless
// without the wrap key's material, which the browser keeps in the same way. Script running in
// the app's origin can still call unwrapKeyBytes() — as it can call sign() — so this guards
// against export and accidental logging, not against code running in the origin.
//
// IMPORTANT: raw key bytes exist only transiently: callers zero them (`bytes.fill(0)`) as soon
// as they are used. They are never logged, posted to the UI thread or stored unencrypted.

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** Bytes of the pid key. */
export const PID_KEY_BYTES = 32;
/** Bytes of an AES-GCM IV (96 bits, the size GCM is defined for). */
const WRAP_IV_BYTES = 12;
/** Additional data bound to every wrap: a wrapped blob cannot be mistaken for anything else. */
const WRAP_LABEL = new TextEncoder().encode('portrait/key-wrap/v1');

const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const;

/** The pid key bytes encrypted under the wrap key (AES-256-GCM, 16-byte tag appended). */
export interface WrappedKeyBytes {
  iv: Uint8Array;
  data: Uint8Array;
}

export interface KeyMaterial {
  /** HMAC-SHA-256, non-extractable, usage ['sign']: the workspace key of ./pseudonymize.ts. */
  pidKey: CryptoKey;
  /** AES-GCM 256, non-extractable, usages ['encrypt', 'decrypt']: wraps the pid key bytes. */
  wrapKey: CryptoKey;
  /** The 32 raw pid key bytes encrypted under wrapKey. */
  wrapped: WrappedKeyBytes;
}

/** New key material: a random pid key, a random wrap key, and the pid key bytes wrapped. */
export async function createKeyMaterial(): Promise<KeyMaterial> {
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(PID_KEY_BYTES));
  try {
    return await keyMaterialFromBytes(raw);
  } finally {
    raw.fill(0);
  }
}

/**
 * Key material for known pid key bytes (restore from an encrypted backup): the bytes are
 * imported as a non-extractable pid key and wrapped under a NEW wrap key. `raw` is not
 * zeroed here; the caller owns it and zeroes it after this resolves.
 */
export async function keyMaterialFromBytes(raw: Uint8Array): Promise<KeyMaterial> {
  if (raw.length !== PID_KEY_BYTES) {
    throw new RangeError(`a pid key has ${PID_KEY_BYTES} bytes, got ${raw.length}`);
  }
  // A private copy, so a Uint8Array over a SharedArrayBuffer or a larger buffer works too,
  // and so the copy handed to WebCrypto can be zeroed here whatever the caller does.
  const bytes = new Uint8Array(raw);
  try {
    const pidKey = await subtle().importKey('raw', bytes, HMAC_SHA256, false, ['sign']);
    const wrapKey = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(WRAP_IV_BYTES));
    const data = new Uint8Array(
      await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: WRAP_LABEL }, wrapKey, bytes),
    );
    return { pidKey, wrapKey, wrapped: { iv, data } };
  } finally {
    bytes.fill(0);
  }
}

/**
 * The raw pid key bytes (32), decrypted from the wrapped copy. IMPORTANT: the caller zeroes
 * the result (`bytes.fill(0)`) as soon as it is used.
 */
export async function unwrapKeyBytes(
  material: Pick<KeyMaterial, 'wrapKey' | 'wrapped'>,
): Promise<Uint8Array> {
  const { wrapKey, wrapped } = material;
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(wrapped.iv), additionalData: WRAP_LABEL },
      wrapKey,
      new Uint8Array(wrapped.data),
    );
  } catch (cause) {
    throw new Error('the wrapped pid key does not decrypt under this wrap key', { cause });
  }
  const bytes = new Uint8Array(plain);
  if (bytes.length !== PID_KEY_BYTES) {
    bytes.fill(0);
    throw new Error(`the wrapped pid key has ${bytes.length} bytes, not ${PID_KEY_BYTES}`);
  }
  return bytes;
}
