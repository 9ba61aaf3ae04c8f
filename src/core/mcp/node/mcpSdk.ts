import * as path from 'path';

/** What Parley uses of the MCP SDK; the module itself is loaded when the first server starts. */
export type McpSdk = typeof import('./mcpClient');

let sdk: McpSdk | undefined;

export function mcpSdk(): McpSdk {
  // A path computed at run time keeps the SDK out of the extension bundle (see openaiSdk.ts).
  sdk ??= require(path.join(__dirname, 'mcpClient.js')) as McpSdk;
  return sdk;
}
