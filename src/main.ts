import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createHttpApp } from './http-app.js';
import { DataDirLockedError } from './event-store/data-dir-lock.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  let app;
  try {
    app = await createHttpApp({ config, logger: 'json' });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(73); // EX_CANTCREAT: the lock file could not be created
    }
    throw error;
  }
  await app.listen(config.port);
  new Logger('Server').log({ msg: `Open http://localhost:${config.port}/ in a browser and sign in` });
}

void main();
