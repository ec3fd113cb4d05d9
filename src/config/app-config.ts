import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength, validateSync } from 'class-validator';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights } from '../../projections/match-score.js';
import { CONTACT_OVERDUE_AFTER_SCHOOL_DAYS } from '../../projections/half-term-report.js';
import { validateHalfTermCalendar, type HalfTermBounds } from '../calendar/academic-calendar.js';
import { loadSignInConfig, type SignInConfig } from './sign-in-config.js';

export const DEFAULT_SPECIALISMS = [
  'english-primary',
  'english-secondary',
  'maths-primary',
  'maths-secondary',
  'science',
  'send',
  'early-years',
  'phonics',
  'behaviour',
  'leadership-of-cpd',
  'curriculum',
  'assessment',
  'pupil-premium',
  'initial-teacher-training',
  'school-business-management',
  'mfl',
  'computing',
];

/** The environment variables the service reads; each is checked at start. */
class Environment {
  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'PORT must be a port number such as 3000' })
  PORT?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'DATA_DIR_LOCK must be on or off' })
  DATA_DIR_LOCK?: string;

  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/.+/, {
    message: 'EVENTSTORE_URL must be a connection string such as esdb://localhost:2113?tls=false',
  })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^\d+[smhd]$/, { message: 'TOKEN_TTL must be a duration such as 8h or 30m' })
  TOKEN_TTL?: string;

  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'SLE_ADMIN_EMAIL must be an email address' })
  SLE_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'SLE_ADMIN_PASSWORD must be at least 12 characters' })
  SLE_ADMIN_PASSWORD?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, {
    message: 'SPECIALISMS must be a comma-separated list of lowercase-hyphenated names',
  })
  SPECIALISMS?: string;

  @IsOptional()
  @IsString()
  HALF_TERM_CALENDAR?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  MATCH_WEIGHTS?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must look like smtp://user:pass@host:587' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_FROM?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'CONTACT_OVERDUE_DAYS must be a whole number of days' })
  CONTACT_OVERDUE_DAYS?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'EVALUATION_DUE_WITHIN_DAYS must be a whole number of days' })
  EVALUATION_DUE_WITHIN_DAYS?: string;

  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'JOBS_SCAN_EVERY_SECONDS must be a whole number of seconds' })
  JOBS_SCAN_EVERY_SECONDS?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'RUN_JOBS must be true or false' })
  RUN_JOBS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'REDIS_PREFIX must be letters, digits, : _ or -' })
  REDIS_PREFIX?: string;

  @IsOptional()
  @Matches(/^\d{1,7}$/, { message: 'JOBS_RETRY_BACKOFF_MS must be a whole number of milliseconds' })
  JOBS_RETRY_BACKOFF_MS?: string;

  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'JOBS_LOCK_SECONDS must be a whole number of seconds' })
  JOBS_LOCK_SECONDS?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'BROKERAGE_TARGET_SCHOOL_DAYS must be a whole number of school days' })
  BROKERAGE_TARGET_SCHOOL_DAYS?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  KEYS_FILE?: string;

  @IsOptional()
  @Matches(/^(\d{1,2}|off)$/, { message: 'RETENTION_CONTACT_NOTES_YEARS must be a whole number of years or off' })
  RETENTION_CONTACT_NOTES_YEARS?: string;

  @IsOptional()
  @Matches(/^(\d{1,2}|off)$/, { message: 'RETENTION_ATTENDEE_NAMES_YEARS must be a whole number of years or off' })
  RETENTION_ATTENDEE_NAMES_YEARS?: string;
}

export interface AppConfig extends SignInConfig {
  port: number;
  dataDir: string;
  /** Whether a server refuses to start on a DATA_DIR another live process holds (off only in tests). */
  dataDirLock: boolean;
  eventStoreUrl?: string;
  redisUrl?: string;
  jwtSecret?: string;
  tokenTtl: string;
  admin?: { email: string; password: string };
  specialisms: string[];
  /** HALF_TERM_CALENDAR: the same half terms every year the alliance has not defined; a typical English year when unset. */
  halfTermCalendar?: HalfTermBounds[];
  logLevel: string;
  matchWeights: MatchWeights;
  /** School days a request may wait for its brokerage meeting before it is flagged. */
  brokerageTargetSchoolDays: number;
  smtpUrl?: string;
  mailFrom: string;
  contactOverdueDays: number;
  evaluationDueWithinDays: number;
  jobsScanEverySeconds: number;
  /** Whether this process runs job workers (with Redis, API processes may leave them to worker processes). */
  runJobs: boolean;
  /** Prefix of every Redis key this app writes (read models and job queues). */
  redisPrefix: string;
  /** First retry delay of a failed job; each later retry waits twice as long. */
  jobsRetryBackoffMs: number;
  /** How long a worker holds a job without renewing; a job whose worker died is retried after this. */
  jobsLockSeconds: number;
  /** The data subjects' keys (`DATA_DIR/keys.db` when absent). */
  keysFile?: string;
  /** Years after a deployment's evaluation when its contact notes and summary, and its attendees' names, are erased. */
  retention: { contactNotesYears: number | null; attendeeNamesYears: number | null };
}

export class ConfigError extends Error {}

