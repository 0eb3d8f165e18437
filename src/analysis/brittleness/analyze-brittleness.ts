import { groupBy } from '../../core/group-by.js';
import type { IntervalEstimate, SlopeEstimate } from '../task-analysis.js';
import { brittlenessBootstrap } from './brittleness-bootstrap.js';
import { groupLayout, groupTable, type ChangeKind } from './group-table.js';
import { metricSlope, modelInterval } from './metric-slope.js';
import { positionBias, type PositionBias } from './position-bias.js';
import type { VariantObservation } from './variant-observation.js';

/** Whether answers change less (`shrinking`) or more (`growing`) under harmless rewording as models grow. */
export type BrittlenessTrend = 'shrinking' | 'growing' | 'stable' | 'unknown';

/** One model's brittleness on one task, over base items (groups). */
export interface ModelBrittleness {
  model: string;
  params: number;
  /** Accuracy on the base versions. */
  baseAccuracy: IntervalEstimate | null;
  /** Share of base items answered the same under every version. */
  consistency: IntervalEstimate | null;
  /** Share of base items right under every version (CircularEval-style). */
  strictAccuracy: IntervalEstimate | null;
  /** Max − min of the accuracy per template; null with fewer than 2 templates. */
  templateSpread: IntervalEstimate | null;
  /** Mean accuracy of the versions of each kind of change. */
  accuracyByKind: Partial<Record<ChangeKind, number>>;
  /** Share of base items whose answer changes under some version of each kind. */
  flipRateByKind: Partial<Record<ChangeKind, number>>;
  positionBias: PositionBias | null;
  /** Mean confidence of the base answer where the answer flips under some version, and where it does not (confident brittleness). */
  confidenceWhenFlipping: number | null;
  confidenceWhenConsistent: number | null;
}

/** Brittleness of one (task, family) ladder. */
export interface TaskBrittleness {
  task: string;
  family: string | null;
  /** Base items every model answered in every version (the unit of resampling). */
  groups: number;
  /** Base items left out because some model lacks a version of them. */
  droppedGroups: number;
  kinds: ChangeKind[];
  templates: string[];
  models: ModelBrittleness[];
  /** Per-decade slopes with the wider of the paired-bootstrap and residual intervals (95%). */
  slopes: { consistency: SlopeEstimate | null; strictAccuracy: SlopeEstimate | null; templateSpread: SlopeEstimate | null };
  brittleness: BrittlenessTrend;
}

export interface BrittlenessOptions {
  resamples: number;
  seed: number;
  /** Equivalence margin per decade for `stable` (the analysis's flatness margin). */
  delta: number;
  /** A fixed resample index matrix (tests). */
  indexMatrix?: Int32Array;
}

const hasInterval = (slope: SlopeEstimate | null): slope is SlopeEstimate & { low: number; high: number } => slope !== null && slope.low !== null && slope.high !== null;

/**
 * The flag from the consistency slope: rising consistency (95% interval above 0) is brittleness
 * `shrinking`, falling is `growing`; `stable` when the 90% interval lies inside ±δ; else (and below 3 sizes) `unknown`.
 * An interval of zero width is no uncertainty estimate: `stable` only when every model's consistency is the same, else `unknown`.
 */
export function brittlenessTrend(sizes: number, consistency: SlopeEstimate | null, consistency90: SlopeEstimate | null, delta: number, identical = false): BrittlenessTrend {
  if (sizes < 3 || !hasInterval(consistency)) return 'unknown';
  if (consistency.high - consistency.low <= 1e-12) return identical ? 'stable' : 'unknown';
  if (consistency.low > 0) return 'shrinking';
  if (consistency.high < 0) return 'growing';
  if (hasInterval(consistency90) && consistency90.low > -delta && consistency90.high < delta) return 'stable';
  return 'unknown';
}

function mean(values: Float64Array): number | null {
  const finite = Array.from(values).filter((value) => !Number.isNaN(value));
  return finite.length === 0 ? null : finite.reduce((sum, value) => sum + value, 0) / finite.length;
}

/** Brittleness of every (task, family) ladder that has versions of its items; models ordered by size. */
export function analyzeBrittleness(rows: VariantObservation[], options: BrittlenessOptions): TaskBrittleness[] {
  const result: TaskBrittleness[] = [];
  for (const ladderRows of groupBy(rows, (row) => JSON.stringify([row.task, row.family]))) {
    const byModel = groupBy(ladderRows, (row) => row.model).sort((a, b) => a[0]!.params - b[0]!.params);
    const models = byModel.map((modelRows) => modelRows[0]!.model);
    const { layout, dropped } = groupLayout(ladderRows, models);
    if (layout.groups.length === 0) continue;
    const groupSet = new Set(layout.groups);
    const tables = byModel.map((modelRows) => groupTable(modelRows.filter((row) => groupSet.has(row.group)), layout));
    const boot = brittlenessBootstrap(tables, layout, options);
    const index = (name: string): number => boot.names.indexOf(name);
    const slope = (name: string, level = 0.95): SlopeEstimate | null => metricSlope(boot, index(name), level);
    const slopes = { consistency: slope('consistency'), strictAccuracy: slope('strictAccuracy'), templateSpread: slope('templateSpread') };
    const sizes = new Set(tables.map((table) => table.params)).size;
    result.push({
      task: ladderRows[0]!.task, family: ladderRows[0]!.family, groups: layout.groups.length, droppedGroups: dropped,
      kinds: layout.kinds, templates: layout.templates, slopes,
      brittleness: brittlenessTrend(sizes, slopes.consistency, slope('consistency', 0.9), options.delta, new Set(tables.map((_, j) => boot.point[j * boot.names.length + index('consistency')])).size === 1),
      models: tables.map((table, j) => {
        const size = boot.names.length;
        const at = (name: string): number => boot.point[j * size + index(name)]!;
        return {
          model: table.model, params: table.params,
          baseAccuracy: modelInterval(boot, j, index('baseAccuracy')), consistency: modelInterval(boot, j, index('consistency')),
          strictAccuracy: modelInterval(boot, j, index('strictAccuracy')), templateSpread: modelInterval(boot, j, index('templateSpread')),
          accuracyByKind: Object.fromEntries(layout.kinds.map((kind) => [kind, at(`accuracy:${kind}`)])),
          flipRateByKind: Object.fromEntries(layout.kinds.map((kind) => [kind, at(`flipRate:${kind}`)])),
          positionBias: positionBias(byModel[j]!.filter((row) => groupSet.has(row.group))),
          confidenceWhenFlipping: mean(table.confidenceFlipping), confidenceWhenConsistent: mean(table.confidenceConsistent),
        };
      }),
    });
  }
  return result;
}
