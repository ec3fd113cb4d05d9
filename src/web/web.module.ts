import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module.js';
import { VocabularyController } from './vocabulary.controller.js';

/**
 * The web app's server side: the vocabulary its forms offer, and the CSV imports. The pages themselves are
 * static files served by `serveWebApp` (web-static.ts).
 */
@Module({ imports: [ImportsModule], controllers: [VocabularyController] })
export class WebModule {}
