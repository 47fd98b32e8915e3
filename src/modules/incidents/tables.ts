// The partnership's list of which kinds of contact are abuse incidents (migration 0046), added by augmentation.
export interface ContactKindTable {
  partnership_id: string;
  contact_type: string;
  is_abuse: boolean;
  updated_by: string;
  updated_at: import('kysely').Generated<Date>;
}

declare module '../../db/schema.ts' {
  interface Database {
    contact_kind: ContactKindTable;
  }
}
