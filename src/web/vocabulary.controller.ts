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
import { academicYearOf, halfTermSpan, termDatesOf } from '../calendar/academic-calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { termCalendar } from '../term-dates/term-calendar.js';

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
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  vocabulary() {
    const today = this.clock.today();
    const academicYear = academicYearOf(today);
    const calendar = termCalendar(this.readModels, this.config);
    // In a holiday, the half term just ended: its review and report are the ones still to come.
    const current = HALF_TERMS.find((halfTerm) => {
      const span = halfTermSpan(academicYear, halfTerm, calendar);
      return today >= span.from && today <= span.to;
    });
    return {
      today,
      academicYear,
      halfTerm: current ?? null,
      /** Each half term's first and last teaching day this year. */
      halfTerms: termDatesOf(academicYear, calendar),
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
