import type { Phase } from '../../events/index.js';

/**
 * The raw material of the demo alliance: places, name patterns, people, SLE profiles, and for each
 * specialism the areas of need, new foci and measurable outcomes a facilitator would agree. Plain data;
 * the seeded generator picks from it.
 */

export const ALLIANCE_NAME = 'Chiltern Vale Teaching School Alliance';
export const ALLIANCE_DOMAIN = 'chilternvale-tsa.example';

export const LOCAL_AUTHORITIES = ['Buckinghamshire', 'Milton Keynes', 'Oxfordshire', 'Hertfordshire'] as const;

/** How many schools of each phase, and in which order the generator fills them. */
export const SCHOOL_MIX: { phase: Phase; count: number }[] = [
  { phase: 'primary', count: 26 },
  { phase: 'secondary', count: 9 },
  { phase: 'special', count: 3 },
  { phase: 'all-through', count: 2 },
];

/** Neutral English place-like stems that school names are built from. */
export const NAME_STEMS = [
  'Brookfield',
  'Kingsmead',
  'Hazelmere',
  'Oakridge',
  'Millbrook',
  'Woodside',
  'Chiltern View',
  'Meadowbank',
  'Hawthorn',
  'Ashgrove',
  'Foxhill',
  'Larkrise',
  'Elmtree',
  'Longmeadow',
  'Orchard Vale',
  'Cherry Tree',
  'Holywell',
  'Westfield',
  'Beechwood',
  'Redbrook',
  'Summerfield',
  'Danesfield',
  'Kingfisher',
  'Willowbank',
  'Ridgeway',
  'Castlefield',
  'Fairfields',
  'Stonebridge',
  'Highcroft',
  'Bramley',
  'Thornhill',
  'Wychwood',
  'Sandpit Lane',
  'Greenacres',
  'Lime Avenue',
  'Harefield',
  'Marsh Gibbon',
  'Cranbourne',
  'Priory Park',
  'Roundwood',
  'Coldharbour',
  'Bellfield',
  'Springwell',
  'Mortimer',
  'Sherwood',
];

export const SAINTS = ['Mary', 'Joseph', 'Edward', 'Bernadette', 'Thomas More', 'Michael', 'Anne', 'Teresa'];

/** Name patterns by phase; `{stem}` and `{saint}` are filled in. */
export const NAME_PATTERNS: Record<string, string[]> = {
  primary: [
    '{stem} Primary School',
    '{stem} Primary School',
    '{stem} Church of England Primary School',
    '{stem} Community Primary School',
    '{stem} Primary Academy',
    '{stem} Primary and Nursery School',
    '{stem} Church of England Combined School',
    "St {saint}'s Catholic Primary School",
  ],
  secondary: [
    '{stem} Academy',
    '{stem} School',
    'The {stem} School',
    '{stem} Community College',
    '{stem} Upper School',
    '{stem} Grammar School',
  ],
  special: ['{stem} School', 'The {stem} School', '{stem} Special School'],
  'all-through': ['{stem} All-Through Academy', '{stem} School (3-18)'],
};

export const FIRST_NAMES = [
  'Helen',
  'Priya',
  'James',
  'Sarah',
  'Tom',
  'Aisha',
  'David',
  'Rachel',
  'Mark',
  'Emma',
  'Daniel',
  'Fiona',
  'Kwame',
  'Joanne',
  'Richard',
  'Nadia',
  'Gareth',
  'Claire',
  'Imran',
  'Louise',
  'Peter',
  'Harriet',
  'Simon',
  'Ngozi',
  'Andrew',
  'Catherine',
  'Owen',
  'Zara',
  'Neil',
  'Bethan',
  'Matthew',
  'Anjali',
  'Stuart',
  'Lucy',
  'Chris',
  'Megan',
  'Ravi',
  'Sophie',
  'Ian',
  'Kate',
];

export const SURNAMES = [
  'Marsh',
  'Raman',
  'Whitfield',
  'Okafor',
  'Hughes',
  'Bennett',
  'Clarke',
  'Kaur',
  'Fletcher',
  'Turner',
  'Mensah',
  'Doyle',
  'Harrison',
  'Ahmed',
  'Price',
  'Walsh',
  'Lloyd',
  'Gallagher',
  'Patel',
  'Morgan',
  'Shaw',
  'Edwards',
  'Osei',
  'Barker',
  'Campbell',
  'Reid',
  'Hussain',
  'Foster',
  'Nolan',
  'Sutton',
  'Pearce',
  'Adeyemi',
  'Griffiths',
  'Chapman',
  'Iqbal',
  'Holloway',
  'Dunn',
  'Khan',
  'Webb',
  'Stevens',
];

