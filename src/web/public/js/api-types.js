// The API's answers as the pages read them, for `npm run typecheck` (tsconfig.web.json). Types only: no page
// imports this file at run time. The closed vocabularies come from the event contracts, so they cannot drift.

/**
 * @import { Attendee, EvaluatedOutcome, ExpectedOutcome } from '../../../../events/deployment.events.js'
 * @import {
 *   ContactChannel, DeploymentStatus, HalfTerm, IsoDate, KeyJudgementArea, KeyJudgementSafeguarding, OfstedCategory,
 *   OfstedGrade, Phase, ProgressStatus, ReportCardArea, ReportCardGrade, ReportCardSafeguarding, RequestSource, Role,
 * } from '../../../../events/vocabulary.js'
 * @import { OfstedJudgementView } from '../../../../projections/school-view.js'
 * @import { AccountAccess, SignInProvider } from '../../../../events/user.events.js'
 */

/**
 * The signed-in user, as `GET /auth/session` and `POST /auth/session` give it: a school user belongs to one school, an
 * SLE user is one SLE; `name` is left out for an account registered without one.
 * @typedef {{ id: string, email: string, name?: string } & (
 *   { role: 'school', schoolUrn: string } | { role: 'sle', sleId: string } | { role: Exclude<Role, 'school' | 'sle'> }
 * )} User
 */

/** A provider to sign in with (`/api/auth/oidc/:provider/start`), as configured on the server. */
/** @typedef {{ provider: SignInProvider, label: string }} SignInProviderOption */

/**
 * The browser's session (`GET /auth/session`): who is signed in (nobody: null), the CSRF token every change sends
 * back, and the providers to offer. Signing out (`DELETE /auth/session`) answers a new token and no user.
 * @typedef {object} WebSession
 * @property {User | null} user
 * @property {string} csrfToken
 * @property {SignInProviderOption[]} signInProviders
 */

/** `POST /auth/session`: signed in, the session in an httpOnly cookie the page never sees. */
/** @typedef {{ user: User, csrfToken: string }} SignedIn */

/**
 * A person with access, or invited (`GET /users`, `GET /users/:id`, `GET /auth/account`, and the answers of
 * `POST /users/:id/access`, `/disable` and `/enable`).
 * @typedef {AccountAccess & PersonDetails} Person
 */
/**
 * @typedef {object} PersonDetails
 * @property {string} id
 * @property {string} email
 * @property {string | null} name
 * @property {'invited' | 'active' | 'disabled'} status
 * @property {IsoDate} [invitedOn]
 * @property {string} [invitationExpiresAt] While invited: when the current link stops working (an ISO instant).
 * @property {string} [activatedAt]
 * @property {('password' | SignInProvider)[]} signsInWith
 * @property {string} [schoolName] The linked school's name.
 * @property {string} [sleName] The linked SLE's name.
 */

/**
 * A one-time link mailed to a person, or (without email) given to the inviter to hand over. The link is shown once:
 * a repeat of the request (the same `Idempotency-Key`) answers without it.
 * @typedef {{ mailed: true } | { mailed: false, link?: string }} LinkDelivery
 */
/**
 * An invitation sent: `POST /users/invitations` (which adds the new person's `id`), `POST /users/:id/invitation`.
 * @typedef {{ expiresAt: string } & LinkDelivery} InvitationSent
 */

/**
 * `POST /invitations/lookup`: what an invitation link is for, so that its page can greet the person.
 * @typedef {object} InvitationDetails
 * @property {string} email
 * @property {string | null} name
 * @property {Role} role
 * @property {string} [expiresAt]
 * @property {SignInProviderOption[]} signInProviders
 */

/**
 * `POST /auth/password` from the web app (signed in by cookie): the session goes on under a new CSRF token.
 * @typedef {{ changed: true, csrfToken: string }} PasswordChanged
 */

