import { randomUUID } from 'node:crypto';
import { faker } from '@faker-js/faker/locale/en_GB';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { Actor } from '../../src/db/tenancy.ts';
import { importIncidents } from '../../src/modules/people/service.ts';
import {
  people as typed,
  type IncidentInvolvementTable,
  type PersonAddressTable,
  type SourceIncidentTable,
  type SourcePersonTable,
} from '../../src/modules/people/tables.ts';
import { CONTACT_TYPES, type ContactType } from '../../src/modules/people/import-schema.ts';
import { nhsCheckDigit } from '../../src/modules/people/matching/index.ts';
import type { SeedSize } from './seed.ts';

const SYSTEM_USER = '00000000-0000-0000-0000-000000000000';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A valid synthetic NHS number (check digit right) from a seed number. */
export function syntheticNhsNumber(n: number): string {
  for (let k = 0; ; k++) {
    const nine = String(900_000_000 + ((n * 7919 + k) % 99_999_999)).slice(0, 9);
    const check = nhsCheckDigit(nine);
    if (check !== null) return `${nine}${check}`;
  }
}

/**
 * People and incidents for the demo partnerships. Demo: a few people recorded by
 * several agencies, with near-duplicates to confirm (Kelly Marsh at the police is
 * Kelly Hartley at the hospital, after a move), a suggestion the matcher makes by
 * itself (Jonathan Smith / Jon Smyth), and twins the matcher must keep apart.
 * Loaded through the import service so the links are the ones the service finds.
 * Larger sizes add many people and incidents, written in batches (without
 * scoring: a bulk load for benchmarks, not a realistic linkage workload).
 */
export async function seedPeople(
  owner: Kysely<Database>,
  size: SeedSize,
): Promise<{ people: number; incidents: number }> {
  const northshire = await owner
    .selectFrom('partnership')
    .select('id')
    .where('code', '=', 'northshire')
    .executeTakeFirst();
  if (!northshire) return { people: 0, incidents: 0 };
  const agencies = new Map(
    (await owner.selectFrom('agency').select(['id', 'name']).where('partnership_id', '=', northshire.id).execute()).map(
      (a) => [a.name, a.id],
    ),
  );
  const actorFor = (agency: string): Actor => ({
    userId: SYSTEM_USER,
    partnershipId: northshire.id,
    agencyId: agencies.get(`Northshire ${agency}`)!,
    role: 'practitioner',
    displayName: 'Seed',
  });
  let counts = { people: 0, incidents: 0 };
  const alreadyDemo = await typed(owner as never)
    .selectFrom('incident')
    .select('id')
    .where('source_id', '=', 'NP-24-1001')
    .executeTakeFirst();
  if (!alreadyDemo) counts = await seedDemoPeople(owner, actorFor);
  if (size === 'demo') return counts;
  const bulk = await seedBulk(owner, northshire.id, [...agencies.values()], size === 'area' ? 20_000 : 200_000);
  return { people: counts.people + bulk.people, incidents: counts.incidents + bulk.incidents };
}

