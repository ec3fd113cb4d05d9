import { Controller, Get, HttpCode, Inject, Module, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import ical from 'ical-generator';
import { ERASED } from '../../events/index.js';
import { calendarEntries, type CalendarEntry } from '../../projections/calendar-feed.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import { CurrentUser, Public, type AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-errors.js';
import { AccountDirectory } from '../users/account-directory.js';
import { AccountService } from '../users/account.service.js';
import type { Account } from '../users/user.decider.js';
import { hashToken, isTokenShaped } from '../users/one-time-links.js';

/** A feed lists entries from this many days back: enough for the term's history, small enough to stay quick. */
const FEED_DAYS_BACK = 400;

/**
 * Each person's private calendar feed (RFC 5545) of their visits, brokerage meetings, agreed end dates,
 * evaluations due and, for the staff, the half-term reviews. The address carries a random token, of which only
 * the hash is kept on the person's account stream; issuing a new one revokes the old.
 */
@ApiTags('calendar feed')
@Controller()
export class CalendarFeedsController {
  constructor(
    private readonly accounts: AccountService,
    private readonly directory: AccountDirectory,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the signed-in person has a feed address, and since when (the address itself was shown once). */
  @ApiBearerAuth()
  @Get('calendar-feed')
  async mine(@CurrentUser() user: AuthUser) {
    const account = await this.accounts.commands.account(user.userId);
    return { issuedAt: account.calendarFeed?.issuedAt ?? null };
  }

  /** A new private address for the signed-in person's feed, shown this once; the previous address stops working. */
  @ApiBearerAuth()
  @Post('calendar-feed')
  @HttpCode(200)
  async issue(@CurrentUser() user: AuthUser) {
    const { token, account } = await this.accounts.commands.issueCalendarFeed(user.userId);
    return { url: `${this.config.publicUrl}/api/calendar/${token}.ics`, issuedAt: account.calendarFeed?.issuedAt };
  }

  /** The feed itself, opened by a calendar app with no session: the token is the key. 404 for any other token. */
  @Public()
  @Get('calendar/:file')
  @ApiExcludeEndpoint()
  @ApiProduces('text/calendar')
  async feed(@Param('file') file: string, @Res() res: Response) {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : file;
    await this.directory.catchUp();
    const account = isTokenShaped(token) ? this.directory.withCalendarFeed(hashToken(token)) : undefined;
    // An erased person's feed stops with the rest of their access.
    if (!account || account.status !== 'active' || account.disabled || account.email === ERASED)
      throw new NotFoundError('No such calendar feed');
    await this.readModels.catchUp();
    const from = new Date(this.clock.now().getTime() - FEED_DAYS_BACK * 86_400_000).toISOString().slice(0, 10);
    const staff = account.role !== 'school' && account.role !== 'sle';
    const entries = calendarEntries(this.readModels, {
      deployments: this.deploymentsOf(account, from),
      reviews: staff,
      evaluationDueWithinDays: this.config.evaluationDueWithinDays,
      from,
    });
    res.type('text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Content-Disposition', 'inline; filename="sle-brokerage.ics"');
    res.send(this.ics(account, entries));
  }

  /** What the person may see: their school's deployments, their own as an SLE, or every one for the staff. */
  private deploymentsOf(account: Account, from: string): DeploymentView[] {
    const index = this.readModels.deploymentIndex;
    if (account.role === 'school') return account.schoolUrn ? index.deploymentsOfSchool(account.schoolUrn) : [];
    const facts =
      account.role === 'sle'
        ? account.sleId
          ? index.deploymentsOfSle(account.sleId)
          : []
        : index.deploymentsTouching(from, '9999-12-31');
    return facts.flatMap(({ deploymentId: id }) => {
      const view = this.readModels.deployments.get(id);
      return view ? [view] : [];
    });
  }

  private ics(account: Account, entries: CalendarEntry[]): string {
    const host = new URL(this.config.publicUrl).hostname;
    const calendar = ical({
      name: `SLE brokerage: ${account.name ?? account.email}`,
      prodId: { company: 'sle-brokerage', product: 'calendar-feed', language: 'EN' },
      ttl: 60 * 60,
    });
    const stamp = this.clock.now();
    for (const e of entries)
      calendar.createEvent({
        id: `${e.uid}@${host}`,
        // Noon UTC: the same calendar day wherever the server's time zone is.
        start: new Date(`${e.on}T12:00:00Z`),
        allDay: true,
        stamp,
        summary: e.summary,
        description: e.description,
        url: e.deploymentId
          ? `${this.config.publicUrl}/#/deployments/${e.deploymentId}`
          : `${this.config.publicUrl}/#/review`,
      });
    return calendar.toString();
  }
}

@Module({ controllers: [CalendarFeedsController] })
export class CalendarFeedsModule {}
