/** Writes schema/scalegap.schema.json from the config's zod schema: `npx tsx scripts/write-config-schema.ts`. */
import { writeFileAtomic } from '../src/io/write-file-atomic.js';
import { configSchemaText } from '../src/runner/config-schema.js';

writeFileAtomic(new URL('../schema/scalegap.schema.json', import.meta.url).pathname, configSchemaText());
