/**
 * The agent bench's floor: a bare client in its own Node process doing what Parley does between
 * replies, and nothing else: read the reply to its end, then send the next request with the call
 * and an empty result added. What the server measures for it is the machine's share (sockets,
 * scheduling on these shared cores), beside which Parley's figure stands. Started by agentBench.ts
 * with AGENT_RAW = {"url","tag","steps"}; exits when its run is answered.
 */
import { callId, scriptQuestion } from './agentScript';

async function readToEnd(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

async function main(): Promise<void> {
  const { url, tag, steps } = JSON.parse(process.env.AGENT_RAW ?? '{}') as { url: string; tag: string; steps: number };
  const args = '{"question":"Go on?"}';
  const messages: unknown[] = [{ role: 'user', content: scriptQuestion({ tag, steps, tool: 'ask_user', args: { question: 'Go on?' } }) }];
  for (let step = 1; ; step++) {
    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench-model', messages, stream: true }),
    });
    const text = await readToEnd(res);
    if (step > steps) return;
    if (!text.includes(callId(tag, step))) throw new Error(`reply ${step} did not make call ${callId(tag, step)}`);
    const id = callId(tag, step);
    messages.push(
      { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'ask_user', arguments: args } }] },
      { role: 'tool', tool_call_id: id, content: 'The user answered: Yes' },
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
