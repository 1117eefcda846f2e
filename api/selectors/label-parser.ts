// The `?labelSelector=` grammar, token for token as k8s.io/apimachinery/pkg/labels parses it, so that a bad
// selector gets the same 400 message kube-apiserver sends (kubectl prints it verbatim):
//
//   selector    ::= requirement | requirement "," selector
//   requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
//
// Whitespace (space, tab, CR, LF) separates tokens; "in"/"notin" are keywords only where an operator may stand.
import { BadRequestError, StatusError } from '../errors/status-error.js';
import { goQuote } from '../validation/go-format.js';
import { invalid } from './field-error.js';
import {
  KUBERNETES_LABEL_SYNTAX, newRequirement, Selector, type LabelOperator, type LabelRequirement, type LabelSyntax,
} from './label-selector.js';

type Token =
  | 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Item { tok: Token; lit: string }

const LITERALS: Record<string, Token> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';
const literal = (s: string): Token | undefined => (Object.prototype.hasOwnProperty.call(LITERALS, s) ? LITERALS[s] : undefined);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (isSpecial(s[pos])) {
      // Longest run of symbol characters that still spells an operator ("!=" but "=!" is "=", "!").
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buffer += s[pos];
        const tok = literal(buffer);
        if (tok !== undefined) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) buffer += s[pos++];
      items.push({ tok: literal(buffer) ?? 'identifier', lit: buffer });
    }
  }
}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[], private readonly syntax: LabelSyntax) {}

  /** In value position "in" and "notin" are plain words: `x in (in)` is legal. */
  private lookahead(values: boolean): Item {
    return this.asContext(this.items[this.position], values);
  }

  private consume(values: boolean): Item {
    return this.asContext(this.items[this.position++], values);
  }

  private asContext(item: Item, values: boolean): Item {
    return values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'identifier', lit: item.lit } : item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'end') return requirements;
      if (tok !== 'identifier' && tok !== '!') fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.parseRequirement());
      } catch (err) {
        fail(`unable to parse requirement: ${err instanceof Error ? err.message : String(err)}`);
      }
      const next = this.consume(true);
      if (next.tok === 'end') return requirements;
      if (next.tok !== ',') fail(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== 'identifier' && after.tok !== '!') fail(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): LabelRequirement {
    let inferred: LabelOperator | undefined;
    let item = this.consume(true);
    if (item.tok === '!') {
      inferred = '!';
      item = this.consume(true);
    }
    if (item.tok !== 'identifier') throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyProblems = this.syntax.keyErrors(key);
    // Upstream validates the key here against a nil field path, hence "<nil>".
    if (keyProblems.length > 0) throw new Error(invalid('<nil>', goQuote(key), keyProblems.join('; ')));
    const next = this.lookahead(true).tok;
    if ((next === 'end' || next === ',') && inferred === undefined) inferred = 'exists';
    if (inferred !== undefined) return newRequirement(key, inferred, [], this.syntax);

    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...values].sort(), this.syntax);
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'in': return 'in';
      case '=': return '=';
      case '==': return '==';
      case '>': return 'gt';
      case '<': return 'lt';
      case 'notin': return 'notin';
      case '!=': return '!=';
      default: throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === ')') {
      this.consume(true);
      return new Set(['']);
    }
    if (tok !== 'identifier' && tok !== ',') throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.consume(true).tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
    return values;
  }

  /** A comma-separated list in which empty entries are the empty string: "(,a)" is {"", "a"}. */
  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'identifier') {
        values.add(lit);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return values;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== ',') throw new Error(`found '${lit}', expected: ',', or identifier`);
      if (values.size === 0) values.add('');
      const next = this.lookahead(true).tok;
      if (next === ')') {
        values.add('');
        return values;
      }
      if (next === ',') values.add('');
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === 'end' || next === ',') return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === 'identifier') return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

function fail(message: string): never {
  throw new BadRequestError(message);
}

/**
 * Parses a label selector string ("app=web,tier!=db,env in (a,b),!legacy"). An empty string selects everything.
 * Keys and values are checked with `syntax` (Kubernetes' label rules by default). Throws BadRequestError carrying
 * kube-apiserver's message for malformed input.
 */
export function parseLabelSelector(text: string, syntax = KUBERNETES_LABEL_SYNTAX): Selector {
  try {
    return Selector.of(new Parser(lex(text), syntax).parse());
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw new BadRequestError(err instanceof Error ? err.message : String(err));
  }
}
