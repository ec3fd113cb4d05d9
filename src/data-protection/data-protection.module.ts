import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SealingEventStore } from '../event-store/sealing-event-store.js';
import { AuditController } from './audit.controller.js';
import { DataSubjectsController } from './data-subjects.controller.js';
import { DataSubjects } from './data-subjects.service.js';
import { NamedPersonsController } from './named-persons.controller.js';
import { NamedPersons } from './named-persons.js';
import { ReadAudit, SqliteReadAudit } from './read-audit.js';
import { ReadAuditInterceptor } from './read-audit.interceptor.js';

/** Erasure, subject access, retention and the read audit. Global: the scheduled scan applies retention through it. */
@Global()
@Module({
  controllers: [DataSubjectsController, NamedPersonsController, AuditController],
  providers: [
    DataSubjects,
    NamedPersons,
    {
      provide: ReadAudit,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SqliteReadAudit(join(config.dataDir, 'audit.db')),
    },
    { provide: APP_INTERCEPTOR, useClass: ReadAuditInterceptor },
  ],
  exports: [DataSubjects],
})
export class DataProtectionModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DataProtection');

  constructor(
    @Inject(ReadAudit) private readonly audit: ReadAudit,
    private readonly events: SealingEventStore,
    private readonly subjects: DataSubjects,
  ) {}

  onModuleInit(): void {
    // Another node erased someone: the state this one folded from their data goes now, not at the next read.
    this.events.keys.onErasedElsewhere(() => {
      this.subjects.erasureApplied().catch((error: unknown) => {
        this.logger.error({ msg: 'Could not apply an erasure made elsewhere', error: (error as Error).message });
      });
    });
  }

  onApplicationShutdown(): void {
    this.audit.close();
  }
}
