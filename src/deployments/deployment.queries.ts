import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { RankedMatches } from '../../projections/match-score.js';
import { AccessPolicy } from '../auth/access-policy.js';
import type { AuthUser } from '../auth/auth-user.js';
import { academicYearOf } from '../calendar/academic-calendar.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-errors.js';
import type { Page } from '../read-models/list-page.js';
import { isPaged, pageRequestOf } from '../shared/paging.js';
import { listDeployments, pageDeployments, withNames, type ListedDeployment } from './deployment-list.js';
import type { ListDeploymentsQuery } from './deployment.dto.js';

export class GetDeployment extends Query<ListedDeployment> {
  constructor(
    readonly deploymentId: string,
    readonly viewer: AuthUser,
  ) {
    super();
  }
}

export class ListDeployments extends Query<DeploymentView[] | Page<ListedDeployment>> {
  constructor(
    readonly query: ListDeploymentsQuery,
    readonly viewer: AuthUser,
  ) {
    super();
  }
}

/** The shortlist, and how many SLEs are eligible (and ineligible, when asked) in all. */
export type MatchesAnswer = Pick<RankedMatches, 'matches' | 'eligibleCount'> &
  Partial<Pick<RankedMatches, 'ineligible' | 'ineligibleCount'>>;

export class FindMatches extends Query<MatchesAnswer> {
  constructor(
    readonly deploymentId: string,
    readonly includeIneligible: boolean,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(GetDeployment)
export class GetDeploymentHandler implements IQueryHandler<GetDeployment> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ deploymentId, viewer }: GetDeployment) {
    await this.readModels.catchUp();
    const view = this.readModels.deployments.get(deploymentId);
    if (!view) throw new NotFoundError(`No deployment ${deploymentId}`);
    AccessPolicy.assert(AccessPolicy.canReadDeployment(viewer, view));
    return withNames(this.readModels, view);
  }
}

@QueryHandler(ListDeployments)
export class ListDeploymentsHandler implements IQueryHandler<ListDeployments> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ query, viewer }: ListDeployments) {
    await this.readModels.catchUp();
    const { status, schoolUrn, sleId } = query;
    const filter = { status, schoolUrn, sleId };
    if (isPaged(query)) return pageDeployments(this.readModels, filter, query, pageRequestOf(query), viewer);
    return listDeployments(this.readModels, this.readModels.deploymentIndex, filter, viewer);
  }
}

@QueryHandler(FindMatches)
export class FindMatchesHandler implements IQueryHandler<FindMatches> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ deploymentId, includeIneligible, limit }: FindMatches): Promise<MatchesAnswer> {
    await this.readModels.catchUp();
    const request = this.readModels.deployments.get(deploymentId);
    if (!request) throw new NotFoundError(`No support request ${deploymentId}`);
    const school = this.readModels.schools.get(request.schoolUrn)!;
    const { matches, eligibleCount, ineligible, ineligibleCount } = this.readModels.rankMatches({
      request,
      school,
      // The index keeps each specialism's days sorted: the median without reading every deployment.
      typicalDays: this.readModels.deploymentIndex.typicalDays(request.specialism),
      schools: this.readModels.schools,
      academicYear: academicYearOf(this.clock.today()),
      weights: this.config.matchWeights,
      includeIneligible,
      limit,
    });
    return includeIneligible ? { matches, eligibleCount, ineligible, ineligibleCount } : { matches, eligibleCount };
  }
}
