import {
  KEY_JUDGEMENT_AREAS,
  KEY_JUDGEMENT_SAFEGUARDING,
  KEY_JUDGEMENTS_FROM,
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADES,
  REPORT_CARD_SAFEGUARDING,
  REPORT_CARDS_FROM,
  CONTACT_CHANNELS,
  OFSTED_CATEGORIES,
  OFSTED_GRADES,
  PHASES,
  REQUEST_SOURCES,
  HALF_TERMS,
  ROLES,
  type HalfTerm,
} from '../../events/index.js';
import { typicalTermDates } from '../calendar/academic-calendar.js';
import { csvNote, toCsv } from '../shared/csv.js';

export const IMPORT_KINDS = ['schools', 'sles', 'deployments', 'people', 'ofsted-judgements', 'term-dates'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportColumn {
  name: string;
  required: boolean;
  description: string;
  example: string;
}

export interface ImportKindSpec {
  kind: ImportKind;
  title: string;
  /** Said once at the top of the template and on the import page. */
  notes: string[];
  columns: ImportColumn[];
  /** Example rows after the first (which is made of each column's example). */
  moreExamples?: Record<string, string>[];
}

/** The area columns of an Ofsted judgement: key judgements, then report-card areas (early years and sixth form are shared). */
export const OFSTED_AREA_COLUMNS = [...new Set<string>([...KEY_JUDGEMENT_AREAS, ...REPORT_CARD_AREAS])].map((area) => ({
  area,
  column: area.replaceAll('-', '_'),
}));

const DATE = 'a date written YYYY-MM-DD (DD/MM/YYYY is read as a UK date)';
const col = (name: string, required: boolean, description: string, example: string): ImportColumn => ({
  name,
  required,
  description,
  example,
});

/**
 * The spreadsheets an alliance can bring in: one row per school, per SLE, per past deployment, or per person to
 * invite. The columns map onto the request bodies of the API, and every row goes through the same validation
 * and rules.
 */
export function importKinds(specialisms: readonly string[]): ImportKindSpec[] {
  const COMMON = [
    'Lines starting with # are notes and are ignored. Keep the header row; the order of the columns does not matter.',
    'Nothing is imported unless every row is valid: check the file first (dry run), fix the rows it names, then import.',
  ];
  return [
    {
      kind: 'schools',
      title: 'Schools',
      notes: [...COMMON],
      columns: [
        col('urn', true, 'six-digit unique reference number of the school', '100101'),
        col('name', true, 'name of the school', 'Pioneer Primary School'),
        col('phase', true, `one of ${PHASES.join(' / ')}`, 'primary'),
        col('local_authority', true, 'local authority of the school', 'Buckinghamshire'),
        col(
          'ofsted_grade',
          false,
          `latest Ofsted grade if known: ${OFSTED_GRADES.join(' / ')}`,
          'requires-improvement',
        ),
        col('ofsted_category', false, `only for an inadequate school: ${OFSTED_CATEGORIES.join(' / ')}`, ''),
        col(
          'ofsted_inspected_on',
          false,
          `date of that inspection (before ${KEY_JUDGEMENTS_FROM}; import later ones as Ofsted judgements); needed with a grade; ${DATE}`,
          '2024-05-20',
        ),
      ],
      moreExamples: [
        {
          urn: '100102',
          name: 'Brook Primary School',
          phase: 'primary',
          local_authority: 'Buckinghamshire',
          ofsted_grade: 'good',
          ofsted_inspected_on: '2023-05-10',
        },
      ],
    },
    {
      kind: 'sles',
      title: 'SLEs',
      notes: [
        ...COMMON,
        'Import the SLEs home schools first. An SLE whose email is already held by a designated SLE is refused, so that an import run twice adds nobody twice.',
      ],
      columns: [
        col('name', true, 'full name of the SLE', 'Sam Patel'),
        col('email', true, 'email address of the SLE', 'sam.patel@school.example'),
        col('home_school_urn', true, 'URN of the school the SLE works at (already registered)', '100102'),
        col(
          'specialisms',
          true,
          `one or more separated by ; from ${specialisms.join(' / ')}`,
          'maths-primary; assessment',
        ),
        col('phases', true, `one or more separated by ; from ${PHASES.join(' / ')}`, 'primary'),
        col('capacity_days', true, 'whole days the SLE can give in one academic year (1 to 190)', '20'),
        col('designated_on', true, `date of designation; ${DATE}`, '2024-09-01'),
      ],
    },
    {
      kind: 'deployments',
      title: 'Past deployments',
      notes: [
        ...COMMON,
        'One row is one support case from the request to the SLE starting, with one measurable outcome; fill the four evaluation columns too if its impact was evaluated.',
        'The school and the SLE must be registered first. The same school, specialism, request date and SLE twice is refused as a duplicate.',
        `Contacts are not imported (so days delivered start at 0); log them on the deployment page. Contact channels are ${CONTACT_CHANNELS.join(' / ')}.`,
      ],
      columns: [
        col('school_urn', true, 'URN of the supported school', '100101'),
        col('specialism', true, `one of ${specialisms.join(' / ')}`, 'maths-primary'),
        col('area_of_need', true, 'the area of need agreed at the brokerage meeting', 'Reasoning in KS2 maths'),
        col('source', true, `who asked for support: ${REQUEST_SOURCES.join(' / ')}`, 'self-referral'),
        col('requested_on', true, `date support was requested; ${DATE}`, '2024-09-09'),
        col('meeting_on', true, `date of the brokerage meeting; ${DATE}`, '2024-09-16'),
        col(
          'attendees',
          true,
          'who attended the brokerage meeting, written Name (Role) and separated by ;',
          'Jo Head (Headteacher); Sam Patel (SLE)',
        ),
        col('sle', true, 'the SLE id, or the email of the SLE (already designated)', 'sam.patel@school.example'),
        col('start_date', true, `date the SLE started; ${DATE}`, '2024-09-23'),
        col('end_date', true, `agreed end date; ${DATE}`, '2025-02-14'),
        col('days_commissioned', true, 'days commissioned, whole or half days', '5'),
        col(
          'outcome_measure',
          true,
          'the expected outcome: what is measured',
          '% of Y6 working at expected standard in reasoning',
        ),
        col('outcome_unit', true, 'unit of the measure', '%'),
        col('outcome_baseline', true, 'value at the start', '48'),
        col('outcome_target', true, 'value aimed for (below the baseline when lower is better)', '70'),
        col('capacity_override_reason', false, "only to commission beyond the SLE's capacity knowingly: why", ''),
        col('evaluated_on', false, `date impact was evaluated; ${DATE}`, '2025-02-14'),
        col('outcome_actual', false, 'value of the measure at the evaluation', '72'),
        col('school_rating', false, "the school's rating of the support, 1 to 5", '5'),
        col('evaluation_summary', false, 'what changed', 'Reasoning now taught explicitly across KS2'),
      ],
    },
    {
      kind: 'people',
      title: 'People to invite',
      notes: [
        ...COMMON,
        'Each person gets an email with a one-time link (valid for 7 days) to set a password or sign in with Microsoft or Google. Without email, the links are shown once after the import.',
        'A facilitator may invite school and SLE users; an admin any role. Import the schools and SLEs first. An email that already has an account is refused.',
      ],
      columns: [
        col('name', true, 'full name of the person', 'Jo Head'),
        col('email', true, 'email address the invitation goes to', 'jo.head@pioneer.example'),
        col('role', true, `one of ${ROLES.join(' / ')}`, 'school'),
        col('school_urn', false, 'for a school user: URN of their school (already registered)', '100101'),
        col('sle', false, 'for an sle user: the SLE id, or the email of the SLE (already designated)', ''),
      ],
      moreExamples: [
        { name: 'Sam Patel', email: 'sam.patel@school.example', role: 'sle', sle: 'sam.patel@school.example' },
      ],
    },
    {
      kind: 'ofsted-judgements',
      title: 'Ofsted judgements',
      notes: [
        ...COMMON,
        'Register the schools first. Fill the columns of the generation the inspection date falls in, and leave the others empty:',
        `before ${KEY_JUDGEMENTS_FROM}, overall_effectiveness (and category); from then to the day before ${REPORT_CARDS_FROM}, the four key judgements (early_years and sixth_form where they apply, safeguarding and category if any); from ${REPORT_CARDS_FROM}, the report card's evaluation areas and safeguarding (the category follows from the grades).`,
      ],
      columns: [
        col('urn', true, 'six-digit URN of the school (already registered)', '100101'),
        col('inspected_on', true, `date of the inspection; ${DATE}`, '2026-01-14'),
        col('overall_effectiveness', false, `before ${KEY_JUDGEMENTS_FROM}: ${OFSTED_GRADES.join(' / ')}`, ''),
        ...OFSTED_AREA_COLUMNS.map(({ area, column }) =>
          col(
            column,
            false,
            (KEY_JUDGEMENT_AREAS as readonly string[]).includes(area)
              ? (REPORT_CARD_AREAS as readonly string[]).includes(area)
                ? `where it applies: ${OFSTED_GRADES.join(' / ')} (key judgements) or ${REPORT_CARD_GRADES.join(' / ')} (report card)`
                : `key judgements: ${OFSTED_GRADES.join(' / ')}`
              : `report card: ${REPORT_CARD_GRADES.join(' / ')}`,
            (REPORT_CARD_AREAS as readonly string[]).includes(area) && !['early-years', 'sixth-form'].includes(area)
              ? area === 'achievement'
                ? 'needs-attention'
                : 'expected-standard'
              : '',
          ),
        ),
        col(
          'safeguarding',
          false,
          `${KEY_JUDGEMENT_SAFEGUARDING.join(' / ')} (key judgements) or ${REPORT_CARD_SAFEGUARDING.join(' / ')} (report card, required)`,
          'met',
        ),
        col(
          'category',
          false,
          `before report cards, if the school was placed in one: ${OFSTED_CATEGORIES.join(' / ')}`,
          '',
        ),
      ],
      moreExamples: [{ urn: '100102', inspected_on: '2023-05-10', overall_effectiveness: 'good' }],
    },
    {
      kind: 'term-dates',
      title: 'Term dates',
      notes: [
        ...COMMON,
        "Each half term's first and last teaching day; the days between are holidays, never counted as school days.",
        "A row without a local authority is the alliance's dates for the year; with one, that authority's schools keep those dates instead. A year already defined is replaced.",
      ],
      columns: [
        col('academic_year', true, 'the academic year, such as 2025-26', '2025-26'),
        col(
          'local_authority',
          false,
          "a local authority with its own dates (its schools registered); blank for the alliance's",
          '',
        ),
        ...HALF_TERMS.flatMap((halfTerm, i) => [
          col(
            halfTermColumn(halfTerm, 'first'),
            true,
            `first teaching day of ${halfTerm}; ${DATE}`,
            TYPICAL_2025[i].from,
          ),
          col(halfTermColumn(halfTerm, 'last'), true, `last teaching day of ${halfTerm}; ${DATE}`, TYPICAL_2025[i].to),
        ]),
      ],
    },
  ];
}

/** `autumn_1_first_day`: the column of a half term's first or last teaching day. */
export const halfTermColumn = (halfTerm: HalfTerm, day: 'first' | 'last') => `${halfTerm.replace('-', '_')}_${day}_day`;

const TYPICAL_2025 = typicalTermDates('2025-26');

export const isImportKind = (value: string): value is ImportKind => (IMPORT_KINDS as readonly string[]).includes(value);

const ROW_NOUNS: Record<ImportKind, string> = {
  schools: 'school',
  sles: 'SLE',
  deployments: 'past deployment',
  people: 'person',
  'ofsted-judgements': 'inspection',
  'term-dates': 'academic year (and local authority)',
};

/** A CSV to fill in: notes on every column (as # lines), the header, and one example row. */
export function templateCsv(spec: ImportKindSpec): string {
  const notes = [
    `${spec.title}: one row per ${ROW_NOUNS[spec.kind]}. Replace the example rows with your own.`,
    ...spec.notes,
    ...spec.columns.map((c) => `${c.name} (${c.required ? 'required' : 'optional'}): ${c.description}`),
  ].map(csvNote);
  const rows = [
    spec.columns.map((c) => c.example),
    ...(spec.moreExamples ?? []).map((example) => spec.columns.map((c) => example[c.name] ?? '')),
  ];
  const body = toCsv([spec.columns.map((c) => c.name), ...rows]);
  return `${notes.join('\r\n')}\r\n${body}`;
}
