// The impact timeline as small chart.js charts on one time axis: one per measure (each outcome's baseline,
// target and actual, or the school's data), each with its own unit, and one of Ofsted judgements with a band
// per area judged. With no date adapter for chart.js, the axis is linear in days since 1970 and its ticks are
// labelled as dates. Small charts rather than one with an axis per unit: a phone has room for one y-axis.
import { fmtDate, h, labelOf } from './dom.js';
import { FRAMEWORK_LABELS, gradesOf } from './ofsted-words.js';
/**
 * @import { Chart, ChartDataset, ChartOptions, PointStyle } from 'chart.js'
 * @import { MeasureSeries, OfstedJudgement, SchoolTimeline } from './api-types.js'
 */

/**
 * A point of a measure's chart, with where the value came from.
 * @typedef {{ x: number, y: number, at: string, source: string }} MeasurePoint
 */
/**
 * A point of the Ofsted chart: an area's grade on an inspection day; `y` is the area's band.
 * @typedef {{ x: number, y: number, at: string, area: string, grade: string, framework: string, standing: Standing }} JudgementPoint
 */
/** @typedef {'above' | 'expected' | 'below' | 'urgent'} Standing Where a grade stands, in any generation's words. */

/** The window, where chart.js's UMD build puts `Chart` once it has loaded. */
/** @type {Window & { Chart?: typeof Chart }} */
const globals = window;
/** @type {Promise<typeof Chart> | null} */
let loading = null;

/**
 * chart.js (UMD build) is loaded when a chart is first drawn, from our own origin.
 * @returns {Promise<typeof Chart>}
 */
export function loadChartJs() {
  if (globals.Chart) return Promise.resolve(globals.Chart);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/chart.umd.js';
    script.onload = () =>
      globals.Chart ? resolve(globals.Chart) : reject(new Error('The chart library did not load'));
    script.onerror = () => {
      loading = null;
      reject(new Error('The chart library could not be loaded'));
    };
    document.head.append(script);
  });
  return loading;
}

const DAY_MS = 86_400_000;
/** @param {string} iso */
export const epochDay = (iso) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
/** @param {number} day */
export const isoOfEpochDay = (day) => new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);

// Okabe–Ito hues (told apart with the common colour-vision deficiencies), darkened to at least 3:1 on white.
const PALETTE = ['#0072B2', '#C25400', '#00785A', '#A8437F', '#8A6500', '#3A6EA5', '#000000'];
/** @type {Record<string, PointStyle>} */
export const POINT_STYLES = { baseline: 'circle', target: 'triangle', actual: 'rectRot', 'school-data': 'rect' };
/** @type {Record<string, string>} */
const SOURCE_LABELS = { baseline: 'baseline', target: 'target', actual: 'actual', 'school-data': 'school data' };

/** @type {Record<string, Standing>} */
const STANDINGS = {
  outstanding: 'above',
  exceptional: 'above',
  'strong-standard': 'above',
  good: 'expected',
  'expected-standard': 'expected',
  'requires-improvement': 'below',
  'needs-attention': 'below',
  inadequate: 'urgent',
  'urgent-improvement': 'urgent',
};
/**
 * Each standing's colour and shape (so that it is told apart without colour) and its words in the legend.
 * @type {Record<Standing, { colour: string, style: PointStyle, label: string }>}
 */
export const STANDING_KEYS = {
  above: { colour: '#0072B2', style: 'star', label: 'Outstanding, exceptional or strong' },
  expected: { colour: '#00785A', style: 'circle', label: 'Good or expected standard' },
  below: { colour: '#8A6500', style: 'triangle', label: 'Requires improvement or needs attention' },
  urgent: { colour: '#C25400', style: 'crossRot', label: 'Inadequate or urgent improvement' },
};

/**
 * A point as chart.js hands it back (typed unknown): one of ours, or undefined where chart.js asks about the
 * dataset as a whole.
 * @param {unknown} raw
 */
const measurePoint = (raw) => /** @type {MeasurePoint | undefined} */ (raw);
/** @param {unknown} raw */
const judgementPoint = (raw) => /** @type {JudgementPoint | undefined} */ (raw);

/** The x axis every small chart shares, so that the same date is at the same place in each. */
/** @param {{ min: number, max: number }} range */
const timeAxis = ({ min, max }) =>
  /** @type {NonNullable<ChartOptions<'line'>['scales']>[string]} */ ({
    type: 'linear',
    min,
    max,
    ticks: { callback: (value) => fmtDate(isoOfEpochDay(Number(value))), maxRotation: 0, autoSkipPadding: 16 },
  });

