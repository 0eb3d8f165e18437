/** The parts a prompt template arranges. */
export interface TemplateParts {
  question: string;
  /** One line per choice, already labelled. */
  choiceLines: string[];
  /** The instruction of the method ("Answer with the letter of the correct choice only."); may be empty. */
  instruction: string;
}

/** A prompt template: wording, separators, spacing and instruction line around the same item. The prompt ends where the answer starts. */
export type PromptTemplate = (parts: TemplateParts, answerCue: string) => string;

const withInstruction = (instruction: string, separator: string): string => (instruction === '' ? '' : `${instruction}${separator}`);

/** The templates a config may name (`variants.templates`); `qa` is the default format (the prompts of format-prompt.ts). */
export const PROMPT_TEMPLATES = {
  qa: ({ question, choiceLines, instruction }, cue) => `Question: ${question}\n${choiceLines.join('\n')}\n${withInstruction(instruction, '\n')}${cue}`,
  plain: ({ question, choiceLines, instruction }, cue) => `${question}\n\n${choiceLines.join('\n')}\n\n${withInstruction(instruction, '\n')}${cue}`,
  instructed: ({ question, choiceLines, instruction }, cue) =>
    `The following is a multiple-choice question. ${withInstruction(instruction, ' ')}\n\n${question}\n${choiceLines.join('\n')}\n\n${cue}`,
  compact: ({ question, choiceLines, instruction }, cue) => `Q: ${question} | ${choiceLines.join(' | ')} | ${withInstruction(instruction, ' ')}${cue}`,
  spaced: ({ question, choiceLines, instruction }, cue) => `QUESTION\n\n  ${question}\n\nOPTIONS\n\n  ${choiceLines.join('\n  ')}\n\n${withInstruction(instruction, '\n\n')}${cue}`,
} satisfies Record<string, PromptTemplate>;

export type TemplateName = keyof typeof PROMPT_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(PROMPT_TEMPLATES) as [TemplateName, ...TemplateName[]];

/** The template of a name (unknown names fall back to qa). */
export function promptTemplate(name: string | undefined): PromptTemplate {
  return (PROMPT_TEMPLATES as Record<string, PromptTemplate>)[name ?? 'qa'] ?? PROMPT_TEMPLATES.qa;
}
