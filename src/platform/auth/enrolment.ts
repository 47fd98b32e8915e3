import QRCode from 'qrcode';
import { newTotpSecret, totpUri } from './totp.ts';
import { openSecret, sealSecret } from './authenticator-secrets.ts';

/**
 * A new authenticator secret: shown to the user as a QR code and key, and carried sealed in the
 * form (`sealed`, when the form comes back with a problem, keeps the one already shown).
 */
export async function enrol(key: string, label: string, sealed?: unknown) {
  const kept = typeof sealed === 'string' ? openSecret(key, sealed) : null;
  const secret = kept || newTotpSecret();
  const uri = totpUri(secret, label);
  return {
    enrolment: kept ? (sealed as string) : sealSecret(key, secret),
    totpSecret: secret,
    qrCode: await QRCode.toString(uri, { type: 'svg', margin: 1, width: 180 }),
  };
}
