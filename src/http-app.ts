import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type AppOptions } from './app.module.js';
import { apiSecurityHeaders } from './shared/api-security-headers.js';
import { Clock } from './shared/clock.js';
import { lockDataDirFor } from './event-store/data-dir-lock.js';
import { refuseUnsafeBodies } from './shared/request-body-limits.js';
import { StrictValidationPipe } from './shared/validation.js';
import { serveWebApp } from './web/web-static.js';

/**
 * Builds the HTTP application the same way for the server and for the tests. It first takes the data
 * directory's lock (throwing `DataDirLockedError` if another server holds it), released when the app closes.
 */
export async function createHttpApp(options: AppOptions & { logger?: false | 'json' }): Promise<INestApplication> {
  const dataDirLock = lockDataDirFor(options.config);
  try {
    return await createLockedHttpApp({ ...options, dataDirLock });
  } catch (error) {
    dataDirLock?.release();
    throw error;
  }
}

async function createLockedHttpApp(options: AppOptions & { logger?: false | 'json' }): Promise<INestApplication> {
  const { ConsoleLogger } = await import('@nestjs/common');
  const logger =
    options.logger === false
      ? false
      : new ConsoleLogger({ json: true, logLevels: levelsFrom(options.config.logLevel) });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    logger,
    bodyParser: true,
    forceCloseConnections: false,
  });
  app.setGlobalPrefix('api');
  app.use('/api', apiSecurityHeaders); // first, so that refusals by the parsers carry the headers too
  app.useBodyParser('json', { limit: '1mb' });
  // Flat forms only: nested form fields (`a[b][c]=`) are no part of any request.
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(refuseUnsafeBodies);
  app.useGlobalPipes(new StrictValidationPipe(app.get(Clock)));
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  serveWebApp(app); // the web app at `/`, beside the API
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('SLE brokerage and deployment')
      .setDescription('Brokering and deploying Specialist Leaders of Education. Every change is an event.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

function levelsFrom(level: string) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level as (typeof order)[number]) + 1);
}
