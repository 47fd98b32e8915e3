import { label } from '../../../platform/language/index.ts';
import { CONTACT_TYPES, type ContactType } from '../import-schema.ts';

// An incident's kind is stored in English (the chronology's words when it was recorded) beside its contact type
// code. A page words it from the code in its own language; a kind an agency system or a person named in its own
// words, with no code we know, is shown as they wrote it.

const codeOfEnglish = new Map(Object.entries(CONTACT_TYPES).map(([code, english]) => [english as string, code]));

export const contactTypeWords = (code: ContactType): string => label(`people.contact-type.${code}`);

export function incidentKindWords(contactType: string | null | undefined, kind: string): string {
  const code =
    contactType && contactType in CONTACT_TYPES
      ? contactType
      : (codeOfEnglish.get(kind) ?? codeOfEnglish.get(kind.split(': ')[0]!));
  if (!code) return kind;
  // "Police call-out: assault": the contact type's words in the page's language, the detail as it was recorded.
  const english = CONTACT_TYPES[code as ContactType] as string;
  if (kind.startsWith(`${english}: `)) return `${contactTypeWords(code as ContactType)}${kind.slice(english.length)}`;
  return contactTypeWords(code as ContactType);
}
