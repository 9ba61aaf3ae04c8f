import * as assert from 'assert';
import { runAgentLoop } from '../../src/core/agent/agentLoop';
import type { AgentTool, ToolOutcome } from '../../src/core/agent/agentTool';
import { runToolStep, trimResult, type StepDeps } from '../../src/core/agent/toolStep';
import { Conversation, type ConversationEvent } from '../../src/core/conversation/conversation';
import type { ToolTurn } from '../../src/core/conversation/turn';
import type { ToolCall } from '../../src/core/types';

const call = (name: string, args: unknown = {}, id = `call-${name}`): ToolCall => ({
  id,
  name,
  arguments: JSON.stringify(args),
  parsed: args,
});

function tool(name: string, run: (args: unknown, signal: AbortSignal) => Promise<ToolOutcome> | ToolOutcome): AgentTool {
  return {
    definition: { name, description: name },
    kind: 'read',
    describe: (args) => `${name} ${(args as { path?: string }).path ?? ''}`.trim(),
    run: async (args, { signal }) => run(args, signal),
  };
}

function setup(tools: AgentTool[], abort = new AbortController()) {
  const conversation = new Conversation({ id: 'c', title: '', updatedAt: 0, messages: [] });
  const events: ConversationEvent[] = [];
  conversation.onDidChange((e) => events.push(e));
  let id = 0;
  let clock = 1000;
  const deps: StepDeps = {
    conversation,
    tools: new Map(tools.map((t) => [t.definition.name, t])),
    signal: abort.signal,
    maxResultChars: 10_000,
    newId: () => `t${++id}`,
    now: () => (clock += 7),
  };
  return { conversation, events, deps, abort };
}

describe('Agent mode: one tool call as a step', () => {
  it('shows the step running with the call in words, then ends it with the result, its summary and how long it took', async () => {
    const { conversation, events, deps } = setup([tool('read_file', () => ({ text: 'line 1\nline 2', summary: '2 lines' }))]);
    await runToolStep(call('read_file', { path: 'a.ts' }), deps);
    assert.deepStrictEqual(
      events.map((e) => e.type),
      ['turnAdded', 'stepChanged'],
    );
    const added = (events[0] as { turn: ToolTurn }).turn;
    assert.strictEqual(added.step, 'read_file a.ts');
    const [step] = conversation.turns as ToolTurn[];
    assert.deepStrictEqual(
      { status: step.status, content: step.content, summary: step.summary, ms: step.ms, toolCallId: step.toolCallId },
      { status: 'done', content: 'line 1\nline 2', summary: '2 lines', ms: 7, toolCallId: 'call-read_file' },
    );
  });

  it('an unknown tool, arguments that are not JSON and a tool that throws are failed steps the model reads; none stops the run', async () => {
    let ran = 0;
    const { conversation, deps } = setup([
      tool('read_file', () => {
        ran++;
        return { text: 'x' };
      }),
      tool('boom', () => {
        throw new Error('disk on fire');
      }),
    ]);
    await runToolStep(call('rm_rf'), deps);
    await runToolStep({ id: 'bad', name: 'read_file', arguments: '{"path": "a', parseError: 'Unexpected end of JSON input' }, deps);
    await runToolStep(call('boom'), deps);
    const steps = conversation.turns as ToolTurn[];
    assert.deepStrictEqual(
      steps.map((s) => s.status),
      ['failed', 'failed', 'failed'],
    );
    assert.match(steps[0].content, /no tool named "rm_rf".*read_file, boom/);
    assert.match(steps[1].content, /not valid JSON \(Unexpected end of JSON input\).*not run/);
    assert.match(steps[2].content, /disk on fire/);
    assert.strictEqual(ran, 0, 'a call with broken arguments never runs');
  });

  it('a denial is a denied step; Stop during a call is a stopped step; after Stop nothing more runs', async () => {
    const abort = new AbortController();
    let ran = 0;
    const { conversation, deps } = setup(
      [
        tool('run_command', () => ({ text: 'The user declined: not now', denied: true })),
        tool('slow', (_a, signal) => {
          abort.abort();
          return { text: signal.aborted ? 'stopped' : 'finished', isError: true };
        }),
        tool('read_file', () => {
          ran++;
          return { text: 'x' };
        }),
      ],
      abort,
    );
    await runToolStep(call('run_command'), deps);
    await runToolStep(call('slow'), deps);
    await runToolStep(call('read_file'), deps);
    const steps = conversation.turns as ToolTurn[];
    assert.deepStrictEqual(
      steps.map((s) => [s.status, s.content]),
      [
        ['denied', 'The user declined: not now'],
        ['stopped', 'stopped'],
        ['stopped', 'Stopped by the user before it ran.'],
      ],
    );
    assert.strictEqual(ran, 0);
  });

  it("a command's recording of files is for its own step: taken when the tool asks, ended when it says", async () => {
    const said: string[] = [];
    const command: AgentTool = {
      ...tool('run_command', () => ({ text: '' })),
      run: async (_args, { watchChanges }) => {
        const recorded = await watchChanges!();
        said.push('ran');
        await recorded();
        return { text: 'exit code 0' };
      },
    };
    const { conversation, deps } = setup([command]);
    const watchChanges = async (step: ToolTurn) => {
      said.push(`taken for ${step.id} (${step.status})`);
      return async () => void said.push(`recorded for ${step.id}`);
    };
    await runToolStep(call('run_command'), { ...deps, watchChanges });
    assert.deepStrictEqual(said, ['taken for t1 (running)', 'ran', 'recorded for t1']);
    assert.strictEqual((conversation.turns[0] as ToolTurn).status, 'done');
  });

  it('a 5 MB result reaches the model trimmed, its start and end kept and the rest counted', async () => {
    const big = 'A'.repeat(2_500_000) + 'B'.repeat(2_500_000);
    const { conversation, deps } = setup([tool('read_file', () => ({ text: big }))]);
    await runToolStep(call('read_file'), { ...deps, maxResultChars: 1000 });
    const [step] = conversation.turns as ToolTurn[];
    assert.ok(step.content.length < 1300);
    assert.ok(step.content.startsWith('A'.repeat(800)) && step.content.endsWith('B'.repeat(200)));
    assert.match(step.content, /4,999,000 characters left out/);
    assert.strictEqual(trimResult('short', 10), 'short');
  });
});

