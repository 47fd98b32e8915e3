import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { loadLivingDemo } from './index.ts';

// The living demo is made through the services as the demo users; this checks it loads and leaves each role work.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('the living demo', () => {
  it('loads once, through the services, leaving work for each role', async () => {
    expect(await loadLivingDemo(t.dbs)).toEqual({ loaded: true });
    expect(await loadLivingDemo(t.dbs)).toEqual({ loaded: false });
    const db = t.dbs.owner;
    const referrals = await db
      .selectFrom('marac_referral')
      .innerJoin('partnership', 'partnership.id', 'marac_referral.partnership_id')
      .select(['partnership.code', 'marac_referral.status', 'marac_referral.source', 'marac_referral.reason'])
      .execute();
    expect(referrals.filter((r) => r.code === 'northshire' && r.status === 'awaiting-coordinator')).toHaveLength(2);
    expect(referrals.filter((r) => r.code === 'southvale' && r.status === 'awaiting-coordinator')).toHaveLength(1);
    expect(referrals.every((r) => r.reason?.includes('synthetic demo record'))).toBe(true);
    const meetings = await db.selectFrom('marac_meeting').select(['held_on', 'status']).orderBy('held_on').execute();
    expect(meetings.map((m) => m.status)).toEqual(['held', 'scheduled']);
    const actions = await db.selectFrom('marac_action').select(['due_on', 'status']).execute();
    const today = new Date().toISOString().slice(0, 10);
    expect(actions.filter((a) => String(a.due_on) < today)).toHaveLength(2);
    expect(actions.length).toBe(5);
    expect(await db.selectFrom('marac_research').select('id').execute()).toHaveLength(3);
    expect(
      await db.selectFrom('break_glass_grant').select('id').where('reviewed_at', 'is', null).execute(),
    ).toHaveLength(1);
  });
});