/** The core team that meets every half term (names fixed so that the users below read naturally). */
export const FACILITATOR = { name: 'Helen Marsh', role: 'SLE facilitator', email: `helen.marsh@${ALLIANCE_DOMAIN}` };
export const CORE_TEAM_LEAD = {
  name: 'Dr Priya Raman',
  role: 'Director of the teaching school alliance',
  email: `priya.raman@${ALLIANCE_DOMAIN}`,
};
export const CORE_TEAM: { name: string; role: string }[] = [
  CORE_TEAM_LEAD,
  FACILITATOR,
  { name: 'Gareth Lloyd', role: 'Local authority school improvement adviser' },
  { name: 'Claire Whitfield', role: 'Headteacher, alliance partner school' },
  { name: 'Kwame Mensah', role: 'Headteacher, alliance partner school' },
];

/**
 * The second programme the alliance deploys through: the local maths hub's specialists, who give fewer days a
 * year than an SLE and work only on maths.
 */
export const MATHS_HUB = {
  programmeId: 'maths-hub',
  singular: 'Maths hub specialist',
  plural: 'Maths hub specialists',
  specialisms: ['maths-primary', 'maths-secondary'],
  yearlyDays: 12,
};

/** The maths hub's specialists: two primary, one secondary. */
export const MATHS_HUB_PROFILES: { specialisms: string[]; homePhase: Phase }[] = [
  { specialisms: ['maths-primary'], homePhase: 'primary' },
  { specialisms: ['maths-primary'], homePhase: 'primary' },
  { specialisms: ['maths-secondary'], homePhase: 'secondary' },
];

/**
 * The 18 SLEs, as the needs analysis designated them: the specialisms each holds and the phase of the
 * home school they come from. The generator adds names, home schools and capacity.
 */
export const SLE_PROFILES: { specialisms: string[]; homePhase: Phase; alsoWorksIn?: Phase[] }[] = [
  { specialisms: ['english-primary', 'phonics'], homePhase: 'primary' },
  { specialisms: ['english-primary', 'assessment'], homePhase: 'primary' },
  { specialisms: ['maths-primary', 'assessment'], homePhase: 'primary' },
  { specialisms: ['maths-primary', 'curriculum'], homePhase: 'primary', alsoWorksIn: ['special'] },
  { specialisms: ['phonics', 'early-years'], homePhase: 'primary', alsoWorksIn: ['special'] },
  { specialisms: ['early-years', 'english-primary'], homePhase: 'primary' },
  { specialisms: ['send', 'behaviour'], homePhase: 'special', alsoWorksIn: ['primary', 'secondary'] },
  { specialisms: ['send', 'pupil-premium'], homePhase: 'primary' },
  { specialisms: ['behaviour', 'pupil-premium'], homePhase: 'secondary' },
  { specialisms: ['english-secondary', 'leadership-of-cpd'], homePhase: 'secondary' },
  { specialisms: ['english-secondary', 'curriculum'], homePhase: 'all-through', alsoWorksIn: ['secondary'] },
  { specialisms: ['maths-secondary', 'assessment'], homePhase: 'secondary' },
  { specialisms: ['maths-secondary', 'computing'], homePhase: 'secondary' },
  { specialisms: ['science', 'initial-teacher-training'], homePhase: 'secondary' },
  { specialisms: ['science', 'curriculum'], homePhase: 'secondary', alsoWorksIn: ['all-through'] },
  { specialisms: ['mfl', 'leadership-of-cpd'], homePhase: 'secondary' },
  {
    specialisms: ['leadership-of-cpd', 'initial-teacher-training', 'school-business-management'],
    homePhase: 'primary',
    alsoWorksIn: ['secondary'],
  },
  {
    specialisms: ['behaviour', 'send', 'pupil-premium'],
    homePhase: 'all-through',
    alsoWorksIn: ['primary', 'secondary'],
  },
];

