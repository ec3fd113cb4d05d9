import { Module } from '@nestjs/common';
import { RequestSupportHandler, TakeDeploymentStepHandler } from './deployment.commands.js';
import { FindMatchesHandler, GetDeploymentHandler, ListDeploymentsHandler } from './deployment.queries.js';
import { DeploymentsController, SupportRequestsController } from './deployments.controller.js';

@Module({
  controllers: [SupportRequestsController, DeploymentsController],
  providers: [
    RequestSupportHandler,
    TakeDeploymentStepHandler,
    GetDeploymentHandler,
    ListDeploymentsHandler,
    FindMatchesHandler,
  ],
})
export class DeploymentsModule {}
