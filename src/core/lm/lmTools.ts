/**
 * Tools between VS Code's chat and the client: the tools and tool mode VS Code passes become
 * the request's `tools` and `tool_choice`; a finished call becomes the input object VS Code's
 * tool call part needs, or, when the model's arguments are not a JSON object, the reason why not.
 */
import type { GenerationOptions, ToolCall, ToolDefinition } from '../types';

/** A tool as VS Code passes it (`LanguageModelChatTool`). */
export interface LmToolInfo {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object;
}

/** VS Code's `LanguageModelChatToolMode` (values as in the host: Auto 1, Required 2). */
export const LmToolMode = { auto: 1, required: 2 } as const;

/** No tools, no tool fields; a mode VS Code did not give is left to the server's default. */
export function toolOptions(tools: readonly LmToolInfo[] | undefined, mode: number | undefined): Partial<GenerationOptions> {
  if (!tools?.length) return {};
  const definitions: ToolDefinition[] = tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    ...(t.inputSchema ? { parameters: t.inputSchema as Record<string, unknown> } : {}),
  }));
  const toolChoice = mode === LmToolMode.required ? 'required' : mode === LmToolMode.auto ? 'auto' : undefined;
  return { tools: definitions, ...(toolChoice ? { toolChoice } : {}) };
}

/**
 * VS Code runs a call with an input object. A call whose arguments are not one is never run
 * with an input the model did not write (an empty object would run the tool with its defaults):
 * `problem` says why instead, for the provider to tell in the answer.
 */
export function callInput(call: ToolCall): { input: object } | { problem: string } {
  const { parsed } = call;
  if (call.parseError !== undefined) return { problem: call.parseError };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { input: parsed };
  return { problem: `${JSON.stringify(parsed) ?? 'nothing'} is not a JSON object` };
}
