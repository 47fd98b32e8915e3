import type { ColumnType, Generated } from 'kysely';

// Schools, their safeguarding contacts, the school each child attends and the notices sent to schools
// (migration 0066), added to the typed schema by augmentation.
export interface SchoolTable {
  id: Generated<string>;
  partnership_id: string;
  name: string;
  urn: string;
  active: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
}
export interface SchoolContactTable {
  school_id: string;
  partnership_id: string;
  user_id: string;
  added_by: string;
  added_at: Generated<Date>;
}
export interface SchoolPupilTable {
  person_id: string;
  partnership_id: string;
  school_id: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}
export interface SchoolNoticeDueTable {
  incident_id: string;
  noted_at: Generated<Date>;
}
export interface SchoolNoticeTable {
  id: Generated<string>;
  partnership_id: string;
  school_id: string;
  incident_id: string;
  child_person_id: string;
  child_name: string;
  incident_on: string;
  due_by: ColumnType<Date, Date, never>;
  created_at: Generated<Date>;
  sent_at: ColumnType<Date | null, never, Date>;
  first_viewed_at: ColumnType<Date | null, never, Date>;
}

declare module '../../db/schema.ts' {
  interface Database {
    school: SchoolTable;
    school_contact: SchoolContactTable;
    school_pupil: SchoolPupilTable;
    school_notice_due: SchoolNoticeDueTable;
    school_notice: SchoolNoticeTable;
  }
}
