import type { ActiveDeploymentRow, HalfTermReport, SchoolHalfTermPart } from '../../projections/half-term-report.js';
import { escapeHtml, halfTermReportCsv, halfTermReportHtml, halfTermReportJson, PartsJson } from './report-rendering.js';

const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString();

const report = (extra: Partial<HalfTermReport> = {}): HalfTermReport => ({
  academicYear: '2025-26',
  halfTerm: 'autumn-2',
  from: '2025-11-01',
  to: '2025-12-31',
  asOf: '2025-12-31',
  summary: { requestsReceived: 1, brokerageMeetingsHeld: 0, deploymentsStarted: 0, deploymentsActive: 1, evaluationsCompleted: 0, daysCommissioned: 3, daysDelivered: 0.5 },
  activeDeployments: [
    { deploymentId: 'dep-a', schoolUrn: '100001', sleId: 'sle-1', latestStatus: null, lastContactOn: null, contactOverdue: true, daysCommissioned: 8, daysDelivered: 0, endDate: '2026-02-06' },
  ],
  areasOfConcern: [{ schoolUrn: '100001', reasons: ['=HYPERLINK("http://evil.test","click")', 'Deployment dep-a had no contact for 58 days since it started on 2025-11-03'] }],
  impact: { evaluated: 0, outcomesAchieved: 0, outcomesPartlyAchieved: 0, outcomesTotal: 0, ofstedImproved: 0, averageSchoolRating: null },
  ...extra,
});
const names = (urn: string) => (urn === '100001' ? "St Mary's <C of E> & Co" : urn);

describe('halfTermReportCsv', () => {
  it('lays the report out as labelled tables, one row per deployment and per reason', () => {
    expect(halfTermReportCsv(report(), names)).toBe(
      '\ufeff' +
        [
          'Half-termly review report,2025-26,autumn-2',
          'From,2025-11-01',
          'To,2025-12-31',
          'As of,2025-12-31',
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
          'Deployment,URN,School,SLE,Latest status,Last contact,Contact overdue,Days commissioned,Days delivered,End date',
          "dep-a,100001,St Mary's <C of E> & Co,sle-1,no contact yet,,yes,8,0,2026-02-06",
          '',
          'Areas of concern',
          'URN,School,Reason',
          `100001,St Mary's <C of E> & Co,"'=HYPERLINK(""http://evil.test"",""click"")"`,
          '100001,St Mary\'s <C of E> & Co,Deployment dep-a had no contact for 58 days since it started on 2025-11-03',
          '',
          'Impact',
          'Figure,Value',
          'Deployments evaluated,0',
          'Outcomes achieved,0',
          'Outcomes partly achieved,0',
          'Outcomes evaluated,0',
          'Schools with an improved Ofsted grade,0',
          'Average school rating (1 to 5),',
          '',
        ].join('\r\n'),
    );
  });
});