async function seedDemoPeople(owner: Kysely<Database>, actorFor: (agency: string) => Actor) {
  const kelly = {
    sourceId: 'NP-P-5501',
    givenName: 'Kelly',
    familyName: 'Marsh',
    dateOfBirth: '1988-03-07',
    sex: 'female' as const,
    addresses: [{ line: '14 Mill Lane', town: 'Northby', postcode: 'NS1 4AB', from: '2015-06-01' }],
  };
  const darren = {
    sourceId: 'NP-P-5502',
    givenName: 'Darren',
    familyName: 'Cole',
    dateOfBirth: '1985-11-20',
    sex: 'male' as const,
    pncId: '85/0123456J',
  };
  const tyler = {
    sourceId: 'NP-P-5503',
    givenName: 'Tyler',
    familyName: 'Marsh',
    dateOfBirth: '2016-05-02',
    sex: 'male' as const,
  };
  const police = [
    {
      sourceId: 'NP-24-1001',
      type: 'police-call-out',
      occurredOn: daysAgo(240),
      severity: 'medium',
      summary: 'Neighbour reported shouting; both parties spoken to',
      people: [
        { ...kelly, role: 'victim' },
        { ...darren, role: 'perpetrator' },
        { ...tyler, role: 'child' },
      ],
      relationships: [
        { person: 'NP-P-5501', related: 'NP-P-5502', kind: 'partner' },
        { person: 'NP-P-5501', related: 'NP-P-5503', kind: 'child' },
      ],
    },
    {
      sourceId: 'NP-24-1002',
      type: 'crime',
      occurredOn: daysAgo(150),
      severity: 'high',
      summary: 'Assault recorded; suspect arrested and bailed',
      people: [
        { ...kelly, role: 'victim' },
        { ...darren, role: 'perpetrator' },
      ],
      relationships: [],
    },
    {
      // Darren Cole and a second victim: a serial perpetrator.
      sourceId: 'NP-24-1003',
      type: 'police-call-out',
      occurredOn: daysAgo(40),
      severity: 'medium',
      summary: 'Call-out to a new partner’s address',
      people: [
        { ...darren, role: 'perpetrator' },
        {
          sourceId: 'NP-P-5504',
          givenName: 'Rosa',
          familyName: 'Quinn',
          dateOfBirth: '1992-08-14',
          sex: 'female',
          role: 'victim',
        },
      ],
      relationships: [{ person: 'NP-P-5502', related: 'NP-P-5504', kind: 'partner' }],
    },
    {
      // Twins at one address: the matcher must keep them apart.
      sourceId: 'NP-24-1004',
      type: 'police-call-out',
      occurredOn: daysAgo(60),
      severity: 'low',
      summary: 'Dispute between sisters and a visitor',
      people: [
        {
          sourceId: 'NP-P-5505',
          givenName: 'Chloe',
          familyName: 'Price',
          dateOfBirth: '2001-02-03',
          sex: 'female',
          role: 'victim',
          addresses: [{ line: '3 Orchard Way', town: 'Northby', postcode: 'NS2 7QT' }],
        },
        {
          sourceId: 'NP-P-5506',
          givenName: 'Sophie',
          familyName: 'Price',
          dateOfBirth: '2001-02-03',
          sex: 'female',
          role: 'witness',
          addresses: [{ line: '3 Orchard Way', town: 'Northby', postcode: 'NS2 7QT' }],
        },
      ],
      relationships: [{ person: 'NP-P-5505', related: 'NP-P-5506', kind: 'household-member' }],
    },
    {
      sourceId: 'NP-24-1005',
      type: 'police-call-out',
      occurredOn: daysAgo(100),
      severity: 'low',
      summary: 'Verbal argument',
      people: [
        {
          sourceId: 'NP-P-5507',
          givenName: 'Jonathan',
          familyName: 'Smith',
          dateOfBirth: '1979-12-01',
          sex: 'male',
          role: 'victim',
          addresses: [{ line: '22 Station Road', town: 'Northby', postcode: 'NS3 2LP' }],
        },
      ],
      relationships: [],
    },
  ];
  const hospital = [
    {
      // Kelly after a move, under a new surname: an uncertain match for a practitioner to decide.
      sourceId: 'GH-ED-88213',
      type: 'a-and-e-attendance',
      occurredOn: daysAgo(20),
      severity: 'high',
      summary: 'Attended with a facial injury; disclosed abuse by partner',
      people: [
        {
          sourceId: 'GH-MRN-40021',
          givenName: 'Kelly',
          familyName: 'Hartley',
          dateOfBirth: '1988-03-07',
          sex: 'female',
          role: 'victim',
          nhsNumber: syntheticNhsNumber(1),
          addresses: [{ line: '5 Beacon Court', town: 'Southby', postcode: 'NS9 3XY', from: daysAgo(60) }],
        },
      ],
      relationships: [],
    },
  ];
  const health = [
    {
      sourceId: 'CHT-2024-0311',
      type: 'gp-disclosure',
      occurredOn: daysAgo(70),
      severity: 'medium',
      summary: 'Disclosed controlling behaviour at a GP appointment',
      people: [
        {
          sourceId: 'CHT-P-9912',
          givenName: 'Jon',
          familyName: 'Smyth',
          dateOfBirth: '1979-12-01',
          sex: 'male',
          role: 'victim',
          addresses: [{ line: '22 Station Rd', town: 'Northby', postcode: 'NS3 2LP' }],
        },
      ],
      relationships: [],
    },
  ];
  let people = 0;
  let incidents = 0;
  for (const [agency, rows] of [
    ['Police', police],
    ['General Hospital', hospital],
    ['Community Health Trust', health],
  ] as const) {
    const report = await importIncidents(
      owner,
      actorFor(agency),
      rows.map((raw) => ({ ref: raw.sourceId, raw })),
    );
    const rejected = report.rows.filter((r) => r.status === 'rejected');
    if (rejected.length) throw new Error(`demo people: ${JSON.stringify(rejected)}`);
    incidents += report.imported;
    people += report.rows.reduce((n, r) => n + (r.newPeople ?? 0), 0);
  }
  return { people, incidents };
}

