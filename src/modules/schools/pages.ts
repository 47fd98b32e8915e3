import type { AnyPage } from '../../platform/pages/page.ts';
import { addContact, removeContact, school, schools } from './admin/schools.ts';
import { schoolOfChild } from './children/school-of-child.ts';
import { notice, notices } from './notices/notices.ts';

/** Every schools page. A new page is added here and in test/security/route-matrix.ts. */
export const schoolPages: readonly AnyPage[] = [
  // The partnership's schools and their safeguarding contacts (administrators).
  schools,
  school,
  addContact,
  removeContact,
  // The school a child attends (practitioners).
  schoolOfChild,
  // Notices, read by the school's contacts.
  notices,
  notice,
];
