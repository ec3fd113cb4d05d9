import { parse } from 'csv-parse/sync';
import { allianceImpact } from '../../projections/alliance-impact.js';
import { foldViews } from '../../projections/alliance-views.js';
import type { HalfTermReport } from '../../projections/half-term-report.js';
import { ev, recorded } from '../../test/support/event-builders.js';
import { allianceImpactCsv, escapeHtml, halfTermReportCsv, halfTermReportHtml } from './report-rendering.js';

const report = (extra: Partial<HalfTermReport> = {}): HalfTermReport => ({
  academicYear: '2025-26',
  halfTerm: 'autumn-2',
  from: '2025-11-01',
  to: '2025-12-31',
  teaching: { from: '2025-11-03', to: '2025-12-19' },
  asOf: '2025-12-31',
  summary: {
    requestsReceived: 1,
    brokerageMeetingsHeld: 0,
    deploymentsStarted: 0,
    deploymentsActive: 1,
    evaluationsCompleted: 0,
    daysCommissioned: 3,
    daysDelivered: 0.5,
  },
  activeDeployments: [
    {
      deploymentId: 'dep-a',
      schoolUrn: '100001',
      schoolName: "St Mary's <C of E> & Co",
      sleId: 'sle-1',
      sleName: 'Sam Patel',
      latestStatus: null,
      lastContactOn: null,
      contactOverdue: true,
      daysCommissioned: 8,
      daysDelivered: 0,
      endDate: '2026-02-06',
    },
  ],
  areasOfConcern: [
    {
      schoolUrn: '100001',
      schoolName: "St Mary's <C of E> & Co",
      reasons: [
        '=HYPERLINK("http://evil.test","click")',
        'Deployment dep-a had no contact for 58 days since it started on 2025-11-03',
      ],
    },
  ],
  impact: {
    evaluated: 0,
    outcomesAchieved: 0,
    outcomesPartlyAchieved: 0,
    outcomesTotal: 0,
    ofstedImproved: 0,
    ofstedLeftCategoryOfConcern: 0,
    ofstedExpectedStandardAfterRequiresImprovement: 0,
    averageSchoolRating: null,
  },
  ...extra,
});
const names = (urn: string) => (urn === '100001' ? "St Mary's <C of E> & Co" : urn);
const sleNames = (sleId: string) => (sleId === 'sle-1' ? 'Sam Patel' : sleId);

describe('halfTermReportCsv', () => {
  it('lays the report out as labelled tables, one row per deployment and per reason', () => {
    expect(halfTermReportCsv(report(), names, sleNames)).toBe(
      '\ufeff' +
        [
          'Half-termly review report,2025-26,autumn-2',
          'From,2025-11-01',
          'To,2025-12-31',
          'As of,2025-12-31',
          'First teaching day,2025-11-03',
          'Last teaching day,2025-12-19',
          '',
          'Summary',
          'Figure,Value',
          'Requests received,1',
          'Brokerage meetings held,0',
          'Deployments started,0',
          'Deployments active,1',
          'Evaluations completed,0',
          'Days commissioned,3',
          'Days delivered,0.5',
          '',
          'Active deployments',
          'School,URN,SLE,Latest status,Last contact,Contact overdue,Days commissioned,Days delivered,End date,SLE id,Deployment id',
          "St Mary's <C of E> & Co,100001,Sam Patel,no contact yet,,yes,8,0,2026-02-06,sle-1,dep-a",
          '',
          'Areas of concern',
          'URN,School,Reason',
          `100001,St Mary's <C of E> & Co,"'=HYPERLINK(""http://evil.test"",""click"")"`,
          "100001,St Mary's <C of E> & Co,Deployment dep-a had no contact for 58 days since it started on 2025-11-03",
          '',
          'Impact',
          'Figure,Value',
          'Deployments evaluated,0',
          'Outcomes achieved,0',
          'Outcomes partly achieved,0',
          'Outcomes evaluated,0',
          'Schools with a better Ofsted judgement (same framework),0',
          'Schools that left an Ofsted category of concern,0',
          'Schools good or at expected standard throughout after requires improvement,0',
          'Average school rating (1 to 5),',
          '',
        ].join('\r\n'),
    );
  });

  it('keeps a name or reason with line breaks in its own cell, so that no record starts with a formula', () => {
    // Names written before control characters were refused may still hold them.
    const csv = halfTermReportCsv(
      report({
        areasOfConcern: [
          {
            schoolUrn: '100001',
            schoolName: "St Mary's <C of E> & Co",
            reasons: ['Named by the core team:\r\n=1+2\nsee notes'],
          },
        ],
      }),
      () => '\n=1+2',
      sleNames,
    );
    const records: string[][] = parse(csv.slice(1), { relax_column_count: true });
    expect(records.filter((r) => r[0].startsWith('='))).toEqual([]);
    expect(records).toContainEqual(['100001', '\n=1+2', 'Named by the core team:\r\n=1+2\nsee notes']);
    expect(records).toContainEqual(expect.arrayContaining(['\n=1+2', '100001', 'Sam Patel', 'dep-a']));
  });
});