/** Which specialisms a school of each phase asks for, with weights (how often). */
export const DEMAND_BY_PHASE: Record<string, [string, number][]> = {
  primary: [
    ['english-primary', 5],
    ['maths-primary', 5],
    ['phonics', 4],
    ['early-years', 3],
    ['send', 2],
    ['behaviour', 2],
    ['pupil-premium', 2],
    ['assessment', 1],
    ['curriculum', 1],
    ['leadership-of-cpd', 1],
    ['school-business-management', 1],
  ],
  secondary: [
    ['english-secondary', 4],
    ['maths-secondary', 4],
    ['science', 3],
    ['behaviour', 3],
    ['send', 1],
    ['pupil-premium', 1],
    ['mfl', 1],
    ['computing', 1],
    ['leadership-of-cpd', 1],
    ['initial-teacher-training', 1],
  ],
  special: [
    ['send', 3],
    ['behaviour', 2],
    ['curriculum', 1],
  ],
  'all-through': [
    ['english-secondary', 2],
    ['maths-secondary', 2],
    ['phonics', 1],
    ['behaviour', 2],
    ['science', 1],
  ],
};

/** A measure that can be an expected outcome. `headline` measures are also school data shared across the alliance. */
export interface MeasureSpec {
  measure: string;
  unit: string;
  /** +1 when higher is better, -1 when lower is better. */
  direction: 1 | -1;
  baseline: [number, number];
  /** How far the target sits from the baseline, in the direction of improvement. */
  step: [number, number];
  headline?: true;
  /** For attainment results: the month-day from which the year's result is known. */
  knownFrom?: string;
  decimals?: 1;
}

export const HEADLINE = {
  ks2Reading: {
    measure: 'KS2 reading expected standard',
    unit: '%',
    direction: 1,
    baseline: [55, 80],
    step: [6, 12],
    headline: true,
    knownFrom: '07-01',
  },
  ks2Maths: {
    measure: 'KS2 maths expected standard',
    unit: '%',
    direction: 1,
    baseline: [55, 80],
    step: [6, 12],
    headline: true,
    knownFrom: '07-01',
  },
  phonicsCheck: {
    measure: 'Y1 phonics screening check pass rate',
    unit: '%',
    direction: 1,
    baseline: [62, 88],
    step: [8, 14],
    headline: true,
    knownFrom: '06-15',
  },
  gcseEnglish: {
    measure: 'GCSE English grade 4+',
    unit: '%',
    direction: 1,
    baseline: [50, 78],
    step: [5, 10],
    headline: true,
    knownFrom: '08-20',
  },
  gcseMaths: {
    measure: 'GCSE maths grade 4+',
    unit: '%',
    direction: 1,
    baseline: [48, 76],
    step: [5, 10],
    headline: true,
    knownFrom: '08-20',
  },
  persistentAbsence: {
    measure: 'Persistent absence',
    unit: '%',
    direction: -1,
    baseline: [12, 24],
    step: [3, 6],
    headline: true,
    decimals: 1,
  },
} satisfies Record<string, MeasureSpec>;

/** The headline measures recorded as school data for each phase. */
export const HEADLINES_BY_PHASE: Record<string, MeasureSpec[]> = {
  primary: [HEADLINE.ks2Reading, HEADLINE.ks2Maths, HEADLINE.phonicsCheck, HEADLINE.persistentAbsence],
  secondary: [HEADLINE.gcseEnglish, HEADLINE.gcseMaths, HEADLINE.persistentAbsence],
  special: [HEADLINE.persistentAbsence],
  'all-through': [
    HEADLINE.ks2Reading,
    HEADLINE.ks2Maths,
    HEADLINE.gcseEnglish,
    HEADLINE.gcseMaths,
    HEADLINE.persistentAbsence,
  ],
};

export interface SpecialismCatalogue {
  areasOfNeed: string[];
  /** The new focus an extension takes once trust is built. */
  extensionFoci: string[];
  /** What the SLE does on a visit, for contact notes. */
  activities: string[];
  measures: MeasureSpec[];
  /** A headline measure this support can move, when the school records it. */
  headline?: MeasureSpec;
}

const pct = (measure: string, baseline: [number, number], step: [number, number]): MeasureSpec => ({
  measure,
  unit: '%',
  direction: 1,
  baseline,
  step,
});
const fewer = (measure: string, unit: string, baseline: [number, number], step: [number, number]): MeasureSpec => ({
  measure,
  unit,
  direction: -1,
  baseline,
  step,
});
const more = (measure: string, unit: string, baseline: [number, number], step: [number, number]): MeasureSpec => ({
  measure,
  unit,
  direction: 1,
  baseline,
  step,
});

