import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { OpenIdController, OpenIdProviders } from './oidc.js';
import { Sessions } from './sessions.js';
import { AttemptCounts, SignInLockout, SignInThrottle } from '../auth/throttling.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AccountDirectory } from './account-directory.js';
import { AccountService } from './account.service.js';
import { AccountMail } from './one-time-links.js';
import { SignInController } from './sign-in.controller.js';
import { UsersController } from './users.controller.js';

/** On the first start, creates the admin from SLE_ADMIN_EMAIL/SLE_ADMIN_PASSWORD, or with a random password printed once. */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly accounts: AccountService,
    private readonly directory: AccountDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.directory.catchUp();
    if (this.directory.size > 0) return;
    const email = this.config.admin?.email ?? 'admin@localhost';
    const password = this.config.admin?.password ?? randomBytes(18).toString('base64url');
    // The operator's own choice of password is taken as it is; it should be changed after the first sign-in.
    await this.accounts.commands.register({ email, password, role: 'admin' }, undefined, {
      checkPolicy: false,
    });
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

/**
 * People and sign-in: accounts and their directory, sessions (bearer tokens and the web app's cookie),
 * invitations and password resets, sign-in with OpenID Connect providers, throttling and lockout. Global, so
 * that the app's guard checks every request's session and the CSV import invites through the same commands.
 */
@Global()
@Module({
  controllers: [SignInController, UsersController, OpenIdController],
  providers: [
    AccountDirectory,
    Sessions,
    AccountMail,
    AccountService,
    OpenIdProviders,
    FirstAdmin,
    AttemptCounts,
    SignInThrottle,
    SignInLockout,
  ],
  exports: [AccountDirectory, Sessions, AccountService],
})
export class UsersModule {}
