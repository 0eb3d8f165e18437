import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from './normalize-base-url.js';

describe('normalizeBaseUrl', () => {
  it('adds /v1 to a bare origin only', () => {
    expect(normalizeBaseUrl('http://localhost:8000')).toBe('http://localhost:8000/v1');
    expect(normalizeBaseUrl('https://api.anthropic.com/')).toBe('https://api.anthropic.com/v1');
    expect(normalizeBaseUrl('http://127.0.0.1:11434/v1/')).toBe('http://127.0.0.1:11434/v1');
    expect(normalizeBaseUrl('https://gateway.example/openai/v1')).toBe('https://gateway.example/openai/v1');
    expect(normalizeBaseUrl('https://proxy.example/llm')).toBe('https://proxy.example/llm');
  });
});
