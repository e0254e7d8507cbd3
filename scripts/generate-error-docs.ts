// Writes docs/errors.md from the error registry (src/errors/codes.ts). A test checks it is current.
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../src/errors/render-error-docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
