import type { LlamaModel, Token } from 'node-llama-cpp';

/** Tokens of context the detokenizer needs to place spaces right (SentencePiece word starts). */
const contextLength = 4;
/** A UTF-8 character spans at most four tokens of single bytes. */
const maxPartialTokens = 4;

/**
 * Turns generated tokens into text one token at a time. A token that ends in the middle of a
 * multi-byte character is held until the character is complete, so no chunk carries U+FFFD.
 */
export interface TokenDecoder {
  push(token: Token): string;
  flush(): string;
}

export function createTokenDecoder(model: LlamaModel, promptTokens: readonly Token[]): TokenDecoder {
  let lastTokens: Token[] = promptTokens.slice(-contextLength);
  const pending: Token[] = [];

  function decodePending(): string {
    const text = model.detokenize(pending, false, lastTokens);
    lastTokens = [...lastTokens, ...pending].slice(-contextLength);
    pending.length = 0;
    return text;
  }

  return {
    push(token: Token): string {
      pending.push(token);
      const text = model.detokenize(pending, false, lastTokens);
      if (text.endsWith('\uFFFD') && pending.length < maxPartialTokens) return '';
      return decodePending();
    },
    flush(): string {
      return pending.length === 0 ? '' : decodePending();
    },
  };
}
