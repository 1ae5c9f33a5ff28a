// python-reader.js: a small reader for the Python that Keras snippets are
// written in (the Keras reader's first half, keras-import.js the second):
// text made plain (every Unicode space and line break as the reader expects),
// tokens with their line numbers, expressions parsed into nodes (calls, names,
// numbers, strings, lists, tuples, attributes, arithmetic) with limits on
// nesting and size, and the statements of a snippet. It knows nothing of
// Keras. No DOM.

// --- a small reader for the Python expressions such snippets use ----------------

const TOKEN = /(?:[ \t\r\f]|\\\r?\n)*(?:(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|[rbf]?"(?:[^"\\\n]|\\.)*"|[rbf]?'(?:[^'\\\n]|\\.)*')|(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][\w]*)|(\*\*|==|!=|<=|>=|:=|[-+*/%()[\]{},.:=<>@])|(\n)|(\S))/y;

// Text as the reader sees it: line breaks of every kind (\r\n, \r, U+2028,
// U+2029, U+0085) as \n; every other Unicode space (no-break space, a
// byte-order mark, vertical tab, form feed, tab) as a plain space; zero-width
// characters dropped. Code copied from a web page carries all of these.
export function plainText(text) {
  return String(text).replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/[^\S\n]/g, ' ').replace(/[\u200b-\u200d\u2060]/g, '');
}

// Tokens with their line numbers; newlines inside brackets are dropped, as Python does.
function tokenize(text) {
  const out = [];
  let line = 1;
  let depth = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at0 = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || m[0].length === 0) { // cannot happen on plainText's output; a character is never skipped unsaid
      out.push({ t: 'other', v: text[at0], line });
      TOKEN.lastIndex = at0 + 1;
      continue;
    }
    const [, comment, str, num, name, op, nl, other] = m;
    const at = line;
    if (m[0].length > 1 && m[0].includes('\n')) line += m[0].split('\n').length - 1;
    else if (nl) line++;
    if (comment) continue;
    if (nl) { if (depth === 0) out.push({ t: 'nl', line: at }); continue; }
    if (str !== undefined) {
      const body = str.replace(/^[rbf]?("""|'''|"|')/, '').replace(/("""|'''|"|')$/, '');
      out.push({ t: 'str', v: /^r/.test(str) ? body : unescape(body), line: at, long: str.length > 3 && /^("""|''')/.test(str), f: /^f/.test(str) });
    } else if (num !== undefined) out.push({ t: 'num', v: Number(num), line: at });
    else if (name !== undefined) out.push({ t: 'name', v: name, line: at });
    else if (op !== undefined) {
      if ('([{'.includes(op)) depth++;
      if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
      out.push({ t: 'op', v: op, line: at });
    } else if (other) out.push({ t: 'other', v: other, line: at });
  }
  out.push({ t: 'nl', line });
  return out;
}

// A Python string's escapes: \\, \', \", \n, \t, \r, \xhh, \uhhhh, \Uhhhhhhhh.
const ESCAPES = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', '\n': '' };
function unescape(body) {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (m, e) => {
    if (e.length > 1) {
      const c = parseInt(e.slice(1), 16);
      return c <= 0x10ffff ? String.fromCodePoint(c) : m;
    }
    return ESCAPES[e] ?? m;
  });
}

// Deeper expressions are refused with a reason, not read: nothing a Keras
// snippet says needs more, and the reader's recursion stays bounded.
export const MAX_NESTING = 64;
export const MAX_TERMS = 1000;
// A snippet longer than this is refused whole, at once: a model and its
// training fit in far fewer lines, and reading stays within a frame or two.
export const MAX_LINES = 3000;
export const MAX_CHARS = 200000;

export const tooLong = (size) => `the code is ${size}; the reader takes snippets of up to ${MAX_LINES} lines and ` +
  `${MAX_CHARS / 1000}k characters: paste the part that builds, compiles and fits the model`;

/** A snippet refused whole (too long to read); its message says why. */
export class SnippetError extends Error {}

// An expression too deep or too long to read.
export class DepthError extends SyntaxError {}

export class Parser {
  constructor(tokens) { this.k = tokens; this.i = 0; this.depth = 0; }
  peek(v) { const t = this.k[this.i]; return v === undefined ? t : t && (t.v === v && (t.t === 'op' || t.t === 'name')); }
  next() { return this.k[this.i++]; }
  expect(v) {
    if (!this.peek(v)) throw new SyntaxError(`expected '${v}'`);
    return this.next();
  }