/** Reads and checks the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const raw = plainToInstance(Environment, env, { excludeExtraneousValues: false });
  const problems = validateSync(raw, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );
  if (raw.PORT && Number(raw.PORT) > 65535) problems.push('PORT must be at most 65535');
  if (!!env.SLE_ADMIN_EMAIL !== !!env.SLE_ADMIN_PASSWORD)
    problems.push('SLE_ADMIN_EMAIL and SLE_ADMIN_PASSWORD go together');

  let halfTermCalendar: HalfTermBounds[] | undefined;
  if (env.HALF_TERM_CALENDAR) {
    try {
      const parsed = JSON.parse(env.HALF_TERM_CALENDAR) as HalfTermBounds[];
      const calendarProblems = Array.isArray(parsed) ? validateHalfTermCalendar(parsed) : ['must be a JSON array'];
      if (calendarProblems.length) problems.push(`HALF_TERM_CALENDAR: ${calendarProblems.join('; ')}`);
      else halfTermCalendar = parsed;
    } catch {
      problems.push(
        'HALF_TERM_CALENDAR must be JSON such as [{"halfTerm":"autumn-1","from":"09-03","to":"10-24"}, ...]',
      );
    }
  }
  let matchWeights = DEFAULT_MATCH_WEIGHTS;
  if (env.MATCH_WEIGHTS) {
    try {
      const given = JSON.parse(env.MATCH_WEIGHTS) as Record<string, unknown>;
      const names = Object.keys(DEFAULT_MATCH_WEIGHTS);
      const unknown = Object.keys(given).filter((k) => !names.includes(k));
      const bad = Object.entries(given)
        .filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        .map(([k]) => k);
      if (unknown.length || bad.length || typeof given !== 'object' || Array.isArray(given)) {
        problems.push(
          `MATCH_WEIGHTS: ${[...unknown.map((k) => `unknown weight ${k}`), ...bad.map((k) => `${k} must be a number of 0 or more`)].join('; ') || 'must be a JSON object'} (weights: ${names.join(', ')})`,
        );
      } else {
        matchWeights = { ...DEFAULT_MATCH_WEIGHTS, ...(given as Partial<MatchWeights>) };
      }
    } catch {
      problems.push('MATCH_WEIGHTS must be JSON such as {"phaseFit":30,"trackRecord":25}');
    }
  }
  const port = raw.PORT ? Number(raw.PORT) : 3000;
  const signIn = loadSignInConfig(env, port, problems);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);

  return {
    ...signIn,
    port,
    dataDir: raw.DATA_DIR ?? './data',
    dataDirLock: raw.DATA_DIR_LOCK !== 'off',
    eventStoreUrl: raw.EVENTSTORE_URL,
    redisUrl: raw.REDIS_URL,
    jwtSecret: raw.JWT_SECRET,
    tokenTtl: raw.TOKEN_TTL ?? '8h',
    admin: raw.SLE_ADMIN_EMAIL ? { email: raw.SLE_ADMIN_EMAIL, password: raw.SLE_ADMIN_PASSWORD! } : undefined,
    specialisms: raw.SPECIALISMS ? raw.SPECIALISMS.split(',') : DEFAULT_SPECIALISMS,
    halfTermCalendar,
    logLevel: raw.LOG_LEVEL ?? 'log',
    matchWeights,
    brokerageTargetSchoolDays: raw.BROKERAGE_TARGET_SCHOOL_DAYS ? Number(raw.BROKERAGE_TARGET_SCHOOL_DAYS) : 10,
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM ?? 'SLE brokerage <no-reply@localhost>',
    contactOverdueDays: raw.CONTACT_OVERDUE_DAYS ? Number(raw.CONTACT_OVERDUE_DAYS) : CONTACT_OVERDUE_AFTER_SCHOOL_DAYS,
    evaluationDueWithinDays: raw.EVALUATION_DUE_WITHIN_DAYS ? Number(raw.EVALUATION_DUE_WITHIN_DAYS) : 14,
    jobsScanEverySeconds: raw.JOBS_SCAN_EVERY_SECONDS ? Math.max(1, Number(raw.JOBS_SCAN_EVERY_SECONDS)) : 60,
    runJobs: raw.RUN_JOBS !== 'false',
    redisPrefix: raw.REDIS_PREFIX ?? 'sle',
    jobsRetryBackoffMs: raw.JOBS_RETRY_BACKOFF_MS ? Number(raw.JOBS_RETRY_BACKOFF_MS) : 1_000,
    jobsLockSeconds: raw.JOBS_LOCK_SECONDS ? Math.max(1, Number(raw.JOBS_LOCK_SECONDS)) : 30,
    keysFile: raw.KEYS_FILE,
    retention: {
      contactNotesYears: retentionYears(raw.RETENTION_CONTACT_NOTES_YEARS, 6),
      attendeeNamesYears: retentionYears(raw.RETENTION_ATTENDEE_NAMES_YEARS, 6),
    },
  };
}

/** Years to keep, null to keep for ever (`off`). */
const retentionYears = (given: string | undefined, fallback: number): number | null =>
  given === 'off' ? null : given ? Number(given) : fallback;

/** Injection token for the checked configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
