/**
 * A {@link SecretBox} over AES-256-GCM from node:crypto with a key the caller holds. The shell
 * uses Electron's safeStorage instead (the OS key store); this box serves tests and tools, and
 * documents the contract: `decrypt(encrypt(t)) === t`, and tampered data throws.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from './config-store.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An AES-256-GCM box; `key` must be 32 bytes. Output: iv (12) ‖ tag (16) ‖ ciphertext. */
export function aesGcmBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('aesGcmBox: the key must be 32 bytes');
  return {
    available: true,
    encrypt(text) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('the sealed data is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = data.subarray(IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}

/** A box for machines without a key store: `available` is false, so tokens are kept in clear. */
export const NO_SECRET_BOX: SecretBox = {
  available: false,
  encrypt() {
    throw new Error('no key store is available on this machine');
  },
  decrypt() {
    throw new Error('no key store is available on this machine');
  },
};
