import { Module } from '@nestjs/common';
import { ImportService } from './import.service.js';
import { ImportsController } from './imports.controller.js';

@Module({ controllers: [ImportsController], providers: [ImportService] })
export class ImportsModule {}