const TYPES = Object.keys(CONTACT_TYPES) as ContactType[];
const SEVERITIES = ['low', 'medium', 'high', 'severe'] as const;

/** Many people and incidents in batches of 1,000 people, each batch one transaction. */
async function seedBulk(owner: Kysely<Database>, partnershipId: string, agencyIds: string[], total: number) {
  const db = typed(owner as never);
  if (await db.selectFrom('person').select('id').where('source_id', '=', 'BULK-0').executeTakeFirst())
    return { people: 0, incidents: 0 };
  faker.seed(4);
  let incidents = 0;
  const batch = 1000;
  for (let start = 0; start < total; start += batch) {
    const persons: Insertable<SourcePersonTable>[] = [];
    const addresses: Insertable<PersonAddressTable>[] = [];
    const incidentRows: Insertable<SourceIncidentTable>[] = [];
    const roles: Insertable<IncidentInvolvementTable>[] = [];
    for (let n = start; n < Math.min(total, start + batch); n++) {
      const id = randomUUID();
      const agencyId = agencyIds[n % agencyIds.length]!;
      const sex = faker.person.sexType();
      persons.push({
        id,
        partnership_id: partnershipId,
        agency_id: agencyId,
        source_id: `BULK-${n}`,
        given_name: faker.person.firstName(sex),
        middle_names: null,
        family_name: faker.person.lastName(),
        date_of_birth: faker.date.birthdate({ min: 16, max: 80, mode: 'age' }).toISOString().slice(0, 10),
        sex: sex === 'female' ? ('female' as const) : ('male' as const),
        nhs_number: n % 3 === 0 ? syntheticNhsNumber(n + 10) : null,
        pnc_id: null,
        created_by: SYSTEM_USER,
      });
      addresses.push({
        partnership_id: partnershipId,
        agency_id: agencyId,
        person_id: id,
        line: faker.location.streetAddress(),
        town: faker.location.city(),
        postcode: faker.location.zipCode().replace(/\s+/g, '').toUpperCase(),
        from_date: null,
        to_date: null,
      });
      const count = n % 4 === 0 ? 3 : n % 2 === 0 ? 2 : 1;
      for (let k = 0; k < count; k++) {
        const incidentId = randomUUID();
        const type = TYPES[(n + k) % TYPES.length]!;
        incidentRows.push({
          id: incidentId,
          partnership_id: partnershipId,
          agency_id: agencyId,
          person_id: id,
          source_id: `BULK-I-${n}-${k}`,
          contact_type: type,
          kind: CONTACT_TYPES[type],
          occurred_on: daysAgo((n * 13 + k * 97) % 1500),
          severity: SEVERITIES[(n + k) % 4]!,
          police_recorded: type === 'police-call-out' || type === 'crime',
          summary: null,
        });
        roles.push({
          incident_id: incidentId,
          person_id: id,
          partnership_id: partnershipId,
          agency_id: agencyId,
          role: 'victim' as const,
        });
      }
    }
    await owner.transaction().execute(async (tx) => {
      const t = typed(tx as never);
      await t.insertInto('person').values(persons).execute();
      await t
        .insertInto('person_address')
        .values(addresses.filter((a) => /^[A-Z0-9]{5,7}$/.test(a.postcode ?? '')))
        .execute();
      for (let k = 0; k < incidentRows.length; k += 1000)
        await t
          .insertInto('incident')
          .values(incidentRows.slice(k, k + 1000))
          .execute();
      for (let k = 0; k < roles.length; k += 1000)
        await t
          .insertInto('incident_involvement')
          .values(roles.slice(k, k + 1000))
          .execute();
    });
    incidents += incidentRows.length;
  }
  return { people: total, incidents };
}
