import { inputError } from '../../core/errors.js';
import type { ChoiceItem, Task, TaskItem } from '../../core/task.js';
import type { LabelStyleName } from './label-styles.js';
import { hashText, rotations, samplePermutations } from './option-orders.js';
import type { TemplateName } from './prompt-templates.js';
import type { VariantInfo, VariantKind } from './variant-info.js';

/** The `variants` block of a config: which versions of each multiple-choice item to ask. */
export interface VariantSpec {
  /** `rotate`: every rotation of the options; a number: that many seeded random orders. */
  options?: 'rotate' | number;
  /** Label styles; the first is the base item's. */
  labels?: LabelStyleName[];
  /** Prompt templates; the first is the base item's. */
  templates?: TemplateName[];
  /** Seed of the sampled option orders. */
  seed?: number;
}

function variantItem(item: ChoiceItem, info: VariantInfo, id: string): ChoiceItem {
  const choices = info.order.map((index) => item.choices[index]!);
  return {
    ...item, id, choices, answer: info.order.indexOf(item.answer),
    meta: { ...item.meta, variant: info }, format: { labels: info.labels, template: info.template },
  };
}

/**
 * The versions of one multiple-choice item, one factor at a time: the base item (identity order,
 * first label style, first template), then each other option order, each other label style and each
 * other template. Ids: the base keeps its id; the others get `~o1`, `~l:numbers`, `~t:plain` appended.
 */
export function expandItem(item: ChoiceItem, spec: VariantSpec, group: string, baseKind: VariantKind): ChoiceItem[] {
  const labels = spec.labels ?? ['letters'];
  const templates = spec.templates ?? ['qa'];
  const identity = item.choices.map((_, index) => index);
  const base = { group, order: identity, labels: labels[0]!, template: templates[0]! };
  const orders = spec.options === undefined ? []
    : spec.options === 'rotate' ? rotations(item.choices.length)
      : samplePermutations(item.choices.length, spec.options, (spec.seed ?? 0) ^ hashText(item.id));
  return [
    variantItem(item, { ...base, kind: baseKind }, item.id),
    ...orders.map((order, index) => variantItem(item, { ...base, kind: 'options', order }, `${item.id}~o${index + 1}`)),
    ...labels.slice(1).map((style) => variantItem(item, { ...base, kind: 'labels', labels: style }, `${item.id}~l:${style}`)),
    ...templates.slice(1).map((template) => variantItem(item, { ...base, kind: 'templates', template }, `${item.id}~t:${template}`)),
  ];
}

/**
 * A task with its variants: items of the task file that share a `group` are versions of one base
 * item (the first is the base); with a spec, every multiple-choice item also gets generated versions.
 * Free-form items stay as they are. Without a spec and without groups the task is returned unchanged.
 */
export function expandVariants(task: Task, spec: VariantSpec | undefined): Task {
  const grouped = task.items.some((item) => item.meta?.group !== undefined);
  if (!spec && !grouped) return task;
  const firstOfGroup = new Set<string>();
  const items: TaskItem[] = [];
  for (const item of task.items) {
    if (item.kind !== 'choice') { items.push(item); continue; }
    const group = item.meta?.group === undefined ? item.id : String(item.meta.group);
    const kind: VariantKind = firstOfGroup.has(group) ? 'group' : 'base';
    firstOfGroup.add(group);
    if (spec) items.push(...expandItem(item, spec, group, kind));
    else items.push({ ...item, meta: { ...item.meta, variant: { group, kind, order: item.choices.map((_, index) => index), labels: 'letters', template: 'qa' } satisfies VariantInfo } });
  }
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw inputError({ file: task.file ?? task.name, field: 'id' }, `variant id "${item.id}" is also the id of another item; rename that item`);
    ids.add(item.id);
  }
  return { ...task, items };
}