/**
 * What the forms offer (`GET /vocabulary`); `today` is the server's.
 * @typedef {object} Vocabulary
 * @property {IsoDate} today
 * @property {string} academicYear
 * @property {HalfTerm | null} halfTerm
 * @property {{ halfTerm: HalfTerm, from: IsoDate, to: IsoDate }[]} halfTerms
 * @property {string[]} specialisms
 * @property {Phase[]} phases
 * @property {OfstedGrade[]} ofstedGrades
 * @property {OfstedCategory[]} ofstedCategories
 * @property {OfstedFrameworks} ofstedFrameworks
 * @property {RequestSource[]} requestSources
 * @property {ContactChannel[]} contactChannels
 * @property {ProgressStatus[]} progressStatuses
 * @property {DeploymentStatus[]} deploymentStatuses
 */

/**
 * The three generations of Ofsted judgement: the first day of each after the first, and what each grades.
 * @typedef {object} OfstedFrameworks
 * @property {IsoDate} keyJudgementsFrom
 * @property {IsoDate} reportCardsFrom
 * @property {KeyJudgementArea[]} keyJudgementAreas
 * @property {KeyJudgementArea[]} optionalKeyJudgementAreas
 * @property {KeyJudgementSafeguarding[]} keyJudgementSafeguarding
 * @property {ReportCardArea[]} reportCardAreas
 * @property {ReportCardArea[]} optionalReportCardAreas
 * @property {ReportCardGrade[]} reportCardGrades
 * @property {ReportCardSafeguarding[]} reportCardSafeguarding
 */

/** A judgement of any generation; `framework` tells which. @typedef {OfstedJudgementView} OfstedJudgement */

/**
 * @typedef {object} School
 * @property {string} urn
 * @property {string} name
 * @property {Phase} phase
 * @property {string} localAuthority
 * @property {OfstedJudgement | null} ofsted The judgement with the latest inspection date.
 * @property {OfstedJudgement[]} ofstedHistory Oldest first.
 */

/**
 * An SLE with their utilisation in one academic year (`GET /sles`).
 * @typedef {object} Sle
 * @property {string} sleId
 * @property {string} name
 * @property {string} homeSchoolUrn
 * @property {string[]} programmes The programmes the specialist belongs to (`sle` for SLEs).
 * @property {string[]} specialisms
 * @property {Phase[]} phases
 * @property {string} email
 * @property {IsoDate} designatedOn
 * @property {IsoDate | null} designationEndedOn
 * @property {string} academicYear The year the days below count in.
 * @property {number} capacityDays
 * @property {number} commissionedDays
 * @property {number} deliveredDays
 * @property {number} remainingDays
 * @property {string} [homeSchoolName] In a page of the list (`GET /sles?page=`) and for one SLE (`GET /sles/:id`).
 */

/** @typedef {{ on: IsoDate, channel: ContactChannel, daysUsed: number, status: ProgressStatus, note: string }} Contact */
/** @typedef {{ on: IsoDate, additionalDays: number, newEndDate: IsoDate, focus: string }} Extension */

/**
 * One deployment from request to evaluation (`GET /deployments/:id`, and each of `GET /deployments`).
 * @typedef {object} Deployment
 * @property {string} deploymentId
 * @property {string} schoolUrn
 * @property {string | null} sleId
 * @property {DeploymentStatus} status
 * @property {string} programme The programme the deployment belongs to (`sle` for SLEs).
 * @property {string} specialism
 * @property {RequestSource} source
 * @property {IsoDate} requestedOn
 * @property {string} areaOfNeed As agreed at the brokerage meeting; as requested until then.
 * @property {string} requestedAreaOfNeed
 * @property {{ heldOn: IsoDate, attendees: Attendee[], endDate: IsoDate, capacityOverrideReason?: string } | null} brokerageMeeting
 *   Its `endDate` is the one agreed, before any extension moved it.
 * @property {IsoDate | null} startedOn
 * @property {IsoDate | null} startDate
 * @property {IsoDate | null} endDate
 * @property {number} daysCommissioned
 * @property {number} daysDelivered
 * @property {ExpectedOutcome[]} expectedOutcomes
 * @property {Contact[]} contacts
 * @property {ProgressStatus | null} latestStatus
 * @property {Extension[]} extensions
 * @property {{ heldOn: IsoDate, outcomes: EvaluatedOutcome[], schoolRating: number, summary: string } | null} evaluation
 * @property {{ on: IsoDate, reason: string, withdrawn?: true } | null} cancellation Also a request the school
 *   withdrew (`withdrawn`).
 * @property {number} version What `If-Match` compares with.
 * @property {string} [schoolName] The school's name (every reader of the deployment may see it).
 * @property {string | null} [sleName] The SLE's name, once matched.
 */

