import type { Token } from 'node-llama-cpp';

/** What the generation loop needs to know about a rendered prompt. */
export interface GenerationPrompt {
  /** The whole prompt, beginning-of-sequence token included. */
  tokens: Token[];
  /** Texts that end the answer; the answer stops before them. */
  stopStrings: string[];
  /** Special tokens that end the answer besides the model's end-of-generation tokens. */
  stopTokens: Token[];
  /**
   * Drop whitespace at the start of the answer. The plain chat format puts a space after
   * `Assistant:`; that space is part of the format, not of the answer.
   */
  trimLeadingWhitespace: boolean;
}
