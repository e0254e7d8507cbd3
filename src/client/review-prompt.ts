import type { DiffChunk } from './split-diff.js';

/** The reviewer's instructions: find what matters, say where and how to fix it, skip the noise. */
export const REVIEW_SYSTEM_PROMPT = `You are a senior software engineer reviewing a code change given as a unified diff.
Lines starting with "+" were added, "-" removed, " " are unchanged context; "@@ -a,b +c,d @@" gives line numbers.

Report only what deserves a reviewer's comment, most important first:
- bugs: wrong logic, unhandled edge cases, off-by-one errors, null or undefined handling, wrong types
- security: injection, secrets in code, missing validation or authorization, unsafe deserialization, path traversal
- failure handling: swallowed errors, resource leaks, missing cleanup, races and other concurrency problems
- behaviour changes that break callers, and missing or wrong tests for what changed
- performance problems on hot paths

For each finding write one list item: severity (blocker, major or minor), file:line in the new version,
what is wrong and why it matters, and a concrete fix (a short code snippet when it helps).
Do not comment on formatting or naming unless it hides a bug. Do not summarise the change.
Judge only what the diff shows, and say so when a finding depends on code you cannot see.
If nothing needs changing, say so in one line.`;

/** The user message for one chunk; a multi-part review says which part this is. */
export function buildReviewMessage(chunk: DiffChunk, part: number, parts: number): string {
  const longestRun = Math.max(0, ...(chunk.text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const scope =
    parts === 1
      ? 'Review this diff.'
      : `Review part ${part} of ${parts} of a large diff (files: ${chunk.paths.join(', ')}). The other parts are reviewed separately.`;
  return `${scope}\n\n${fence}diff\n${chunk.text}\n${fence}`;
}
