import type { ChoiceItem, FreeItem } from '../core/task.js';
import { formatVariantPrompt, variantScoringPrompt } from './variants/format-variant-prompt.js';

/** Letters used to label choices: A, B, C... */
export function choiceLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/**
 * Option scoring: the shared prompt and each choice as its continuation (a leading space, as
 * lm-evaluation-harness does). acc_norm divides by the UTF-8 byte length of these continuations.
 */
export function optionScoringPrompt(item: ChoiceItem): { prompt: string; options: string[] } {
  if (item.format) return variantScoringPrompt(item);
  return { prompt: `Question: ${item.question}\nAnswer:`, options: item.choices.map((choice) => ` ${choice}`) };
}

function lettered(item: ChoiceItem): string {
  return item.choices.map((choice, index) => `${choiceLetter(index)}. ${choice}`).join('\n');
}

/** Answer-letter prompt: the model's first generated token is read as a letter distribution. */
export function letterPrompt(item: ChoiceItem): string {
  if (item.format) return formatVariantPrompt(item, { instruction: 'Answer with the {noun} of the correct choice only.', cue: 'Answer:' });
  return `Question: ${item.question}\n${lettered(item)}\nAnswer with the letter of the correct choice only.\nAnswer:`;
}

/** Verbalized-confidence prompt (the notebook's "stated confidence"), multiple choice. */
export function verbalizedChoicePrompt(item: ChoiceItem): string {
  if (item.format) return formatVariantPrompt(item, { instruction: 'Reply in exactly this format and nothing else:\nAnswer: <{noun}>\nConfidence: <0-100>', cue: '' });
  return (
    `Question: ${item.question}\n${lettered(item)}\n` +
    'Reply in exactly this format and nothing else:\nAnswer: <letter>\nConfidence: <0-100>'
  );
}

/** Verbalized-confidence prompt for a free-form item. */
export function verbalizedFreePrompt(item: FreeItem): string {
  return `${item.prompt}\nReply in exactly this format and nothing else:\nAnswer: <your answer>\nConfidence: <0-100>`;
}

/** Sampling-consistency prompt: the answer only. */
export function consistencyPrompt(item: ChoiceItem | FreeItem): string {
  if (item.kind === 'choice' && item.format) return formatVariantPrompt(item, { instruction: 'Reply in exactly this format:\nAnswer: <{noun}>', cue: '' });
  if (item.kind === 'choice') return `Question: ${item.question}\n${lettered(item)}\nReply in exactly this format:\nAnswer: <letter>`;
  return `${item.prompt}\nReply in exactly this format:\nAnswer: <your answer>`;
}
