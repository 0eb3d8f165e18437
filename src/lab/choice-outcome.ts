/** What the option log-probabilities of one multiple-choice item say (ties go to the lowest index). */
export interface ChoiceOutcome {
  chosen: number;
  correct: boolean;
  /** Softmax probability of the chosen option over the options. */
  confidence: number;
  /** −log softmax over the options of the gold option (nats). */
  loss: number;
}

export function choiceOutcome(optionLogprobs: number[], gold: number): ChoiceOutcome {
  let chosen = 0;
  for (let index = 1; index < optionLogprobs.length; index += 1) if (optionLogprobs[index]! > optionLogprobs[chosen]!) chosen = index;
  const top = optionLogprobs[chosen]!;
  const total = top + Math.log(optionLogprobs.reduce((sum, value) => sum + Math.exp(value - top), 0));
  return { chosen, correct: chosen === gold, confidence: Math.exp(top - total), loss: total - optionLogprobs[gold]! };
}
