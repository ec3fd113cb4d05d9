import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { DemoRefusedError, runDemo, type DemoSummary } from './demo-runner.js';

/**
 * `npm run demo`: fills an empty store (DATA_DIR, or EVENTSTORE_URL) with a realistic alliance for a
 * newcomer to look at, then prints what it made and how to sign in. Refuses a store that has schools.
 */
async function main(): Promise<void> {
  const started = Date.now();
  try {
    const config = loadConfig(process.env);
    process.stdout.write(`Filling ${config.eventStoreUrl ?? config.dataDir} with the demo alliance...\n`);
    const summary = await runDemo({ config, log: (line) => process.stdout.write(`  ${line}\n`) });
    process.stdout.write(report(summary, Date.now() - started, config.port));
  } catch (error) {
    if (error instanceof DemoRefusedError || error instanceof ConfigError) {
      process.stderr.write(`Demo refused: ${error.message}\n`);
    } else {
      process.stderr.write(`Demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

function report(s: DemoSummary, elapsedMs: number, port: number): string {
  const statuses = Object.entries(s.deploymentsByStatus)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const width = Math.max(...s.logins.map((l) => l.email.length));
  const lines = [
    '',
    `${s.allianceName}, as it stands on ${s.today} (built in ${(elapsedMs / 1000).toFixed(1)} s)`,
    `  ${s.schools} schools, ${s.sles} SLEs, ${s.ofstedJudgements} Ofsted judgements, ${s.dataPoints} school data points, ${s.halfTermReviews} half-term reviews`,
    `  Specialists by programme: ${Object.entries(s.specialistsByProgramme)
      .map(([programme, n]) => `${programme} ${n}`)
      .join(', ')}`,
    `  ${s.deployments} deployments: ${statuses}`,
    `  ${s.contacts} contacts, ${s.extensions} extensions, ${s.evaluations} impact evaluations; ${s.daysCommissioned} days commissioned, ${s.daysDelivered} delivered`,
    ...(s.adjustments.length ? ['  Trimmed to respect the rules:', ...s.adjustments.map((a) => `    ${a}`)] : []),
    '',
    'Sign in with these accounts (passwords are shown only now):',
    ...s.logins.map(
      (l) =>
        `  ${l.role.padEnd(11)} ${l.email.padEnd(width)}  ${l.password ?? '(the SLE_ADMIN_PASSWORD you set)'}   ${l.label}`,
    ),
    '',
    `Start the server on the same store with \`npm start\` (same DATA_DIR), then open http://localhost:${port}/ and sign in.`,
    '',
  ];
  return lines.join('\n');
}

void main();
