import type { Task, TaskItem } from '../core/task.js';
import { limitItems } from '../tasks/variants/limit-items.js';
import type { MeasuredMethod } from './choose-method.js';

/** One request-sized piece of work: a model, an item, a sample. */
export interface WorkUnit {
  modelId: string;
  task: string;
  item: TaskItem;
  sample: number;
}

/** The items of each task; with a limit, those of its first `limit` base items (each with all its variants). */
export function selectItems(tasks: Task[], limit: number | undefined): Array<{ task: string; item: TaskItem }> {
  return tasks.flatMap((task) => limitItems(task.items, limit).map((item) => ({ task: task.name, item })));
}

/** Samples per item: K for the consistency method, one otherwise. */
export function samplesFor(method: MeasuredMethod, samples: number): number {
  return method === 'consistency' ? samples : 1;
}

/** The work units of one model: items × samples, in task and item order. */
export function planModelUnits(modelId: string, items: Array<{ task: string; item: TaskItem }>, sampleCount: number): WorkUnit[] {
  const units: WorkUnit[] = [];
  for (const { task, item } of items) for (let sample = 0; sample < sampleCount; sample++) units.push({ modelId, task, item, sample });
  return units;
}
