/** The part of `http_ece` (the encrypted content-encoding library `web-push` uses) the push tests decrypt with. */
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  export function decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer | string }): Buffer;
  const ece: { decrypt: typeof decrypt };
  export default ece;
}
