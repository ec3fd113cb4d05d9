import { Module } from '@nestjs/common';
import { ChangeSleHandler, GetSlesHandler, ListSlesHandler } from './sle.handlers.js';
import { SlesController } from './sles.controller.js';

@Module({ controllers: [SlesController], providers: [ChangeSleHandler, GetSlesHandler, ListSlesHandler] })
export class SlesModule {}
