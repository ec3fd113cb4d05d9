// The impact timeline as a chart.js chart: each outcome's baseline, target and actual, each data measure, and
// the Ofsted judgements, on one time axis. With no date adapter for chart.js, the axis is linear in days since
// 1970 and its ticks are labelled as dates.
import { fmtDate, labelOf } from './dom.js';
/**
 * @import { Chart, ChartDataset, ChartOptions, PointStyle } from 'chart.js'
 * @import { OfstedGrade } from '../../../../events/vocabulary.js'
 * @import { OfstedJudgement, SchoolTimeline } from './api-types.js'
 */

/**
 * A point of the chart: a measure's, with where the value came from, or an Ofsted judgement's, with its grade.
 * @typedef {{ x: number, y: number, at: string, source?: string, grade?: OfstedGrade }} TimelinePoint
 */

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
/** @type {Record<OfstedGrade, number>} */
export const GRADE_VALUES = { inadequate: 1, 'requires-improvement': 2, good: 3, outstanding: 4 };
const GRADE_BY_VALUE = Object.fromEntries(
  Object.entries(GRADE_VALUES).map(([grade, value]) => [value, labelOf(grade)]),
);
/** @type {Record<string, string>} */
const SHORT_GRADES = { 1: 'Inadequate', 2: 'RI', 3: 'Good', 4: 'Outst.' };

/**
 * A point as chart.js hands it back (typed unknown): one of ours, or undefined where chart.js asks about the
 * dataset as a whole (for the legend's point style).
 * @param {unknown} raw
 */
const pointOf = (raw) => /** @type {TimelinePoint | undefined} */ (raw);

/**
 * Draws the chart on the canvas; resolves to the chart.js instance.
 * @param {HTMLCanvasElement} canvas
 * @param {SchoolTimeline} timeline
 * @param {OfstedJudgement[]} ofstedHistory
 */
export async function drawTimelineChart(canvas, timeline, ofstedHistory) {
  const Chart = await loadChartJs();
  const units = [...new Set(timeline.measures.map((m) => m.unit))];
  /** @type {ChartDataset<'line', TimelinePoint[]>[]} */
  const datasets = timeline.measures.map((m, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const data = m.points
      .map((p) => ({ x: epochDay(p.at), y: p.value, at: p.at, source: p.source }))
      .sort((a, b) => a.x - b.x);
    return {
      label: `${m.measure} (${m.unit})`,
      data,
      yAxisID: `y${units.indexOf(m.unit)}`,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      pointRadius: 6,
      pointHoverRadius: 8,
      pointStyle: (c) => POINT_STYLES[pointOf(c.raw)?.source ?? ''] ?? 'circle',
      // The line to a target is dashed: it is where the outcome is aimed, not where it got to.
      segment: { borderDash: (c) => (data[c.p1DataIndex]?.source === 'target' ? [6, 4] : undefined) },
    };
  });
  // Only overall grades share one scale; the later generations are in the table (docs/ofsted.md: no read-across).
  const overall = ofstedHistory.flatMap((j) => (j.framework === 'overall-effectiveness' ? [j] : []));
  if (overall.length) {
    datasets.push({
      label: 'Ofsted judgement',
      data: overall.map((j) => ({
        x: epochDay(j.inspectedOn),
        y: GRADE_VALUES[j.grade],
        at: j.inspectedOn,
        grade: j.grade,
      })),
      yAxisID: 'ofsted',
      stepped: 'before',
      borderColor: '#6b4500',
      backgroundColor: '#6b4500',
      borderWidth: 2,
      pointStyle: 'star',
      pointRadius: 9,
      pointHoverRadius: 11,
    });
  }
  /** @type {NonNullable<ChartOptions<'line'>['scales']>} */
  const scales = {
    x: {
      type: 'linear',
      title: { display: true, text: 'Date' },
      ticks: { callback: (value) => fmtDate(isoOfEpochDay(Number(value))), maxRotation: 0, autoSkipPadding: 16 },
    },
  };
  units.forEach((unit, i) => {
    scales[`y${i}`] = {
      type: 'linear',
      position: i % 2 === 0 ? 'left' : 'right',
      title: { display: true, text: unit },
      grid: { drawOnChartArea: i === 0 },
    };
  });
  if (overall.length) {
    scales.ofsted = {
      type: 'linear',
      position: 'right',
      min: 0.5,
      max: 4.5,
      grid: { drawOnChartArea: false },
      // One tick per grade (the bounds leave room above and below).
      afterBuildTicks: (axis) => {
        axis.ticks = [1, 2, 3, 4].map((value) => ({ value }));
      },
      // Grade names, shortened on a narrow chart (a phone).
      ticks: {
        callback(value) {
          return (this.chart.width < 520 ? SHORT_GRADES : GRADE_BY_VALUE)[value] ?? '';
        },
      },
    };
  }
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: true },
      scales,
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, pointStyleWidth: 10 } },
        tooltip: {
          callbacks: {
            title: (items) => fmtDate(pointOf(items[0].raw)?.at),
            label: (item) => {
              const { grade, y, source = '' } = pointOf(item.raw) ?? {};
              return grade
                ? `Ofsted: ${labelOf(grade)}`
                : `${datasets[item.datasetIndex].label}: ${y} (${SOURCE_LABELS[source] ?? source})`;
            },
          },
        },
      },
    },
  });
}
