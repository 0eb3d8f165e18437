import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { ScalegapError, type InputLocation } from '../core/errors.js';
import { parseParams } from '../core/params.js';
import { stripUrlCredentials } from '../core/strip-url-credentials.js';
import type { Task } from '../core/task.js';
import { isHttpsHost } from '../providers/http/is-https-host.js';
import { readTaskFile } from '../tasks/read-task-file.js';
import { expandVariants } from '../tasks/variants/expand-variants.js';
import { configSchema, type ParsedConfig } from './config-schema.js';

/** A model of the ladder, resolved: params as a number, paths absolute. */
export interface ModelConfig {
  id: string;
  provider: 'openai' | 'anthropic' | 'llama-cpp';
  model: string;
  params: number;
  family: string | null;
  baseUrl: string | undefined;
  /** The environment variable the API key is read from; undefined: no key is sent. */
  apiKeyEnv: string | undefined;
  price: { inputPerMTok: number; outputPerMTok: number } | undefined;
  concurrency: number | undefined;
  /** The least output budget of a generation request (reasoning models). */
  minOutputTokens: number | undefined;
  /** CPU threads of a local model (llama-cpp). */
  threads: number | undefined;
  /** For model files: size and modification time, so that the response cache notices a changed file. */
  fingerprint: string | undefined;
}

/** A validated `scalegap.yaml` with its task files read. */
export interface RunConfig extends Omit<ParsedConfig, 'models' | 'tasks' | '$schema'> {
  file: string;
  models: ModelConfig[];
  taskFiles: string[];
  tasks: Task[];
  /** Absolute path of the store. */
  store: string;
}

function configError(location: InputLocation, message: string): ScalegapError {
  return new ScalegapError('CONFIG_INVALID', message, { location });
}

