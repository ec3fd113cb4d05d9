import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { normaliseEmail } from '../email-reservations/email-reservation.js';

/** Keys are digests: no email or address is written to Redis. */
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Too many attempts: 429, with `Retry-After` in seconds (set by the error filter from `retryAfterSeconds`). */
export class TooManyAttempts extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Too many attempts; try again in ${retryAfterSeconds} seconds, or reset your password`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** A count that lives for a fixed window from its first hit. */
interface Count {
  count: number;
  msLeft: number;
}

/**
 * Counts kept for a while: in Redis when REDIS_URL is set, so that every node shares them, in this process
 * otherwise (at most 100,000 keys, the least recently used dropped first).
 */
@Injectable()
export class AttemptCounts implements OnApplicationShutdown {
  private readonly memory = new LRUCache<string, { count: number; expiresAt: number }>({ max: 100_000 });
  private readonly redis: Redis | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.redisUrl) {
      // Loaded here, only when Redis is configured, as the read models do.
      const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
      this.redis = new RedisClient(config.redisUrl, {
        keyPrefix: `${config.redisPrefix}:attempts:`,
        maxRetriesPerRequest: 1,
      });
      this.redis.on('error', () => undefined); // reported through the failing calls instead
    }
  }

  /** Adds one to the count, starting its window if it had none. */
  async hit(key: string, windowMs: number): Promise<Count> {
    if (this.redis) {
      const [[, count], , [, ttl]] = (await this.redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs, 'NX')
        .pttl(key)
        .exec())!;
      return { count: Number(count), msLeft: Math.max(0, Number(ttl)) };
    }
    const now = Date.now();
    const entry = this.memory.get(key);
    if (!entry || entry.expiresAt <= now) {
      this.memory.set(key, { count: 1, expiresAt: now + windowMs });
      return { count: 1, msLeft: windowMs };
    }
    entry.count++;
    return { count: entry.count, msLeft: entry.expiresAt - now };
  }

  async peek(key: string): Promise<Count> {
    if (this.redis) {
      const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
      return { count: Number(count ?? 0), msLeft: Math.max(0, ttl) };
    }
    const entry = this.memory.get(key);
    const msLeft = entry ? entry.expiresAt - Date.now() : 0;
    return msLeft > 0 ? { count: entry!.count, msLeft } : { count: 0, msLeft: 0 };
  }

  async clear(key: string): Promise<void> {
    if (this.redis) await this.redis.del(key);
    else this.memory.delete(key);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The account an attempt is aimed at: the email given, else the link's token. */
function accountOf(body: unknown): string {
  const fields = (body ?? {}) as Record<string, unknown>;
  if (typeof fields.email === 'string') return `email:${normaliseEmail(fields.email)}`;
  if (typeof fields.token === 'string') return `token:${fields.token}`;
  return 'none';
}

/**
 * Sign-in, password reset and invitation acceptance: at most THROTTLE_PER_ADDRESS attempts from one address
 * and THROTTLE_PER_ACCOUNT at one account (an email or a link's token) in each THROTTLE_WINDOW_SECONDS window,
 * counted across all of these routes. Past either, the request is answered 429 with `Retry-After` until the
 * window ends.
 */
@Injectable()
export class SignInThrottle implements CanActivate {
  constructor(
    private readonly counts: AttemptCounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const { windowSeconds, perAddress, perAccount } = this.config.throttle;
    const windowMs = windowSeconds * 1000;
    const [address, account] = await Promise.all([
      this.counts.hit(`address:${digest(request.ip ?? 'unknown')}`, windowMs),
      this.counts.hit(`account:${digest(accountOf(request.body))}`, windowMs),
    ]);
    const over = [address.count > perAddress && address, account.count > perAccount && account].filter(
      (c): c is Count => !!c,
    );
    if (over.length) throw new TooManyAttempts(secondsOf(Math.max(...over.map((c) => c.msLeft))));
    return true;
  }
}

/**
 * Locks an account out after LOCKOUT_AFTER_FAILURES wrong passwords in a row (within LOCKOUT_SECONDS of the
 * first), for the rest of that time; a right password clears the count. Counted per email and password
 * version, so a password reset (a new version) lifts it at once. An email with no account is counted the
 * same, so the answer never tells whether an account exists.
 */
@Injectable()
export class SignInLockout {
  constructor(
    private readonly counts: AttemptCounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key = (email: string, passwordVersion: number) =>
    `lockout:${digest(normaliseEmail(email))}:${passwordVersion}`;

  /** Seconds left of a lockout, or 0. */
  async lockedFor(email: string, passwordVersion: number): Promise<number> {
    const { count, msLeft } = await this.counts.peek(this.key(email, passwordVersion));
    return count >= this.config.throttle.lockoutAfterFailures ? secondsOf(msLeft) : 0;
  }

  async failed(email: string, passwordVersion: number): Promise<void> {
    await this.counts.hit(this.key(email, passwordVersion), this.config.throttle.lockoutSeconds * 1000);
  }

  async succeeded(email: string, passwordVersion: number): Promise<void> {
    await this.counts.clear(this.key(email, passwordVersion));
  }
}