/**
 * One page of a list searched and sorted on the server (`?q=&sort=&page=&pageSize=`).
 * @template T
 * @typedef {{ total: number, page: number, pageSize: number, items: T[] }} Page
 */

/**
 * `GET /support-requests/:id/matches?includeIneligible=true`: the best first.
 * @typedef {object} Matches
 * @property {Match[]} matches
 * @property {number} eligibleCount
 * @property {{ sleId: string, name: string, reasons: string[] }[]} [ineligible] The first by name.
 * @property {number} [ineligibleCount]
 */
/** @typedef {{ sleId: string, name: string, score: number, reasons: string[] }} Match */

/**
 * `GET /brokerage/queue`: requests waiting for their brokerage meeting, oldest first.
 * @typedef {{ targetSchoolDays: number, requests: QueuedRequest[] }} BrokerageQueue
 */
/**
 * @typedef {object} QueuedRequest
 * @property {string} deploymentId
 * @property {string} schoolName
 * @property {string} specialism
 * @property {string} areaOfNeed
 * @property {RequestSource} source
 * @property {IsoDate} requestedOn
 * @property {number} ageSchoolDays
 * @property {number} eligibleSles
 * @property {boolean} overTarget
 */

/**
 * `GET /schools/:urn/timeline`: entries oldest first, and each measure's points.
 * @typedef {object} SchoolTimeline
 * @property {string} urn
 * @property {string} name
 * @property {TimelineEntry[]} entries
 * @property {MeasureSeries[]} measures
 */
/** @typedef {{ at: IsoDate, kind: string, deploymentId?: string, summary: string }} TimelineEntry */
/** @typedef {'baseline' | 'target' | 'actual' | 'school-data'} MeasureSource */
/**
 * @typedef {{ measure: string, unit: string, points: { at: IsoDate, value: number, source: MeasureSource }[] }} MeasureSeries
 */

/**
 * `GET /programmes`: a kind of specialist the alliance deploys, in its own words.
 * @typedef {object} Programme
 * @property {string} programmeId
 * @property {string} singular
 * @property {string} plural
 * @property {string[]} specialisms
 * @property {number} yearlyDays Days a specialist in the programme gives in an academic year.
 */

/**
 * `GET /term-dates`: a year's term dates, whose they are, the six half terms and the holidays between.
 * @typedef {object} TermDates
 * @property {string} academicYear
 * @property {string | null} localAuthority
 * @property {'local-authority' | 'alliance' | 'default'} source
 * @property {{ halfTerm: HalfTerm, from: IsoDate, to: IsoDate }[]} halfTerms First and last teaching days.
 * @property {{ after: HalfTerm, from: IsoDate, to: IsoDate }[]} holidays
 * @property {string[]} localAuthoritiesWithOwnDates
 * @property {string[]} localAuthorities The local authorities of the alliance's schools, sorted.
 */

