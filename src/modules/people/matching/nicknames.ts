import { withinOneEdit } from './string-similarity.ts';
import { genderedForms } from './gendered-names.ts';

/**
 * A modest built-in table of English given-name equivalents (formal name first,
 * then nicknames and common variants). Data, not logic: extend it freely.
 * A name may appear in several groups (AL: ALAN, ALBERT, ALFRED, ALEXANDER…).
 */
export const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['abigail', 'abby', 'abbie', 'gail'],
  ['alan', 'al', 'allan', 'allen'],
  ['adelaide', 'addie', 'adela', 'della'],
  ['bartholomew', 'bart', 'bat', 'batt'],
  ['edgar', 'ed', 'eddie', 'ned'],
  ['ewan', 'euan', 'ewen'],
  ['florence', 'flo', 'flossie', 'florrie', 'floss'],
  ['harriet', 'hattie', 'hatty', 'henrietta', 'hetty', 'etta', 'nettie'],
  ['howard', 'howie'],
  ['hugh', 'hughie', 'huey', 'hugo'],
  ['isaac', 'ike', 'zac'],
  ['lavinia', 'vinnie', 'vina'],
  ['maurice', 'mo', 'morris', 'maurie'],
  ['mildred', 'millie', 'milly'],
  ['millicent', 'millie', 'milly', 'milli'],
  ['norman', 'norm', 'norrie'],
  ['theophilus', 'theo'],
  // Diminutives and spellings of one name (not two names that siblings might be given).
  ['stanley', 'stan'],
  ['percival', 'percy', 'perce'],
  ['moses', 'mo', 'moss', 'moe'],
  ['solomon', 'sol', 'solly'],
  ['gilbert', 'gil', 'bert'],
  ['clement', 'clem'],
  ['montague', 'monty', 'monte'],
  ['augustus', 'gus', 'gussie', 'augie'],
  ['algernon', 'algie', 'algy'],
  ['ethel', 'eth', 'ethie'],
  ['agnes', 'aggie', 'nessie', 'nesta'],
  ['malcolm', 'mal'],
  ['hilda', 'hilde'],
  ['owen', 'owain'],
  ['oscar', 'oskar', 'ossie'],
  ['carl', 'karl'],
  // One name in other languages, where no form is also a separate English name.
  ['paul', 'pablo', 'paolo', 'pavel', 'pawel', 'paulo'],
  ['albert', 'al', 'bert', 'bertie'],
  ['alexander', 'alex', 'alec', 'alasdair', 'alistair', 'sandy', 'xander', 'al'],
  ['alexandra', 'alex', 'alexa', 'lexi', 'sandra', 'sandy', 'sasha'],
  ['alfred', 'alf', 'alfie', 'fred', 'al'],
  ['andrew', 'andy', 'drew', 'andie'],
  ['angela', 'angie'],
  ['anne', 'ann', 'anna', 'annie', 'nan', 'nancy', 'hannah'],
  ['anthony', 'tony', 'ant', 'antony'],
  ['archibald', 'archie', 'archy'],
  ['arthur', 'art', 'artie'],
  ['barbara', 'barb', 'babs', 'barbie'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['bernard', 'bernie', 'barney'],
  ['beverley', 'bev', 'beverly'],
  ['bradley', 'brad'],
  ['bridget', 'bridie', 'biddy'],
  ['carol', 'carole', 'caroline', 'carrie'],
  [
    'catherine',
    'cath',
    'cathy',
    'kate',
    'katie',
    'kathryn',
    'katherine',
    'kathy',
    'kay',
    'kit',
    'kitty',
    'cate',
    'katharine',
    'catharine',
  ],
  ['charles', 'charlie', 'chas', 'chuck', 'chaz'],
  ['charlotte', 'charlie', 'lottie', 'lotte'],
  ['christina', 'chris', 'christine', 'tina', 'kirsty', 'kristina', 'christy'],
  ['christopher', 'chris', 'kit', 'topher'],
  ['clifford', 'cliff'],
  ['cornelius', 'neil', 'con'],
  ['cynthia', 'cindy'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davey', 'davie', 'dai'],
  ['deborah', 'debbie', 'deb', 'debra'],
  ['dennis', 'den', 'denny'],
  ['donald', 'don', 'donnie'],
  ['dorothy', 'dot', 'dottie', 'dolly', 'dora'],
  ['douglas', 'doug', 'dougie'],
  ['edward', 'ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned', 'edwin'],
  ['edmund', 'ed', 'eddie', 'ned', 'edmond'],
  ['eleanor', 'ellie', 'elle', 'nell', 'nellie', 'elinor', 'nora'],
  [
    'elizabeth',
    'isabel',
    'isabella',
    'liz',
    'lizzie',
    'beth',
    'betty',
    'bess',
    'bessie',
    'eliza',
    'elsie',
    'libby',
    'lisa',
    'betsy',
    'liza',
    'elisabeth',
  ],
  ['emily', 'em', 'emmy', 'emilie', 'emlie'],
  ['emma', 'em', 'emmy'],
  ['ernest', 'ernie'],
  ['eugene', 'gene'],
  ['francis', 'frank', 'fran', 'frankie'],
  ['frances', 'fran', 'frankie', 'fanny'],
  ['frederick', 'fred', 'freddie', 'freddy', 'frederic', 'fritz'],
  ['gabriel', 'gabe'],
  ['gareth', 'gaz'],
  ['geoffrey', 'geoff', 'jeff', 'jeffrey'],
  ['george', 'georgie', 'geordie'],
  ['gerald', 'gerry', 'jerry', 'ged'],
  ['gregory', 'greg'],
  ['harold', 'harry', 'hal'],
  ['henry', 'harry', 'hal', 'hank'],
  ['herbert', 'herb', 'bert', 'herbie'],
  ['hubert', 'bert'],
  ['isabel', 'isabella', 'bella', 'izzy', 'isobel', 'belle'],
  ['jacqueline', 'jackie', 'jacqui'],
  ['james', 'jim', 'jimmy', 'jamie', 'jem', 'jas', 'jimi', 'jimmie'],
  ['jane', 'janet', 'jan', 'jenny', 'janey'],
  ['jennifer', 'jen', 'jenny', 'jenni'],
  ['jessica', 'jess', 'jessie'],
  ['john', 'jon', 'johnny', 'jack', 'jock', 'ian'],
  ['jonathan', 'jon', 'jonny', 'johnny', 'nathan'],
  ['joseph', 'joe', 'joey', 'jos'],
  ['josephine', 'jo', 'josie'],
  ['joshua', 'josh'],
  ['judith', 'judy', 'jude'],
  ['julia', 'julie', 'jules'],
  ['kenneth', 'ken', 'kenny'],
  ['lawrence', 'larry', 'laurie', 'laurence', 'lol'],
  ['leonard', 'len', 'lenny', 'leo'],
  ['leslie', 'les', 'lesley'],
  ['louis', 'lou', 'louie', 'lewis'],
  ['louise', 'lou', 'louisa', 'lulu'],
  [
    'margaret',
    'maggie',
    'meg',
    'peggy',
    'madge',
    'marge',
    'margie',
    'greta',
    'rita',
    'maisie',
    'daisy',
    'molly',
    'megan',
    'may',
  ],
  ['martin', 'marty'],
  ['mary', 'molly', 'polly', 'mae', 'may', 'maria', 'marie', 'mamie'],
  ['matilda', 'tilly', 'tilda', 'maud'],
  ['matthew', 'matt', 'matty', 'mat'],
  ['michael', 'mike', 'mick', 'micky', 'mikey', 'mickey'],
  ['nathaniel', 'nat', 'nate', 'nathan'],
  ['nicholas', 'nick', 'nicky', 'nic', 'nico'],
  ['nicola', 'nicky', 'nikki', 'nic', 'nicole'],
  ['oliver', 'ollie', 'olly', 'noll'],
  ['patricia', 'pat', 'patty', 'tricia', 'trish', 'patsy'],
  ['patrick', 'pat', 'paddy', 'rick'],
  ['peter', 'pete', 'pip'],
  ['philip', 'phil', 'pip', 'phillip'],
  ['rachel', 'rach', 'shelley'],
  ['raymond', 'ray'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['reginald', 'reg', 'reggie', 'rex'],
  ['richard', 'rich', 'rick', 'ricky', 'dick', 'richie', 'dicky', 'richey', 'ritchie'],
  ['robert', 'rob', 'robbie', 'bob', 'bobby', 'bert', 'robin', 'rab', 'bertie', 'robby', 'bobbie'],
  ['roberta', 'bobbie', 'robyn', 'berta'],
  ['ronald', 'ron', 'ronnie'],
  ['rosemary', 'rose', 'rosie', 'rosa'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammie', 'sammy'],
  ['sarah', 'sara', 'sally', 'sadie'],
  ['simon', 'si'],
  ['sophia', 'sophie', 'soph'],
  ['stephen', 'steve', 'steven', 'stevie', 'steph'],
  ['stephanie', 'steph', 'stef', 'stevie'],
  ['susan', 'sue', 'susie', 'suzy', 'susanna', 'susannah', 'suzanne'],
  ['terence', 'terry', 'tel'],
  ['theodore', 'theo', 'ted', 'teddy'],
  ['theresa', 'tess', 'tessa', 'terri', 'teresa'],
  ['thomas', 'tom', 'tommy', 'tommie', 'thom'],
  ['timothy', 'tim', 'timmy'],
  ['valerie', 'val'],
  ['victoria', 'vicky', 'vicki', 'tori', 'vic'],
  ['vincent', 'vince', 'vinny'],
  ['walter', 'walt', 'wally', 'wat'],
  ['william', 'will', 'bill', 'billy', 'willie', 'willy', 'liam', 'wills', 'gwilym'],
  ['winifred', 'winnie', 'freda'],
  ['zachary', 'zach', 'zack', 'zak'],
];

/** name -> indices of the groups it belongs to */
const INDEX: ReadonlyMap<string, readonly number[]> = (() => {
  const index = new Map<string, number[]>();
  NICKNAME_GROUPS.forEach((group, g) => {
    for (const name of group) {
      const list = index.get(name) ?? [];
      if (!list.includes(g)) list.push(g);
      index.set(name, list);
    }
  });
  return index;
})();

const KNOWN_NAMES: readonly string[] = [...INDEX.keys()];
const fuzzyCache = new Map<string, readonly number[]>();

/**
 * Groups of a name, or when the name is not in the table and has at least five letters,
 * the groups of the table names one typing error away (RHOMAS -> THOMAS -> TOM), but not
 * of a name it is the other sex's form of (`genderedForms`: GEORGIA / GEORGIE, CARLA / CARL).
 */
export function nicknameGroupsFuzzy(name: string): readonly number[] {
  const exact = INDEX.get(name);
  if (exact) return exact;
  if (name.length < 5) return [];
  const cached = fuzzyCache.get(name);
  if (cached) return cached;
  const groups = new Set<number>();
  for (const known of KNOWN_NAMES) {
    // Not the other sex's form of a table name (GEORGIA is not a misspelt GEORGIE).
    if (withinOneEdit(known, name) && !genderedForms(known, name)) {
      for (const g of INDEX.get(known) ?? []) groups.add(g);
    }
  }
  const result = [...groups];
  if (fuzzyCache.size > 200_000) fuzzyCache.clear();
  fuzzyCache.set(name, result);
  return result;
}

/** True when two group lists share a group. */
export function shareGroup(a: readonly number[], b: readonly number[]): boolean {
  for (const g of a) if (b.includes(g)) return true;
  return false;
}

/** Group indices for a lower-case given name (empty if unknown). */
export function nicknameGroups(name: string): readonly number[] {
  return INDEX.get(name.toLowerCase()) ?? [];
}

/** True when the two given names are different forms of one name in the table (SAM / SAMUEL). */
export function areNicknames(a: string, b: string): boolean {
  const ga = nicknameGroups(a);
  if (ga.length === 0) return false;
  const gb = nicknameGroups(b);
  return ga.some((g) => gb.includes(g));
}
