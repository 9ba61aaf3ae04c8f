import * as assert from 'assert';
import { fimModel, type FimFamily } from '../../src/core/autocomplete/fimFamily';
import { defuseTokens, fimPrompt, fimTokens, stripFimTokens } from '../../src/core/autocomplete/fimTemplates';

const prefix = 'def add(a, b):\n    ';
const suffix = '\n\nprint(add(1, 2))\n';
const where = { filePath: 'src/math.py', repoName: 'calc' };
// DeepSeek's tokens spelled by code point, so a look-alike character in the source cannot pass.
const ds = (name: string) => `<\uff5c${name.replaceAll('_', '\u2581')}\uff5c>`;

describe('FIM model families from the ids servers list', () => {
  const table: [string, FimFamily | undefined, boolean?][] = [
    ['qwen2.5-coder:7b-base', 'qwen2.5-coder'],
    ['Qwen/Qwen2.5-Coder-1.5B', 'qwen2.5-coder'],
    ['qwen2.5-coder-7b-instruct-q4_k_m.gguf', 'qwen2.5-coder', true],
    ['Qwen2.5-Coder-32B-Instruct-AWQ', 'qwen2.5-coder', true],
    ['deepseek-coder-6.7b-base', 'deepseek-coder'],
    ['deepseek-coder:6.7b-base-q4_K_M', 'deepseek-coder'],
    ['deepseek-coder-v2-lite', 'deepseek-coder'],
    ['deepseek-ai/DeepSeek-Coder-V2-Lite-Instruct', 'deepseek-coder', true],
    ['deepseek-r1:7b', undefined],
    ['deepseek-v3', undefined],
    ['deepseek-chat', undefined],
    ['starcoder2:3b', 'starcoder2'],
    ['bigcode/starcoder2-15b', 'starcoder2'],
    ['starcoder2:15b-instruct-v0.1-q8_0', 'starcoder2', true],
    ['bigcode/starcoderbase-1b', 'starcoder'],
    ['starcoder:7b', 'starcoder'],
    ['codellama:7b-code', 'codellama'],
    ['codellama:13b-code-q4_K_M', 'codellama'],
    ['CodeLlama-7b-Instruct-hf', 'codellama', true],
    ['codellama-instruct', 'codellama', true],
    ['codellama:latest', 'codellama'],
    ['codellama:7b-python', undefined],
    ['codellama:34b-code', undefined],
    ['TheBloke/CodeLlama-70B-hf', undefined],
    ['codellama-34b-instruct.Q4_K_M.gguf', undefined],
    ['codestral-latest', 'codestral'],
    ['mistralai/Codestral-22B-v0.1', 'codestral'],
    ['codestral:22b-v0.1-q4_K_M', 'codestral'],
    ['mistralai/Mamba-Codestral-7B-v0.1', undefined],
    ['llama3.1:8b', undefined],
    ['gpt-4o', undefined],
    ['', undefined],
  ];
  for (const [id, family, instruct = false] of table) {
    it(`${JSON.stringify(id)} → ${family ?? 'no FIM'}${instruct ? ' (instruct)' : ''}`, () => {
      assert.deepStrictEqual(fimModel(id), family ? { family, instruct } : undefined);
    });
  }
});

describe('FIM prompts in each family’s documented format', () => {
  const expected: Record<FimFamily, string> = {
    'qwen2.5-coder': `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`,
    'deepseek-coder': `${ds('fim_begin')}${prefix}${ds('fim_hole')}${suffix}${ds('fim_end')}`,
    starcoder2: `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
    starcoder: `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
    codellama: `<PRE> ${prefix} <SUF>${suffix} <MID>`,
    codestral: `[SUFFIX]${suffix}[PREFIX]${prefix}`,
  };
  for (const [family, prompt] of Object.entries(expected) as [FimFamily, string][]) {
    it(`${family}: prefix and suffix in place, nothing else`, () => {
      assert.strictEqual(fimPrompt(family, { prefix, suffix }).prompt, prompt);
    });
  }

  it('Qwen2.5-Coder with path and repository: the repo-level form of its README example', () => {
    assert.strictEqual(
      fimPrompt('qwen2.5-coder', { prefix: 'x = ', suffix: '\n', ...where }).prompt,
      '<|repo_name|>calc\n<|file_sep|>src/math.py\n<|fim_prefix|>x = <|fim_suffix|>\n<|fim_middle|>',
    );
  });

  it('StarCoder2 with path and repository: the metadata form of its paper', () => {
    assert.strictEqual(
      fimPrompt('starcoder2', { prefix: 'x = ', suffix: '\n', ...where }).prompt,
      '<repo_name>calc<file_sep><fim_prefix>src/math.py\nx = <fim_suffix>\n<fim_middle>',
    );
  });

  it('a path without a repository, or a family with no place for it, leaves the plain form', () => {
    for (const family of ['qwen2.5-coder', 'starcoder2'] as const) {
      assert.strictEqual(fimPrompt(family, { prefix, suffix, filePath: 'a.py' }).prompt, expected[family]);
    }
    for (const family of ['deepseek-coder', 'starcoder', 'codellama', 'codestral'] as const) {
      assert.strictEqual(fimPrompt(family, { prefix, suffix, ...where }).prompt, expected[family]);
    }
  });

  it('an empty suffix (end of file) keeps every token', () => {
    assert.strictEqual(fimPrompt('codellama', { prefix: 'a', suffix: '' }).prompt, '<PRE> a <SUF> <MID>');
    assert.strictEqual(fimPrompt('codestral', { prefix: 'a', suffix: '' }).prompt, '[SUFFIX][PREFIX]a');
  });
});

