import type { IsoDate, OfstedCategory, OfstedGrade, Phase, RequestSource } from '../../events/index.js';
import {
  ALLIANCE_NAME,
  CORE_TEAM,
  CORE_TEAM_LEAD,
  DEMAND_BY_PHASE,
  FACILITATOR,
  FIRST_NAMES,
  LOCAL_AUTHORITIES,
  MATHS_HUB,
  MATHS_HUB_PROFILES,
  NAME_PATTERNS,
  NAME_STEMS,
  SAINTS,
  SCHOOL_MIX,
  SLE_PROFILES,
  SURNAMES,
} from './alliance-catalogue.js';
import {
  STEP_ORDER,
  type DemoPlan,
  type PlannedSchool,
  type PlannedSle,
  type PlannedJudgement,
  type PlannedStep,
  type PlannedUser,
} from './demo-plan.js';
import { planOutcomesAndData, type CaseOutcomes } from './outcome-values.js';
import { Prng } from './prng.js';
import { planReviews } from './review-planner.js';
import { addDays, nextSchoolDay } from './school-days.js';
import { planCase, type CaseBrief, type CaseFate, type CaseStory, type CaseTimeline } from './support-case-planner.js';

export const DEMO_SEED = 2011;
export const DEMO_TODAY: IsoDate = '2026-11-23';
export const DEMO_SETUP_ON: IsoDate = '2024-07-01';

type OfstedStep = Extract<PlannedStep, { kind: 'ofsted' }>;
type Grade = OfstedGrade | 'none';

/**
 * The demo alliance, generated from a seed: 40 schools, 18 SLEs, two academic years of deployments and the
 * autumn of a third, half-term reviews and school data; and three maths hub specialists with work of their own.
 * Pure: the same seed gives the same plan.
 */
export function generateAlliance(seed = DEMO_SEED, today = DEMO_TODAY): DemoPlan {
  const rng = new Prng(seed);
  const people = peoplePool(rng);
  const schools = planSchools(rng, people);
  const sles = planSles(rng, schools, people);
  const { briefs, ofsted: earlyJudgements } = planBriefs(rng, schools, sles);
  const cases = briefs.map((brief) => planCase(brief, today, rng, people));
  const { outcomes, dataPoints } = planOutcomesAndData(rng, schools, cases);
  const inspections = [...earlyJudgements, ...planInspectionsAfterSupport(rng, schools, cases)];
  const ofstedSteps = [...inspections, ...planReportCards(rng, schools, cases, inspections, today)].sort((a, b) =>
    a.on < b.on ? -1 : a.on > b.on ? 1 : 0,
  );
  // Planned last, from a generator of its own, so that the SLEs' alliance is the same with or without it.
  const hub = planMathsHub(new Prng(seed + 1), schools, today, people);
  const reviews = planReviews({
    academicYears: ['2024-25', '2025-26', '2026-27'],
    today,
    schools,
    cases,
    ofstedSteps,
    dataPoints,
  });

  const steps: PlannedStep[] = [
    ...ofstedSteps,
    ...dataPoints,
    ...cases.flatMap((c) => caseSteps(c, outcomes.get(c.brief.key))),
    ...hub.cases.flatMap((c) => caseSteps(c, hub.outcomes.get(c.brief.key))),
    ...reviews,
  ];
  const order = (s: PlannedStep) => STEP_ORDER.indexOf(s.kind);
  const indexed = steps.map((step, index) => ({ step, index }));
  indexed.sort((a, b) =>
    a.step.on < b.step.on ? -1 : a.step.on > b.step.on ? 1 : order(a.step) - order(b.step) || a.index - b.index,
  );
  const sorted = indexed.map(({ step }) => step);
  const late = sorted.find((s) => s.on > today);
  if (late) throw new Error(`Demo plan error: a ${late.kind} step is dated ${late.on}, after ${today}`);

  return {
    allianceName: ALLIANCE_NAME,
    setupOn: DEMO_SETUP_ON,
    today,
    programmes: [MATHS_HUB],
    schools,
    sles: [...sles, ...hub.specialists],
    users: planUsers(schools, sles, cases),
    steps: sorted,
  };
}