export const SPECIALISMS: Record<string, SpecialismCatalogue> = {
  'english-primary': {
    areasOfNeed: [
      'Quality of teaching in Year 2: too little teaching is good, and writing expectations are low',
      'KS2 reading: pupils do not read widely or often enough and inference is weak',
      'Writing across KS2: planning does not build composition and grammar in sequence',
    ],
    extensionFoci: [
      'Transition from Reception to Year 1 and the planning of Year 1 literacy',
      'Audit of the teaching of literacy in Year 1',
      'Greater depth writing in Year 6',
    ],
    activities: [
      'observed Y2 writing lessons with the English lead',
      'team-taught a guided reading sequence',
      'moderated Y6 writing books',
      'coached two teachers on modelling writing',
    ],
    measures: [
      pct('% of Y2 teaching judged good or better', [30, 50], [25, 35]),
      pct('Pupils reading at age-related expectations in Y3', [52, 66], [10, 15]),
    ],
    headline: HEADLINE.ks2Reading,
  },
  'maths-primary': {
    areasOfNeed: [
      'KS2 maths: reasoning and problem solving are weak, and too few pupils reach greater depth',
      'Quality of maths teaching in lower KS2: fluency is not secure and times tables lag behind',
      'Maths subject leadership is new and needs support to monitor teaching',
    ],
    extensionFoci: [
      'Mastery approaches in Year 3 and Year 4',
      'Coaching the new maths lead to monitor books and lessons',
      'Arithmetic fluency in upper KS2',
    ],
    activities: [
      'observed reasoning lessons in Y5 and Y6',
      'ran a staff meeting on bar modelling',
      'reviewed maths books with the subject lead',
      'co-planned a fractions unit with Y4',
    ],
    measures: [
      pct('% of maths lessons judged good or better', [35, 55], [20, 30]),
      more('Y4 multiplication tables check average score', 'marks out of 25', [15, 18], [2, 4]),
    ],
    headline: HEADLINE.ks2Maths,
  },
  phonics: {
    areasOfNeed: [
      'Early reading: the phonics programme is not taught with fidelity and too many pupils fall behind',
      'Phonics screening check results are well below national and catch-up is not systematic',
    ],
    extensionFoci: [
      'Keep-up sessions for pupils at risk of not passing the check',
      'Training teaching assistants to deliver catch-up phonics',
    ],
    activities: [
      'observed phonics sessions in Reception and Y1',
      'trained staff on the validated scheme',
      'assessed a sample of Y1 pupils with the reading lead',
      'set up daily keep-up groups',
    ],
    measures: [
      pct('Y1 pupils on track in phonics at the spring assessment', [45, 62], [15, 22]),
      pct('Phonics sessions taught with fidelity to the scheme', [40, 60], [30, 40]),
    ],
    headline: HEADLINE.phonicsCheck,
  },
  'early-years': {
    areasOfNeed: [
      'Early years: communication and language provision is weak and too few children reach a good level of development',
      'Reception provision: continuous provision lacks challenge and adult interactions are not purposeful',
    ],
    extensionFoci: ['Transition from Reception to Year 1', 'Developing the outdoor learning environment'],
    activities: [
      'observed adult interactions in Reception',
      'audited continuous provision',
      'modelled story time and talk sessions',
      'moderated EYFS profile judgements',
    ],
    measures: [
      pct('Good level of development (EYFS)', [52, 64], [8, 12]),
      pct('Reception children on track in communication and language', [55, 68], [10, 15]),
    ],
  },
  send: {
    areasOfNeed: [
      'SEND: provision maps are out of date and pupils with SEN support make weak progress',
      'The new SENCo needs support to lead provision and to work with parents',
      'Pupils with EHC plans are not included well in the curriculum',
    ],
    extensionFoci: [
      'Training teaching assistants in adaptive teaching',
      'Preparing for the local authority SEND review',
    ],
    activities: [
      'reviewed provision maps with the SENCo',
      'observed adaptive teaching in three classes',
      'ran a session for teaching assistants',
      'joined two annual reviews as a critical friend',
    ],
    measures: [
      pct('SEN support plans reviewed with parents each term', [35, 60], [25, 35]),
      fewer('Persistent absence of pupils with SEND', '%', [24, 34], [6, 10]),
    ],
    headline: HEADLINE.persistentAbsence,
  },
  behaviour: {
    areasOfNeed: [
      'Behaviour and attitudes: low-level disruption in lessons and a rise in fixed-term exclusions',
      'Attendance and behaviour: persistent absence is high and the behaviour policy is not applied consistently',
      'Unstructured times: incidents at break and lunchtime are frequent',
    ],
    extensionFoci: [
      'Training middle leaders to run restorative conversations',
      'Attendance: first-day calling and early help for persistent absentees',
    ],
    activities: [
      'walked the school with the senior leader for behaviour',
      'reviewed the behaviour log and exclusion data',
      'trained staff on the consistent routines',
      'observed lunchtime and break',
    ],
    measures: [
      fewer('Fixed-term exclusions per term', 'exclusions', [12, 24], [6, 10]),
      fewer('Behaviour incidents logged per week', 'incidents', [30, 55], [10, 22]),
    ],
    headline: HEADLINE.persistentAbsence,
  },
  'pupil-premium': {
    areasOfNeed: [
      'Disadvantaged pupils: the gap to their peers is wide and the pupil premium strategy is not evaluated',
      'Attendance and attainment of disadvantaged pupils lag well behind',
    ],
    extensionFoci: [
      'Writing and evaluating the next pupil premium strategy',
      'Tutoring for disadvantaged pupils in Year 6',
    ],
    activities: [
      'reviewed the pupil premium strategy with governors',
      'tracked a group of disadvantaged pupils across lessons',
      'met the attendance lead',
      'planned targeted tutoring',
    ],
    measures: [
      pct('Disadvantaged pupils at expected standard in reading, writing and maths', [28, 42], [10, 15]),
      fewer('Persistent absence of disadvantaged pupils', '%', [24, 34], [5, 9]),
    ],
  },
  assessment: {
    areasOfNeed: [
      'Assessment: teacher assessment is not accurate and information is not used to plan',
      'Moderation of writing judgements before statutory assessment',
    ],
    extensionFoci: ['Cross-school moderation in Year 2 and Year 6', 'Simplifying the assessment calendar'],
    activities: [
      'moderated writing with Y2 and Y6 teachers',
      'reviewed the assessment policy',
      'trained staff on question-level analysis',
      'observed feedback in lessons',
    ],
    measures: [pct('Teacher assessments confirmed at moderation', [55, 72], [15, 25])],
  },
  curriculum: {
    areasOfNeed: [
      'Curriculum: foundation subjects are not planned in sequence and knowledge is not built over time',
      'Curriculum leadership: subject leaders are new and cannot yet show the impact of their subjects',
    ],
    extensionFoci: ['Subject leader deep dives in history and geography', 'Curriculum for pupils with complex needs'],
    activities: [
      'ran a workshop on curriculum sequencing',
      'reviewed the humanities long-term plan',
      'carried out a deep dive with the science lead',
      'coached subject leaders on monitoring',
    ],
    measures: [
      more('Subjects with a sequenced curriculum plan', 'subjects', [3, 6], [4, 6]),
      pct('Subject leaders confident to lead a deep dive', [20, 40], [30, 45]),
    ],
  },
  'leadership-of-cpd': {
    areasOfNeed: [
      'Quality of teaching: too much teaching requires improvement and CPD is not linked to priorities',
      'Middle leadership: leaders do not yet hold staff to account for the quality of teaching',
    ],
    extensionFoci: ['Instructional coaching for early career teachers', 'Developing a middle leaders programme'],
    activities: [
      'co-delivered a CPD session on retrieval practice',
      'observed lessons jointly with the deputy head',
      'set up coaching pairs',
      'reviewed the CPD calendar',
    ],
    measures: [
      pct('% of teaching judged good or better', [50, 66], [15, 22]),
      more('Middle leaders completing the coaching programme', 'leaders', [0, 2], [3, 5]),
    ],
  },
  'initial-teacher-training': {
    areasOfNeed: [
      'Trainees and early career teachers need stronger mentoring; two trainees are at risk of not meeting the standards',
    ],
    extensionFoci: ['Training new mentors', 'Early career framework induction'],
    activities: [
      'observed trainees with their mentors',
      'ran a mentor training session',
      'reviewed trainee targets',
      'quality assured mentor meetings',
    ],
    measures: [
      pct("Trainees meeting the Teachers' Standards at final review", [65, 80], [12, 20]),
      pct('Early career teachers retained into year two', [60, 75], [10, 20]),
    ],
  },
  'school-business-management': {
    areasOfNeed: ['School business management: an in-year deficit is forecast and procurement is not reviewed'],
    extensionFoci: ['Three-year budget plan for governors', 'Review of support staff structure'],
    activities: [
      'reviewed the budget forecast with the business manager',
      'benchmarked spending',
      'reviewed contracts due for renewal',
      'met the finance committee chair',
    ],
    measures: [
      fewer('Forecast in-year deficit', '£k', [70, 140], [40, 70]),
      more('Annual procurement savings', '£k', [0, 8], [20, 35]),
    ],
  },
  'english-secondary': {
    areasOfNeed: [
      'GCSE English: too few pupils reach grade 4 and extended writing is weak',
      'KS3 reading: many Year 7 pupils arrive reading below their chronological age',
    ],
    extensionFoci: ['Disciplinary literacy across the curriculum', 'Year 11 intervention before the mocks'],
    activities: [
      'observed Y10 and Y11 English lessons',
      'moderated mock papers with the department',
      'set up a Y7 reading programme',
      'coached the new head of English',
    ],
    measures: [
      pct('Y11 English mock grade 4+', [45, 58], [8, 12]),
      pct('Y7 pupils reading at or above chronological age', [52, 66], [10, 15]),
    ],
  },
  'maths-secondary': {
    areasOfNeed: [
      'GCSE maths: outcomes are below floor and the department relies on supply teachers',
      'KS3 maths: curriculum is not sequenced and gaps from KS2 are not closed',
    ],
    extensionFoci: ['Supporting non-specialist teachers of maths', 'Year 11 revision programme'],
    activities: [
      'observed KS3 maths lessons',
      'co-planned a ratio unit',
      'reviewed the Y11 intervention list',
      'ran a session for non-specialists',
    ],
    measures: [
      pct('Y11 maths mock grade 4+', [42, 58], [8, 12]),
      pct('% of maths lessons judged good or better', [35, 55], [20, 30]),
    ],
  },
  science: {
    areasOfNeed: [
      'Science: practical work is rare and combined science outcomes are low',
      'Science department leadership: new head of department',
    ],
    extensionFoci: ['Required practicals in KS4', 'KS3 science curriculum review'],
    activities: [
      'observed practical lessons',
      'reviewed the KS3 scheme of work',
      'coached the head of science',
      'moderated Y10 assessments',
    ],
    measures: [
      pct('Y11 combined science mock grade 4+', [40, 55], [8, 12]),
      pct('% of science teaching judged good or better', [40, 58], [15, 25]),
    ],
  },
  mfl: {
    areasOfNeed: [
      'Modern foreign languages: few pupils choose a language at GCSE and KS3 teaching lacks phonics and vocabulary',
    ],
    extensionFoci: ['Phonics in KS3 French and Spanish'],
    activities: [
      'observed KS3 French lessons',
      'ran an options evening session',
      'reviewed vocabulary planning',
      'coached a new teacher of Spanish',
    ],
    measures: [pct('Y9 pupils choosing a GCSE language', [22, 34], [10, 15])],
  },
  computing: {
    areasOfNeed: ['Computing: the curriculum is ICT-skills based and no one on the staff is a specialist'],
    extensionFoci: ['Programming in KS3'],
    activities: [
      'reviewed the computing curriculum',
      'team-taught a programming unit',
      'supported the head of department with options',
    ],
    measures: [
      more('Y9 pupils choosing GCSE computer science', 'pupils', [10, 18], [8, 12]),
      pct('% of computing lessons judged good or better', [30, 50], [20, 30]),
    ],
  },
};