function lineOf(document: Document, lines: LineCounter, path: Array<string | number>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function formatPath(path: Array<string | number>): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** Reads and validates a config file; every problem names the file, line, path and field. Reads task files too. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): RunConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw configError({ file }, `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass -c scalegap.yaml`);
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const yamlError = document.errors[0];
  if (yamlError) {
    throw configError({ file, line: yamlError.linePos?.[0].line }, `not valid YAML: ${yamlError.message.split(/ at line \d/)[0]}`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // the yaml package refuses documents whose aliases expand exponentially ("billion laughs")
    throw configError({ file }, `not a usable YAML document: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const fullPath = unknownKey ? [...path, unknownKey] : path;
    const field = fullPath.length > 0 ? String(fullPath[fullPath.length - 1]) : undefined;
    const hint = unknownKey && /key|token|secret/i.test(unknownKey)
      ? 'API keys are read only from the environment: name the variable with apiKeyEnv (default OPENAI_API_KEY / ANTHROPIC_API_KEY for their own hosts)'
      : issue.message;
    throw configError({ file, line: lineOf(document, lines, fullPath), path: formatPath(fullPath) || undefined, field }, hint);
  }
  return resolveConfig(parsed.data, file, env, (path) => lineOf(document, lines, path));
}

/** Default endpoints of the HTTP providers; OPENAI_BASE_URL overrides the OpenAI one. */
function defaultBaseUrl(provider: ModelConfig['provider'], env: NodeJS.ProcessEnv): string | undefined {
  if (provider === 'openai') return env.OPENAI_BASE_URL || 'https://api.openai.com/v1';
  if (provider === 'anthropic') return 'https://api.anthropic.com/v1';
  return undefined;
}

/**
 * Which environment variable a model's key comes from: the one the config names; else
 * OPENAI_API_KEY for OpenAI's own host, or for OPENAI_BASE_URL when the config gives no baseUrl
 * (both from the environment, paired as the OpenAI SDK pairs them); ANTHROPIC_API_KEY for
 * Anthropic's host; otherwise none, so that no key reaches a server it was not meant for.
 */
function keyVariable(model: ParsedConfig['models'][number], baseUrl: string | undefined): string | undefined {
  if (model.apiKeyEnv !== undefined) return model.apiKeyEnv;
  if (model.provider === 'openai' && (model.baseUrl === undefined || (baseUrl !== undefined && isHttpsHost(baseUrl, 'api.openai.com')))) return 'OPENAI_API_KEY';
  if (model.provider === 'anthropic' && baseUrl !== undefined && isHttpsHost(baseUrl, 'api.anthropic.com')) return 'ANTHROPIC_API_KEY';
  return undefined;
}

/** Whether a path is a regular file that starts with the GGUF magic bytes. */
function isGguf(path: string): boolean {
  if (!statSync(path).isFile()) return false;
  const magic = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.toString('latin1') === 'GGUF';
  } finally {
    closeSync(fd);
  }
}

function resolveConfig(config: ParsedConfig, file: string, env: NodeJS.ProcessEnv, lineAt: (path: Array<string | number>) => number | undefined): RunConfig {
  const base = dirname(resolve(file));
  const at = (path: Array<string | number>, field: string): InputLocation => ({ file, line: lineAt(path), path: formatPath(path), field });
  const seen = new Map<string, number>();
  const models = config.models.map((model, index): ModelConfig => {
    const first = seen.get(model.id);
    if (first !== undefined) throw configError(at(['models', index, 'id'], 'id'), `duplicate model id "${model.id}" (also models[${first}]); ids must be unique`);
    seen.set(model.id, index);
    const params = parseParams(model.params);
    if (params === null) throw configError(at(['models', index, 'params'], 'params'), 'expected a positive parameter count such as 7b');
    let modelName = model.model;
    let fingerprint: string | undefined;
    if (model.provider === 'llama-cpp') {
      modelName = resolve(base, model.model);
      if (!existsSync(modelName)) throw configError(at(['models', index, 'model'], 'model'), `GGUF file ${modelName} does not exist`);
      if (!isGguf(modelName)) throw configError(at(['models', index, 'model'], 'model'), `${modelName} is not a GGUF model file (it does not start with "GGUF")`);
      const stats = statSync(modelName);
      fingerprint = `${stats.size}:${stats.mtimeMs}`;
    }
    const baseUrl = model.baseUrl ?? defaultBaseUrl(model.provider, env);
    if (model.apiKeyEnv !== undefined && !env[model.apiKeyEnv]) {
      throw configError(at(['models', index, 'apiKeyEnv'], 'apiKeyEnv'), `the environment variable ${model.apiKeyEnv} is not set; export it with this endpoint's API key`);
    }
    if (baseUrl !== undefined && !/^https?:\/\//i.test(baseUrl)) {
      throw configError(at(['models', index], 'baseUrl'), `OPENAI_BASE_URL ${JSON.stringify(stripUrlCredentials(baseUrl))} is not an http:// or https:// URL`);
    }
    return {
      id: model.id, provider: model.provider, model: modelName, params, family: model.family ?? null,
      baseUrl, apiKeyEnv: keyVariable(model, baseUrl), price: model.price, concurrency: model.concurrency, threads: model.threads, minOutputTokens: model.minOutputTokens, fingerprint,
    };
  });
  const taskFiles = config.tasks.map((task, index) => {
    const path = resolve(base, task);
    if (!existsSync(path)) throw configError(at(['tasks', index], 'tasks'), `task file ${path} does not exist`);
    return path;
  });
  const tasks = taskFiles.map((path) => expandVariants(readTaskFile(path), config.variants));
  const names = new Map<string, number>();
  tasks.forEach((task, index) => {
    const first = names.get(task.name);
    if (first !== undefined) throw configError(at(['tasks', index], 'tasks'), `two task files are both named "${task.name}" (also tasks[${first}])`);
    names.set(task.name, index);
  });
  const { $schema: _schema, models: _models, tasks: _tasks, ...rest } = config;
  return { ...rest, file, models, taskFiles, tasks, store: resolve(base, config.store) };
}
