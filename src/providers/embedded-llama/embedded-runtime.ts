/**
 * Everything of the embedded destination that needs node-llama-cpp at run time. The provider
 * imports this module only when an embedded destination starts: loading the llama.cpp binding
 * costs about 60 MB of memory, which a gateway without an embedded model should not pay.
 */
export { buildCompletionPrompt } from './completion-prompt.js';
export { embedTexts } from './embed-texts.js';
export { startEmbeddedEngine } from './embedded-engine.js';
export { buildPlainChatPrompt } from './plain-chat-prompt.js';
export { streamGeneration } from './stream-generation.js';
export { buildTemplateChatPrompt } from './template-chat-prompt.js';
