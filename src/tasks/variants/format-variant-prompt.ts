import type { ChoiceItem } from '../../core/task.js';
import { labelStyle } from './label-styles.js';
import { promptTemplate } from './prompt-templates.js';

/** What a method asks for: an instruction (it may name the label noun as `{noun}`) and the cue the answer follows. */
export interface PromptAsk {
  instruction: string;
  cue: string;
}

/** The prompt of a formatted (variant) item: its template around its labelled choices. */
export function formatVariantPrompt(item: ChoiceItem, ask: PromptAsk): string {
  const style = labelStyle(item.format?.labels);
  const choiceLines = item.choices.map((choice, index) => `${style.shown(index)} ${choice}`);
  const prompt = promptTemplate(item.format?.template)({ question: item.question, choiceLines, instruction: ask.instruction.replaceAll('{noun}', style.noun) }, ask.cue);
  return ask.cue === '' ? prompt.trimEnd() : prompt;
}

/**
 * Option scoring of a formatted item (MMLU-style, as lm-evaluation-harness scores its MMLU task):
 * the choices are listed in the prompt and each label is scored as the continuation (a leading space).
 * Unlike cloze scoring, this is what option order and labels can change.
 */
export function variantScoringPrompt(item: ChoiceItem): { prompt: string; options: string[] } {
  const style = labelStyle(item.format?.labels);
  return { prompt: formatVariantPrompt(item, { instruction: '', cue: 'Answer:' }), options: item.choices.map((_, index) => ` ${style.label(index)}`) };
}
