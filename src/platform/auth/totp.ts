import { Secret, TOTP } from 'otpauth';

const totpFor = (secret: string, label = 'account') =>
  new TOTP({
    issuer: 'Whole Picture',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const PERIOD_MS = 30_000;

/**
 * The time-step a code belongs to (the current one or one either side, for
 * clock drift), or null when it matches none. The caller refuses a step
 * already used, so a code works once.
 */
export function matchTotpStep(secret: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totpFor(secret).validate({ token: clean, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / PERIOD_MS) + delta;
}

/** The code of the current step, or of a step `offset` steps away. */
export const currentTotp = (secret: string, offset = 0): string =>
  totpFor(secret).generate({ timestamp: Date.now() + offset * PERIOD_MS });

/** The otpauth:// URI an authenticator app scans. The label is the role, not the person's name. */
export const totpUri = (secret: string, label: string): string => totpFor(secret, label).toString();
