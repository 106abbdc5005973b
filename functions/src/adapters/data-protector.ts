import crypto from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM for values that must be read back, HMAC-SHA256 for matching without
 * reading (the same ID number always gives the same hash under one key). Sub-keys are derived per purpose.
 */
export class DataProtector {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    this.encKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'encrypt', 32));
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'lookup-hash', 32));
  }

  /** base64(iv ‖ tag ‖ ciphertext) */
  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  lookupHash(value: string): string {
    return lookupHashWith(this.macKey, value);
  }

  /** The lookup hash's key, for a worker thread of this process that hashes for it (lookupHashWith). */
  get lookupKey(): Buffer {
    return this.macKey;
  }
}

/** DataProtector.lookupHash under a key it gave (lookupKey). */
export function lookupHashWith(key: Buffer, value: string): string {
  return crypto.createHmac('sha256', key).update(value).digest('base64url');
}
