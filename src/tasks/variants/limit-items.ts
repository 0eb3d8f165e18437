import type { TaskItem } from '../../core/task.js';
import { variantInfo } from './variant-info.js';

/** The items of the first `limit` base items (each with all its variants); every item without a limit. */
export function limitItems(items: TaskItem[], limit: number | undefined): TaskItem[] {
  if (limit === undefined) return items;
  const groups = new Set<string>();
  return items.filter((item) => {
    const group = variantInfo(item)?.group ?? item.id;
    if (!groups.has(group)) {
      if (groups.size >= limit) return false;
      groups.add(group);
    }
    return true;
  });
}
