import type { TaskItem } from '../../core/task.js';

/** Which change a variant makes to its base item. `base`: the base item itself; `group`: another version from the task file. */
export type VariantKind = 'base' | 'options' | 'labels' | 'templates' | 'group';

/** What an item records about being a version of a base item (in `meta.variant`). */
export interface VariantInfo {
  /** The base item (group) it is a version of. */
  group: string;
  kind: VariantKind;
  /** order[i] = the index in the base item of the choice shown at position i. */
  order: number[];
  labels: string;
  template: string;
}

/** The variant record of an item; undefined for an item that is no version of another. */
export function variantInfo(item: TaskItem): VariantInfo | undefined {
  const value = item.meta?.variant as VariantInfo | undefined;
  return value && typeof value === 'object' && typeof value.group === 'string' ? value : undefined;
}

/** Whether an item counts in the ordinary (size) analysis: it is no variant, or the base version of its group. */
export function isBaseItem(item: TaskItem): boolean {
  const info = variantInfo(item);
  return info === undefined || info.kind === 'base';
}

/** How many base items and how many versions of them (variants included) a list of items holds. */
export function variantCounts(items: TaskItem[]): { baseItems: number; items: number } {
  return { baseItems: items.filter(isBaseItem).length, items: items.length };
}
