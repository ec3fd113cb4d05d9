import { Module } from '@nestjs/common';
import { DataSubjectsController } from './data-subjects.controller.js';
import { DataSubjects } from './data-subjects.service.js';

@Module({
  controllers: [DataSubjectsController],
  providers: [DataSubjects],
  exports: [DataSubjects],
})
export class DataProtectionModule {}
