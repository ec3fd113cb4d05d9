import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';

/**
 * `npm run worker`: a process that runs only the background jobs (reminder scans, emails) against the same
 * event store and Redis as the API. Run the API with RUN_JOBS=false and as many of these as you like.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = { ...loadConfig(process.env), runJobs: true };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  if (!config.redisUrl) {
    process.stderr.write(
      'A separate worker needs REDIS_URL; without Redis the API runs the jobs in its own process.\n',
    );
    process.exit(78);
  }
  const app = await NestFactory.createApplicationContext(AppModule.register({ config }), {
    logger: new ConsoleLogger({ json: true }),
  });
  app.enableShutdownHooks();
}

void main();