describe("Agent mode's loop", () => {
  const never = new AbortController().signal;

  it('goes on while replies call tools, runs each call in order, and ends when the model answers', async () => {
    const replies: ToolCall[][] = [[call('a'), call('b')], [call('c')], []];
    const ran: string[] = [];
    const end = await runAgentLoop({
      signal: never,
      maxSteps: 25,
      reply: async () => replies.shift()!,
      runCall: async (c) => void ran.push(c.name),
      goOn: async () => assert.fail('not at the limit'),
    });
    assert.strictEqual(end, 'answered');
    assert.deepStrictEqual(ran, ['a', 'b', 'c']);
  });

  it('a model calling tools forever is asked about every maxSteps replies; no means the run ends there', async () => {
    let replies = 0;
    const asked: number[] = [];
    const end = await runAgentLoop({
      signal: never,
      maxSteps: 3,
      reply: async () => (replies++, [call('read_file')]),
      runCall: async () => {},
      goOn: async (steps) => (asked.push(steps), asked.length < 2),
    });
    assert.strictEqual(end, 'limit');
    assert.deepStrictEqual(asked, [3, 6]);
    assert.strictEqual(replies, 6);
  });

  it('Stop during a call ends the run before the next call and the next reply', async () => {
    const abort = new AbortController();
    const ran: string[] = [];
    let replies = 0;
    const end = await runAgentLoop({
      signal: abort.signal,
      maxSteps: 25,
      reply: async () => (replies++, [call('a'), call('b')]),
      runCall: async (c) => {
        ran.push(c.name);
        abort.abort();
      },
      goOn: async () => true,
    });
    assert.deepStrictEqual([end, ran, replies], ['stopped', ['a'], 1]);
  });
});
