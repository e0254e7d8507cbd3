#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/ into dist/ by `npm run build` (run by `npm install`).
import { runMain } from '../dist/cli/main.js';

await runMain(process.argv.slice(2));
