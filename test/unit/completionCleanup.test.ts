import * as assert from 'assert';
import { cleanCompletion, CompletionInput, shouldSuggestAt } from '../../src/core/autocomplete/completionCleanup';

// Each case is the shape a real model gave in FIM mode (Qwen2.5-Coder, DeepSeek-Coder, StarCoder2,
// CodeLlama, Codestral) or a chat model asked to fill in; `want` is what the grey text must be.
interface Case extends CompletionInput {
  name: string;
  want: string | undefined;
}

function run(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) it(c.name, () => assert.strictEqual(cleanCompletion(c), c.want));
  });
}

describe('shouldSuggestAt: never in the middle of a word', () => {
  const at = (text: string) => {
    const i = text.indexOf('|');
    return shouldSuggestAt(text.slice(0, i), text.slice(i + 1));
  };
  it('refuses before a letter, a digit, _ or $', () => {
    for (const text of ['const na|me = 1', 'x = |_private', 'el = |$el', 'n = 1|0', 'café = c|é'])
      assert.strictEqual(at(text), false, text);
  });
  it('allows before a space, a closer, punctuation, a line break or the end', () => {
    for (const text of ['foo(|)', 'x = | + 1', 'print(|"a")', 'def f():|\n', 'end|', 'a.|;']) assert.strictEqual(at(text), true, text);
  });
  it('and cleanCompletion shows nothing there', () => {
    assert.strictEqual(cleanCompletion({ prefix: 'const us', suffix: 'er = 1;', completion: 'erName' }), undefined);
  });
});

run('end tokens a server passed on', [
  {
    name: 'Qwen2.5-Coder <|endoftext|>',
    prefix: 'def add(a, b):\n    ',
    suffix: '\n',
    completion: 'return a + b<|endoftext|>',
    want: 'return a + b',
  },
  {
    name: 'Qwen2.5-Coder runs on into another file after <|file_sep|>',
    prefix: 'import os\n\ndef cwd():\n    ',
    suffix: '',
    completion: 'return os.getcwd()\n<|file_sep|>utils.py\nimport sys\n',
    want: 'return os.getcwd()',
  },
  {
    name: 'DeepSeek-Coder <｜end▁of▁sentence｜>',
    prefix: 'function double(x) {\n  ',
    suffix: '\n}',
    completion: 'return x * 2;<｜end▁of▁sentence｜>',
    want: 'return x * 2;',
  },
  { name: 'CodeLlama " <EOT>" (its space too)', prefix: 'def sq(x):\n    return ', suffix: '\n', completion: 'x * x <EOT>', want: 'x * x' },
  {
    name: 'StarCoder2 <file_sep>',
    prefix: 'package main\n\nfunc one() int {\n\t',
    suffix: '\n}\n',
    completion: 'return 1\n<file_sep>main_test.go',
    want: 'return 1',
  },
  { name: 'Codestral echoing [SUFFIX]', prefix: 'let x = ', suffix: '\n', completion: '42;[SUFFIX]\nconsole.log(x);', want: '42;' },
  { name: 'nothing before the end token: nothing shown', prefix: 'x = ', suffix: '\n', completion: '<|endoftext|>', want: undefined },
]);

run('chat models: fences and a repeated line', [
  {
    name: 'a ```python fence around the code',
    prefix: 'def add(a, b):\n    ',
    suffix: '',
    completion: '```python\nreturn a + b\n```',
    languageId: 'python',
    want: 'return a + b',
  },
  {
    name: 'chatter after the closing fence goes with it',
    prefix: 'const x = 1;\n',
    suffix: '',
    completion: '```ts\nconsole.log(x);\n```\nThis logs x to the console.',
    languageId: 'typescript',
    want: 'console.log(x);',
  },
  { name: 'a ~~~ fence', prefix: 'x = ', suffix: '', completion: '~~~\n42\n~~~', languageId: 'python', want: '42' },
  { name: 'a lone closing fence at the end', prefix: 'def f(x):\n    ', suffix: '', completion: 'return x\n```', want: 'return x' },
  {
    name: 'in Markdown a fence is the text the user is writing',
    prefix: '# Usage\n\n',
    suffix: '',
    completion: '```bash\nnpm install\n```',
    languageId: 'markdown',
    want: '```bash\nnpm install\n```',
  },
  { name: 'the line being completed said again', prefix: 'def add(', suffix: '', completion: 'def add(a, b):', want: 'a, b):' },
  {
    name: 'the line said again without its indentation',
    prefix: '  const total = ',
    suffix: '',
    completion: 'const total = items.reduce((s, i) => s + i.price, 0);',
    languageId: 'typescript',
    want: 'items.reduce((s, i) => s + i.price, 0);',
  },
  { name: 'the keyword typed said again', prefix: 'def f(a, b):\n    return ', suffix: '', completion: 'return a + b', want: 'a + b' },
  {
    name: 'a fence and the repeated line together',
    prefix: 'fn main() {\n    let v = ',
    suffix: '\n}',
    completion: '```rust\nlet v = vec![1, 2, 3];\n```',
    languageId: 'rust',
    want: 'vec![1, 2, 3];',
  },
  {
    name: 'a one-letter line is not taken for a repeat',
    prefix: 'for i in range(3):\n    p',
    suffix: '',
    completion: 'print(i)',
    want: 'print(i)',
  },
]);

