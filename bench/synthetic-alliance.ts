import { academicYearOf } from '../src/calendar/academic-calendar.js';
import { DEFAULT_SPECIALISMS } from '../src/config/app-config.js';
import { outcomeResult } from '../src/deployments/deployment.decider.js';
import { Prng } from '../src/demo/prng.js';
import { addDays, daysFrom, minDate, nextSchoolDay } from '../src/demo/school-days.js';
import { HALF_TERMS, deploymentStream, reviewStream, schoolStream, sleStream } from '../events/index.js';
import type {
  AllianceEvent,
  ContactChannel,
  DeploymentStatus,
  ExpectedOutcome,
  IsoDate,
  OfstedGrade,
  Phase,
  ProgressStatus,
  RequestSource,
} from '../events/index.js';
import { halfTermDates } from '../src/calendar/academic-calendar.js';

/**
 * A seeded synthetic alliance for benchmarks: schools across local authorities, SLEs with varied
 * specialisms and phases, and deployments over several academic years that reach whatever state "today"
 * leaves them in (requested, brokered, deployed, evaluated, cancelled), with contacts, extensions,
 * evaluations, Ofsted judgements, school data points and a half-term review for every half term that has ended. It writes events, not views, so the views a benchmark reads are folded exactly as the
 * application folds them. Payloads are valid but the deciders are not run: volume matters more here than
 * every rule (SLEs are kept within capacity where the history allows, with an override reason otherwise).
 *
 * Pure: the same shape and seed give the same events. Streams are written one after another (all schools,
 * then SLEs, then each deployment, then the reviews), which gives the same views as any interleaving.
 */
export interface AllianceShape {
  schools: number;
  localAuthorities: number;
  sles: number;
  deployments: number;
  /** Deployments are requested over this many academic years, up to `today`. */
  academicYears: number;
  today: IsoDate;
  seed: number;
}

/** Issue 4's size: 2,000 SLEs and 20,000 past deployments, homes across ~3,000 schools in 10 local authorities. */
export const MATCHING_ALLIANCE: AllianceShape = {
  schools: 3_000,
  localAuthorities: 10,
  sles: 2_000,
  deployments: 20_000,
  academicYears: 5,
  today: '2026-02-10',
  seed: 20_000,
};

/**
 * The three sizes issue 7 measures at, by total events: a small alliance, a large teaching-school hub and a
 * national network. Events grow with deployments (about 7 each), so the other counts scale alongside.
 */
export const ALLIANCE_SIZES = {
  '10k': {
    schools: 300,
    localAuthorities: 3,
    sles: 120,
    deployments: 1_070,
    academicYears: 5,
    today: '2026-02-10',
    seed: 10_000,
  },
  '100k': {
    schools: 3_000,
    localAuthorities: 10,
    sles: 1_200,
    deployments: 10_800,
    academicYears: 5,
    today: '2026-02-10',
    seed: 100_000,
  },
  '1M': {
    schools: 24_000,
    localAuthorities: 60,
    sles: 10_000,
    deployments: 110_000,
    academicYears: 5,
    today: '2026-02-10',
    seed: 1_000_000,
  },
} satisfies Record<string, AllianceShape>;
export type AllianceSize = keyof typeof ALLIANCE_SIZES;

const LOCAL_AUTHORITY_NAMES = [
  'Buckinghamshire',
  'Milton Keynes',
  'Oxfordshire',
  'Hertfordshire',
  'Bedford',
  'Central Bedfordshire',
  'Luton',
  'West Northamptonshire',
  'Reading',
  'Slough',
  'Wokingham',
  'Swindon',
];

/** Phase mix of English schools, roughly. */
const PHASE_WEIGHTS: [Phase, number][] = [
  ['primary', 68],
  ['secondary', 16],
  ['special', 6],
  ['all-through', 3],
  ['nursery', 2],
  ['middle', 2],
  ['alternative-provision', 2],
  ['16-plus', 1],
];