/** Why deployments were cancelled, by how far they had got. */
export const CANCELLATION_REASONS = {
  requested: [
    'The school secured support through the local authority instead',
    'The school joined a multi-academy trust that provides its own improvement support',
  ],
  brokered: ['The headteacher left; the new head wants to review priorities before any support starts'],
  deployed: [
    'The SLE is on long-term sick leave; the school will request support again next term',
    'The school is joining a multi-academy trust whose own specialists will take the work on',
  ],
};

export const CONTACT_NOTES = {
  onTrack: [
    'Good progress: staff have taken the new approach on board',
    'Actions from the last visit are completed; leaders are monitoring well',
    'Early signs of impact in books and lessons',
    'Work is on schedule; the next visit is booked',
  ],
  atRisk: [
    'Staff absence has delayed the planned work',
    'Leaders have not yet found time to follow up the actions',
    'Progress is slower than planned; agreed a tighter action plan',
    'The link teacher is on long-term absence; cover arrangements are being made',
  ],
  offTrack: [
    'Actions not started: the school is dealing with a staffing crisis',
    'Little change since the last visit; escalated to the facilitator',
  ],
  phone: [
    'Phone call with the headteacher to agree next steps',
    'Check-in call with the deputy head',
    'Call with the subject lead after a learning walk',
  ],
  email: [
    'Email update from the subject lead',
    'Email exchange with the headteacher about next steps',
    'Shared the action plan by email for comment',
  ],
};
