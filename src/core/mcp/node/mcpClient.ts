// The MCP SDK's client, bundled on its own (dist/mcpClient.js, ~330 KB with zod and ajv) so that
// neither activation nor an Ask-mode question loads it: mcpSdk.ts requires this file when Agent
// mode first starts a server.
export { Client } from '@modelcontextprotocol/sdk/client/index.js';
export { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
export { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
