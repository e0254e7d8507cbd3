import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, formatBytes } from './terminal-io.js';

/** A piece of text given to the model beside the question: a file, or what came on stdin. */
export interface Attachment {
  /** The file name as the user typed it; undefined for standard input. */
  name: string | undefined;
  content: string;
}

/** More than this in files is refused before anything is sent (the gateway's own body limit is 8 MiB by default). */
export const MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024;

/** Reads the named files, refusing directories, binary files and more than `maxBytes` in total. */
export async function readAttachments(files: readonly string[], cwd: string, maxBytes = MAX_ATTACHMENT_BYTES): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  let total = 0;
  for (const name of files) {
    const file = path.resolve(cwd, name);
    let size: number;
    try {
      const info = await stat(file);
      if (info.isDirectory()) throw new UsageError(`${name} is a directory; name the files to attach.`);
      size = info.size;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`Cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    total += size;
    if (total > maxBytes)
      throw new UsageError(`The attached files are larger than ${formatBytes(maxBytes)}; attach fewer or smaller files.`);
    const bytes = await readFile(file);
    if (looksBinary(bytes)) throw new UsageError(`${name} looks like a binary file; only text can be attached.`);
    attachments.push({ name, content: bytes.toString('utf8') });
  }
  return attachments;
}

/** The user message: the question, then each attachment as a fenced block headed by its name. */
export function buildPrompt(question: string, attachments: readonly Attachment[]): string {
  const parts = [question.trim()];
  for (const attachment of attachments) parts.push(fenceAttachment(attachment));
  return parts.filter((part) => part !== '').join('\n\n');
}

/**
 * A fenced block whose fence is longer than any backtick run inside, so a Markdown file with its
 * own code blocks cannot close it early. The info string is the file's extension.
 */
export function fenceAttachment(attachment: Attachment): string {
  const longestRun = Math.max(0, ...(attachment.content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const language = attachment.name ? path.extname(attachment.name).slice(1) : '';
  const heading = attachment.name ? `${attachment.name}:\n` : '';
  const body = attachment.content.endsWith('\n') ? attachment.content : `${attachment.content}\n`;
  return `${heading}${fence}${language}\n${body}${fence}`;
}

/** A NUL byte in the first 8 KiB: the heuristic git uses. */
function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