const PRIMARY_SPECIALISMS = ['english-primary', 'maths-primary', 'phonics', 'early-years'];
const SECONDARY_SPECIALISMS = ['english-secondary', 'maths-secondary', 'science', 'mfl', 'computing'];
/** Specialisms the configuration lists that are not tied to a phase (whatever DEFAULT_SPECIALISMS holds beyond the two lists above). */
const GENERAL_SPECIALISMS = DEFAULT_SPECIALISMS.filter(
  (s) => !PRIMARY_SPECIALISMS.includes(s) && !SECONDARY_SPECIALISMS.includes(s),
);
const isPrimaryLike = (phase: Phase) => phase === 'primary' || phase === 'nursery' || phase === 'middle';
const isSecondaryLike = (phase: Phase) => phase === 'secondary' || phase === '16-plus';

const OFSTED_WEIGHTS: [OfstedGrade, number][] = [
  ['outstanding', 15],
  ['good', 65],
  ['requires-improvement', 15],
  ['inadequate', 5],
];
const SOURCE_WEIGHTS: [RequestSource, number][] = [
  ['self-referral', 55],
  ['local-authority', 25],
  ['dfe', 10],
  ['core-team', 10],
];
const CHANNEL_WEIGHTS: [ContactChannel, number][] = [
  ['visit', 50],
  ['meeting', 20],
  ['phone', 15],
  ['email', 15],
];
const PROGRESS_WEIGHTS: [ProgressStatus, number][] = [
  ['on-track', 70],
  ['at-risk', 22],
  ['off-track', 8],
];
const MEASURES = [
  '% of lessons judged good or better',
  '% of pupils at expected standard',
  'Persistent absence',
  'Fixed-term exclusions',
  'Phonics check pass rate',
];

interface SchoolPlan {
  urn: string;
  phase: Phase;
  /** The school's stream, to which data points are added as deployments are evaluated. */
  events: AllianceEvent[];
}

interface SlePlan {
  sleId: string;
  name: string;
  homeSchoolUrn: string;
  specialisms: string[];
  capacityDays: number;
  designatedOn: IsoDate;
  endedOn: IsoDate | null;
}

export interface StreamHistory {
  streamId: string;
  events: AllianceEvent[];
}

export interface SyntheticAlliance {
  shape: AllianceShape;
  /** Every stream with its events in order, as the deciders would have appended them. */
  streams: StreamHistory[];
  /** Every event, stream after stream (the streams flattened). */
  events: AllianceEvent[];
  /** Deployment ids of the requests still waiting for a brokerage meeting on `today`. */
  openRequests: string[];
}

