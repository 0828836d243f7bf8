import { SaxesParser } from 'saxes';

/** A parsed XML element: enough to compare feeds by meaning, not by bytes. */
export interface XmlElement {
  /** Namespace URI + local name, e.g. `http://www.w3.org/2005/Atom entry`; no namespace: just the name. */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA content directly inside, concatenated. */
  text: string;
}

/** Parses strictly (namespace-aware); throws on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      const key = attr.uri && attr.prefix !== 'xmlns' ? `${attr.uri} ${attr.local}` : attr.name;
      attributes[key] = attr.value;
    }
    const element: XmlElement = {
      name: tag.uri ? `${tag.uri} ${tag.local}` : tag.local,
      attributes,
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    stack.push(element);
    root ??= element;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (text: string) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
} as const;

/** Children named `name` (`local` or `uri local`). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The first child named `name`; throws when there is none, naming what was looked for. */
export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${element.name}> has no <${name}>`);
  return found;
}
