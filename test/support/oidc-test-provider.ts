import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestPerson {
  email: string;
  emailVerified: boolean;
  name?: string;
}

export const OIDC_CLIENT = { id: 'sle-brokerage-test', secret: 'a-test-client-secret-of-some-length' };

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified Node implementation) on loopback, standing in
 * for Microsoft Entra ID or Google. Its sign-in page asks only for an email: the person with that email (from
 * `people`) is signed in and consents at once. Everything else (discovery, authorization code with PKCE,
 * state, nonce, signed ID tokens) is the provider's own.
 */
export class OidcTestProvider {
  readonly people = new Map<string, TestPerson>();
  private server?: Server;
  private provider?: Provider;
  issuer = '';

  add(person: TestPerson): void {
    this.people.set(person.email.toLowerCase(), person);
  }

  async start(redirectUris: string[]): Promise<string> {
    this.server = createServer();
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: OIDC_CLIENT.id,
          client_secret: OIDC_CLIENT.secret,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
      ttl: { Session: 3600, Grant: 600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, accountId) => {
        const person = this.people.get(accountId);
        if (!person) return undefined;
        return {
          accountId,
          claims: () => ({
            sub: accountId,
            email: person.email,
            email_verified: person.emailVerified,
            ...(person.name ? { name: person.name } : {}),
          }),
        };
      },
      // Quiet: the provider's development warnings are about its own keys, which a test needs no better than these.
      renderError: (ctx, out) => {
        ctx.type = 'text/plain';
        ctx.body = `${out.error}: ${out.error_description ?? ''}`;
      },
    });
    this.provider.proxy = false;
    const callback = this.provider.callback();
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/interaction/')) void this.interaction(req, res);
      // A browser asks for one on every page; it has none.
      else if (req.url === '/favicon.ico') res.writeHead(204).end();
      else callback(req, res);
    });
    return this.issuer;
  }

  /** The provider's sign-in page: one field, the email; then straight back to the app. */
  private async interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const provider = this.provider!;
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="en"><head><title>Test provider: sign in</title></head><body>
<main><h1>Test provider</h1><form method="post" action="/interaction/${escape(details.uid)}">
<label for="email">Email</label> <input id="email" name="email" type="email">
<button type="submit">Continue</button></form></main></body></html>`);
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const email = (new URLSearchParams(body).get('email') ?? '').toLowerCase();
      if (!this.people.has(email)) {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'no such person' });
        return;
      }
      const grant = new provider.Grant({ accountId: email, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: email }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      res.statusCode = 400;
      res.end(String((error as Error).message));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