/**
 * The areas judged, as bands from top to bottom: in the order first judged, oldest framework first.
 * @param {OfstedJudgement[]} history
 */
export function judgedAreas(history) {
  /** @type {string[]} */
  const areas = [];
  for (const j of history) for (const [area] of gradesOf(j)) if (!areas.includes(area)) areas.push(area);
  return areas;
}

/**
 * Draws the small charts into `box`, one canvas each: the Ofsted bands (when there are judgements), then one
 * per measure. Resolves to the chart.js instances, in that order.
 * @param {HTMLElement} box
 * @param {SchoolTimeline} timeline
 * @param {OfstedJudgement[]} ofstedHistory
 */
export async function drawTimelineCharts(box, timeline, ofstedHistory) {
  const Chart = await loadChartJs();
  const days = [
    ...timeline.measures.flatMap((m) => m.points.map((p) => epochDay(p.at))),
    ...ofstedHistory.map((j) => epochDay(j.inspectedOn)),
  ];
  // A little room either side, so that the first and last points are not cut in half.
  const pad = Math.max(14, (Math.max(...days) - Math.min(...days)) * 0.04);
  const range = { min: Math.min(...days) - pad, max: Math.max(...days) + pad };
  /** @type {Chart[]} */
  const charts = [];
  if (ofstedHistory.length)
    charts.push(new Chart(chartCanvas(box, 'ofsted', ofstedHistory), ofstedChart(ofstedHistory, range)));
  timeline.measures.forEach((m, i) => {
    charts.push(new Chart(chartCanvas(box, 'measure', m), measureChart(m, PALETTE[i % PALETTE.length], range)));
  });
  return charts;
}

/**
 * A titled figure with its canvas, added to `box`; the canvas's height follows what it shows.
 * @param {HTMLElement} box
 * @param {'ofsted' | 'measure'} kind
 * @param {OfstedJudgement[] | MeasureSeries} shows
 */
function chartCanvas(box, kind, shows) {
  const bands = kind === 'ofsted' ? judgedAreas(/** @type {OfstedJudgement[]} */ (shows)).length : 0;
  const title =
    kind === 'ofsted'
      ? 'Ofsted judgements'
      : `${/** @type {MeasureSeries} */ (shows).measure} (${/** @type {MeasureSeries} */ (shows).unit})`;
  const canvas = h('canvas', { role: 'img', 'aria-label': `Chart: ${title}`, dataset: { chart: kind } });
  const plot = h('div', { class: 'small-chart__plot' }, canvas);
  // A band's height per area judged, and room for the date axis (set through the CSSOM, which the CSP allows).
  if (bands) plot.style.height = `${2.5 + bands * 1.7}rem`;
  box.append(h('figure', { class: `small-chart small-chart--${kind}` }, h('figcaption', {}, title), plot));
  return canvas;
}

/**
 * @param {MeasureSeries} m
 * @param {string} colour
 * @param {{ min: number, max: number }} range
 * @returns {import('chart.js').ChartConfiguration<'line', MeasurePoint[]>}
 */
function measureChart(m, colour, range) {
  const data = m.points
    .map((p) => ({ x: epochDay(p.at), y: p.value, at: p.at, source: p.source }))
    .sort((a, b) => a.x - b.x);
  /** @type {ChartDataset<'line', MeasurePoint[]>} */
  const dataset = {
    label: `${m.measure} (${m.unit})`,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2,
    pointRadius: 6,
    pointHoverRadius: 8,
    pointStyle: (c) => POINT_STYLES[measurePoint(c.raw)?.source ?? ''] ?? 'circle',
    // The line to a target is dashed: it is where the outcome is aimed, not where it got to.
    segment: { borderDash: (c) => (data[c.p1DataIndex]?.source === 'target' ? [6, 4] : undefined) },
  };
  return {
    type: 'line',
    data: { datasets: [dataset] },
    options: {
      ...COMMON_OPTIONS,
      scales: { x: timeAxis(range), y: { type: 'linear', title: { display: true, text: m.unit }, grace: '10%' } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => fmtDate(measurePoint(items[0].raw)?.at),
            label: (item) => {
              const { y, source = '' } = /** @type {MeasurePoint} */ (measurePoint(item.raw) ?? {});
              return `${dataset.label}: ${y} (${SOURCE_LABELS[source] ?? source})`;
            },
          },
        },
      },
    },
  };
}

