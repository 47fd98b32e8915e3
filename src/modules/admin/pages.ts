import type { AnyPage } from '../../platform/pages/page.ts';
import { agencies, editAgency, newAgency, updateAgency } from './agencies/agencies.ts';
import { credentials, revokeCredential, rotateCredential } from './api-credentials/credentials.ts';
import { approveRoleChange, refuseRoleChange } from './users/role-changes.ts';
import { editUser, newUser, resetUser, updateUser, users } from './users/users.ts';

/** Every administration page, by journey. A new page is added here and in test/security/route-matrix.ts. */
export const adminPages: readonly AnyPage[] = [
  // The partnership's agencies.
  agencies,
  newAgency,
  editAgency,
  updateAgency,
  // Users, by invitation, and the privileged changes a second administrator decides.
  users,
  newUser,
  editUser,
  updateUser,
  resetUser,
  approveRoleChange,
  refuseRoleChange,
  // Credentials for agencies' record systems.
  credentials,
  revokeCredential,
  rotateCredential,
];
