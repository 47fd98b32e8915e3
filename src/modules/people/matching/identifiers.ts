/**
 * Identifier validators with check digits, usable on their own (form validation,
 * import checks) as well as by the matcher. An identifier that fails its check is
 * treated as absent by the matcher: a mistyped number must not be evidence.
 */

/** Digits of an NHS number with spaces and dashes removed, or null if not 10 digits. */
export function normaliseNhsNumber(value: string | null | undefined): string | null {
  if (value == null) return null;
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/**
 * The modulus 11 check digit for the first nine digits of an NHS number, or null
 * when no valid check digit exists (remainder 1 gives 10, which is never issued).
 */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('nhsCheckDigit needs exactly nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** True when `value` is a ten-digit NHS number whose last digit is its mod 11 check digit. */
export function isValidNhsNumber(value: string | null | undefined): boolean {
  const digits = normaliseNhsNumber(value);
  if (digits === null) return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === Number(digits[9]);
}

const PNC_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';
const PNC_PATTERN = /^(\d{2}|\d{4})\/?(\d{1,7})([A-Z])$/;

/** Check letter of a PNC ID: (two-digit year followed by the 7-digit serial) mod 23. */
export function pncCheckLetter(year: string, serial: string): string {
  if (!/^(\d{2}|\d{4})$/.test(year) || !/^\d{1,7}$/.test(serial)) {
    throw new RangeError('pncCheckLetter needs a 2 or 4 digit year and a serial of up to 7 digits');
  }
  const operand = Number(year.slice(-2) + serial.padStart(7, '0'));
  return PNC_LETTERS[operand % 23] as string;
}

/**
 * Canonical form of a valid PNC ID, "YY/NNNNNNNL" (year as given, serial padded to seven
 * digits), or null when the format or the check letter is wrong.
 */
export function normalisePncId(value: string | null | undefined): string | null {
  if (value == null) return null;
  const m = PNC_PATTERN.exec(value.replace(/\s/g, '').toUpperCase());
  if (!m) return null;
  const [, year = '', serial = '', letter] = m;
  if (pncCheckLetter(year, serial) !== letter) return null;
  return `${year.slice(-2)}/${serial.padStart(7, '0')}${letter}`;
}

/** True when `value` is a PNC ID (YY/N…NL or YYYY/NNNNNNNL) with a correct check letter. */
export function isValidPncId(value: string | null | undefined): boolean {
  return normalisePncId(value) !== null;
}
