// Temporal's visibility query language (an SQL WHERE clause) parsed into a small AST.
import { invalidArgument } from '../grpc/errors.js';

export type Literal = string | number | boolean;

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'in'; field: string; values: Literal[]; negated: boolean }
  | { kind: 'between'; field: string; low: Literal; high: Literal; negated: boolean }
  | { kind: 'startsWith'; field: string; prefix: string; negated: boolean }
  | { kind: 'isNull'; field: string; negated: boolean };

export interface ParsedQuery {
  where: Expr | null;
  orderBy: { field: string; desc: boolean }[];
  groupBy: string[];
}

type Token = { type: 'ident' | 'string' | 'number' | 'op' | 'punct'; text: string; pos: number };

const fail = (msg: string): Error => invalidArgument(`invalid query: ${msg}`);

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i;
    if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < q.length && q[i] !== c) {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        s += q[i++];
      }
      if (i >= q.length) throw fail(`malformed SQL query: syntax error at position ${pos + 1} near '${q.slice(pos)}'`);
      i++;
      out.push({ type: 'string', text: s, pos });
    } else if (c === '`') {
      const end = q.indexOf('`', i + 1);
      if (end < 0) throw fail(`malformed SQL query: syntax error at position ${pos + 1}`);
      out.push({ type: 'ident', text: q.slice(i + 1, end), pos });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(q[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < q.length && /[0-9.eE+-]/.test(q[j]!) && !(q[j] === '-' && !/[eE]/.test(q[j - 1]!))) j++;
      out.push({ type: 'number', text: q.slice(i, j), pos });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < q.length && /[A-Za-z0-9_.]/.test(q[j]!)) j++;
      out.push({ type: 'ident', text: q.slice(i, j), pos });
      i = j;
    } else if ('<>!='.includes(c)) {
      const two = q.slice(i, i + 2);
      const op = ['<=', '>=', '!=', '<>'].includes(two) ? two : c;
      if (op === '!') throw fail(`malformed SQL query: syntax error at position ${pos + 1} near '!'`);
      out.push({ type: 'op', text: op === '<>' ? '!=' : op, pos });
      i += op.length;
    } else if ('(),'.includes(c)) {
      out.push({ type: 'punct', text: c, pos });
      i++;
    } else {
      throw fail(`malformed SQL query: syntax error at position ${pos + 1} near '${c}'`);
    }
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly source: string) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private keyword(word: string): boolean {
    const t = this.peek();
    if (t?.type === 'ident' && t.text.toUpperCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(text: string): void {
    const t = this.peek();
    if (!t || t.text !== text) this.syntax(t);
    this.i++;
  }
  private syntax(t: Token | undefined): never {
    const pos = t ? t.pos + 1 : this.source.length + 1;
    throw fail(`malformed SQL query: syntax error at position ${pos}${t ? ` near '${t.text}'` : ''}`);
  }

  parse(): ParsedQuery {
    let where: Expr | null = null;
    const next = this.peek();
    const startsWithClause = next?.type === 'ident' && ['ORDER', 'GROUP'].includes(next.text.toUpperCase());
    if (next && !startsWithClause) where = this.or();
    const groupBy: string[] = [];
    const orderBy: { field: string; desc: boolean }[] = [];
    while (this.peek()) {
      if (this.keyword('GROUP')) {
        if (!this.keyword('BY')) this.syntax(this.peek());
        do groupBy.push(this.ident());
        while (this.comma());
      } else if (this.keyword('ORDER')) {
        if (!this.keyword('BY')) this.syntax(this.peek());
        do {
          const field = this.ident();
          const desc = this.keyword('DESC');
          if (!desc) this.keyword('ASC');
          orderBy.push({ field, desc });
        } while (this.comma());
      } else if (this.peek()?.type === 'ident' && this.peek()!.text.toUpperCase() === 'LIMIT') {
        throw fail("operation is not supported: 'LIMIT' clause");
      } else this.syntax(this.peek());
    }
    return { where, orderBy, groupBy };
  }

  private comma(): boolean {
    if (this.peek()?.text === ',') {
      this.i++;
      return true;
    }
    return false;
  }

  private ident(): string {
    const t = this.peek();
    if (t?.type !== 'ident') this.syntax(t);
    this.i++;
    return t.text;
  }

  private or(): Expr {
    let left = this.and();
    while (this.keyword('OR')) left = { kind: 'or', left, right: this.and() };
    return left;
  }
  private and(): Expr {
    let left = this.not();
    while (this.keyword('AND')) left = { kind: 'and', left, right: this.not() };
    return left;
  }
  private not(): Expr {
    if (this.keyword('NOT')) return { kind: 'not', expr: this.not() };
    if (this.peek()?.text === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    return this.predicate();
  }

  private literal(): Literal {
    const t = this.peek();
    if (!t) this.syntax(t);
    this.i++;
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'ident') {
      const u = t.text.toLowerCase();
      if (u === 'true' || u === 'false') return u === 'true';
      throw fail(`operation is not supported: column name on the right side of comparison expression (did you forget to quote '${t.text}'?)`);
    }
    this.syntax(t);
  }

  private predicate(): Expr {
    const field = this.ident();
    const t = this.peek();
    if (t?.type === 'op') {
      this.i++;
      return { kind: 'compare', field, op: t.text as '=', value: this.literal() };
    }
    const negated = this.keyword('NOT');
    if (this.keyword('IN')) {
      this.expect('(');
      const values: Literal[] = [this.literal()];
      while (this.comma()) values.push(this.literal());
      this.expect(')');
      return { kind: 'in', field, values, negated };
    }
    if (this.keyword('BETWEEN')) {
      const low = this.literal();
      if (!this.keyword('AND')) this.syntax(this.peek());
      return { kind: 'between', field, low, high: this.literal(), negated };
    }
    if (this.keyword('STARTS_WITH')) {
      const prefix = this.literal();
      if (typeof prefix !== 'string') throw fail('invalid expression: STARTS_WITH needs a string');
      return { kind: 'startsWith', field, prefix, negated };
    }
    if (!negated && this.keyword('IS')) {
      const isNot = this.keyword('NOT');
      if (!this.keyword('NULL')) this.syntax(this.peek());
      return { kind: 'isNull', field, negated: isNot };
    }
    if (t?.type === 'ident') throw fail(`invalid expression: invalid operator '${t.text.toLowerCase()}' in \`${this.source}\``);
    this.syntax(t);
  }
}

export function parseQuery(query: string): ParsedQuery {
  const q = query.trim();
  if (!q) return { where: null, orderBy: [], groupBy: [] };
  return new Parser(tokenize(q), q).parse();
}
