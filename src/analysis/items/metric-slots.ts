/** Slots of the per-model metric vector that one resample produces. */
export const METRIC = {
  accuracy: 0,
  confidence: 1,
  loss: 2,
  gap: 3,
  ece: 4,
  eceEqualWidth: 5,
  smoothEce: 6,
  brier: 7,
  brierReliability: 8,
  brierResolution: 9,
  brierUncertainty: 10,
  nll: 11,
  auroc: 12,
  aurc: 13,
  selectiveAccuracy50: 14,
  selectiveAccuracy80: 15,
} as const;
export const METRIC_COUNT = 16;
export type MetricName = keyof typeof METRIC;
