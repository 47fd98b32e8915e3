import { sql, type Kysely } from 'kysely';

// Nothing stays with a deactivated user, even where their agency has no active lead. Before, the
// deactivation was refused with an error when the user still had allocated referrals and no lead
// could take them (the page saw a 500). Now, with no lead:
// - allocated referrals go to the partnership's designated safeguarding reviewer (if active), else
//   its earliest active MARAC coordinator, else the user doing the deactivating;
// - the user's open worklist items go to the MARAC coordinator's list (where the coordinator has
//   no copy of the item already), else to the agency's list, so someone always sees them.
// With a lead, everything moves to the lead as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE OR REPLACE FUNCTION app_user_deactivated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
DECLARE
  lead uuid;
  taker uuid;
  moved_referrals integer;
  moved_items integer := 0;
  n integer;
BEGIN
  IF NOT (OLD.active AND NOT NEW.active) THEN RETURN NEW; END IF;
  SELECT id INTO lead FROM app_user WHERE agency_id = OLD.agency_id AND role = 'agency-lead' AND active AND id <> OLD.id
    ORDER BY created_at LIMIT 1;
  IF lead IS NOT NULL THEN
    -- To the lead's list, or the agency's where the lead already has an item for the same thing (one each).
    UPDATE worklist_item w SET owner_user_id = NULL, for_lead = NOT EXISTS (SELECT 1 FROM worklist_item o
      WHERE o.kind = w.kind AND o.subject_id = w.subject_id AND o.agency_id = w.agency_id AND o.for_lead AND o.id <> w.id)
    WHERE w.owner_user_id = OLD.id AND w.status = 'open';
    GET DIAGNOSTICS moved_items = ROW_COUNT;
    taker := lead;
  ELSE
    -- No lead to see the lead's list: to the coordinator's list, one copy per item.
    UPDATE worklist_item w SET owner_user_id = NULL, for_lead = false, for_coordinator = true
    WHERE w.id IN (SELECT DISTINCT ON (kind, subject_id, agency_id) id FROM worklist_item
        WHERE owner_user_id = OLD.id AND status = 'open' AND NOT for_coordinator ORDER BY kind, subject_id, agency_id, for_lead DESC)
      AND NOT EXISTS (SELECT 1 FROM worklist_item o WHERE o.kind = w.kind AND o.subject_id = w.subject_id
        AND o.agency_id = w.agency_id AND o.for_coordinator);
    GET DIAGNOSTICS n = ROW_COUNT;
    moved_items := moved_items + n;
    -- The coordinator has that item already: the agency's list keeps the user's copy, unowned.
    UPDATE worklist_item w SET owner_user_id = NULL, for_lead = false
    WHERE w.owner_user_id = OLD.id AND w.status = 'open' AND NOT EXISTS (SELECT 1 FROM worklist_item o
      WHERE o.kind = w.kind AND o.subject_id = w.subject_id AND o.agency_id = w.agency_id AND NOT o.for_lead
        AND NOT o.for_coordinator AND o.id <> w.id);
    GET DIAGNOSTICS n = ROW_COUNT;
    moved_items := moved_items + n;
    UPDATE worklist_item SET owner_user_id = NULL WHERE owner_user_id = OLD.id AND status = 'open';
    GET DIAGNOSTICS n = ROW_COUNT;
    moved_items := moved_items + n;
    SELECT u.id INTO taker FROM safeguarding_reviewer r JOIN app_user u ON u.id = r.user_id
      WHERE r.partnership_id = OLD.partnership_id AND u.active AND u.id <> OLD.id;
    IF taker IS NULL THEN
      SELECT id INTO taker FROM app_user WHERE partnership_id = OLD.partnership_id AND role = 'marac-coordinator'
        AND active AND id <> OLD.id ORDER BY created_at LIMIT 1;
    END IF;
    IF taker IS NULL AND (SELECT current_app_user_id()) IS DISTINCT FROM OLD.id THEN taker := (SELECT current_app_user_id()); END IF;
    IF taker IS NULL AND EXISTS (SELECT 1 FROM referral WHERE allocated_user_id = OLD.id AND status = 'accepted') THEN
      RAISE EXCEPTION 'the user still has referrals allocated and nobody in the partnership can take them: hand them over first'
        USING ERRCODE = 'WP409';
    END IF;
  END IF;
  UPDATE referral SET allocated_user_id = taker WHERE allocated_user_id = OLD.id AND status = 'accepted';
  GET DIAGNOSTICS moved_referrals = ROW_COUNT;
  IF moved_referrals + moved_items > 0 THEN
    INSERT INTO handover (partnership_id, agency_id, from_user_id, to_user_id, note, made_by, referrals, worklist_items)
    VALUES (OLD.partnership_id, OLD.agency_id, OLD.id, taker,
      CASE WHEN lead IS NOT NULL THEN 'Moved to the agency lead when the user was deactivated'
        ELSE 'Moved to the safeguarding reviewer or MARAC coordinator when the user was deactivated (the agency has no lead)' END,
      (SELECT current_app_user_id()), moved_referrals, moved_items);
  END IF;
  RETURN NEW;
END $f$;
`.execute(db);
}