  // expr: a sum of products of unary terms (enough for "np.random.rand(n, d) * 100").
  expr() {
    if (++this.depth > MAX_NESTING) throw new DepthError(`it nests deeper than ${MAX_NESTING} levels`);
    let left = this.term();
    for (let terms = 1; this.peek('+') || this.peek('-'); terms++) {
      if (terms >= MAX_TERMS) throw new DepthError(`it adds more than ${MAX_TERMS} terms`);
      const op = this.next().v;
      left = { t: 'bin', op, a: left, b: this.term(), line: left.line };
    }
    this.depth--;
    return left;
  }

  term() {
    let left = this.unary();
    for (let terms = 1; this.peek('*') || this.peek('/'); terms++) {
      if (terms >= MAX_TERMS) throw new DepthError(`it multiplies more than ${MAX_TERMS} factors`);
      const op = this.next().v;
      left = { t: 'bin', op, a: left, b: this.unary(), line: left.line };
    }
    return left;
  }

  unary() {
    if (this.peek('-')) {
      const line = this.next().line;
      if (++this.depth > MAX_NESTING) throw new DepthError(`it nests deeper than ${MAX_NESTING} levels`);
      const a = this.unary();
      this.depth--;
      return { t: 'neg', a, line };
    }
    return this.postfix();
  }

  postfix() {
    let node = this.atom();
    for (let links = 0; ; links++) {
      if (links > MAX_TERMS) throw new DepthError(`it chains more than ${MAX_TERMS} calls`);
      if (this.peek('.')) {
        this.next();
        const name = this.next();
        if (name.t !== 'name') throw new SyntaxError('expected a name');
        node = { t: 'attr', of: node, name: name.v, line: node.line, dotted: node.dotted !== undefined ? `${node.dotted}.${name.v}` : undefined };
      } else if (this.peek('(')) {
        node = { t: 'call', fn: node, ...this.args(')'), line: node.line };
      } else if (this.peek('[')) {
        this.next();
        const index = this.expr();
        this.expect(']');
        node = { t: 'index', of: node, index, line: node.line };
      } else return node;
    }
  }

  // (a, b=c, ...) or [a, b]: positional and keyword arguments, each item's line kept.
  args(close) {
    this.next();
    const pos = [];
    const kw = {};
    while (!this.peek(close)) {
      const t = this.peek();
      if (t.t === 'name' && this.k[this.i + 1]?.v === '=' && this.k[this.i + 1].t === 'op') {
        this.i += 2;
        kw[t.v] = this.expr();
      } else pos.push(this.expr());
      if (!this.peek(',')) break;
      this.next();
    }
    this.expect(close);
    return { pos, kw };
  }

  atom() {
    const t = this.next();
    if (!t || t.t === 'nl') throw new SyntaxError('the line ends early');
    if (t.t === 'num') return { t: 'num', v: t.v, line: t.line };
    if (t.t === 'str') return { t: 'str', v: t.v, line: t.line, long: t.long, f: t.f };
    if (t.t === 'name') {
      if (t.v === 'True' || t.v === 'False') return { t: 'num', v: t.v === 'True' ? 1 : 0, line: t.line };
      if (t.v === 'None') return { t: 'none', line: t.line };
      return { t: 'name', v: t.v, line: t.line, dotted: t.v };
    }
    if (t.v === '(') { // (a) is a, (a,) and (a, b) are tuples
      const items = [];
      let comma = false;
      while (!this.peek(')')) {
        items.push(this.expr());
        if (!this.peek(',')) break;
        this.next();
        comma = true;
      }
      this.expect(')');
      return items.length === 1 && !comma ? items[0] : { t: 'tuple', items, line: t.line };
    }
    if (t.v === '[') {
      this.i--;
      return { t: 'list', items: this.args(']').pos, line: t.line };
    }
    if (t.v === '{') { // a dict literal: skipped as a whole
      let depth = 1;
      while (depth && this.i < this.k.length) { const v = this.next().v; if (v === '{') depth++; if (v === '}') depth--; }
      return { t: 'dict', line: t.line };
    }
    throw new SyntaxError(`unexpected '${t.v}'`);
  }
}

// Statements: [{ line, lines: [first, last], tokens }], split at newlines outside brackets.
export function statements(text) {
  const out = [];
  let cur = [];
  for (const tok of tokenize(text)) {
    if (tok.t === 'nl') {
      if (cur.length) out.push({ line: cur[0].line, last: tok.line, tokens: cur });
      cur = [];
    } else cur.push(tok);
  }
  return out;
}
