import { splitUrlCredentials } from '../providers/http/url-credentials.js';
import type { RunConfig } from './load-config.js';

/** Environment variables that hold API keys by default. */
const KEY_VARIABLES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'];

/**
 * Every secret a run may send: the API keys of its providers (the default variables and any
 * model's `apiKeyEnv`) and the passwords of credentials in base URLs. Redacted from all it writes.
 */
export function configuredSecrets(config: RunConfig, env: NodeJS.ProcessEnv = {}): string[] {
  const variables = new Set(KEY_VARIABLES);
  for (const model of config.models) {
    if (model.apiKeyEnv !== undefined) variables.add(model.apiKeyEnv);
  }
  const secrets = [...variables].map((name) => env[name]).filter((value): value is string => typeof value === 'string' && value !== '');
  for (const model of config.models) if (model.baseUrl !== undefined) secrets.push(...splitUrlCredentials(model.baseUrl).secrets);
  return [...new Set(secrets)];
}
