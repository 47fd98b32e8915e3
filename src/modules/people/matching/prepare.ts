import { dayNumber } from './dates.ts';
import { isValidNhsNumber, normaliseNhsNumber, normalisePncId } from './identifiers.ts';
import { nameFeatures, type NameFeatures } from './names.ts';
import { cleanText, normaliseDob, normaliseFreeText, normaliseSex } from './normalise.ts';
import { parsePostcode, type Postcode } from './postcodes.ts';
import type { PersonRecord } from './record.ts';

/** A record with every feature the comparisons and blocking rules need, computed once. */
export interface PreparedRecord extends NameFeatures {
  id: string;
  dob: string | null;
  /** Days since 1970-01-01 of `dob` (NaN when missing or not a calendar date), for the date comparisons. */
  dobDay: number;
  birthYear: string | null;
  sex: 'm' | 'f' | null;
  postcode: Postcode | null;
  address: string | null;
  town: string | null;
  birthPlace: string | null;
  email: string | null;
  nhsNumber: string | null;
  pncId: string | null;
  otherId: string | null;
}

export function prepareRecord(record: PersonRecord): PreparedRecord {
  const dob = normaliseDob(record.dob);
  const nhs = normaliseNhsNumber(record.nhsNumber);
  const email = (record.email ?? '').trim().toLowerCase().replace(/\s/g, '');
  const otherId = cleanText(record.otherId).replace(/[\s-]/g, '');
  return {
    id: record.id,
    ...nameFeatures(record),
    dob,
    dobDay: dob === null ? NaN : dayNumber(dob),
    birthYear: dob === null ? null : dob.slice(0, 4),
    sex: normaliseSex(record.sex),
    postcode: parsePostcode(record.postcode),
    address: normaliseFreeText(record.address),
    town: normaliseFreeText(record.town),
    birthPlace: normaliseFreeText(record.birthPlace),
    email: email.includes('@') ? email : null,
    nhsNumber: nhs !== null && isValidNhsNumber(nhs) ? nhs : null,
    pncId: normalisePncId(record.pncId),
    otherId: otherId === '' ? null : otherId,
  };
}
