import type { VariantKindName, VariantObservation } from './variant-observation.js';

/** Kinds of change whose accuracy and flip rate are reported, in this order. */
export const CHANGE_KINDS = ['options', 'labels', 'templates', 'group'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Per base item (group) values of one model, each a column over the groups; a metric is the mean
 * of a column over (resampled) groups. NaN marks a group where the column does not apply.
 */
export interface GroupTable {
  model: string;
  params: number;
  baseCorrect: Float64Array;
  /** 1 when every version gives the same (readable) answer. */
  consistent: Float64Array;
  /** 1 when every version is right (CircularEval-style). */
  strict: Float64Array;
  /** Per kind: mean correctness over the versions of that kind. */
  kindAccuracy: Map<ChangeKind, Float64Array>;
  /** Per kind: 1 when some version of that kind answers differently from the base version. */
  kindFlip: Map<ChangeKind, Float64Array>;
  /** Per template (in `templates` order): correctness of the version with that template and the base order and labels. */
  templateCorrect: Float64Array[];
  /** Mean confidence of the base version, on groups whose answer flips (NaN elsewhere) and on consistent groups. */
  confidenceFlipping: Float64Array;
  confidenceConsistent: Float64Array;
}

/** The shared shape of the tables of one ladder. */
export interface GroupLayout {
  groups: string[];
  kinds: ChangeKind[];
  templates: string[];
}

/** The layout of a ladder: the groups every model answered in every version, the kinds and templates present. */
export function groupLayout(rows: VariantObservation[], models: string[]): { layout: GroupLayout; dropped: number } {
  const versions = new Map<string, Map<string, Set<string>>>();
  const kinds = new Set<VariantKindName>();
  const templates: string[] = [];
  for (const row of rows) {
    const byVariant = versions.get(row.group) ?? new Map<string, Set<string>>();
    const seen = byVariant.get(row.variant) ?? new Set<string>();
    seen.add(row.model);
    byVariant.set(row.variant, seen);
    versions.set(row.group, byVariant);
    kinds.add(row.kind);
    if ((row.kind === 'base' || row.kind === 'templates') && !templates.includes(row.template)) templates.push(row.template);
  }
  const groups = [...versions].filter(([, byVariant]) => byVariant.size > 1 && [...byVariant.values()].every((seen) => models.every((model) => seen.has(model)))).map(([group]) => group);
  return { layout: { groups, kinds: CHANGE_KINDS.filter((kind) => kinds.has(kind)), templates }, dropped: versions.size - groups.length };
}

const mean = (values: number[]): number => (values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length);

/** One model's table over the layout's groups. */
export function groupTable(rows: VariantObservation[], layout: GroupLayout): GroupTable {
  const n = layout.groups.length;
  const column = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const table: GroupTable = {
    model: rows[0]!.model, params: rows[0]!.params, baseCorrect: column(), consistent: column(), strict: column(),
    kindAccuracy: new Map(layout.kinds.map((kind) => [kind, column()])), kindFlip: new Map(layout.kinds.map((kind) => [kind, column()])),
    templateCorrect: layout.templates.map(column), confidenceFlipping: column(), confidenceConsistent: column(),
  };
  const byGroup = new Map<string, VariantObservation[]>();
  for (const row of rows) {
    const list = byGroup.get(row.group);
    if (list) list.push(row);
    else byGroup.set(row.group, [row]);
  }
  layout.groups.forEach((group, g) => {
    const versions = byGroup.get(group)!;
    const base = versions.find((row) => row.kind === 'base') ?? versions[0]!;
    const same = (row: VariantObservation): boolean => row.answer !== null && row.answer === base.answer;
    table.baseCorrect[g] = base.correct ? 1 : 0;
    table.consistent[g] = versions.every(same) ? 1 : 0;
    table.strict[g] = versions.every((row) => row.correct) ? 1 : 0;
    for (const kind of layout.kinds) {
      const ofKind = versions.filter((row) => row.kind === kind);
      if (ofKind.length === 0) continue;
      table.kindAccuracy.get(kind)![g] = mean(ofKind.map((row) => (row.correct ? 1 : 0)));
      table.kindFlip.get(kind)![g] = ofKind.every(same) && base.answer !== null ? 0 : 1;
    }
    layout.templates.forEach((template, t) => {
      const row = versions.find((candidate) => (candidate.kind === 'base' || candidate.kind === 'templates') && candidate.template === template);
      if (row) table.templateCorrect[t]![g] = row.correct ? 1 : 0;
    });
    if (base.confidence !== null) (table.consistent[g] === 1 ? table.confidenceConsistent : table.confidenceFlipping)[g] = base.confidence;
  });
  return table;
}
