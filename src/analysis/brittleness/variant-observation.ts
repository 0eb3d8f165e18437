/** Which change a variant makes to its base item (mirrors tasks/variants, which analysis does not import). */
export type VariantKindName = 'base' | 'options' | 'labels' | 'templates' | 'group';

/** One model's answer to one version of a base item: the input of the brittleness analysis. */
export interface VariantObservation {
  task: string;
  family: string | null;
  model: string;
  params: number;
  /** The base item this is a version of (the unit of resampling). */
  group: string;
  /** The id of this version (unique within the group). */
  variant: string;
  kind: VariantKindName;
  template: string;
  correct: boolean;
  /** The chosen answer as a comparable key (the chosen choice's text); null when none was read. */
  answer: string | null;
  /** Position of the chosen choice as shown; null when none. */
  chosenPosition: number | null;
  /** Position of the right choice as shown. */
  goldPosition: number;
  optionCount: number;
  confidence: number | null;
}
