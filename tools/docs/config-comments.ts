import ts from 'typescript';

/**
 * The JSDoc comment above each key of `configSchema`, read from the source
 * with the TypeScript compiler: descriptions stay next to the keys developers
 * edit, and docs/configuration.md is generated from them. A key without a
 * comment maps to ''. Keys are in source order.
 */
export function configKeyComments(sourceText: string, fileName = 'config.ts'): Map<string, string> {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const shape = schemaShapeLiteral(source);
  const comments = new Map<string, string>();
  for (const property of shape.properties) {
    // A spread or a shorthand key would hide its keys or its comment from the table.
    if (!ts.isPropertyAssignment(property)) throw new Error(`${fileName}: configSchema may only hold plain keys, found: ${property.getText(source)}`);
    comments.set(keyName(property.name, source), jsDocText(property));
  }
  return comments;
}

/** The object literal given to `z.object(…)` in `export const configSchema = …`. */
function schemaShapeLiteral(source: ts.SourceFile): ts.ObjectLiteralExpression {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText(source) !== 'configSchema' || !declaration.initializer) continue;
      const literal = objectCallArgument(declaration.initializer);
      if (literal) return literal;
    }
  }
  throw new Error(`${source.fileName}: no \`configSchema = z.object({ … })\` found`);
}

/** Depth-first: the first `….object({ … })` call's literal, so `.strict()` or other chained calls still work. */
function objectCallArgument(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'object') {
    const [first] = node.arguments;
    if (first && ts.isObjectLiteralExpression(first)) return first;
  }
  return ts.forEachChild(node, objectCallArgument);
}

function keyName(name: ts.PropertyName, source: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`${source.fileName}: configSchema key ${name.getText(source)} is computed; use a plain name`);
}

/** The closest JSDoc block above the key, on one line. */
function jsDocText(property: ts.PropertyAssignment): string {
  const blocks = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc);
  const closest = blocks.at(-1);
  return (ts.getTextOfJSDocComment(closest?.comment) ?? '').replace(/\s*\n\s*/g, ' ').trim();
}
