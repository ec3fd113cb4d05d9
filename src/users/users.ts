import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Post,
  UnauthorizedException,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomBytes, randomUUID } from 'node:crypto';
import { userStream } from '../../events/index.js';
import { normaliseEmail } from '../../projections/user-view.js';
import { CurrentUser, Public, Roles, type AuthUser } from '../auth/auth-user.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner } from '../commands/aggregate-runner.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';
import { KeyedLock } from '../shared/keyed-lock.js';
import { userDecider } from './user.decider.js';
import { LoginDto, RegisterUserDto } from './user.dto.js';

export class RegisterUserCommand extends Command<{ userId: string }> {
  constructor(
    readonly input: RegisterUserDto,
    readonly actorUserId?: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  // One registration at a time, so two requests cannot both claim the same email.
  private readonly lock = new KeyedLock();

  constructor(
    private readonly runner: AggregateRunner,
    private readonly readModels: ReadModels,
  ) {}

  execute({ input, actorUserId }: RegisterUserCommand) {
    return this.lock.run('users', async () => {
      await this.readModels.catchUp();
      const email = normaliseEmail(input.email);
      if (this.readModels.userByEmail(email)) throw new ConflictError('A user with this email already exists');
      const problems: Record<string, string> = {};
      if (input.schoolUrn && !this.readModels.schools.has(input.schoolUrn))
        problems.schoolUrn = `no school with URN ${input.schoolUrn} is registered`;
      if (input.sleId && !this.readModels.sles.has(input.sleId)) problems.sleId = `no SLE ${input.sleId} is designated`;
      if (Object.keys(problems).length) throw new InvalidCommandError(problems);
      const userId = randomUUID();
      const passwordHash = await PasswordHasher.hash(input.password);
      const { password: _password, ...rest } = input;
      await this.runner.run(
        userStream(userId),
        userDecider,
        { type: 'RegisterUser', ...rest, email, userId, passwordHash },
        { actorUserId },
      );
      return { userId };
    });
  }
}

@Injectable()
export class LoginService {
  // Verifying against a real hash when the email is unknown keeps both failures equally slow.
  private readonly decoyHash = PasswordHasher.hash(randomBytes(16).toString('hex'));

  constructor(
    private readonly readModels: ReadModels,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string) {
    await this.readModels.catchUp();
    const user = this.readModels.userByEmail(email);
    const ok = await PasswordHasher.verify(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !ok) throw new UnauthorizedException('Email or password is wrong');
    const { userId: id, role, schoolUrn, sleId } = user;
    const token = await this.jwt.signAsync({ sub: id, role, schoolUrn, sleId });
    return {
      token,
      user: { id, email: user.email, role, ...(schoolUrn ? { schoolUrn } : {}), ...(sleId ? { sleId } : {}) },
    };
  }
}

@ApiTags('accounts')
@Controller()
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly logins: LoginService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginDto) {
    return this.logins.login(body.email, body.password);
  }

  /** Who the bearer token says the caller is; reads nothing from the store. */
  @ApiBearerAuth()
  @Get('auth/me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    const { userId, role, schoolUrn, sleId } = user;
    return { userId, role, ...(schoolUrn ? { schoolUrn } : {}), ...(sleId ? { sleId } : {}) };
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users')
  async register(@Body() body: RegisterUserDto) {
    const { userId } = await this.commands.execute(new RegisterUserCommand(body));
    return { id: userId };
  }
}

/** On the first start, creates the admin from SLE_ADMIN_EMAIL/SLE_ADMIN_PASSWORD, or with a random password printed once. */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.readModels.catchUp();
    if (this.readModels.users.size > 0) return;
    const email = this.config.admin?.email ?? 'admin@localhost';
    const password = this.config.admin?.password ?? randomBytes(18).toString('base64url');
    await this.commands.execute(new RegisterUserCommand({ email, password, role: 'admin' }));
    if (this.config.admin) {
      this.logger.log({ msg: 'Created the first admin from SLE_ADMIN_EMAIL' });
    } else {
      // Printed once, outside the structured log, so that the password never lands in log storage.
      process.stdout.write(
        `\nFirst admin created: ${email} / ${password}\nSign in and create named accounts; this password is not shown again.\n\n`,
      );
    }
  }
}
