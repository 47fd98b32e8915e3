import type { ColumnType, Generated, Transaction } from 'kysely';
import type { Database, IncidentTable, PersonTable } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';

// Tables of migration 0006-people. New tables join Kysely's Database by module
// augmentation; the columns 0006 adds to `person` and `incident` are typed by
// PeopleDatabase below (an interface cannot be re-declared with more columns).

type CreatedAt = ColumnType<Date, never, never>;

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];
export const ROLES_IN_INCIDENT = ['victim', 'perpetrator', 'child', 'witness', 'other'] as const;
export type IncidentRole = (typeof ROLES_IN_INCIDENT)[number];
export const RELATIONSHIP_KINDS = ['partner', 'ex-partner', 'parent', 'child', 'household-member'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];
export const ALIAS_KINDS = ['alias', 'previous-name', 'maiden-name', 'other'] as const;
export const LINK_STATUSES = ['suggested', 'review', 'confirmed', 'rejected', 'unlinked'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];
/** Links that join two records into one picture. */
export const JOINING: readonly LinkStatus[] = ['suggested', 'confirmed'];

export interface PersonAliasTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  given_name: string;
  family_name: string;
  kind: ColumnType<string, string | undefined, never>;
}

export interface PersonAddressTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  line: string | null;
  town: string | null;
  postcode: string | null;
  from_date: string | null;
  to_date: string | null;
}

export interface IncidentInvolvementTable {
  incident_id: string;
  person_id: string;
  partnership_id: string;
  agency_id: string;
  role: IncidentRole;
}

export interface RelationshipTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  person_id: string;
  related_person_id: string;
  kind: RelationshipKind;
  created_at: CreatedAt;
}

export interface PersonLinkTable {
  id: Generated<string>;
  partnership_id: string;
  person_a: string;
  person_b: string;
  probability: number;
  weight: number;
  status: LinkStatus;
  created_at: CreatedAt;
  decided_by: string | null;
  decided_agency_id: string | null;
  decided_at: ColumnType<Date | null, string | null, string | null>;
}

declare module '../../db/schema.ts' {
  interface Database {
    person_alias: PersonAliasTable;
    person_address: PersonAddressTable;
    incident_involvement: IncidentInvolvementTable;
    relationship: RelationshipTable;
    person_link: PersonLinkTable;
    incident_import: IncidentImportTable;
  }
}

/** A background import of a large extract (migration 0012). */
export interface IncidentImportTable {
  id: Generated<string>;
  partnership_id: string;
  agency_id: string;
  created_by: string;
  sent_by: 'user' | 'api-credential';
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', never, 'running' | 'done' | 'failed'>;
  total: number;
  processed: ColumnType<number, never, number>;
  imported: ColumnType<number, never, number>;
  already_imported: ColumnType<number, never, number>;
  rejected: ColumnType<number, never, number>;
  /** The rows still to import, as sent; null once the run has finished. */
  pending: ColumnType<unknown, string, string | null>;
  report: ColumnType<unknown, never, string>;
  created_at: CreatedAt;
  finished_at: ColumnType<Date | null, never, Date>;
}

export interface SourcePersonTable extends PersonTable {
  source_id: string | null;
  middle_names: string | null;
  sex: Sex | null;
  nhs_number: string | null;
  pnc_id: string | null;
}

export interface SourceIncidentTable extends IncidentTable {
  source_id: string | null;
  contact_type: string | null;
  summary: string | null;
}

export type PeopleDatabase = Omit<Database, 'person' | 'incident'> & {
  person: SourcePersonTable;
  incident: SourceIncidentTable;
};
export type PeopleTx = Transaction<PeopleDatabase>;
/** The same transaction, typed with the columns 0006 adds. */
export const people = (tx: Tx): PeopleTx => tx as unknown as PeopleTx;
