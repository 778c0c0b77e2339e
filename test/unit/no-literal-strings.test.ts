/**
 * No renderer component shows a literal user-facing string: every text comes from the catalogs
 * (renderer/src/i18n). The scan parses each renderer source with TypeScript and flags words
 * (any letter) in JSX text, in string literals a JSX child or a user-facing attribute shows
 * (aria-label, title, placeholder, alt, label), in the grids' user-facing options (headerName,
 * headerTooltip, overlayNoRowsTemplate), in DOM text and titles the cell renderers set, and in
 * confirm/alert prompts. Calls are not descended into: `t('key')` names a message, not a text.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve('renderer/src');
/** The catalogs themselves hold the words. */
const CATALOG_DIR = path.join(ROOT, 'i18n');
const ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description']);
const OPTIONS = new Set(['headerName', 'headerTooltip', 'overlayNoRowsTemplate', 'overlayLoadingTemplate']);
const DOM_PROPS = new Set(['textContent', 'title', 'innerText', 'ariaLabel']);
const WORD = /\p{L}/u;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return p === CATALOG_DIR ? [] : files(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** String literal parts with a letter in an expression, not looking inside calls. */
function literalsIn(node: ts.Node, out: ts.Node[]): void {
  if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) return;
  // Keys and indices are not shown: obj['x'], x === 'open'.
  if (ts.isElementAccessExpression(node)) return literalsIn(node.expression, out);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken) {
    if (node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      literalsIn(node.left, out);
      literalsIn(node.right, out);
    }
    return;
  }
  if (ts.isConditionalExpression(node)) {
    literalsIn(node.whenTrue, out);
    literalsIn(node.whenFalse, out);
    return;
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (WORD.test(node.text)) out.push(node);
    return;
  }
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    if (parts.some((p) => WORD.test(p))) out.push(node);
    for (const s of node.templateSpans) literalsIn(s.expression, out);
    return;
  }
  if (ts.isJsxElement(node) || ts.isJsxFragment(node) || ts.isJsxSelfClosingElement(node)) return; // scanned on its own
  ts.forEachChild(node, (c) => literalsIn(c, out));
}

function nameOf(n: ts.PropertyName | ts.JsxAttributeName): string {
  return ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : n.getText();
}

/** Every literal user-facing string in one source text: "line: text". */
export function literalStrings(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && WORD.test(node.text)) found.push(node);
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      ts.isJsxElement(node.parent) &&
      node.parent.children.includes(node)
    )
      literalsIn(node.expression, found);
    if (ts.isJsxExpression(node) && node.expression && ts.isJsxFragment(node.parent))
      literalsIn(node.expression, found);
    if (ts.isJsxAttribute(node) && ATTRIBUTES.has(nameOf(node.name)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) {
        if (WORD.test(node.initializer.text)) found.push(node.initializer);
      } else if (ts.isJsxExpression(node.initializer) && node.initializer.expression)
        literalsIn(node.initializer.expression, found);
    }
    if (ts.isPropertyAssignment(node) && OPTIONS.has(nameOf(node.name))) literalsIn(node.initializer, found);
    if (ts.isJsxAttribute(node) && OPTIONS.has(nameOf(node.name)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) {
        if (WORD.test(node.initializer.text)) found.push(node.initializer);
      } else if (ts.isJsxExpression(node.initializer) && node.initializer.expression)
        literalsIn(node.initializer.expression, found);
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      DOM_PROPS.has(node.left.name.text)
    )
      literalsIn(node.right, found);
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText();
      if (/^(window\.)?(confirm|alert|prompt)$/.test(callee))
        for (const a of node.arguments) literalsIn(a, found);
      const [attr, value] = node.arguments;
      if (
        /\.setAttribute$/.test(callee) &&
        attr &&
        ts.isStringLiteral(attr) &&
        ATTRIBUTES.has(attr.text) &&
        value
      )
        literalsIn(value, found);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found.map((n) => {
    const { line } = sf.getLineAndCharacterOfPosition(n.getStart());
    return `${line + 1}: ${n.getText().trim().slice(0, 80)}`;
  });
}

describe('renderer strings', () => {
  it('finds the kinds of literal text it guards against', () => {
    const src = `
      const cols = [{ headerName: 'Priority', headerTooltip: \`Next \${x}\` }];
      function A() {
        el.title = 'Estimated';
        el.setAttribute('aria-hidden', 'true');
        el.setAttribute('aria-label', 'Close');
        if (window.confirm('Delete it?')) go();
        return (
          <div aria-label="Main" title={ok ? 'Yes' : t('no')}>
            Hello
            {busy ? 'Opening…' : t('open')}
            <input placeholder={\`Search \${n}\`} />
            {t('fine')} {x === 'open' ? t('a') : t('b')} {'×'} {\`\${a} · \${b}\`}
          </div>
        );
      }`;
    const hits = literalStrings('x.tsx', src).map((h) => h.replace(/^\d+: /, ''));
    expect(hits).toEqual([
      "'Priority'",
      '`Next ${x}`',
      "'Estimated'",
      "'Close'",
      "'Delete it?'",
      '"Main"',
      "'Yes'",
      'Hello',
      "'Opening…'",
      '`Search ${n}`',
    ]);
  });

  it('no renderer source shows a literal user-facing string', () => {
    const all = files(ROOT);
    expect(all.length).toBeGreaterThan(20);
    const found = all.flatMap((f) =>
      literalStrings(f, fs.readFileSync(f, 'utf8')).map((h) => `${path.relative(ROOT, f)}:${h}`),
    );
    expect(found).toEqual([]);
  });
});
