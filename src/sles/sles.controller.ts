import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, STAFF, type AuthUser } from '../auth/auth-user.js';
import {
  DesignateSleDto,
  EndDesignationDto,
  ListSlesQuery,
  SleCapacityDto,
  SleSpecialismsDto,
  UtilisationQuery,
} from './sle.dto.js';
import { ChangeSle, GetSles, ListSles } from './sle.handlers.js';

@ApiTags('SLEs')
@ApiBearerAuth()
@Controller('sles')
export class SlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('facilitator')
  async designate(@Body() input: DesignateSleDto, @CurrentUser() user: AuthUser) {
    const { sleId } = await this.commands.execute(new ChangeSle({ kind: 'designate', input }, user));
    return { sleId };
  }

  @Get()
  @Roles(...STAFF, 'sle')
  list(@Query() query: ListSlesQuery, @CurrentUser() user: AuthUser) {
    return this.queries.execute(new ListSles(user, query));
  }

  @Get(':sleId')
  @Roles(...STAFF, 'sle')
  async get(@Param('sleId') sleId: string, @Query() query: UtilisationQuery, @CurrentUser() user: AuthUser) {
    const [sle] = await this.queries.execute(new GetSles(user, query.academicYear, sleId));
    return sle;
  }

  @Post(':sleId/capacity')
  @Roles('facilitator')
  async capacity(@Param('sleId') sleId: string, @Body() input: SleCapacityDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new ChangeSle({ kind: 'capacity', sleId, input }, user));
    return { sleId };
  }

  @Post(':sleId/specialisms')
  @Roles('facilitator')
  async specialisms(@Param('sleId') sleId: string, @Body() input: SleSpecialismsDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new ChangeSle({ kind: 'specialisms', sleId, input }, user));
    return { sleId };
  }

  @Post(':sleId/designation-end')
  @Roles('facilitator')
  async end(@Param('sleId') sleId: string, @Body() input: EndDesignationDto, @CurrentUser() user: AuthUser) {
    await this.commands.execute(new ChangeSle({ kind: 'end', sleId, input }, user));
    return { sleId };
  }
}
