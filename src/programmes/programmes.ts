import { Body, Controller, Get, Inject, Module, Param, Put } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, Max, Min } from 'class-validator';
import { programmeStream } from '../../events/index.js';
import type { Programme } from '../../projections/programmes.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { AggregateRunner, type CommandResult } from '../commands/aggregate-runner.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-errors.js';
import { IsOneLine, IsText } from '../shared/validation.js';
import { programmeCatalogue } from './programme-catalogue.js';
import { programmeDecider } from './programme.decider.js';

export class ProgrammeDto {
  @IsText(60, { example: 'RISE adviser', description: 'What one specialist of the programme is called' })
  singular!: string;
  @IsText(60, { example: 'RISE advisers', description: 'What several are called' }) plural!: string;
  @ApiProperty({ example: ['maths-primary', 'leadership'], description: 'The specialisms the programme deploys' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsOneLine({ each: true })
  specialisms!: string[];
  @ApiProperty({ example: 20, description: 'Days a specialist in the programme gives in an academic year' })
  @IsInt()
  @Min(1)
  @Max(190)
  yearlyDays!: number;
}

export class DefineProgramme extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly input: ProgrammeDto,
    readonly actor: AuthUser,
  ) {
    super();
  }
}

@CommandHandler(DefineProgramme)
export class DefineProgrammeHandler implements ICommandHandler<DefineProgramme> {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly clock: Clock,
  ) {}

  execute({ programmeId, input, actor }: DefineProgramme) {
    return this.runner.run(
      programmeStream(programmeId),
      programmeDecider,
      { type: 'DefineProgramme', programmeId, ...input, today: this.clock.today() },
      { actorUserId: actor.userId },
    );
  }
}

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The kinds of specialist the alliance deploys, the SLE programme first; every signed-in user reads them. */
  @Get()
  async list(): Promise<Programme[]> {
    await this.readModels.catchUp();
    return programmeCatalogue(this.readModels, this.config);
  }

  @Get(':programmeId')
  async get(@Param('programmeId') programmeId: string): Promise<Programme> {
    await this.readModels.catchUp();
    const programme = programmeCatalogue(this.readModels, this.config).find((p) => p.programmeId === programmeId);
    if (!programme) throw new NotFoundError(`No programme ${programmeId}`);
    return programme;
  }

  /** Defines a programme, or edits one (the SLE programme too: its words, specialisms and yearly days). Admins only. */
  @Put(':programmeId')
  @Roles('admin')
  async define(
    @Param('programmeId') programmeId: string,
    @Body() input: ProgrammeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Programme> {
    await this.commands.execute(new DefineProgramme(programmeId, input, user));
    return this.get(programmeId);
  }
}

@Module({ controllers: [ProgrammesController], providers: [DefineProgrammeHandler] })
export class ProgrammesModule {}
