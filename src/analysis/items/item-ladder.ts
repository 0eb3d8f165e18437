import type { ConfidenceMethod, ItemResult } from '../../core/item-result.js';
import { inputError, type InputLocation } from '../../core/errors.js';

/** One model's item results, aligned with its ladder's `itemIds` (columnar, typed arrays). */
export interface LadderModel {
  model: string;
  params: number;
  /** Training tokens, when the item rows give them. */
  tokens?: number | null;
  /** 1 when the item was answered correctly. */
  correct: Uint8Array;
  /** Confidence per item; null when any item of the model lacks one. */
  confidence: Float64Array | null;
  /** Loss (NLL of the gold option, nats) per item; null when any item lacks one. */
  loss: Float64Array | null;
  methods: ConfidenceMethod[];
  /** 1 where the model has a result for the item; null when it has all of them. */
  present: Uint8Array | null;
}

/** All models of one (task, family) on a shared set of items: the unit of the paired bootstrap. */
export interface ItemLadder {
  task: string;
  family: string | null;
  itemIds: string[];
  /** Sorted by size ascending (ties by name). */
  models: LadderModel[];
  /** Mean 1/(number of options) over rows that list their options; null when none do. */
  chance: number | null;
  /** Set when the models do not share one item set (then the analysis falls back to aggregates). */
  mismatch: ItemSetMismatch | null;
}

export interface ItemSetMismatch {
  model: string;
  missing: string[];
  extra: string[];
  location: InputLocation | undefined;
}

interface ModelColumns {
  model: string;
  params: number;
  tokens: number | null;
  location: InputLocation | undefined;
  /** item index (in the task's item table) per row. */
  itemIndex: number[];
  correct: number[];
  confidence: number[];
  loss: number[];
  methods: Set<ConfidenceMethod>;
  seen: Set<number>;
}

interface TaskColumns {
  task: string;
  family: string | null;
  itemIndexById: Map<string, number>;
  itemIds: string[];
  models: Map<string, ModelColumns>;
  chanceSum: number;
  chanceCount: number;
}

/** How an item set mismatch is handled: an input error (exit 2), or kept and reported. */
export type MismatchPolicy = 'error' | 'report';

/**
 * Collects item results row by row (streaming readers feed it) into columnar ladders, checking
 * duplicates as it goes. Memory is a few numbers per row; item ids are interned per task.
 */
export class ItemLadderCollector {
  private readonly tasks = new Map<string, TaskColumns>();
  rows = 0;

  add(row: ItemResult, location?: InputLocation): void {
    const key = JSON.stringify([row.task, row.family]);
    let task = this.tasks.get(key);
    if (!task) {
      task = { task: row.task, family: row.family, itemIndexById: new Map(), itemIds: [], models: new Map(), chanceSum: 0, chanceCount: 0 };
      this.tasks.set(key, task);
    }
    let model = task.models.get(row.model);
    if (!model) {
      model = { model: row.model, params: row.params, tokens: row.tokens ?? null, location, itemIndex: [], correct: [], confidence: [], loss: [], methods: new Set(), seen: new Set() };
      task.models.set(row.model, model);
    } else if (model.params !== row.params) {
      throw inputError({ ...location, field: 'params' }, `Model "${row.model}" has params ${model.params} on an earlier row of task "${row.task}" and ${row.params} here; one model has one size.`);
    }
    let index = task.itemIndexById.get(row.item);
    if (index === undefined) {
      index = task.itemIds.length;
      task.itemIds.push(row.item);
      task.itemIndexById.set(row.item, index);
    }
    if (model.seen.has(index)) {
      throw inputError({ ...location, field: 'item' }, `Duplicate result for task "${row.task}", model "${row.model}", item "${row.item}"; each (task, model, item) appears once.`);
    }
    model.seen.add(index);
    model.itemIndex.push(index);
    model.correct.push(row.correct ? 1 : 0);
    model.confidence.push(row.confidence ?? Number.NaN);
    model.loss.push(row.loss ?? Number.NaN);
    if (row.method) model.methods.add(row.method);
    if (row.optionLogprobs && row.optionLogprobs.length > 0) {
      task.chanceSum += 1 / row.optionLogprobs.length;
      task.chanceCount++;
    }
    this.rows++;
  }

  /** The ladders; with policy 'error' a model whose item set differs is an input error. */
  build(policy: MismatchPolicy = 'error'): ItemLadder[] {
    return [...this.tasks.values()].map((task) => buildLadder(task, policy));
  }
}

function buildLadder(task: TaskColumns, policy: MismatchPolicy): ItemLadder {
  const itemCount = task.itemIds.length;
  const columns = [...task.models.values()].sort((a, b) => a.params - b.params || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  let mismatch: ItemSetMismatch | null = null;
  for (const column of columns) {
    if (column.seen.size === itemCount) continue;
    const missing = task.itemIds.filter((_, index) => !column.seen.has(index));
    mismatch = { model: column.model, missing, extra: [], location: column.location };
    if (policy === 'error') {
      const shown = missing.slice(0, 5).map((id) => `"${id}"`).join(', ');
      throw inputError(
        { ...column.location, field: 'item' },
        `Model "${column.model}" of task "${task.task}" lacks ${missing.length} item(s) the other models have (${shown}${missing.length > 5 ? ', …' : ''}); the paired analysis needs the same items for every model (or pass --allow-unpaired to fall back to aggregate statistics).`,
      );
    }
    break;
  }
  const models: LadderModel[] = columns.map((column) => toLadderModel(column, itemCount));
  const chance = task.chanceCount > 0 ? task.chanceSum / task.chanceCount : null;
  return { task: task.task, family: task.family, itemIds: task.itemIds, models, chance, mismatch };
}

function toLadderModel(column: ModelColumns, itemCount: number): LadderModel {
  const correct = new Uint8Array(itemCount);
  const confidence = new Float64Array(itemCount).fill(Number.NaN);
  const loss = new Float64Array(itemCount).fill(Number.NaN);
  column.itemIndex.forEach((index, row) => {
    correct[index] = column.correct[row]!;
    confidence[index] = column.confidence[row]!;
    loss[index] = column.loss[row]!;
  });
  const complete = (values: number[]): boolean => values.every((value) => !Number.isNaN(value));
  let present: Uint8Array | null = null;
  if (column.itemIndex.length !== itemCount) {
    present = new Uint8Array(itemCount);
    for (const index of column.itemIndex) present[index] = 1;
  }
  return {
    model: column.model,
    params: column.params,
    tokens: column.tokens,
    correct,
    confidence: complete(column.confidence) ? confidence : null,
    loss: complete(column.loss) ? loss : null,
    methods: [...column.methods],
    present,
  };
}