run('one line in the middle of a line', [
  {
    name: 'Python call with arguments after',
    prefix: 'print(',
    suffix: ', end="")',
    completion: '"hello"\nprint("world")',
    want: '"hello"',
  },
  {
    name: 'TypeScript expression with an operator after',
    prefix: 'const x = ',
    suffix: ' + offset;',
    completion: 'base\nconst y = 2;',
    languageId: 'typescript',
    want: 'base',
  },
  {
    name: 'Python assignment with a factor after',
    prefix: 'total = ',
    suffix: ' * rate',
    completion: 'price\nprint(total)',
    want: 'price',
  },
  {
    name: 'Go: closers only after the cursor allow lines, the closer still cut',
    prefix: 'func main() {\n\tfmt.Println(',
    suffix: ')\n}',
    completion: '"hi")\n\treturn',
    languageId: 'go',
    want: '"hi"',
  },
]);

run('several lines at a line end: the block ends', [
  {
    name: 'Python def body, not the next function',
    prefix: 'def area(r):',
    suffix: '\n\nprint(area(2))\n',
    completion: '\n    return 3.14159 * r * r\n\n\ndef perimeter(r):\n    return 2 * 3.14159 * r',
    languageId: 'python',
    want: '\n    return 3.14159 * r * r',
  },
  {
    name: 'TypeScript body whose } the suffix has',
    prefix: 'function sum(xs: number[]): number {',
    suffix: '\n}\n',
    completion: '\n  let total = 0;\n  for (const x of xs) total += x;\n  return total;\n}\n\nfunction avg(xs: number[]) {',
    languageId: 'typescript',
    want: '\n  let total = 0;\n  for (const x of xs) total += x;\n  return total;',
  },
  {
    name: 'TypeScript body at the end of the file keeps its }',
    prefix: 'function sum(xs: number[]): number {',
    suffix: '',
    completion: '\n  return xs.reduce((a, b) => a + b, 0);\n}\n\nexport default sum;',
    languageId: 'typescript',
    want: '\n  return xs.reduce((a, b) => a + b, 0);\n}',
  },
  {
    name: "a nested block's } is not the suffix's",
    prefix: 'function f() {',
    suffix: '\n}',
    completion: '\n  if (a) {\n    b();\n  }\n}',
    want: '\n  if (a) {\n    b();\n  }',
  },
  {
    name: 'Go, tab-indented',
    prefix: 'func main() {',
    suffix: '\n}\n',
    completion: '\n\tfmt.Println("hi")\n}\n\nfunc other() {',
    languageId: 'go',
    want: '\n\tfmt.Println("hi")',
  },
  {
    name: 'Go if err != nil, re-typing the lines after it',
    prefix: 'func load() error {\n\terr := read()\n\tif err != nil {',
    suffix: '\n\t}\n\treturn nil\n}',
    completion: '\n\t\treturn err\n\t}\n\treturn nil\n}',
    languageId: 'go',
    want: '\n\t\treturn err',
  },
  {
    name: 'Rust fn body',
    prefix: 'fn add(a: i32, b: i32) -> i32 {',
    suffix: '\n}',
    completion: '\n    a + b\n}',
    languageId: 'rust',
    want: '\n    a + b',
  },
  {
    name: 'Rust match arms, the closing braces already there',
    prefix: 'fn run(cmd: &str) {\n    match cmd {',
    suffix: '\n    }\n}',
    completion: '\n        "start" => start(),\n        "stop" => stop(),\n        _ => {}\n    }\n}',
    languageId: 'rust',
    want: '\n        "start" => start(),\n        "stop" => stop(),\n        _ => {}',
  },
  {
    name: 'YAML mapping until a key at the top level',
    prefix: 'services:',
    suffix: '',
    completion: '\n  web:\n    image: nginx\n    ports:\n      - "80:80"\nvolumes:\n  data:',
    languageId: 'yaml',
    want: '\n  web:\n    image: nginx\n    ports:\n      - "80:80"',
  },
  {
    name: 'Python class: a blank line inside the block is no end',
    prefix: 'class User:',
    suffix: '',
    completion: '\n    """A user."""\n\n    def __init__(self, name):\n        self.name = name\n\n\nclass Admin(User):\n    pass',
    languageId: 'python',
    want: '\n    """A user."""\n\n    def __init__(self, name):\n        self.name = name',
  },
  {
    name: 'Python with: body, a blank line, then more of the function',
    prefix: 'def load(path):',
    suffix: '',
    completion: '\n    with open(path) as f:\n        data = f.read()\n\n    return parse(data)\n\nclass X:',
    languageId: 'python',
    want: '\n    with open(path) as f:\n        data = f.read()\n\n    return parse(data)',
  },
  {
    name: 'a call spread over lines ends with its )',
    prefix: 'x = ',
    suffix: '',
    completion: 'dict(\n    a=1,\n    b=2,\n)\ny = 3',
    languageId: 'python',
    want: 'dict(\n    a=1,\n    b=2,\n)',
  },
  {
    name: 'JSX: the closing tag and ); already follow',
    prefix: 'function Card({ title }) {\n  return (\n    <div>',
    suffix: '\n    </div>\n  );\n}',
    completion: '\n      <h1>{title}</h1>\n    </div>\n  );\n}',
    languageId: 'typescriptreact',
    want: '\n      <h1>{title}</h1>',
  },
  {
    name: 'Markdown list items until a blank line and a paragraph',
    prefix: '## Steps\n\n- Install Node',
    suffix: '',
    completion: '\n- Run npm install\n- Run npm test\n\nThat is all.',
    languageId: 'markdown',
    want: '\n- Run npm install\n- Run npm test',
  },
  {
    name: 'Markdown sentence, not the next heading',
    prefix: '# Parley\n\nParley talks to',
    suffix: '',
    completion: ' your own model.\n\n## Install',
    languageId: 'markdown',
    want: ' your own model.',
  },
]);

