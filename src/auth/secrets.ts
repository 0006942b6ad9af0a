/**
 * Password hashing (scrypt from node:crypto) and bearer secrets. Only hashes are stored: a password
 * as `scrypt$N$r$p$salt$hash`, a token as its SHA-256.
 */
import {
  createHash,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

/** scrypt, allowed the memory its parameters need (node's default cap is exactly 32 MiB). */
const scrypt = (
  pw: string,
  salt: Buffer,
  len: number,
  opts: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>>,
) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(
      pw,
      salt,
      len,
      { ...opts, maxmem: 128 * opts.N * opts.r * (opts.p + 1) + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );

// 32 MiB of memory per hash (128·N·r bytes), 2^15 rounds. Also the smallest cost whose buffer is
// always given back to the system: glibc keeps freed blocks under 32 MiB in the hashing thread's
// arena, so 2^14 (16 MiB) left up to 16 MiB resident per thread-pool thread after a sign-in.
const PARAMS = { N: 32768, r: 8, p: 1 };
const KEYLEN = 32;

/** Hashes a password with a fresh salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, salt, hash] = stored.split('$');
  if (algo !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}

/** A new random bearer secret with a readable prefix (`exp_` API tokens, `exs_` sessions, `exi_` integration keys). */
export function newSecret(prefix: 'exp' | 'exs' | 'exu' | 'exi'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a bearer secret. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
