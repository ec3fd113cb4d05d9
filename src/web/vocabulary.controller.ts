import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CONTACT_CHANNELS,
  DEPLOYMENT_STATUSES,
  HALF_TERMS,
  KEY_JUDGEMENT_AREAS,
  KEY_JUDGEMENT_SAFEGUARDING,
  KEY_JUDGEMENTS_FROM,
  OFSTED_CATEGORIES,
  OFSTED_GRADES,
  OPTIONAL_KEY_JUDGEMENT_AREAS,
  OPTIONAL_REPORT_CARD_AREAS,
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADES,
  REPORT_CARD_SAFEGUARDING,
  REPORT_CARDS_FROM,
  PHASES,
  PROGRESS_STATUSES,
  REQUEST_SOURCES,
} from '../../events/index.js';
import { academicYearOf, halfTermDates, halfTermOf } from '../calendar/academic-calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../shared/clock.js';

/**
 * What the web app's forms offer: the closed vocabularies, the alliance's configured specialisms and half-term
 * calendar, and the server's today (so that defaults follow the server's clock, not the browser's).
 */
@ApiTags('web app')
@ApiBearerAuth()
@Controller('vocabulary')
export class VocabularyController {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  vocabulary() {
    const today = this.clock.today();
    const academicYear = academicYearOf(today);
    const current = halfTermOf(today, this.config.halfTermCalendar);
    return {
      today,
      academicYear,
      halfTerm: current?.halfTerm ?? null,
      halfTerms: HALF_TERMS.map((halfTerm) => ({
        halfTerm,
        ...halfTermDates(academicYear, halfTerm, this.config.halfTermCalendar),
      })),
      specialisms: this.config.specialisms,
      phases: PHASES,
      ofstedGrades: OFSTED_GRADES,
      ofstedCategories: OFSTED_CATEGORIES,
      // The three generations of judgement (docs/ofsted.md), for the form that records one.
      ofstedFrameworks: {
        keyJudgementsFrom: KEY_JUDGEMENTS_FROM,
        reportCardsFrom: REPORT_CARDS_FROM,
        keyJudgementAreas: KEY_JUDGEMENT_AREAS,
        optionalKeyJudgementAreas: OPTIONAL_KEY_JUDGEMENT_AREAS,
        keyJudgementSafeguarding: KEY_JUDGEMENT_SAFEGUARDING,
        reportCardAreas: REPORT_CARD_AREAS,
        optionalReportCardAreas: OPTIONAL_REPORT_CARD_AREAS,
        reportCardGrades: REPORT_CARD_GRADES,
        reportCardSafeguarding: REPORT_CARD_SAFEGUARDING,
      },
      requestSources: REQUEST_SOURCES,
      contactChannels: CONTACT_CHANNELS,
      progressStatuses: PROGRESS_STATUSES,
      deploymentStatuses: DEPLOYMENT_STATUSES,
    };
  }
}