run('several lines at a blank line', [
  {
    name: 'Python for loop: its block, not the return the suffix has',
    prefix: 'def f(xs):\n    total = 0\n    ',
    suffix: '\n    return total\n',
    completion: 'for x in xs:\n        total += x\n    return total',
    languageId: 'python',
    want: 'for x in xs:\n        total += x',
  },
  {
    name: 'Python sibling statements until a blank line',
    prefix: 'def f():\n    x = 1\n    ',
    suffix: '',
    completion: 'y = 2\n    z = 3\n\n    return x + y + z',
    languageId: 'python',
    want: 'y = 2\n    z = 3',
  },
  {
    name: "TypeScript: the function's } and the next function left out",
    prefix: 'function g(x: number) {\n  const y = x * 2;\n  ',
    suffix: '\n}\n',
    completion: 'return y;\n}\n\nfunction h() {}',
    languageId: 'typescript',
    want: 'return y;',
  },
  {
    name: 'Python, tab-indented, until the top level',
    prefix: 'def f():\n\t',
    suffix: '',
    completion: 'x = 1\n\ty = 2\nprint(f())',
    languageId: 'python',
    want: 'x = 1\n\ty = 2',
  },
  {
    name: 'YAML keys at the cursor level, not the next section',
    prefix: 'env:\n  NODE_ENV: production\n  ',
    suffix: '',
    completion: 'PORT: "8080"\n  LOG_LEVEL: info\n\njobs:\n  build:',
    languageId: 'yaml',
    want: 'PORT: "8080"\n  LOG_LEVEL: info',
  },
  {
    name: 'an unindented blank line: the completion brings its indentation',
    prefix: 'def f(a):\n',
    suffix: '',
    completion: '    if a:\n        return 1\n    return 0\n\ndef g():',
    languageId: 'python',
    want: '    if a:\n        return 1',
  },
]);

