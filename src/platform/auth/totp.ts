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

/** Accepts the current code and one step either side, for clock drift. */
export function verifyTotp(secret: string, code: string): boolean {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return false;
  return totpFor(secret).validate({ token: clean, window: 1 }) !== null;
}

export const currentTotp = (secret: string): string => totpFor(secret).generate();

/** The otpauth:// URI an authenticator app scans. The label is the role, not the person's name. */
export const totpUri = (secret: string, label: string): string => totpFor(secret, label).toString();
