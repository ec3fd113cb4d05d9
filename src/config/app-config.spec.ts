import { ConfigError, DEFAULT_SPECIALISMS, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults with no environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', tokenTtl: '8h', specialisms: DEFAULT_SPECIALISMS });
    expect(config.eventStoreUrl).toBeUndefined();
    // No pattern: each year the alliance has not defined is a typical English year.
    expect(config.halfTermCalendar).toBeUndefined();
    expect(config.contactOverdueDays).toBe(15);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/sle',
      EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
      REDIS_URL: 'redis://redis:6379',
      SLE_ADMIN_EMAIL: 'admin@alliance.example',
      SLE_ADMIN_PASSWORD: 'correct-horse-battery',
      SPECIALISMS: 'maths-primary,oracy',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/sle',
      eventStoreUrl: 'esdb://eventstore:2113?tls=false',
      specialisms: ['maths-primary', 'oracy'],
    });
    expect(config.admin).toEqual({ email: 'admin@alliance.example', password: 'correct-horse-battery' });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        EVENTSTORE_URL: 'http://x',
        JWT_SECRET: 'short',
        SLE_ADMIN_EMAIL: 'a@b.c',
        HALF_TERM_CALENDAR: '{',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'PORT',
      'EVENTSTORE_URL',
      'JWT_SECRET',
      'SLE_ADMIN_EMAIL and SLE_ADMIN_PASSWORD',
      'HALF_TERM_CALENDAR',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('accepts a configured half-term calendar and refuses an overlapping one', () => {
    const calendar = [
      { halfTerm: 'autumn-1', from: '09-03', to: '10-24' },
      { halfTerm: 'autumn-2', from: '11-03', to: '12-19' },
      { halfTerm: 'spring-1', from: '01-05', to: '02-13' },
      { halfTerm: 'spring-2', from: '02-23', to: '03-27' },
      { halfTerm: 'summer-1', from: '04-13', to: '05-22' },
      { halfTerm: 'summer-2', from: '06-01', to: '07-22' },
    ];
    expect(loadConfig({ HALF_TERM_CALENDAR: JSON.stringify(calendar) }).halfTermCalendar).toEqual(calendar);
    const overlapping = calendar.map((h) => (h.halfTerm === 'spring-2' ? { ...h, from: '02-10' } : h));
    expect(() => loadConfig({ HALF_TERM_CALENDAR: JSON.stringify(overlapping) })).toThrow(/spring-2 overlaps spring-1/);
  });
});

describe('loadConfig: brokerage settings', () => {
  it('defaults the match weights and the brokerage target', () => {
    const config = loadConfig({});
    expect(config.matchWeights).toEqual({
      phaseFit: 25,
      capacity: 20,
      load: 15,
      trackRecord: 20,
      localAuthority: 10,
      continuity: 10,
    });
    expect(config.brokerageTargetSchoolDays).toBe(10);
  });

  it('overrides named weights and keeps the rest', () => {
    const config = loadConfig({ MATCH_WEIGHTS: '{"phaseFit":40,"continuity":0}', BROKERAGE_TARGET_SCHOOL_DAYS: '15' });
    expect(config.matchWeights).toMatchObject({ phaseFit: 40, continuity: 0, capacity: 20 });
    expect(config.brokerageTargetSchoolDays).toBe(15);
  });

  it.each([
    ['{"speed":10}', /unknown weight speed/],
    ['{"phaseFit":-1}', /phaseFit must be a number of 0 or more/],
    ['{"phaseFit":"high"}', /phaseFit must be a number/],
    ['not json', /MATCH_WEIGHTS must be JSON/],
  ])('refuses MATCH_WEIGHTS=%s', (value, message) => {
    expect(() => loadConfig({ MATCH_WEIGHTS: value })).toThrow(message);
  });
});

describe('loadConfig: sign-in', () => {
  const entra = {
    PUBLIC_URL: 'https://sle.alliance.example',
    OIDC_MICROSOFT_ISSUER: 'https://login.microsoftonline.com/3f1e2d4c-0000-4000-8000-000000000001/v2.0',
    OIDC_MICROSOFT_CLIENT_ID: 'client-id',
    OIDC_MICROSOFT_CLIENT_SECRET: 'client-secret',
  };

  it('has no provider, a local PUBLIC_URL, cookies Secure over https and the default limits by default', () => {
    expect(loadConfig({ PORT: '8080' })).toMatchObject({
      publicUrl: 'http://localhost:8080',
      cookieSecure: 'auto',
      signInProviders: [],
      throttle: { windowSeconds: 60, perAddress: 30, perAccount: 10, lockoutAfterFailures: 10, lockoutSeconds: 900 },
    });
  });

  it('reads Microsoft with its tenant issuer, and Google with its default issuer', () => {
    const config = loadConfig({
      ...entra,
      OIDC_GOOGLE_CLIENT_ID: 'g-id.apps.googleusercontent.com',
      OIDC_GOOGLE_CLIENT_SECRET: 'g-secret',
      COOKIE_SECURE: 'true',
    });
    expect(config.signInProviders).toEqual([
      {
        provider: 'microsoft',
        label: 'Microsoft',
        issuer: entra.OIDC_MICROSOFT_ISSUER,
        clientId: 'client-id',
        clientSecret: 'client-secret',
      },
      {
        provider: 'google',
        label: 'Google',
        issuer: 'https://accounts.google.com',
        clientId: 'g-id.apps.googleusercontent.com',
        clientSecret: 'g-secret',
      },
    ]);
    expect(config.cookieSecure).toBe(true);
  });

  it.each([
    [
      { ...entra, OIDC_MICROSOFT_CLIENT_SECRET: undefined },
      /OIDC_MICROSOFT_ISSUER, OIDC_MICROSOFT_CLIENT_ID and OIDC_MICROSOFT_CLIENT_SECRET go together/,
    ],
    [
      { ...entra, OIDC_MICROSOFT_ISSUER: 'http://login.example.com/x/v2.0' },
      /OIDC_MICROSOFT_ISSUER must be an https URL/,
    ],
    [{ ...entra, OIDC_MICROSOFT_ISSUER: 'https://login.microsoftonline.com/common/v2.0' }, /must name your tenant/],
    [{ ...entra, PUBLIC_URL: undefined }, /PUBLIC_URL is required with an OIDC provider/],
    [{ PUBLIC_URL: 'sle.alliance.example' }, /PUBLIC_URL must be the address/],
    [{ COOKIE_SECURE: 'yes' }, /COOKIE_SECURE must be auto, true or false/],
    [{ THROTTLE_PER_ADDRESS: '0' }, /THROTTLE_PER_ADDRESS must be a whole number of at least 1/],
    [{ LOCKOUT_SECONDS: 'ten' }, /LOCKOUT_SECONDS must be a whole number/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(message);
  });

  it('allows a provider on plain http on this machine only (a test or development provider)', () => {
    const local = loadConfig({ ...entra, OIDC_MICROSOFT_ISSUER: 'http://127.0.0.1:4000' });
    expect(local.signInProviders[0].issuer).toBe('http://127.0.0.1:4000');
  });
});
