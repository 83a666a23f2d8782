/** The little XML the solution files need: escaping text, and a well-formedness check for what we wrote. */

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const TOKEN =
  /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*"[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos);)/g;

/** Why a document is not well-formed XML (unbalanced or stray markup, bare `&`), or undefined when it is. */
export function xmlProblem(text: string): string | undefined {
  const open: string[] = [];
  let roots = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [token, closing, name, , selfClosing] = match;
    if (token.startsWith('<?') || token.startsWith('<!--')) continue;
    if (name === undefined) return `stray "${token}" at offset ${match.index}`;
    if (closing) {
      const expected = open.pop();
      if (expected !== name) return `</${name}> closes <${expected ?? 'nothing'}>`;
    } else {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name);
    }
  }
  if (open.length > 0) return `<${open[open.length - 1]}> is never closed`;
  return roots === 1 ? undefined : `${roots} root elements (one expected)`;
}

/** The text of every `<name>…</name>` element (no nesting), in document order. */
export function elementTexts(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
}

/** The attributes of every `<name …>` start tag, in document order. */
export function elementAttributes(text: string, name: string): Record<string, string>[] {
  return [...text.matchAll(new RegExp(`<${name}((?:\\s+[\\w.:-]+\\s*=\\s*"[^"]*")*)\\s*/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([\w.:-]+)\s*=\s*"([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
}
