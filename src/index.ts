export { analyze, type AnalysisResult } from './analysis/analyze.js';
export * from './analysis/task-analysis.js';
export { notebookAnalysis, type NotebookResult } from './analysis/notebook.js';
export type { Measurement } from './core/measurement.js';
export type { ItemResult, ConfidenceMethod } from './core/item-result.js';
export type { Task, TaskItem, ChoiceItem, FreeItem } from './core/task.js';
export { ScalegapError, type ErrorCode, type InputLocation } from './core/errors.js';
export { parseParams, formatParams } from './core/params.js';
