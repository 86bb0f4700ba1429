// Case Markdown, rendered safely: GFM (tables, lists, strikethrough) without
// any raw HTML — an HTML tag in a case is shown as the text it is, never
// parsed — and links and images limited to the case's own files (by bare
// name), http(s) and mailto. Loaded only where a case is shown (its own chunk).
import Markdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

type MdNode = { type: string; value?: string; children?: MdNode[] };

const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/** A remark plugin: every raw HTML node becomes plain text. */
export function htmlAsText() {
  const walk = (node: MdNode) => {
    const kids = node.children;
    if (!kids) return;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.type === 'html') {
        const text: MdNode = { type: 'text', value: k.value ?? '' };
        kids[i] = FLOW_PARENTS.has(node.type) ? { type: 'paragraph', children: [text] } : text;
      } else {
        walk(k);
      }
    }
  };
  return (tree: MdNode) => walk(tree);
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Resolves a link or image target: a case file by name, or a safe URL, or nothing. */
export function caseUrl(url: string, fileURL: (name: string) => string | undefined): string {
  if (FILE_NAME.test(url) && url.includes('.')) return fileURL(url) ?? '';
  const safe = defaultUrlTransform(url);
  if (!safe) return '';
  // Absolute links only to the web or mail; anything relative that is not a
  // case file goes nowhere (a case never links into the app).
  if (/^(https?:|mailto:)/i.test(safe)) return safe;
  if (safe.startsWith('#')) return safe;
  return '';
}

export function CaseMarkdown({ text, fileURL }: { text: string; fileURL: (name: string) => string | undefined }) {
  if (!text) return null;
  return (
    <div className="cs-md">
      <Markdown
        remarkPlugins={[remarkGfm, htmlAsText]}
        urlTransform={(url) => caseUrl(url, fileURL)}
        components={{
          a: ({ node: _node, href, children, ...rest }) =>
            href ? (
              <a {...rest} href={href} target={href.startsWith('#') ? undefined : '_blank'} rel="noopener noreferrer">
                {children}
              </a>
            ) : (
              <span>{children}</span>
            ),
          img: ({ node: _node, src, alt }) => (src ? <img src={String(src)} alt={alt ?? ''} loading="lazy" /> : null),
          table: ({ node: _node, children }) => (
            <div className="cs-table-wrap">
              <table>{children}</table>
            </div>
          ),
        }}
      >
        {text}
      </Markdown>
    </div>
  );
}

export default CaseMarkdown;
