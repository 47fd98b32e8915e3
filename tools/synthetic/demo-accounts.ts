import type { AgencyKind, Role } from '../../src/db/schema.ts';

// The demo partnerships and accounts. Synthetic: the names are invented and
// the addresses use the reserved .example domain. The shared password and the
// TOTP keys are public by design (they are in the README) and are only ever
// loaded with demo data, which production refuses.
export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoAgency {
  key: string;
  name: string;
  kind: AgencyKind;
}
export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
  agency: string;
  totpSecret: string;
}
export interface DemoVictim {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  earlierYes: string[];
}
export interface DemoPartnership {
  code: string;
  name: string;
  agencies: DemoAgency[];
  accounts: DemoAccount[];
  victimHistory?: DemoVictim;
}

const agencies = (area: string): DemoAgency[] => [
  { key: 'partnership', name: `${area} Domestic Abuse Partnership Team`, kind: 'other' },
  { key: 'police', name: `${area} Police`, kind: 'police' },
  { key: 'health', name: `${area} Community Health Trust`, kind: 'health' },
  { key: 'hospital', name: `${area} General Hospital`, kind: 'health' },
  { key: 'csc', name: `${area} Children's Services`, kind: 'childrens-social-care' },
  { key: 'asc', name: `${area} Adult Social Care`, kind: 'adult-social-care' },
  { key: 'housing', name: `${area} Housing`, kind: 'housing' },
  { key: 'probation', name: `${area} Probation Delivery Unit`, kind: 'probation' },
  { key: 'education', name: `${area} Schools Safeguarding`, kind: 'education' },
  { key: 'idva', name: `${area} IDVA Service`, kind: 'idva-service' },
  { key: 'refuge', name: `${area} Refuge`, kind: 'refuge-voluntary' },
];

// Fixed base32 TOTP keys so demo users can add them to an authenticator app (or run `npm run demo:code`).
export const DEMO_PARTNERSHIPS: DemoPartnership[] = [
  {
    code: 'northshire',
    name: 'Northshire',
    agencies: agencies('Northshire'),
    // An invented person, known to Northshire Police, for trying the checklist with history beside it.
    victimHistory: {
      givenName: 'Morgan',
      familyName: 'Ashdown',
      dateOfBirth: '1991-04-12',
      earlierYes: [
        'current-injury',
        'very-frightened',
        'cut-off-from-support',
        'separation',
        'unwanted-contact-or-following',
        'low-mood-or-suicidal-thoughts',
        'child-contact-disputes',
        'pregnancy-or-new-baby',
        'abuse-more-often',
        'threats-to-harm-children',
      ],
    },
    accounts: [
      {
        email: 'admin@northshire.example',
        displayName: 'Alex Admin',
        role: 'administrator',
        agency: 'partnership',
        totpSecret: 'JBSWY3DPEHPK3PXPADMINAAA',
      },
      {
        email: 'coordinator@northshire.example',
        displayName: 'Casey Coordinator',
        role: 'marac-coordinator',
        agency: 'partnership',
        totpSecret: 'JBSWY3DPEHPK3PXPCOORDAAA',
      },
      {
        email: 'chair@northshire.example',
        displayName: 'Charlie Chair',
        role: 'marac-chair',
        agency: 'police',
        totpSecret: 'JBSWY3DPEHPK3PXPCHAIRAAA',
      },
      {
        email: 'lead.police@northshire.example',
        displayName: 'Lee Lead',
        role: 'agency-lead',
        agency: 'police',
        totpSecret: 'JBSWY3DPEHPK3PXPLEADAAAA',
      },
      {
        email: 'analyst@northshire.example',
        displayName: 'Ana Analyst',
        role: 'partnership-analyst',
        agency: 'partnership',
        totpSecret: 'JBSWY3DPEHPK3PXPANALYSTA',
      },
      {
        email: 'police@northshire.example',
        displayName: 'Pat Constable',
        role: 'practitioner',
        agency: 'police',
        totpSecret: 'JBSWY3DPEHPK3PXPPOLICEAA',
      },
      {
        email: 'health.visitor@northshire.example',
        displayName: 'Harper Visitor',
        role: 'practitioner',
        agency: 'health',
        totpSecret: 'JBSWY3DPEHPK3PXPHEALTHAA',
      },
      {
        email: 'social.worker@northshire.example',
        displayName: 'Sam Worker',
        role: 'practitioner',
        agency: 'csc',
        totpSecret: 'JBSWY3DPEHPK3PXPSOCIALAA',
      },
      {
        email: 'housing@northshire.example',
        displayName: 'Hollis Housing',
        role: 'practitioner',
        agency: 'housing',
        totpSecret: 'JBSWY3DPEHPK3PXPHOUSINGA',
      },
      {
        email: 'idva@northshire.example',
        displayName: 'Ira Advocate',
        role: 'practitioner',
        agency: 'idva',
        totpSecret: 'JBSWY3DPEHPK3PXPIDVAAAAA',
      },
    ],
  },
  {
    code: 'southvale',
    name: 'Southvale',
    agencies: agencies('Southvale'),
    accounts: [
      {
        email: 'admin@southvale.example',
        displayName: 'Sol Admin',
        role: 'administrator',
        agency: 'partnership',
        totpSecret: 'JBSWY3DPEHPK3PXPSADMINAA',
      },
      {
        email: 'coordinator@southvale.example',
        displayName: 'Sky Coordinator',
        role: 'marac-coordinator',
        agency: 'partnership',
        totpSecret: 'JBSWY3DPEHPK3PXPSCOORDAA',
      },
      {
        email: 'police@southvale.example',
        displayName: 'Val Constable',
        role: 'practitioner',
        agency: 'police',
        totpSecret: 'JBSWY3DPEHPK3PXPSPOLICEA',
      },
    ],
  },
];

export const demoAccount = (email: string): DemoAccount => {
  const account = DEMO_PARTNERSHIPS.flatMap((p) => p.accounts).find((a) => a.email === email);
  if (!account) throw new Error(`No demo account ${email}`);
  return account;
};
