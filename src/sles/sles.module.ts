import { Module } from '@nestjs/common';
import { ChangeSleHandler, GetSlesHandler } from './sle.handlers.js';
import { SlesController } from './sles.controller.js';

@Module({ controllers: [SlesController], providers: [ChangeSleHandler, GetSlesHandler] })
export class SlesModule {}
