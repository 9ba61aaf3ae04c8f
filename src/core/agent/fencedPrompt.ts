/**
 * The system-prompt section that gives a model without native tool calling the same tools:
 * what each does and takes, and the one way to call it (a fenced `tool_call` block, read by
 * fencedCallReader.ts). Short and concrete, with a real example: small local models read it.
 */
import type { ToolDefinition } from '../types';
import { exampleArguments, oneLine, parameterLines } from './schemaSummary';

/** The info string of a call's fence, and of a result's. */
export const CALL_INFO = 'tool_call';
export const RESULT_INFO = 'tool_result';

/** The tools and how to call them, as a section to append to the system prompt. */
export function describeToolsForPrompt(tools: readonly ToolDefinition[]): string {
  if (tools.length === 0) return '';
  const example = JSON.stringify({ name: tools[0].name, arguments: exampleArguments(tools[0].parameters) });
  return [
    '# Tools',
    '',
    'You can call the tools listed below. To call one, write a fenced block with the info string `tool_call` holding one JSON object with the tool\'s "name" and its "arguments":',
    '',
    '```' + CALL_INFO,
    example,
    '```',
    '',
    'One call per block; write several blocks to make several calls. Use valid JSON (double quotes, no trailing commas) and only the tools listed here.',
    `After your calls, stop and wait: each result comes back in a user message as a \`${RESULT_INFO}\` block with the call's id. Do not write results yourself.`,
    '',
    ...tools.flatMap(toolSection),
  ]
    .join('\n')
    .trimEnd();
}

/** `## name`, its description, and one line per parameter. */
function toolSection(tool: ToolDefinition): string[] {
  const lines = [`## ${tool.name}`];
  const description = tool.description?.trim();
  if (description) lines.push(description);
  const parameters = parameterLines(tool.parameters);
  if (parameters.length === 0) lines.push('Arguments: none ({}).');
  else {
    lines.push('Arguments:');
    for (const p of parameters) {
      const about = oneLine(p.description);
      lines.push(`- ${p.name} (${p.type}${p.required ? ', required' : ''})${about ? `: ${about}` : ''}`);
    }
  }
  lines.push('');
  return lines;
}
