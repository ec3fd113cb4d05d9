import { Controller, Get, Inject, Injectable, Logger, Param, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type * as OpenId from 'openid-client';
import { SIGN_IN_PROVIDERS, type SignInProvider } from '../../events/index.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { SignInProviderConfig } from '../config/sign-in-config.js';
import { Clock } from '../shared/clock.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { AccountDirectory } from './account-directory.js';
import { AccountService } from './account.service.js';
import { Public } from '../auth/auth-user.js';
import { Sessions } from './sessions.js';

/** The flow in progress, signed and kept in an httpOnly cookie for the trip to the provider and back. */
const FLOW_COOKIE = 'sle_oidc';
const FLOW_MINUTES = 10;

interface Flow {
  provider: SignInProvider;
  state: string;
  nonce: string;
  verifier: string;
}

/** Why a sign-in with a provider was refused, as the sign-in page explains it. */
export type ProviderRefusal = 'failed' | 'unverified-email' | 'no-account' | 'disabled' | 'invitation-expired';

/**
 * The providers as openid-client sees them, discovered on first use (a provider that is down at start does
 * not stop the app) and kept; a failed discovery is tried again next time.
 */
@Injectable()
export class OpenIdProviders {
  private readonly logger = new Logger('OpenIdConnect');
  private readonly discovered = new Map<SignInProvider, Promise<OpenId.Configuration>>();
  private library: Promise<typeof OpenId> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configOf(provider: string): SignInProviderConfig | undefined {
    return this.config.signInProviders.find((p) => p.provider === provider);
  }

  redirectUri = (provider: SignInProvider) => `${this.config.publicUrl}/api/auth/oidc/${provider}/callback`;

  /** openid-client, loaded when a provider is first used: most installations have none. */
  client(): Promise<typeof OpenId> {
    return (this.library ??= import('openid-client'));
  }

  async configuration(settings: SignInProviderConfig): Promise<OpenId.Configuration> {
    let found = this.discovered.get(settings.provider);
    if (!found) {
      const client = await this.client();
      const issuer = new URL(settings.issuer);
      found = client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        // Plain http only for a provider on this machine (config allows no other), as the tests start one.
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: 10,
      });
      this.discovered.set(settings.provider, found);
      found.catch((error: Error) => {
        this.discovered.delete(settings.provider);
        this.logger.warn({ msg: 'Discovery failed', provider: settings.provider, error: error.message });
      });
    }
    return found;
  }
}

/**
 * Sign in with Microsoft Entra ID or Google: OpenID Connect's authorization code flow with PKCE, state and
 * nonce checked by openid-client. A person is matched by their verified email to an account that exists or
 * was invited (accepting the invitation); signing in never creates an account.
 */
@ApiExcludeController()
@Controller('auth/oidc')
export class OpenIdController {
  private readonly logger = new Logger('OpenIdConnect');

  constructor(
    private readonly providers: OpenIdProviders,
    private readonly jwt: JwtService,
    private readonly sessions: Sessions,
    private readonly directory: AccountDirectory,
    private readonly accounts: AccountService,
    private readonly clock: Clock,
  ) {}

  private settings(provider: string): SignInProviderConfig {
    const settings = this.providers.configOf(provider);
    if (!settings) {
      const configured = SIGN_IN_PROVIDERS.filter((p) => this.providers.configOf(p));
      throw InvalidCommandError.field(
        'provider',
        configured.length ? `must be one of ${configured.join(', ')}` : 'no sign-in provider is configured',
      );
    }
    return settings;
  }

  private flowCookie(req: Request) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/api/auth/oidc' };
  }

  /** Sends the browser to the provider, with a PKCE challenge, a state and a nonce kept in a signed cookie. */
  @Public()
  @Get(':provider/start')
  async start(@Param('provider') provider: string, @Req() req: Request, @Res() res: Response) {
    const settings = this.settings(provider);
    let configuration: OpenId.Configuration;
    try {
      configuration = await this.providers.configuration(settings);
    } catch {
      return res.redirect(303, '/#/login?signin=unavailable');
    }
    const client = await this.providers.client();
    const flow: Flow = {
      provider: settings.provider,
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.providers.redirectUri(settings.provider),
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    const signed = await this.jwt.signAsync(flow, { expiresIn: `${FLOW_MINUTES}m` });
    res.cookie(FLOW_COOKIE, signed, { ...this.flowCookie(req), maxAge: FLOW_MINUTES * 60_000 });
    return res.redirect(303, url.href);
  }

  /** Where the provider sends the browser back: checks everything, then signs the person in (or says why not). */
  @Public()
  @Get(':provider/callback')
  async callback(@Param('provider') provider: string, @Req() req: Request, @Res() res: Response) {
    const settings = this.settings(provider);
    res.clearCookie(FLOW_COOKIE, this.flowCookie(req));
    const refuse = (why: ProviderRefusal) => res.redirect(303, `/#/login?signin=${why}`);
    let flow: Flow;
    try {
      flow = await this.jwt.verifyAsync<Flow>(String(req.cookies?.[FLOW_COOKIE] ?? ''));
      if (flow.provider !== settings.provider) throw new Error('The flow was started for another provider');
    } catch {
      return refuse('failed');
    }
    let claims: Record<string, unknown>;
    try {
      const client = await this.providers.client();
      const configuration = await this.providers.configuration(settings);
      const callbackUrl = new URL(this.providers.redirectUri(settings.provider));
      callbackUrl.search = new URL(req.originalUrl, callbackUrl).search;
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
      // A provider may keep the email for its userinfo endpoint (as OpenID Connect's default has it).
      if (typeof claims.email !== 'string' && tokens.access_token)
        claims = {
          ...claims,
          ...(await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub))),
        };
    } catch (error) {
      this.logger.warn({ msg: 'Sign-in refused', provider, error: (error as Error).message });
      return refuse('failed');
    }
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    // Google says email_verified; Entra ID says so with the optional claim xms_edov (docs/sign-in.md).
    const verified = claims.email_verified === true || claims.xms_edov === true || claims.xms_edov === '1';
    if (!email || !verified) return refuse('unverified-email');

    await this.directory.catchUp();
    let account = this.directory.byEmailAddress(email);
    if (!account) return refuse('no-account');
    if (account.disabled) return refuse('disabled');
    if (account.status === 'invited') {
      if ((account.invitation?.expiresAt ?? '') <= this.clock.now().toISOString()) return refuse('invitation-expired');
      account = await this.accounts.commands.acceptWithProvider(account.userId, settings.provider);
    }
    this.sessions.startWebSession(req, res, await this.sessions.issue(account));
    return res.redirect(303, '/#/');
  }
}
