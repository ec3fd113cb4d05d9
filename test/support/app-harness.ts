import type { RecordedEvent } from '../../events/index.js';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Role } from '../../events/index.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { EventStore } from '../../src/event-store/event-store.port.js';
import { createHttpApp } from '../../src/http-app.js';
import { FixedClock } from '../../src/shared/clock.js';

export const ADMIN = { email: 'admin@alliance.test', password: 'admin-password-123' };

/**
 * The real HTTP application on a fresh embedded store in a temporary DATA_DIR, with a clock the test
 * controls. `restart()` closes it and opens a new one on the same files.
 */
/** Tokens of users of each role: see `AppHarness.tokensOfEveryRole`. */
export type RoleTokens = Record<'facilitator' | 'coreTeam' | 'school' | 'otherSchool' | 'sle', string>;

export class AppHarness {
  app!: INestApplication;
  readonly clock: FixedClock;
  readonly config: AppConfig;
  private readonly dataDir: string;

  private constructor(today: string, env: Record<string, string>) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'sle-e2e-'));
    this.clock = new FixedClock(new Date(`${today}T12:00:00Z`));
    this.config = loadConfig({
      DATA_DIR: this.dataDir,
      SLE_ADMIN_EMAIL: ADMIN.email,
      SLE_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    });
  }

  static async start(today = '2026-03-02', env: Record<string, string> = {}): Promise<AppHarness> {
    const harness = new AppHarness(today, env);
    await harness.open();
    return harness;
  }

  private async open(): Promise<void> {
    this.app = await createHttpApp({ config: this.config, clock: this.clock, logger: false });
    await this.app.init();
  }

  async restart(): Promise<void> {
    await this.app.close();
    await this.open();
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** Every event appended after `position`, in order. */
  eventsAfter(position: bigint): Promise<RecordedEvent[]> {
    return this.app.get(EventStore).readAll({ after: position });
  }

  /** Position of the newest event: unchanged across a refused command. */
  headPosition(): Promise<bigint> {
    return this.app.get(EventStore).headPosition();
  }

  async login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const res = await this.http.post('/api/auth/login').send({ email, password }).expect(200);
    return res.body.token as string;
  }

  /**
   * A signed-in user of each role, for tests of who may read what: a school user of 100001 and one of 100003
   * (another school), and the SLE's own user.
   */
  async tokensOfEveryRole(sleId: string): Promise<RoleTokens> {
    return {
      facilitator: await this.userWith('facilitator'),
      coreTeam: await this.userWith('core-team'),
      school: await this.userWith('school', { schoolUrn: '100001' }),
      otherSchool: await this.userWith('school', { schoolUrn: '100003' }),
      sle: await this.userWith('sle', { sleId }),
    };
  }

  /** Creates a user with the role (as admin) and returns its token. */
  async userWith(role: Role, extra: { schoolUrn?: string; sleId?: string } = {}): Promise<string> {
    const admin = await this.login();
    const email = `${role}-${Math.random().toString(36).slice(2)}@alliance.test`;
    await this.http
      .post('/api/users')
      .auth(admin, { type: 'bearer' })
      .send({ email, password: 'a-long-password-1', role, ...extra })
      .expect(201);
    return this.login(email, 'a-long-password-1');
  }
}