run('never repeat the next lines', [
  {
    name: 'the model re-types the two lines after the cursor',
    prefix: 'def main():\n    args = parse()\n    ',
    suffix: '\n    run(args)\n    report()\n',
    completion: 'check(args)\n    run(args)\n    report()',
    languageId: 'python',
    want: 'check(args)',
  },
  {
    name: 'the model suggests exactly the next line: nothing',
    prefix: 'def main():\n    ',
    suffix: '\n    run(args)\n',
    completion: 'run(args)',
    languageId: 'python',
    want: undefined,
  },
  {
    name: 'trailing spaces in the file do not hide the repeat',
    prefix: 'def main():\n    ',
    suffix: '\n    run(args)   \n',
    completion: 'check()\n    run(args)',
    languageId: 'python',
    want: 'check()',
  },
  {
    name: 'blank lines between do not hide the repeat',
    prefix: 'def main():\n    run(args)',
    suffix: '\n\n    report()\n',
    completion: '\n    log(args)\n    report()',
    languageId: 'python',
    want: '\n    log(args)',
  },
  {
    name: 'the same line deeper is no repeat',
    prefix: 'def f(x):\n    ',
    suffix: '\n    return None\n',
    completion: 'if not x:\n        return None\n    y = x * 2',
    languageId: 'python',
    want: 'if not x:\n        return None',
  },
  {
    name: 'a tab-indented file, the model indenting with spaces',
    prefix: 'func f() int {\n\t',
    suffix: '\n\treturn 1\n}',
    completion: 'x := 2\n    return 1',
    languageId: 'go',
    tabSize: 4,
    want: 'x := 2',
  },
  {
    name: "the block's } stays when the suffix does not close it",
    prefix: 'if (a) {',
    suffix: '\nfoo();',
    completion: '\n  b();\n}\nbar();',
    languageId: 'javascript',
    want: '\n  b();\n}',
  },
]);

run('close brackets and quotes only when the suffix does not', [
  { name: 'the ; the line already ends with', prefix: 'const total = ', suffix: ';', completion: 'items.length;', want: 'items.length' },
  { name: 'the ; with a space after it', prefix: 'let n = ', suffix: ';', completion: '42; ', want: '42' },
  { name: 'the rest of the line re-typed: ) {', prefix: 'if (', suffix: ') {', completion: 'user.isAdmin) {', want: 'user.isAdmin' },
  {
    name: "an f-string's braces and quotes, then the call's )",
    prefix: 'print(',
    suffix: ')',
    completion: 'f"total: {total}")',
    languageId: 'python',
    want: 'f"total: {total}"',
  },
  { name: 'a ) that closes its own ( stays', prefix: 'print(', suffix: ')', completion: 'len(items)', want: 'len(items)' },
  { name: 'the model adds ); where the suffix has )', prefix: '  console.log(', suffix: ')', completion: '"done");', want: '"done"' },
  { name: 'the model does not close: nothing to cut', prefix: 'foo(', suffix: ')', completion: 'a, b', want: 'a, b' },
  { name: 'two closers in the suffix', prefix: 'print(len(', suffix: '))', completion: 'items))', want: 'items' },
  { name: 'a ] the suffix has', prefix: 'x = arr[', suffix: ']', completion: 'i + 1]', want: 'i + 1' },
  { name: "a string's closing quote", prefix: 'name = "', suffix: '"', completion: 'Ada Lovelace"', want: 'Ada Lovelace' },
  {
    name: 'a single-quoted import path and its ;',
    prefix: "import { x } from '",
    suffix: "';",
    completion: "./utils';",
    languageId: 'typescript',
    want: './utils',
  },
  { name: 'escaped quotes inside the string', prefix: 'msg = "', suffix: '"', completion: 'say \\"hi\\""', want: 'say \\"hi\\"' },
  {
    name: 'a body between { and the } the editor closed',
    prefix: 'function f() {',
    suffix: '}',
    completion: '\n  return 1;\n}',
    languageId: 'javascript',
    want: '\n  return 1;\n',
  },
  {
    name: 'an object argument over lines, before the ); the editor closed',
    prefix: '  const server = createServer(',
    suffix: ');',
    completion: '{\n    port: 8080,\n    host: "localhost",\n  });',
    languageId: 'typescript',
    want: '{\n    port: 8080,\n    host: "localhost",\n  }',
  },
  {
    name: "Rust: a lifetime's ' is no quote",
    prefix: "    let s: &'static str = foo(",
    suffix: ');',
    completion: '"x");',
    languageId: 'rust',
    want: '"x"',
  },
  {
    name: 'Markdown: an apostrophe is no quote',
    prefix: "It's (mostly",
    suffix: ')',
    completion: ' harmless) today',
    languageId: 'markdown',
    want: ' harmless',
  },
  {
    name: 'a closer the completion closes that is not the suffix one stays',
    prefix: 'x = (a[',
    suffix: ')',
    completion: '0]',
    languageId: 'python',
    want: '0]',
  },
]);

