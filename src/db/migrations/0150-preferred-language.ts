import { sql, type Kysely } from 'kysely';

// The language a user has chosen, so what the service sends them when they are not looking at a page
// (e-mails from background jobs) is in that language too. It is set only by the user themself, from the
// header's language links, through a function that can change nothing but their own row's language.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE app_user ADD COLUMN preferred_language text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'cy'));

CREATE FUNCTION set_own_preferred_language(p_language text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $f$
BEGIN
  IF (SELECT current_app_user_id()) IS NULL OR p_language NOT IN ('en', 'cy') THEN RETURN false; END IF;
  UPDATE app_user SET preferred_language = p_language
    WHERE id = (SELECT current_app_user_id()) AND partnership_id = (SELECT current_partnership_id()) AND active;
  RETURN FOUND;
END
$f$;
REVOKE ALL ON FUNCTION set_own_preferred_language(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION set_own_preferred_language(text) TO wholepicture_app;
`.execute(db);
}