/** Distinct names, never one of the core team's. */
function peoplePool(rng: Prng): () => string {
  const taken = new Set(CORE_TEAM.map((p) => p.name));
  const coreSurnames = CORE_TEAM.map((p) => p.name.split(' ').at(-1));
  const firsts = rng.shuffle(FIRST_NAMES);
  const lasts = rng.shuffle(SURNAMES.filter((s) => !coreSurnames.includes(s)));
  // Walking both lists at once keeps neighbours apart and never repeats a pair within lcm(40, 35) names.
  let n = 0;
  return () => {
    for (;;) {
      const name = `${firsts[n % firsts.length]} ${lasts[n % lasts.length]}`;
      n++;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A school day between the dates, each equally likely (the first school day after `to` when there is none). */
function randomSchoolDay(rng: Prng, from: IsoDate, to: IsoDate): IsoDate {
  const days: IsoDate[] = [];
  for (let d = nextSchoolDay(from); d <= to; d = nextSchoolDay(addDays(d, 1))) days.push(d);
  return days.length ? rng.pick(days) : nextSchoolDay(to);
}

const GRADES_BY_PHASE: Record<string, [Grade, number][]> = {
  primary: [
    ['outstanding', 6],
    ['good', 10],
    ['requires-improvement', 7],
    ['inadequate', 2],
    ['none', 1],
  ],
  secondary: [
    ['outstanding', 2],
    ['good', 3],
    ['requires-improvement', 3],
    ['inadequate', 1],
  ],
  special: [
    ['outstanding', 1],
    ['good', 1],
    ['requires-improvement', 1],
  ],
  'all-through': [
    ['outstanding', 1],
    ['good', 1],
  ],
};

/** When the school was last inspected, by grade: outstanding schools were long exempt, weaker ones seen recently. */
const INSPECTED_BETWEEN: Record<OfstedGrade, [IsoDate, IsoDate]> = {
  outstanding: ['2014-01-13', '2019-07-12'],
  good: ['2018-09-17', '2023-07-14'],
  'requires-improvement': ['2022-09-19', '2024-06-28'],
  inadequate: ['2023-09-18', '2024-06-21'],
};

const LA_WEIGHTS: [string, number][] = [
  [LOCAL_AUTHORITIES[0], 14],
  [LOCAL_AUTHORITIES[1], 10],
  [LOCAL_AUTHORITIES[2], 8],
  [LOCAL_AUTHORITIES[3], 8],
];

function weighted<T>(rng: Prng, options: [T, number][]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return options[options.length - 1][0];
}

function planSchools(rng: Prng, person: () => string): PlannedSchool[] {
  const stems = rng.shuffle(NAME_STEMS);
  const saints = rng.shuffle(SAINTS);
  const urns = new Set<string>();
  const schools: PlannedSchool[] = [];
  let inadequateSeen = 0;
  for (const { phase, count } of SCHOOL_MIX) {
    const grades = rng.shuffle(GRADES_BY_PHASE[phase].flatMap(([grade, n]) => Array<Grade>(n).fill(grade)));
    for (let i = 0; i < count; i++) {
      const localAuthority = weighted(rng, LA_WEIGHTS);
      // Grammar, upper and combined schools belong to Buckinghamshire's selective system.
      const patterns = NAME_PATTERNS[phase].filter(
        (p) => localAuthority === 'Buckinghamshire' || !/Grammar|Upper|Combined/.test(p),
      );
      const pattern = rng.pick(patterns);
      const name = pattern
        .replace('{stem}', stems.pop()!)
        .replace('{saint}', pattern.includes('{saint}') ? saints.pop()! : '');
      let urn: string;
      do urn = String(rng.int(110000, 149999));
      while (urns.has(urn));
      urns.add(urn);
      const grade = grades[i];
      let ofsted: PlannedSchool['ofsted'];
      if (grade !== 'none') {
        const [from, to] = INSPECTED_BETWEEN[grade];
        const category: OfstedCategory | undefined =
          grade === 'inadequate'
            ? ((['serious-weaknesses', 'special-measures', undefined] as const)[inadequateSeen++ % 3] ?? undefined)
            : undefined;
        ofsted = { grade, ...(category ? { category } : {}), inspectedOn: randomSchoolDay(rng, from, to) };
      }
      schools.push({
        urn,
        name,
        phase,
        localAuthority,
        ofsted,
        headteacher: person(),
        emailDomain: `${slug(name).replace(/-school$/, '')}.example`,
      });
    }
  }
  return schools;
}

function planSles(rng: Prng, schools: PlannedSchool[], person: () => string): PlannedSle[] {
  const hosted = new Map<string, number>();
  return SLE_PROFILES.map((profile, index) => {
    const candidates = rng
      .shuffle(
        schools.filter(
          (s) => s.phase === profile.homePhase && (s.ofsted?.grade === 'outstanding' || s.ofsted?.grade === 'good'),
        ),
      )
      .sort((a, b) => (hosted.get(a.urn) ?? 0) - (hosted.get(b.urn) ?? 0));
    const home = candidates[0];
    hosted.set(home.urn, (hosted.get(home.urn) ?? 0) + 1);
    const name = person();
    const phases: Phase[] = [profile.homePhase, ...(profile.alsoWorksIn ?? [])];
    return {
      key: `sle-${index + 1}`,
      name,
      email: `${slug(name).replace('-', '.')}@${home.emailDomain}`,
      homeSchoolUrn: home.urn,
      specialisms: profile.specialisms,
      phases,
      capacityDays: rng.pick([18, 20, 24, 25, 30]),
      designatedOn: randomSchoolDay(rng, '2019-09-02', '2024-06-28'),
    };
  });
}

/**
 * The maths hub's specialists, designated into their programme with its days a year, and their work: two
 * primary schools supported and evaluated in 2025-26, one under way and one asking this autumn. Their outcomes
 * are measured in the work's own measures, not the school data the SLEs' work moves.
 */
function planMathsHub(
  rng: Prng,
  schools: PlannedSchool[],
  today: IsoDate,
  person: () => string,
): { specialists: PlannedSle[]; cases: CaseTimeline[]; outcomes: Map<string, CaseOutcomes> } {
  const strong = (s: PlannedSchool) => s.ofsted?.grade === 'outstanding' || s.ofsted?.grade === 'good';
  const specialists = MATHS_HUB_PROFILES.map((profile, index): PlannedSle => {
    const home = rng.pick(schools.filter((s) => s.phase === profile.homePhase && strong(s)));
    const name = person();
    return {
      key: `hub-${index + 1}`,
      name,
      email: `${slug(name).replace('-', '.')}@${home.emailDomain}`,
      homeSchoolUrn: home.urn,
      specialisms: profile.specialisms,
      phases: [profile.homePhase],
      capacityDays: MATHS_HUB.yearlyDays,
      designatedOn: randomSchoolDay(rng, '2023-09-04', '2024-06-28'),
      programmes: [MATHS_HUB.programmeId],
    };
  });
  const homes = new Set(specialists.map((s) => s.homeSchoolUrn));
  const supported = rng.sample(
    schools.filter((s) => s.phase === 'primary' && !homes.has(s.urn) && s.ofsted?.grade !== 'outstanding'),
    4,
  );
  const work: { from: IsoDate; to: IsoDate; fate: CaseFate; story: CaseStory }[] = [
    { from: '2025-09-08', to: '2025-10-10', fate: 'evaluated', story: 'smooth' },
    { from: '2025-11-03', to: '2025-12-12', fate: 'evaluated', story: 'wobble' },
    { from: '2026-09-07', to: '2026-10-02', fate: 'deployed', story: 'smooth' },
    { from: '2026-11-09', to: '2026-11-20', fate: 'requested', story: 'smooth' },
  ];
  const cases = work.map(({ from, to, fate, story: fixed }, i) => {
    const timeline = planCase(
      {
        key: `hub-case-${i + 1}`,
        school: supported[i],
        specialism: 'maths-primary',
        requestedOn: randomSchoolDay(rng, from, to),
        fate,
        story: fixed,
        extended: false,
        source: i % 2 ? 'local-authority' : 'self-referral',
        bySchoolUser: false,
        programme: MATHS_HUB.programmeId,
        ...(fate === 'deployed' ? { latestStatus: 'on-track' as const } : {}),
      },
      today,
      rng,
      person,
    );
    timeline.measures = timeline.measures.filter((m) => !m.headline);
    return timeline;
  });
  // The data points this plans for the supported schools are left out: the SLEs' plan holds theirs.
  const { outcomes } = planOutcomesAndData(rng, supported, cases);
  return { specialists, cases, outcomes };
}

interface Window {
  from: IsoDate;
  to: IsoDate;
  count: number;
}

/** Request dates across an academic year starting in `year`: an autumn rush, a winter trickle, a spring round. */
function yearWindows(year: number): Window[] {
  return [
    { from: `${year}-09-03`, to: `${year}-10-09`, count: 8 },
    { from: `${year}-11-04`, to: `${year + 1}-01-30`, count: 8 },
    { from: `${year + 1}-02-24`, to: `${year + 1}-04-30`, count: 6 },
  ];
}

function requestDates(rng: Prng, windows: Window[]): IsoDate[] {
  return windows.flatMap((w) => Array.from({ length: w.count }, () => randomSchoolDay(rng, w.from, w.to))).sort();
}

function story(rng: Prng): CaseStory {
  return weighted<CaseStory>(rng, [
    ['smooth', 55],
    ['wobble', 30],
    ['struggle', 15],
  ]);
}

function source(rng: Prng, school: PlannedSchool): RequestSource {
  if (school.ofsted?.grade === 'inadequate') return rng.pick(['dfe', 'local-authority'] as const);
  return weighted<RequestSource>(rng, [
    ['self-referral', 45],
    ['core-team', 25],
    ['local-authority', 20],
    ['dfe', 10],
  ]);
}

/**
 * Who asks for what, when, and how far each case has got: every weaker school is supported in the first year,
 * a few schools commission their SLE again the next year, and the current autumn has work at every stage.
 */
function planBriefs(
  rng: Prng,
  schools: PlannedSchool[],
  sles: PlannedSle[],
): { briefs: CaseBrief[]; ofsted: OfstedStep[] } {
  const briefs: CaseBrief[] = [];
  const ofsted: OfstedStep[] = [];
  const taken = new Set<string>();
  const canServe = (school: PlannedSchool, specialism: string) =>
    sles.some((s) => s.specialisms.includes(specialism) && s.homeSchoolUrn !== school.urn);
  const specialismFor = (school: PlannedSchool, year: string) => {
    for (;;) {
      const specialism = weighted(rng, DEMAND_BY_PHASE[school.phase]);
      if (canServe(school, specialism) && !taken.has(`${year}|${school.urn}|${specialism}`)) {
        taken.add(`${year}|${school.urn}|${specialism}`);
        return specialism;
      }
    }
  };
  let n = 0;
  const brief = (
    school: PlannedSchool,
    year: string,
    requestedOn: IsoDate,
    fate: CaseFate,
    extra: Partial<CaseBrief> = {},
  ): CaseBrief => ({
    key: `case-${++n}`,
    school,
    specialism: extra.specialism ?? specialismFor(school, year),
    requestedOn,
    fate,
    story: story(rng),
    extended: fate === 'evaluated' && rng.chance(0.3),
    source: source(rng, school),
    bySchoolUser: false,
    ...extra,
  });

  const weak = schools.filter((s) => s.ofsted?.grade === 'requires-improvement' || s.ofsted?.grade === 'inadequate');
  const others = schools.filter((s) => s.ofsted?.grade === 'good' || !s.ofsted);

  // 2024-25: every weaker school, and some good schools asking for a specific area.
  const year1Dates = requestDates(rng, yearWindows(2024));
  const year1Schools = rng.shuffle([...weak, ...rng.sample(others, year1Dates.length - weak.length)]);
  const year1Fates: Record<number, CaseFate> = {
    4: 'cancelled-requested',
    6: 'cancelled-deployed',
    10: 'cancelled-brokered',
  };
  // The weaker schools all receive their support: the cancelled cases fall to good schools.
  for (const index of Object.keys(year1Fates).map(Number)) {
    if (!weak.includes(year1Schools[index])) continue;
    const swap = year1Schools.findIndex((s, i) => !weak.includes(s) && !(i in year1Fates));
    [year1Schools[index], year1Schools[swap]] = [year1Schools[swap], year1Schools[index]];
  }
  const year1 = year1Dates.map((on, i) => brief(year1Schools[i], '2024-25', on, year1Fates[i] ?? 'evaluated'));
  briefs.push(...year1);

  // Two good primaries unsupported so far are inspected in the spring of 2025 (key judgements, no overall grade)
  // and their quality of education falls to requires improvement.
  const year1Urns = new Set(year1Schools.map((s) => s.urn));
  const slipping = rng.sample(
    others.filter((s) => s.phase === 'primary' && s.ofsted && !year1Urns.has(s.urn)),
    2,
  );
  for (const school of slipping) {
    ofsted.push({
      kind: 'ofsted',
      on: randomSchoolDay(rng, '2025-01-13', '2025-03-21'),
      urn: school.urn,
      judgement: keyJudgements('requires-improvement'),
    });
  }

  // 2025-26: the slipping schools, the inadequate ones again, follow-up commissions with the same SLE, then new requests.
  const year2Dates = requestDates(rng, yearWindows(2025));
  const followUps = rng.sample(
    year1.filter((b) => b.fate === 'evaluated' && b.story !== 'struggle'),
    5,
  );
  const year2Fates: Record<number, CaseFate> = {
    2: 'cancelled-deployed',
    13: 'cancelled-requested',
    20: 'deployed',
    21: 'deployed',
  };
  const year2Picks: { school: PlannedSchool; extra: Partial<CaseBrief> }[] = [
    ...slipping.map((school) => ({ school, extra: { source: 'local-authority' as const } })),
    ...weak
      .filter((s) => s.ofsted?.grade === 'inadequate')
      .map((school) => ({ school, extra: { source: 'dfe' as const } })),
    ...followUps.map((b) => ({
      school: b.school,
      extra: { specialism: b.specialism, preferSleOfCase: b.key, source: 'self-referral' as const },
    })),
  ];
  const pool = schools.filter((s) => s.ofsted?.grade !== 'outstanding');
  while (year2Picks.length < year2Dates.length) year2Picks.push({ school: rng.pick(pool), extra: {} });
  for (const { school, extra } of year2Picks)
    if (extra.specialism) taken.add(`2025-26|${school.urn}|${extra.specialism}`);
  const year2Order = rng.shuffle(year2Picks);
  year2Dates.forEach((on, i) => {
    const fate = year2Fates[i] ?? 'evaluated';
    const { school, extra } = year2Order[i];
    const crossing =
      fate === 'deployed'
        ? { crossesSummer: true, extended: true, story: (i === 20 ? 'smooth' : 'wobble') as CaseStory }
        : {};
    briefs.push(brief(school, '2025-26', on, fate, { ...extra, ...crossing }));
  });

  // 2026-27 so far: work at every stage, as a newcomer would find it today.
  const year3: { from: IsoDate; to: IsoDate; fate: CaseFate; story?: CaseStory }[] = [
    { from: '2026-09-07', to: '2026-09-18', fate: 'cancelled-requested' },
    { from: '2026-09-07', to: '2026-10-09', fate: 'deployed', story: 'smooth' },
    { from: '2026-09-07', to: '2026-10-09', fate: 'deployed', story: 'wobble' },
    { from: '2026-09-07', to: '2026-10-09', fate: 'deployed', story: 'struggle' },
    { from: '2026-10-05', to: '2026-11-04', fate: 'brokered' },
    { from: '2026-10-05', to: '2026-11-04', fate: 'brokered' },
    { from: '2026-10-05', to: '2026-11-04', fate: 'brokered' },
    { from: '2026-11-09', to: '2026-11-20', fate: 'requested' },
    { from: '2026-11-09', to: '2026-11-20', fate: 'requested' },
    { from: '2026-11-09', to: '2026-11-20', fate: 'requested' },
  ];
  const year3Schools = rng.sample(pool, year3.length);
  year3.forEach(({ from, to, fate, story: fixed }, i) => {
    // The first of the newest requests comes from the school's own account.
    const selfReferred = i === 7 ? { bySchoolUser: true, source: 'self-referral' as const } : {};
    // Work under way today shows each progress status at its latest contact.
    const latest =
      fate === 'deployed'
        ? {
            latestStatus:
              fixed === 'struggle'
                ? ('off-track' as const)
                : fixed === 'wobble'
                  ? ('at-risk' as const)
                  : ('on-track' as const),
          }
        : {};
    briefs.push(
      brief(year3Schools[i], '2026-27', randomSchoolDay(rng, from, to), fate, {
        ...(fixed ? { story: fixed } : {}),
        ...selfReferred,
        ...latest,
      }),
    );
  });
  return { briefs, ofsted };
}

/**
 * Key judgements (September 2024 to 9 November 2025): quality of education at `lowest`, leadership good
 * unless `lowest` is inadequate, the rest good.
 */
function keyJudgements(lowest: OfstedGrade): PlannedJudgement {
  return {
    areas: {
      'quality-of-education': lowest,
      'behaviour-and-attitudes': 'good',
      'personal-development': 'good',
      'leadership-and-management': lowest === 'inadequate' ? lowest : 'good',
    },
    safeguarding: 'effective',
  };
}

/** A report card at expected standard in every area but those given. */
function reportCard(areas: Record<string, string> = {}): PlannedJudgement {
  return {
    areas: {
      inclusion: 'expected-standard',
      'curriculum-and-teaching': 'expected-standard',
      achievement: 'expected-standard',
      'attendance-and-behaviour': 'expected-standard',
      'personal-development-and-well-being': 'expected-standard',
      'leadership-and-governance': 'expected-standard',
      ...areas,
    },
    safeguarding: 'met',
  };
}

/**
 * Inspections after support, under key judgements until 9 November 2025: most schools that required
 * improvement and were supported in 2024-25 are judged good throughout; the rest at least hold their grades,
 * and an inadequate school leaves its category.
 */
function planInspectionsAfterSupport(rng: Prng, schools: PlannedSchool[], cases: CaseTimeline[]): OfstedStep[] {
  const steps: OfstedStep[] = [];
  for (const school of schools) {
    const grade = school.ofsted?.grade;
    if (grade !== 'requires-improvement' && grade !== 'inadequate') continue;
    const supported = cases.filter(
      (c) => c.brief.school.urn === school.urn && c.evaluatedOn && c.evaluatedOn < '2025-09-01',
    );
    if (!supported.length) continue;
    const lastEvaluation = supported
      .map((c) => c.evaluatedOn!)
      .sort()
      .at(-1)!;
    const from = addDays(lastEvaluation, 40);
    const to = '2025-10-24';
    if (from > to) continue;
    const improved = supported.some((c) => c.brief.story !== 'struggle') && rng.chance(0.8);
    const lowest: OfstedGrade =
      grade === 'inadequate' ? 'requires-improvement' : improved ? 'good' : 'requires-improvement';
    steps.push({
      kind: 'ofsted',
      on: randomSchoolDay(rng, from, to),
      urn: school.urn,
      judgement: keyJudgements(lowest),
    });
  }
  return steps;
}

/**
 * Report cards (from 10 November 2025) for schools supported in 2025-26 and never inspected since 2024: a
 * card before the SLE started with one area needing attention, and, for most, a card after the evaluation with
 * that area at expected standard. A school that required improvement at its last inspection (overall, or
 * in a key judgement) gets its one card after the evaluation.
 */
function planReportCards(
  rng: Prng,
  schools: PlannedSchool[],
  cases: CaseTimeline[],
  earlier: OfstedStep[],
  today: IsoDate,
): OfstedStep[] {
  const steps: OfstedStep[] = [];
  const inspectedLately = new Set(earlier.filter((s) => s.on >= '2024-09-01').map((s) => s.urn));
  const areas = ['achievement', 'curriculum-and-teaching', 'attendance-and-behaviour', 'inclusion'];
  const last = addDays(today, -7);
  for (const school of schools) {
    const c = cases.find(
      (k) => k.brief.school.urn === school.urn && k.startedOn && k.startedOn >= '2025-12-01' && k.evaluatedOn,
    );
    if (!c || !c.startedOn || !c.evaluatedOn) continue;
    const after = addDays(c.evaluatedOn, 30);
    if (after > last) continue;
    const on = randomSchoolDay(rng, after, last);
    if (on > last) continue;
    // Requires improvement at the last inspection (overall, or key judgements since): one card, after support.
    const lastEarlier = earlier.filter((s) => s.urn === school.urn).at(-1)?.judgement;
    const requiredImprovement = lastEarlier
      ? Object.values(lastEarlier.areas ?? {}).includes('requires-improvement')
      : school.ofsted?.grade === 'requires-improvement' || school.ofsted?.grade === 'inadequate';
    if (requiredImprovement) {
      steps.push({ kind: 'ofsted', on, urn: school.urn, judgement: reportCard() });
      continue;
    }
    if (inspectedLately.has(school.urn)) continue;
    const before = randomSchoolDay(rng, '2025-11-10', addDays(c.startedOn, -14));
    if (before >= c.startedOn) continue;
    const area = rng.pick(areas);
    steps.push({ kind: 'ofsted', on: before, urn: school.urn, judgement: reportCard({ [area]: 'needs-attention' }) });
    const improved = c.brief.story !== 'struggle' && rng.chance(0.75);
    steps.push({
      kind: 'ofsted',
      on,
      urn: school.urn,
      judgement: reportCard(
        improved ? { 'personal-development-and-well-being': 'strong-standard' } : { [area]: 'needs-attention' },
      ),
    });
  }
  return steps;
}

function caseSteps(c: CaseTimeline, outcomes: CaseOutcomes | undefined): PlannedStep[] {
  const { brief } = c;
  const key = brief.key;
  const steps: PlannedStep[] = [
    {
      kind: 'request',
      on: brief.requestedOn,
      caseKey: key,
      schoolUrn: brief.school.urn,
      specialism: brief.specialism,
      areaOfNeed: c.areaOfNeed,
      source: brief.source,
      bySchoolUser: brief.bySchoolUser,
      ...(brief.programme ? { programme: brief.programme } : {}),
    },
  ];
  if (c.meeting) {
    steps.push({
      kind: 'brokerage-meeting',
      on: c.meeting.heldOn,
      caseKey: key,
      attendees: c.meeting.attendees,
      areaOfNeed: c.areaOfNeed,
      startDate: c.meeting.startDate,
      endDate: c.meeting.endDate,
      daysCommissioned: c.meeting.daysCommissioned,
      expectedOutcomes: outcomes!.expected,
      ...(brief.preferSleOfCase ? { preferSleOfCase: brief.preferSleOfCase } : {}),
    });
  }
  if (c.startedOn) steps.push({ kind: 'deploy', on: c.startedOn, caseKey: key });
  for (const contact of c.contacts) steps.push({ kind: 'contact', caseKey: key, ...contact });
  if (c.extension) steps.push({ kind: 'extension', caseKey: key, ...c.extension });
  if (c.evaluatedOn) {
    steps.push({
      kind: 'evaluation',
      on: c.evaluatedOn,
      caseKey: key,
      outcomes: outcomes!.expected.map((o, i) => ({ measure: o.measure, actual: outcomes!.actuals[i] })),
      schoolRating: outcomes!.schoolRating,
      summary: outcomes!.summary,
    });
  }
  if (c.cancellation) steps.push({ kind: 'cancellation', caseKey: key, ...c.cancellation });
  return steps;
}

/** One account per role: the facilitator, the core team's lead, two headteachers and one SLE. */
function planUsers(schools: PlannedSchool[], sles: PlannedSle[], cases: CaseTimeline[]): PlannedUser[] {
  const selfReferring = cases.find((c) => c.brief.bySchoolUser)!.brief.school;
  const struggling =
    cases.find(
      (c) => c.brief.fate === 'deployed' && c.brief.story === 'struggle' && c.brief.school.urn !== selfReferring.urn,
    )?.brief.school ?? schools.find((s) => s.urn !== selfReferring.urn && s.ofsted?.grade === 'requires-improvement')!;
  const sle = sles[0];
  return [
    { label: `SLE facilitator (${FACILITATOR.name})`, email: FACILITATOR.email, role: 'facilitator' },
    { label: `Core team (${CORE_TEAM_LEAD.name})`, email: CORE_TEAM_LEAD.email, role: 'core-team' },
    {
      label: `Headteacher, ${selfReferring.name}`,
      email: `head@${selfReferring.emailDomain}`,
      role: 'school',
      schoolUrn: selfReferring.urn,
    },
    {
      label: `Headteacher, ${struggling.name}`,
      email: `head@${struggling.emailDomain}`,
      role: 'school',
      schoolUrn: struggling.urn,
    },
    { label: `SLE ${sle.name} (${sle.specialisms.join(', ')})`, email: sle.email, role: 'sle', sleKey: sle.key },
  ];
}
