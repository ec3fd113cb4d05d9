import { Global, Module } from '@nestjs/common';
import { DataSubjectsController } from './data-subjects.controller.js';
import { DataSubjects } from './data-subjects.service.js';

/** Global: the scheduled scan applies the retention rule through it. */
@Global()
@Module({
  controllers: [DataSubjectsController],
  providers: [DataSubjects],
  exports: [DataSubjects],
})
export class DataProtectionModule {}