export function generateAlliance(shape: AllianceShape): SyntheticAlliance {
  const rng = new Prng(shape.seed);
  const weighted = <T>(items: [T, number][]): T => {
    let r = rng.next() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  };
  const streams: StreamHistory[] = [];
  const stream = (streamId: string): AllianceEvent[] => {
    const history: StreamHistory = { streamId, events: [] };
    streams.push(history);
    return history.events;
  };

  // Schools: local authorities of uneven size.
  const authorities = Array.from(
    { length: shape.localAuthorities },
    (_, i) => LOCAL_AUTHORITY_NAMES[i] ?? `Local authority ${i + 1}`,
  );
  const authorityWeights: [string, number][] = authorities.map((la) => [la, rng.int(5, 20)]);
  const schools: SchoolPlan[] = [];
  for (let i = 0; i < shape.schools; i++) {
    const urn = String(110_000 + i);
    const phase = weighted(PHASE_WEIGHTS);
    schools.push({ urn, phase, events: stream(schoolStream(urn)) });
    schools[i].events.push({
      type: 'SchoolRegistered',
      data: { urn, name: `School ${i + 1}`, phase, localAuthority: weighted(authorityWeights) },
    });
    if (rng.chance(0.92)) {
      const grade = weighted(OFSTED_WEIGHTS);
      schools[i].events.push({
        type: 'OfstedJudgementRecorded',
        data: {
          urn,
          grade,
          ...(grade === 'inadequate'
            ? { category: rng.pick(['serious-weaknesses', 'special-measures'] as const) }
            : {}),
          inspectedOn: `${rng.int(2018, 2025)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
          framework: 'overall-effectiveness',
        },
      });
    }
  }

  // SLEs: specialisms that fit the home school's phase, one to three of them.
  const firstYear = Number(academicYearOf(shape.today).slice(0, 4)) - (shape.academicYears - 1);
  const specialismsFor = (phase: Phase): string[] => {
    const own = isPrimaryLike(phase)
      ? PRIMARY_SPECIALISMS
      : isSecondaryLike(phase)
        ? SECONDARY_SPECIALISMS
        : [...PRIMARY_SPECIALISMS, ...SECONDARY_SPECIALISMS];
    const pool = [
      ...own.filter((s) => DEFAULT_SPECIALISMS.includes(s)),
      ...own.filter((s) => DEFAULT_SPECIALISMS.includes(s)),
      ...GENERAL_SPECIALISMS,
    ];
    return [
      ...new Set(
        Array.from(
          {
            length: weighted([
              [1, 35],
              [2, 45],
              [3, 20],
            ]),
          },
          () => rng.pick(pool),
        ),
      ),
    ];
  };
  const sles: SlePlan[] = [];
  for (let i = 0; i < shape.sles; i++) {
    const home = rng.pick(schools);
    const phases: Phase[] = rng.chance(0.3) ? [...new Set<Phase>([home.phase, weighted(PHASE_WEIGHTS)])] : [home.phase];
    const designatedOn = `${rng.int(firstYear - 3, firstYear + shape.academicYears - 2)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    const ended = rng.chance(0.05)
      ? minDate(addDays(designatedOn, rng.int(200, 1500)), addDays(shape.today, -1))
      : null;
    const sle: SlePlan = {
      sleId: syntheticId('5e', i + 1),
      name: `SLE ${i + 1}`,
      homeSchoolUrn: home.urn,
      specialisms: specialismsFor(home.phase),
      capacityDays: rng.pick([10, 15, 20, 20, 25, 30]),
      designatedOn,
      endedOn: ended && ended > designatedOn ? ended : null,
    };
    sles.push(sle);
    const sleEvents = stream(sleStream(sle.sleId));
    sleEvents.push({
      type: 'SleDesignated',
      data: {
        sleId: sle.sleId,
        name: sle.name,
        email: `sle${i + 1}@alliance.test`,
        homeSchoolUrn: sle.homeSchoolUrn,
        programmes: ['sle'],
        specialisms: sle.specialisms,
        phases,
        capacityDays: sle.capacityDays,
        designatedOn,
      },
    });
    if (rng.chance(0.05)) {
      sle.capacityDays = rng.pick([10, 20, 30]);
      sleEvents.push({
        type: 'SleCapacityChanged',
        data: { sleId: sle.sleId, capacityDays: sle.capacityDays, on: addDays(designatedOn, 30) },
      });
    }
    if (sle.endedOn)
      sleEvents.push({
        type: 'SleDesignationEnded',
        data: { sleId: sle.sleId, on: sle.endedOn, reason: 'Moved to another school' },
      });
  }
  const holders = new Map<string, SlePlan[]>();
  for (const sle of sles) for (const s of sle.specialisms) holders.set(s, [...(holders.get(s) ?? []), sle]);
  const commissioned = new Map<string, number>(); // `${sleId} ${academicYear}` → days

  // Deployments: requested over the years up to today; "today" decides how far each one got.
  const openRequests: string[] = [];
  const span = daysFrom(`${firstYear}-09-01`, shape.today);
  for (let i = 0; i < shape.deployments; i++) {
    const deploymentId = syntheticId('de', i + 1);
    const school = rng.pick(schools);
    const ownPhase = isPrimaryLike(school.phase)
      ? PRIMARY_SPECIALISMS
      : isSecondaryLike(school.phase)
        ? SECONDARY_SPECIALISMS
        : GENERAL_SPECIALISMS;
    const wanted = rng.chance(0.6) ? rng.pick(ownPhase) : rng.pick(GENERAL_SPECIALISMS);
    const specialism = holders.has(wanted) ? wanted : rng.pick([...holders.keys()]);
    // Later years see more requests (the alliance grows): skew towards today.
    const requestedOn = nextSchoolDay(addDays(`${firstYear}-09-01`, Math.floor(Math.sqrt(rng.next()) * span)));
    if (requestedOn > shape.today) {
      i--; // a school day after today: draw again
      continue;
    }
    const steps: { on: IsoDate; event: AllianceEvent; status: DeploymentStatus }[] = [];
    const step = (on: IsoDate, status: DeploymentStatus, event: AllianceEvent) => steps.push({ on, status, event });
    const areaOfNeed = `${specialism} support ${rng.int(1, 40)}`;
    step(requestedOn, 'requested', {
      type: 'SupportRequested',
      data: {
        deploymentId,
        schoolUrn: school.urn,
        programme: 'sle',
        specialism,
        areaOfNeed,
        source: weighted(SOURCE_WEIGHTS),
        requestedOn,
      },
    });

    const heldOn = nextSchoolDay(addDays(requestedOn, rng.int(3, 25)));
    const startDate = nextSchoolDay(addDays(heldOn, rng.int(3, 15)));
    const endDate = nextSchoolDay(addDays(startDate, rng.int(50, 200)));
    const year = academicYearOf(startDate);
    const days = weighted([
      [3, 15],
      [4, 15],
      [5, 25],
      [6, 15],
      [8, 15],
      [10, 10],
      [12, 5],
    ]);
    const sle = chooseSle(rng, holders.get(specialism)!, school.urn, heldOn, year, days, commissioned);
    if (sle) {
      const over = (commissioned.get(`${sle.sleId} ${year}`) ?? 0) + days > sle.capacityDays;
      const expectedOutcomes: ExpectedOutcome[] = rng.sample(MEASURES, rng.int(1, 3)).map((measure) => {
        const baseline = rng.int(20, 70);
        return { measure, unit: '%', baseline, target: Math.min(100, baseline + rng.int(5, 25)) };
      });
      step(heldOn, 'brokered', {
        type: 'BrokerageMeetingHeld',
        data: {
          deploymentId,
          sleId: sle.sleId,
          heldOn,
          areaOfNeed,
          startDate,
          endDate,
          daysCommissioned: days,
          expectedOutcomes,
          attendees: [
            { name: 'Headteacher', role: 'Headteacher' },
            { name: sle.name, role: 'SLE' },
          ],
          ...(over ? { capacityOverrideReason: 'Only SLE with this expertise nearby' } : {}),
        },
      });
      step(startDate, 'deployed', { type: 'SleDeployed', data: { deploymentId, startedOn: startDate } });
      let last = startDate;
      const contacts = rng.int(2, Math.max(2, days));
      const gap = Math.max(1, Math.floor(daysFrom(startDate, endDate) / (contacts + 1)));
      for (let c = 0; c < contacts; c++) {
        last = nextSchoolDay(addDays(last, rng.int(Math.ceil(gap / 2), gap)));
        const channel = weighted(CHANNEL_WEIGHTS);
        step(last, 'deployed', {
          type: 'ContactLogged',
          data: {
            deploymentId,
            on: last,
            channel,
            daysUsed: channel === 'visit' || channel === 'meeting' ? rng.pick([0.5, 1, 1]) : 0,
            status: weighted(PROGRESS_WEIGHTS),
            note: `Contact ${c + 1}`,
          },
        });
      }
      let end = endDate;
      if (rng.chance(0.12)) {
        const on = nextSchoolDay(addDays(last, 1));
        end = nextSchoolDay(addDays(endDate, rng.int(20, 60)));
        step(on, 'deployed', {
          type: 'DeploymentExtended',
          data: { deploymentId, on, additionalDays: rng.int(2, 5), newEndDate: end, focus: 'Embed the new approach' },
        });
      }
      if (rng.chance(0.94)) {
        // A few are never evaluated: they stay deployed, as late paperwork does.
        const on = nextSchoolDay(addDays(end, rng.int(5, 30)));
        const outcomes = expectedOutcomes.map((o) => {
          const actual = Math.max(
            0,
            Math.min(100, o.baseline + Math.round((o.target - o.baseline) * (rng.next() * 1.6 - 0.2))),
          );
          return { ...o, actual, result: outcomeResult(o, actual) };
        });
        step(on, 'evaluated', {
          type: 'ImpactEvaluated',
          data: {
            deploymentId,
            heldOn: on,
            outcomes,
            schoolRating: weighted([
              [1, 3],
              [2, 7],
              [3, 20],
              [4, 40],
              [5, 30],
            ]),
            summary: 'Evaluated with the school',
          },
        });
      }
    }

    // Cut at today, or at a cancellation before it (most requests nobody could take are withdrawn).
    const lastOn = steps[steps.length - 1].on;
    const cancelOn = rng.chance(sle ? 0.07 : 0.6)
      ? nextSchoolDay(addDays(requestedOn, rng.int(1, Math.max(2, daysFrom(requestedOn, lastOn)))))
      : null;
    const cancelled = cancelOn !== null && cancelOn <= shape.today;
    const happened = steps.filter((s, index) => index === 0 || (cancelled ? s.on < cancelOn : s.on <= shape.today));
    const deploymentEvents = stream(deploymentStream(deploymentId));
    for (const s of happened) {
      deploymentEvents.push(s.event);
      // The school records where it ended up on each measure: its data points.
      if (s.event.type === 'ImpactEvaluated') {
        for (const o of s.event.data.outcomes)
          school.events.push({
            type: 'SchoolDataRecorded',
            data: { urn: school.urn, measure: o.measure, unit: o.unit, value: o.actual, recordedOn: s.on },
          });
      }
    }
    const status = happened[happened.length - 1].status;
    if (cancelled)
      deploymentEvents.push({
        type: 'DeploymentCancelled',
        data: { deploymentId, on: cancelOn, reason: 'The school withdrew', statusWhenCancelled: status },
      });
    else if (status === 'requested') openRequests.push(deploymentId);
    // Only commissioned days that stand use capacity.
    if (sle && !cancelled && status !== 'requested') {
      const key = `${sle.sleId} ${year}`;
      commissioned.set(key, (commissioned.get(key) ?? 0) + days);
    }
  }

  // The core team's review of every half term that has ended, naming a few schools of concern.
  for (let year = firstYear; year < firstYear + shape.academicYears; year++) {
    const academicYear = `${year}-${pad((year + 1) % 100)}`;
    for (const halfTerm of HALF_TERMS) {
      const { to } = halfTermDates(academicYear, halfTerm);
      const heldOn = nextSchoolDay(addDays(to, 1));
      if (heldOn > shape.today) continue;
      const concerns = rng.sample(schools, rng.int(0, Math.min(4, schools.length)));
      stream(reviewStream(academicYear, halfTerm)).push({
        type: 'HalfTermReviewHeld',
        data: {
          academicYear,
          halfTerm,
          heldOn,
          attendees: [
            { name: 'Alliance lead', role: 'Core team' },
            { name: 'SLE facilitator', role: 'Facilitator' },
          ],
          areasOfConcern: concerns.map((c) => ({
            schoolUrn: c.urn,
            concern: 'Progress off track on the agreed measures',
          })),
          notes: 'Reviewed every active deployment',
        },
      });
    }
  }
  return { shape, streams, events: streams.flatMap((s) => s.events), openRequests };
}

/** Up to 12 random SLEs holding the specialism: the first designated at the time, not from the school and with the days left; else the first designated one (over capacity, with an override reason); else none. */
function chooseSle(
  rng: Prng,
  candidates: SlePlan[],
  schoolUrn: string,
  heldOn: IsoDate,
  year: string,
  days: number,
  commissioned: Map<string, number>,
): SlePlan | undefined {
  let fallback: SlePlan | undefined;
  for (let attempt = 0; attempt < 12; attempt++) {
    const sle = rng.pick(candidates);
    if (sle.homeSchoolUrn === schoolUrn || sle.designatedOn > heldOn || (sle.endedOn && sle.endedOn <= heldOn))
      continue;
    if ((commissioned.get(`${sle.sleId} ${year}`) ?? 0) + days <= sle.capacityDays) return sle;
    fallback ??= sle;
  }
  return fallback;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A UUID, as the API gives SLEs and deployments, that names its kind and number (`de000000-…-000000000042`). */
const syntheticId = (kind: '5e' | 'de', n: number) => `${kind}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
