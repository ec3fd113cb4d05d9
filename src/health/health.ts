import { Controller, Get, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '../auth/auth-user.js';
import { EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../read-models/read-models.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  /**
   * 200 when the event store answers, 503 otherwise. Beside it, the views: the last event folded into them
   * and how long recent events took to get there (reads and commands catch up before answering anyway).
   */
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
      () =>
        this.indicator
          .check('views')
          .up({ position: this.readModels.position.toString(), lag: this.readModels.foldLag() }),
    ]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] })
export class HealthModule {}
