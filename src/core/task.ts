/** A multiple-choice item: the answer is the index of the correct choice. */
export interface ChoiceItem {
  kind: 'choice';
  id: string;
  question: string;
  choices: string[];
  /** Index into `choices`. */
  answer: number;
  /** Free metadata carried through to results (type, difficulty, seed...). */
  meta?: Record<string, unknown>;
  /** How the prompt shows the choices (a prompt variant); absent: the default format. */
  format?: ChoiceFormat;
}

/** A prompt format of a multiple-choice item: names of a label style and a template (src/tasks/variants). */
export interface ChoiceFormat {
  labels: string;
  template: string;
}

export type MatchRule = 'exact' | 'numeric' | 'regex';

/** A free-form item: the model's generated answer is matched against `answer`. */
export interface FreeItem {
  kind: 'free';
  id: string;
  prompt: string;
  answer: string;
  match: MatchRule;
  meta?: Record<string, unknown>;
}

export type TaskItem = ChoiceItem | FreeItem;

/** A task: a named list of items (one JSONL task file). */
export interface Task {
  name: string;
  /** Path of the task file it came from, when it came from one. */
  file?: string;
  items: TaskItem[];
}