describe('FIM stop sequences', () => {
  const stops: Record<FimFamily, string[]> = {
    'qwen2.5-coder': ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>', '<|im_end|>'],
    'deepseek-coder': [ds('end_of_sentence'), ds('fim_begin'), ds('fim_hole'), ds('fim_end'), '<|EOT|>'],
    starcoder2: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>'],
    starcoder: ['<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>'],
    codellama: ['<EOT>'],
    codestral: ['[SUFFIX]', '[PREFIX]', '[MIDDLE]'],
  };
  for (const [family, stop] of Object.entries(stops) as [FimFamily, string[]][]) {
    it(`${family}: ${stop.join(' ')}`, () => {
      const got = fimPrompt(family, { prefix, suffix }).stop;
      assert.deepStrictEqual(got, stop);
      assert.ok(
        got.every((s) => fimTokens(family).includes(s)),
        'every stop is one of the family’s tokens, so stripping knows it too',
      );
    });
  }

  it('the stops are a copy: a caller changing them changes no later prompt', () => {
    fimPrompt('codellama', { prefix, suffix }).stop.push('x');
    assert.deepStrictEqual(fimPrompt('codellama', { prefix, suffix }).stop, ['<EOT>']);
  });
});

describe('FIM tokens a model lets through as text', () => {
  const cases: [FimFamily, string, string][] = [
    ['qwen2.5-coder', 'return a + b<|endoftext|>', 'return a + b'],
    ['qwen2.5-coder', '<|fim_middle|>return a + b', 'return a + b'],
    ['qwen2.5-coder', 'return a + b<|file_sep|>tests/test_math.py\nimport math', 'return a + b'],
    ['qwen2.5-coder', 'return a + b\n<|fim_pad|><|fim_pad|>', 'return a + b\n'],
    ['deepseek-coder', `return a + b${ds('end_of_sentence')}`, 'return a + b'],
    ['deepseek-coder', `for i in range(n):${ds('fim_end')}junk`, 'for i in range(n):'],
    ['starcoder2', 'return a + b<file_sep>other.py\n', 'return a + b'],
    ['starcoder2', '<fim_middle>return a + b<|endoftext|>', 'return a + b'],
    ['starcoder', 'return a + b<|endoftext|>', 'return a + b'],
    ['codellama', 'return a + b <EOT>', 'return a + b'],
    ['codellama', 'return a + b<EOT>', 'return a + b'],
    ['codellama', ' <EOT>', ''],
    ['codestral', 'return a + b[SUFFIX]', 'return a + b'],
    ['codestral', 'return a + b</s>', 'return a + b</s>'],
    ['qwen2.5-coder', 'return a + b', 'return a + b'],
    ['qwen2.5-coder', 'return a + b<fim_suffix>', 'return a + b<fim_suffix>'],
  ];
  for (const [family, text, want] of cases) {
    it(`${family}: ${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => {
      assert.strictEqual(stripFimTokens(text, family), want);
    });
  }
});

describe('FIM tokens written in the user’s own code', () => {
  const zw = '\u200b';

  it('a prefix and suffix holding the family’s tokens as text cannot add tokens to the prompt', () => {
    const prompt = fimPrompt('qwen2.5-coder', {
      prefix: "const t = '<|fim_suffix|>';\n",
      suffix: "\nconst u = '<|fim_middle|><|endoftext|>';",
    }).prompt;
    assert.strictEqual(
      prompt,
      `<|fim_prefix|>const t = '<${zw}|fim_suffix|>';\n<|fim_suffix|>\nconst u = '<${zw}|fim_middle|><${zw}|endoftext|>';<|fim_middle|>`,
    );
    for (const token of fimTokens('qwen2.5-coder')) {
      const count: number = prompt.split(token).length - 1;
      assert.strictEqual(count, ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'].includes(token) ? 1 : 0, token);
    }
  });

  it('every family: the prompt built from a hostile prefix, suffix, path and repository holds each token as often as the template alone', () => {
    const families: FimFamily[] = ['qwen2.5-coder', 'deepseek-coder', 'starcoder2', 'starcoder', 'codellama', 'codestral'];
    for (const family of families) {
      const hostile = fimTokens(family).join(' ');
      const clean = fimPrompt(family, { prefix: 'a', suffix: 'b', ...where }).prompt;
      const built = fimPrompt(family, { prefix: hostile, suffix: hostile, filePath: hostile, repoName: hostile }).prompt;
      for (const token of fimTokens(family)) {
        assert.strictEqual(built.split(token).length, clean.split(token).length, `${family} ${token}`);
      }
    }
  });

  it('other families’ tokens and look-alikes are left as written', () => {
    const text = '<fim_prefix> [SUFFIX] <PRE> <|fim_prefix| >';
    assert.strictEqual(defuseTokens(text, fimTokens('qwen2.5-coder')), text);
    assert.strictEqual(
      fimPrompt('qwen2.5-coder', { prefix: text, suffix: '' }).prompt,
      `<|fim_prefix|>${text}<|fim_suffix|><|fim_middle|>`,
    );
  });
});