/**
 * One band per area judged; each inspection's grade in an area is a point on its band, coloured and shaped by
 * where it stands. Grades of different generations are never joined by a line (Ofsted: no read-across).
 * @param {OfstedJudgement[]} history
 * @param {{ min: number, max: number }} range
 * @returns {import('chart.js').ChartConfiguration<'line', JudgementPoint[]>}
 */
function ofstedChart(history, range) {
  const areas = judgedAreas(history);
  /** @type {ChartDataset<'line', JudgementPoint[]>[]} */
  const datasets = Object.keys(FRAMEWORK_LABELS)
    .flatMap((framework) => {
      const judgements = history.filter((j) => j.framework === framework);
      if (!judgements.length) return [];
      return areas.map((area) => {
        /** @type {JudgementPoint[]} */
        const data = judgements.flatMap((j) =>
          gradesOf(j)
            .filter(([a]) => a === area)
            .map(([, grade]) => ({
              x: epochDay(j.inspectedOn),
              y: areas.indexOf(area),
              at: j.inspectedOn,
              area,
              grade,
              framework,
              standing: STANDINGS[grade] ?? 'expected',
            })),
        );
        /** @param {{ raw: unknown }} c */
        const key = (c) => STANDING_KEYS[judgementPoint(c.raw)?.standing ?? 'expected'];
        /** @type {ChartDataset<'line', JudgementPoint[]>} */
        const dataset = {
          label: `${FRAMEWORK_LABELS[/** @type {OfstedJudgement['framework']} */ (framework)]}: ${labelOf(area)}`,
          data,
          borderColor: '#767676',
          borderWidth: 1,
          pointRadius: 7,
          pointHoverRadius: 9,
          pointStyle: (c) => key(c).style,
          pointBackgroundColor: (c) => key(c).colour,
          pointBorderColor: (c) => key(c).colour,
        };
        return dataset;
      });
    })
    .filter((d) => d.data.length);
  return {
    type: 'line',
    data: { datasets },
    options: {
      ...COMMON_OPTIONS,
      scales: {
        x: timeAxis(range),
        y: {
          type: 'linear',
          reverse: true,
          min: -0.5,
          max: areas.length - 0.5,
          afterBuildTicks: (axis) => {
            axis.ticks = areas.map((_, value) => ({ value }));
          },
          // Area names, in a word or two on a narrow chart (a phone).
          ticks: {
            autoSkip: false,
            callback(value) {
              const area = areas[Number(value)] ?? '';
              return this.chart.width < 520 ? (SHORT_AREAS[area] ?? labelOf(area)) : labelOf(area);
            },
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => fmtDate(judgementPoint(items[0].raw)?.at),
            label: (item) => {
              const p = /** @type {JudgementPoint} */ (judgementPoint(item.raw));
              return `${labelOf(p.area)}: ${labelOf(p.grade).toLowerCase()} (${FRAMEWORK_LABELS[/** @type {OfstedJudgement['framework']} */ (p.framework)].toLowerCase()})`;
            },
          },
        },
      },
    },
  };
}

/** @type {Record<string, string>} */
const SHORT_AREAS = {
  'overall-effectiveness': 'Overall',
  'quality-of-education': 'Quality of ed.',
  'behaviour-and-attitudes': 'Behaviour',
  'personal-development': 'Personal dev.',
  'leadership-and-management': 'Leadership',
  'curriculum-and-teaching': 'Curriculum',
  'attendance-and-behaviour': 'Attendance',
  'personal-development-and-well-being': 'Well-being',
  'leadership-and-governance': 'Leadership',
};

/** @type {ChartOptions<'line'>} */
const COMMON_OPTIONS = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  parsing: false,
  interaction: { mode: 'nearest', intersect: true },
};

/** The legend of the Ofsted chart's colours and shapes, once, in words. */
export function standingLegend() {
  return h(
    'ul',
    { class: 'chart-legend', 'aria-label': 'Key to the Ofsted chart' },
    Object.entries(STANDING_KEYS).map(([standing, k]) =>
      h(
        'li',
        { dataset: { standing } },
        h('span', { class: `chart-legend__mark chart-legend__mark--${standing}`, 'aria-hidden': 'true' }),
        k.label,
      ),
    ),
  );
}
