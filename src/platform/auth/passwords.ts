import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): slow for an attacker, quick enough for a sign-in.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, options);

const TYPES = { argon2d: argon2.argon2d, argon2i: argon2.argon2i, argon2id: argon2.argon2id } as const;

/**
 * The database keeps the hash and hands out only its settings
 * ("$argon2id$v=19$m=…,t=…,p=…$<salt>"); this computes the hash of what was
 * typed with those settings, for the database to compare. Without settings
 * (no such account) it spends the same time, so timing reveals nothing.
 */
export async function passwordProof(settings: string | null, password: string): Promise<string> {
  const match = /^\$(argon2(?:id|i|d))\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)$/.exec(settings ?? '');
  if (!match) {
    await argon2.hash(password, options);
    return '';
  }
  const [, type, m, t, p, salt] = match as unknown as [string, keyof typeof TYPES, string, string, string, string];
  return argon2.hash(password, {
    type: TYPES[type],
    memoryCost: Number(m),
    timeCost: Number(t),
    parallelism: Number(p),
    salt: Buffer.from(salt, 'base64'),
  });
}

/** Our password rule: long beats complex (NCSC guidance). The problem is a catalogue key. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'auth.password.too-short';
  if (password.length > 256) return 'auth.password.too-long';
  return null;
}
