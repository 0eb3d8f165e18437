import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test-server/start-test-server.js';
import { isPlainEchoAnswer } from './is-plain-echo-answer.js';
import { completionsResponseSchema } from './openai-schemas.js';

/** Values of every JSON type and some that are almost right (negative, fractional, unsafe counts). */
const anyValue = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.string({ maxLength: 3 }),
  fc.constantFrom(0, -0, 1, -1, 2.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY), fc.double(), fc.constant([]), fc.constant({}),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary }, { weight: 1, arbitrary: anyValue });
const count = maybe(fc.oneof(fc.constant(undefined), fc.nat(1000)));
const logprobs = fc.record({
  tokens: maybe(fc.array(maybe(fc.string({ maxLength: 3 })), { maxLength: 4 })),
  token_logprobs: maybe(fc.array(maybe(fc.oneof(fc.constant(null), fc.double({ max: 0, noNaN: true }))), { maxLength: 4 })),
  text_offset: maybe(fc.oneof(fc.constant(undefined), fc.array(maybe(fc.nat(50)), { maxLength: 4 }))),
  top_logprobs: fc.constant([{ a: -1 }]),
}, { requiredKeys: [] });
const choice = fc.record({
  index: count, text: maybe(fc.oneof(fc.constant(undefined), fc.string({ maxLength: 4 }))), logprobs: maybe(fc.oneof(fc.constant(null), logprobs)),
  finish_reason: fc.constant('length'), prompt_logprobs: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }),
}, { requiredKeys: [] });
const answer = fc.record({
  id: fc.constant('cmpl-1'),
  choices: maybe(fc.array(maybe(choice), { maxLength: 3 })),
  usage: maybe(fc.oneof(fc.constant(null), fc.record({ prompt_tokens: count, completion_tokens: count }, { requiredKeys: [] }))),
}, { requiredKeys: [] });

function withoutUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (_key, entry: unknown) => entry)) as unknown;
}

describe('isPlainEchoAnswer', () => {
  it('accepts only answers the schema accepts, and the fields read from them are the same', () => {
    fc.assert(
      fc.property(answer, (json) => {
        if (!isPlainEchoAnswer(json)) return;
        const parsed = completionsResponseSchema.safeParse(json);
        expect(parsed.success).toBe(true);
        const read = (response: typeof json) => response.choices.map((entry) => ({
          index: entry.index, text: entry.text, tokens: entry.logprobs?.tokens, logprobs: entry.logprobs?.token_logprobs, offsets: entry.logprobs?.text_offset,
        }));
        expect(withoutUndefined(read(json))).toEqual(withoutUndefined(read(parsed.data!)));
        expect(withoutUndefined(json.usage)).toEqual(withoutUndefined(parsed.data!.usage));
      }),
      { numRuns: 4000 },
    );
  });

  it("accepts the test server's echo answers, so that they skip the schema's copy", async () => {
    const server = await startTestServer();
    try {
      const prompt = 'Question: what is 2 + 2?\nAnswer:';
      const response = await fetch(`${server.baseURL}/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', prompt: [`${prompt} 4`, `${prompt} 5`], echo: true, logprobs: 1, max_tokens: 0 }),
      });
      const json = (await response.json()) as unknown;
      expect(completionsResponseSchema.safeParse(json).success).toBe(true);
      expect(isPlainEchoAnswer(json)).toBe(true);
      expect(isPlainEchoAnswer({ ...(json as object), choices: [] })).toBe(false);
    } finally {
      await server.close();
    }
  });
});
