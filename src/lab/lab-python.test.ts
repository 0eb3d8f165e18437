import { describe, expect, it } from 'vitest';
import { runLabPython } from './test-support/lab-python.js';

// The lab's Python tests (held-out items never in training, determinism for a seed, adjacent-pair rotary,
// GGUF round trip), run by Debian's python3; a missing torch fails this test, it is never skipped.
describe('lab python side', () => {
  it('passes its unittest suite', () => {
    const { stderr } = runLabPython(['-m', 'unittest', 'discover', '-s', 'tests', '-v'], 900_000);
    expect(stderr).toMatch(/^Ran \d+ tests? in /m);
    expect(stderr).toMatch(/^OK$/m);
    expect(stderr).toMatch(/^test_evaluation_items_are_never_in_training .*\.\.\. ok$/m);
    expect(stderr).toMatch(/^test_same_seed_same_weights_other_seed_other_weights .*\.\.\. ok$/m);
  }, 900_000);
});
