import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, STAFF, type AuthUser } from '../auth/auth-user.js';
import { InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { RequestSupport, TakeDeploymentStep, type DeploymentStep } from './deployment.commands.js';
import {
  BrokerageMeetingDto,
  CancellationDto,
  WithdrawalDto,
  ContactDto,
  DEFAULT_MATCHES,
  DeployDto,
  ExtensionDto,
  ImpactEvaluationDto,
  ListDeploymentsQuery,
  MatchesQuery,
  parseIfMatch,
  RequestSupportDto,
} from './deployment.dto.js';
import { FindMatches, GetDeployment, ListDeployments } from './deployment.queries.js';

// An id that is not a UUID cannot name a deployment: answered 404 like any unknown id.
const DeploymentId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('No deployment with this id') });

@ApiTags('support requests')
@ApiBearerAuth()
@Controller('support-requests')
export class SupportRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('facilitator', 'school')
  async request(@Body() body: RequestSupportDto, @CurrentUser() user: AuthUser) {
    const { deploymentId } = await this.commands.execute(new RequestSupport(body, user));
    return { deploymentId };
  }

  @Get(':id/matches')
  @Roles(...STAFF)
  matches(@Param('id', DeploymentId) id: string, @Query() query: MatchesQuery) {
    return this.queries.execute(
      new FindMatches(id, query.includeIneligible === 'true', query.limit ?? DEFAULT_MATCHES),
    );
  }
}

/**
 * The headers a step on a deployment reads, declared once each and optional. Declared on each step, not on the
 * controller, so that they are not listed for the reads; `@Headers('If-Match')` uses the same name, so the
 * document does not list the header a second time, as required.
 */
const StepHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The version last read (the ETag of GET /deployments/{id}); a stale one is refused with 409',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Send a command twice with the same key and it is applied once',
    }),
  );

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('deployments')
export class DeploymentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  list(@Query() query: ListDeploymentsQuery, @CurrentUser() user: AuthUser) {
    return this.queries.execute(new ListDeployments(query, user));
  }

  @Get(':id')
  async get(
    @Param('id', DeploymentId) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetDeployment(id, user));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/brokerage-meeting')
  @Roles('facilitator')
  @StepHeaders()
  brokerageMeeting(
    @Param('id', DeploymentId) id: string,
    @Body() input: BrokerageMeetingDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'HoldBrokerageMeeting', ...input }, user, ifMatch);
  }

  @Post(':id/deploy')
  @Roles('facilitator')
  @StepHeaders()
  deploy(
    @Param('id', DeploymentId) id: string,
    @Body() input: DeployDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'DeploySle', ...input }, user, ifMatch);
  }

  @Post(':id/contacts')
  @Roles('facilitator', 'sle')
  @StepHeaders()
  contact(
    @Param('id', DeploymentId) id: string,
    @Body() input: ContactDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'LogContact', ...input }, user, ifMatch);
  }

  @Post(':id/extensions')
  @Roles('facilitator')
  @StepHeaders()
  extend(
    @Param('id', DeploymentId) id: string,
    @Body() input: ExtensionDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'ExtendDeployment', ...input }, user, ifMatch);
  }

  @Post(':id/impact-evaluation')
  @Roles('facilitator')
  @StepHeaders()
  evaluate(
    @Param('id', DeploymentId) id: string,
    @Body() input: ImpactEvaluationDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'EvaluateImpact', ...input }, user, ifMatch);
  }

  @Post(':id/cancellation')
  @Roles('facilitator')
  @StepHeaders()
  cancel(
    @Param('id', DeploymentId) id: string,
    @Body() input: CancellationDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'CancelDeployment', ...input }, user, ifMatch);
  }

  /** The school takes back its own request, before any brokerage meeting. */
  @Post(':id/withdrawal')
  @Roles('school')
  @StepHeaders()
  withdraw(
    @Param('id', DeploymentId) id: string,
    @Body() input: WithdrawalDto,
    @CurrentUser() user: AuthUser,
    @Headers('If-Match') ifMatch?: string,
  ) {
    return this.take(id, { type: 'WithdrawRequest', ...input }, user, ifMatch);
  }

  private async take(id: string, step: DeploymentStep, user: AuthUser, ifMatch: string | undefined) {
    const expectedVersion = parseIfMatch(ifMatch);
    if (Number.isNaN(expectedVersion))
      throw new InvalidCommandError({ 'If-Match': 'must be a version number such as "3"' });
    const result = await this.commands.execute(new TakeDeploymentStep(id, step, user, expectedVersion));
    return { deploymentId: id, version: result.nextExpectedRevision };
  }
}