/**
 * `GET /reports/half-termly/:academicYear/:halfTerm`.
 * @typedef {object} HalfTermReport
 * @property {string} academicYear
 * @property {HalfTerm} halfTerm
 * @property {IsoDate} from
 * @property {IsoDate} to The day before the next half term starts: the holiday after the half term is in its report.
 * @property {{ from: IsoDate, to: IsoDate }} teaching The half term's first and last teaching day.
 * @property {IsoDate} asOf `to`, or today while the half term is under way.
 * @property {Record<
 *   'requestsReceived' | 'brokerageMeetingsHeld' | 'deploymentsStarted' | 'deploymentsActive'
 *   | 'evaluationsCompleted' | 'daysCommissioned' | 'daysDelivered', number>} summary
 * @property {ActiveDeploymentRow[]} activeDeployments
 * @property {{ schoolUrn: string, schoolName: string, reasons: string[] }[]} areasOfConcern
 * @property {ReportImpact} impact
 */
/**
 * @typedef {object} ActiveDeploymentRow
 * @property {string} deploymentId
 * @property {string} schoolUrn
 * @property {string} schoolName
 * @property {string} sleId
 * @property {string | null} sleName
 * @property {ProgressStatus | null} latestStatus
 * @property {IsoDate | null} lastContactOn
 * @property {boolean} contactOverdue
 * @property {number} daysCommissioned
 * @property {number} daysDelivered
 * @property {IsoDate} endDate
 */
/**
 * @typedef {object} ReportImpact
 * @property {number} evaluated
 * @property {number} outcomesAchieved
 * @property {number} outcomesPartlyAchieved
 * @property {number} outcomesTotal
 * @property {number} ofstedImproved Schools with a better judgement in the same framework.
 * @property {number} ofstedLeftCategoryOfConcern
 * @property {number} ofstedExpectedStandardAfterRequiresImprovement
 * @property {number | null} averageSchoolRating
 */

/**
 * `GET /reports/impact?from=&to=`: the figures (each a number or null, possibly grouped in objects: the page shows
 * whatever the report holds) and the deployments evaluated in the period.
 * @typedef {{ from: IsoDate, to: IsoDate, deployments: ImpactRow[], [figure: string]: unknown }} ImpactReport
 */
/**
 * One evaluated deployment of the impact report, with what it adds to each figure.
 * @typedef {object} ImpactRow
 * @property {string} deploymentId
 * @property {string} schoolUrn
 * @property {string} schoolName
 * @property {string | null} sleId
 * @property {string | null} [sleName]
 * @property {string} specialism
 * @property {IsoDate} evaluatedOn
 * @property {number} daysCommissioned
 * @property {number} daysDelivered
 * @property {number} outcomesAchieved
 * @property {number} outcomesTotal
 * @property {number} schoolRating
 * @property {{ before: OfstedJudgement, after: OfstedJudgement, areas: string[] } | null} ofstedImprovement The
 *   judgement when the SLE started and the first better one in the same framework, with the areas that moved.
 * @property {boolean} requiresImprovementToGood
 * @property {{ before: OfstedJudgement, after: OfstedJudgement } | null} leftCategoryOfConcern
 * @property {{ before: OfstedJudgement, after: OfstedJudgement } | null} expectedStandardAfterRequiresImprovement
 */

/**
 * `GET /reports/needs?academicYear=`: demand against supply per specialism and phase, with advice.
 * @typedef {{ academicYear: string, rows: NeedsRow[] }} NeedsReport
 */
/**
 * @typedef {object} NeedsRow
 * @property {string} specialism
 * @property {string} phase
 * @property {{ requestsReceived: number, daysCommissioned: number, requestsWaitedTooLong: number,
 *   requestsWithNoEligibleSle: number, requestsUnmet: number }} demand
 * @property {{ designatedSles: number, capacityDays: number, remainingDays: number, unusedSles: number }} supply
 * @property {number} demandDays
 * @property {{ action: 'designate-more' | 'review-unused' | 'none', count: number, text: string }} recommendation
 */

