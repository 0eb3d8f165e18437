/** A way of labelling the choices of a multiple-choice item. */
export interface LabelStyle {
  /** The bare label a model answers with (`A`, `1`, `a`). */
  label: (index: number) => string;
  /** The label as the choice list shows it (`A.`, `1.`, `(a)`). */
  shown: (index: number) => string;
  /** What the instruction calls a label ("letter", "number"). */
  noun: string;
}

const upper = (index: number): string => String.fromCharCode(65 + index);
const lower = (index: number): string => String.fromCharCode(97 + index);
const number = (index: number): string => String(index + 1);

/** The label styles a config may name (`variants.labels`); `letters` is the default format. */
export const LABEL_STYLES = {
  letters: { label: upper, shown: (index) => `${upper(index)}.`, noun: 'letter' },
  numbers: { label: number, shown: (index) => `${number(index)}.`, noun: 'number' },
  'lower-paren': { label: lower, shown: (index) => `(${lower(index)})`, noun: 'letter' },
  'upper-paren': { label: upper, shown: (index) => `${upper(index)})`, noun: 'letter' },
} satisfies Record<string, LabelStyle>;

export type LabelStyleName = keyof typeof LABEL_STYLES;
export const LABEL_STYLE_NAMES = Object.keys(LABEL_STYLES) as [LabelStyleName, ...LabelStyleName[]];

/** The style of a name (unknown names fall back to letters: a stored item from a later version). */
export function labelStyle(name: string | undefined): LabelStyle {
  return (LABEL_STYLES as Record<string, LabelStyle>)[name ?? 'letters'] ?? LABEL_STYLES.letters;
}

/**
 * Reads a choice index from an answer in a label style (`B`, `(b)`, `2.`, `3) text`); null when it is
 * not one of the first `count` labels. The label must stand alone or be followed by `.`, `)`, `:` or a space.
 */
export function parseLabel(answer: string | null, style: LabelStyle, count: number): number | null {
  if (answer === null) return null;
  const match = /^\(?([A-Za-z]|\d{1,2})(?:[).:]|\s|$)/.exec(answer.trim());
  if (!match) return null;
  for (let index = 0; index < count; index++) if (style.label(index) === match[1]) return index;
  return null;
}

/** The index of a single generated token read as a label ("(" and "." around it are ignored); -1 when none. */
export function tokenLabelIndex(token: string, style: LabelStyle, count: number): number {
  const text = token.trim().replace(/^\(|[).]$/g, '');
  for (let index = 0; index < count; index++) if (style.label(index) === text) return index;
  return -1;
}
