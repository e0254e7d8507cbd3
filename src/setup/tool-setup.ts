/** Where a tool should send its requests, and as whom. */
export interface SetupTarget {
  /** The gateway's root URL, e.g. `http://127.0.0.1:8080` (Anthropic clients append `/v1/messages`). */
  gatewayUrl: string;
  /** `<gatewayUrl>/v1`, the base URL OpenAI clients take. */
  openaiBaseUrl: string;
  /** The gateway's Ollama-compatible listener, e.g. `http://127.0.0.1:11434`. */
  ollamaUrl: string;
  /** The user's virtual key; absent when none was given (an anonymous local gateway). */
  key?: string;
  /** The model the tool asks for; `auto` lets the policy choose per request. */
  model: string;
}

/** The environment variable Airlock's own commands read the key from, and that tools which take a variable name are pointed at. */
export const KEY_ENV = 'AIRLOCK_API_KEY';

/**
 * A key for tools that refuse to start without one, when the user has none (an anonymous
 * gateway on loopback). It is not a credential.
 */
export const NO_KEY_PLACEHOLDER = 'anonymous';

/** Where a tool's files are: the user's home and environment. */
export interface SetupContext {
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * How `airlock setup <tool>` configures one tool. Tools with a config file merge the gateway's
 * settings into it (`mergeConfig` is pure, so idempotence and preservation of the user's other
 * settings are testable without touching disk); GUI-configured tools only print.
 */
export interface ToolSetup {
  /** The name on the command line, e.g. `claude-code`. */
  name: string;
  title: string;
  /** The file `--write` changes; absent when the tool is configured in a GUI or the shell. */
  configFile?(context: SetupContext): string;
  /**
   * The file's new text from its current text (undefined when it does not exist yet). Returns
   * `current` unchanged when the file already says everything it should.
   */
  mergeConfig?(current: string | undefined, target: SetupTarget): string;
  /** What `--print` shows: the settings in the tool's own format. */
  render(target: SetupTarget): string;
  /** What to do by hand, how to check it works, known limits; `original` is the config file's text before a write. */
  notes(target: SetupTarget, context: SetupContext & { original?: string | undefined }): string[];
  /** Whether the file ends up holding the key: then a new file is made readable by its owner only. */
  storesKey?: boolean;
}