run('the rest of the line re-typed, closers inside strings', [
  {
    name: 'a Python f-string: the }" the line already has',
    prefix: 'print(f"total: {',
    suffix: '}")',
    completion: 'total}")',
    languageId: 'python',
    want: 'total',
  },
  {
    name: 'a JavaScript template: the }` the line already has',
    prefix: 'const s = `Hello ${',
    suffix: '}`',
    completion: 'name}`',
    languageId: 'javascript',
    want: 'name',
  },
  {
    name: 'a template with the ; after it',
    prefix: 'const s = `Hello ${',
    suffix: '}`;',
    completion: 'user.name}`;',
    languageId: 'typescript',
    want: 'user.name',
  },
  {
    name: 'the rest of the line with its comment',
    prefix: 'const answer = ',
    suffix: ';  // see the spec',
    completion: '42;  // see the spec',
    languageId: 'typescript',
    want: '42',
  },
  {
    name: 'a Go struct literal re-typing the line end',
    prefix: '\tu := User{Name: ',
    suffix: '}',
    completion: '"ada", Age: 36}',
    languageId: 'go',
    want: '"ada", Age: 36',
  },
]);

run("the document's line endings", [
  {
    name: 'a CRLF Python file gets CRLF',
    prefix: 'import os\r\n\r\ndef f():',
    suffix: '\r\n',
    completion: '\n    return os.getcwd()\n',
    languageId: 'python',
    want: '\r\n    return os.getcwd()',
  },
  {
    name: 'a model answering CRLF in an LF file gives LF',
    prefix: 'def f():',
    suffix: '\n',
    completion: '\r\n    return 1\r\n',
    languageId: 'python',
    want: '\n    return 1',
  },
  {
    name: 'CRLF TypeScript with the } already there',
    prefix: 'function f() {',
    suffix: '\r\n}\r\n',
    completion: '\r\n  return 1;\r\n}',
    languageId: 'typescript',
    want: '\r\n  return 1;',
  },
  {
    name: 'CRLF between { and the } the editor closed',
    prefix: 'const a = 1;\r\nfunction f() {',
    suffix: '}',
    completion: '\n  return a;\n}',
    want: '\r\n  return a;\r\n',
  },
  {
    name: 'CRLF Go, tab-indented, re-typing the next lines',
    prefix: 'func main() {\r\n\t',
    suffix: '\r\n\tos.Exit(0)\r\n}\r\n',
    completion: 'fmt.Println("bye")\r\n\tos.Exit(0)\r\n}',
    languageId: 'go',
    want: 'fmt.Println("bye")',
  },
  {
    name: 'the eol given wins over what the text shows',
    prefix: 'x = [',
    suffix: '',
    completion: '\n  1,\n  2,\n]',
    eol: '\r\n',
    want: '\r\n  1,\r\n  2,\r\n]',
  },
]);

run('nothing to show', [
  { name: 'an empty completion', prefix: 'x = ', suffix: '', completion: '', want: undefined },
  { name: 'whitespace only', prefix: 'def f():\n    ', suffix: '', completion: '  \n\n \t', want: undefined },
  { name: 'only the ) the suffix has', prefix: 'foo(', suffix: ')', completion: ')', want: undefined },
  { name: 'only the ; the suffix has', prefix: 'x = 1', suffix: ';', completion: ';', want: undefined },
  {
    name: 'an empty fence from a chat model',
    prefix: 'x = ',
    suffix: '',
    completion: '```python\n```',
    languageId: 'python',
    want: undefined,
  },
]);
