// The MCP SDK's client, bundled on its own (dist/mcpClient.js, ~230 KB with zod) so that
// neither activation nor an Ask-mode question loads it: mcpSdk.ts requires this file when Agent
// mode first starts a server.
export { Client } from '@modelcontextprotocol/sdk/client/index.js';
export { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
export { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
// Tool output schemas are checked by @cfworker/json-schema, not the SDK's default ajv: it reads a
// server's schema as data where ajv compiles it to code (ajv asks for trusted schemas), and it is a
// fifth of ajv's size in the VSIX. esbuild.mjs leaves ajv out of this bundle.
export { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
