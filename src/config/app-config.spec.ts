import { ConfigError, DEFAULT_SPECIALISMS, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults with no environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', tokenTtl: '8h', specialisms: DEFAULT_SPECIALISMS });
    expect(config.eventStoreUrl).toBeUndefined();
    expect(config.halfTermCalendar.map((h) => h.halfTerm)).toEqual([
      'autumn-1',
      'autumn-2',
      'spring-1',
      'spring-2',
      'summer-1',
      'summer-2',
    ]);
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
