import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOYMENT_STATUSES, OFSTED_FRAMEWORKS, REPORT_CARDS_FROM, ofstedFrameworkOn } from '../../events/index.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { generateAlliance } from '../../src/demo/alliance-generator.js';
import { DemoRefusedError, runDemo, type DemoSummary } from '../../src/demo/demo-runner.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';

describe('npm run demo', () => {
  let dataDir: string;
  let config: AppConfig;
  let summary: DemoSummary;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sle-demo-'));
    config = loadConfig({ DATA_DIR: dataDir });
    summary = await runDemo({ config });
  }, 60_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fills an empty store with an alliance of schools, SLEs and deployments in every state', () => {
    expect(summary.schools).toBeGreaterThanOrEqual(35);
    expect(summary.sles).toBe(18);
    for (const status of DEPLOYMENT_STATUSES) expect(summary.deploymentsByStatus[status]).toBeGreaterThan(0);
    expect(summary.extensions).toBeGreaterThanOrEqual(1);
    expect(summary.evaluations).toBeGreaterThanOrEqual(1);
    expect(summary.evaluations).toBe(summary.deploymentsByStatus.evaluated);
    expect(summary.contacts).toBeGreaterThan(summary.deployments);
    expect(summary.halfTermReviews).toBeGreaterThanOrEqual(12);
    expect(summary.dataPoints).toBeGreaterThan(0);
    expect(summary.ofstedJudgements).toBeGreaterThan(summary.schools - 2);
    // The plan fits the rules as it stands: nothing had to be trimmed.
    expect(summary.adjustments).toEqual([]);
  });

  it('deploys a second programme, the maths hub, whose specialists give its days a year, with work evaluated', () => {
    expect(summary.specialistsByProgramme).toEqual({ sle: 18, 'maths-hub': 3 });
    expect(summary.evaluationsByProgramme['maths-hub']).toBeGreaterThanOrEqual(1);
    expect(summary.evaluationsByProgramme.sle + summary.evaluationsByProgramme['maths-hub']).toBe(summary.evaluations);
    const plan = generateAlliance();
    const [hub] = plan.programmes;
    const specialists = plan.sles.filter((s) => s.programmes?.includes(hub.programmeId));
    expect(specialists.map((s) => s.capacityDays)).toEqual([hub.yearlyDays, hub.yearlyDays, hub.yearlyDays]);
  });

  it('prints a login for every role, with the passwords it generated', () => {
    expect(summary.logins.map((l) => l.role).sort()).toEqual([
      'admin',
      'core-team',
      'facilitator',
      'school',
      'school',
      'sle',
    ]);
    for (const login of summary.logins) expect(login.password).toEqual(expect.stringMatching(/^.{12,}$/));
  });

  it('refuses a store that already has schools, and appends nothing to it', async () => {
    const before = await headPosition(dataDir);
    const refusal = runDemo({ config });
    await expect(refusal).rejects.toBeInstanceOf(DemoRefusedError);
    await expect(refusal).rejects.toThrow(/already has 40 school/);
    expect(await headPosition(dataDir)).toBe(before);
  });

  it('holds inspections of all three generations, report cards after November 2025 among them', () => {
    const plan = generateAlliance();
    const inspections = [
      ...plan.schools.flatMap((s) =>
        s.ofsted ? [{ on: s.ofsted.inspectedOn, framework: ofstedFrameworkOn(s.ofsted.inspectedOn) }] : [],
      ),
      ...plan.steps.flatMap((s) => (s.kind === 'ofsted' ? [{ on: s.on, framework: ofstedFrameworkOn(s.on) }] : [])),
    ];
    for (const framework of OFSTED_FRAMEWORKS)
      expect(inspections.filter((i) => i.framework === framework).length).toBeGreaterThanOrEqual(2);
    // A school whose area needed attention on one report card and met the expected standard on the next.
    const cards = plan.steps.flatMap((s) =>
      s.kind === 'ofsted' && s.judgement.safeguarding === 'met' && s.on >= REPORT_CARDS_FROM ? [s] : [],
    );
    const improved = cards.some((first) =>
      Object.entries(first.judgement.areas ?? {}).some(
        ([area, grade]) =>
          grade === 'needs-attention' &&
          cards.some(
            (later) =>
              later.urn === first.urn && later.on > first.on && later.judgement.areas?.[area] === 'expected-standard',
          ),
      ),
    );
    expect(improved).toBe(true);
  });

  it('plans the same alliance from the same seed, and another from another seed', () => {
    expect(generateAlliance()).toEqual(generateAlliance());
    expect(generateAlliance(7).schools).not.toEqual(generateAlliance().schools);
  });
});

async function headPosition(dataDir: string): Promise<bigint> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}