describe('halfTermReportHtml', () => {
  it('escapes every value taken from the report and the school names', () => {
    const html = halfTermReportHtml(report(), names, sleNames);
    expect(html).toContain('St Mary&#39;s &lt;C of E&gt; &amp; Co');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.test&quot;,&quot;click&quot;)');
    expect(html).not.toContain('<C of E>');
    expect(html).toContain('<td>no contact yet</td>');
    // The SLE by name; neither id is printed.
    expect(html).toContain('<td>Sam Patel</td>');
    expect(html).not.toContain('sle-1');
    expect(html).not.toMatch(/<td>dep-a<\/td>/);
    expect(html).toContain('<td>yes</td>');
    expect(html).toContain('<time datetime="2026-02-06">6 February 2026</time>');
  });

  it('says so when nothing is active or of concern', () => {
    const html = halfTermReportHtml(report({ activeDeployments: [], areasOfConcern: [] }), (urn) => urn, sleNames);
    expect(html).toContain('<p>No deployments were active in this half term.</p>');
    expect(html).toContain('<p>No areas of concern.</p>');
    expect(html).toContain('<td class="num">none yet</td>');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('allianceImpactCsv', () => {
  const card = {
    inclusion: 'expected-standard',
    'curriculum-and-teaching': 'expected-standard',
    achievement: 'needs-attention',
    'attendance-and-behaviour': 'expected-standard',
    'personal-development-and-well-being': 'expected-standard',
    'leadership-and-governance': 'expected-standard',
  } as const;
  const views = foldViews(
    recorded([
      ev.schoolRegistered('100020', 'Report Card Primary'),
      ev.reportCard('100020', card, '2025-11-12'),
      ev.requested('dep-r', '100020', '2025-11-03'),
      ev.meeting('dep-r', 'sle-1', '2025-11-10', { startDate: '2025-11-17', daysCommissioned: 2 }),
      ev.deployed('dep-r', '2025-11-17'),
      ev.evaluated(
        'dep-r',
        '2026-04-20',
        [{ measure: 'Attendance', unit: '%', baseline: 91, target: 95, actual: 95 }],
        4,
      ),
      ev.reportCard('100020', { ...card, achievement: 'expected-standard' }, '2026-03-18'),
    ]),
  );

  it('writes which areas moved for a report-card school, and each measure as yes or no', () => {
    const rows = parse(allianceImpactCsv(allianceImpact(views, { from: '2026-04-01', to: '2026-04-30' })), {
      bom: true,
      relax_column_count: true,
    }) as string[][];
    expect(rows).toContainEqual(['Schools with a better Ofsted judgement (same framework)', '1']);
    expect(rows.find((r) => r[0] === 'dep-r')?.slice(-4)).toEqual([
      'achievement from needs attention to expected standard',
      'no',
      'no',
      'no',
    ]);
  });
});
