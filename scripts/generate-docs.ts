// Writes the generated reference docs: docs/errors.md (error registry) and docs/config.schema.json
// (the config's JSON Schema, for editors). A test checks both are current.
import { writeFileSync } from 'node:fs';
import { createConfigJsonSchema } from '../src/cli/config.js';
import { renderErrorDocs } from '../src/errors/render-error-docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
writeFileSync(new URL('../docs/config.schema.json', import.meta.url), `${JSON.stringify(createConfigJsonSchema(), null, 2)}\n`);