/**
 * One kind of CSV import (`GET /imports` answers `{ kinds }`).
 * @typedef {object} ImportKind
 * @property {'schools' | 'sles' | 'deployments' | 'people'} kind
 * @property {string} title
 * @property {string[]} notes
 * @property {{ name: string, required: boolean, description: string, example: string }[]} columns
 */
/**
 * A dry run's or an import's answer; a refused import answers 400 with the same body.
 * @typedef {object} ImportResult
 * @property {{ row: number, column?: string, message: string }[]} problems
 * @property {{ row: number, id: string }[]} created The URN, SLE id, deployment id or user id each row created.
 * @property {({ row: number, id: string, email: string } & LinkDelivery)[]} [invitations] People imported: each
 *   invitation mailed, or its link (shown this once).
 */
/**
 * One of the signed-in person's notifications: a reminder raised by the jobs, as `GET /api/notifications` lists it.
 * @typedef {object} AppNotification
 * @property {string} id
 * @property {'contact-overdue' | 'evaluation-due' | 'brokerage-waiting'} kind
 * @property {string} deploymentId
 * @property {string} schoolUrn
 * @property {string} schoolName
 * @property {IsoDate} raisedOn
 * @property {string} subject
 * @property {string} body
 * @property {string | null} readAt
 * @property {string | null} emailedAt
 */
/**
 * A held half-term review (`GET /api/half-term-reviews/:academicYear/:halfTerm`).
 * @typedef {object} KeptReview
 * @property {string} academicYear
 * @property {HalfTerm} halfTerm
 * @property {IsoDate} heldOn
 * @property {{ name: string, role: string }[]} attendees
 * @property {{ schoolUrn: string, schoolName: string, concern: string }[]} areasOfConcern
 * @property {string} notes
 * @property {{ change: 'held' | 'amended', at: string, by: string | null, reason: string | null }[]} history
 */
/**
 * Everything held about an SLE or an account holder (`GET /api/data-subjects/:idOrEmail/export`, admin): each event
 * naming them (anyone else's personal fields read `[another person]`), their views, notifications and mails.
 * @typedef {object} DataSubjectExport
 * @property {{ kind: 'sle' | 'user', id: string }} person
 * @property {IsoDate} exportedOn
 * @property {string[]} subjects
 * @property {{ type: string, streamId: string, revision: number, recordedAt: string, data: unknown }[]} events
 * @property {{ sle: Sle | null, accounts: { userId: string, email: string, name: string | null }[], deployments: Deployment[] }} views
 * @property {unknown[]} notifications
 * @property {unknown[]} mails
 */
/**
 * An erasure done (`POST /api/data-subjects/:idOrEmail/erasure`): how many keys were deleted, whether it was forced
 * past an active deployment, and the attendee lists erased whole (`attendees:{deploymentId}`,
 * `review:{year}-{halfTerm}`) because the person's name was typed into them without a link.
 * @typedef {{ person: { kind: 'sle' | 'user', id: string }, subjects: number, forced: boolean, typedInLists: string[] }} ErasureDone
 */
/**
 * A record whose text names someone held only as a name (`POST /api/named-persons/search`, admin): its key
 * (`notes:{deploymentId}`, `attendees:{deploymentId}`, `review:{year}-{halfTerm}`, `answer:{id}`), in words, and
 * the fields naming them.
 * @typedef {{ record: string, what: string, fields: string[], mentions: number }} NamedRecord
 */
/**
 * One read of a school's or a person's data (`GET /api/audit/reads`, admin), with the reader's name and the name
 * of whose data it was (an SLE, school or account; null for the rest), as held now.
 * @typedef {{ at: string, userId: string, role: Role, route: string, subject: string, readerName: string | null,
 *   subjectName: string | null }} AuditedRead
 */
/** @typedef {{ issuedAt: string | null }} CalendarFeed */
/** @typedef {{ url: string, issuedAt: string }} CalendarFeedIssued */

export {};
