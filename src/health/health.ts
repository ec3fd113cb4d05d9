import { Controller, Get, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '../auth/auth-user.js';
import { EventStore } from '../event-store/event-store.port.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly store: EventStore,
  ) {}

  /** 200 when the event store answers, 503 otherwise. */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const session = this.indicator.check('eventStore');
        try {
          await this.store.ping();
          return session.up();
        } catch {
          return session.down({ message: 'The event store does not answer' });
        }
      },
    ]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] })
export class HealthModule {}