describe('halfTermReportHtml', () => {
  it('escapes every value taken from the report and the school names', () => {
    const html = halfTermReportHtml(report(), names);
    expect(html).toContain('St Mary&#39;s &lt;C of E&gt; &amp; Co');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.test&quot;,&quot;click&quot;)');
    expect(html).not.toContain('<C of E>');
    expect(html).toContain('<td>no contact yet</td>');
    expect(html).toContain('<td>yes</td>');
    expect(html).toContain('<time datetime="2026-02-06">6 February 2026</time>');
  });

  it('says so when nothing is active or of concern', () => {
    const html = halfTermReportHtml(report({ activeDeployments: [], areasOfConcern: [] }), (urn) => urn);
    expect(html).toContain('<p>No deployments were active in this half term.</p>');
    expect(html).toContain('<p>No areas of concern.</p>');
    expect(html).toContain('<td class="num">none yet</td>');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('halfTermReportJson', () => {
  const row = (deploymentId: string, schoolUrn: string): ActiveDeploymentRow => ({ ...report().activeDeployments[0], deploymentId, schoolUrn, lastContactOn: '2025-12-01', latestStatus: 'off-track' });
  const part = (schoolUrn: string, rows: ActiveDeploymentRow[], reasons: string[] = []): SchoolHalfTermPart => ({
    schoolUrn,
    summary: report().summary,
    activeDeployments: rows,
    concern: reasons.length ? { schoolUrn, reasons } : undefined,
    impact: { evaluated: 0, outcomesAchieved: 0, outcomesPartlyAchieved: 0, outcomesTotal: 0, ofstedImproved: 0, ratingTotal: 0 },
  });

  it('is JSON.stringify of the report, with its rows and areas of concern serialised part by part, whatever the order of its keys', () => {
    const parts = [
      part('100001', [row('dep-a', '100001'), row('dep-b', '100001')]),
      part('100002', [], ['Deployment dep-x had no contact']),
      part('100003', [row('dep-c', '100003')], ['Deployment dep-c was off track – “again” 🙁']),
    ];
    const rows = parts.flatMap((p) => p.activeDeployments);
    // 100001 named by the core team (a list of its own), 100002 named too (merged with its part's reasons,
    // a new object), 100003 for its rows (the part's own object).
    const merged = { schoolUrn: '100002', reasons: ['Named by the core team at the review on 2025-12-01: attendance', ...parts[1].concern!.reasons] };
    const areasOfConcern = [...report().areasOfConcern, merged, parts[2].concern!];
    for (const r of [report({ activeDeployments: rows, areasOfConcern }), report({ activeDeployments: rows, localAuthority: 'Milton "Keynes"' })]) {
      expect(text(halfTermReportJson(r, parts))).toBe(JSON.stringify(r));
      expect(JSON.parse(text(halfTermReportJson(r, parts)))).toEqual(r);
    }
  });

  it("keeps a part's JSON until its school's part is replaced, and still gives a result holding the older part its own", () => {
    const partsJson = new PartsJson();
    const older = [part('100001', [row('dep-a', '100001')])];
    const newer = [part('100001', [row('dep-a', '100001'), row('dep-b', '100001')], ['Deployment dep-b was off track'])];
    const [was, now] = [older, newer].map((parts) => report({ activeDeployments: parts.flatMap((p) => p.activeDeployments), areasOfConcern: parts.flatMap((p) => (p.concern ? [p.concern] : [])) }));
    expect(text(halfTermReportJson(was, older, partsJson))).toBe(JSON.stringify(was));
    expect(text(halfTermReportJson(now, newer, partsJson))).toBe(JSON.stringify(now));
    expect(text(halfTermReportJson(was, older, partsJson))).toBe(JSON.stringify(was));
  });

  describe('at the size of a network', () => {
    const urns = Array.from({ length: 2_000 }, (_, i) => String(100_000 + i * 7));
    const network = (parts: SchoolHalfTermPart[]) =>
      report({ activeDeployments: parts.flatMap((p) => p.activeDeployments), areasOfConcern: parts.flatMap((p) => (p.concern ? [p.concern] : [])) });
    const parts = urns.map((urn, i) => part(urn, [row(`dep-${i}`, urn)], i % 3 ? [] : [`Deployment dep-${i} was off track`]));
    const newChunks = (before: Buffer[], after: Buffer[]) => after.filter((chunk) => chunk.length > 1 && !before.includes(chunk));

    it('writes the lists in blocks, and after an event at one school joins anew only the blocks holding its part', () => {
      const partsJson = new PartsJson();
      const before = halfTermReportJson(network(parts), parts, partsJson);
      expect(text(before)).toBe(JSON.stringify(network(parts)));
      expect(before.length).toBeGreaterThan(20);
      const touched = parts.map((p, i) => (i === 1_200 ? part(p.schoolUrn, [row('dep-1200', p.schoolUrn), row('dep-new', p.schoolUrn)], ['Deployment dep-new was off track']) : p));
      const after = halfTermReportJson(network(touched), touched, partsJson);
      expect(text(after)).toBe(JSON.stringify(network(touched)));
      // Its block of rows and its block of concerns, and the pieces before, between and after the lists.
      const fresh = newChunks(before, after);
      expect(fresh.filter((chunk) => chunk.includes('dep-new'))).toHaveLength(2);
      expect(fresh.length).toBeLessThanOrEqual(5);
    });

    it('leaves the other blocks as they were when a school comes into the report or leaves it', () => {
      const partsJson = new PartsJson();
      const before = halfTermReportJson(network(parts), parts, partsJson);
      const fewer = parts.filter((_, i) => i !== 700);
      const more = [...fewer.slice(0, 177), part('101234', [row('dep-arrived', '101234')]), ...fewer.slice(177)]; // in URN order
      for (const changed of [fewer, more]) {
        const after = halfTermReportJson(network(changed), changed, partsJson);
        expect(text(after)).toBe(JSON.stringify(network(changed)));
        expect(newChunks(before, after).length).toBeLessThanOrEqual(6);
      }
    });
  });

  it('writes an empty list when no part has a row', () => {
    const r = report({ activeDeployments: [], areasOfConcern: [] });
    expect(text(halfTermReportJson(r, [part('100002', [])]))).toBe(JSON.stringify(r));
    expect(text(halfTermReportJson(r, []))).toBe(JSON.stringify(r));
  });
});
