import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from './record-types.ts';
import { policyProblems, type LivePolicy } from './rls.ts';

// The live-policy check reads policy text as PostgreSQL prints it, in both the direct form and the
// sub-select form (a setting read once per statement rather than once per row).
const read = (qual: string): LivePolicy => ({
  policyname: 'need_to_know_read',
  cmd: 'SELECT',
  roles: '{wholepicture_app}',
  qual,
  with_check: null,
});
const owner: LivePolicy = {
  policyname: 'owner_all',
  cmd: 'ALL',
  roles: '{wholepicture_owner}',
  qual: 'true',
  with_check: null,
};
const problemsWith = (qual: string) =>
  policyProblems(RECORD_TYPES['marac-case'], { enabled: true, forced: true, policies: [owner, read(qual)] });

describe("the live policy check: keeping to the viewer's partnership", () => {
  it('accepts the setting read directly or through a sub-select', () => {
    expect(problemsWith('(partnership_id = current_partnership_id())')).toEqual([]);
    expect(problemsWith('(partnership_id = ( SELECT current_partnership_id() AS current_partnership_id))')).toEqual([]);
  });

  it('refuses a policy that does not compare the row with the setting', () => {
    expect(problemsWith('(( SELECT current_partnership_id() AS current_partnership_id) IS NOT NULL)')).toEqual([
      "marac_case.need_to_know_read: does not keep to the viewer's partnership",
    ]);
    expect(problemsWith('(partnership_id IS NOT NULL)')).toHaveLength(1);
  });
});
