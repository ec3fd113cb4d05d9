import { Module } from '@nestjs/common';
import { ChangeSchoolHandler, GetSchoolHandler, ListSchoolsHandler } from './school.handlers.js';
import { SchoolsController } from './schools.controller.js';

@Module({ controllers: [SchoolsController], providers: [ChangeSchoolHandler, GetSchoolHandler, ListSchoolsHandler] })
export class SchoolsModule {}
