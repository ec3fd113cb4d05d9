import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { ListSchoolsQuery, OfstedJudgementDto, RegisterSchoolDto, SchoolDataPointDto } from './school.dto.js';
import { ChangeSchool, GetSchool, ListSchools } from './school.handlers.js';

@ApiTags('schools')
@ApiBearerAuth()
@Controller('schools')
export class SchoolsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('facilitator')
  async register(@Body() input: RegisterSchoolDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new ChangeSchool({ kind: 'register', input }, user));
    return { urn: input.urn };
  }

  @Get()
  @Roles('facilitator', 'core-team', 'school')
  list(@Query() query: ListSchoolsQuery, @CurrentUser() user: AuthUser) {
    return this.queries.execute(new ListSchools(user, query));
  }

  @Get(':urn')
  @Roles('facilitator', 'core-team', 'school')
  get(@Param('urn') urn: string, @CurrentUser() user: AuthUser) {
    return this.queries.execute(new GetSchool(urn, user));
  }

  @Post(':urn/ofsted-judgements')
  @Roles('facilitator')
  async ofsted(@Param('urn') urn: string, @Body() input: OfstedJudgementDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new ChangeSchool({ kind: 'ofsted', urn, input }, user));
    return { urn };
  }

  @Post(':urn/data-points')
  @Roles('facilitator')
  async dataPoint(@Param('urn') urn: string, @Body() input: SchoolDataPointDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new ChangeSchool({ kind: 'data', urn, input }, user));
    return { urn };
  }
}
