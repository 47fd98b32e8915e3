import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): slow for an attacker, quick enough for a sign-in.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, options);

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Spend the same time as a real check so timing does not reveal which accounts exist.
    await argon2.hash(password, options);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Our password rule: long beats complex (NCSC guidance). */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'Password must be 12 characters or more';
  if (password.length > 256) return 'Password must be 256 characters or fewer';
  return null;
}
