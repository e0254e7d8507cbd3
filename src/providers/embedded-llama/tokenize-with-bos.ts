import { LlamaVocabularyType, type LlamaModel, type Token } from 'node-llama-cpp';

/**
 * Tokenizes plain text the way llama.cpp expects a fresh sequence to start: with the
 * beginning-of-sequence token when the vocabulary wants one (SentencePiece then drops the
 * leading space it would otherwise add). Mirrors node-llama-cpp's LlamaCompletion.
 */
export function tokenizeWithBos(model: LlamaModel, text: string): Token[] {
  const bos = resolveBeginningToken(model);
  if (bos === null) return model.tokenize(text, false);
  return [bos, ...model.tokenize(text, false, 'trimLeadingSpace')];
}

function resolveBeginningToken(model: LlamaModel): Token | null {
  const vocabulary = model.vocabularyType;
  if (vocabulary === LlamaVocabularyType.rwkv || vocabulary === LlamaVocabularyType.ugm) return null;
  if (vocabulary === LlamaVocabularyType.wpm) return model.tokens.bos;
  return model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
}
