// Safe arithmetic for the Calculator: the expression is parsed by jsep into a tree and only
// numbers, + - * / ** and signs are evaluated; names, calls, members and every other operator
// are refused. Nothing is ever evaluated as code. Messages follow Langflow's CalculatorComponent.
import jsepModule from 'jsep';

const jsep = (jsepModule as unknown as { default?: typeof jsepModule }).default ?? jsepModule;
// Registering Python's power operator is idempotent configuration of the parser, done once at load.
jsep.addBinaryOp('**', 11, true);

const BINARY: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => {
    if (b === 0) throw new DivisionByZero();
    return a / b;
  },
  '**': (a, b) => a ** b,
};
// Python's names for the operators Langflow refuses, so the messages match.
const PYTHON_NAMES: Record<string, string> = {
  '%': 'Mod', '^': 'BitXor', '&': 'BitAnd', '|': 'BitOr', '<<': 'LShift', '>>': 'RShift', '//': 'FloorDiv',
};
const MAX_NODES = 1000;

class DivisionByZero extends Error {}
class Unsupported extends Error {}

interface Node {
  type: string;
  operator?: string;
  value?: unknown;
  left?: Node;
  right?: Node;
  argument?: Node;
}

/** `{result}` as Langflow formats it (6 decimals, trailing zeros dropped), or `{error, input}`. */
export function evaluateExpression(expression: string): Record<string, string> {
  try {
    const tree = jsep(expression) as Node;
    const counter = { nodes: 0 };
    const result = evaluate(tree, counter);
    if (!Number.isFinite(result)) throw new Unsupported('(34, \'Numerical result out of range\')');
    return { result: formatResult(result) };
  } catch (error) {
    if (error instanceof DivisionByZero) return { error: 'Error: Division by zero', input: expression };
    const message = error instanceof Error ? error.message : String(error);
    return { error: `Invalid expression: ${message}`, input: expression };
  }
}

function evaluate(node: Node, counter: { nodes: number }): number {
  if (++counter.nodes > MAX_NODES) throw new Unsupported('expression too long');
  switch (node.type) {
    case 'Literal':
      if (typeof node.value !== 'number') throw new Unsupported(`Unsupported constant type: ${typeof node.value === 'string' ? 'str' : typeof node.value}`);
      return node.value;
    case 'BinaryExpression': {
      const apply = BINARY[node.operator!];
      if (!apply) throw new Unsupported(`Unsupported binary operator: ${PYTHON_NAMES[node.operator!] ?? node.operator}`);
      return apply(evaluate(node.left!, counter), evaluate(node.right!, counter));
    }
    case 'UnaryExpression':
      if (node.operator === '-') return -evaluate(node.argument!, counter);
      if (node.operator === '+') return evaluate(node.argument!, counter);
      throw new Unsupported(`Unsupported operation or expression type: UnaryOp ${node.operator}`);
    case 'CallExpression':
      throw new Unsupported('Function calls like sqrt(), sin(), cos() etc. are not supported. Only basic arithmetic operations (+, -, *, /, **) are allowed.');
    default:
      throw new Unsupported(`Unsupported operation or expression type: ${node.type}`);
  }
}

/** Python's `f"{x:.6f}".rstrip("0").rstrip(".")`. */
export function formatResult(value: number): string {
  const fixed = Math.abs(value) < 1e21 ? value.toFixed(6) : value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 6 });
  const text = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return text === '-0' ? '0' : text;
}
