/**
 * UK postcodes split into their nested parts: area (SW), district (SW1A), sector (SW1A 2)
 * and unit (SW1A 2AA). A code that is not a UK postcode keeps only its raw form.
 */
export interface Postcode {
  raw: string;
  unit: string | null;
  sector: string | null;
  district: string | null;
  area: string | null;
}

const FULL = /^([A-Z]{1,2})(\d[A-Z\d]?)(\d)([A-Z]{2})$/;
const OUTWARD = /^([A-Z]{1,2})(\d[A-Z\d]?)$/;

export function parsePostcode(value: string | null | undefined): Postcode | null {
  if (value == null) return null;
  const raw = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (raw === '') return null;
  const full = FULL.exec(raw);
  if (full) {
    const [, area = '', dist = '', sectorDigit = '', unit = ''] = full;
    const district = area + dist;
    return { raw, unit: `${district} ${sectorDigit}${unit}`, sector: `${district} ${sectorDigit}`, district, area };
  }
  const outward = OUTWARD.exec(raw);
  if (outward) {
    return { raw, unit: null, sector: null, district: raw, area: outward[1] ?? null };
  }
  return { raw, unit: null, sector: null, district: null, area: null };
}

export const POSTCODE_LEVELS = ['unit', 'sector', 'district', 'area', 'different'] as const;
export type PostcodeLevel = (typeof POSTCODE_LEVELS)[number];

/** How closely two postcodes agree; null when either is missing. Non-UK codes agree only exactly. */
export function comparePostcodes(a: Postcode | null, b: Postcode | null): PostcodeLevel | null {
  if (a === null || b === null) return null;
  if (a.raw === b.raw) return 'unit';
  if (a.sector !== null && a.sector === b.sector) return 'sector';
  if (a.district !== null && a.district === b.district) return 'district';
  if (a.area !== null && a.area === b.area) return 'area';
  return 'different';
}
