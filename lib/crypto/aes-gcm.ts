// AES-256-GCM with a random 12-byte nonce, the one cipher of the vault. Output layout:
// nonce (12) | ciphertext | tag (16). The associated data binds a blob to where it belongs, so a blob
// copied to another workspace or connection fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultError";
  }
}

export function encryptAesGcm(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  if (key.length !== KEY_BYTES) throw new VaultError("The key must be 32 bytes");
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]);
}

export function decryptAesGcm(key: Buffer, blob: Buffer, associatedData: string): Buffer {
  if (key.length !== KEY_BYTES) throw new VaultError("The key must be 32 bytes");
  if (blob.length < NONCE_BYTES + TAG_BYTES) throw new VaultError("The sealed value is truncated");
  const nonce = blob.subarray(0, NONCE_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const ciphertext = blob.subarray(NONCE_BYTES, blob.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // Never say more: a wrong key, wrong associated data and tampering look the same on purpose.
    throw new VaultError("The sealed value cannot be opened (wrong key, wrong owner, or tampered)");
  }
}
