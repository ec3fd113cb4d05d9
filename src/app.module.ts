import { Global, Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AuthGuard } from './users/auth.guard.js';
import { BrokerageModule } from './brokerage/brokerage.module.js';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.js';
import { jwtSecret } from './auth/jwt-secret.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { DataProtectionModule } from './data-protection/data-protection.module.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { SealingEventStore } from './event-store/sealing-event-store.js';
import { HealthModule } from './health/health.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { openIdempotencyStore } from './idempotency/open-idempotency-store.js';
import { RequestLogInterceptor } from './observability/request-log.interceptor.js';
import { ReadModels } from './read-models/read-models.js';
import { ReportsModule } from './reports/reports.module.js';
import { ReviewsModule } from './reviews/reviews.js';
import { TermDatesModule } from './term-dates/term-dates.js';
import { ProgrammesModule } from './programmes/programmes.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
import { SchoolsModule } from './schools/schools.module.js';
import { SlesModule } from './sles/sles.module.js';
import { WebModule } from './web/web.module.js';
import { AggregateRunner } from './commands/aggregate-runner.js';
import { Clock, SystemClock } from './shared/clock.js';
import { DataDirLock } from './event-store/data-dir-lock.js';
import { HttpErrorFilter } from './http-error.filter.js';
import { UsersModule } from './users/users.module.js';

export interface AppOptions {
  config: AppConfig;
  /** Tests and the demo pass a fixed clock; the server uses the system clock. */
  clock?: Clock;
  /** The data directory's lock the HTTP server took before building the app; released when it closes. */
  dataDirLock?: DataDirLock;
}

/** What every capability shares: configuration, the clock, the read models and the command runner. */
@Global()
@Module({})
class CoreModule implements OnApplicationShutdown {
  constructor(
    private readonly idempotency: IdempotencyStore,
    @Optional() @Inject(DataDirLock) private readonly dataDirLock?: DataDirLock,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.idempotency.close();
    this.dataDirLock?.release();
  }

  static register({ config, clock, dataDirLock }: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ...(dataDirLock ? [{ provide: DataDirLock, useValue: dataDirLock }] : []),
        { provide: Clock, useValue: clock ?? new SystemClock() },
        ReadModels,
        AggregateRunner,
        { provide: IdempotencyStore, inject: [SealingEventStore, Clock], useFactory: openIdempotencyStore(config) },
      ],
      exports: [APP_CONFIG, Clock, ReadModels, AggregateRunner, IdempotencyStore],
    };
  }
}

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(options),
        CqrsModule.forRoot(),
        JwtModule.register({
          global: true,
          // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every verify.
          secret: createSecretKey(Buffer.from(jwtSecret(options.config))),
          signOptions: { algorithm: 'HS256', expiresIn: options.config.tokenTtl as '8h' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        EventStoreModule,
        HealthModule,
        CalendarFeedsModule,
        SchoolsModule,
        SlesModule,
        DeploymentsModule,
        ReviewsModule,
        TermDatesModule,
        ProgrammesModule,
        ReportsModule,
        BrokerageModule,
        WebModule,
        SchedulingModule.register(options.config),
        UsersModule,
        DataProtectionModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: RequestLogInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
